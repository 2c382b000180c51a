// The `exports.run` job: writes a contact-list export to a stored file with the rights of the user who
// asked for it, counting contacts as they go by (the progress bar), and notifies the user when it is
// ready. A cancelled export is noticed at the next progress mark; its partial file is removed. A job that
// dies starts over when pg-boss retries it (the file is written under a new key each time); only a
// completed run records a file. `exports.expire` removes finished files after EXPORT_KEEP_DAYS, hourly.
import { and, eq, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { Transform } from 'node:stream';
import { contactExports } from '../../db/schema/exports.ts';
import { users } from '../../db/schema/platform.ts';
import { inTransaction, type Ctx, type Deps } from '../../platform/context.ts';
import { ensureQueue } from '../../platform/jobs.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { exportContactList } from '../contacts/export-contacts.ts';
import { selectionConditions } from '../contacts/list-contacts.ts';
import { discardFile, receiveFile, recordFile, type ReceivedFile } from '../files/files.service.ts';
import { notificationTexts } from '../notifications/notification-texts.ts';
import { notifyUser } from '../notifications/notifications.service.ts';
import { actingUserCtx } from '../users/acting-user.ts';
import {
  EXPORT_KEEP_DAYS,
  EXPORT_QUEUE,
  expireExports,
  storedQuery,
  type ExportJob,
  type ExportRow,
} from './exports.service.ts';

const EXPIRE_QUEUE = 'exports.expire';
const RETRY_LIMIT = 2;

export const exportTuning = {
  /** How often the job writes its progress and looks for a cancellation. */
  progressEveryMs: 1000,
  /** Tests: runs once the file is written, before the export is marked completed. */
  beforeComplete: null as null | (() => Promise<void>),
};

class ExportCancelled extends Error {}

export async function createExportQueue(boss: PgBoss): Promise<void> {
  // A million contacts take under a minute. A job whose worker was killed stays active until it expires;
  // then pg-boss sends it again and it starts over.
  await ensureQueue(boss, EXPORT_QUEUE, { retryLimit: RETRY_LIMIT, retryDelay: 5, expireInSeconds: 900 });
}

export async function startExportWorkers(deps: Deps): Promise<void> {
  await deps.boss.work<ExportJob>(
    EXPORT_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true },
    async ([job]) => {
      if (!job) return;
      try {
        await runExport(deps, job.data);
      } catch (err) {
        deps.logger.error({ err, exportId: job.data.exportId }, 'export job failed');
        // pg-boss tries again (from the start) until the last attempt, which fails the export for good.
        if ((job.retryCount ?? 0) < RETRY_LIMIT) throw err;
        await markFailed(deps, job.data);
      }
    },
  );
  await ensureQueue(deps.boss, EXPIRE_QUEUE, { policy: 'singleton', retryLimit: 0, expireInSeconds: 600 });
  await deps.boss.schedule(EXPIRE_QUEUE, '41 * * * *');
  await deps.boss.work(EXPIRE_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    const removed = await expireExports(deps);
    if (removed) deps.logger.info({ removed }, 'expired contact exports removed');
  });
  await deps.boss.send(EXPIRE_QUEUE, {});
}

const whereExport = (job: ExportJob) =>
  and(eq(contactExports.workspaceId, job.workspaceId), eq(contactExports.id, job.exportId));

async function markFailed(deps: Deps, job: ExportJob): Promise<void> {
  await deps.database.db
    .update(contactExports)
    .set({
      status: 'failed',
      error: 'The export could not be written; export the list again',
      finishedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(whereExport(job), sql`${contactExports.status} in ('queued', 'running')`))
    .catch(() => undefined);
}

export async function runExport(deps: Deps, job: ExportJob): Promise<void> {
  const [row] = await deps.database.db
    .update(contactExports)
    .set({ status: 'running', startedAt: sql`now()`, done: 0, updatedAt: sql`now()` })
    .where(and(whereExport(job), sql`${contactExports.status} in ('queued', 'running')`))
    .returning();
  if (!row) return; // cancelled before it began, or already finished
  const ctx = await actingUserCtx(deps, row.workspaceId, row.createdBy, { type: 'system', id: null, label: 'Export' });
  const query = storedQuery(row);
  const [counted] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(contacts)
    .where(await selectionConditions(ctx, query));
  const total = counted?.n ?? 0;
  await deps.database.db.update(contactExports).set({ total }).where(whereExport(job));

  let done = 0;
  const file = await exportContactList({
    ctx,
    query,
    format: row.format,
    journal: false,
    onContacts: (n) => (done += n),
  });
  // Progress goes to the row once a second; a cancellation read there stops the stream.
  let stopped: Error | null = null;
  const mark = async () => {
    const [now] = await deps.database.db
      .update(contactExports)
      .set({ done, updatedAt: sql`now()` })
      .where(whereExport(job))
      .returning({ status: contactExports.status });
    if (now?.status !== 'running') stopped = new ExportCancelled();
  };
  let marking: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    marking = marking.then(mark).catch(() => undefined);
  }, exportTuning.progressEveryMs);
  const watch = new Transform({
    transform(chunk: Buffer, _encoding, next) {
      next(stopped, stopped ? undefined : chunk);
    },
  });
  file.body.once('error', (err) => watch.destroy(err));
  // Stopped or failed on the way to storage: the reading ends too (its statements are not waited for).
  watch.once('error', () => file.body.destroy());
  let received: ReceivedFile | null = null;
  try {
    received = await receiveFile(ctx, file.body.pipe(watch), { maxBytes: Number.MAX_SAFE_INTEGER }).catch(
      (err: unknown) => {
        // An empty selection exported as vCard is an empty file: nothing to store.
        if (err instanceof Error && err.message === 'The file is empty' && total === 0) return null;
        throw err;
      },
    );
  } catch (err) {
    if (err instanceof ExportCancelled || stopped) return;
    throw err;
  } finally {
    clearInterval(timer);
    await marking;
  }
  await exportTuning.beforeComplete?.();
  const completed = await complete(ctx, row, received, done).catch(async (err: unknown) => {
    if (received) await discardFile(ctx, received);
    throw err;
  });
  if (!completed && received) await discardFile(ctx, received);
}

/**
 * Records the file and marks the export completed, if it is still running (not cancelled meanwhile),
 * and tells its owner. Returns whether it did.
 */
async function complete(ctx: Ctx, row: ExportRow, received: ReceivedFile | null, done: number): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const [current] = await tx.db
      .select({ status: contactExports.status })
      .from(contactExports)
      .where(and(eq(contactExports.workspaceId, row.workspaceId), eq(contactExports.id, row.id)))
      .for('update');
    if (current?.status !== 'running') return false;
    const file = received
      ? await recordFile(tx, received, {
          filename: row.filename,
          contentType: row.format === 'csv' ? 'text/csv' : 'text/vcard',
        })
      : null;
    const expiresAt = new Date(Date.now() + EXPORT_KEEP_DAYS * 24 * 3600 * 1000);
    await tx.db
      .update(contactExports)
      .set({
        status: 'completed',
        fileId: file?.id ?? null,
        size: received?.size ?? 0,
        done,
        total: done,
        finishedAt: sql`now()`,
        updatedAt: sql`now()`,
        expiresAt,
      })
      .where(and(eq(contactExports.workspaceId, row.workspaceId), eq(contactExports.id, row.id)));
    const [owner] = await tx.db
      .select({ timezone: users.timezone, locale: users.locale })
      .from(users)
      .where(and(eq(users.workspaceId, row.workspaceId), eq(users.id, row.createdBy)));
    const text = notificationTexts(owner?.locale ?? 'en').exportReady({
      count: done,
      format: row.format,
      until: expiresAt,
      timeZone: owner?.timezone ?? 'UTC',
    });
    await notifyUser(tx, { userId: row.createdBy, kind: 'export_ready', ...text, link: `/exports/${row.id}` });
    return true;
  });
}
