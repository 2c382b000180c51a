// Reading the journal: one contact's timeline, newest first, with keyset pagination.
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { journalEntries, type JournalEntryRow } from '../../db/schema/journal.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, toIso } from '../../platform/http/schemas.ts';
import { requireContact } from '../contacts/contact-access.ts';
import type { JournalEntryDto } from './timeline.schemas.ts';

export function toEntryDto(e: JournalEntryRow): JournalEntryDto {
  return {
    id: e.id,
    contactId: e.contactId,
    kind: e.kind,
    category: e.category,
    occurredAt: toIso(e.occurredAt),
    actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
    subject: e.subjectType && e.subjectId ? { type: e.subjectType, id: e.subjectId } : null,
    data: e.data,
  };
}

export interface TimelineFilter {
  category?: 'focus' | 'admin';
  kinds?: string[];
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

/** Conditions shared by the contact timeline and the workspace audit log. */
export function entryFilters(f: Omit<TimelineFilter, 'cursor' | 'limit'>): (SQL | undefined)[] {
  return [
    f.category ? eq(journalEntries.category, f.category) : undefined,
    f.kinds?.length ? inArray(journalEntries.kind, f.kinds) : undefined,
    f.from ? gte(journalEntries.occurredAt, new Date(f.from)) : undefined,
    f.to ? lt(journalEntries.occurredAt, new Date(f.to)) : undefined,
  ];
}

export async function listContactTimeline({
  ctx,
  contactId,
  filter,
}: {
  ctx: Ctx;
  contactId: string;
  filter: TimelineFilter;
}): Promise<{ data: JournalEntryDto[]; nextCursor: string | null }> {
  await requireContact(ctx, contactId);
  const cursor = decodeCursor(filter.cursor, 2);
  if (filter.cursor && !cursor) throw invalid('The cursor is not valid; start again without it');
  const rows = await ctx.db
    .select()
    .from(journalEntries)
    .where(
      and(
        eq(journalEntries.workspaceId, ctx.workspaceId),
        eq(journalEntries.contactId, contactId),
        // Repeats the partial indexes' predicate so the planner can use them.
        sql`${journalEntries.contactId} is not null`,
        ...entryFilters(filter),
        cursor
          ? sql`(${journalEntries.occurredAt}, ${journalEntries.id}) < (${String(cursor[0])}::timestamptz, ${String(cursor[1])}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(journalEntries.occurredAt), desc(journalEntries.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toEntryDto),
    nextCursor: rows.length > filter.limit && last ? encodeCursor([last.occurredAt.toISOString(), last.id]) : null,
  };
}
