// Which contact an inbound message belongs to: a reply joins the thread of the message it answers;
// otherwise the sender's address is looked up among every email (not only primary ones) or every
// phone number of the workspace's contacts. Messages are matched in batches: one statement per kind
// of lookup, whatever the number of messages.
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { contactEmails, contactPhones, contacts } from '../../db/schema/contacts.ts';
import { messages } from '../../db/schema/messages.ts';
import type { Ctx } from '../../platform/context.ts';

/** How to find an inbound message's contact; the first that finds one wins. */
export interface SenderMatch {
  /** Message-IDs the message answers: In-Reply-To first, then References newest first. */
  threadIds?: string[];
  email?: string | null;
  phone?: string | null;
}

/** `+4930…`, `whatsapp:+4930…`, `tel:+4930…` → E.164; null when it is not a phone number. */
export function toE164(value: string): string | null {
  const bare = value
    .trim()
    .replace(/^(whatsapp|tel|sms):/i, '')
    .trim();
  if (!bare.startsWith('+')) return null;
  const phone = parsePhoneNumberFromString(bare);
  return phone?.number ?? (/^\+\d{6,15}$/.test(bare) ? bare : null);
}

const normalEmail = (address: string | null | undefined): string | null => {
  const email = address?.trim().toLowerCase() ?? '';
  return email.includes('@') ? email : null;
};

interface Holder {
  key: string;
  contactId: string;
  archived: boolean;
  updatedAt: Date;
}

/**
 * An address is unique per workspace (contact_emails_email_key), so at most one contact holds it;
 * should two ever do (data from before that rule), the choice is still deterministic: an active
 * contact before an archived one, then the most recently updated, then the smallest id.
 */
function preferred(rows: Holder[]): Map<string, string> {
  const best = new Map<string, Holder>();
  for (const r of rows) {
    const b = best.get(r.key);
    const better =
      !b ||
      (b.archived !== r.archived
        ? !r.archived
        : b.updatedAt.getTime() !== r.updatedAt.getTime()
          ? r.updatedAt > b.updatedAt
          : r.contactId < b.contactId);
    if (better) best.set(r.key, r);
  }
  return new Map([...best].map(([k, h]) => [k, h.contactId]));
}

async function threadContacts(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .select({ messageId: messages.messageIdHeader, contactId: messages.contactId })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        inArray(messages.messageIdHeader, ids),
        isNotNull(messages.contactId),
      ),
    );
  return new Map(rows.map((r) => [r.messageId!, r.contactId!]));
}

async function emailHolders(ctx: Ctx, emails: string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = await ctx.db
    .select({
      key: contactEmails.email,
      contactId: contacts.id,
      archivedAt: contacts.archivedAt,
      updatedAt: contacts.updatedAt,
    })
    .from(contactEmails)
    .innerJoin(
      contacts,
      and(eq(contacts.workspaceId, contactEmails.workspaceId), eq(contacts.id, contactEmails.contactId)),
    )
    .where(and(eq(contactEmails.workspaceId, ctx.workspaceId), inArray(contactEmails.email, emails)));
  return preferred(rows.map((r) => ({ ...r, key: r.key.toLowerCase(), archived: r.archivedAt !== null })));
}

async function phoneHolders(ctx: Ctx, numbers: string[]): Promise<Map<string, string>> {
  if (numbers.length === 0) return new Map();
  const rows = await ctx.db
    .select({
      key: contactPhones.e164,
      contactId: contacts.id,
      archivedAt: contacts.archivedAt,
      updatedAt: contacts.updatedAt,
    })
    .from(contactPhones)
    .innerJoin(
      contacts,
      and(eq(contacts.workspaceId, contactPhones.workspaceId), eq(contacts.id, contactPhones.contactId)),
    )
    .where(and(eq(contactPhones.workspaceId, ctx.workspaceId), inArray(contactPhones.e164, numbers)));
  return preferred(rows.map((r) => ({ ...r, archived: r.archivedAt !== null })));
}

const unique = <T>(values: (T | null | undefined)[]): T[] => [
  ...new Set(values.filter((v): v is T => v !== null && v !== undefined)),
];

/** Each message's contact id, or null when nothing matched (it waits in the inbox's "unmatched" filter). */
export async function matchSenders(ctx: Ctx, wanted: SenderMatch[]): Promise<(string | null)[]> {
  const threadIds = wanted.map((w) => (w.threadIds ?? []).filter(Boolean).slice(0, 100));
  const emails = wanted.map((w) => normalEmail(w.email));
  const phones = wanted.map((w) => (w.phone ? toE164(w.phone) : null));
  const [byThread, byEmail, byPhone] = await Promise.all([
    threadContacts(ctx, unique(threadIds.flat())),
    emailHolders(ctx, unique(emails)),
    phoneHolders(ctx, unique(phones)),
  ]);
  return wanted.map((_, i) => {
    const inThread = threadIds[i]!.map((id) => byThread.get(id)).find(Boolean);
    return inThread ?? byEmail.get(emails[i] ?? '') ?? byPhone.get(phones[i] ?? '') ?? null;
  });
}
