// The app as the benchmark runs it: the real server (no web assets) on the bench database, on a
// free port of 127.0.0.1. `http` runs it in its own process; `throughput` in a child process of
// its own (`serve`), so the load generator does not share the server's event loop.
import path from 'node:path';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { connectDatabase, poolSize } from '../server/db/client.ts';
import type { Deps } from '../server/platform/context.ts';
import { LocalDiskStorage } from '../server/platform/files/storage.ts';
import { createBoss } from '../server/platform/jobs.ts';
import { createLogger } from '../server/platform/logger.ts';
import { registerModules } from '../server/modules/register.ts';
import { createExportQueue, startExportWorkers } from '../server/modules/exports/run-export.job.ts';
import { benchDir } from './database.ts';

/** The app's services on the bench database (the generator uses them too). */
export async function benchDeps(url: string, opts: { logLevel?: string; poolSize?: number } = {}) {
  const level = opts.logLevel ?? 'silent';
  const config = loadConfig({ ...process.env, LOG_LEVEL: level, DATA_DIR: path.join(benchDir, 'data') });
  const logger = createLogger(level);
  // As `dossier start` sizes it (the bench's database is embedded unless DATABASE_URL says otherwise).
  const database = connectDatabase(url, { max: opts.poolSize ?? poolSize(config, !process.env.DATABASE_URL) });
  registerModules();
  const boss = createBoss(url, logger, { supervise: false });
  await boss.start();
  const deps: Deps = {
    config,
    database,
    boss,
    logger,
    storage: new LocalDiskStorage(path.join(benchDir, 'data', 'files')),
  };
  const close = async () => {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await database.close();
  };
  return { deps, database, close };
}

export async function startApp(url: string, opts: { serveWeb?: boolean; exportWorker?: boolean } = {}) {
  const { deps, database, close: closeDeps } = await benchDeps(url);
  if (opts.exportWorker) {
    // Only the worker measured (the others — index sync, recovery ticks — would run beside it).
    await createExportQueue(deps.boss);
    await startExportWorkers(deps);
  }
  const app = await buildApp(deps, { serveWeb: opts.serveWeb ?? false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;
  const close = async () => {
    await app.close();
    await closeDeps();
  };
  return { app, base, database, deps, close };
}
