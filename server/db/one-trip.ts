// Statements sent as plain text with their values written in, so that several can share one message (one round
// trip): PostgreSQL takes a statement with bound parameters only alone. Used where a read needs planner settings
// around it — `set …; <read>; reset …` in one message is one implicit transaction, so a failed read rolls the
// settings back with it and the connection goes back to the pool as it came — and where a statement cannot take
// parameters at all (COPY … TO STDOUT).
import { drizzle } from 'drizzle-orm/node-postgres';
import { createRequire } from 'node:module';
import type pg from 'pg';
import { pgError, type Db } from './client.ts';

/** node-postgres's own value preparation and literal escaping (not in its type declarations). */
const pgUtils = createRequire(import.meta.url)('pg/lib/utils.js') as {
  prepareValue(value: unknown): unknown;
  escapeLiteral(value: string): string;
};

/** A value as node-postgres would bind it (prepareValue: dates, arrays, JSON), in text form; bytes as bytea's hex. */
function textValue(value: unknown): string | null {
  const v = pgUtils.prepareValue(value);
  if (v === null || v === undefined) return null;
  return Buffer.isBuffer(v) ? `\\x${v.toString('hex')}` : String(v);
}

/**
 * `text` with each `$n` replaced by its value as a quoted literal (textValue, escaped by node-postgres's
 * escapeLiteral). A quoted literal is typed by where it stands, as a parameter is.
 */
export function inlineParams(text: string, params: readonly unknown[]): string {
  const values = params.map(textValue);
  return text.replace(/\$(\d+)\b/g, (_, n: string) => {
    const value = values[Number(n) - 1];
    return value === null || value === undefined ? 'NULL' : pgUtils.escapeLiteral(value);
  });
}

export type Settings = Readonly<Record<string, string>>;

/** `set a = 'x'; set b = 'y'; ` — for one message or after a BEGIN (`local`: until the transaction ends). */
export const setStatements = (settings: Settings, local = false) =>
  Object.entries(settings)
    .map(([name, value]) => `set ${local ? 'local ' : ''}${name} = ${pgUtils.escapeLiteral(value)}; `)
    .join('');

export const resetStatements = (settings: Settings) =>
  Object.keys(settings)
    .map((name) => `reset ${name}; `)
    .join('');

type QueryConfig = { text: string; rowMode?: 'array'; types?: unknown };

/**
 * Runs one statement with `settings` in force, in one round trip: `set …; <statement>; reset …`. Its result is the
 * statement's.
 */
export async function queryWithSettings(
  pool: pg.Pool,
  settings: Settings,
  config: QueryConfig,
  params: readonly unknown[] = [],
): Promise<pg.QueryResult> {
  const text = inlineParams(config.text, params);
  // Without values and without a name, node-postgres sends it as one simple query: several statements may share it.
  const results = (await pool.query({
    rowMode: config.rowMode,
    types: config.types,
    text: `${setStatements(settings)}${text}; ${resetStatements(settings)}`,
  } as pg.QueryConfig)) as unknown as pg.QueryResult[];
  return results[Object.keys(settings).length]!;
}

const handles = new WeakMap<pg.Pool, Map<string, Db>>();

/**
 * A Drizzle handle over `pool` whose every statement runs with `settings` in force, each in one round trip
 * (queryWithSettings) rather than three (begin and the settings, the statement, commit).
 */
export function dbWithSettings(pool: pg.Pool, settings: Settings): Db {
  const key = JSON.stringify(settings);
  let byKey = handles.get(pool);
  if (!byKey) handles.set(pool, (byKey = new Map()));
  let db = byKey.get(key);
  if (!db) {
    const client = {
      query: (config: QueryConfig, params?: unknown[]) => queryWithSettings(pool, settings, config, params),
    };
    db = drizzle({ client: client as unknown as pg.Pool, casing: 'snake_case' }) as unknown as Db;
    byKey.set(key, db);
  }
  return db;
}

/**
 * For a statement sent with a `statement_timeout` among its settings: null when it was cancelled for outlasting it
 * (57014, as node-postgres reports it or Drizzle wraps it), the settings gone back with it; any other failure stands.
 */
export function unlessCancelled(err: unknown): null {
  if (pgError(err).code === '57014') return null;
  throw err;
}
