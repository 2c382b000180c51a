// A small, believable workspace for the My-tasks, calendar and audit-log flows: a few reps, contacts,
// calendars, appointments around today and tasks in every section — all made through the API.
import type { Session, TestApp } from '../server/test/harness.ts';
import { addDays, localDateOf, startOfWeek, zonedInstant } from '../web/src/lib/zoned.ts';

export const ZONE = 'Europe/Berlin';

export interface Ref {
  id: string;
  name: string;
}

export interface SeededWorkspace {
  admin: Session;
  maria: Session;
  jonas: Session;
  contacts: { id: string; displayName: string }[];
  calendars: Record<'viewings' | 'maria' | 'team', Ref>;
}

async function ok<T>(res: Promise<{ statusCode: number; body: string; json(): T }>, what: string): Promise<T> {
  const r = await res;
  if (r.statusCode >= 300) throw new Error(`${what}: ${r.statusCode} ${r.body}`);
  return r.json();
}

const PEOPLE = [
  ['Lena', 'Hoffmann'],
  ['Jonas', 'Albrecht'],
  ['Sophie', 'Wagner'],
  ['Felix', 'Schubert'],
  ['Amelie', 'Krüger'],
  ['Noah', 'Richter'],
  ['Clara', 'Neumann'],
  ['Elias', 'Hartmann'],
];

/** Local wall time in the fixture zone, `day` days after the Monday of the current week. */
export function weekTime(day: number, hour: number, minute = 0, now = new Date()): Date {
  const monday = startOfWeek(localDateOf(now, ZONE));
  return zonedInstant(addDays(monday, day), hour * 60 + minute, ZONE);
}

export async function seedWorkspace(server: TestApp, opts: { busy?: boolean } = {}): Promise<SeededWorkspace> {
  const admin = await server.signup({ workspaceName: 'Harbour & Hill Estates', name: 'Ada Admin' });
  await ok(admin.patch('/api/v1/users/me', { timezone: ZONE }), 'zone');
  const maria = await admin.addUser('member', 'Maria Keller');
  const jonas = await admin.addUser('member', 'Jonas Weber');
  for (const s of [maria, jonas]) await ok(s.patch('/api/v1/users/me', { timezone: ZONE }), 'zone');
  const team = await ok<{ id: string }>(
    admin.post('/api/v1/teams', { name: 'Field Sales', memberIds: [maria.user.id, jonas.user.id] }),
    'team',
  );

  const contacts: SeededWorkspace['contacts'] = [];
  const people = opts.busy
    ? [...PEOPLE, ['Maximilian-Alexander', 'von Hohenzollern-Sigmaringen und Löwenstein-Wertheim']]
    : PEOPLE;
  for (const [i, [firstName, lastName]] of people.entries()) {
    const c = await ok<{ id: string; displayName: string }>(
      admin.post('/api/v1/contacts', {
        firstName,
        lastName,
        emails: [{ email: `${firstName!.toLowerCase()}.${i}@example.test` }],
        ownerId: i % 2 ? maria.user.id : admin.user.id,
      }),
      'contact',
    );
    contacts.push({ id: c.id, displayName: c.displayName });
  }

  const calendar = async (session: Session, body: Record<string, unknown>) =>
    ok<{ id: string; name: string }>(session.post('/api/v1/calendars', body), 'calendar');
  const viewings = await calendar(admin, { name: 'Viewings', color: 'blue' });
  const mariaCal = await calendar(maria, { name: 'Maria’s calls', color: 'teal' });
  const teamCal = await calendar(admin, { name: 'Field Sales visits', color: 'grape', teamId: team.id });

  const book = async (
    session: Session,
    contact: number,
    body: { calendarId: string; title: string; start: Date; minutes: number; assignedUserId?: string },
    status?: string,
  ) => {
    const res = await ok<{ appointment: { id: string } }>(
      session.post(`/api/v1/contacts/${contacts[contact]!.id}/appointments`, {
        calendarId: body.calendarId,
        title: body.title,
        startsAt: body.start.toISOString(),
        endsAt: new Date(body.start.getTime() + body.minutes * 60_000).toISOString(),
        assignedUserId: body.assignedUserId,
        location: contact % 3 === 0 ? 'Harbour Street 12, Hamburg' : null,
        meetingUrl: contact % 3 === 1 ? 'https://meet.example.com/abc-defg-hij' : null,
      }),
      'appointment',
    );
    if (status) {
      await ok(session.post(`/api/v1/appointments/${res.appointment.id}/status`, { status }), `status ${status}`);
    }
    return res.appointment.id;
  };

  // Outcomes are only set on appointments that have begun: the week whose Monday and Tuesday are over, this one from
  // Tuesday noon in the fixture zone, else the one before (on a Monday morning this week's Monday is still ahead).
  const now = new Date();
  const weekOf = weekTime(1, 12, 0, now) <= now ? now : new Date(now.getTime() - 7 * 86_400_000);
  const at = (day: number, hour: number, minute = 0) => weekTime(day, hour, minute, weekOf);
  // Monday and Tuesday: done and dusted; Wednesday: two overlapping viewings; later: ahead.
  await book(
    admin,
    0,
    { calendarId: viewings.id, title: 'Viewing Elbchaussee 4', start: at(0, 10), minutes: 60 },
    'showed',
  );
  await book(
    admin,
    1,
    { calendarId: viewings.id, title: 'Viewing Alsterblick', start: at(0, 14), minutes: 45 },
    'no_show',
  );
  await book(maria, 2, { calendarId: mariaCal.id, title: 'Intro call', start: at(1, 9, 30), minutes: 30 }, 'showed');
  await book(admin, 3, { calendarId: viewings.id, title: 'Second viewing', start: at(2, 11), minutes: 60 });
  await book(
    maria,
    4,
    {
      calendarId: teamCal.id,
      title: 'Site visit',
      start: at(2, 11, 30),
      minutes: 90,
      assignedUserId: maria.user.id,
    },
    'confirmed',
  );
  await book(jonas, 5, {
    calendarId: teamCal.id,
    title: 'Valuation',
    start: at(3, 15),
    minutes: 60,
    assignedUserId: jonas.user.id,
  });
  await book(
    maria,
    6,
    { calendarId: mariaCal.id, title: 'Offer follow-up', start: at(4, 10), minutes: 30 },
    'cancelled',
  );
  if (opts.busy) {
    for (let d = 0; d < 5; d++) {
      await book(admin, 7, { calendarId: viewings.id, title: 'Open house', start: at(d, 8), minutes: 120 });
      await book(maria, (d + 2) % 8, {
        calendarId: mariaCal.id,
        title: 'Call back',
        start: at(d, 8, 30),
        minutes: 30,
      });
      await book(jonas, (d + 4) % 8, {
        calendarId: teamCal.id,
        title: 'Contract signing with the whole family',
        start: at(d, 9),
        minutes: 45,
        assignedUserId: jonas.user.id,
      });
    }
    await book(admin, 8, {
      calendarId: viewings.id,
      title: 'Viewing of the estate with a very long title that goes on',
      start: at(5, 13),
      minutes: 75,
    });
  }

  return {
    admin,
    maria,
    jonas,
    contacts,
    calendars: {
      viewings: { id: viewings.id, name: viewings.name },
      maria: { id: mariaCal.id, name: mariaCal.name },
      team: { id: teamCal.id, name: teamCal.name },
    },
  };
}

/** Tasks for `session` in every My-tasks section. */
export async function seedTasks(ws: SeededWorkspace, session: Session, now = new Date()): Promise<void> {
  const hours = (h: number) => new Date(now.getTime() + h * 3600_000).toISOString();
  const endOfToday = zonedInstant(addDays(localDateOf(now, ZONE), 1), 0, ZONE).getTime();
  const laterToday = new Date(Math.min(now.getTime() + 2 * 3600_000, endOfToday - 60_000)).toISOString();
  const tasks = [
    {
      contact: 0,
      title: 'Send the signed exposé',
      dueAt: hours(-50),
      description: 'They asked for the PDF with floor plans.',
    },
    { contact: 1, title: 'Call back about the mortgage offer', dueAt: hours(-3), description: '' },
    { contact: 2, title: 'Confirm the viewing time', dueAt: laterToday, description: 'Prefers late afternoon.' },
    { contact: 3, title: 'Prepare the valuation report', dueAt: hours(30), description: '' },
    { contact: 4, title: 'Quarterly check-in', dueAt: hours(24 * 9), description: 'Ask about the second property.' },
    { contact: 5, title: 'Collect references', dueAt: null, description: '' },
  ];
  for (const t of tasks) {
    await ok(
      session.post(`/api/v1/contacts/${ws.contacts[t.contact]!.id}/tasks`, {
        title: t.title,
        description: t.description,
        assigneeId: session.user.id,
        dueAt: t.dueAt,
      }),
      'task',
    );
  }
  const done = await ok<{ id: string }>(
    session.post(`/api/v1/contacts/${ws.contacts[6]!.id}/tasks`, {
      title: 'Book the photographer',
      assigneeId: session.user.id,
      dueAt: hours(-20),
    }),
    'task',
  );
  await ok(session.post(`/api/v1/tasks/${done.id}/complete`), 'complete');
}
