// pg-boss's schema during backup and restore: its version, creating it inside the restore's
// transaction, and its queues, each of which owns a partition of the job table.
import { createRequire } from 'node:module';
import PgBoss from 'pg-boss';
import type pg from 'pg';

/** The job schema version this code's pg-boss creates and works with. */
export const JOB_SCHEMA_VERSION = (createRequire(import.meta.url)('pg-boss/version.json') as { schema: number }).schema;

export async function readJobSchemaVersion(client: pg.ClientBase): Promise<number | null> {
  const { rows } = await client.query<{ t: string | null }>(`select to_regclass('pgboss.version')::text as t`);
  if (!rows[0]?.t) return null;
  const { rows: v } = await client.query<{ version: number }>('select version from pgboss.version');
  return v[0]?.version ?? null;
}

/**
 * Creates the job schema as pg-boss would on its first start. pg-boss's plan is its own transaction
 * (BEGIN … COMMIT around its statements, with 30-second lock and idle timeouts): here it runs inside
 * the restore's transaction, without them.
 */
export async function createJobSchema(client: pg.ClientBase): Promise<void> {
  const plan = PgBoss.getConstructionPlans('pgboss').trim();
  if (!plan.startsWith('BEGIN;') || !plan.endsWith('COMMIT;')) {
    throw new Error("pg-boss's construction plan no longer has the expected BEGIN … COMMIT shape");
  }
  await client.query(plan.slice('BEGIN;'.length, -'COMMIT;'.length));
  await client.query('set local lock_timeout to default');
  await client.query('set local idle_in_transaction_session_timeout to default');
}

/**
 * Queues are created through pg-boss's own create_queue(), which also makes the queue's partition
 * of the job table; the backup's rows are loaded into a scratch table first, then their timestamps
 * are kept. Returns how many queues were made.
 */
export async function createQueuesFrom(client: pg.ClientBase, scratch: string): Promise<number> {
  const { rows } = await client.query<{ name: string; options: unknown }>(
    `select name, json_build_object(
        'policy', policy, 'retryLimit', retry_limit, 'retryDelay', retry_delay, 'retryBackoff', retry_backoff,
        'expireInSeconds', expire_seconds, 'retentionMinutes', retention_minutes, 'deadLetter', dead_letter
      ) as options
      from ${scratch} order by dead_letter is not null, name`,
  );
  for (const q of rows) await client.query('select pgboss.create_queue($1, $2)', [q.name, q.options]);
  await client.query(
    `update pgboss.queue q set created_on = s.created_on, updated_on = s.updated_on from ${scratch} s where s.name = q.name`,
  );
  return rows.length;
}
