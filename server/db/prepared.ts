// Named statements for hot paths: the query is built by Drizzle once per pool and each connection
// parses and plans it once. A transaction's handle lives for one transaction, so there the query is
// built each time (the connection still reuses the parsed statement of the same name and text).
import type { Db } from './client.ts';

const byHandle = new WeakMap<Db, Map<string, unknown>>();

/** `name` must identify the statement's text: the same name with another text fails on a connection. */
export function preparedFor<T>(handle: { db: Db; tx: unknown }, name: string, build: (db: Db, name: string) => T): T {
  if (handle.tx) return build(handle.db, name);
  let statements = byHandle.get(handle.db);
  if (!statements) {
    statements = new Map();
    byHandle.set(handle.db, statements);
  }
  let statement = statements.get(name) as T | undefined;
  if (statement === undefined) {
    statement = build(handle.db, name);
    statements.set(name, statement);
  }
  return statement;
}
