import { z } from 'zod';
import { noteColors } from '../../db/schema/activity.ts';
import { Timestamp } from '../../platform/http/schemas.ts';

export const NoteColor = z.enum(noteColors);

export const UserRef = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'UserRef' });

export const NoteAttachment = z
  .object({
    id: z.uuid().describe('The file id'),
    filename: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    url: z.string().describe('Download path, /api/v1/files/<id>'),
  })
  .meta({ id: 'NoteAttachment' });

export const Note = z
  .object({
    id: z.uuid(),
    contactId: z.uuid(),
    title: z.string(),
    bodyHtml: z.string().describe('Sanitised HTML (tiptap starter-kit formatting, links, mention spans)'),
    bodyText: z.string().describe('The body as plain text'),
    color: NoteColor,
    pinned: z.boolean(),
    pinnedAt: Timestamp.nullable(),
    author: UserRef.nullable().describe('null when written by an API key or the system'),
    mentionedUsers: z.array(UserRef),
    attachments: z.array(NoteAttachment),
    version: z.number().int().describe('Send back as If-Match to detect concurrent edits'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Note' });
export type NoteDto = z.infer<typeof Note>;

const Title = z.string().trim().max(200);
const BodyHtml = z
  .string()
  .max(200_000)
  .describe(
    'HTML from the editor; kept: p, br, strong, em, u, s, code, pre, blockquote, ul, ol, li, h2, h3, hr, a[href], and mentions <span data-type="mention" data-id="<user id>" data-label="Name">',
  );

export const CreateNoteBody = z.object({
  title: Title.default(''),
  bodyHtml: BodyHtml.default(''),
  color: NoteColor.default('default'),
  attachmentFileIds: z
    .array(z.uuid())
    .max(20)
    .default([])
    .describe('Ids returned by POST /contacts/{id}/notes/attachments'),
});
export type CreateNoteInput = z.infer<typeof CreateNoteBody>;

export const UpdateNoteBody = z
  .object({
    title: Title,
    bodyHtml: BodyHtml,
    color: NoteColor,
    attachmentFileIds: z.array(z.uuid()).max(20).describe('Replaces the attachment list'),
  })
  .partial();
export type UpdateNoteInput = z.infer<typeof UpdateNoteBody>;

export const NoteListQuery = z.object({
  q: z.string().trim().max(200).optional().describe('Searches the title and text of this contact’s notes'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const NotePage = z.object({
  data: z.array(Note).describe('Pinned notes first (newest pin first), then newest first'),
  nextCursor: z.string().nullable(),
  total: z.number().int().describe('How many notes match (the search, if any) across all pages'),
});

export const UploadedAttachment = z
  .object({ fileId: z.uuid(), filename: z.string(), size: z.number().int(), contentType: z.string() })
  .meta({ id: 'UploadedAttachment' });

export const IfMatchHeaders = z
  .object({ 'if-match': z.string().optional().describe('The version you last saw, e.g. "3"; stale → 409') })
  .loose();
