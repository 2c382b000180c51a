// Upcoming actions on a contact: open tasks and future appointments in one list, soonest first.
// (Workflow steps and scheduled messages will join this list when those modules exist.)
import { and, asc, eq, sql } from 'drizzle-orm';
import { tasks } from '../../db/schema/activity.ts';
import type { Ctx } from '../../platform/context.ts';
import { toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { upcomingContactAppointments } from '../calendar/appointments.service.ts';
import { requireContact } from '../contacts/contact-access.ts';
import { userRefs } from '../tasks/assignee.ts';
import type { UpcomingItemDto } from './upcoming.schemas.ts';

const PER_TYPE_LIMIT = 100;

export async function listUpcoming({ ctx, contactId }: { ctx: Ctx; contactId: string }): Promise<UpcomingItemDto[]> {
  await requireContact(ctx, contactId);
  const now = new Date();
  const [open, appointments] = await Promise.all([
    ctx.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.workspaceId, ctx.workspaceId), eq(tasks.contactId, contactId), eq(tasks.status, 'pending')))
      .orderBy(sql`${tasks.dueAt} asc nulls last`, asc(tasks.id))
      .limit(PER_TYPE_LIMIT),
    upcomingContactAppointments(ctx, contactId, PER_TYPE_LIMIT),
  ]);
  const people = await userRefs(ctx, [...open.map((t) => t.assigneeId), ...appointments.map((a) => a.assignedUserId)]);
  const person = (id: string) => people.get(id) ?? { id, name: 'Unknown user' };
  const items: UpcomingItemDto[] = [
    ...open.map((t) => ({
      type: 'task' as const,
      id: t.id,
      title: t.title,
      at: toIsoOrNull(t.dueAt),
      endsAt: null,
      assignee: person(t.assigneeId),
      status: t.status,
      overdue: !!t.dueAt && t.dueAt < now,
    })),
    ...appointments.map((a) => ({
      type: 'appointment' as const,
      id: a.id,
      title: a.title,
      at: toIso(a.startsAt),
      endsAt: toIso(a.endsAt),
      assignee: person(a.assignedUserId),
      status: a.status,
      overdue: false,
    })),
  ];
  // ISO strings in UTC sort by time; undated tasks go last.
  return items.sort((x, y) => {
    if (x.at === y.at) return x.id < y.id ? -1 : 1;
    if (x.at === null) return 1;
    if (y.at === null) return -1;
    return x.at < y.at ? -1 : 1;
  });
}
