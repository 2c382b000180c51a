// A contact's email addresses: unique per workspace (the unique index decides under concurrency),
// exactly one primary, every change journaled.
import { contactEmails } from '../../db/schema/contacts.ts';
import type { TxCtx } from '../../platform/context.ts';
import {
  addEntry,
  changeCollection,
  insertEntry,
  removeEntry,
  updateEntry,
  type CollectionDef,
  type ContactPartWrite,
} from './contact-collections.ts';
import type { EmailRow } from './contact-profile.ts';
import { assertChannelsFree } from './contact-write.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';

type EmailType = EmailRow['type'];

export const emailCollection: CollectionDef<EmailRow> = {
  table: contactEmails,
  label: 'Email',
  subject: 'contact_email',
  kinds: { added: 'contact.email_added', changed: 'contact.email_changed', removed: 'contact.email_removed' },
  journaled: ['email', 'type', 'isPrimary', 'verification'],
  added: (e) => ({ email: e.email, type: e.type, isPrimary: e.isPrimary }),
  removed: (e) => ({ email: e.email, type: e.type, wasPrimary: e.isPrimary }),
  changed: (e) => ({ email: e.email }),
};

/** Inserts an email of a locked contact (no version bump, no journal: the caller does both). */
export function insertEmail(
  tx: TxCtx,
  contactId: string,
  input: { email: string; type: EmailType; isPrimary?: boolean },
): Promise<EmailRow> {
  return insertEntry(tx, emailCollection, contactId, { email: input.email, type: input.type }, input.isPrimary);
}

export function addEmail({
  ctx,
  contactId,
  ifMatch,
  input,
}: ContactPartWrite & { input: { email: string; type: EmailType; isPrimary?: boolean } }): Promise<ContactProfileDto> {
  return changeCollection(ctx, contactId, ifMatch, async (tx, before) => {
    await assertChannelsFree(tx, [input.email], []);
    return addEntry(tx, emailCollection, before, { email: input.email, type: input.type }, input.isPrimary);
  });
}

export function updateEmail({
  ctx,
  contactId,
  emailId,
  ifMatch,
  input,
}: ContactPartWrite & {
  emailId: string;
  input: { email?: string; type?: EmailType; isPrimary?: boolean; verification?: EmailRow['verification'] };
}): Promise<ContactProfileDto> {
  return changeCollection(ctx, contactId, ifMatch, (tx, before) =>
    updateEntry(tx, emailCollection, before, emailId, {
      isPrimary: input.isPrimary,
      async set(email) {
        const set: Partial<EmailRow> = {};
        if (input.email !== undefined && input.email !== email.email) {
          await assertChannelsFree(tx, [input.email], []);
          set.email = input.email;
          // A new address has not been verified yet.
          set.verification = input.verification ?? 'unverified';
        } else if (input.verification) set.verification = input.verification;
        if (input.type) set.type = input.type;
        return set;
      },
    }),
  );
}

export function removeEmail({
  ctx,
  contactId,
  emailId,
  ifMatch,
}: ContactPartWrite & { emailId: string }): Promise<ContactProfileDto> {
  return changeCollection(ctx, contactId, ifMatch, (tx, before) => removeEntry(tx, emailCollection, before, emailId));
}
