// Appointments: booked on a calendar for a contact and an assigned user. Overlaps with the user's
// other bookings are reported as warnings, never refused. Status changes are first-class journal
// entries (the trigger workflows will listen to).
//
// Journal rule: every status change writes `appointment.status_changed` {from, to}; a change to
// "cancelled" additionally writes `appointment.cancelled`, so the timeline can show and filter
// cancellations as their own kind while workflows listen to one kind for every transition.
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, ne, sql, type SQL } from 'drizzle-orm';
import { appointments, type AppointmentStatus } from '../../db/schema/activity.ts';
import { contacts } from '../../db/schema/contacts.ts';
import type { FieldChange } from '../../db/schema/journal.ts';
import { contactScope, inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { toIso } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { record } from '../../platform/journal/journal.ts';
import { contactVisibility, requireContact } from '../contacts/contact-access.ts';
import { assertVersion } from '../notes/if-match.ts';
import { requireAssignableUser, requireWorkContact, userRefs } from '../tasks/assignee.ts';
import type {
  AppointmentDto,
  AppointmentWarningDto,
  CreateAppointmentInput,
  UpdateAppointmentInput,
} from './calendar.schemas.ts';
import { calendarRefs, findCalendar } from './calendars.service.ts';

export type AppointmentRow = typeof appointments.$inferSelect;

const MAX_DURATION_MS = 31 * 24 * 3600_000;
const MAX_RANGE_MS = 93 * 24 * 3600_000;
const CALENDAR_VIEW_LIMIT = 2000;

export async function toAppointmentDtos(ctx: Ctx, rows: AppointmentRow[]): Promise<AppointmentDto[]> {
  if (rows.length === 0) return [];
  const people = await userRefs(
    ctx,
    rows.flatMap((r) => [r.assignedUserId, r.createdBy]),
  );
  const cals = await calendarRefs(
    ctx,
    rows.map((r) => r.calendarId),
  );
  const names = await ctx.db
    .select({ id: contacts.id, displayName: contacts.displayName })
    .from(contacts)
    .where(
      and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.id, [...new Set(rows.map((r) => r.contactId))])),
    );
  const contactOf = new Map(names.map((c) => [c.id, c]));
  return rows.map((a) => {
    const cal = cals.get(a.calendarId);
    return {
      id: a.id,
      calendar: { id: a.calendarId, name: cal?.name ?? 'Unknown calendar', color: cal?.color ?? 'gray' },
      contact: contactOf.get(a.contactId) ?? { id: a.contactId, displayName: 'Unknown contact' },
      assignedUser: people.get(a.assignedUserId) ?? { id: a.assignedUserId, name: 'Unknown user' },
      title: a.title,
      startsAt: toIso(a.startsAt),
      endsAt: toIso(a.endsAt),
      location: a.location,
      meetingUrl: a.meetingUrl,
      description: a.description,
      status: a.status,
      createdBy: (a.createdBy && people.get(a.createdBy)) || null,
      version: a.version,
      createdAt: toIso(a.createdAt),
      updatedAt: toIso(a.updatedAt),
    };
  });
}

/** Appointments follow their contact's visibility, except that a user always sees their own bookings. */
function appointmentVisibility(ctx: Ctx): SQL | undefined {
  const userId = contactScope(ctx);
  if (!userId) return undefined;
  return sql`(${appointments.assignedUserId} = ${userId} or exists (${ctx.db
    .select({ one: sql`1` })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, appointments.workspaceId),
        eq(contacts.id, appointments.contactId),
        contactVisibility(ctx),
      ),
    )}))`;
}

async function findAppointment(ctx: Ctx, id: string, opts: { lock?: boolean; writable?: boolean } = {}) {
  const query = ctx.db
    .select()
    .from(appointments)
    .where(and(eq(appointments.workspaceId, ctx.workspaceId), eq(appointments.id, id)));
  const [row] = opts.lock ? await query.for('update') : await query;
  if (!row) throw notFound('Appointment');
  await requireWorkContact(ctx, row.contactId, row.assignedUserId, { writable: opts.writable });
  return row;
}

export async function getAppointment({ ctx, appointmentId }: { ctx: Ctx; appointmentId: string }) {
  const [dto] = await toAppointmentDtos(ctx, [await findAppointment(ctx, appointmentId)]);
  return dto!;
}

function assertTimes(startsAt: Date, endsAt: Date): void {
  if (endsAt <= startsAt) {
    throw invalid('The appointment must end after it starts', [
      { path: 'body.endsAt', message: 'Must be after startsAt' },
    ]);
  }
  if (endsAt.getTime() - startsAt.getTime() > MAX_DURATION_MS) {
    throw invalid('An appointment can last at most 31 days', [{ path: 'body.endsAt', message: 'Too long' }]);
  }
}

/** Showed and no-show say how an appointment went, so they can only be recorded once it has started. */
const OUTCOMES: readonly AppointmentStatus[] = ['showed', 'no_show'];

function assertStarted(status: AppointmentStatus, startsAt: Date, now = new Date()): void {
  if (OUTCOMES.includes(status) && startsAt > now) {
    throw new AppError(
      'appointment_not_started',
      409,
      `An appointment that has not started yet cannot be marked ${status === 'showed' ? 'showed' : 'no-show'}`,
      { startsAt: toIso(startsAt) },
    );
  }
}

/** Other live bookings of the assigned user that overlap [startsAt, endsAt). */
async function doubleBookingWarnings(ctx: Ctx, a: AppointmentRow): Promise<AppointmentWarningDto[]> {
  if (a.status === 'cancelled') return [];
  const scope = contactScope(ctx);
  const visible = scope ? sql`(${appointments.assignedUserId} = ${scope} or ${contactVisibility(ctx)})` : sql`true`;
  const rows = await ctx.db
    .select({
      id: appointments.id,
      title: appointments.title,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      contactId: contacts.id,
      displayName: contacts.displayName,
      visible: sql<boolean>`(${visible})`,
    })
    .from(appointments)
    .innerJoin(
      contacts,
      and(eq(contacts.workspaceId, appointments.workspaceId), eq(contacts.id, appointments.contactId)),
    )
    .where(
      and(
        eq(appointments.workspaceId, ctx.workspaceId),
        eq(appointments.assignedUserId, a.assignedUserId),
        ne(appointments.id, a.id),
        ne(appointments.status, 'cancelled'),
        lt(appointments.startsAt, a.endsAt),
        gt(appointments.endsAt, a.startsAt),
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .limit(20);
  if (rows.length === 0) return [];
  const user = (await userRefs(ctx, [a.assignedUserId])).get(a.assignedUserId);
  return [
    {
      code: 'user_double_booked',
      detail: `${user?.name ?? 'The assigned user'} already has ${rows.length === 1 ? 'another appointment' : `${rows.length} other appointments`} at that time`,
      conflicts: rows.map((r) => ({
        id: r.id,
        title: r.visible ? r.title : 'Busy',
        startsAt: toIso(r.startsAt),
        endsAt: toIso(r.endsAt),
        contact: r.visible ? { id: r.contactId, displayName: r.displayName } : null,
      })),
    },
  ];
}

/** The calendar named in a booking; an unknown (or another workspace's) id is a bad request. */
async function bookableCalendar(ctx: Ctx, calendarId: string) {
  try {
    return await findCalendar(ctx, calendarId);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) {
      throw new AppError('calendar_not_found', 400, `There is no calendar ${calendarId} in this workspace`, {
        field: 'calendarId',
      });
    }
    throw err;
  }
}

async function result(ctx: Ctx, row: AppointmentRow) {
  const [appointment] = await toAppointmentDtos(ctx, [row]);
  return { appointment: appointment!, warnings: await doubleBookingWarnings(ctx, row) };
}

export async function createAppointment({
  ctx,
  contactId,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  input: CreateAppointmentInput;
}) {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  assertTimes(startsAt, endsAt);
  const row = await inTransaction(ctx, async (tx) => {
    const contact = await requireContact(tx, contactId, { writable: true });
    const calendar = await bookableCalendar(tx, input.calendarId);
    const assignee = await requireAssignableUser(
      tx,
      input.assignedUserId ?? calendar.ownerUserId ?? contact.ownerId,
      'assignedUserId',
    );
    const now = new Date();
    const [inserted] = await tx.db
      .insert(appointments)
      .values({
        workspaceId: ctx.workspaceId,
        id: newId(),
        calendarId: calendar.id,
        contactId,
        assignedUserId: assignee.id,
        title: input.title,
        startsAt,
        endsAt,
        location: input.location || null,
        meetingUrl: input.meetingUrl || null,
        description: input.description,
        status: input.status,
        createdBy: ctx.principal.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const a = inserted!;
    await record(tx, {
      contactId,
      kind: 'appointment.booked',
      category: 'focus',
      subject: { type: 'appointment', id: a.id },
      data: {
        title: a.title,
        startsAt: toIso(a.startsAt),
        endsAt: toIso(a.endsAt),
        status: a.status,
        calendar: { id: calendar.id, name: calendar.name },
        assignedUser: assignee,
        assignedUserId: assignee.id,
        location: a.location,
        meetingUrl: a.meetingUrl,
      },
    });
    return a;
  });
  return result(ctx, row);
}

export async function updateAppointment({
  ctx,
  appointmentId,
  input,
  expectedVersion,
}: {
  ctx: Ctx;
  appointmentId: string;
  input: UpdateAppointmentInput;
  expectedVersion?: number;
}) {
  const row = await inTransaction(ctx, async (tx) => {
    const before = await findAppointment(tx, appointmentId, { lock: true, writable: true });
    assertVersion('appointment', before.version, expectedVersion);
    const startsAt = input.startsAt ? new Date(input.startsAt) : before.startsAt;
    const endsAt = input.endsAt ? new Date(input.endsAt) : before.endsAt;
    const rescheduled =
      startsAt.getTime() !== before.startsAt.getTime() || endsAt.getTime() !== before.endsAt.getTime();
    if (rescheduled) {
      assertTimes(startsAt, endsAt);
      // An outcome stays true only for a meeting that has begun: moving it into the future is refused.
      assertStarted(before.status, startsAt);
    }

    const changes: FieldChange[] = [];
    const set: Partial<AppointmentRow> = {};
    for (const field of ['title', 'description', 'location', 'meetingUrl'] as const) {
      const value = input[field] === '' && field !== 'description' ? null : input[field];
      if (value !== undefined && value !== before[field]) {
        changes.push({ field, old: before[field], new: value });
        Object.assign(set, { [field]: value });
      }
    }
    if (input.calendarId && input.calendarId !== before.calendarId) {
      const next = await bookableCalendar(tx, input.calendarId);
      const prev = (await calendarRefs(tx, [before.calendarId])).get(before.calendarId);
      changes.push({
        field: 'calendar',
        old: prev ? { id: prev.id, name: prev.name } : null,
        new: { id: next.id, name: next.name },
      });
      set.calendarId = next.id;
    }
    if (input.assignedUserId && input.assignedUserId !== before.assignedUserId) {
      const next = await requireAssignableUser(tx, input.assignedUserId, 'assignedUserId');
      const prev = (await userRefs(tx, [before.assignedUserId])).get(before.assignedUserId) ?? null;
      changes.push({ field: 'assignedUser', old: prev, new: next });
      set.assignedUserId = next.id;
    }
    if (rescheduled) Object.assign(set, { startsAt, endsAt });
    if (changes.length === 0 && !rescheduled) return before;

    const [updated] = await tx.db
      .update(appointments)
      .set({ ...set, version: before.version + 1, updatedAt: new Date() })
      .where(and(eq(appointments.workspaceId, ctx.workspaceId), eq(appointments.id, appointmentId)))
      .returning();
    const a = updated!;
    const base = {
      contactId: before.contactId,
      category: 'focus' as const,
      subject: { type: 'appointment', id: appointmentId },
    };
    if (rescheduled) {
      await record(tx, {
        ...base,
        kind: 'appointment.rescheduled',
        data: {
          title: a.title,
          from: { startsAt: toIso(before.startsAt), endsAt: toIso(before.endsAt) },
          to: { startsAt: toIso(a.startsAt), endsAt: toIso(a.endsAt) },
          assignedUserId: a.assignedUserId,
        },
      });
    }
    if (changes.length) {
      await record(tx, {
        ...base,
        kind: 'appointment.updated',
        data: { title: a.title, changes, assignedUserId: a.assignedUserId, startsAt: toIso(a.startsAt) },
      });
    }
    return a;
  });
  return result(ctx, row);
}

export async function setAppointmentStatus({
  ctx,
  appointmentId,
  status,
  expectedVersion,
}: {
  ctx: Ctx;
  appointmentId: string;
  status: AppointmentStatus;
  expectedVersion?: number;
}) {
  const row = await inTransaction(ctx, async (tx) => {
    const before = await findAppointment(tx, appointmentId, { lock: true, writable: true });
    assertVersion('appointment', before.version, expectedVersion);
    if (before.status === status) return before;
    assertStarted(status, before.startsAt);
    const [updated] = await tx.db
      .update(appointments)
      .set({ status, version: before.version + 1, updatedAt: new Date() })
      .where(and(eq(appointments.workspaceId, ctx.workspaceId), eq(appointments.id, appointmentId)))
      .returning();
    const a = updated!;
    const base = {
      contactId: a.contactId,
      category: 'focus' as const,
      subject: { type: 'appointment', id: appointmentId },
    };
    const when = { startsAt: toIso(a.startsAt), endsAt: toIso(a.endsAt) };
    await record(tx, {
      ...base,
      kind: 'appointment.status_changed',
      data: {
        title: a.title,
        from: before.status,
        to: status,
        ...when,
        calendarId: a.calendarId,
        assignedUserId: a.assignedUserId,
      },
    });
    if (status === 'cancelled') {
      await record(tx, {
        ...base,
        kind: 'appointment.cancelled',
        data: { title: a.title, from: before.status, ...when, assignedUserId: a.assignedUserId },
      });
    }
    return a;
  });
  return result(ctx, row);
}

export async function listAppointments({
  ctx,
  from,
  to,
  calendarId,
  userId,
  status,
}: {
  ctx: Ctx;
  from: string;
  to: string;
  calendarId?: string;
  userId?: string;
  status?: AppointmentStatus[];
}): Promise<{ data: AppointmentDto[]; truncated: boolean }> {
  const start = new Date(from);
  const end = new Date(to);
  if (end <= start) throw invalid('"to" must be after "from"', [{ path: 'querystring.to', message: 'Before from' }]);
  if (end.getTime() - start.getTime() > MAX_RANGE_MS) {
    throw invalid('The range can span at most 93 days', [{ path: 'querystring.to', message: 'Range too long' }]);
  }
  let assigned = userId;
  if (userId === 'me') {
    if (!ctx.principal.userId) throw invalid('An API key has no user; pass a user id instead of "me"');
    assigned = ctx.principal.userId;
  }
  const rows = await ctx.db
    .select()
    .from(appointments)
    .where(
      and(
        eq(appointments.workspaceId, ctx.workspaceId),
        lt(appointments.startsAt, end),
        gt(appointments.endsAt, start),
        calendarId ? eq(appointments.calendarId, calendarId) : undefined,
        assigned ? eq(appointments.assignedUserId, assigned) : undefined,
        status?.length ? inArray(appointments.status, status) : undefined,
        appointmentVisibility(ctx),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id))
    .limit(CALENDAR_VIEW_LIMIT + 1);
  return {
    data: await toAppointmentDtos(ctx, rows.slice(0, CALENDAR_VIEW_LIMIT)),
    truncated: rows.length > CALENDAR_VIEW_LIMIT,
  };
}

const CONTACT_LIST_LIMIT = 500;

export async function listContactAppointments({ ctx, contactId }: { ctx: Ctx; contactId: string }) {
  await requireContact(ctx, contactId);
  const now = new Date();
  const of = eq(appointments.contactId, contactId);
  const ws = eq(appointments.workspaceId, ctx.workspaceId);
  const [upcoming, past] = await Promise.all([
    ctx.db
      .select()
      .from(appointments)
      .where(and(ws, of, gt(appointments.endsAt, now)))
      .orderBy(asc(appointments.startsAt), asc(appointments.id))
      .limit(CONTACT_LIST_LIMIT),
    ctx.db
      .select()
      .from(appointments)
      .where(and(ws, of, lte(appointments.endsAt, now)))
      .orderBy(desc(appointments.startsAt), desc(appointments.id))
      .limit(CONTACT_LIST_LIMIT),
  ]);
  return { upcoming: await toAppointmentDtos(ctx, upcoming), past: await toAppointmentDtos(ctx, past) };
}

/** Future, non-cancelled appointments of a contact (for the upcoming-actions list). */
export async function upcomingContactAppointments(ctx: Ctx, contactId: string, limit: number) {
  return ctx.db
    .select()
    .from(appointments)
    .where(
      and(
        eq(appointments.workspaceId, ctx.workspaceId),
        eq(appointments.contactId, contactId),
        ne(appointments.status, 'cancelled'),
        gte(appointments.endsAt, new Date()),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id))
    .limit(limit);
}
