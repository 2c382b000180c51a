// Contact-list exports prepared in the background: the list's query as the user asked for it, the
// job's progress, and the file it wrote, kept for download until it expires.
import {
  bigint,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt, workspaceIdColumn } from './columns.ts';
import { users, workspaces } from './platform.ts';

export const exportStatuses = ['queued', 'running', 'completed', 'cancelled', 'failed', 'expired'] as const;
export type ExportStatus = (typeof exportStatuses)[number];
export const exportFormats = ['csv', 'vcard'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const contactExports = pgTable(
  'contact_exports',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    format: text('format', { enum: exportFormats }).notNull(),
    /** The list query (search, filters, archive, owner …) as parsed when the export was asked for. */
    query: jsonb('query').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: exportStatuses }).notNull().default('queued'),
    /** Contacts the list held when the job started; null until then. */
    total: integer('total'),
    done: integer('done').notNull().default(0),
    /** The written file (files row); null until completed and again once expired or discarded. */
    fileId: uuid('file_id'),
    filename: text('filename').notNull(),
    size: bigint('size', { mode: 'number' }),
    error: text('error'),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.createdBy], foreignColumns: [users.workspaceId, users.id] }).onDelete(
      'cascade',
    ),
    // A user's exports, newest first (ids are UUIDv7).
    index('contact_exports_user_idx').on(t.workspaceId, t.createdBy, t.id.desc()),
  ],
);
