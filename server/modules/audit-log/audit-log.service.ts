// The workspace audit log (admins only): the whole journal, newest first in recording order (the
// UUIDv7 primary key), filterable, and exportable as CSV streamed in batches.
import { Readable } from 'node:stream';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { journalEntries } from '../../db/schema/journal.ts';
import { requireAdmin, type Ctx } from '../../platform/context.ts';
import { csvHeader, csvLines } from '../../platform/csv.ts';
import { invalid } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.ts';
import { entryFilters, toEntryDto } from '../timeline/timeline.service.ts';
import type { AuditEntryDto, AuditFilter } from './audit-log.schemas.ts';

const EXPORT_BATCH = 1000;

function conditions(ctx: Ctx, f: AuditFilter, beforeId?: string): (SQL | undefined)[] {
  return [
    eq(journalEntries.workspaceId, ctx.workspaceId),
    f.actorId ? eq(journalEntries.actorId, f.actorId) : undefined,
    f.actorType ? eq(journalEntries.actorType, f.actorType) : undefined,
    f.contactId ? eq(journalEntries.contactId, f.contactId) : undefined,
    ...entryFilters(f),
    beforeId ? sql`${journalEntries.id} < ${beforeId}::uuid` : undefined,
  ];
}

async function page(ctx: Ctx, f: AuditFilter, beforeId: string | undefined, limit: number) {
  return ctx.db
    .select({ entry: journalEntries, contactName: contacts.displayName })
    .from(journalEntries)
    .leftJoin(
      contacts,
      and(eq(contacts.workspaceId, journalEntries.workspaceId), eq(contacts.id, journalEntries.contactId)),
    )
    .where(and(...conditions(ctx, f, beforeId)))
    .orderBy(desc(journalEntries.id))
    .limit(limit);
}

export async function listAuditLog({
  ctx,
  filter,
  cursor,
  limit,
}: {
  ctx: Ctx;
  filter: AuditFilter;
  cursor?: string;
  limit: number;
}): Promise<{ data: AuditEntryDto[]; nextCursor: string | null }> {
  requireAdmin(ctx);
  const after = decodeCursor(cursor, 1);
  if (cursor && (!after || typeof after[0] !== 'string' || !/^[0-9a-f-]{36}$/i.test(after[0]))) {
    throw invalid('The cursor is not valid; start again without it');
  }
  const rows = await page(ctx, filter, after?.[0] as string | undefined, limit + 1);
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    data: shown.map((r) => ({
      ...toEntryDto(r.entry),
      contact:
        r.entry.contactId && r.contactName !== null ? { id: r.entry.contactId, displayName: r.contactName } : null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor([last.entry.id]) : null,
  };
}

/** A value as a person would read it in a spreadsheet cell. */
function readable(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(readable).join(', ') : '—';
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.name === 'string') return o.name;
    if (typeof o.displayName === 'string') return o.displayName;
    if (typeof o.startsAt === 'string' && typeof o.endsAt === 'string') return `${o.startsAt} – ${o.endsAt}`;
    return JSON.stringify(value);
  }
  return String(value);
}

/** The entry's changes as "field: old → new", else its details as "key: value". */
export function describeData(data: Record<string, unknown>): string {
  const parts: string[] = [];
  const changes = Array.isArray(data.changes)
    ? (data.changes as { field?: unknown; old?: unknown; new?: unknown }[])
    : [];
  for (const c of changes) parts.push(`${String(c.field)}: ${readable(c.old)} → ${readable(c.new)}`);
  for (const [key, value] of Object.entries(data)) {
    if (key === 'changes' || key.endsWith('Id') || key.endsWith('Ids')) continue;
    parts.push(`${key}: ${readable(value)}`);
  }
  return parts.join('; ');
}

const columns = [
  'time',
  'kind',
  'category',
  'actor type',
  'actor',
  'contact id',
  'contact name',
  'subject',
  'details',
  'entry id',
];

/** The filtered audit log as CSV, produced batch by batch so any size streams in constant memory. */
export function exportAuditLog({ ctx, filter }: { ctx: Ctx; filter: AuditFilter }): Readable {
  requireAdmin(ctx);
  async function* lines() {
    yield csvHeader(columns);
    let beforeId: string | undefined;
    for (;;) {
      const rows = await page(ctx, filter, beforeId, EXPORT_BATCH);
      if (rows.length === 0) return;
      const records = rows.map(({ entry: e, contactName }) => [
        e.occurredAt.toISOString(),
        e.kind,
        e.category,
        e.actorType,
        e.actorLabel,
        e.contactId ?? '',
        contactName ?? '',
        e.subjectType && e.subjectId ? `${e.subjectType} ${e.subjectId}` : '',
        describeData(e.data),
        e.id,
      ]);
      yield csvLines(records);
      if (rows.length < EXPORT_BATCH) return;
      beforeId = rows[rows.length - 1]!.entry.id;
    }
  }
  return Readable.from(lines());
}
