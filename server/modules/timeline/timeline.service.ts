// Reading the journal: one contact's timeline, newest first, with keyset pagination.
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { preparedFor } from '../../db/prepared.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { journalEntries, type JournalEntryRow } from '../../db/schema/journal.ts';
import { contactScope, type Ctx } from '../../platform/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, toIso } from '../../platform/http/schemas.ts';
import { ownedOrFollowedByPlaceholderUser } from '../contacts/contact-access.ts';
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

/** The contact, if the caller may see it, with the contacts merged into it (their entries show too). */
function scopeSelect(db: Db, scoped: boolean) {
  const p = sql.placeholder;
  return db
    .select({ mergedIds: contacts.mergedIds })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, p('workspaceId')),
        eq(contacts.id, p('contactId')),
        scoped ? ownedOrFollowedByPlaceholderUser : undefined,
      ),
    );
}

/** The entries of one contact (or, after a merge, of several), filtered, newest first. */
function timelineSelect(
  db: Db,
  v: { merged: boolean; category: boolean; kinds: boolean; from: boolean; to: boolean; cursor: boolean },
) {
  const p = sql.placeholder;
  return db
    .select()
    .from(journalEntries)
    .where(
      and(
        eq(journalEntries.workspaceId, p('workspaceId')),
        v.merged
          ? sql`${journalEntries.contactId} = any(${p('contactIds')}::uuid[])`
          : eq(journalEntries.contactId, p('contactId')),
        // Repeats the partial indexes' predicate so the planner can use them.
        sql`${journalEntries.contactId} is not null`,
        v.category ? eq(journalEntries.category, p('category')) : undefined,
        v.kinds ? sql`${journalEntries.kind} = any(${p('kinds')}::text[])` : undefined,
        v.from ? sql`${journalEntries.occurredAt} >= ${p('from')}::timestamptz` : undefined,
        v.to ? sql`${journalEntries.occurredAt} < ${p('to')}::timestamptz` : undefined,
        v.cursor
          ? sql`(${journalEntries.occurredAt}, ${journalEntries.id}) < (${p('cursorAt')}::timestamptz, ${p('cursorId')}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(journalEntries.occurredAt), desc(journalEntries.id))
    .limit(p('limit'));
}

/**
 * A page of one contact's timeline: the contact is looked up first (visibility, merged contacts),
 * then the page in one statement, named by which filters it has so each variant is planned for its
 * own indexes.
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
  const scoped = userId !== null;
  const scope = preparedFor(ctx, `contact_timeline_scope_${scoped ? 1 : 0}`, (db, n) =>
    scopeSelect(db, scoped).prepare(n),
  );
  const [contact] = await scope.execute({ workspaceId: ctx.workspaceId, contactId, userId });
  if (!contact) throw notFound('Contact');
  const variant = {
    merged: contact.mergedIds.length > 0,
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
    contactIds: [contactId, ...contact.mergedIds],
    category: filter.category,
    kinds: filter.kinds,
    from: filter.from ? new Date(filter.from).toISOString() : undefined,
    to: filter.to ? new Date(filter.to).toISOString() : undefined,
    cursorAt: cursor ? String(cursor[0]) : undefined,
    cursorId: cursor ? String(cursor[1]) : undefined,
    limit: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toEntryDto),
    nextCursor: rows.length > filter.limit && last ? encodeCursor([last.occurredAt.toISOString(), last.id]) : null,
  };
}
