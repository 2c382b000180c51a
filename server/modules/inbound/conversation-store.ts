// The inbound side's one door into the conversations module: storing a received message (idempotent
// on Message-ID / provider sid) and moving an outbound message's delivery status.
// TEMPORARY: written before conversations' storeInboundMessage/updateMessageStatus landed; replaced
// by calls to them on the next merge.
import { and, eq, sql } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import {
  messageAttachments,
  messages,
  type CallOutcome,
  type MessageChannel,
  type MessageStatus,
} from '../../db/schema/messages.ts';
import { inTransaction, type Actor, type Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { record } from '../../platform/journal/journal.ts';
import type { StoredAttachment } from './store-attachments.ts';

export interface InboundValues {
  channel: MessageChannel;
  direction?: 'inbound' | 'outbound';
  contactId: string | null;
  fromAddress: string | null;
  toAddresses: string[];
  ccAddresses?: string[];
  subject?: string | null;
  bodyText: string;
  bodyHtml?: string | null;
  messageIdHeader?: string | null;
  inReplyTo?: string | null;
  references?: string[];
  providerSid?: string | null;
  headers?: Record<string, string>;
  durationSeconds?: number | null;
  outcome?: CallOutcome | null;
  recordingUrl?: string | null;
  attachments: Pick<StoredAttachment, 'fileId' | 'contentId' | 'inline'>[];
}

export async function storeInbound(
  ctx: Ctx,
  v: InboundValues,
): Promise<{ id: string; contactId: string | null; created: boolean }> {
  return inTransaction(ctx, async (tx) => {
    const { attachments, direction, ...values } = v;
    const status: MessageStatus = v.channel === 'call' ? 'logged' : 'received';
    const [row] = await tx.db
      .insert(messages)
      .values({
        ...values,
        workspaceId: tx.workspaceId,
        id: newId(),
        direction: direction ?? 'inbound',
        status,
        statusHistory: [{ status, at: new Date().toISOString() }],
        receivedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      const key = v.messageIdHeader
        ? eq(messages.messageIdHeader, v.messageIdHeader)
        : eq(messages.providerSid, v.providerSid ?? '');
      const [existing] = await tx.db
        .select({ id: messages.id, contactId: messages.contactId })
        .from(messages)
        .where(and(eq(messages.workspaceId, tx.workspaceId), key));
      return { id: existing!.id, contactId: existing!.contactId, created: false };
    }
    if (attachments.length > 0) {
      await tx.db.insert(messageAttachments).values(
        attachments.map((a) => ({
          workspaceId: tx.workspaceId,
          messageId: row.id,
          fileId: a.fileId,
          contentId: a.contentId,
          inline: a.inline,
        })),
      );
    }
    await record(tx, {
      contactId: row.contactId,
      kind: v.channel === 'call' ? 'call.logged' : 'message.received',
      category: 'focus',
      subject: { type: 'message', id: row.id },
      data: { messageId: row.id, channel: row.channel, subject: row.subject, from: row.fromAddress },
    });
    return { id: row.id, contactId: row.contactId, created: true };
  });
}

export async function updateStatus(
  ctx: Ctx,
  input: { providerSid: string; status: MessageStatus; errorCode: string | null },
): Promise<void> {
  await ctx.db
    .update(messages)
    .set({
      status: input.status,
      errorCode: input.errorCode,
      statusHistory: sql`${messages.statusHistory} || ${JSON.stringify([{ status: input.status, at: new Date().toISOString(), errorCode: input.errorCode }])}::jsonb`,
    })
    .where(and(eq(messages.workspaceId, ctx.workspaceId), eq(messages.providerSid, input.providerSid)));
}

/** The contact as the journal's actor (a reply, a STOP). */
export async function contactActor(ctx: Ctx, contactId: string): Promise<Actor> {
  const [c] = await ctx.db
    .select({ displayName: contacts.displayName })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, contactId)));
  return { type: 'contact', id: contactId, label: c?.displayName ?? 'Contact' };
}

/** Twilio's message statuses in Dossier's words (TEMPORARY: conversations/providers.ts has it). */
export function fromTwilioStatus(status: string): MessageStatus | null {
  const map: Record<string, MessageStatus> = {
    accepted: 'queued',
    scheduled: 'queued',
    queued: 'queued',
    sending: 'queued',
    sent: 'sent',
    delivered: 'delivered',
    read: 'delivered',
    undelivered: 'undelivered',
    failed: 'failed',
    received: 'received',
    canceled: 'cancelled',
  };
  return map[status.toLowerCase()] ?? null;
}

export const TWILIO_DEFAULT_BASE_URL = 'https://api.twilio.com';
