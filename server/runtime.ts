// Starting and stopping everything a Dossier process needs: database, migrations, jobs, workers.
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { connectDatabase, withDatabase, type Database } from './db/client.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts';
import { ensureDatabase, runMigrations } from './db/migrate.ts';
import type { Deps } from './platform/context.ts';
import { LocalDiskStorage } from './platform/files/storage.ts';
import { createBoss } from './platform/jobs.ts';
import { createJournalQueues, startJournalWorkers } from './platform/journal/subscribers.ts';
import { registerModules, startModuleWorkers } from './modules/register.ts';

export interface Runtime {
  deps: Deps;
  embedded: EmbeddedDatabase | null;
  stop(): Promise<void>;
}

/** Resolves the database URL: DATABASE_URL, or an embedded server under DATA_DIR. */
export async function resolveDatabase(
  config: Config,
  logger: Logger,
): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (config.DATABASE_URL) {
    await ensureDatabase(config.DATABASE_URL);
    return { url: config.DATABASE_URL, embedded: null };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    preferredPort: config.EMBEDDED_PG_PORT,
    log: (line) => logger.debug({ pg: line }, 'embedded postgres'),
  });
  const url = withDatabase(embedded.url, 'dossier');
  await ensureDatabase(url);
  logger.info({ port: embedded.port, dir: config.dataDir }, 'embedded PostgreSQL started');
  return { url, embedded };
}

export async function startRuntime(
  config: Config,
  logger: Logger,
  opts: { workers: boolean; database?: { url: string; embedded: EmbeddedDatabase | null } },
): Promise<Runtime> {
  const { url, embedded } = opts.database ?? (await resolveDatabase(config, logger));
  let database: Database | null = null;
  try {
    await runMigrations(url);
    database = connectDatabase(url);
    registerModules();
    const boss = createBoss(url, logger, { supervise: opts.workers });
    await boss.start();
    await createJournalQueues(boss);
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
