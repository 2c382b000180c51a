// The database `dossier backup` and `dossier restore` work on: DATABASE_URL; else the embedded server
// a running Dossier keeps (left running); else the embedded server, started for the command and stopped.
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { resolveDatabase } from '../../runtime.ts';

export async function databaseForCommand(
  config: Config,
  logger: Logger,
): Promise<{ url: string; stop(): Promise<void> }> {
  const database = await resolveDatabase(config, logger, { shareRunning: true });
  return { url: database.url, stop: async () => database.embedded?.stop() };
}
