// `dossier restore <file> [--force]`: a backup made by `dossier backup` into the database (embedded or
// DATABASE_URL) and DATA_DIR. Refuses a database that holds Dossier data unless --force replaces it.
import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { databaseForCommand } from '../platform/backup/command-database.ts';
import { AppError } from '../platform/errors.ts';
import { restoreBackup } from '../platform/backup/restore-backup.ts';

/** The command's own options, added to the CLI's parser. */
export const restoreCliOptions = { force: { type: 'boolean' } } as const;

/** Runs `dossier restore`; returns the exit code. */
export async function runRestoreCommand(
  config: Config,
  logger: Logger,
  file: string | undefined,
  values: { force?: unknown },
  usage: string,
): Promise<number> {
  if (!file) {
    console.error(`Give the backup file to restore.\n\n${usage}`);
    return 2;
  }
  if (!(await fs.stat(file).catch(() => null))?.isFile()) {
    // Said before the embedded database is started for nothing.
    console.error(`not_found: No backup file ${file}`);
    return 2;
  }
  const database = await databaseForCommand(config, logger);
  try {
    const summary = await restoreBackup({
      databaseUrl: database.url,
      dataDir: config.dataDir,
      file,
      force: values.force === true,
    });
    const migrated =
      summary.migrationFrom === summary.migrationTo
        ? ''
        : `; migrated from ${summary.migrationFrom} to ${summary.migrationTo}`;
    console.log(
      `Restored ${summary.tables} tables (${summary.rows} rows) and ${summary.files} files (${formatBytes(summary.fileBytes)})${migrated}`,
    );
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`${err.code}: ${err.detail}`);
      return 2;
    }
    // A file that cannot be read or written (no such directory, no permission, a full disk).
    if ((err as NodeJS.ErrnoException).syscall) {
      console.error(`restore_failed: ${(err as Error).message}`);
      return 1;
    }
    throw err;
  } finally {
    await database.stop();
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
