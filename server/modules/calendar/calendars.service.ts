// Calendars: a personal one belongs to a user, a team one to a team. Members manage their own
// personal calendars; team calendars and other people's are for admins.
import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { appointments, calendars } from '../../db/schema/activity.ts';
import { teams, users } from '../../db/schema/platform.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { toIso } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { record } from '../../platform/journal/journal.ts';
import { requireAssignableUser } from '../tasks/assignee.ts';
import type { CalendarDto, CreateCalendarInput, UpdateCalendarInput } from './calendar.schemas.ts';

export type CalendarRow = typeof calendars.$inferSelect;

export async function listCalendars({ ctx, calendarId }: { ctx: Ctx; calendarId?: string }): Promise<CalendarDto[]> {
  const rows = await ctx.db
    .select({ calendar: calendars, ownerName: users.name, teamName: teams.name })
    .from(calendars)
    .leftJoin(users, and(eq(users.workspaceId, calendars.workspaceId), eq(users.id, calendars.ownerUserId)))
    .leftJoin(teams, and(eq(teams.workspaceId, calendars.workspaceId), eq(teams.id, calendars.teamId)))
    .where(and(eq(calendars.workspaceId, ctx.workspaceId), calendarId ? eq(calendars.id, calendarId) : undefined))
    .orderBy(asc(sql`lower(${calendars.name})`), asc(calendars.id));
  return rows.map(({ calendar: c, ownerName, teamName }) => ({
    id: c.id,
    name: c.name,
    color: c.color,
    owner: c.ownerUserId ? { id: c.ownerUserId, name: ownerName ?? 'Unknown user' } : null,
    team: c.teamId ? { id: c.teamId, name: teamName ?? 'Unknown team' } : null,
    createdAt: toIso(c.createdAt),
  }));
}

export async function getCalendar({ ctx, calendarId }: { ctx: Ctx; calendarId: string }): Promise<CalendarDto> {
  const [calendar] = await listCalendars({ ctx, calendarId });
  if (!calendar) throw notFound('Calendar');
  return calendar;
}

export async function findCalendar(ctx: Ctx, calendarId: string, opts: { lock?: boolean } = {}): Promise<CalendarRow> {
  const query = ctx.db
    .select()
    .from(calendars)
    .where(and(eq(calendars.workspaceId, ctx.workspaceId), eq(calendars.id, calendarId)));
  const [row] = opts.lock ? await query.for('update') : await query;
  if (!row) throw notFound('Calendar');
  return row;
}

/** Members may only hold personal calendars of their own; everything else needs an admin. */
function assertMayManage(ctx: Ctx, target: { ownerUserId: string | null; teamId: string | null }): void {
  if (ctx.principal.role === 'admin') return;
  if (target.teamId || !target.ownerUserId || target.ownerUserId !== ctx.principal.userId) {
    throw forbidden('Only an admin can manage team calendars or other users’ calendars');
  }
}

async function requireTeam(ctx: Ctx, teamId: string) {
  const [team] = await ctx.db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, teamId)));
  if (!team)
    throw new AppError('team_not_found', 400, `There is no team ${teamId} in this workspace`, { field: 'teamId' });
  return team;
}

export async function createCalendar({ ctx, input }: { ctx: Ctx; input: CreateCalendarInput }): Promise<CalendarDto> {
  const ownerUserId = input.teamId ? null : (input.ownerUserId ?? ctx.principal.userId);
  if (!ownerUserId && !input.teamId) {
    throw new AppError('validation_failed', 400, 'Name the calendar’s owner (ownerUserId) or its team (teamId)');
  }
  const target = { ownerUserId, teamId: input.teamId ?? null };
  assertMayManage(ctx, target);
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    if (ownerUserId) await requireAssignableUser(tx, ownerUserId, 'ownerUserId');
    if (target.teamId) await requireTeam(tx, target.teamId);
    await tx.db
      .insert(calendars)
      .values({ workspaceId: ctx.workspaceId, id, name: input.name, color: input.color, ...target });
    await record(tx, {
      kind: 'calendar.created',
      category: 'admin',
      subject: { type: 'calendar', id },
      data: { name: input.name, ...target },
    });
  });
  return getCalendar({ ctx, calendarId: id });
}

export async function updateCalendar({
  ctx,
  calendarId,
  input,
}: {
  ctx: Ctx;
  calendarId: string;
  input: UpdateCalendarInput;
}): Promise<CalendarDto> {
  await inTransaction(ctx, async (tx) => {
    const before = await findCalendar(tx, calendarId, { lock: true });
    assertMayManage(tx, before);
    const set: Partial<CalendarRow> = {};
    if (input.name !== undefined && input.name !== before.name) set.name = input.name;
    if (input.color !== undefined && input.color !== before.color) set.color = input.color;
    if (input.ownerUserId && input.ownerUserId !== before.ownerUserId) {
      await requireAssignableUser(tx, input.ownerUserId, 'ownerUserId');
      Object.assign(set, { ownerUserId: input.ownerUserId, teamId: null });
    }
    if (input.teamId && input.teamId !== before.teamId) {
      await requireTeam(tx, input.teamId);
      Object.assign(set, { teamId: input.teamId, ownerUserId: null });
    }
    assertMayManage(tx, { ownerUserId: before.ownerUserId, teamId: before.teamId, ...set });
    const fields = Object.keys(set) as (keyof CalendarRow)[];
    if (fields.length === 0) return;
    await tx.db
      .update(calendars)
      .set(set)
      .where(and(eq(calendars.workspaceId, ctx.workspaceId), eq(calendars.id, calendarId)));
    await record(tx, {
      kind: 'calendar.updated',
      category: 'admin',
      subject: { type: 'calendar', id: calendarId },
      data: {
        name: set.name ?? before.name,
        changes: fields.map((field) => ({ field, old: before[field], new: set[field] })),
      },
    });
  });
  return getCalendar({ ctx, calendarId });
}

/**
 * Deleting is refused while appointments are still ahead on the calendar; past and cancelled
 * ones go with it (their history stays in the contacts' journals).
 */
export async function deleteCalendar({ ctx, calendarId }: { ctx: Ctx; calendarId: string }): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const calendar = await findCalendar(tx, calendarId, { lock: true });
    assertMayManage(tx, calendar);
    const [{ ahead } = { ahead: 0 }] = await tx.db
      .select({ ahead: sql<number>`count(*)::int` })
      .from(appointments)
      .where(
        and(
          eq(appointments.workspaceId, ctx.workspaceId),
          eq(appointments.calendarId, calendarId),
          ne(appointments.status, 'cancelled'),
          gt(appointments.endsAt, new Date()),
        ),
      );
    if (ahead > 0) {
      throw new AppError(
        'calendar_has_appointments',
        409,
        `${calendar.name} still has ${ahead} upcoming appointment${ahead === 1 ? '' : 's'}; move or cancel ${ahead === 1 ? 'it' : 'them'} first`,
        { count: ahead },
      );
    }
    const removed = await tx.db
      .delete(appointments)
      .where(and(eq(appointments.workspaceId, ctx.workspaceId), eq(appointments.calendarId, calendarId)))
      .returning({ id: appointments.id });
    await tx.db.delete(calendars).where(and(eq(calendars.workspaceId, ctx.workspaceId), eq(calendars.id, calendarId)));
    await record(tx, {
      kind: 'calendar.deleted',
      category: 'admin',
      subject: { type: 'calendar', id: calendarId },
      data: { name: calendar.name, removedAppointments: removed.length },
    });
  });
}

/** A team with calendars cannot be deleted until they are deleted or given to someone else. */
export async function refuseTeamWithCalendars(ctx: Ctx, teamId: string): Promise<void> {
  const rows = await ctx.db
    .select({ name: calendars.name })
    .from(calendars)
    .where(and(eq(calendars.workspaceId, ctx.workspaceId), eq(calendars.teamId, teamId)));
  if (rows.length > 0) {
    throw new AppError(
      'team_has_calendars',
      409,
      `The team still has calendars (${rows.map((r) => r.name).join(', ')}); delete them or give them to a user first`,
    );
  }
}

/** Calendars the ids belong to, with the fields appointments show. */
export async function calendarRefs(ctx: Ctx, ids: string[]) {
  if (ids.length === 0)
    return new Map<string, { id: string; name: string; color: string; ownerUserId: string | null }>();
  const rows = await ctx.db
    .select({ id: calendars.id, name: calendars.name, color: calendars.color, ownerUserId: calendars.ownerUserId })
    .from(calendars)
    .where(and(eq(calendars.workspaceId, ctx.workspaceId), inArray(calendars.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r]));
}
