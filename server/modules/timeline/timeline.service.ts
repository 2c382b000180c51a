// Reading the journal: one contact's timeline, newest first, with keyset pagination.
import { and, desc, eq, exists, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { preparedFor } from '../../db/prepared.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { journalEntries, type JournalEntryRow } from '../../db/schema/journal.ts';
import { contactScope, type Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, toIso } from '../../platform/http/schemas.ts';
import { ownedOrFollowedByPlaceholderUser, requireContact } from '../contacts/contact-access.ts';
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

/** Only the contact's entries, and none unless the caller may see the contact (evaluated once). */
function timelineSelect(
  db: Db,
  v: { scoped: boolean; category: boolean; kinds: boolean; from: boolean; to: boolean; cursor: boolean },
) {
  const p = sql.placeholder;
  const visible = and(
    eq(contacts.workspaceId, p('workspaceId')),
    eq(contacts.id, p('contactId')),
    v.scoped ? ownedOrFollowedByPlaceholderUser : undefined,
  );
  return db
    .select()
    .from(journalEntries)
    .where(
      and(
        eq(journalEntries.workspaceId, p('workspaceId')),
        eq(journalEntries.contactId, p('contactId')),
        // Repeats the partial indexes' predicate so the planner can use them.
        sql`${journalEntries.contactId} is not null`,
        v.category ? eq(journalEntries.category, p('category')) : undefined,
        v.kinds ? sql`${journalEntries.kind} = any(${p('kinds')}::text[])` : undefined,
        v.from ? sql`${journalEntries.occurredAt} >= ${p('from')}::timestamptz` : undefined,
        v.to ? sql`${journalEntries.occurredAt} < ${p('to')}::timestamptz` : undefined,
        v.cursor
          ? sql`(${journalEntries.occurredAt}, ${journalEntries.id}) < (${p('cursorAt')}::timestamptz, ${p('cursorId')}::uuid)`
          : undefined,
        exists(
          db
            .select({ one: sql`1` })
            .from(contacts)
            .where(visible),
        ),
      ),
    )
    .orderBy(desc(journalEntries.occurredAt), desc(journalEntries.id))
    .limit(p('limit'));
}

/**
 * A page of one contact's timeline in one statement, named by which filters it has so each
 * variant is planned for its own indexes. An empty page may mean a contact the caller may not
 * see: only then is the contact looked up, to answer 404.
 */
export async function listContactTimeline({
  ctx,
  contactId,
  filter,
}: {
  ctx: Ctx;
  contactId: string;
  filter: TimelineFilter;
}): Promise<{ data: JournalEntryDto[]; nextCursor: string | null }> {
  const cursor = decodeCursor(filter.cursor, 2);
  if (filter.cursor && !cursor) throw invalid('The cursor is not valid; start again without it');
  const userId = contactScope(ctx);
  const variant = {
    scoped: userId !== null,
    category: Boolean(filter.category),
    kinds: Boolean(filter.kinds?.length),
    from: Boolean(filter.from),
    to: Boolean(filter.to),
    cursor: Boolean(cursor),
  };
  const name = `contact_timeline_${Object.values(variant)
    .map((on) => (on ? 1 : 0))
    .join('')}`;
  const statement = preparedFor(ctx, name, (db, n) => timelineSelect(db, variant).prepare(n));
  const rows = await statement.execute({
    workspaceId: ctx.workspaceId,
    contactId,
    userId,
    category: filter.category,
    kinds: filter.kinds,
    from: filter.from ? new Date(filter.from).toISOString() : undefined,
    to: filter.to ? new Date(filter.to).toISOString() : undefined,
    cursorAt: cursor ? String(cursor[0]) : undefined,
    cursorId: cursor ? String(cursor[1]) : undefined,
    limit: filter.limit + 1,
  });
  if (rows.length === 0) await requireContact(ctx, contactId);
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toEntryDto),
    nextCursor: rows.length > filter.limit && last ? encodeCursor([last.occurredAt.toISOString(), last.id]) : null,
  };
}
