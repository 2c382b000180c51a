// Privacy: the record of every erasure request (GDPR art. 17), kept after the contact is gone.
import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, workspaceIdColumn } from './columns.ts';
import { users, workspaces } from './platform.ts';

/** What one erasure removed or redacted, by place (counts only: never a value). */
export interface ErasureSummary {
  journalEntries: number;
  notifications: number;
  importRows: number;
  /** Imported files written again without the contact's rows. */
  importFiles: number;
  messages: number;
  files: number;
  /** Prepared list exports whose file was removed (they may have held the contact). */
  exports?: number;
}

/**
 * One erasure: who asked, when, why, and which contact (by id only — the contact's values are what
 * was erased). Written in the transaction that does the erasure; the journal's trigger lets that
 * transaction, and no other, redact journal entries (migration 0017).
 */
export const erasureRequests = pgTable(
  'erasure_requests',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    /** No foreign key: the contact is deleted by the erasure this row records. */
    contactId: uuid('contact_id').notNull(),
    requestedBy: uuid('requested_by').notNull(),
    reason: text('reason').notNull(),
    summary: jsonb('summary').$type<ErasureSummary>(),
    /**
     * The transaction that carried the erasure out. The journal trigger honours the erasure setting
     * only in this very transaction, so an old request id cannot be replayed to rewrite entries.
     */
    transactionId: bigint('transaction_id', { mode: 'number' })
      .notNull()
      .default(sql`(pg_current_xact_id()::text)::bigint`),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.requestedBy], foreignColumns: [users.workspaceId, users.id] }),
    index('erasure_requests_list_idx').on(t.workspaceId, t.id.desc()),
  ],
);
