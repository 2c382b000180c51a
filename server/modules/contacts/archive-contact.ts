// Deleting a contact moves it to the archive (restorable with everything attached); deleting it
// from the archive is permanent, after explicit confirmation, unless a registered guard objects.
import { and, eq } from 'drizzle-orm';
import { contactEmails, contacts } from '../../db/schema/contacts.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { record } from '../../platform/journal/journal.ts';
import { requireContact, type ContactRow } from './contact-access.ts';
import { dropFileRow, removeStoredFile } from './contact-picture.service.ts';
import { buildProfile } from './contact-profile.ts';
import { saveContact, versionConflict } from './contact-write.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';

/**
 * A module that must keep a contact (payments: part of a financial transaction) registers a guard;
 * a non-null answer is the reason the permanent delete is refused.
 */
export type ContactDeleteGuard = (ctx: Ctx, contact: ContactRow) => Promise<string | null>;
const deleteGuards: ContactDeleteGuard[] = [];
export function registerContactDeleteGuard(guard: ContactDeleteGuard): () => void {
  deleteGuards.push(guard);
  return () => {
    const i = deleteGuards.indexOf(guard);
    if (i >= 0) deleteGuards.splice(i, 1);
  };
}

/** Why a registered guard keeps the contact from being removed for good; null when none objects. */
export async function contactDeleteBlock(ctx: Ctx, contact: ContactRow): Promise<string | null> {
  for (const guard of deleteGuards) {
    const reason = await guard(ctx, contact);
    if (reason) return reason;
  }
  return null;
}

/** Archive rows under the same lock and version rules as any other write (shared with bulk actions). */
export async function setArchived(ctx: Ctx, contact: ContactRow, archived: boolean): Promise<ContactRow> {
  return inTransaction(ctx, async (tx) => {
    if (Boolean(contact.archivedAt) === archived) return contact;
    const after = await saveContact(
      tx,
      contact,
      archived ? { archivedAt: new Date(), archivedBy: ctx.principal.userId } : { archivedAt: null, archivedBy: null },
    );
    await record(tx, {
      contactId: contact.id,
      kind: archived ? 'contact.archived' : 'contact.restored',
      category: 'admin',
      data: { displayName: contact.displayName },
    });
    return after;
  });
}

/** A merged contact waits for its merge to be undone; it is not restored or deleted on its own. */
const mergedAway = (contact: ContactRow) =>
  new AppError(
    'contact_merged',
    409,
    `${contact.displayName} was merged into another contact; undo the merge to bring it back`,
    { mergedIntoId: contact.mergedIntoId },
  );

export async function archiveContact({
  ctx,
  contactId,
  ifMatch,
}: {
  ctx: Ctx;
  contactId: string;
  ifMatch?: number;
}): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const contact = await requireContact(tx, contactId, { lock: true });
    if (ifMatch !== undefined && contact.version !== ifMatch) throw versionConflict(contact.version);
    await setArchived(tx, contact, true);
  });
}

export async function restoreContact({
  ctx,
  contactId,
  ifMatch,
}: {
  ctx: Ctx;
  contactId: string;
  ifMatch?: number;
}): Promise<ContactProfileDto> {
  const saved = await inTransaction(ctx, async (tx) => {
    const contact = await requireContact(tx, contactId, { lock: true });
    if (ifMatch !== undefined && contact.version !== ifMatch) throw versionConflict(contact.version);
    if (contact.mergedIntoId) throw mergedAway(contact);
    return setArchived(tx, contact, false);
  });
  return buildProfile(ctx, saved);
}

export async function deleteContactPermanently({
  ctx,
  contactId,
  confirm,
}: {
  ctx: Ctx;
  contactId: string;
  confirm?: string;
}): Promise<void> {
  let pictureKey: string | null = null;
  await inTransaction(ctx, async (tx) => {
    const contact = await requireContact(tx, contactId, { lock: true });
    if (!contact.archivedAt) {
      throw new AppError(
        'not_archived',
        409,
        'Archive the contact first; only archived contacts can be deleted for good',
      );
    }
    if (confirm !== contact.id) {
      throw new AppError(
        'confirmation_required',
        400,
        'Deleting permanently cannot be undone: repeat the contact’s id in confirm=<id> to go ahead',
        { confirm: contact.id },
      );
    }
    if (contact.mergedIntoId) throw mergedAway(contact);
    const reason = await contactDeleteBlock(tx, contact);
    if (reason) throw new AppError('delete_blocked', 409, reason, { reason });
    const emails = await tx.db
      .select({ email: contactEmails.email })
      .from(contactEmails)
      .where(and(eq(contactEmails.workspaceId, tx.workspaceId), eq(contactEmails.contactId, contactId)));
    // Emails, phones, tags, notes, tasks… go with it (ON DELETE CASCADE); the journal keeps its entries.
    await tx.db.delete(contacts).where(and(eq(contacts.workspaceId, tx.workspaceId), eq(contacts.id, contactId)));
    if (contact.pictureFileId) pictureKey = await dropFileRow(tx, contact.pictureFileId);
    await record(tx, {
      contactId,
      kind: 'contact.deleted',
      category: 'admin',
      data: { displayName: contact.displayName, kind: contact.kind, emails: emails.map((e) => e.email) },
    });
  });
  await removeStoredFile(ctx, pictureKey);
}
