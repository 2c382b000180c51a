// The benchmark's database: DATABASE_URL, or an embedded PostgreSQL under bench/data.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { withDatabase } from '../server/db/client.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../server/db/embedded.ts';
import { ensureDatabase, runMigrations } from '../server/db/migrate.ts';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const stateFile = path.join(benchDir, 'data', 'state.json');

export interface BenchState {
  workspaceId: string;
  apiKey: string;
  contacts: number;
  journal: number;
  hotContactIds: string[];
  generatedAt: string;
  generateSeconds: Record<string, number>;
  /** Small workspaces beside the large one (generate-small), `contacts` each. */
  small?: { workspaces: { workspaceId: string; apiKey: string }[]; contacts: number };
  /** Messages on the large workspace's contacts (conversations-generate). */
  conversations?: {
    messages: number;
    hotContactId: string;
    hotMessages: number;
    generatedAt: string;
    generateSeconds: Record<string, number>;
  };
}

export async function openBenchDatabase(): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (process.env.DATABASE_URL) {
    await ensureDatabase(process.env.DATABASE_URL);
    await runMigrations(process.env.DATABASE_URL);
    return { url: process.env.DATABASE_URL, embedded: null };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(benchDir, 'data'),
    preferredPort: 54339,
  });
  const url = withDatabase(embedded.url, 'dossier_bench');
  await ensureDatabase(url);
  await runMigrations(url);
  return { url, embedded };
}

/**
 * Steady state, as on a server that has been running: the contact tables and their indexes read into PostgreSQL's
 * buffer cache (the journal is left to the disk cache). Returns the line to print.
 */
export async function prewarmContacts(pool: pg.Pool): Promise<string> {
  const started = performance.now();
  await pool.query('create extension if not exists pg_prewarm');
  const { rows } = await pool.query(
    `select sum(pg_prewarm(c.oid))::bigint as blocks from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'i')
       and (c.relname like 'contact%' or c.oid in (select indexrelid from pg_index i join pg_class t on t.oid = i.indrelid
                                                    where t.relname like 'contact%'))`,
  );
  const mb = Math.round((Number(rows[0].blocks) * 8) / 1024);
  return `Prewarmed ${mb} MB of contact tables and indexes in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
}
