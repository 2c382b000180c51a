import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContact } from '../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

describe('upcoming actions', () => {
  it('merges open tasks and future appointments by time, overdue first and undated last', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const contact = await insertContact(t, admin);
    const cal = (await admin.post('/api/v1/calendars', { name: 'Maria', ownerUserId: maria.user.id })).json();
    const task = async (title: string, dueAt?: string) =>
      (await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title, dueAt })).json().id as string;
    const book = async (title: string, start: number, status?: string) => {
      const id = (
        await admin.post(`/api/v1/contacts/${contact.id}/appointments`, {
          calendarId: cal.id,
          title,
          startsAt: inHours(start),
          endsAt: inHours(start + 1),
        })
      ).json().appointment.id as string;
      if (status) await admin.post(`/api/v1/appointments/${id}/status`, { status });
      return id;
    };
    await task('undated');
    await task('in two days', inHours(48));
    await task('overdue', inHours(-1));
    const done = await task('done', inHours(5));
    await admin.post(`/api/v1/tasks/${done}/complete`);
    await book('tomorrow', 24);
    await book('confirmed later', 72, 'confirmed');
    await book('cancelled', 30, 'cancelled');
    await book('last week', -24 * 7);

    const res = await admin.get(`/api/v1/contacts/${contact.id}/upcoming`);
    expect(res.statusCode).toBe(200);
    const items = res.json().data;
    expect(items.map((i: { title: string }) => i.title)).toEqual([
      'overdue',
      'tomorrow',
      'in two days',
      'confirmed later',
      'undated',
    ]);
    expect(items[0]).toMatchObject({ type: 'task', overdue: true, status: 'pending', endsAt: null });
    expect(items[1]).toMatchObject({
      type: 'appointment',
      status: 'scheduled',
      overdue: false,
      assignee: { id: maria.user.id, name: 'Maria' },
    });
    expect(items[4]).toMatchObject({ type: 'task', at: null, assignee: { id: admin.user.id } });
  });

  it('answers 404 for another workspace’s contact and a contact a restricted member cannot see', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const contact = await insertContact(t, a);
    await a.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'A only' });
    const res = await b.get(`/api/v1/contacts/${contact.id}/upcoming`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('A only');
    const member = await a.addUser('member');
    await a.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    expect((await member.get(`/api/v1/contacts/${contact.id}/upcoming`)).statusCode).toBe(404);
  });
});
