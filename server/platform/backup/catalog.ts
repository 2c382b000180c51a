// What a backup contains, read from pg_catalog: the tables of Dossier's schemas in foreign-key order,
// their columns, the sequences, and the tables that carry triggers of their own.
import type pg from 'pg';

/**
 * The application's tables (public), Drizzle's migration bookkeeping (drizzle) and pg-boss's jobs
 * (pgboss): queued work such as a scheduled email or a journal reaction not yet run lives only there.
 */
export const BACKUP_SCHEMAS = ['public', 'drizzle', 'pgboss'];

/**
 * pg-boss's archive holds finished jobs, history it deletes itself after a week; its version row is
 * written when the job schema is created on restore (the manifest records the version instead).
 */
const LEFT_OUT = new Set(['pgboss.archive', 'pgboss.version']);

export interface TableInfo {
  /** Schema-qualified, as in the manifest: "public.contacts". */
  name: string;
  /** Quoted for SQL: "public"."contacts". */
  sql: string;
  /** Stored columns in table order (generated columns are computed again on restore). */
  columns: string[];
  /** Tables this one's foreign keys point at (itself excluded). */
  parents: string[];
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The tables to back up, each after every table its foreign keys reference, so they load in this
 * order with every constraint checked. A foreign key on a partition (pg-boss creates one partition
 * of its job table per queue) counts as one of the partitioned table it belongs to.
 */
export async function listTables(client: pg.ClientBase): Promise<TableInfo[]> {
  const { rows: tables } = await client.query<{ oid: number; schema: string; table: string }>(
    `select c.oid, n.nspname as schema, c.relname as table
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any($1) and c.relkind in ('r', 'p') and not c.relispartition
        and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')`,
    [BACKUP_SCHEMAS],
  );
  const byOid = new Map<number, TableInfo>();
  for (const t of tables) {
    const name = `${t.schema}.${t.table}`;
    if (LEFT_OUT.has(name)) continue;
    byOid.set(t.oid, { name, sql: `${quoteIdent(t.schema)}.${quoteIdent(t.table)}`, columns: [], parents: [] });
  }
  const oids = [...byOid.keys()];
  const { rows: columns } = await client.query<{ oid: number; column: string }>(
    `select attrelid as oid, attname as column from pg_attribute
      where attrelid = any($1::oid[]) and attnum > 0 and not attisdropped and attgenerated = ''
      order by attrelid, attnum`,
    [oids],
  );
  for (const c of columns) byOid.get(c.oid)!.columns.push(c.column);
  const { rows: keys } = await client.query<{ child: number; parent: number }>(
    `select distinct coalesce(pg_partition_root(conrelid), conrelid)::oid as child,
                     coalesce(pg_partition_root(confrelid), confrelid)::oid as parent
       from pg_constraint where contype = 'f'`,
  );
  for (const k of keys) {
    const child = byOid.get(k.child);
    const parent = byOid.get(k.parent);
    if (child && parent && child !== parent) child.parents.push(parent.name);
  }
  return inDependencyOrder([...byOid.values()]);
}

/** Kahn's ordering, ties by name so that the same schema always gives the same order. */
function inDependencyOrder(tables: TableInfo[]): TableInfo[] {
  const placed = new Set<string>();
  const ordered: TableInfo[] = [];
  let rest = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  while (rest.length > 0) {
    const ready = rest.filter((t) => t.parents.every((p) => placed.has(p)));
    if (ready.length === 0) {
      throw new Error(`foreign keys form a cycle between ${rest.map((t) => t.name).join(', ')}`);
    }
    for (const t of ready) {
      placed.add(t.name);
      ordered.push(t);
    }
    rest = rest.filter((t) => !placed.has(t.name));
  }
  return ordered;
}

export interface SequenceValue {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export async function readSequences(client: pg.ClientBase): Promise<SequenceValue[]> {
  const { rows } = await client.query<{ schema: string; name: string }>(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'S' and n.nspname = any($1) order by 1, 2`,
    [BACKUP_SCHEMAS],
  );
  const values: SequenceValue[] = [];
  for (const s of rows) {
    const { rows: v } = await client.query<{ last_value: string; is_called: boolean }>(
      `select last_value::text, is_called from ${quoteIdent(s.schema)}.${quoteIdent(s.name)}`,
    );
    values.push({ name: `${s.schema}.${s.name}`, lastValue: v[0]!.last_value, isCalled: v[0]!.is_called });
  }
  return values;
}

/** Tables with triggers of their own (not the ones PostgreSQL makes for foreign keys). */
export async function tablesWithTriggers(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select distinct quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name
       from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where not t.tgisinternal and n.nspname = any($1)`,
    [BACKUP_SCHEMAS],
  );
  return rows.map((r) => r.name);
}
