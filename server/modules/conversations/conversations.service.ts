// The inbox: one row per contact thread (newest activity first), or the unmatched inbound messages;
// thread states (read/unread, starred, archived) are set explicitly by the reader.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { conversations, messages, type MessageChannel } from '../../db/schema/messages.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { forbidden, invalid, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, toIso } from '../../platform/http/schemas.ts';
import { contactVisibility, requireContact } from '../contacts/contact-access.ts';
import type { ConversationDto } from './conversations.schemas.ts';
import { messagePreview } from './messages.service.ts';

export interface InboxFilters {
  unread?: boolean;
  mine?: boolean;
  channel?: MessageChannel;
  unmatched?: boolean;
  starred?: boolean;
  archived?: boolean;
  cursor?: string;
  limit: number;
}

function keyset(cursor: string | undefined): [string, string] | null {
  const after = decodeCursor(cursor, 2) as [string, string] | null;
  if (
    cursor &&
    (!after || typeof after[0] !== 'string' || typeof after[1] !== 'string' || isNaN(Date.parse(after[0])))
  ) {
    throw invalid('The cursor is not valid; start again without it');
  }
  return after;
}

export async function listConversations({
  ctx,
  ...f
}: { ctx: Ctx } & InboxFilters): Promise<{ data: ConversationDto[]; nextCursor: string | null }> {
  const after = keyset(f.cursor);
  if (f.unmatched) return listUnmatched(ctx, f, after);
  const me = ctx.principal.actsFor;
  if (f.mine && !me) throw forbidden('"mine" needs a user; this caller has none');
  const rows = await ctx.db
    .select({
      conv: conversations,
      contact: { id: contacts.id, displayName: contacts.displayName, ownerId: contacts.ownerId },
    })
    .from(conversations)
    .innerJoin(
      contacts,
      and(eq(contacts.workspaceId, conversations.workspaceId), eq(contacts.id, conversations.contactId)),
    )
    .where(
      and(
        eq(conversations.workspaceId, ctx.workspaceId),
        contactVisibility(ctx),
        eq(conversations.archived, f.archived ?? false),
        f.unread ? sql`${conversations.unreadCount} > 0` : undefined,
        f.mine ? eq(contacts.ownerId, me!) : undefined,
        f.channel ? sql`${conversations.channels} @> array[${f.channel}]::text[]` : undefined,
        f.starred !== undefined ? eq(conversations.starred, f.starred) : undefined,
        after
          ? sql`(${conversations.lastMessageAt}, ${conversations.contactId}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.contactId))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(({ conv, contact }) => ({
      contact,
      messageId: null,
      lastMessage: {
        id: conv.lastMessageId,
        at: toIso(conv.lastMessageAt),
        preview: conv.lastMessagePreview,
        channel: conv.lastMessageChannel,
        direction: conv.lastMessageDirection,
        from: null,
      },
      unreadCount: conv.unreadCount,
      starred: conv.starred,
      archived: conv.archived,
    })),
    nextCursor:
      rows.length > f.limit && last ? encodeCursor([last.conv.lastMessageAt.toISOString(), last.conv.contactId]) : null,
  };
}

/** Inbound messages no contact matched, one row each; only for callers who see every contact. */
async function listUnmatched(ctx: Ctx, f: InboxFilters, after: [string, string] | null) {
  if (ctx.principal.contactAccess === 'own') return { data: [], nextCursor: null };
  const rows = await ctx.db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        isNull(messages.contactId),
        f.channel ? eq(messages.channel, f.channel) : undefined,
        after
          ? sql`(${messages.createdAt} < ${after[0]}::timestamptz or (${messages.createdAt} = ${after[0]}::timestamptz and ${messages.id} > ${after[1]}::uuid))`
          : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), messages.id)
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((m) => ({
      contact: null,
      messageId: m.id,
      lastMessage: {
        id: m.id,
        at: toIso(m.createdAt),
        preview: messagePreview(m),
        channel: m.channel,
        direction: m.direction,
        from: m.fromAddress,
      },
      unreadCount: 1,
      starred: false,
      archived: false,
    })),
    nextCursor: rows.length > f.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

export async function updateConversation({
  ctx,
  contactId,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  input: { unread?: boolean; starred?: boolean; archived?: boolean };
}): Promise<ConversationDto> {
  return inTransaction(ctx, async (tx) => {
    const contact = await requireContact(tx, contactId);
    const [conv] = await tx.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.workspaceId, ctx.workspaceId), eq(conversations.contactId, contactId)))
      .for('update');
    if (!conv) throw notFound('Conversation');
    const set: Partial<typeof conversations.$inferInsert> = {};
    if (input.unread !== undefined) set.unreadCount = input.unread ? Math.max(conv.unreadCount, 1) : 0;
    if (input.starred !== undefined) set.starred = input.starred;
    if (input.archived !== undefined) set.archived = input.archived;
    const [saved] = Object.keys(set).length
      ? await tx.db
          .update(conversations)
          .set({ ...set, updatedAt: new Date() })
          .where(and(eq(conversations.workspaceId, ctx.workspaceId), eq(conversations.contactId, contactId)))
          .returning()
      : [conv];
    return {
      contact: { id: contact.id, displayName: contact.displayName, ownerId: contact.ownerId },
      messageId: null,
      lastMessage: {
        id: saved!.lastMessageId,
        at: toIso(saved!.lastMessageAt),
        preview: saved!.lastMessagePreview,
        channel: saved!.lastMessageChannel,
        direction: saved!.lastMessageDirection,
        from: null,
      },
      unreadCount: saved!.unreadCount,
      starred: saved!.starred,
      archived: saved!.archived,
    };
  });
}
