// The two entry points of the inbound side (SMTP listener, raw-MIME webhook, IMAP, Twilio webhooks):
// store a received message, and move a sent one through its provider's statuses. Both journal in the
// same transaction, so owner, followers and open pages hear of it through the journal (notifications
// subscriber, SSE).
import { and, eq, inArray, or } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import {
  messageAttachments,
  messages,
  type CallOutcome,
  type MessageChannel,
  type MessageDirection,
  type MessageStatus,
} from '../../db/schema/messages.ts';
import { inTransaction, systemCtx, type Ctx, type Deps } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { record, recordMany } from '../../platform/journal/journal.ts';
import { sanitizeStoredEmailHtml } from '../inbound/email-html.ts';
import { noteHtmlToText, sanitizeNoteHtml } from '../notes/note-html.ts';
import { matchSenders, type SenderMatch } from '../inbound/match-sender.ts';
import {
  announceMessage,
  messageEntryData,
  statusChange,
  touchConversations,
  type MessageRow,
  type NewAttachment,
  type NewMessage,
} from './messages.service.ts';

export interface InboundMessageInput {
  /** The contact when the caller knows it (it must be the workspace's); else `match` finds it. */
  contactId?: string | null;
  /** How to find the contact; with neither, the message waits in the inbox's "unmatched" filter. */
  match?: SenderMatch;
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

/**
 * Stores one inbound message idempotently (on Message-ID, else provider sid): a repeat returns the
 * stored message with `created: false` and changes nothing. Finds the contact (see `match`), updates
 * its inbox row (one more unread) and journals `message.received` with the contact as actor.
 *
 * Messages that arrive while the workspace's previous ones are being stored wait and are then stored
 * together, in one transaction of a few statements (see storeBatch): under load a message costs a
 * fraction of a round trip, and alone it waits for nothing. Each caller still learns only once its
 * message is committed.
 */
export function storeInboundMessage(ctx: Ctx, input: InboundMessageInput): Promise<StoredInbound> {
  if (ctx.tx) return storeBatch(ctx, [input]).then(([o]) => settled(o!));
  return new Promise((resolve, reject) => {
    const queue = queueOf(ctx.deps, ctx.workspaceId);
    queue.waiting.push({ input, resolve, reject });
    if (!queue.busy) void drain(ctx.deps, ctx.workspaceId, queue);
  });
}

type Outcome = { ok: true; value: StoredInbound } | { ok: false; error: unknown };

const settled = (o: Outcome): StoredInbound => {
  if (!o.ok) throw o.error;
  return o.value;
};

interface Waiting {
  input: InboundMessageInput;
  resolve: (stored: StoredInbound) => void;
  reject: (error: unknown) => void;
}

interface Queue {
  waiting: Waiting[];
  busy: boolean;
}

/** At most this many messages go into one transaction. */
const MAX_BATCH = 100;
const queues = new WeakMap<Deps, Map<string, Queue>>();

function queueOf(deps: Deps, workspaceId: string): Queue {
  let byWorkspace = queues.get(deps);
  if (!byWorkspace) queues.set(deps, (byWorkspace = new Map()));
  let queue = byWorkspace.get(workspaceId);
  if (!queue) byWorkspace.set(workspaceId, (queue = { waiting: [], busy: false }));
  return queue;
}

async function drain(deps: Deps, workspaceId: string, queue: Queue): Promise<void> {
  queue.busy = true;
  try {
    while (queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, MAX_BATCH);
      const ctx = systemCtx(deps, workspaceId);
      // A batch that fails as a whole (a message breaking a constraint) is retried one by one, so
      // only the message at fault fails.
      const outcomes = await storeBatch(
        ctx,
        batch.map((w) => w.input),
      ).catch((error: unknown) =>
        batch.length === 1
          ? [{ ok: false as const, error }]
          : Promise.all(
              batch.map((w) =>
                storeBatch(ctx, [w.input]).then(
                  ([o]) => o!,
                  (e: unknown) => ({ ok: false as const, error: e }),
                ),
              ),
            ),
      );
      outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.value) : batch[i]!.reject(o.error)));
    }
  } finally {
    queue.busy = false;
    if (queues.get(deps)?.get(workspaceId) === queue) queues.get(deps)!.delete(workspaceId);
  }
}

/** A message's idempotency key: its Message-ID, else its provider sid. */
const keyOf = (input: Pick<InboundMessageInput, 'messageIdHeader' | 'providerSid'>): string | null =>
  input.messageIdHeader ? `m:${input.messageIdHeader}` : input.providerSid ? `s:${input.providerSid}` : null;

async function storedByKey(ctx: Ctx, inputs: InboundMessageInput[]): Promise<Map<string, MessageRow>> {
  const messageIds = inputs.flatMap((i) => (i.messageIdHeader ? [i.messageIdHeader] : []));
  const sids = inputs.flatMap((i) => (!i.messageIdHeader && i.providerSid ? [i.providerSid] : []));
  if (messageIds.length === 0 && sids.length === 0) return new Map();
  const rows = await ctx.db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        or(
          messageIds.length ? inArray(messages.messageIdHeader, messageIds) : undefined,
          sids.length ? inArray(messages.providerSid, sids) : undefined,
        ),
      ),
    );
  const found = new Map<string, MessageRow>();
  for (const r of rows) {
    if (r.messageIdHeader) found.set(`m:${r.messageIdHeader}`, r);
    if (r.providerSid) found.set(`s:${r.providerSid}`, r);
  }
  return found;
}

type ContactRef = { id: string; displayName: string; ownerId: string };

async function contactsById(ctx: Ctx, ids: string[]): Promise<Map<string, ContactRef>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .select({ id: contacts.id, displayName: contacts.displayName, ownerId: contacts.ownerId })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.id, ids)));
  return new Map(rows.map((r) => [r.id, r]));
}

function messageValues(input: InboundMessageInput, contact: ContactRef | undefined): NewMessage {
  // Mail keeps what mail clients write (tables, images); texts and calls keep the notes' rules.
  const clean = input.channel === 'email' ? sanitizeStoredEmailHtml : sanitizeNoteHtml;
  const bodyHtml = input.bodyHtml ? clean(input.bodyHtml) : null;
  const receivedAt = input.receivedAt ?? new Date();
  const status: MessageStatus = input.channel === 'call' ? 'logged' : 'received';
  return {
    id: newId(),
    contactId: contact?.id ?? null,
    channel: input.channel,
    // An outbound message (a call Dossier's number placed) is never unread and its contact is not its author.
    direction: input.direction ?? 'inbound',
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
  };
}

/**
 * Stores a batch of one workspace's inbound messages: what is already stored (or twice in the batch)
 * is answered with the stored message; the contacts are found in one statement per kind of lookup;
 * the new messages, their attachments, inbox rows and journal entries are written in one transaction.
 */
async function storeBatch(ctx: Ctx, inputs: InboundMessageInput[]): Promise<Outcome[]> {
  const stored = await storedByKey(ctx, inputs);
  const outcomes: (Outcome | undefined)[] = inputs.map((input) => {
    const before = stored.get(keyOf(input) ?? '');
    return before ? { ok: true, value: { message: before, created: false } } : undefined;
  });

  const toMatch = inputs.flatMap((input, i) => (!outcomes[i] && !input.contactId && input.match ? [i] : []));
  const matched = await matchSenders(
    ctx,
    toMatch.map((i) => inputs[i]!.match!),
  );
  const contactIdOf = new Map<number, string | null>(toMatch.map((i, n) => [i, matched[n]!]));
  const idOf = (i: number) => inputs[i]!.contactId ?? contactIdOf.get(i) ?? null;
  const refs = await contactsById(ctx, [
    ...new Set(inputs.flatMap((_, i) => (!outcomes[i] && idOf(i) ? [idOf(i)!] : []))),
  ]);

  // The first of the batch's messages with a key is stored; a repeat of it waits for its answer.
  const firstOfKey = new Map<string, number>();
  const repeats: [number, number][] = [];
  const pending: { index: number; values: NewMessage; contact?: ContactRef; input: InboundMessageInput }[] = [];
  inputs.forEach((input, i) => {
    if (outcomes[i]) return;
    const id = idOf(i);
    const contact = id ? refs.get(id) : undefined;
    if (id && !contact) {
      outcomes[i] = { ok: false, error: notFound('Contact') };
      return;
    }
    const key = keyOf(input);
    const first = key ? firstOfKey.get(key) : undefined;
    if (first !== undefined) return void repeats.push([i, first]);
    if (key) firstOfKey.set(key, i);
    pending.push({ index: i, values: messageValues(input, contact), contact, input });
  });

  if (pending.length > 0) {
    const rows = await inTransaction(ctx, async (tx) => {
      const inserted = await tx.db
        .insert(messages)
        .values(pending.map((p) => ({ ...p.values, workspaceId: tx.workspaceId })))
        .onConflictDoNothing()
        .returning();
      const byId = new Map(inserted.map((r) => [r.id, r]));
      const created = pending.filter((p) => byId.has(p.values.id!));
      const attachments = created.flatMap((p) =>
        (p.input.attachments ?? []).map((a) => ({
          workspaceId: tx.workspaceId,
          messageId: p.values.id!,
          fileId: a.fileId,
          contentId: a.contentId ?? null,
          inline: a.inline ?? false,
        })),
      );
      if (attachments.length > 0) await tx.db.insert(messageAttachments).values(attachments);
      await touchConversations(tx, inserted);
      await recordMany(
        tx,
        created.map(({ input, contact, values }) => {
          const row = byId.get(values.id!)!;
          return {
            contactId: row.contactId,
            kind: input.channel === 'call' ? 'call.logged' : 'message.received',
            category: 'focus' as const,
            subject: { type: 'message', id: row.id },
            actor:
              row.direction === 'outbound'
                ? undefined
                : contact
                  ? { type: 'contact' as const, id: contact.id, label: contact.displayName }
                  : { type: 'contact' as const, id: null, label: input.from },
            occurredAt: row.createdAt,
            data: messageEntryData(row, {
              ownerId: contact?.ownerId ?? null,
              attachments: input.attachments?.length ?? 0,
            }),
          };
        }),
      );
      return byId;
    });
    // Lost a race with a parallel delivery of the same message: theirs is the stored one.
    const lost = pending.filter((p) => !rows.has(p.values.id!));
    const theirs = lost.length
      ? await storedByKey(
          ctx,
          lost.map((p) => p.input),
        )
      : new Map<string, MessageRow>();
    for (const p of pending) {
      const mine = rows.get(p.values.id!);
      const other = theirs.get(keyOf(p.input) ?? '');
      outcomes[p.index] = mine
        ? { ok: true, value: { message: mine, created: true } }
        : other
          ? { ok: true, value: { message: other, created: false } }
          : { ok: false, error: new Error('An inbound message was neither stored nor found') };
    }
  }
  for (const [i, first] of repeats) {
    const o = outcomes[first]!;
    outcomes[i] = o.ok ? { ok: true, value: { message: o.value.message, created: false } } : o;
  }
  return outcomes as Outcome[];
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
