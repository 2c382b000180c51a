// A logical backup in Node (the embedded PostgreSQL ships no pg_dump): every table of Dossier's
// schemas streamed with COPY out of one consistent snapshot, then the stored files, into one .tar.gz.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { AppError } from '../errors.ts';
import { ArchiveWriter } from './archive.ts';
import { listTables, quoteIdent, readSequences } from './catalog.ts';
import { readJobSchemaVersion } from './job-schema.ts';
import {
  APP_SECRET_ENTRY,
  dossierVersion,
  END_ENTRY,
  FILE_PREFIX,
  FORMAT,
  FORMAT_VERSION,
  MANIFEST_ENTRY,
  tableEntry,
  type EndMarker,
  type Manifest,
} from './manifest.ts';
import { readMigrationLevel } from './migrations.ts';

/** A table's COPY output is cut into entries of about this size: what a backup holds in memory at most. */
const PART_BYTES = 4 * 1024 * 1024;

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  files: number;
  fileBytes: number;
}

export async function createBackup(opts: {
  databaseUrl: string;
  dataDir: string;
  file: string;
}): Promise<BackupSummary> {
  const file = path.resolve(opts.file);
  // Written beside the target and renamed at the end: a backup that fails leaves no file that looks whole.
  const partial = `${file}.partial`;
  const writer = await ArchiveWriter.create(partial);
  const client = new pg.Client({ connectionString: opts.databaseUrl, application_name: 'dossier-backup' });
  try {
    await client.connect();
    // One snapshot for every table, so the rows agree with each other as they did at this moment.
    await client.query('begin isolation level repeatable read read only');
    const migration = await readMigrationLevel(client);
    if (!migration) throw new AppError('backup_no_schema', 400, 'The database holds no Dossier schema to back up');
    const tables = await listTables(client);
    const counts: number[] = [];
    for (const t of tables) {
      const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from ${t.sql}`);
      counts.push(Number(rows[0]!.n));
    }
    const { rows: version } = await client.query<{ v: string }>("select current_setting('server_version') as v");
    const manifest: Manifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      dossierVersion: dossierVersion(),
      createdAt: new Date().toISOString(),
      postgresVersion: version[0]!.v,
      migration,
      jobSchemaVersion: await readJobSchemaVersion(client),
      tables: tables.map((t, i) => ({ name: t.name, columns: t.columns, rows: counts[i]! })),
      sequences: await readSequences(client),
    };

    await writer.add(MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest, null, 2)));
    for (const [i, t] of tables.entries()) {
      const columns = t.columns.map(quoteIdent).join(', ');
      const copied = await copyTable(client, `copy (select ${columns} from ${t.sql}) to stdout`, t.name, writer);
      if (copied !== counts[i]) throw new Error(`${t.name}: counted ${counts[i]} rows but copied ${copied}`);
    }
    await client.query('commit');

    const end: EndMarker = { files: 0, fileBytes: 0 };
    const filesRoot = path.join(opts.dataDir, 'files');
    for await (const key of storedFiles(filesRoot)) {
      const full = path.join(filesRoot, key);
      // A file deleted since the directory was read (its row too, by then) is no longer there to keep.
      const stat = await fs.stat(full).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (!stat) continue;
      await writer.addStream(`${FILE_PREFIX}${key}`, stat.size, createReadStream(full));
      end.files += 1;
      end.fileBytes += stat.size;
    }
    // The key that signs tracking and unsubscribe links in emails already sent: they must keep working.
    const secret = await fs.readFile(path.join(opts.dataDir, 'app-secret')).catch(() => null);
    if (secret) await writer.add(APP_SECRET_ENTRY, secret);
    await writer.add(END_ENTRY, Buffer.from(JSON.stringify(end)));
    await writer.finish();
    await fs.rename(partial, file);
    return {
      file,
      tables: tables.length,
      rows: counts.reduce((a, b) => a + b, 0),
      files: end.files,
      fileBytes: end.fileBytes,
    };
  } catch (err) {
    await writer.abort();
    await fs.rm(partial, { force: true });
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Streams one table's rows (COPY text format) into archive entries; returns the number of rows. */
async function copyTable(client: pg.Client, sql: string, table: string, writer: ArchiveWriter): Promise<number> {
  const stream = client.query(copyTo(sql));
  let parts: Buffer[] = [];
  let size = 0;
  let part = 0;
  let rows = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // In COPY's text format every row ends with a newline (one inside a value is written as \n).
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows += 1;
    parts.push(chunk);
    size += chunk.length;
    if (size >= PART_BYTES) {
      await writer.add(tableEntry(table, part++), Buffer.concat(parts));
      parts = [];
      size = 0;
    }
  }
  // Every table gets at least one entry, an empty table an empty one: the restore sees each table.
  if (size > 0 || part === 0) await writer.add(tableEntry(table, part), Buffer.concat(parts));
  // Counted here: the stream ends before the server's row count (CommandComplete) arrives.
  return rows;
}

/** Storage keys of the files under the storage root, depth first; files half-written by an upload are skipped. */
async function* storedFiles(root: string, prefix = ''): AsyncGenerator<string> {
  const entries = await fs.readdir(path.join(root, prefix), { withFileTypes: true }).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const key = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) yield* storedFiles(root, key);
    else if (e.isFile() && !e.name.endsWith('.tmp')) yield key;
  }
}
