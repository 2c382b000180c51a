// The connection pool and the Drizzle handle over it.
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import os from 'node:os';
import pg from 'pg';

// int8 (COUNT(*), bigint sums) as numbers: our counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Db = NodePgDatabase;

export interface Database {
  pool: pg.Pool;
  db: Db;
  url: string;
  close(): Promise<void>;
}

/**
 * How many connections the server opens: DATABASE_POOL_SIZE, or else by where the database runs. A connection is a PostgreSQL process,
 * and more of them than the database's cores can run only queue there instead of here, at a cost: each process maps
 * the shared buffers it touches page by page (a fresh one faults on every page of the 4 GB of contacts a list reads
 * over time) and they take turns on the cores. The embedded database shares this machine: twice its cores (a
 * connection also waits on the network, the disk and the server's own work). An external server's cores are not
 * known here: 10, the usual default of connection pools.
 */
export function poolSize(config: { DATABASE_POOL_SIZE?: number }, embedded: boolean): number {
  return config.DATABASE_POOL_SIZE ?? (embedded ? Math.max(4, 2 * os.availableParallelism()) : 10);
}

export function connectDatabase(url: string, opts: { max?: number; applicationName?: string } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? poolSize({}, false),
    application_name: opts.applicationName ?? 'dossier',
    // Kept for ten minutes when idle (was 30 s): a fresh connection's PostgreSQL process maps the shared buffers it
    // touches page by page, which costs it its first seconds of work; a quiet minute should not throw that away.
    idleTimeoutMillis: 600_000,
    // While the database is away, a request waits this long for a connection, then answers 503.
    connectionTimeoutMillis: 5_000,
  });
  // A connection lost while idle in the pool (the pool replaces it) or while checked out between
  // two queries (the next query fails and the request answers 503) must not crash the process:
  // without a listener, node-postgres re-emits it as an unhandled 'error' event.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return { pool, db: wrapClient(pool), url, close: () => pool.end() };
}

export function wrapClient(client: pg.Pool | pg.PoolClient): Db {
  return drizzle({ client, casing: 'snake_case' }) as unknown as Db;
}

/** Replaces the database name of a connection URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** What PostgreSQL said of a failed statement. */
export interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  severity?: string;
}

/** The PostgreSQL error of a failure, as node-postgres throws it or as Drizzle wraps it (DrizzleQueryError's cause). */
export function pgError(err: unknown): PgError {
  return ((err as { cause?: unknown } | null)?.cause ?? err ?? {}) as PgError;
}

/** A unique index refused the write (23505): any of them, or the one named. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = pgError(err);
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

const CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Connection refused',
];

/**
 * Whether an error means the database is out of reach (down, restarting, connections cut) rather
 * than that a statement was wrong: such requests answer 503 and may be retried.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; errors?: unknown[] } | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  // 57P01-03: the server is shutting down / crashed / starting; class 08: connection exceptions.
  if (/^(57P0[123]|08\w{3}|53300)$/.test(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return CONNECTION_MESSAGES.some((m) => message.includes(m));
}
