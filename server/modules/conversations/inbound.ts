// The two entry points of the inbound side (SMTP listener, raw-MIME webhook, IMAP, Twilio webhooks):
// store a received message, and move a sent one through its provider's statuses. Both match nothing
// themselves — the caller resolves the contact — and both journal in the same transaction, so owner,
// followers and open pages hear of it through the journal (notifications subscriber, SSE).
import { and, eq } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import {
  messages,
  type CallOutcome,
  type MessageChannel,
  type MessageDirection,
  type MessageStatus,
} from '../../db/schema/messages.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { record } from '../../platform/journal/journal.ts';
import { sanitizeStoredEmailHtml } from '../inbound/email-html.ts';
import { noteHtmlToText, sanitizeNoteHtml } from '../notes/note-html.ts';
import {
  announceMessage,
  insertMessage,
  messageEntryData,
  statusChange,
  type MessageRow,
  type NewAttachment,
} from './messages.service.ts';

export interface InboundMessageInput {
  /** The matched contact, or null: the message waits in the inbox's "unmatched" filter. */
  contactId: string | null;
  channel: Exclude<MessageChannel, 'comment'>;
  /** Inbound unless the provider reports what Dossier's own number placed (an outbound call). */
  direction?: MessageDirection;
  from: string;
  to: string[];
  cc?: string[];
  subject?: string | null;
  /** Plain text; derived from the HTML when empty. */
  bodyText?: string;
  /** Raw HTML as received; sanitised here. */
  bodyHtml?: string | null;
  /** Without angle brackets. The idempotency key of email. */
  messageIdHeader?: string | null;
  inReplyTo?: string | null;
  references?: string[];
  /** Twilio MessageSid / CallSid: the idempotency key of texts and calls. */
  providerSid?: string | null;
  headers?: Record<string, string>;
  attachments?: NewAttachment[];
  receivedAt?: Date;
  /** Calls reported by the provider. */
  call?: { durationSeconds?: number | null; outcome?: CallOutcome | null; recordingUrl?: string | null };
}

export interface StoredInbound {
  message: MessageRow;
  /** false when the same Message-ID / provider sid was stored before (a retried delivery). */
  created: boolean;
}

async function existing(ctx: Ctx, input: InboundMessageInput): Promise<MessageRow | undefined> {
  const by = input.messageIdHeader
    ? eq(messages.messageIdHeader, input.messageIdHeader)
    : input.providerSid
      ? eq(messages.providerSid, input.providerSid)
      : undefined;
  if (!by) return undefined;
  const [row] = await ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, ctx.workspaceId), by));
  return row;
}

/**
 * Stores one inbound message idempotently (on Message-ID, else provider sid): a repeat returns the
 * stored message with `created: false` and changes nothing. Updates the contact's inbox row (one more
 * unread) and journals `message.received` with the contact as actor.
 */
export async function storeInboundMessage(ctx: Ctx, input: InboundMessageInput): Promise<StoredInbound> {
  return inTransaction(ctx, async (tx) => {
    const before = await existing(tx, input);
    if (before) return { message: before, created: false };
    let contact: { id: string; displayName: string; ownerId: string } | undefined;
    if (input.contactId) {
      [contact] = await tx.db
        .select({ id: contacts.id, displayName: contacts.displayName, ownerId: contacts.ownerId })
        .from(contacts)
        .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, input.contactId)));
      if (!contact) throw notFound('Contact');
    }
    // Mail keeps what mail clients write (tables, images); texts and calls keep the notes' rules.
    const clean = input.channel === 'email' ? sanitizeStoredEmailHtml : sanitizeNoteHtml;
    const bodyHtml = input.bodyHtml ? clean(input.bodyHtml) : null;
    const receivedAt = input.receivedAt ?? new Date();
    // An outbound message (a call Dossier's number placed) is never unread and its contact is not its author.
    const direction = input.direction ?? 'inbound';
    const status: MessageStatus = input.channel === 'call' ? 'logged' : 'received';
    const row = await insertMessage(
      tx,
      {
        id: newId(),
        contactId: contact?.id ?? null,
        channel: input.channel,
        direction,
        status,
        statusHistory: [statusChange(status)],
        fromAddress: input.from,
        toAddresses: input.to,
        ccAddresses: input.cc ?? [],
        subject: input.subject ?? null,
        bodyText: (input.bodyText || (bodyHtml ? noteHtmlToText(bodyHtml) : '')).trim(),
        bodyHtml,
        messageIdHeader: input.messageIdHeader ?? null,
        inReplyTo: input.inReplyTo ?? null,
        references: input.references ?? [],
        providerSid: input.providerSid ?? null,
        headers: input.headers ?? {},
        durationSeconds: input.call?.durationSeconds ?? null,
        outcome: input.call?.outcome ?? null,
        recordingUrl: input.call?.recordingUrl ?? null,
        receivedAt,
        createdAt: receivedAt,
      },
      input.attachments ?? [],
    );
    // Lost a race with a parallel delivery of the same message: theirs is the stored one.
    if (!row) return { message: (await existing(tx, input))!, created: false };
    await record(tx, {
      contactId: row.contactId,
      kind: input.channel === 'call' ? 'call.logged' : 'message.received',
      category: 'focus',
      subject: { type: 'message', id: row.id },
      actor:
        direction === 'outbound'
          ? undefined
          : contact
            ? { type: 'contact', id: contact.id, label: contact.displayName }
            : { type: 'contact', id: null, label: input.from },
      occurredAt: receivedAt,
      data: messageEntryData(row, { ownerId: contact?.ownerId ?? null, attachments: input.attachments?.length ?? 0 }),
    });
    return { message: row, created: true };
  });
}

/** A later status never goes back to an earlier one (callbacks arrive out of order). */
const rank: Partial<Record<MessageStatus, number>> = {
  scheduled: 0,
  queued: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
};

/**
 * Moves an outbound message by its provider sid (a Twilio status callback). Delivered and failed /
 * undelivered are journaled (system actor unless the context says otherwise); an unknown sid or a
 * stale status changes nothing and returns null / the message as it is.
 */
export async function updateMessageStatus(
  ctx: Ctx,
  input: { providerSid: string; status: MessageStatus; errorCode?: string | null },
): Promise<MessageRow | null> {
  return inTransaction(ctx, async (tx) => {
    const [m] = await tx.db
      .select()
      .from(messages)
      .where(and(eq(messages.workspaceId, ctx.workspaceId), eq(messages.providerSid, input.providerSid)))
      .for('update');
    if (!m) return null;
    const from = rank[m.status];
    const to = rank[input.status];
    if (m.status === input.status || from === undefined || to === undefined || to < from) return m;
    const failed = input.status === 'failed' || input.status === 'undelivered';
    const [saved] = await tx.db
      .update(messages)
      .set({
        status: input.status,
        statusHistory: [...m.statusHistory, statusChange(input.status, input.errorCode)],
        errorCode: failed ? (input.errorCode ?? m.errorCode) : m.errorCode,
        sentAt: m.sentAt ?? (input.status === 'sent' || input.status === 'delivered' ? new Date() : null),
        updatedAt: new Date(),
      })
      .where(and(eq(messages.workspaceId, ctx.workspaceId), eq(messages.id, m.id)))
      .returning();
    await announceMessage(tx, saved!);
    if (input.status === 'delivered' || failed) {
      await record(tx, {
        contactId: m.contactId,
        kind: failed ? 'message.failed' : 'message.delivered',
        category: 'focus',
        subject: { type: 'message', id: m.id },
        data: messageEntryData(saved!, failed ? { errorCode: saved!.errorCode } : {}),
      });
    }
    return saved!;
  });
}
