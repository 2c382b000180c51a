import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContact } from '../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const at = (days: number, hour = 10) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

describe('calendars', () => {
  it('creates personal and team calendars; members only manage their own', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria Keller');
    const team = (await admin.post('/api/v1/teams', { name: 'Field Sales', memberIds: [maria.user.id] })).json();

    const personal = await admin.post('/api/v1/calendars', { name: 'Maria’s demos', ownerUserId: maria.user.id });
    expect(personal.statusCode).toBe(201);
    expect(personal.json()).toMatchObject({
      name: 'Maria’s demos',
      color: 'blue',
      owner: { id: maria.user.id, name: 'Maria Keller' },
      team: null,
    });
    const teamCal = await admin.post('/api/v1/calendars', { name: 'Field visits', teamId: team.id, color: '#ff8800' });
    expect(teamCal.json()).toMatchObject({ owner: null, team: { id: team.id, name: 'Field Sales' }, color: '#ff8800' });

    const own = await maria.post('/api/v1/calendars', { name: 'My calls', color: 'green' });
    expect(own.statusCode).toBe(201);
    expect(own.json().owner.id).toBe(maria.user.id);
    expect((await maria.post('/api/v1/calendars', { name: 'x', ownerUserId: admin.user.id })).statusCode).toBe(403);
    expect((await maria.post('/api/v1/calendars', { name: 'x', teamId: team.id })).statusCode).toBe(403);
    expect((await maria.patch(`/api/v1/calendars/${teamCal.json().id}`, { name: 'Mine now' })).statusCode).toBe(403);
    expect((await maria.patch(`/api/v1/calendars/${own.json().id}`, { teamId: team.id })).statusCode).toBe(403);
    expect((await maria.patch(`/api/v1/calendars/${own.json().id}`, { name: 'Calls' })).json().name).toBe('Calls');

    const list = (await maria.get('/api/v1/calendars')).json().data.map((c: { name: string }) => c.name);
    expect(list).toEqual(['Calls', 'Field visits', 'Maria’s demos']);

    const moved = await admin.patch(`/api/v1/calendars/${personal.json().id}`, { teamId: team.id });
    expect(moved.json()).toMatchObject({ owner: null, team: { id: team.id } });
    const { rows } = await t.deps.database.pool.query(
      `select kind, data from journal_entries where subject_id = $1 order by id`,
      [personal.json().id],
    );
    expect(rows.map((r) => r.kind)).toEqual(['calendar.created', 'calendar.updated']);
  });

  it('validates owner, team and colour', async () => {
    const admin = await t.signup();
    const other = await t.signup();
    const otherTeam = (await other.post('/api/v1/teams', { name: 'Theirs' })).json();
    const gone = await admin.addUser('member');
    await admin.post(`/api/v1/users/${gone.user.id}/deactivate`);
    const foreignOwner = await admin.post('/api/v1/calendars', { name: 'x', ownerUserId: other.user.id });
    expect(foreignOwner.statusCode).toBe(400);
    expect(foreignOwner.json().code).toBe('user_not_found');
    const foreignTeam = await admin.post('/api/v1/calendars', { name: 'x', teamId: otherTeam.id });
    expect(foreignTeam.json().code).toBe('team_not_found');
    expect((await admin.post('/api/v1/calendars', { name: 'x', ownerUserId: gone.user.id })).json().code).toBe(
      'user_deactivated',
    );
    const both = await admin.post('/api/v1/calendars', { name: 'x', ownerUserId: admin.user.id, teamId: otherTeam.id });
    expect(both.statusCode).toBe(400);
    expect((await admin.post('/api/v1/calendars', { name: 'x', color: 'red; drop' })).statusCode).toBe(400);
    const api = t.withKey(await admin.createApiKey());
    expect((await api.post('/api/v1/calendars', { name: 'Nobody’s' })).statusCode).toBe(400);
  });

  it('refuses to delete a calendar with appointments ahead; past ones go with it', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const cal = (await admin.post('/api/v1/calendars', { name: 'Demos' })).json();
    const book = (startsAt: string, endsAt: string) =>
      admin.post(`/api/v1/contacts/${contact.id}/appointments`, {
        calendarId: cal.id,
        title: 'Demo',
        startsAt,
        endsAt,
      });
    await book(at(-3), at(-3, 11));
    const future = (await book(at(2), at(2, 11))).json().appointment;

    const refused = await admin.delete(`/api/v1/calendars/${cal.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'calendar_has_appointments', count: 1 });

    await admin.post(`/api/v1/appointments/${future.id}/status`, { status: 'cancelled' });
    expect((await admin.delete(`/api/v1/calendars/${cal.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/calendars/${cal.id}`)).statusCode).toBe(404);
    const contactAppointments = (await admin.get(`/api/v1/contacts/${contact.id}/appointments`)).json();
    expect(contactAppointments).toEqual({ upcoming: [], past: [] });
    const { rows } = await t.deps.database.pool.query(
      `select data from journal_entries where kind = 'calendar.deleted' and subject_id = $1`,
      [cal.id],
    );
    expect(rows[0].data).toEqual({ name: 'Demos', removedAppointments: 2 });
    // The contact's history of those appointments stays in its timeline.
    const timeline = (await admin.get(`/api/v1/contacts/${contact.id}/timeline?kinds=appointment.booked`)).json();
    expect(timeline.data).toHaveLength(2);
  });

  it('keeps a team with calendars from being deleted', async () => {
    const admin = await t.signup();
    const team = (await admin.post('/api/v1/teams', { name: 'Inside Sales' })).json();
    const cal = (await admin.post('/api/v1/calendars', { name: 'Team demos', teamId: team.id })).json();
    const refused = await admin.delete(`/api/v1/teams/${team.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('team_has_calendars');
    expect(refused.json().detail).toContain('Team demos');
    await admin.delete(`/api/v1/calendars/${cal.id}`);
    expect((await admin.delete(`/api/v1/teams/${team.id}`)).statusCode).toBe(204);
  });

  it('never shows or changes another workspace’s calendars (404)', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const cal = (await a.post('/api/v1/calendars', { name: 'A only' })).json();
    for (const r of [
      await b.get(`/api/v1/calendars/${cal.id}`),
      await b.patch(`/api/v1/calendars/${cal.id}`, { name: 'hacked' }),
      await b.delete(`/api/v1/calendars/${cal.id}`),
    ]) {
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('A only');
    }
    expect((await b.get('/api/v1/calendars')).json().data).toEqual([]);
    expect((await a.get(`/api/v1/calendars/${cal.id}`)).json().name).toBe('A only');
  });
});
