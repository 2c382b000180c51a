// Inbound messages no contact matched: attach one to a contact, or create the contact from its
// sender (name and address) and attach it.
import { and, eq } from 'drizzle-orm';
import { messages } from '../../db/schema/messages.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { record } from '../../platform/journal/journal.ts';
import { requireContact } from '../contacts/contact-access.ts';
import { createContact } from '../contacts/create-contact.ts';
import type { CreateContactInput } from '../contacts/contacts.schemas.ts';
import type { MessageDto } from '../conversations/conversations.schemas.ts';
import {
  messageEntryData,
  toMessageDtos,
  touchConversation,
  type MessageRow,
} from '../conversations/messages.service.ts';
import { toE164 } from './match-sender.ts';

/** An unmatched message the caller may handle: only those who see every contact see unmatched mail. */
async function unmatchedMessage(ctx: Ctx, messageId: string, lock: boolean): Promise<MessageRow> {
  const query = ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, ctx.workspaceId), eq(messages.id, messageId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row || (row.contactId === null && ctx.principal.contactAccess === 'own')) throw notFound('Message');
  if (row.contactId !== null) {
    // Visible or not, a matched message is not this endpoint's business; do not reveal more.
    await requireContact(ctx, row.contactId);
    throw new AppError('message_already_attached', 409, 'The message already belongs to a contact');
  }
  if (row.direction !== 'inbound') throw new AppError('message_already_attached', 409, 'Only inbound messages wait');
  return row;
}

export async function attachMessage({
  ctx,
  messageId,
  contactId,
}: {
  ctx: Ctx;
  messageId: string;
  contactId: string;
}): Promise<MessageDto> {
  const moved = await inTransaction(ctx, async (tx) => {
    await unmatchedMessage(tx, messageId, true);
    const contact = await requireContact(tx, contactId, { writable: true });
    const [moved] = await tx.db
      .update(messages)
      .set({ contactId, updatedAt: new Date() })
      .where(and(eq(messages.workspaceId, tx.workspaceId), eq(messages.id, messageId)))
      .returning();
    await touchConversation(tx, moved!);
    await record(tx, {
      contactId,
      kind: 'message.attached',
      category: 'focus',
      subject: { type: 'message', id: messageId },
      // The owner hears of it as of a received message (notifications subscriber).
      data: messageEntryData(moved!, { ownerId: contact.ownerId }),
    });
    return moved!;
  });
  const [dto] = await toMessageDtos(ctx, [moved]);
  return dto!;
}

/** `"Ann Lee" <ann@x>` → name and address; a phone or `whatsapp:+…` sender → its number. */
export function senderOf(message: Pick<MessageRow, 'channel' | 'fromAddress'>): {
  name: string;
  email: string | null;
  phone: string | null;
} {
  const from = (message.fromAddress ?? '').trim();
  if (message.channel === 'email') {
    const m = /^(.*?)\s*<([^<>]+)>$/.exec(from);
    const name = (m?.[1] ?? '').replace(/^"|"$/g, '').replace(/\\(.)/g, '$1').trim();
    return { name, email: (m?.[2] ?? from).toLowerCase(), phone: null };
  }
  return { name: '', email: null, phone: toE164(from) };
}

export async function createContactFromMessage({
  ctx,
  messageId,
  input,
}: {
  ctx: Ctx;
  messageId: string;
  input: { firstName?: string; lastName?: string; ownerId?: string };
}): Promise<MessageDto> {
  const message = await unmatchedMessage(ctx, messageId, false);
  const sender = senderOf(message);
  if (!sender.email && !sender.phone) {
    throw new AppError('no_address', 422, 'The message has no sender address to create a contact from');
  }
  const [first, ...rest] = sender.name.split(/\s+/).filter(Boolean);
  const fallback = sender.email ? sender.email.split('@')[0]! : sender.phone!;
  const contactInput: CreateContactInput = {
    kind: 'person',
    firstName: input.firstName ?? first ?? fallback,
    lastName: input.lastName ?? (rest.length ? rest.join(' ') : undefined),
    ownerId: input.ownerId ?? ctx.principal.actsFor ?? undefined,
    source: message.channel === 'email' ? 'Inbound email' : `Inbound ${message.channel}`,
    ...(sender.email ? { emails: [{ email: sender.email, type: 'work' as const }] } : {}),
    ...(sender.phone ? { phones: [{ number: sender.phone, type: 'mobile' as const }] } : {}),
  };
  const contact = await createContact({ ctx, input: contactInput });
  return attachMessage({ ctx, messageId, contactId: contact.id });
}
