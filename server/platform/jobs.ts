// pg-boss on the same PostgreSQL: durable jobs that survive a crash and are retried.
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';

export function createBoss(url: string, logger: Logger, opts: { supervise: boolean }): PgBoss {
  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    application_name: 'dossier-jobs',
    supervise: opts.supervise,
    schedule: opts.supervise,
    migrate: true,
  });
  let stopping = false;
  boss.on('stopped', () => (stopping = true));
  boss.on('error', (err) => {
    // Connections cut while shutting down are expected, not worth an error line.
    if (!stopping) logger.error({ err }, 'job queue error');
  });
  const stop = boss.stop.bind(boss);
  boss.stop = (options) => {
    stopping = true;
    return stop(options);
  };
  return boss;
}
