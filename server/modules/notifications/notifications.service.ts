// A user's in-app notifications (the bell): listing, the unread count, marking read. They are
// created only by the journal subscriber (notifications.subscriber.ts); nothing here creates one.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { notifications } from '../../db/schema/activity.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { journalEntries } from '../../db/schema/journal.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { EVENTS_CHANNEL } from '../../platform/journal/journal.ts';
import { newId } from '../../platform/ids.ts';
import type { NotificationDto, NotificationKind } from './notifications.schemas.ts';

function requireUser(ctx: Ctx): string {
  if (!ctx.principal.userId) {
    throw new AppError('forbidden', 403, 'Notifications belong to users; an API key has none');
  }
  return ctx.principal.userId;
}

const selection = {
  n: notifications,
  contactName: contacts.displayName,
  actorType: journalEntries.actorType,
  actorId: journalEntries.actorId,
  actorLabel: journalEntries.actorLabel,
};

type Joined = {
  n: typeof notifications.$inferSelect;
  contactName: string | null;
  actorType: NonNullable<NotificationDto['actor']>['type'] | null;
  actorId: string | null;
  actorLabel: string | null;
};

function toDto(r: Joined): NotificationDto {
  return {
    id: r.n.id,
    kind: r.n.kind as NotificationKind,
    title: r.n.title,
    body: r.n.body,
    link: r.n.link,
    contact: r.n.contactId && r.contactName !== null ? { id: r.n.contactId, displayName: r.contactName } : null,
    actor: r.actorType && r.actorLabel !== null ? { type: r.actorType, id: r.actorId, label: r.actorLabel } : null,
    entryId: r.n.entryId,
    createdAt: toIso(r.n.createdAt),
    readAt: toIsoOrNull(r.n.readAt),
  };
}

function joinedQuery(ctx: Ctx) {
  return ctx.db
    .select(selection)
    .from(notifications)
    .leftJoin(
      contacts,
      and(eq(contacts.workspaceId, notifications.workspaceId), eq(contacts.id, notifications.contactId)),
    )
    .leftJoin(
      journalEntries,
      and(eq(journalEntries.workspaceId, notifications.workspaceId), eq(journalEntries.id, notifications.entryId)),
    );
}

export async function listNotifications({
  ctx,
  unread,
  cursor,
  limit,
}: {
  ctx: Ctx;
  unread?: boolean;
  cursor?: string;
  limit: number;
}): Promise<{ data: NotificationDto[]; nextCursor: string | null }> {
  const userId = requireUser(ctx);
  const after = decodeCursor(cursor, 1);
  if (cursor && (!after || typeof after[0] !== 'string'))
    throw invalid('The cursor is not valid; start again without it');
  const rows = await joinedQuery(ctx)
    .where(
      and(
        eq(notifications.workspaceId, ctx.workspaceId),
        eq(notifications.userId, userId),
        unread ? isNull(notifications.readAt) : undefined,
        after ? sql`${notifications.id} < ${after[0]}::uuid` : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toDto),
    nextCursor: rows.length > limit && last ? encodeCursor([last.n.id]) : null,
  };
}

export async function countUnread({ ctx }: { ctx: Ctx }): Promise<{ count: number }> {
  const userId = requireUser(ctx);
  const [row] = await ctx.db
    .select({ count: sql<number>`count(*)::int` })
    .from(notifications)
    .where(
      and(
        eq(notifications.workspaceId, ctx.workspaceId),
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
      ),
    );
  return { count: row?.count ?? 0 };
}

/** Lets the user's other tabs and devices clear their bell too (see realtime). */
async function announceRead(ctx: Ctx, userId: string, ids: string[] | 'all'): Promise<void> {
  const payload = JSON.stringify({ type: 'notifications_read', w: ctx.workspaceId, u: userId, ids });
  await ctx.db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`);
}

export async function markNotificationRead({
  ctx,
  notificationId,
}: {
  ctx: Ctx;
  notificationId: string;
}): Promise<NotificationDto> {
  const userId = requireUser(ctx);
  return inTransaction(ctx, async (tx) => {
    const mine = and(
      eq(notifications.workspaceId, ctx.workspaceId),
      eq(notifications.userId, userId),
      eq(notifications.id, notificationId),
    );
    const updated = await tx.db
      .update(notifications)
      .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
      .where(mine)
      .returning({ id: notifications.id });
    // Another user's notification looks exactly like a missing one.
    if (updated.length === 0) throw notFound('Notification');
    await announceRead(tx, userId, [notificationId]);
    const [row] = await joinedQuery(tx).where(mine);
    return toDto(row!);
  });
}

export async function markAllNotificationsRead({ ctx }: { ctx: Ctx }): Promise<{ updated: number }> {
  const userId = requireUser(ctx);
  return inTransaction(ctx, async (tx) => {
    const updated = await tx.db
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(
        and(
          eq(notifications.workspaceId, ctx.workspaceId),
          eq(notifications.userId, userId),
          isNull(notifications.readAt),
        ),
      )
      .returning({ id: notifications.id });
    if (updated.length) await announceRead(tx, userId, 'all');
    return { updated: updated.length };
  });
}

/** Unread notifications of a user newer than an id (for the live stream's catch-up). */
export async function unreadSince(ctx: Ctx, userId: string, afterId: string, limit: number) {
  return ctx.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.workspaceId, ctx.workspaceId),
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        sql`${notifications.id} > ${afterId}::uuid`,
      ),
    )
    .orderBy(notifications.id)
    .limit(limit);
}

/**
 * A notification no journal entry causes (a background job that finished for its user), written in the
 * caller's transaction and announced to the user's open tabs once it commits.
 */
export async function notifyUser(
  tx: TxCtx,
  n: { userId: string; kind: NotificationKind; title: string; body: string; link: string },
): Promise<void> {
  const id = newId();
  await tx.db.insert(notifications).values({ workspaceId: tx.workspaceId, id, ...n });
  const payload = JSON.stringify({ type: 'notification', w: tx.workspaceId, u: n.userId, id });
  await tx.db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`);
}
