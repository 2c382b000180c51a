// Restores a backup made by create-backup.ts: the schema rebuilt at the backup's migration level, the
// tables loaded with COPY in foreign-key order, sequences set, this code's newer migrations applied —
// all in one transaction — then the stored files put in place. A restore that fails changes nothing.
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AppError } from '../errors.ts';
import { damaged, drained, readArchive, type ArchiveEntry } from './archive.ts';
import { listTables, quoteIdent, tablesWithTriggers } from './catalog.ts';
import { createJobSchema, createQueuesFrom, JOB_SCHEMA_VERSION } from './job-schema.ts';
import {
  APP_SECRET_ENTRY,
  END_ENTRY,
  EndMarker,
  FILE_PREFIX,
  FORMAT,
  FORMAT_VERSION,
  Manifest,
  MANIFEST_ENTRY,
  TABLE_PREFIX,
  tableEntry,
} from './manifest.ts';
import { applyMigrations, codeMigrations } from './migrations.ts';

export interface RestoreSummary {
  tables: number;
  rows: number;
  files: number;
  fileBytes: number;
  /** The backup's migration and the one the database is at now (newer when this code has more). */
  migrationFrom: string;
  migrationTo: string;
}

/** pg-boss's queues are made by its create_queue() (which adds the job table's partition), from here. */
const QUEUE_TABLE = 'pgboss.queue';
const QUEUE_SCRATCH = 'pg_temp.restore_queue';

export async function restoreBackup(opts: {
  databaseUrl: string;
  dataDir: string;
  file: string;
  /** Replace a database that holds Dossier data (otherwise the restore refuses to touch it). */
  force: boolean;
}): Promise<RestoreSummary> {
  const stat = await fs.stat(opts.file).catch(() => null);
  if (!stat?.isFile()) throw new AppError('not_found', 404, `No backup file ${opts.file}`);
  const archive = readArchive(opts.file);
  const next = async (): Promise<ArchiveEntry | null> => {
    const r = await archive.next();
    return r.done ? null : r.value;
  };
  const staging = path.join(opts.dataDir, 'files.restoring');
  let client: pg.Client | null = null;
  try {
    const first = await next();
    if (first?.name !== MANIFEST_ENTRY) throw damaged('it does not begin with a manifest');
    const manifest = parseManifest(await readAll(first.body));
    const migrations = codeMigrations();
    const level = backupLevel(manifest, migrations);
    if (manifest.jobSchemaVersion !== null && manifest.jobSchemaVersion !== JOB_SCHEMA_VERSION) {
      throw new AppError(
        'backup_job_schema_mismatch',
        409,
        `The backup's job queue schema (pg-boss version ${manifest.jobSchemaVersion}) differs from this Dossier's (${JOB_SCHEMA_VERSION}); restore it with Dossier ${manifest.dossierVersion}, then upgrade`,
      );
    }

    client = new pg.Client({ connectionString: opts.databaseUrl, application_name: 'dossier-restore' });
    await client.connect();
    await client.query('begin');
    await client.query('set local client_min_messages = warning');
    if (!opts.force && (await holdsDossierData(client))) {
      throw new AppError(
        'restore_target_not_empty',
        409,
        'The database already holds Dossier data; restore into an empty database, or give --force to replace it',
      );
    }
    await dropDossierObjects(client);
    await applyMigrations(client, migrations.slice(0, level + 1), false);
    if (manifest.jobSchemaVersion !== null) await createJobSchema(client);

    const tables = new Map((await listTables(client)).map((t) => [t.name, t]));
    const listed = manifest.tables.map((t) => t.name);
    if (listed.length !== tables.size || listed.some((name) => !tables.has(name))) {
      throw damaged(`its tables do not match the schema of migration ${manifest.migration.tag}`);
    }
    // The rows come as they were, derived columns included (tag usage counts, link sort keys):
    // triggers that compute those must not run again over them.
    const triggered = await tablesWithTriggers(client);
    for (const t of triggered) await client.query(`alter table ${t} disable trigger user`);

    let entry = await next();
    const loaded = new Set<string>();
    let rows = 0;
    for (const t of manifest.tables) {
      const table = tables.get(t.name)!;
      const missing = table.parents.filter((p) => !loaded.has(p));
      if (missing.length > 0) throw damaged(`${t.name} comes before ${missing.join(', ')}, which it refers to`);
      const into = t.name === QUEUE_TABLE ? QUEUE_SCRATCH : table.sql;
      if (into === QUEUE_SCRATCH)
        await client.query(`create temp table restore_queue (like pgboss.queue) on commit drop`);
      const copy = openCopy(client, `copy ${into} (${t.columns.map(quoteIdent).join(', ')}) from stdin`);
      let part = 0;
      let copied: number;
      try {
        while (entry?.name.startsWith(`${TABLE_PREFIX}${t.name}/`)) {
          if (entry.name !== tableEntry(t.name, part++)) throw damaged(`a part of ${t.name} is missing`);
          for await (const chunk of entry.body) await copy.write(chunk);
          entry = await next();
        }
        if (part === 0) throw damaged(`the rows of ${t.name} are missing`);
        copied = await copy.end();
      } catch (err) {
        // PostgreSQL refusing the rows themselves (class 22: bad data, 23: a broken constraint).
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'string' && /^2[23]/.test(code)) {
          throw damaged(`the rows of ${t.name} do not load (${(err as Error).message})`);
        }
        throw err;
      }
      if (into === QUEUE_SCRATCH) copied = await createQueuesFrom(client, QUEUE_SCRATCH);
      if (copied !== t.rows) throw damaged(`${t.name} has ${copied} rows, its manifest says ${t.rows}`);
      rows += copied;
      loaded.add(t.name);
    }
    if (entry?.name.startsWith(TABLE_PREFIX)) throw damaged(`${entry.name} is not in its manifest`);
    for (const t of triggered) await client.query(`alter table ${t} enable trigger user`);
    for (const s of manifest.sequences) {
      const [schema, name] = splitName(s.name);
      await client.query('select setval($1::regclass, $2::bigint, $3)', [
        `${quoteIdent(schema)}.${quoteIdent(name)}`,
        s.lastValue,
        s.isCalled,
      ]);
    }
    await applyMigrations(client, migrations.slice(level + 1), true);

    await fs.rm(staging, { recursive: true, force: true });
    await fs.mkdir(staging, { recursive: true });
    const written: EndMarker = { files: 0, fileBytes: 0 };
    let secret: Buffer | null = null;
    while (entry?.name.startsWith(FILE_PREFIX)) {
      written.fileBytes += await writeStoredFile(staging, entry.name.slice(FILE_PREFIX.length), entry.body);
      written.files += 1;
      entry = await next();
    }
    if (entry?.name === APP_SECRET_ENTRY) {
      secret = await readAll(entry.body);
      entry = await next();
    }
    if (entry?.name !== END_ENTRY) throw damaged(entry ? `${entry.name} was not expected` : 'its end is missing');
    const end = EndMarker.safeParse(parseJson(await readAll(entry.body)));
    if (!end.success || end.data.files !== written.files || end.data.fileBytes !== written.fileBytes) {
      throw damaged(`it lists other files than it holds`);
    }
    // Read to the very end: the gzip checksum of the whole file is checked there.
    if (await next()) throw damaged('something follows its end');

    await client.query('commit');
    await replaceFiles(opts.dataDir, staging);
    if (secret) await fs.writeFile(path.join(opts.dataDir, 'app-secret'), secret, { mode: 0o600 });
    return {
      tables: manifest.tables.length,
      rows,
      files: written.files,
      fileBytes: written.fileBytes,
      migrationFrom: migrations[level]!.tag,
      migrationTo: migrations.at(-1)!.tag,
    };
  } catch (err) {
    // Closing the connection (below) rolls the transaction back, even in the middle of a COPY.
    await fs.rm(staging, { recursive: true, force: true });
    throw err;
  } finally {
    await archive.return(undefined);
    await client?.end().catch(() => undefined);
  }
}

function parseManifest(data: Buffer): Manifest {
  const parsed = Manifest.safeParse(parseJson(data));
  if (!parsed.success || parsed.data.format !== FORMAT) throw damaged('its manifest is unreadable');
  if (parsed.data.formatVersion > FORMAT_VERSION) {
    throw new AppError(
      'backup_too_new',
      409,
      `The backup's format (version ${parsed.data.formatVersion}) is newer than this Dossier reads; use Dossier ${parsed.data.dossierVersion} or later`,
    );
  }
  return parsed.data;
}

/** The index of the backup's last migration among this code's; a backup from a newer schema is refused. */
function backupLevel(manifest: Manifest, migrations: ReturnType<typeof codeMigrations>): number {
  const level = migrations.findIndex((m) => m.createdAt === manifest.migration.createdAt);
  if (level >= 0) return level;
  const last = migrations.at(-1)!;
  if (manifest.migration.createdAt > last.createdAt) {
    throw new AppError(
      'backup_too_new',
      409,
      `The backup's database is at migration ${manifest.migration.tag ?? manifest.migration.createdAt}, newer than this Dossier's last (${last.tag}); restore it with Dossier ${manifest.dossierVersion} or later`,
    );
  }
  throw damaged(`its migration ${manifest.migration.tag ?? manifest.migration.createdAt} is not one of this Dossier's`);
}

/** Whether any application table (schema public) has a row: job queues and bookkeeping alone are no data. */
async function holdsDossierData(client: pg.Client): Promise<boolean> {
  const tables = (await listTables(client)).filter((t) => t.name.startsWith('public.'));
  for (const t of tables) {
    const { rows } = await client.query<{ found: boolean }>(`select exists (select 1 from ${t.sql}) as found`);
    if (rows[0]!.found) return true;
  }
  return false;
}

/**
 * Clears the database for the backup's schema: the drizzle and pgboss schemas go whole; from public
 * go the tables, views, sequences, functions and types Dossier's migrations made. The schema public
 * itself stays, with its owner, its grants and the extensions installed in it (migrations keep them).
 */
async function dropDossierObjects(client: pg.Client): Promise<void> {
  await client.query('drop schema if exists pgboss cascade');
  await client.query('drop schema if exists drizzle cascade');
  const notInExtension = (catalog: string, column: string) =>
    `not exists (select 1 from pg_depend d where d.classid = '${catalog}'::regclass and d.objid = ${column} and d.deptype = 'e')`;
  const { rows: relations } = await client.query<{ name: string; kind: string }>(
    `select c.oid::regclass::text as name, c.relkind as kind from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
        and not c.relispartition and ${notInExtension('pg_class', 'c.oid')}`,
  );
  const dropOf: Record<string, string> = {
    r: 'table',
    p: 'table',
    v: 'view',
    m: 'materialized view',
    f: 'foreign table',
    S: 'sequence',
  };
  for (const r of relations) await client.query(`drop ${dropOf[r.kind]} if exists ${r.name} cascade`);
  const { rows: routines } = await client.query<{ name: string; kind: string }>(
    `select p.oid::regprocedure::text as name, p.prokind as kind from pg_proc p
      where p.pronamespace = 'public'::regnamespace and ${notInExtension('pg_proc', 'p.oid')}`,
  );
  const routineOf: Record<string, string> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'function' };
  for (const r of routines) await client.query(`drop ${routineOf[r.kind]} if exists ${r.name} cascade`);
  const { rows: types } = await client.query<{ name: string }>(
    `select t.oid::regtype::text as name from pg_type t
      where t.typnamespace = 'public'::regnamespace and t.typtype in ('e', 'd', 'r', 'c')
        and (t.typtype <> 'c' or (select relkind from pg_class where oid = t.typrelid) = 'c')
        and ${notInExtension('pg_type', 't.oid')}`,
  );
  for (const t of types) await client.query(`drop type if exists ${t.name} cascade`);
}

/** COPY FROM STDIN with backpressure; an error from the server surfaces on the next write or at the end. */
function openCopy(client: pg.Client, sql: string) {
  const stream = client.query(copyFrom(sql));
  const done = finished(stream);
  done.catch(() => undefined);
  return {
    async write(chunk: Buffer): Promise<void> {
      if (!stream.destroyed && !stream.write(chunk)) await drained(stream);
      if (stream.destroyed) {
        await done;
        throw new Error('the COPY ended early');
      }
    },
    async end(): Promise<number> {
      stream.end();
      await done;
      return stream.rowCount;
    },
  };
}

/** Writes one stored file below the staging directory; a key may not lead out of it. */
async function writeStoredFile(root: string, key: string, body: AsyncIterable<Buffer>): Promise<number> {
  const target = path.resolve(root, key);
  if (!target.startsWith(path.resolve(root) + path.sep)) throw damaged(`it holds a file outside the storage (${key})`);
  await fs.mkdir(path.dirname(target), { recursive: true });
  let bytes = 0;
  const counted = async function* () {
    for await (const chunk of body) {
      bytes += chunk.length;
      yield chunk;
    }
  };
  await pipeline(Readable.from(counted()), createWriteStream(target));
  return bytes;
}

/** Puts the restored files where the storage expects them, in place of the ones there before. */
async function replaceFiles(dataDir: string, staging: string): Promise<void> {
  const target = path.join(dataDir, 'files');
  const old = path.join(dataDir, `files.replaced-${Date.now()}`);
  const hadFiles = await fs
    .rename(target, old)
    .then(() => true)
    .catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    });
  await fs.rename(staging, target);
  if (hadFiles) await fs.rm(old, { recursive: true, force: true });
}

async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(chunk);
  return Buffer.concat(parts);
}

function parseJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return null;
  }
}

function splitName(name: string): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}
