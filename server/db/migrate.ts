// Applies the generated migrations; an advisory lock keeps two starting processes from racing.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { wrapClient } from './client.ts';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_ID = 7_040_117; // arbitrary, constant: "dossier migrations"

export async function runMigrations(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_ID]);
    await client.query('set client_min_messages = warning');
    await migrate(wrapClient(client as unknown as pg.PoolClient), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}

/** Creates the database named in `url` if it does not exist (for a fresh external server). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url).pathname.slice(1) || 'postgres';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [target]);
    if (!rowCount) await client.query(`create database "${target.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
