// `dossier restore <file> [--force]`: a backup made by `dossier backup` into the database (embedded or
// DATABASE_URL) and DATA_DIR. Refuses a database that holds Dossier data unless --force replaces it.
import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { runDatabaseCommand } from '../platform/backup/command-database.ts';
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
  return runDatabaseCommand(config, logger, 'restore_failed', async (databaseUrl) => {
    const summary = await restoreBackup({ databaseUrl, dataDir: config.dataDir, file, force: values.force === true });
    const migrated =
      summary.migrationFrom === summary.migrationTo
        ? ''
        : `; migrated from ${summary.migrationFrom} to ${summary.migrationTo}`;
    return `Restored ${summary.tables} tables (${summary.rows} rows) and ${summary.files} files (${formatBytes(summary.fileBytes)})${migrated}`;
  });
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
