// The tasks' part of a user's deactivation: their open tasks go to a colleague, each change journaled on the
// task as an assignee change (so the new assignee is notified like any reassignment). Completed tasks keep
// who did them.
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { tasks } from '../../db/schema/activity.ts';
import type { Ctx } from '../../platform/context.ts';
import { recordMany } from '../../platform/journal/journal.ts';
import type { Handover } from '../users/deactivate-user.ts';

const openTasksOf = (ctx: Ctx, userId: string) =>
  and(eq(tasks.workspaceId, ctx.workspaceId), eq(tasks.assigneeId, userId), eq(tasks.status, 'pending'));

export const openTasksHandover: Handover = {
  kind: 'openTasks',
  async count(ctx, userId) {
    const [row] = await ctx.db.select({ n: count() }).from(tasks).where(openTasksOf(ctx, userId));
    return row?.n ?? 0;
  },
  async reassign(tx, from, to) {
    const open = await tx.db.select({ id: tasks.id }).from(tasks).where(openTasksOf(tx, from.id)).for('update');
    if (open.length === 0) return 0;
    const moved = await tx.db
      .update(tasks)
      .set({ assigneeId: to.id, version: sql`${tasks.version} + 1`, updatedAt: new Date() })
      .where(
        and(
          eq(tasks.workspaceId, tx.workspaceId),
          inArray(
            tasks.id,
            open.map((t) => t.id),
          ),
        ),
      )
      .returning({ id: tasks.id, contactId: tasks.contactId, title: tasks.title });
    await recordMany(
      tx,
      moved.map((t) => ({
        contactId: t.contactId,
        kind: 'task.updated',
        category: 'focus' as const,
        subject: { type: 'task', id: t.id },
        data: {
          title: t.title,
          changes: [{ field: 'assignee', old: from, new: to }],
          assigneeId: to.id,
          reason: 'user_deactivated',
        },
      })),
    );
    return moved.length;
  },
};
