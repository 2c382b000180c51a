// pg-boss on the same PostgreSQL: durable jobs that survive a crash and are retried.
import { createRequire } from 'node:module';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/client.ts';

/**
 * Quick jobs (journal reactions such as notifications, the due-task check) finish in well under
 * a second. A job a killed worker had fetched stays "active" until it expires; with this expiry and
 * maintenance (which fails expired jobs so they are retried) every MAINTENANCE_SECONDS, it runs again
 * within a minute instead of after pg-boss's default 15 minutes. A handler still running at expiry is
 * failed and retried, so a quick job must stay quick.
 */
export const QUICK_JOB_EXPIRY_SECONDS = 30;
export const MAINTENANCE_SECONDS = 15;

/**
 * pg-boss 10's workers call complete() and fail() after a handler without awaiting them, so a
 * connection cut at that moment (a database restart) is an unhandled rejection — which ends a Node
 * process. The promises are marked handled here; callers that await them still see the error, and a
 * job whose completion was lost stays active until it expires and runs again.
 */
const Manager = createRequire(import.meta.url)('pg-boss/src/manager.js') as {
  prototype: Record<string, (...args: unknown[]) => Promise<unknown>>;
};
for (const method of ['complete', 'fail']) {
  const original = Manager.prototype[method]!;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    result.catch(() => undefined);
    return result;
  };
  // PgBoss exposes the manager's functions under their names: the wrapper keeps the original's.
  Object.defineProperty(wrapped, 'name', { value: original.name });
  Manager.prototype[method] = wrapped;
}

export function createBoss(
  url: string,
  logger: Logger,
  opts: { supervise: boolean; maintenanceSeconds?: number },
): PgBoss {
  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    application_name: 'dossier-jobs',
    supervise: opts.supervise,
    schedule: opts.supervise,
    migrate: true,
    maintenanceIntervalSeconds: opts.maintenanceSeconds ?? MAINTENANCE_SECONDS,
  });
  let stopping = false;
  let lastOutageLog = 0;
  boss.on('stopped', () => (stopping = true));
  boss.on('error', (err) => {
    // Connections cut while shutting down are expected, not worth an error line.
    if (stopping) return;
    if (isDatabaseUnavailable(err)) {
      // Every worker polls: while the database is away, one line every half minute is enough.
      if (Date.now() - lastOutageLog < 30_000) return;
      lastOutageLog = Date.now();
      logger.warn({ err: { message: err.message } }, 'job queue: the database is not reachable; retrying');
      return;
    }
    logger.error({ err }, 'job queue error');
  });
  const stop = boss.stop.bind(boss);
  boss.stop = (options) => {
    stopping = true;
    return stop(options);
  };
  return boss;
}

/**
 * Creates a queue, or brings an existing one to these options (createQueue leaves an existing
 * queue as it was, so a changed expiry would otherwise never reach installed databases).
 */
export async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
  const queue = { name, ...options };
  await boss.createQueue(name, queue);
  await boss.updateQueue(name, queue);
}
