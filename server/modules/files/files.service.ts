// Storing uploads (type- and size-checked) and serving them back to those who may see what a file
// is attached to.
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import type { MultipartFile } from '@fastify/multipart';
import { noteAttachments, notes } from '../../db/schema/activity.ts';
import { contacts, customFields } from '../../db/schema/contacts.ts';
import { files } from '../../db/schema/files.ts';
import { messageAttachments, messages } from '../../db/schema/messages.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { sha256Of } from '../../platform/files/storage.ts';
import { newId } from '../../platform/ids.ts';
import { contactVisibility } from '../contacts/contact-access.ts';

export type FileRow = typeof files.$inferSelect;

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

export interface UploadRules {
  /** Accepted MIME types; the content's magic bytes must agree for images. */
  allowedTypes?: string[];
  maxBytes?: number;
}

/** The multipart field every upload endpoint takes its file from (as documented). */
export const UPLOAD_FIELD = 'file';

/**
 * Reads the uploaded file of a multipart request fully (the size limit is enforced while
 * streaming). The file must come in the field named "file"; any other field name is refused.
 */
export async function readUpload(
  part: MultipartFile | undefined,
): Promise<{ filename: string; contentType: string; data: Buffer }> {
  const file = uploadPart(part);
  const data = await file.toBuffer();
  return { filename: file.filename, contentType: file.mimetype.toLowerCase(), data };
}

/** The multipart file, if it came in the documented field "file" (its bytes not read yet). */
export function uploadPart(part: MultipartFile | undefined): MultipartFile {
  if (!part) throw invalid(`Send the file as multipart/form-data in a field named "${UPLOAD_FIELD}"`);
  if (part.fieldname !== UPLOAD_FIELD) {
    throw invalid(`Send the file in the multipart field "${UPLOAD_FIELD}", not "${part.fieldname.slice(0, 100)}"`, [
      { path: `body.${UPLOAD_FIELD}`, message: 'Required' },
    ]);
  }
  return part;
}

/** Reads one multipart file and stores it. */
export async function storeUpload(
  ctx: Ctx,
  part: MultipartFile | undefined,
  rules: UploadRules = {},
): Promise<FileRow> {
  return storeFile(ctx, await readUpload(part), rules);
}

export async function storeFile(
  ctx: Ctx,
  input: { filename: string; contentType: string; data: Buffer },
  rules: UploadRules = {},
): Promise<FileRow> {
  // A rule's own limit wins (an import file may be larger than other uploads).
  const maxBytes = rules.maxBytes ?? ctx.deps.config.UPLOAD_MAX_BYTES;
  if (input.data.length === 0) throw invalid('The file is empty');
  if (input.data.length > maxBytes) {
    throw new AppError('payload_too_large', 413, `The file is larger than ${Math.round(maxBytes / 1024)} KB`);
  }
  const contentType = input.contentType.toLowerCase();
  if (rules.allowedTypes && !rules.allowedTypes.includes(contentType)) {
    throw new AppError(
      'unsupported_media_type',
      415,
      `Files of type ${contentType} are not accepted here (allowed: ${rules.allowedTypes.join(', ')})`,
    );
  }
  if (contentType.startsWith('image/') && !looksLikeImage(input.data, contentType)) {
    throw new AppError('unsupported_media_type', 415, 'The file content is not the image type it claims to be');
  }
  const id = newId();
  const storageKey = `${ctx.workspaceId}/${id}`;
  await ctx.deps.storage.put(storageKey, input.data);
  const [row] = await ctx.db
    .insert(files)
    .values({
      workspaceId: ctx.workspaceId,
      id,
      storageKey,
      filename: sanitizeFilename(input.filename),
      contentType,
      size: input.data.length,
      checksum: sha256Of(input.data),
      createdBy: ctx.principal.userId,
    })
    .returning();
  return row!;
}

export interface ReceivedFile {
  id: string;
  storageKey: string;
  size: number;
  checksum: string;
}

/**
 * Writes a file to storage as it streams in (an import of hundreds of megabytes never sits in memory), counting
 * its size and checksum on the way. Beyond `maxBytes` the write stops with 413 and nothing is kept. No row is
 * made yet: the caller checks the content first, then calls `recordFile` (or `discardFile`).
 */
export async function receiveFile(ctx: Ctx, stream: Readable, rules: { maxBytes: number }): Promise<ReceivedFile> {
  const id = newId();
  const storageKey = `${ctx.workspaceId}/${id}`;
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > rules.maxBytes) {
        done(new AppError('payload_too_large', 413, `The file is larger than ${Math.round(rules.maxBytes / 1024)} KB`));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  stream.once('error', (err) => counter.destroy(err));
  // The bytes flow at once; an error before storage attaches its own listener is still reported by it.
  counter.on('error', () => undefined);
  await ctx.deps.storage.putStream(storageKey, stream.pipe(counter));
  if (size === 0) {
    await ctx.deps.storage.delete(storageKey);
    throw invalid('The file is empty');
  }
  return { id, storageKey, size, checksum: hash.digest('hex') };
}

export async function discardFile(ctx: Ctx, file: ReceivedFile): Promise<void> {
  await ctx.deps.storage.delete(file.storageKey);
}

/** The row of a file `receiveFile` wrote. */
export async function recordFile(
  ctx: Ctx,
  file: ReceivedFile,
  meta: { filename: string; contentType: string },
): Promise<FileRow> {
  const [row] = await ctx.db
    .insert(files)
    .values({
      workspaceId: ctx.workspaceId,
      id: file.id,
      storageKey: file.storageKey,
      filename: sanitizeFilename(meta.filename),
      contentType: meta.contentType.toLowerCase(),
      size: file.size,
      checksum: file.checksum,
      createdBy: ctx.principal.userId,
    })
    .returning();
  return row!;
}

export async function getFile(ctx: Ctx, fileId: string): Promise<FileRow> {
  const [row] = await ctx.db
    .select()
    .from(files)
    .where(and(eq(files.workspaceId, ctx.workspaceId), eq(files.id, fileId)));
  if (!row) throw notFound('File');
  return row;
}

/**
 * A file for download. A file belongs to what it is attached to: a contact's picture, a note's
 * or message's attachment (its contact) or a file field's value (the contact). Admins and members who see
 * every contact may download any file of the workspace. A member limited to their own contacts gets
 * a file only through a contact they may see, or as its uploader (an upload not saved anywhere yet);
 * anything else answers 404, like a file that does not exist.
 */
export async function getFileForDownload(ctx: Ctx, fileId: string): Promise<FileRow> {
  const file = await getFile(ctx, fileId);
  const { role, userId, contactAccess } = ctx.principal;
  if (role === 'admin' || contactAccess !== 'own' || (userId && file.createdBy === userId)) return file;
  const [visible] = await ctx.db
    .select({ one: sql`1` })
    .from(contacts)
    .where(
      and(
        contactVisibility(ctx),
        sql`(${contacts.pictureFileId} = ${fileId}
          or exists (select 1 from ${notes} join ${noteAttachments}
            on ${noteAttachments.workspaceId} = ${notes.workspaceId} and ${noteAttachments.noteId} = ${notes.id}
            where ${notes.workspaceId} = ${contacts.workspaceId} and ${notes.contactId} = ${contacts.id}
              and ${noteAttachments.fileId} = ${fileId})
          or exists (select 1 from ${messages} join ${messageAttachments}
            on ${messageAttachments.workspaceId} = ${messages.workspaceId} and ${messageAttachments.messageId} = ${messages.id}
            where ${messages.workspaceId} = ${contacts.workspaceId} and ${messages.contactId} = ${contacts.id}
              and ${messageAttachments.fileId} = ${fileId})
          or exists (select 1 from ${customFields}
            where ${customFields.workspaceId} = ${contacts.workspaceId} and ${customFields.type} = 'file'
              and ${contacts.custom} ->> ${customFields.key} = ${fileId}))`,
      ),
    )
    .limit(1);
  if (!visible) throw notFound('File');
  return file;
}

function sanitizeFilename(name: string): string {
  const cleaned = name.replace(/[\\/\0\r\n"]/g, '_').trim();
  return (cleaned || 'file').slice(0, 200);
}

const signatures: Record<string, number[][]> = {
  'image/png': [[0x89, 0x50, 0x4e, 0x47]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/gif': [[0x47, 0x49, 0x46, 0x38]],
  'image/webp': [[0x52, 0x49, 0x46, 0x46]],
};

function looksLikeImage(data: Buffer, type: string): boolean {
  const candidates = signatures[type];
  if (!candidates) return false;
  return candidates.some((sig) => sig.every((byte, i) => data[i] === byte));
}
