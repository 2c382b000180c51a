// Catching up after a dropped connection: what the client missed since the last event id it saw.
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { journalEntries } from '../../db/schema/journal.ts';
import { contactScope, type Ctx } from '../../platform/context.ts';
import { contactVisibility } from '../contacts/contact-access.ts';
import { unreadSince } from '../notifications/notifications.service.ts';
import type { StreamEvent } from './realtime.hub.ts';

/** Beyond this many missed entries the client is told to refetch instead (event `resync`). */
export const REPLAY_LIMIT = 500;
const NOTIFICATION_REPLAY_LIMIT = 100;

function journalVisibility(ctx: Ctx) {
  if (!contactScope(ctx)) return undefined;
  return or(
    isNull(journalEntries.contactId),
    sql`exists (${ctx.db
      .select({ one: sql`1` })
      .from(contacts)
      .where(
        and(
          eq(contacts.workspaceId, journalEntries.workspaceId),
          eq(contacts.id, journalEntries.contactId),
          contactVisibility(ctx),
        ),
      )})`,
  );
}

async function latestEntryId(ctx: Ctx): Promise<string | undefined> {
  const [row] = await ctx.db
    .select({ id: journalEntries.id })
    .from(journalEntries)
    .where(eq(journalEntries.workspaceId, ctx.workspaceId))
    .orderBy(desc(journalEntries.id))
    .limit(1);
  return row?.id;
}

/**
 * The events after `lastEventId` in id order (journal entries of the workspace the caller may see,
 * and the caller's unread notifications). Too many → a single `resync` event whose id is the newest
 * entry, so the client refetches once and resumes from there.
 */
export async function missedEvents({ ctx, lastEventId }: { ctx: Ctx; lastEventId: string }): Promise<StreamEvent[]> {
  const rows = await ctx.db
    .select({ id: journalEntries.id, contactId: journalEntries.contactId, kind: journalEntries.kind })
    .from(journalEntries)
    .where(
      and(
        eq(journalEntries.workspaceId, ctx.workspaceId),
        sql`${journalEntries.id} > ${lastEventId}::uuid`,
        journalVisibility(ctx),
      ),
    )
    .orderBy(journalEntries.id)
    .limit(REPLAY_LIMIT + 1);
  if (rows.length > REPLAY_LIMIT) {
    return [{ id: await latestEntryId(ctx), event: 'resync', data: { reason: 'too_many_missed' } }];
  }
  const events: StreamEvent[] = rows.map((r) => ({
    id: r.id,
    event: 'journal',
    data: { id: r.id, contactId: r.contactId, kind: r.kind },
  }));
  if (ctx.principal.userId) {
    const unread = await unreadSince(ctx, ctx.principal.userId, lastEventId, NOTIFICATION_REPLAY_LIMIT);
    events.push(...unread.map((n) => ({ id: n.id, event: 'notification', data: { id: n.id } })));
  }
  // UUIDv7 ids sort by time as strings, so the two kinds interleave in the order they happened.
  return events.sort((a, b) => (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0));
}
