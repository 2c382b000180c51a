// Merges of duplicate contacts: who was merged into whom, and everything an undo needs to give
// each contact back exactly what it had.
import { foreignKey, index, jsonb, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, workspaceIdColumn } from './columns.ts';
import { contacts } from './contacts.ts';

/** A related row that moved from a merged contact to the survivor, by its key. */
export interface MergeMove {
  table: string;
  column: string;
  from: string;
  keys: Record<string, unknown>[];
  /** For emails, phones and locations: which of the moved rows were their contact's primary one. */
  primary?: boolean[];
}

export interface MergeRecord {
  /** Every merged contact's row (the survivor first) as it was before the merge. */
  before: Record<string, unknown>[];
  /** The survivor's values the merge changed: field → [before, after]. */
  changed: Record<string, [unknown, unknown]>;
  moved: MergeMove[];
  /** Rows the merge deleted (a duplicate of the survivor's, or a relation of the two), whole. */
  removed: { table: string; row: Record<string, unknown> }[];
  /** Rows the merge rewrote in place (the survivor's inbox row), whole, as they were. */
  replaced: { table: string; row: Record<string, unknown> }[];
}

export const contactMerges = pgTable(
  'contact_merges',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    survivorId: uuid('survivor_id').notNull(),
    mergedIds: uuid('merged_ids').array().notNull(),
    mergedBy: uuid('merged_by'),
    createdAt: createdAt(),
    undoUntil: timestamp('undo_until', { withTimezone: true }).notNull(),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    undoneBy: uuid('undone_by'),
    record: jsonb('record').$type<MergeRecord>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.survivorId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete('cascade'),
    index('contact_merges_survivor_idx').on(t.workspaceId, t.survivorId, t.createdAt.desc().nullsFirst()),
    index('contact_merges_merged_idx').using('gin', t.mergedIds),
  ],
);
