// The journal: one append-only table for every contact's timeline and the workspace audit log.
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { idColumn, workspaceIdColumn } from './columns.ts';
import { workspaces } from './platform.ts';

export const actorTypes = ['user', 'automation', 'contact', 'import', 'api', 'system'] as const;
export type ActorType = (typeof actorTypes)[number];
export const journalCategories = ['focus', 'admin'] as const;
export type JournalCategory = (typeof journalCategories)[number];

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export const journalEntries = pgTable(
  'journal_entries',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    /** No foreign key: entries outlive a permanently deleted contact. */
    contactId: uuid('contact_id'),
    kind: text('kind').notNull(),
    category: text('category', { enum: journalCategories }).notNull(),
    actorType: text('actor_type', { enum: actorTypes }).notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    subjectType: text('subject_type'),
    subjectId: uuid('subject_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // One contact's timeline, newest first, optionally narrowed to a category (the two tabs).
    index('journal_contact_timeline_idx')
      .on(t.workspaceId, t.contactId, t.occurredAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.contactId} is not null`),
    index('journal_contact_category_idx')
      .on(t.workspaceId, t.contactId, t.category, t.occurredAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.contactId} is not null`),
    // The workspace audit log filtered by who did it.
    index('journal_actor_idx').on(t.workspaceId, t.actorId, t.id.desc().nullsFirst()),
  ],
);

export type JournalEntryRow = typeof journalEntries.$inferSelect;
