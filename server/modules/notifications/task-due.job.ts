// Every minute: pending tasks whose due time has passed get a `task.due` journal entry, once
// (tasks.due_notified_at). The notifications subscriber turns that entry into the "task due"
// notification, so this job, like every other producer, only writes the journal.
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { tasks } from '../../db/schema/activity.ts';
import { inTransaction, systemActor, systemCtx, type Deps } from '../../platform/context.ts';
import { ensureQueue, QUICK_JOB_EXPIRY_SECONDS } from '../../platform/jobs.ts';
import { recordMany } from '../../platform/journal/journal.ts';

export const TASK_DUE_QUEUE = 'tasks.due';
const BATCH = 500;

const due = (now: Date) => and(eq(tasks.status, 'pending'), isNull(tasks.dueNotifiedAt), lte(tasks.dueAt, now));

/** Journals every task that fell due by `now` and was not announced yet; returns how many. */
export async function recordDueTasks(deps: Deps, now = new Date()): Promise<number> {
  const workspaces = await deps.database.db
    .selectDistinct({ workspaceId: tasks.workspaceId })
    .from(tasks)
    .where(due(now));
  let total = 0;
  for (const { workspaceId } of workspaces) {
    const ctx = systemCtx(deps, workspaceId, systemActor);
    for (;;) {
      const count = await inTransaction(ctx, async (tx) => {
        // SKIP LOCKED: a second worker process takes other tasks instead of waiting or repeating these.
        const rows = await tx.db
          .select({
            id: tasks.id,
            contactId: tasks.contactId,
            title: tasks.title,
            assigneeId: tasks.assigneeId,
            dueAt: tasks.dueAt,
          })
          .from(tasks)
          .where(and(eq(tasks.workspaceId, workspaceId), due(now)))
          .orderBy(asc(tasks.dueAt))
          .limit(BATCH)
          .for('update', { skipLocked: true });
        if (rows.length === 0) return 0;
        await tx.db
          .update(tasks)
          .set({ dueNotifiedAt: sql`now()` })
          .where(
            and(
              eq(tasks.workspaceId, workspaceId),
              inArray(
                tasks.id,
                rows.map((r) => r.id),
              ),
            ),
          );
        await recordMany(
          tx,
          rows.map((r) => ({
            contactId: r.contactId,
            kind: 'task.due',
            category: 'focus' as const,
            subject: { type: 'task', id: r.id },
            data: { title: r.title, assigneeId: r.assigneeId, dueAt: r.dueAt?.toISOString() ?? null },
          })),
        );
        return rows.length;
      });
      total += count;
      if (count < BATCH) break;
    }
  }
  return total;
}

/** Schedules the check every minute (pg-boss keeps one job per minute across processes) and works it. */
export async function startTaskDueWorker(deps: Deps): Promise<void> {
  await ensureQueue(deps.boss, TASK_DUE_QUEUE, {
    policy: 'stately',
    retryLimit: 3,
    expireInSeconds: QUICK_JOB_EXPIRY_SECONDS,
  });
  await deps.boss.schedule(TASK_DUE_QUEUE, '* * * * *');
  await deps.boss.work(TASK_DUE_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    await recordDueTasks(deps);
  });
}
