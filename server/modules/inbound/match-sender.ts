// Which contact an inbound message belongs to: a reply joins the thread of the message it answers;
// otherwise the sender's address is looked up among every email (not only primary ones) or every
// phone number of the workspace's contacts.
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { contactEmails, contactPhones, contacts } from '../../db/schema/contacts.ts';
import { messages } from '../../db/schema/messages.ts';
import type { Ctx } from '../../platform/context.ts';

/**
 * The contact of the newest message whose Message-ID is one of `ids` (In-Reply-To first, then
 * References newest first), or null when none of them is known or it had no contact.
 */
export async function contactOfThread(ctx: Ctx, ids: string[]): Promise<string | null> {
  const wanted = ids.filter(Boolean).slice(0, 100);
  if (wanted.length === 0) return null;
  const rows = await ctx.db
    .select({ messageId: messages.messageIdHeader, contactId: messages.contactId })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        inArray(messages.messageIdHeader, wanted),
        isNotNull(messages.contactId),
      ),
    );
  for (const id of wanted) {
    const hit = rows.find((r) => r.messageId === id);
    if (hit?.contactId) return hit.contactId;
  }
  return null;
}

/**
 * An address is unique per workspace (contact_emails_email_key), so at most one contact holds it;
 * should two ever do (data from before that rule), the choice is still deterministic: an active
 * contact before an archived one, then the most recently updated, then the smallest id.
 */
const preference = [sql`${contacts.archivedAt} is not null`, desc(contacts.updatedAt), contacts.id] as const;

export async function contactByEmail(ctx: Ctx, address: string): Promise<string | null> {
  const email = address.trim().toLowerCase();
  if (!email.includes('@')) return null;
  const [row] = await ctx.db
    .select({ id: contacts.id })
    .from(contactEmails)
    .innerJoin(
      contacts,
      and(eq(contacts.workspaceId, contactEmails.workspaceId), eq(contacts.id, contactEmails.contactId)),
    )
    .where(and(eq(contactEmails.workspaceId, ctx.workspaceId), eq(contactEmails.email, email)))
    .orderBy(...preference)
    .limit(1);
  return row?.id ?? null;
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

export async function contactByPhone(ctx: Ctx, address: string): Promise<string | null> {
  const e164 = toE164(address);
  if (!e164) return null;
  const [row] = await ctx.db
    .select({ id: contacts.id })
    .from(contactPhones)
    .innerJoin(
      contacts,
      and(eq(contacts.workspaceId, contactPhones.workspaceId), eq(contacts.id, contactPhones.contactId)),
    )
    .where(and(eq(contactPhones.workspaceId, ctx.workspaceId), eq(contactPhones.e164, e164)))
    .orderBy(...preference)
    .limit(1);
  return row?.id ?? null;
}

/** An email's contact: the thread it replies to, else the sender's address; null when unmatched. */
export async function matchEmailContact(
  ctx: Ctx,
  mail: { inReplyTo: string | null; references: string[]; from: { address: string } | null },
): Promise<string | null> {
  const threadIds = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()];
  return (await contactOfThread(ctx, threadIds)) ?? (mail.from ? await contactByEmail(ctx, mail.from.address) : null);
}
