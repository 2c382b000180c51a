import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContact } from '../../test/fixtures.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const at = (days: number, hour = 10, minute = 0) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, minute, 0, 0);
  return d.toISOString();
};

async function journal(contactId: string, kind: string) {
  const { rows } = await t.deps.database.pool.query(
    `select * from journal_entries where contact_id = $1 and kind = $2 order by id`,
    [contactId, kind],
  );
  return rows;
}

async function calendar(session: Session, body: Record<string, unknown> = {}) {
  return (await session.post('/api/v1/calendars', { name: 'Demos', ...body })).json() as { id: string; name: string };
}

describe('appointments', () => {
  it('books for the calendar’s owner by default, else the contact’s owner, and journals it', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria Keller');
    const tom = await admin.addUser('member', 'Tom Becker');
    const team = (await admin.post('/api/v1/teams', { name: 'Field' })).json();
    const mariaCal = await calendar(admin, { name: 'Maria', ownerUserId: maria.user.id });
    const teamCal = await calendar(admin, { name: 'Team', teamId: team.id });
    const contact = await insertContact(t, tom, { firstName: 'Jane', lastName: 'Doe' });

    const res = await admin.post(`/api/v1/contacts/${contact.id}/appointments`, {
      calendarId: mariaCal.id,
      title: 'Product demo',
      startsAt: at(3, 9),
      endsAt: at(3, 10),
      meetingUrl: 'https://meet.example.com/abc',
      location: 'Berlin office',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().warnings).toEqual([]);
    expect(res.json().appointment).toMatchObject({
      title: 'Product demo',
      status: 'scheduled',
      calendar: { id: mariaCal.id, name: 'Maria' },
      contact: { id: contact.id, displayName: 'Jane Doe' },
      assignedUser: { id: maria.user.id, name: 'Maria Keller' },
      meetingUrl: 'https://meet.example.com/abc',
      location: 'Berlin office',
      version: 1,
    });
    const viaTeam = await admin.post(`/api/v1/contacts/${contact.id}/appointments`, {
      calendarId: teamCal.id,
      title: 'Site visit',
      startsAt: at(4, 9),
      endsAt: at(4, 10),
    });
    expect(viaTeam.json().appointment.assignedUser.id).toBe(tom.user.id);

    const [entry] = await journal(contact.id, 'appointment.booked');
    expect(entry).toMatchObject({ category: 'focus', actor_id: admin.user.id, subject_id: res.json().appointment.id });
    expect(entry.data).toMatchObject({
      title: 'Product demo',
      startsAt: at(3, 9),
      assignedUser: { id: maria.user.id, name: 'Maria Keller' },
      calendar: { id: mariaCal.id, name: 'Maria' },
    });
  });

  it('refuses an end before or at the start, a bad link, and unknown calendars or users', async () => {
    const admin = await t.signup();
    const other = await t.signup();
    const cal = await calendar(admin);
    const theirs = await calendar(other);
    const contact = await insertContact(t, admin);
    const book = (body: Record<string, unknown>) =>
      admin.post(`/api/v1/contacts/${contact.id}/appointments`, {
        calendarId: cal.id,
        title: 'x',
        startsAt: at(1, 10),
        endsAt: at(1, 11),
        ...body,
      });
    const backwards = await book({ endsAt: at(1, 9) });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({
      code: 'validation_failed',
      detail: 'The appointment must end after it starts',
    });
    expect((await book({ endsAt: at(1, 10) })).statusCode).toBe(400);
    expect((await book({ meetingUrl: 'javascript:alert(1)' })).statusCode).toBe(400);
    const foreignCal = await book({ calendarId: theirs.id });
    expect(foreignCal.statusCode).toBe(400);
    expect(foreignCal.json().code).toBe('calendar_not_found');
    const foreignUser = await book({ assignedUserId: other.user.id });
    expect(foreignUser.json().code).toBe('user_not_found');

    const ok = (await book({})).json().appointment;
    const bad = await admin.patch(`/api/v1/appointments/${ok.id}`, { endsAt: at(1, 9, 30) });
    expect(bad.statusCode).toBe(400);
    expect(await journal(contact.id, 'appointment.rescheduled')).toEqual([]);
  });

  it('warns when the assigned user is already booked, but not for cancelled or adjacent ones', async () => {
    const admin = await t.signup();
    const cal = await calendar(admin);
    const jane = await insertContact(t, admin, { firstName: 'Jane', lastName: 'Doe' });
    const john = await insertContact(t, admin, { firstName: 'John', lastName: 'Roe' });
    const book = (contactId: string, startsAt: string, endsAt: string, title = 'Meeting') =>
      admin.post(`/api/v1/contacts/${contactId}/appointments`, { calendarId: cal.id, title, startsAt, endsAt });

    const first = (await book(jane.id, at(2, 10), at(2, 11), 'Jane call')).json().appointment;
    const clash = await book(john.id, at(2, 10, 30), at(2, 11, 30));
    expect(clash.statusCode).toBe(201);
    expect(clash.json().warnings).toEqual([
      {
        code: 'user_double_booked',
        detail: `${admin.user.name} already has another appointment at that time`,
        conflicts: [
          {
            id: first.id,
            title: 'Jane call',
            startsAt: at(2, 10),
            endsAt: at(2, 11),
            contact: { id: jane.id, displayName: 'Jane Doe' },
          },
        ],
      },
    ]);
    const adjacent = await book(john.id, at(2, 11), at(2, 12));
    expect(adjacent.json().warnings.map((w: { conflicts: unknown[] }) => w.conflicts.length)).toEqual([1]);

    await admin.post(`/api/v1/appointments/${first.id}/status`, { status: 'cancelled' });
    const overCancelled = await book(john.id, at(2, 10), at(2, 10, 15));
    expect(overCancelled.json().warnings).toEqual([]);

    // Rescheduling onto a booking warns too.
    const later = (await book(jane.id, at(5, 10), at(5, 11))).json().appointment;
    const moved = await admin.patch(`/api/v1/appointments/${later.id}`, {
      startsAt: at(2, 11, 15),
      endsAt: at(2, 11, 45),
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().warnings[0].conflicts).toHaveLength(2);
  });

  it('shows a restricted member a colleague’s conflict on a contact they cannot see as "Busy"', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member', 'Rita');
    const colleague = await admin.addUser('member', 'Colin');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const cal = await calendar(member, { name: 'Rita' });
    const hidden = await insertContact(t, admin);
    const own = await insertContact(t, member);
    const book = (session: Session, contactId: string, title: string, from: number, assignedUserId: string) =>
      session.post(`/api/v1/contacts/${contactId}/appointments`, {
        calendarId: cal.id,
        title,
        assignedUserId,
        startsAt: at(1, 8, from),
        endsAt: at(1, 9, from),
      });
    await book(admin, hidden.id, 'Confidential', 0, colleague.user.id);
    const mine = (await book(admin, hidden.id, 'Booked for Rita', 0, member.user.id)).json().appointment;
    const res = await book(member, own.id, 'With Colin', 30, colleague.user.id);
    expect(res.json().warnings[0].conflicts).toEqual([expect.objectContaining({ title: 'Busy', contact: null })]);
    // Their own bookings always show, even on a contact they cannot open.
    const week = (await member.get(`/api/v1/appointments?from=${at(0, 0)}&to=${at(7, 0)}`)).json().data;
    expect(week.map((a: { title: string }) => a.title)).toEqual(['Booked for Rita', 'With Colin']);
    expect((await member.post(`/api/v1/appointments/${mine.id}/status`, { status: 'confirmed' })).statusCode).toBe(200);
  });

  it('reschedules and edits with journal entries and an optional If-Match', async () => {
    const admin = await t.signup();
    const tom = await admin.addUser('member', 'Tom');
    const cal = await calendar(admin);
    const cal2 = await calendar(admin, { name: 'Calls' });
    const contact = await insertContact(t, admin);
    const appt = (
      await admin.post(`/api/v1/contacts/${contact.id}/appointments`, {
        calendarId: cal.id,
        title: 'Demo',
        startsAt: at(1, 10),
        endsAt: at(1, 11),
      })
    ).json().appointment;

    const moved = await admin.patch(
      `/api/v1/appointments/${appt.id}`,
      { startsAt: at(2, 14), endsAt: at(2, 15) },
      { 'if-match': '"1"' },
    );
    expect(moved.statusCode).toBe(200);
    expect(moved.json().appointment).toMatchObject({ startsAt: at(2, 14), endsAt: at(2, 15), version: 2 });
    const [rescheduled] = await journal(contact.id, 'appointment.rescheduled');
    expect(rescheduled.data).toMatchObject({
      from: { startsAt: at(1, 10), endsAt: at(1, 11) },
      to: { startsAt: at(2, 14), endsAt: at(2, 15) },
    });

    const stale = await admin.patch(`/api/v1/appointments/${appt.id}`, { title: 'x' }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');

    const edited = await admin.patch(`/api/v1/appointments/${appt.id}`, {
      title: 'Demo v2',
      location: 'Café',
      calendarId: cal2.id,
      assignedUserId: tom.user.id,
    });
    expect(edited.json().appointment).toMatchObject({
      title: 'Demo v2',
      location: 'Café',
      calendar: { id: cal2.id },
      assignedUser: { id: tom.user.id },
    });
    const [updated] = await journal(contact.id, 'appointment.updated');
    expect(updated.data.changes).toEqual([
      { field: 'title', old: 'Demo', new: 'Demo v2' },
      { field: 'location', old: null, new: 'Café' },
      { field: 'calendar', old: { id: cal.id, name: 'Demos' }, new: { id: cal2.id, name: 'Calls' } },
      {
        field: 'assignedUser',
        old: { id: admin.user.id, name: admin.user.name },
        new: { id: tom.user.id, name: 'Tom' },
      },
    ]);
  });

  it('journals every status change, and a cancellation also as appointment.cancelled', async () => {
    const admin = await t.signup();
    const cal = await calendar(admin);
    const contact = await insertContact(t, admin);
    const appt = (
      await admin.post(`/api/v1/contacts/${contact.id}/appointments`, {
        calendarId: cal.id,
        title: 'Demo',
        startsAt: at(-1, 10),
        endsAt: at(-1, 11),
      })
    ).json().appointment;
    const confirmed = await admin.post(`/api/v1/appointments/${appt.id}/status`, { status: 'confirmed' });
    expect(confirmed.json().appointment.status).toBe('confirmed');
    await admin.post(`/api/v1/appointments/${appt.id}/status`, { status: 'no_show' });
    await admin.post(`/api/v1/appointments/${appt.id}/status`, { status: 'no_show' });
    await admin.post(`/api/v1/appointments/${appt.id}/status`, { status: 'cancelled' });
    expect((await admin.post(`/api/v1/appointments/${appt.id}/status`, { status: 'maybe' })).statusCode).toBe(400);

    const changes = (await journal(contact.id, 'appointment.status_changed')).map((e) => [e.data.from, e.data.to]);
    expect(changes).toEqual([
      ['scheduled', 'confirmed'],
      ['confirmed', 'no_show'],
      ['no_show', 'cancelled'],
    ]);
    const [cancelled] = await journal(contact.id, 'appointment.cancelled');
    expect(cancelled.data).toMatchObject({ title: 'Demo', from: 'no_show' });
    const stale = await admin.post(`/api/v1/appointments/${appt.id}/status`, { status: 'showed' }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(409);
  });

  it('refuses showed or no-show before the appointment starts, and moving an outcome into the future', async () => {
    const admin = await t.signup();
    const cal = await calendar(admin);
    const contact = await insertContact(t, admin);
    const book = async (startsAt: string, endsAt: string) =>
      (
        await admin.post(`/api/v1/contacts/${contact.id}/appointments`, {
          calendarId: cal.id,
          title: 'Viewing',
          startsAt,
          endsAt,
        })
      ).json().appointment;
    const future = await book(at(2, 10), at(2, 11));
    for (const status of ['showed', 'no_show']) {
      const res = await admin.post(`/api/v1/appointments/${future.id}/status`, { status });
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'appointment_not_started', startsAt: at(2, 10) });
    }
    expect((await admin.get(`/api/v1/appointments/${future.id}`)).json()).toMatchObject({
      status: 'scheduled',
      version: 1,
    });
    expect(await journal(contact.id, 'appointment.status_changed')).toHaveLength(0);
    // Confirming and cancelling a future appointment stay allowed.
    expect((await admin.post(`/api/v1/appointments/${future.id}/status`, { status: 'confirmed' })).statusCode).toBe(
      200,
    );

    // Started (it runs now): the outcome can be recorded.
    const running = await book(new Date(Date.now() - 10 * 60_000).toISOString(), at(1, 23));
    const showed = await admin.post(`/api/v1/appointments/${running.id}/status`, { status: 'showed' });
    expect(showed.statusCode).toBe(200);
    expect(showed.json().appointment.status).toBe('showed');
    // …and a showed appointment cannot be moved to a time that has not come yet.
    const moved = await admin.patch(`/api/v1/appointments/${running.id}`, { startsAt: at(3, 10), endsAt: at(3, 11) });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().code).toBe('appointment_not_started');
    const after = (await admin.get(`/api/v1/appointments/${running.id}`)).json();
    expect(after).toMatchObject({ status: 'showed', startsAt: running.startsAt });
  });

  it('lists the calendar view by range, calendar and user, and a contact’s upcoming and past', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const cal = await calendar(admin, { name: 'Admin cal' });
    const mariaCal = await calendar(admin, { name: 'Maria cal', ownerUserId: maria.user.id });
    const contact = await insertContact(t, admin, { firstName: 'Jane', lastName: 'Doe' });
    const book = async (calendarId: string, title: string, startsAt: string, endsAt: string) =>
      (await admin.post(`/api/v1/contacts/${contact.id}/appointments`, { calendarId, title, startsAt, endsAt })).json()
        .appointment.id as string;
    await book(cal.id, 'past', at(-2, 9), at(-2, 10));
    await book(cal.id, 'soon', at(1, 9), at(1, 10));
    await book(mariaCal.id, 'maria', at(1, 12), at(1, 13));
    await book(cal.id, 'far', at(20, 9), at(20, 10));

    const week = (await admin.get(`/api/v1/appointments?from=${at(0, 0)}&to=${at(7, 0)}`)).json().data;
    expect(week.map((a: { title: string }) => a.title)).toEqual(['soon', 'maria']);
    expect(week[0]).toMatchObject({
      contact: { displayName: 'Jane Doe' },
      calendar: { id: cal.id, name: 'Admin cal', color: 'blue' },
    });
    const byCal = (await admin.get(`/api/v1/appointments?from=${at(-7, 0)}&to=${at(30, 0)}&calendarId=${mariaCal.id}`))
      .json()
      .data.map((a: { title: string }) => a.title);
    expect(byCal).toEqual(['maria']);
    const mine = (await maria.get(`/api/v1/appointments?from=${at(-7, 0)}&to=${at(30, 0)}&userId=me`)).json().data;
    expect(mine.map((a: { title: string }) => a.title)).toEqual(['maria']);
    expect((await admin.get(`/api/v1/appointments?from=${at(0, 0)}&to=${at(200, 0)}`)).statusCode).toBe(400);
    expect((await admin.get(`/api/v1/appointments?from=${at(2, 0)}&to=${at(1, 0)}`)).statusCode).toBe(400);
    expect((await admin.get('/api/v1/appointments')).statusCode).toBe(400);

    const mixed = (await admin.get(`/api/v1/contacts/${contact.id}/appointments`)).json();
    expect(mixed.upcoming.map((a: { title: string }) => a.title)).toEqual(['soon', 'maria', 'far']);
    expect(mixed.past.map((a: { title: string }) => a.title)).toEqual(['past']);
  });

  it('never shows or changes another workspace’s appointments (404 on every endpoint)', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const cal = await calendar(a);
    const bCal = await calendar(b);
    const contact = await insertContact(t, a);
    const appt = (
      await a.post(`/api/v1/contacts/${contact.id}/appointments`, {
        calendarId: cal.id,
        title: 'A only',
        startsAt: at(1, 10),
        endsAt: at(1, 11),
      })
    ).json().appointment;
    for (const r of [
      await b.get(`/api/v1/contacts/${contact.id}/appointments`),
      await b.post(`/api/v1/contacts/${contact.id}/appointments`, {
        calendarId: bCal.id,
        title: 'x',
        startsAt: at(1, 10),
        endsAt: at(1, 11),
      }),
      await b.get(`/api/v1/appointments/${appt.id}`),
      await b.patch(`/api/v1/appointments/${appt.id}`, { title: 'hacked' }),
      await b.post(`/api/v1/appointments/${appt.id}/status`, { status: 'cancelled' }),
    ]) {
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('A only');
    }
    const view = await b.get(`/api/v1/appointments?from=${at(0, 0)}&to=${at(7, 0)}&calendarId=${cal.id}`);
    expect(view.statusCode).toBe(200);
    expect(view.json().data).toEqual([]);
    expect((await a.get(`/api/v1/appointments/${appt.id}`)).json()).toMatchObject({
      title: 'A only',
      status: 'scheduled',
    });
  });
});
