// The dossier command: start | worker | migrate | seed | api-key | set-password | import | export | backup | restore.
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { runMigrations } from './db/migrate.ts';
import { createLogger } from './platform/logger.ts';
import { describeMetrics } from './platform/metrics/metrics.ts';
import { startInboundSmtp, type InboundSmtp } from './modules/inbound/smtp-listener.ts';
import { describeDatabase, resolveDatabase, startRuntime, type Runtime } from './runtime.ts';
import { createApiKeyForCli, seedIfEmpty, seedDemo, setPasswordForCli } from './seed/seed.ts';
import { exportCliOptions, runExportCommand } from './cli/export.ts';
import { importCliOptions, runImportCommand } from './cli/import.ts';
import { runBackupCommand } from './cli/backup.ts';
import { restoreCliOptions, runRestoreCommand } from './cli/restore.ts';

const usage = `Usage: dossier <command> [options]

Commands:
  start                 Run the web server and the background worker (default)
  worker                Run only the background worker
  migrate               Apply database migrations and exit
  seed                  Add the demo workspace (if it does not exist yet) and exit
  api-key --email E --name N
                        Create an API key as the admin with email E and print it
  set-password --email E
                        Give a user a new random password and print it
  import FILE --workspace W [--mode create|update|upsert] [--owner EMAIL] [--tags a,b] [--country DE]
                        Import contacts from a CSV or vCard file into workspace W (id or name)
  export --workspace W [--format csv|vcard] [--q TEXT]
                        Write workspace W's contacts (optionally searched) to stdout as CSV or vCard
  backup FILE           Write the database and the stored files to FILE (.tar.gz)
  restore FILE [--force]
                        Restore a backup into an empty database (--force replaces Dossier's data)

Configuration comes from environment variables; see README.md.`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...importCliOptions,
      ...exportCliOptions,
      ...restoreCliOptions,
    },
  });
  const command = positionals[0] ?? 'start';
  if (values.help || command === 'help') {
    console.log(usage);
    return;
  }
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, config.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'));

  switch (command) {
    case 'start':
      return serve(config, logger);
    case 'worker': {
      const runtime = await startRuntime(config, logger, { workers: true });
      logger.info('worker started');
      onShutdown(runtime, null);
      return;
    }
    case 'migrate': {
      const db = await resolveDatabase(config, logger, { shareRunning: true });
      await runMigrations(db.url);
      await db.embedded?.stop();
      console.log('Migrations applied.');
      return;
    }
    case 'seed':
    case 'api-key':
    case 'set-password': {
      const runtime = await startRuntime(config, { ...logger, level: 'warn' } as typeof logger, {
        workers: false,
        shareRunning: true,
      });
      try {
        if (command === 'seed') await seedDemo(runtime.deps, { print: true });
        if (command === 'api-key')
          console.log(await createApiKeyForCli(runtime.deps, required(values.email, 'email'), values.name ?? 'CLI'));
        if (command === 'set-password')
          console.log(await setPasswordForCli(runtime.deps, required(values.email, 'email')));
      } finally {
        await runtime.stop();
      }
      return;
    }
    case 'import':
      process.exitCode = await runImportCommand(config, logger, positionals[1], values, usage);
      return;
    case 'export':
      process.exitCode = await runExportCommand(config, logger, values, usage);
      return;
    case 'backup':
      process.exitCode = await runBackupCommand(config, logger, positionals[1], usage);
      return;
    case 'restore':
      process.exitCode = await runRestoreCommand(config, logger, positionals[1], values, usage);
      return;
    default:
      console.error(`Unknown command "${command}".\n\n${usage}`);
      process.exitCode = 2;
  }
}

function required(value: string | undefined, name: string): string {
  if (!value) {
    console.error(`--${name} is required.\n\n${usage}`);
    process.exit(2);
  }
  return value;
}

async function serve(config: ReturnType<typeof loadConfig>, logger: ReturnType<typeof createLogger>) {
  const runtime = await startRuntime(config, logger, { workers: config.RUN_WORKER });
  let app: FastifyInstance | null = null;
  let smtp: InboundSmtp | null = null;
  onShutdown(
    runtime,
    () => app,
    () => smtp,
  );
  if (config.SEED_DEMO) await seedIfEmpty(runtime.deps);
  app = await buildApp(runtime.deps);
  await app.listen({ port: config.PORT, host: config.HOST });
  if (config.INBOUND_SMTP_PORT !== undefined) {
    smtp = await startInboundSmtp(runtime.deps, { port: config.INBOUND_SMTP_PORT });
  }
  const url = config.PUBLIC_URL ?? `http://localhost:${(app.server.address() as { port: number }).port}`;
  const summary = {
    url,
    database: describeDatabase(runtime.deps.database.url, runtime.embedded),
    dataDir: config.dataDir,
    worker: config.RUN_WORKER ? 'on' : 'off (run `dossier worker` elsewhere)',
    metrics: describeMetrics(config),
    inboundSmtp: smtp ? `port ${smtp.port}` : 'off (INBOUND_SMTP_PORT)',
  };
  logger.info(
    summary,
    [
      `Dossier is running at ${url}`,
      `  database  ${summary.database}`,
      `  data dir  ${summary.dataDir}`,
      `  worker    ${summary.worker}`,
      `  metrics   ${summary.metrics}`,
      `  inbound   SMTP ${summary.inboundSmtp}`,
    ].join('\n'),
  );
}

function onShutdown(
  runtime: Runtime,
  getApp: (() => FastifyInstance | null) | null,
  getSmtp: () => InboundSmtp | null = () => null,
) {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // A second Ctrl-C: stop waiting for open connections.
      process.exit(1);
    }
    stopping = true;
    runtime.deps.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await getSmtp()?.close();
      await getApp?.()?.close();
    } finally {
      await runtime.stop();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
