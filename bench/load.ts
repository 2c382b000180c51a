// Bulk loading the way pg_dump restores: drop the tables' keys, indexes and foreign keys, COPY the
// rows, then rebuild every index with one sort each (compact, no page splits) and re-add the
// foreign keys, each validated by a single join. The definitions are read from the catalog and
// restored verbatim, so the schema afterwards is exactly the one the migrations made.
import { Writable } from 'node:stream';
import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;

/** Text-format COPY escaping. */
export function esc(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s =
    typeof v === 'string'
      ? v
      : v instanceof Date
        ? v.toISOString()
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);
  if (!SPECIAL.test(s)) return s;
  return s.replace(SPECIALS, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export const copyLine = (values: unknown[]) => values.map(esc).join('\t') + '\n';

/** A PostgreSQL array literal (text[] / uuid[]) as COPY reads it. */
export const pgArray = (items: readonly string[]) =>
  `{${items.map((i) => `"${i.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;

interface Definition {
  table: string;
  name: string;
  sql: string;
  bytes: number;
}

export interface Deferred {
  /** Indexes, primary keys and unique constraints: rebuilt after the load. */
  indexes: Definition[];
  /** Foreign keys from, to or between the loaded tables: re-added (and validated) last. */
  foreignKeys: Definition[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Reads and drops every index, key and foreign key that touches the given tables. */
export async function dropForLoad(pool: pg.Pool, tables: string[]): Promise<Deferred> {
  const { rows: fks } = await pool.query<{ table: string; name: string; def: string }>(
    `select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as def
     from pg_constraint c
     where c.contype = 'f' and c.connamespace = 'public'::regnamespace
       and (c.conrelid::regclass::text = any($1) or c.confrelid::regclass::text = any($1))`,
    [tables],
  );
  const { rows: keys } = await pool.query<{ table: string; name: string; def: string; bytes: string }>(
    `select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as def,
            pg_relation_size(c.conindid) as bytes
     from pg_constraint c
     where c.contype in ('p', 'u') and c.connamespace = 'public'::regnamespace
       and c.conrelid::regclass::text = any($1)`,
    [tables],
  );
  const { rows: indexes } = await pool.query<{ table: string; name: string; def: string; bytes: string }>(
    `select i.tablename as table, i.indexname as name, i.indexdef as def,
            pg_relation_size(format('%I.%I', i.schemaname, i.indexname)::regclass) as bytes
     from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any($1)
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname
                       and c.connamespace = 'public'::regnamespace)`,
    [tables],
  );
  for (const fk of fks) await pool.query(`alter table ${quote(fk.table)} drop constraint ${quote(fk.name)}`);
  for (const k of keys) await pool.query(`alter table ${quote(k.table)} drop constraint ${quote(k.name)}`);
  for (const i of indexes) await pool.query(`drop index ${quote(i.name)}`);
  return {
    indexes: [
      ...keys.map((k) => ({
        table: k.table,
        name: k.name,
        sql: `alter table ${quote(k.table)} add constraint ${quote(k.name)} ${k.def}`,
        bytes: Number(k.bytes),
      })),
      ...indexes.map((i) => ({ table: i.table, name: i.name, sql: i.def, bytes: Number(i.bytes) })),
    ],
    foreignKeys: fks.map((fk) => ({
      table: fk.table,
      name: fk.name,
      sql: `alter table ${quote(fk.table)} add constraint ${quote(fk.name)} ${fk.def}`,
      bytes: 0,
    })),
  };
}

/**
 * Rebuilds what dropForLoad removed: indexes two at a time (one per core), the ones on the biggest
 * tables first, then the foreign keys one by one (each validation locks the referenced table).
 */
export async function restoreAfterLoad(
  pool: pg.Pool,
  deferred: Deferred,
  weight: (d: { table: string; name: string; sql: string }) => number,
): Promise<void> {
  const queue = [...deferred.indexes].sort((a, b) => weight(b) - weight(a));
  const worker = async () => {
    const client = await pool.connect();
    try {
      await client.query(`set maintenance_work_mem = '1GB'`);
      // Two builds already keep both cores busy; parallel workers would only contend with them.
      await client.query(`set max_parallel_maintenance_workers = 0`);
      for (let d = queue.shift(); d; d = queue.shift()) await client.query(d.sql);
    } finally {
      client.release();
    }
  };
  await Promise.all([worker(), worker()]);
  for (const fk of deferred.foreignKeys) await pool.query(fk.sql);
}

/** One COPY … FROM STDIN on its own connection, written to with backpressure. */
export class CopyStream {
  private constructor(
    private readonly client: pg.PoolClient,
    private readonly stream: Writable,
    private readonly done: Promise<unknown>,
  ) {}

  rows = 0;

  static async open(pool: pg.Pool, sql: string): Promise<CopyStream> {
    const client = await pool.connect();
    const stream = client.query(copyFrom(sql));
    const done = new Promise((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    // Keeps an early COPY error from surfacing as an unhandled rejection before end() awaits it.
    done.catch(() => undefined);
    return new CopyStream(client, stream, done);
  }

  async write(chunk: string, rows: number): Promise<void> {
    if (!chunk) return;
    this.rows += rows;
    if (!this.stream.write(chunk)) await Promise.race([once(this.stream, 'drain'), this.done]);
  }

  async end(): Promise<void> {
    this.stream.end();
    try {
      await this.done;
    } finally {
      this.client.release();
    }
  }
}
