// How `dossier backup` and `dossier restore` run: on DATABASE_URL, else the embedded server a running Dossier
// keeps (left running), else the embedded server started for the command and stopped after it. Their exit
// codes: 0 done, 2 a refusal (its code and reason on one line), 1 a file that could not be read or written.
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { resolveDatabase } from '../../runtime.ts';
import { AppError } from '../errors.ts';

export async function runDatabaseCommand(
  config: Config,
  logger: Logger,
  failCode: string,
  work: (databaseUrl: string) => Promise<string>,
): Promise<number> {
  const database = await resolveDatabase(config, logger, { shareRunning: true });
  try {
    console.log(await work(database.url));
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`${err.code}: ${err.detail}`);
      return 2;
    }
    // A file that cannot be read or written (no such directory, no permission, a full disk).
    if ((err as NodeJS.ErrnoException).syscall) {
      console.error(`${failCode}: ${(err as Error).message}`);
      return 1;
    }
    throw err;
  } finally {
    await database.embedded?.stop();
  }
}
