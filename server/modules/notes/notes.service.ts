// Notes on a contact: sanitised rich text, @mentions, attachments, at most two pinned; every
// change journaled in its own transaction. Notes are internal: nothing here is shown to the contact.
import type { MultipartFile } from '@fastify/multipart';
import { and, desc, eq, ilike, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import { noteAttachments, notes } from '../../db/schema/activity.ts';
import { files } from '../../db/schema/files.ts';
import type { FieldChange } from '../../db/schema/journal.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { record } from '../../platform/journal/journal.ts';
import { requireContact } from '../contacts/contact-access.ts';
import { readUpload, storeFile } from '../files/files.service.ts';
import { activeUserIds, userRefs } from '../tasks/assignee.ts';
import { assertVersion } from './if-match.ts';
import { mentionedIds, noteHtmlToText, preview, sanitizeNoteHtml } from './note-html.ts';
import type { CreateNoteInput, NoteDto, UpdateNoteInput } from './notes.schemas.ts';

type NoteRow = typeof notes.$inferSelect;

export const MAX_PINNED_NOTES = 2;

/** Documents, spreadsheets, slides, images, text and archives; never HTML, SVG or executables. */
export const NOTE_ATTACHMENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
  'text/csv',
  'text/markdown',
  'application/rtf',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/zip',
];

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const magic: Record<string, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'application/zip': ZIP,
  'application/msword': OLE,
  'application/vnd.ms-excel': OLE,
  'application/vnd.ms-powerpoint': OLE,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ZIP,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ZIP,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ZIP,
  'application/vnd.oasis.opendocument.text': ZIP,
  'application/vnd.oasis.opendocument.spreadsheet': ZIP,
  'application/vnd.oasis.opendocument.presentation': ZIP,
  'application/rtf': [0x7b, 0x5c, 0x72, 0x74],
};

/** A claimed document type must match the file's first bytes; text must not be binary. */
function contentMatchesType(data: Buffer, type: string): boolean {
  const sig = magic[type];
  if (sig) return sig.every((byte, i) => data[i] === byte);
  if (type.startsWith('text/')) return !data.subarray(0, 8192).includes(0);
  return true;
}

function attachmentsOf(ctx: Ctx, rows: NoteRow[]) {
  return ctx.db
    .select({
      noteId: noteAttachments.noteId,
      id: files.id,
      filename: files.filename,
      size: files.size,
      contentType: files.contentType,
    })
    .from(noteAttachments)
    .innerJoin(files, and(eq(files.workspaceId, noteAttachments.workspaceId), eq(files.id, noteAttachments.fileId)))
    .where(
      and(
        eq(noteAttachments.workspaceId, ctx.workspaceId),
        inArray(
          noteAttachments.noteId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(noteAttachments.createdAt, files.filename);
}

/** `unattached`: the notes are known to have no attachments (one just created without any), so none are read. */
async function toNoteDtos(ctx: Ctx, rows: NoteRow[], unattached = false): Promise<NoteDto[]> {
  if (rows.length === 0) return [];
  const people = await userRefs(
    ctx,
    rows.flatMap((r) => [r.authorId, ...r.mentionedUserIds]),
  );
  const attached = unattached ? [] : await attachmentsOf(ctx, rows);
  return rows.map((n) => ({
    id: n.id,
    contactId: n.contactId,
    title: n.title,
    bodyHtml: n.bodyHtml,
    bodyText: n.bodyText,
    color: n.color,
    pinned: n.pinnedAt !== null,
    pinnedAt: toIsoOrNull(n.pinnedAt),
    author: (n.authorId && people.get(n.authorId)) || null,
    mentionedUsers: n.mentionedUserIds.flatMap((id) => people.get(id) ?? []),
    attachments: attached
      .filter((a) => a.noteId === n.id)
      .map(({ id, filename, size, contentType }) => ({ id, filename, size, contentType, url: `/api/v1/files/${id}` })),
    version: n.version,
    createdAt: toIso(n.createdAt),
    updatedAt: toIso(n.updatedAt),
  }));
}

async function toNoteDto(ctx: Ctx, row: NoteRow, unattached = false): Promise<NoteDto> {
  return (await toNoteDtos(ctx, [row], unattached))[0]!;
}

/** Loads a note whose contact the caller may see (404 otherwise), optionally locking it. */
async function findNote(ctx: Ctx, noteId: string, opts: { lock?: boolean; writable?: boolean } = {}) {
  const query = ctx.db
    .select()
    .from(notes)
    .where(and(eq(notes.workspaceId, ctx.workspaceId), eq(notes.id, noteId)));
  const [note] = opts.lock ? await query.for('update') : await query;
  if (!note) throw notFound('Note');
  const contact = await requireContact(ctx, note.contactId, { writable: opts.writable });
  return { note, contact };
}

export async function getNote({ ctx, noteId }: { ctx: Ctx; noteId: string }): Promise<NoteDto> {
  const { note } = await findNote(ctx, noteId);
  return toNoteDto(ctx, note);
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listNotes({
  ctx,
  contactId,
  q,
  cursor,
  limit,
}: {
  ctx: Ctx;
  contactId: string;
  q?: string;
  cursor?: string;
  limit: number;
}): Promise<{ data: NoteDto[]; nextCursor: string | null; total: number }> {
  await requireContact(ctx, contactId);
  // Order: pinned first (newest pin first), then newest first; ids are time-ordered UUIDv7.
  const after = decodeCursor(cursor, 2) as [string | null, string] | null;
  if (cursor && (!after || typeof after[1] !== 'string'))
    throw invalid('The cursor is not valid; start again without it');
  const keyset = after
    ? after[0] === null
      ? and(isNull(notes.pinnedAt), sql`${notes.id} < ${after[1]}::uuid`)
      : or(
          isNull(notes.pinnedAt),
          sql`(${notes.pinnedAt}, ${notes.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`,
        )
    : undefined;
  const matching = and(
    eq(notes.workspaceId, ctx.workspaceId),
    eq(notes.contactId, contactId),
    q ? or(ilike(notes.title, likePattern(q)), ilike(notes.bodyText, likePattern(q))) : undefined,
  );
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select()
      .from(notes)
      .where(and(matching, keyset))
      .orderBy(sql`${notes.pinnedAt} desc nulls last`, desc(notes.id))
      .limit(limit + 1),
    // The whole count, not the page's: the contact page shows it beside the Notes tab.
    ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(notes)
      .where(matching),
  ]);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: await toNoteDtos(ctx, page),
    nextCursor: rows.length > limit && last ? encodeCursor([toIsoOrNull(last.pinnedAt), last.id]) : null,
    total: counted?.n ?? 0,
  };
}

export async function assertFilesExist(ctx: Ctx, fileIds: string[]): Promise<void> {
  if (fileIds.length === 0) return;
  const found = await ctx.db
    .select({ id: files.id })
    .from(files)
    .where(and(eq(files.workspaceId, ctx.workspaceId), inArray(files.id, fileIds)));
  const missing = fileIds.find((id) => !found.some((f) => f.id === id));
  if (missing) {
    throw new AppError('file_not_found', 400, `There is no uploaded file ${missing}; upload it first`, {
      field: 'attachmentFileIds',
    });
  }
}

interface PreparedBody {
  bodyHtml: string;
  bodyText: string;
  mentionedUserIds: string[];
}

/** Names travel with the ids, so the timeline can say who was mentioned without another lookup. */
async function mentionedRefs(ctx: Ctx, ids: string[]): Promise<{ id: string; name: string }[]> {
  const people = await userRefs(ctx, ids);
  return ids.flatMap((id) => people.get(id) ?? []);
}

async function prepareBody(ctx: Ctx, html: string): Promise<PreparedBody> {
  const bodyHtml = sanitizeNoteHtml(html);
  // Only active users of this workspace count as mentioned; other ids stay inert text.
  const mentionedUserIds = await activeUserIds(ctx, mentionedIds(bodyHtml));
  return { bodyHtml, bodyText: noteHtmlToText(bodyHtml), mentionedUserIds };
}

export async function createNote({
  ctx,
  contactId,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  input: CreateNoteInput;
}): Promise<NoteDto> {
  const body = await prepareBody(ctx, input.bodyHtml);
  if (!input.title && !body.bodyText) throw invalid('A note needs a title or some text');
  const fileIds = [...new Set(input.attachmentFileIds)];
  const note = await inTransaction(ctx, async (tx) => {
    await requireContact(tx, contactId, { writable: true });
    await assertFilesExist(tx, fileIds);
    const now = new Date();
    const [row] = await tx.db
      .insert(notes)
      .values({
        workspaceId: ctx.workspaceId,
        id: newId(),
        contactId,
        title: input.title,
        color: input.color,
        ...body,
        authorId: ctx.principal.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (fileIds.length) {
      await tx.db
        .insert(noteAttachments)
        .values(fileIds.map((fileId) => ({ workspaceId: ctx.workspaceId, noteId: row!.id, fileId })));
    }
    await record(tx, {
      contactId,
      kind: 'note.created',
      category: 'focus',
      subject: { type: 'note', id: row!.id },
      data: {
        title: row!.title,
        preview: preview(row!.bodyText),
        color: row!.color,
        mentionedUserIds: row!.mentionedUserIds,
        mentioned: await mentionedRefs(tx, row!.mentionedUserIds),
        attachments: fileIds.length,
      },
    });
    return row!;
  });
  return toNoteDto(ctx, note, fileIds.length === 0);
}

async function attachmentNames(ctx: Ctx, noteId: string): Promise<{ ids: string[]; names: string[] }> {
  const rows = await ctx.db
    .select({ id: files.id, filename: files.filename })
    .from(noteAttachments)
    .innerJoin(files, and(eq(files.workspaceId, noteAttachments.workspaceId), eq(files.id, noteAttachments.fileId)))
    .where(and(eq(noteAttachments.workspaceId, ctx.workspaceId), eq(noteAttachments.noteId, noteId)))
    .orderBy(files.filename);
  return { ids: rows.map((r) => r.id), names: rows.map((r) => r.filename) };
}

const truncate = (s: string) => (s.length > 500 ? `${s.slice(0, 499)}…` : s);

export async function updateNote({
  ctx,
  noteId,
  input,
  expectedVersion,
}: {
  ctx: Ctx;
  noteId: string;
  input: UpdateNoteInput;
  expectedVersion?: number;
}): Promise<NoteDto> {
  const note = await inTransaction(ctx, async (tx) => {
    const { note: before } = await findNote(tx, noteId, { lock: true, writable: true });
    assertVersion('note', before.version, expectedVersion);
    const changes: FieldChange[] = [];
    const set: Partial<NoteRow> = {};
    if (input.title !== undefined && input.title !== before.title) {
      changes.push({ field: 'title', old: before.title, new: input.title });
      set.title = input.title;
    }
    if (input.color !== undefined && input.color !== before.color) {
      changes.push({ field: 'color', old: before.color, new: input.color });
      set.color = input.color;
    }
    let newlyMentioned: string[] = [];
    if (input.bodyHtml !== undefined) {
      const body = await prepareBody(tx, input.bodyHtml);
      if (body.bodyHtml !== before.bodyHtml) {
        changes.push({ field: 'body', old: truncate(before.bodyText), new: truncate(body.bodyText) });
        Object.assign(set, body);
        newlyMentioned = body.mentionedUserIds.filter((id) => !before.mentionedUserIds.includes(id));
        if (body.mentionedUserIds.length !== before.mentionedUserIds.length || newlyMentioned.length > 0) {
          changes.push({ field: 'mentionedUserIds', old: before.mentionedUserIds, new: body.mentionedUserIds });
        }
      }
    }
    if ((set.title ?? before.title) === '' && !(set.bodyText ?? before.bodyText)) {
      throw invalid('A note needs a title or some text');
    }
    if (input.attachmentFileIds !== undefined) {
      const wanted = [...new Set(input.attachmentFileIds)];
      const current = await attachmentNames(tx, noteId);
      const added = wanted.filter((id) => !current.ids.includes(id));
      const removed = current.ids.filter((id) => !wanted.includes(id));
      if (added.length || removed.length) {
        await assertFilesExist(tx, added);
        if (removed.length) {
          await tx.db
            .delete(noteAttachments)
            .where(
              and(
                eq(noteAttachments.workspaceId, ctx.workspaceId),
                eq(noteAttachments.noteId, noteId),
                inArray(noteAttachments.fileId, removed),
              ),
            );
        }
        if (added.length) {
          await tx.db
            .insert(noteAttachments)
            .values(added.map((fileId) => ({ workspaceId: ctx.workspaceId, noteId, fileId })));
        }
        changes.push({ field: 'attachments', old: current.names, new: (await attachmentNames(tx, noteId)).names });
      }
    }
    if (changes.length === 0) return before;
    const [row] = await tx.db
      .update(notes)
      .set({ ...set, version: before.version + 1, updatedAt: new Date() })
      .where(and(eq(notes.workspaceId, ctx.workspaceId), eq(notes.id, noteId)))
      .returning();
    await record(tx, {
      contactId: before.contactId,
      kind: 'note.updated',
      category: 'focus',
      subject: { type: 'note', id: noteId },
      data: {
        title: row!.title,
        preview: preview(row!.bodyText),
        changes,
        mentionedUserIds: row!.mentionedUserIds,
        mentioned: await mentionedRefs(tx, row!.mentionedUserIds),
        newlyMentionedUserIds: newlyMentioned,
      },
    });
    return row!;
  });
  return toNoteDto(ctx, note);
}

export async function deleteNote({
  ctx,
  noteId,
  expectedVersion,
}: {
  ctx: Ctx;
  noteId: string;
  expectedVersion?: number;
}): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { note } = await findNote(tx, noteId, { lock: true, writable: true });
    assertVersion('note', note.version, expectedVersion);
    await tx.db.delete(notes).where(and(eq(notes.workspaceId, ctx.workspaceId), eq(notes.id, noteId)));
    await record(tx, {
      contactId: note.contactId,
      kind: 'note.deleted',
      category: 'focus',
      subject: { type: 'note', id: noteId },
      data: { title: note.title, preview: preview(note.bodyText) },
    });
  });
}

export async function pinNote({ ctx, noteId }: { ctx: Ctx; noteId: string }): Promise<NoteDto> {
  const note = await inTransaction(ctx, async (tx) => {
    const { note: found } = await findNote(tx, noteId);
    // The contact's row lock serialises pins on one contact, so two requests cannot both take the last slot.
    await requireContact(tx, found.contactId, { writable: true, lock: true });
    const { note: current } = await findNote(tx, noteId, { lock: true });
    if (current.pinnedAt) return current;
    // Pinning is placement, not content: it does not bump the version an editor holds.
    const [{ pinned } = { pinned: 0 }] = await tx.db
      .select({ pinned: sql<number>`count(*)::int` })
      .from(notes)
      .where(
        and(
          eq(notes.workspaceId, ctx.workspaceId),
          eq(notes.contactId, current.contactId),
          isNotNull(notes.pinnedAt),
          ne(notes.id, noteId),
        ),
      );
    if (pinned >= MAX_PINNED_NOTES) {
      throw new AppError('pin_limit', 409, 'Only two notes can be pinned; unpin one first', {
        limit: MAX_PINNED_NOTES,
      });
    }
    const [row] = await tx.db
      .update(notes)
      .set({ pinnedAt: new Date() })
      .where(and(eq(notes.workspaceId, ctx.workspaceId), eq(notes.id, noteId)))
      .returning();
    await record(tx, {
      contactId: current.contactId,
      kind: 'note.pinned',
      category: 'focus',
      subject: { type: 'note', id: noteId },
      data: { title: current.title, preview: preview(current.bodyText) },
    });
    return row!;
  });
  return toNoteDto(ctx, note);
}

export async function unpinNote({ ctx, noteId }: { ctx: Ctx; noteId: string }): Promise<NoteDto> {
  const note = await inTransaction(ctx, async (tx) => {
    const { note: current } = await findNote(tx, noteId, { lock: true, writable: true });
    if (!current.pinnedAt) return current;
    const [row] = await tx.db
      .update(notes)
      .set({ pinnedAt: null })
      .where(and(eq(notes.workspaceId, ctx.workspaceId), eq(notes.id, noteId)))
      .returning();
    await record(tx, {
      contactId: current.contactId,
      kind: 'note.unpinned',
      category: 'focus',
      subject: { type: 'note', id: noteId },
      data: { title: current.title, preview: preview(current.bodyText) },
    });
    return row!;
  });
  return toNoteDto(ctx, note);
}

export async function uploadNoteAttachment({
  ctx,
  contactId,
  part,
}: {
  ctx: Ctx;
  contactId: string;
  part: MultipartFile | undefined;
}): Promise<{ fileId: string; filename: string; size: number; contentType: string }> {
  await requireContact(ctx, contactId, { writable: true });
  const upload = await readUpload(part);
  const { contentType, data } = upload;
  if (NOTE_ATTACHMENT_TYPES.includes(contentType) && !contentMatchesType(data, contentType)) {
    throw new AppError('unsupported_media_type', 415, `The file content is not the ${contentType} it claims to be`);
  }
  // storeFile refuses other types and enforces the size limit.
  const file = await storeFile(ctx, upload, {
    allowedTypes: NOTE_ATTACHMENT_TYPES,
    maxBytes: ctx.deps.config.UPLOAD_MAX_BYTES,
  });
  return { fileId: file.id, filename: file.filename, size: file.size, contentType: file.contentType };
}
