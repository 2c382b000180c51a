// Starting and stopping everything a Dossier process needs: database, migrations, jobs, workers.
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { connectDatabase, poolSize, withDatabase, type Database } from './db/client.ts';
import { runningEmbeddedUrl, startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts';
import { ensureDatabase, runMigrations } from './db/migrate.ts';
import type { Deps } from './platform/context.ts';
import { LocalDiskStorage } from './platform/files/storage.ts';
import { createBoss } from './platform/jobs.ts';
import { createJournalQueues, startJournalWorkers } from './platform/journal/subscribers.ts';
import { createModuleQueues, registerModules, startModuleWorkers } from './modules/register.ts';

export interface Runtime {
  deps: Deps;
  embedded: EmbeddedDatabase | null;
  stop(): Promise<void>;
}

/** One line on the database in use, for the start-up summary. */
export function describeDatabase(url: string, embedded: EmbeddedDatabase | null): string {
  if (embedded) return `embedded PostgreSQL on 127.0.0.1:${embedded.port} (cluster in ${embedded.dir})`;
  const u = new URL(url);
  return `PostgreSQL at ${u.hostname}:${u.port || 5432}, database ${u.pathname.slice(1) || 'postgres'} (DATABASE_URL)`;
}

/** Resolves the database URL: DATABASE_URL, or an embedded server under DATA_DIR. */
/**
 * DATABASE_URL, else the embedded server. A one-off command (`shareRunning`) uses the embedded server a running
 * Dossier keeps and leaves it running; without a running one it starts its own (and the caller stops it).
 */
export async function resolveDatabase(
  config: Config,
  logger: Logger,
  opts: { shareRunning?: boolean } = {},
): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (config.DATABASE_URL) {
    await ensureDatabase(config.DATABASE_URL);
    return { url: config.DATABASE_URL, embedded: null };
  }
  if (opts.shareRunning) {
    const running = await runningEmbeddedUrl({ dataDir: config.dataDir, clusterDir: config.EMBEDDED_PG_DIR });
    if (running) return { url: withDatabase(running, 'dossier'), embedded: null };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    clusterDir: config.EMBEDDED_PG_DIR,
    preferredPort: config.EMBEDDED_PG_PORT,
    log: (line) => logger.debug({ pg: line }, 'embedded postgres'),
    onEvent: (e) => {
      if (e.type === 'exited' || e.type === 'restart_failed' || e.type === 'port_taken') logger.warn(e.message);
      else logger.info(e.message);
    },
  });
  const url = withDatabase(embedded.url, 'dossier');
  await ensureDatabase(url);
  logger.debug({ port: embedded.port, dir: embedded.dir }, 'embedded PostgreSQL started');
  return { url, embedded };
}

export async function startRuntime(
  config: Config,
  logger: Logger,
  opts: { workers: boolean; shareRunning?: boolean; database?: { url: string; embedded: EmbeddedDatabase | null } },
): Promise<Runtime> {
  const { url, embedded } =
    opts.database ?? (await resolveDatabase(config, logger, { shareRunning: opts.shareRunning }));
  let database: Database | null = null;
  try {
    await runMigrations(url);
    database = connectDatabase(url, { max: poolSize(config, Boolean(embedded)) });
    registerModules();
    const boss = createBoss(url, logger, { supervise: opts.workers });
    await boss.start();
    await createJournalQueues(boss);
    await createModuleQueues(boss);
    const storage = new LocalDiskStorage(path.join(config.dataDir, 'files'));
    const deps: Deps = { config, database, boss, logger, storage };
    if (opts.workers) {
      await startJournalWorkers(deps);
      await startModuleWorkers(deps);
    }
    return {
      deps,
      embedded,
      async stop() {
        await boss.stop({ graceful: true, wait: true, timeout: 5000 }).catch(() => undefined);
        await database!.close().catch(() => undefined);
        await embedded?.stop();
      },
    };
  } catch (err) {
    await database?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
}
