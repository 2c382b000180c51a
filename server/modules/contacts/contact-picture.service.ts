// The profile picture: an uploaded image (PNG, JPEG, WebP, GIF up to 5 MB, content checked).
import type { MultipartFile } from '@fastify/multipart';
import { and, eq } from 'drizzle-orm';
import { files } from '../../db/schema/files.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { record } from '../../platform/journal/journal.ts';
import { IMAGE_TYPES, storeUpload } from '../files/files.service.ts';
import { requireContact } from './contact-access.ts';
import { buildProfile } from './contact-profile.ts';
import { lockContact, saveContact } from './contact-write.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';

export const PICTURE_MAX_BYTES = 5 * 1024 * 1024;

/** Removes a file row in the transaction; returns its storage key to delete once committed. */
export async function dropFileRow(tx: TxCtx, fileId: string): Promise<string | null> {
  const [row] = await tx.db
    .delete(files)
    .where(and(eq(files.workspaceId, tx.workspaceId), eq(files.id, fileId)))
    .returning({ storageKey: files.storageKey });
  return row?.storageKey ?? null;
}

export async function removeStoredFile(ctx: Ctx, storageKey: string | null): Promise<void> {
  if (!storageKey) return;
  await ctx.deps.storage.delete(storageKey).catch((err) => ctx.deps.logger.warn({ err }, 'could not remove a file'));
}

export async function setContactPicture({
  ctx,
  contactId,
  ifMatch,
  part,
}: {
  ctx: Ctx;
  contactId: string;
  ifMatch?: number;
  part: MultipartFile | undefined;
}): Promise<ContactProfileDto> {
  await requireContact(ctx, contactId, { writable: true });
  const file = await storeUpload(ctx, part, { allowedTypes: IMAGE_TYPES, maxBytes: PICTURE_MAX_BYTES });
  let oldKey: string | null = null;
  try {
    const saved = await inTransaction(ctx, async (tx) => {
      const before = await lockContact(tx, contactId, ifMatch);
      const after = await saveContact(tx, before, { pictureFileId: file.id });
      if (before.pictureFileId) oldKey = await dropFileRow(tx, before.pictureFileId);
      await record(tx, {
        contactId,
        kind: 'contact.picture_changed',
        category: 'admin',
        subject: { type: 'file', id: file.id },
        data: { fileId: file.id, previousFileId: before.pictureFileId, filename: file.filename },
      });
      return after;
    });
    await removeStoredFile(ctx, oldKey);
    return buildProfile(ctx, saved);
  } catch (err) {
    // The contact did not take the new picture: forget the stored upload.
    const key = await inTransaction(ctx, (tx) => dropFileRow(tx, file.id)).catch(() => null);
    await removeStoredFile(ctx, key);
    throw err;
  }
}

export async function removeContactPicture({
  ctx,
  contactId,
  ifMatch,
}: {
  ctx: Ctx;
  contactId: string;
  ifMatch?: number;
}): Promise<ContactProfileDto> {
  let oldKey: string | null = null;
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    if (!before.pictureFileId) return before;
    const after = await saveContact(tx, before, { pictureFileId: null });
    oldKey = await dropFileRow(tx, before.pictureFileId);
    await record(tx, {
      contactId,
      kind: 'contact.picture_changed',
      category: 'admin',
      data: { fileId: null, previousFileId: before.pictureFileId },
    });
    return after;
  });
  await removeStoredFile(ctx, oldKey);
  return buildProfile(ctx, saved);
}
