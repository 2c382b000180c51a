// The show-rate report: how many booked appointments were attended, per calendar or per user,
// over appointments starting in a date range. Show rate = showed ÷ (showed + no-show).
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { appointments, calendars } from '../../db/schema/activity.ts';
import { users } from '../../db/schema/platform.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { toIso } from '../../platform/http/schemas.ts';
import type { ShowRateReportDto } from './calendar.schemas.ts';

interface Counts {
  showed: number;
  noShow: number;
  cancelled: number;
  scheduled: number;
  confirmed: number;
  total: number;
}

const withRate = <T extends Counts>(c: T) => ({
  ...c,
  showRate: c.showed + c.noShow === 0 ? null : Math.round((c.showed / (c.showed + c.noShow)) * 10_000) / 10_000,
});

const countOf = (status: string) => sql<number>`count(*) filter (where ${appointments.status} = ${status})::int`;

export async function showRateReport({
  ctx,
  from,
  to,
  groupBy,
}: {
  ctx: Ctx;
  from: string;
  to: string;
  groupBy: 'calendar' | 'user';
}): Promise<ShowRateReportDto> {
  const start = new Date(from);
  const end = new Date(to);
  if (end <= start) throw invalid('"to" must be after "from"', [{ path: 'querystring.to', message: 'Before from' }]);
  const byCalendar = groupBy === 'calendar';
  const groupId = byCalendar ? appointments.calendarId : appointments.assignedUserId;
  const name = byCalendar ? calendars.name : users.name;
  const rows = await ctx.db
    .select({
      id: groupId,
      name,
      showed: countOf('showed'),
      noShow: countOf('no_show'),
      cancelled: countOf('cancelled'),
      scheduled: countOf('scheduled'),
      confirmed: countOf('confirmed'),
      total: sql<number>`count(*)::int`,
    })
    .from(appointments)
    .innerJoin(
      byCalendar ? calendars : users,
      byCalendar
        ? and(eq(calendars.workspaceId, appointments.workspaceId), eq(calendars.id, appointments.calendarId))
        : and(eq(users.workspaceId, appointments.workspaceId), eq(users.id, appointments.assignedUserId)),
    )
    .where(
      and(
        eq(appointments.workspaceId, ctx.workspaceId),
        gte(appointments.startsAt, start),
        lt(appointments.startsAt, end),
      ),
    )
    .groupBy(groupId, name)
    .orderBy(asc(sql`lower(${name})`), asc(groupId));
  const totals = rows.reduce<Counts>(
    (sum, r) => ({
      showed: sum.showed + r.showed,
      noShow: sum.noShow + r.noShow,
      cancelled: sum.cancelled + r.cancelled,
      scheduled: sum.scheduled + r.scheduled,
      confirmed: sum.confirmed + r.confirmed,
      total: sum.total + r.total,
    }),
    { showed: 0, noShow: 0, cancelled: 0, scheduled: 0, confirmed: 0, total: 0 },
  );
  return {
    groupBy,
    from: toIso(start),
    to: toIso(end),
    rows: rows.map(withRate),
    totals: withRate(totals),
  };
}
