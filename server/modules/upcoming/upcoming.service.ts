// Upcoming actions on a contact: open tasks and future appointments in one list, soonest first.
// Scheduled messages (email, SMS, WhatsApp not sent yet) too; workflow steps will join when that module exists.
import { and, asc, eq, sql } from 'drizzle-orm';
import { tasks } from '../../db/schema/activity.ts';
import { messages } from '../../db/schema/messages.ts';
import type { Ctx } from '../../platform/context.ts';
import { toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { upcomingContactAppointments } from '../calendar/appointments.service.ts';
import { requireContact } from '../contacts/contact-access.ts';
import { preview } from '../notes/note-html.ts';
import { userRefs } from '../tasks/assignee.ts';
import type { UpcomingItemDto } from './upcoming.schemas.ts';

const PER_TYPE_LIMIT = 100;

export async function listUpcoming({ ctx, contactId }: { ctx: Ctx; contactId: string }): Promise<UpcomingItemDto[]> {
  const contact = await requireContact(ctx, contactId);
  const now = new Date();
  const [open, appointments, scheduled] = await Promise.all([
    ctx.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.workspaceId, ctx.workspaceId), eq(tasks.contactId, contactId), eq(tasks.status, 'pending')))
      .orderBy(sql`${tasks.dueAt} asc nulls last`, asc(tasks.id))
      .limit(PER_TYPE_LIMIT),
    upcomingContactAppointments(ctx, contactId, PER_TYPE_LIMIT),
    ctx.db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.workspaceId, ctx.workspaceId),
          eq(messages.contactId, contactId),
          eq(messages.status, 'scheduled'),
        ),
      )
      .orderBy(asc(messages.scheduledAt), asc(messages.id))
      .limit(PER_TYPE_LIMIT),
  ]);
  const people = await userRefs(ctx, [
    ...open.map((t) => t.assigneeId),
    ...appointments.map((a) => a.assignedUserId),
    ...scheduled.map((m) => m.authorId ?? contact.ownerId),
  ]);
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
    ...scheduled.map((m) => ({
      type: 'message' as const,
      id: m.id,
      title: m.subject || preview(m.bodyText, 80),
      at: toIsoOrNull(m.scheduledAt),
      endsAt: null,
      // Sent by an API key: the contact's owner answers for it.
      assignee: person(m.authorId ?? contact.ownerId),
      status: m.status,
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
