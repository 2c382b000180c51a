// The backup's first entry (what it holds and at which schema level) and its last (what was written).
import fs from 'node:fs';
import { z } from 'zod';

export const FORMAT = 'dossier-backup';
export const FORMAT_VERSION = 1;

export const MANIFEST_ENTRY = 'manifest.json';
export const END_ENTRY = 'end.json';
export const TABLE_PREFIX = 'tables/';
export const FILE_PREFIX = 'files/';
export const APP_SECRET_ENTRY = 'app-secret';

/** tables/<schema>.<table>/<part>: a table's COPY text, cut into parts so none has to fit in memory. */
export const tableEntry = (table: string, part: number) => `${TABLE_PREFIX}${table}/${String(part).padStart(6, '0')}`;

export const Manifest = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.number().int(),
  dossierVersion: z.string(),
  createdAt: z.string(),
  postgresVersion: z.string(),
  migration: z.object({ tag: z.string().nullable(), createdAt: z.number(), hash: z.string() }),
  /** pg-boss's schema version; null when the job schema had never been created. */
  jobSchemaVersion: z.number().int().nullable(),
  tables: z.array(z.object({ name: z.string(), columns: z.array(z.string()).min(1), rows: z.number().int().min(0) })),
  sequences: z.array(z.object({ name: z.string(), lastValue: z.string(), isCalled: z.boolean() })),
});
export type Manifest = z.infer<typeof Manifest>;

export const EndMarker = z.object({ files: z.number().int().min(0), fileBytes: z.number().int().min(0) });
export type EndMarker = z.infer<typeof EndMarker>;

export const dossierVersion = (): string =>
  (JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
