// The benchmark's database: DATABASE_URL, or an embedded PostgreSQL under bench/data.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
