// The database `dossier backup` and `dossier restore` work on: DATABASE_URL; else the embedded server
// a running Dossier keeps (left running); else the embedded server, started for the command and stopped.
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { withDatabase } from '../../db/client.ts';
import { runningEmbeddedUrl } from '../../db/embedded.ts';
import { resolveDatabase } from '../../runtime.ts';

export async function databaseForCommand(
  config: Config,
  logger: Logger,
): Promise<{ url: string; stop(): Promise<void> }> {
  if (!config.DATABASE_URL) {
    const running = await runningEmbeddedUrl({ dataDir: config.dataDir, clusterDir: config.EMBEDDED_PG_DIR });
    if (running) return { url: withDatabase(running, 'dossier'), stop: async () => undefined };
  }
  const database = await resolveDatabase(config, logger);
  return { url: database.url, stop: async () => database.embedded?.stop() };
}
