import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { etag, versionFromIfMatch } from './if-match.ts';
import {
  CreateNoteBody,
  IfMatchHeaders,
  Note,
  NoteListQuery,
  NotePage,
  UpdateNoteBody,
  UploadedAttachment,
} from './notes.schemas.ts';
import {
  createNote,
  deleteNote,
  getNote,
  listNotes,
  pinNote,
  unpinNote,
  updateNote,
  uploadNoteAttachment,
} from './notes.service.ts';

const tags = ['Notes'];

export const notesRoutes: RoutePlugin = async (app) => {
  app.get(
    '/contacts/:id/notes',
    {
      schema: {
        tags,
        summary: 'A contact’s notes: pinned first, then newest; q searches title and text',
        params: IdParams,
        querystring: NoteListQuery,
        response: { 200: NotePage, ...errors(404) },
      },
    },
    async (req) => listNotes({ ctx: req.ctx, contactId: req.params.id, ...req.query }),
  );

  app.post(
    '/contacts/:id/notes',
    {
      schema: {
        tags,
        summary: 'Write a note; mentioned users are notified',
        params: IdParams,
        body: CreateNoteBody,
        response: { 201: Note, ...errors(404, 409) },
      },
    },
    async (req, reply) => {
      const note = await createNote({ ctx: req.ctx, contactId: req.params.id, input: req.body });
      return reply.status(201).header('etag', etag(note.version)).send(note);
    },
  );

  app.post(
    '/contacts/:id/notes/attachments',
    {
      schema: {
        tags,
        summary: 'Upload a file to attach to a note (multipart field "file"); reference its fileId in the note',
        description:
          'Documents (PDF, Office, OpenDocument, RTF), images (PNG, JPEG, GIF, WebP), plain text, CSV, Markdown and ZIP, up to UPLOAD_MAX_BYTES. HTML, SVG and executables are refused with 415.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: UploadedAttachment, ...errors(404, 409) },
      },
    },
    async (req, reply) => {
      const uploaded = await uploadNoteAttachment({ ctx: req.ctx, contactId: req.params.id, part: await req.file() });
      return reply.status(201).send(uploaded);
    },
  );

  app.get(
    '/notes/:id',
    { schema: { tags, summary: 'One note', params: IdParams, response: { 200: Note, ...errors(404) } } },
    async (req, reply) => {
      const note = await getNote({ ctx: req.ctx, noteId: req.params.id });
      return reply.header('etag', etag(note.version)).send(note);
    },
  );

  app.patch(
    '/notes/:id',
    {
      schema: {
        tags,
        summary: 'Edit a note (send If-Match with its version to refuse a stale edit)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateNoteBody,
        response: { 200: Note, ...errors(404, 409) },
      },
    },
    async (req, reply) => {
      const note = await updateNote({
        ctx: req.ctx,
        noteId: req.params.id,
        input: req.body,
        expectedVersion: versionFromIfMatch(req.headers['if-match']),
      });
      return reply.header('etag', etag(note.version)).send(note);
    },
  );

  app.delete(
    '/notes/:id',
    {
      schema: {
        tags,
        summary: 'Delete a note (journaled)',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: z.undefined(), ...errors(404, 409) },
      },
    },
    async (req, reply) => {
      await deleteNote({
        ctx: req.ctx,
        noteId: req.params.id,
        expectedVersion: versionFromIfMatch(req.headers['if-match']),
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/notes/:id/pin',
    {
      schema: {
        tags,
        summary: 'Pin a note to the top; at most two per contact (a third → 409 pin_limit)',
        params: IdParams,
        response: { 200: Note, ...errors(404, 409) },
      },
    },
    async (req) => pinNote({ ctx: req.ctx, noteId: req.params.id }),
  );

  app.post(
    '/notes/:id/unpin',
    {
      schema: { tags, summary: 'Unpin a note', params: IdParams, response: { 200: Note, ...errors(404, 409) } },
    },
    async (req) => unpinNote({ ctx: req.ctx, noteId: req.params.id }),
  );
};
