// `dossier backup <file>`: the database (embedded or DATABASE_URL) and the stored files in one .tar.gz.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { runDatabaseCommand } from '../platform/backup/command-database.ts';
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
  return runDatabaseCommand(config, logger, 'backup_failed', async (databaseUrl) => {
    const summary = await createBackup({ databaseUrl, dataDir: config.dataDir, file });
    return `Backed up ${summary.tables} tables (${summary.rows} rows) and ${summary.files} files (${formatBytes(summary.fileBytes)}) to ${summary.file}`;
  });
}
