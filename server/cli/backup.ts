// `dossier backup <file>`: the database (embedded or DATABASE_URL) and the stored files in one .tar.gz.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { databaseForCommand } from '../platform/backup/command-database.ts';
import { AppError } from '../platform/errors.ts';
import { createBackup } from '../platform/backup/create-backup.ts';
import { formatBytes } from './restore.ts';

/** Runs `dossier backup`; returns the exit code. */
export async function runBackupCommand(
  config: Config,
  logger: Logger,
  file: string | undefined,
  usage: string,
): Promise<number> {
  if (!file) {
    console.error(`Give the file to write the backup to.\n\n${usage}`);
    return 2;
  }
  const database = await databaseForCommand(config, logger);
  try {
    const summary = await createBackup({ databaseUrl: database.url, dataDir: config.dataDir, file });
    console.log(
      `Backed up ${summary.tables} tables (${summary.rows} rows) and ${summary.files} files (${formatBytes(summary.fileBytes)}) to ${summary.file}`,
    );
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`${err.code}: ${err.detail}`);
      return 2;
    }
    // A file that cannot be read or written (no such directory, no permission, a full disk).
    if ((err as NodeJS.ErrnoException).syscall) {
      console.error(`backup_failed: ${(err as Error).message}`);
      return 1;
    }
    throw err;
  } finally {
    await database.stop();
  }
}
