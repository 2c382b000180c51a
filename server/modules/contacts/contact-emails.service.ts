// A contact's email addresses: unique per workspace (the unique index decides under concurrency),
// exactly one primary, every change journaled.
import { and, eq } from 'drizzle-orm';
import { contactEmails } from '../../db/schema/contacts.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { diffFields, record } from '../../platform/journal/journal.ts';
import { demote, ensurePrimary, makePrimary, nextSlot } from './contact-collections.ts';
import { buildProfile, type EmailRow } from './contact-profile.ts';
import { assertChannelsFree, lockContact, saveContact, withUniqueChannels } from './contact-write.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';

type EmailType = EmailRow['type'];

async function findEmail(tx: TxCtx, contactId: string, emailId: string): Promise<EmailRow> {
  const [row] = await tx.db
    .select()
    .from(contactEmails)
    .where(
      and(
        eq(contactEmails.workspaceId, tx.workspaceId),
        eq(contactEmails.contactId, contactId),
        eq(contactEmails.id, emailId),
      ),
    );
  if (!row) throw notFound('Email');
  return row;
}

/** Inserts an email of a locked contact (no version bump, no journal: the caller does both). */
export async function insertEmail(
  tx: TxCtx,
  contactId: string,
  input: { email: string; type: EmailType; isPrimary?: boolean },
): Promise<EmailRow> {
  const slot = await nextSlot(tx, contactEmails, contactId);
  const [row] = await tx.db
    .insert(contactEmails)
    .values({
      workspaceId: tx.workspaceId,
      id: newId(),
      contactId,
      email: input.email,
      type: input.type,
      isPrimary: slot.isFirst || Boolean(input.isPrimary),
      position: slot.position,
    })
    .returning();
  if (input.isPrimary && !slot.isFirst) await makePrimary(tx, contactEmails, contactId, row!.id);
  return row!;
}

export async function addEmail({
  ctx,
  contactId,
  ifMatch,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  ifMatch?: number;
  input: { email: string; type: EmailType; isPrimary?: boolean };
}): Promise<ContactProfileDto> {
  const saved = await withUniqueChannels(ctx, () =>
    inTransaction(ctx, async (tx) => {
      const before = await lockContact(tx, contactId, ifMatch);
      await assertChannelsFree(tx, [input.email], []);
      const email = await insertEmail(tx, contactId, input);
      const after = await saveContact(tx, before);
      await record(tx, {
        contactId,
        kind: 'contact.email_added',
        category: 'admin',
        subject: { type: 'contact_email', id: email.id },
        data: { email: email.email, type: email.type, isPrimary: input.isPrimary || email.isPrimary },
      });
      return after;
    }),
  );
  return buildProfile(ctx, saved);
}

export async function updateEmail({
  ctx,
  contactId,
  emailId,
  ifMatch,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  emailId: string;
  ifMatch?: number;
  input: { email?: string; type?: EmailType; isPrimary?: boolean; verification?: EmailRow['verification'] };
}): Promise<ContactProfileDto> {
  const saved = await withUniqueChannels(ctx, () =>
    inTransaction(ctx, async (tx) => {
      const before = await lockContact(tx, contactId, ifMatch);
      const email = await findEmail(tx, contactId, emailId);
      const addressChanged = input.email !== undefined && input.email !== email.email;
      if (addressChanged) await assertChannelsFree(tx, [input.email!], []);
      const set: Partial<EmailRow> = {};
      if (addressChanged) {
        set.email = input.email!;
        // A new address has not been verified yet.
        set.verification = input.verification ?? 'unverified';
      } else if (input.verification) set.verification = input.verification;
      if (input.type) set.type = input.type;
      if (Object.keys(set).length) {
        await tx.db
          .update(contactEmails)
          .set(set)
          .where(
            and(
              eq(contactEmails.workspaceId, tx.workspaceId),
              eq(contactEmails.contactId, contactId),
              eq(contactEmails.id, emailId),
            ),
          );
      }
      if (input.isPrimary === true && !email.isPrimary) await makePrimary(tx, contactEmails, contactId, emailId);
      if (input.isPrimary === false && email.isPrimary) await demote(tx, contactEmails, contactId, emailId);
      const after = await findEmail(tx, contactId, emailId);
      const changes = diffFields(email, after, ['email', 'type', 'isPrimary', 'verification']);
      if (changes.length === 0) return before;
      const saved = await saveContact(tx, before);
      await record(tx, {
        contactId,
        kind: 'contact.email_changed',
        category: 'admin',
        subject: { type: 'contact_email', id: emailId },
        data: { email: after.email, changes },
      });
      return saved;
    }),
  );
  return buildProfile(ctx, saved);
}

export async function removeEmail({
  ctx,
  contactId,
  emailId,
  ifMatch,
}: {
  ctx: Ctx;
  contactId: string;
  emailId: string;
  ifMatch?: number;
}): Promise<ContactProfileDto> {
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    const email = await findEmail(tx, contactId, emailId);
    await tx.db
      .delete(contactEmails)
      .where(
        and(
          eq(contactEmails.workspaceId, tx.workspaceId),
          eq(contactEmails.contactId, contactId),
          eq(contactEmails.id, emailId),
        ),
      );
    if (email.isPrimary) await ensurePrimary(tx, contactEmails, contactId);
    const after = await saveContact(tx, before);
    await record(tx, {
      contactId,
      kind: 'contact.email_removed',
      category: 'admin',
      subject: { type: 'contact_email', id: emailId },
      data: { email: email.email, type: email.type, wasPrimary: email.isPrimary },
    });
    return after;
  });
  return buildProfile(ctx, saved);
}
