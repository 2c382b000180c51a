// Rows sent as one parameter and read as a table (jsonb_to_recordset), for statements that change many rows at
// once with a value of their own each: `update … set col = v.col from <recordset> where … = v.id`. Column names
// and types come from the Drizzle schema, so a row is the object an insert would take (its property names).
import { getTableColumns, sql, type SQL, type Table } from 'drizzle-orm';

/**
 * `jsonb_to_recordset($1) as <alias>(col type, …)` over `rows`, one column for each of `props`. Dates travel as
 * ISO text, arrays and objects as JSON: PostgreSQL casts each to the column's type.
 */
export function recordset<T extends Table>(
  table: T,
  alias: string,
  props: readonly (keyof T['$inferInsert'] & string)[],
  rows: readonly Partial<T['$inferInsert']>[],
): SQL {
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const definition = props.map((p) => {
    const column = columns[p];
    if (!column) throw new Error(`${p} is not a column of this table`);
    return `"${column.name}" ${column.getSQLType()}`;
  });
  const json = rows.map((row) =>
    Object.fromEntries(props.map((p) => [columns[p]!.name, (row as Record<string, unknown>)[p] ?? null])),
  );
  return sql`jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as ${sql.raw(`"${alias}"(${definition.join(', ')})`)}`;
}

/** The column `prop` of a recordset named `alias`. */
export function recordsetColumn<T extends Table>(table: T, alias: string, prop: keyof T['$inferInsert'] & string): SQL {
  const column = (getTableColumns(table) as Record<string, { name: string }>)[prop];
  if (!column) throw new Error(`${prop} is not a column of this table`);
  return sql.raw(`"${alias}"."${column.name}"`);
}
