// Named statements for hot paths: the query is built by Drizzle once per pool and each connection
// parses and plans it once. A transaction's handle lives for one transaction, so there the query is
// built each time (the connection still reuses the parsed statement of the same name and text).
//
// Their rows are turned into objects by a mapper made once per statement (`withRowMapper`) rather than
// by Drizzle's per-row mapping, which looks up every selected field's kind and decoder again for every
// row: about 7 µs a row of a contact list, a tenth of the server's work for a page of 50.
import { createHash } from 'node:crypto';
import { Column, is, SQL, Subquery } from 'drizzle-orm';
import { PgPreparedQuery } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

const byHandle = new WeakMap<Db, Map<string, unknown>>();

/** `name` must identify the statement's text: the same name with another text fails on a connection. */
export function preparedFor<T>(handle: { db: Db; tx: unknown }, name: string, build: (db: Db, name: string) => T): T {
  if (handle.tx) return withRowMapper(build(handle.db, name));
  let statements = byHandle.get(handle.db);
  if (!statements) {
    statements = new Map();
    byHandle.set(handle.db, statements);
  }
  let statement = statements.get(name) as T | undefined;
  if (statement === undefined) {
    statement = withRowMapper(build(handle.db, name));
    statements.set(name, statement);
  }
  return statement;
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

/** What Drizzle keeps on a prepared select (internal, stable across 0.x): its fields, in the order of the columns. */
interface MappableQuery {
  fields?: { path: string[]; field: unknown }[];
  customResultMapper?: (rows: unknown[][]) => unknown;
  joinsNotNullableMap?: Record<string, boolean>;
}

/** An SQL expression's decoder (internal to Drizzle: `mapWith` sets it). */
const decoderOfSql = (expr: SQL) => (expr as unknown as { decoder: Decoder }).decoder;

/** The decoder Drizzle's own mapping picks for a selected field. */
function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field;
  if (is(field, SQL)) return decoderOfSql(field);
  if (is(field, Subquery)) return decoderOfSql(field._.sql as SQL);
  return decoderOfSql((field as SQL.Aliased).sql);
}

/**
 * `statement` (a Drizzle prepared select) answering the same objects as Drizzle's mapping — the same keys in the same
 * order, nested selections as nested objects, each non-null value through its column's decoder — with each field's
 * decoder and path found once. A select with an outer join keeps Drizzle's mapping: it turns a missing side into null,
 * which needs the whole row. Anything other than a prepared select is returned as it is.
 */
export function withRowMapper<T>(statement: T): T {
  if (!is(statement, PgPreparedQuery)) return statement;
  const q = statement as unknown as MappableQuery;
  const fields = q.fields;
  if (!fields || q.customResultMapper) return statement;
  if (Object.values(q.joinsNotNullableMap ?? {}).some((notNull) => !notNull)) return statement;
  const decoders = fields.map(({ field }) => decoderOf(field));
  const paths = fields.map(({ path }) => path);
  const flat = paths.every((p) => p.length === 1);
  const keys = paths.map((p) => p[0]!);
  const n = fields.length;
  const mapRow = flat
    ? (row: unknown[]) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const raw = row[i];
          out[keys[i]!] = raw === null ? null : decoders[i]!.mapFromDriverValue(raw);
        }
        return out;
      }
    : (row: unknown[]) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const path = paths[i]!;
          let node = out;
          for (let j = 0; j < path.length - 1; j++) node = (node[path[j]!] ??= {}) as Record<string, unknown>;
          const raw = row[i];
          node[path[path.length - 1]!] = raw === null ? null : decoders[i]!.mapFromDriverValue(raw);
        }
        return out;
      };
  q.customResultMapper = (rows) => rows.map(mapRow);
  return statement;
}

/** Where Drizzle keeps a prepared statement's name and text for node-postgres (internal, stable across 0.x). */
interface NamedQuery {
  queryConfig?: { name?: string; text: string };
  rawQueryConfig?: { name?: string; text: string };
}

/**
 * The rows of a select built for one use, mapped as `withRowMapper` maps them. Unnamed, as Drizzle sends it, unless
 * `named`: then the statement is named by its text, so each connection parses it once and PostgreSQL may keep a
 * generic plan for it instead of planning every call. Only for statements whose best plan does not depend on their
 * values (an exact email or phone looked up: a unique index either way) — elsewhere a generic plan would ignore how
 * skewed the values are (a tag on most contacts or on a few, a common word or a rare one).
 */
export function rowsOf<R>(
  query: { prepare(name: string): { execute(): Promise<R[]> } },
  opts: { named?: boolean } = {},
): Promise<R[]> {
  const statement = withRowMapper(query.prepare(''));
  const configs = statement as unknown as NamedQuery;
  if (opts.named && configs.queryConfig && configs.rawQueryConfig) {
    const name = `page_${createHash('sha1').update(configs.queryConfig.text).digest('hex').slice(0, 24)}`;
    configs.queryConfig.name = name;
    configs.rawQueryConfig.name = name;
  }
  return statement.execute();
}
