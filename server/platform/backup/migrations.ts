// Schema levels for backup and restore: which migration a database has reached, and applying this
// code's migrations inside the restore's own transaction (Drizzle's migrator opens one of its own).
import fs from 'node:fs';
import path from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type pg from 'pg';
import { migrationsFolder } from '../../db/migrate.ts';

export interface Migration {
  tag: string;
  /** Drizzle's key for a migration: the time it was generated, stored as created_at. */
  createdAt: number;
  hash: string;
  statements: string[];
}

/** This code's migrations, oldest first. */
export function codeMigrations(): Migration[] {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  return readMigrationFiles({ migrationsFolder }).map((m, i) => ({
    tag: journal.entries[i]!.tag,
    createdAt: m.folderMillis,
    hash: m.hash,
    statements: m.sql,
  }));
}

export interface MigrationLevel {
  /** The last migration applied (null when this code does not know it: a newer version applied it). */
  tag: string | null;
  createdAt: number;
  hash: string;
}

/** The last migration applied to the database, null when it has never been migrated. */
export async function readMigrationLevel(client: pg.ClientBase): Promise<MigrationLevel | null> {
  const { rows: exists } = await client.query<{ t: string | null }>(
    `select to_regclass('drizzle.__drizzle_migrations')::text as t`,
  );
  if (!exists[0]?.t) return null;
  const { rows } = await client.query<{ hash: string; created_at: string }>(
    'select hash, created_at::text from drizzle.__drizzle_migrations order by created_at desc limit 1',
  );
  if (!rows[0]) return null;
  const createdAt = Number(rows[0].created_at);
  return { tag: codeMigrations().find((m) => m.createdAt === createdAt)?.tag ?? null, createdAt, hash: rows[0].hash };
}

/**
 * Runs migrations on a connection that is inside a transaction, as Drizzle's migrator would: the
 * bookkeeping table first, then each migration's statements. `record` adds their bookkeeping rows
 * (left out while rebuilding a backup's schema, whose own bookkeeping rows are then loaded).
 */
export async function applyMigrations(client: pg.ClientBase, migrations: Migration[], record: boolean): Promise<void> {
  await client.query('create schema if not exists drizzle');
  await client.query(
    'create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)',
  );
  for (const m of migrations) {
    for (const statement of m.statements) await client.query(statement);
    if (record) {
      await client.query('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', [
        m.hash,
        m.createdAt,
      ]);
    }
  }
}
