// Uploaded files (profile pictures, note attachments, documents); the bytes live in storage.
import { bigint, foreignKey, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, workspaceIdColumn } from './columns.ts';
import { workspaces } from './platform.ts';

export const files = pgTable(
  'files',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    /** Where the storage backend keeps the bytes, e.g. "<workspace>/<id>". */
    storageKey: text('storage_key').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** sha256 of the content, for integrity checks and de-duplication. */
    checksum: text('checksum').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
  ],
);
