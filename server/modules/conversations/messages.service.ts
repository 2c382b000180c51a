// The thread's data: messages as the API shows them, the insert every channel goes through (which
// keeps the contact's inbox row in the same transaction), reading a thread and one message.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { files } from '../../db/schema/files.ts';
import { conversations, messageAttachments, messages, type MessageStatus } from '../../db/schema/messages.ts';
import type { Ctx, TxCtx } from '../../platform/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { EVENTS_CHANNEL } from '../../platform/journal/journal.ts';
import { requireContact } from '../contacts/contact-access.ts';
import { preview } from '../notes/note-html.ts';
import { userRefs } from '../tasks/assignee.ts';
import type { MessageDetailsDto, MessageDto } from './conversations.schemas.ts';

export type MessageRow = typeof messages.$inferSelect;
export type NewMessage = Omit<typeof messages.$inferInsert, 'workspaceId'>;

export interface NewAttachment {
  fileId: string;
  contentId?: string | null;
  inline?: boolean;
}

async function attachmentsOf(ctx: Ctx, ids: string[]) {
  if (ids.length === 0) return [];
  return ctx.db
    .select({
      messageId: messageAttachments.messageId,
      id: files.id,
      filename: files.filename,
      size: files.size,
      contentType: files.contentType,
    })
    .from(messageAttachments)
    .innerJoin(
      files,
      and(eq(files.workspaceId, messageAttachments.workspaceId), eq(files.id, messageAttachments.fileId)),
    )
    .where(and(eq(messageAttachments.workspaceId, ctx.workspaceId), inArray(messageAttachments.messageId, ids)))
    .orderBy(messageAttachments.createdAt, files.filename);
}

export async function toMessageDtos(ctx: Ctx, rows: MessageRow[]): Promise<MessageDto[]> {
  if (rows.length === 0) return [];
  const people = await userRefs(
    ctx,
    rows.flatMap((r) => [r.authorId, ...r.mentionedUserIds]),
  );
  const attached = await attachmentsOf(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((m) => ({
    id: m.id,
    contactId: m.contactId,
    channel: m.channel,
    direction: m.direction,
    status: m.status,
    from: m.fromAddress,
    to: m.toAddresses,
    cc: m.ccAddresses,
    subject: m.subject,
    bodyText: m.bodyText,
    bodyHtml: m.bodyHtml,
    author: (m.authorId && people.get(m.authorId)) || null,
    mentionedUsers: m.mentionedUserIds.flatMap((id) => people.get(id) ?? []),
    attachments: attached
      .filter((a) => a.messageId === m.id)
      .map(({ id, filename, size, contentType }) => ({ id, filename, size, contentType, url: `/api/v1/files/${id}` })),
    call:
      m.channel === 'call'
        ? { durationSeconds: m.durationSeconds, outcome: m.outcome, recordingUrl: m.recordingUrl }
        : null,
    scheduledAt: toIsoOrNull(m.scheduledAt),
    sentAt: toIsoOrNull(m.sentAt),
    receivedAt: toIsoOrNull(m.receivedAt),
    openCount: m.openCount,
    openedAt: toIsoOrNull(m.openedAt),
    clickCount: m.clickCount,
    clickedAt: toIsoOrNull(m.clickedAt),
    errorCode: m.errorCode,
    errorMessage: m.errorMessage,
    createdAt: toIso(m.createdAt),
  }));
}

export async function toMessageDetails(ctx: Ctx, row: MessageRow): Promise<MessageDetailsDto> {
  const [dto] = await toMessageDtos(ctx, [row]);
  return {
    ...dto!,
    messageIdHeader: row.messageIdHeader,
    inReplyTo: row.inReplyTo,
    references: row.references,
    providerSid: row.providerSid,
    headers: row.headers,
    statusHistory: row.statusHistory,
  };
}

/** What the inbox shows of a message: its subject and the start of its text. */
export function messagePreview(m: Pick<MessageRow, 'subject' | 'bodyText'>): string {
  return preview(m.subject ? `${m.subject} — ${m.bodyText}` : m.bodyText, 160);
}

/** The facts a journal entry about a message keeps (the timeline words them; the bell reads them). */
export function messageEntryData(m: MessageRow, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    messageId: m.id,
    channel: m.channel,
    direction: m.direction,
    status: m.status,
    subject: m.subject,
    preview: preview(m.bodyText),
    from: m.fromAddress,
    to: m.toAddresses,
    ...extra,
  };
}

export const statusChange = (status: MessageStatus, errorCode?: string | null) => ({
  status,
  at: new Date().toISOString(),
  ...(errorCode ? { errorCode } : {}),
});

/**
 * Inserts a message and brings its contact's inbox row up to date, in the caller's transaction.
 * Returns null when the message is already stored (same Message-ID or provider sid): inbound
 * deliveries are retried by their senders, and must not be stored twice.
 */
export async function insertMessage(
  tx: TxCtx,
  values: NewMessage,
  attachments: NewAttachment[] = [],
): Promise<MessageRow | null> {
  const [row] = await tx.db
    .insert(messages)
    .values({ ...values, workspaceId: tx.workspaceId })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  if (attachments.length) {
    await tx.db.insert(messageAttachments).values(
      attachments.map((a) => ({
        workspaceId: tx.workspaceId,
        messageId: row.id,
        fileId: a.fileId,
        contentId: a.contentId ?? null,
        inline: a.inline ?? false,
      })),
    );
  }
  if (row.contactId) await touchConversation(tx, row);
  return row;
}

/** The inbox row follows the thread's newest message; inbound ones count as unread and reopen it. */
export async function touchConversation(tx: TxCtx, m: MessageRow): Promise<void> {
  await touchConversations(tx, [m]);
}

/**
 * The inbox rows of several new messages in one statement: per contact, the newest message becomes
 * the last one (unless the thread already has a newer one), its channels join the thread's, and
 * every inbound message counts as one more unread.
 */
export async function touchConversations(tx: TxCtx, rows: MessageRow[]): Promise<void> {
  const threads = new Map<string, { last: MessageRow; channels: Set<string>; unread: number }>();
  for (const m of rows) {
    if (!m.contactId) continue;
    const t = threads.get(m.contactId) ?? { last: m, channels: new Set<string>(), unread: 0 };
    if (m.createdAt > t.last.createdAt || (m.createdAt.getTime() === t.last.createdAt.getTime() && m.id > t.last.id)) {
      t.last = m;
    }
    t.channels.add(m.channel);
    if (m.direction === 'inbound') t.unread += 1;
    threads.set(m.contactId, t);
  }
  if (threads.size === 0) return;
  const values = [...threads].map(
    ([contactId, { last: m, channels, unread }]) => sql`(${tx.workspaceId}, ${contactId}, ${m.id}, ${m.createdAt},
      ${messagePreview(m)}, ${m.channel}, ${m.direction}, array[${sql.join(
        [...channels].map((c) => sql`${c}`),
        sql`, `,
      )}]::text[], ${unread})`,
  );
  await tx.db.execute(sql`
    insert into ${conversations} as c (workspace_id, contact_id, last_message_id, last_message_at,
      last_message_preview, last_message_channel, last_message_direction, channels, unread_count)
    values ${sql.join(values, sql`, `)}
    on conflict (workspace_id, contact_id) do update set
      last_message_id = case when excluded.last_message_at >= c.last_message_at then excluded.last_message_id else c.last_message_id end,
      last_message_preview = case when excluded.last_message_at >= c.last_message_at then excluded.last_message_preview else c.last_message_preview end,
      last_message_channel = case when excluded.last_message_at >= c.last_message_at then excluded.last_message_channel else c.last_message_channel end,
      last_message_direction = case when excluded.last_message_at >= c.last_message_at then excluded.last_message_direction else c.last_message_direction end,
      last_message_at = greatest(c.last_message_at, excluded.last_message_at),
      channels = c.channels || array(select unnest(excluded.channels) except select unnest(c.channels)),
      unread_count = c.unread_count + excluded.unread_count,
      archived = c.archived and excluded.unread_count = 0,
      updated_at = now()`);
}

/**
 * Tells open pages that a message changed when no journal entry does (queued → sent, another open):
 * delivered on commit, like the journal's own announcements.
 */
export async function announceMessage(tx: TxCtx, m: MessageRow): Promise<void> {
  const payload = JSON.stringify({ type: 'message', w: tx.workspaceId, c: m.contactId, id: m.id, s: m.status });
  await tx.db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`);
}

/** A message the caller may see: its contact must be visible (unmatched ones: everyone who sees all contacts). */
export async function findMessage(
  ctx: Ctx,
  messageId: string,
  opts: { lock?: boolean; writable?: boolean } = {},
): Promise<MessageRow> {
  const query = ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, ctx.workspaceId), eq(messages.id, messageId)));
  const [row] = opts.lock ? await query.for('update') : await query;
  if (!row) throw notFound('Message');
  if (row.contactId) await requireContact(ctx, row.contactId, { writable: opts.writable });
  else if (ctx.principal.contactAccess === 'own') throw notFound('Message');
  return row;
}

export async function getMessage({ ctx, messageId }: { ctx: Ctx; messageId: string }): Promise<MessageDetailsDto> {
  return toMessageDetails(ctx, await findMessage(ctx, messageId));
}

/**
 * One page of a contact's thread, newest page first and oldest-first within it (a chat reads down).
 * The cursor continues with older messages.
 */
export async function listMessages({
  ctx,
  contactId,
  channel,
  cursor,
  limit,
}: {
  ctx: Ctx;
  contactId: string;
  channel?: MessageRow['channel'];
  cursor?: string;
  limit: number;
}): Promise<{ data: MessageDto[]; nextCursor: string | null }> {
  await requireContact(ctx, contactId);
  const after = decodeCursor(cursor, 2) as [string, string] | null;
  if (cursor && (!after || typeof after[0] !== 'string' || typeof after[1] !== 'string' || !isIso(after[0]))) {
    throw invalid('The cursor is not valid; start again without it');
  }
  // (created_at desc, id asc) is the thread index's own order.
  const older = after
    ? sql`(${messages.createdAt} < ${after[0]}::timestamptz or (${messages.createdAt} = ${after[0]}::timestamptz and ${messages.id} > ${after[1]}::uuid))`
    : undefined;
  const rows = await ctx.db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        eq(messages.contactId, contactId),
        channel ? eq(messages.channel, channel) : undefined,
        older,
      ),
    )
    .orderBy(desc(messages.createdAt), asc(messages.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: await toMessageDtos(ctx, page.reverse()),
    nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

const isIso = (s: string) => !Number.isNaN(Date.parse(s));

/** The contact a message concerns, as the journal's actor when the contact did something (opened, replied). */
export async function contactActor(ctx: Ctx, contactId: string) {
  const [c] = await ctx.db
    .select({ displayName: contacts.displayName })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, contactId)));
  return { type: 'contact' as const, id: contactId, label: c?.displayName ?? 'Contact' };
}
