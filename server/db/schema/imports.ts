// Imports of contacts from CSV and vCard files: the import itself (file, mapping, options, cursor and
// counts), one outcome row per source row (what makes a resumed import skip what it did, the rejects
// report and the undo), and mappings saved for reuse.
import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt, workspaceIdColumn } from './columns.ts';
import { files } from './files.ts';
import { workspaces } from './platform.ts';

export const importStatuses = [
  'draft',
  'queued',
  'running',
  'completed',
  'cancelled',
  'failed',
  'undoing',
  'undone',
] as const;
export type ImportStatus = (typeof importStatuses)[number];
export const importModes = ['create', 'update', 'upsert'] as const;
export type ImportMode = (typeof importModes)[number];
export const importRowStatuses = ['created', 'updated', 'unchanged', 'skipped', 'rejected'] as const;
export type ImportRowStatus = (typeof importRowStatuses)[number];

/** Which column feeds which field: the column's header and its target ("firstName", "email", "custom.size" …). */
export interface ImportColumnMapping {
  column: number;
  header: string;
  target: string | null;
}

export interface ImportOptions {
  mode: ImportMode;
  tags: string[];
  /** New contacts' owner: one user, or round-robin over the active members of a team. */
  owner: { type: 'user'; userId: string } | { type: 'team'; teamId: string } | { type: 'importer' };
  /** The country of phone numbers written without a country code. */
  defaultCountry: string | null;
}

export interface ImportFormat {
  kind: 'csv' | 'vcard';
  encoding: string;
  delimiter: string | null;
}

/** What undoing an update puts back. */
export interface ImportRevert {
  fields: Record<string, unknown>;
  custom: Record<string, unknown>;
  emailIds: string[];
  phoneIds: string[];
  tagIds: string[];
}

export const imports = pgTable(
  'imports',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    name: text('name').notNull(),
    fileId: uuid('file_id').notNull(),
    status: text('status', { enum: importStatuses }).notNull().default('draft'),
    format: jsonb('format').$type<ImportFormat>().notNull(),
    headers: jsonb('headers').$type<string[]>().notNull(),
    mapping: jsonb('mapping').$type<ImportColumnMapping[]>().notNull(),
    options: jsonb('options').$type<ImportOptions>().notNull(),
    totalRows: integer('total_rows').notNull(),
    /** Rows handled so far, in file order: a resumed job starts here. */
    cursor: integer('cursor').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** Undo: rows walked, contacts put back, contacts kept because they changed since. */
    undoCursor: integer('undo_cursor').notNull().default(0),
    reverted: integer('reverted').notNull().default(0),
    kept: integer('kept').notNull().default(0),
    /** Position in the team's member list of the next round-robin owner. */
    ownerTurn: integer('owner_turn').notNull().default(0),
    error: text('error'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.fileId], foreignColumns: [files.workspaceId, files.id] }),
    index('imports_list_idx').on(t.workspaceId, t.createdAt.desc()),
  ],
);

export const importRows = pgTable(
  'import_rows',
  {
    workspaceId: workspaceIdColumn(),
    importId: uuid('import_id').notNull(),
    /** 1-based data row number in the file (the header is row 0). */
    rowNumber: integer('row_number').notNull(),
    status: text('status', { enum: importRowStatuses }).notNull(),
    contactId: uuid('contact_id'),
    /** The contact's version right after the import wrote it: undo reverts only while it still is. */
    versionAfter: integer('version_after'),
    /** For rejects: the row's cells and why, for the report. */
    cells: jsonb('cells').$type<string[]>(),
    reason: text('reason'),
    /** For updates: what undo puts back (fields' old values, emails/phones/tags the import added). */
    revert: jsonb('revert').$type<ImportRevert>(),
    /** After an undo: whether this row's contact was put back, or kept because it changed since. */
    undo: text('undo', { enum: ['reverted', 'kept'] }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.importId, t.rowNumber] }),
    foreignKey({ columns: [t.workspaceId, t.importId], foreignColumns: [imports.workspaceId, imports.id] }).onDelete(
      'cascade',
    ),
    index('import_rows_rejected_idx')
      .on(t.workspaceId, t.importId, t.rowNumber)
      .where(sql`${t.status} = 'rejected'`),
  ],
);

export const importMappings = pgTable(
  'import_mappings',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    name: text('name').notNull(),
    /** Header name → target; applied to any file whose headers match. */
    columns: jsonb('columns').$type<Record<string, string | null>>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
