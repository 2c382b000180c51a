// The calendars' part of a user's deactivation: the calendars they own go to a colleague (their appointments
// stay in them), each journaled as an owner change of the calendar.
import { and, count, eq } from 'drizzle-orm';
import { calendars } from '../../db/schema/activity.ts';
import type { Ctx } from '../../platform/context.ts';
import { recordMany } from '../../platform/journal/journal.ts';
import type { Handover } from '../users/deactivate-user.ts';

const ownedBy = (ctx: Ctx, userId: string) =>
  and(eq(calendars.workspaceId, ctx.workspaceId), eq(calendars.ownerUserId, userId));

export const calendarsHandover: Handover = {
  kind: 'calendars',
  async count(ctx, userId) {
    const [row] = await ctx.db.select({ n: count() }).from(calendars).where(ownedBy(ctx, userId));
    return row?.n ?? 0;
  },
  async reassign(tx, from, to) {
    const moved = await tx.db
      .update(calendars)
      .set({ ownerUserId: to.id })
      .where(ownedBy(tx, from.id))
      .returning({ id: calendars.id, name: calendars.name });
    await recordMany(
      tx,
      moved.map((c) => ({
        kind: 'calendar.updated',
        category: 'admin' as const,
        subject: { type: 'calendar', id: c.id },
        data: {
          name: c.name,
          changes: [{ field: 'ownerUserId', old: from.id, new: to.id }],
          reason: 'user_deactivated',
        },
      })),
    );
    return moved.length;
  },
};
