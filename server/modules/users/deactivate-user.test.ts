import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact } from '../contacts/contact-test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A member who owns two contacts (one archived), has two open tasks and a done one, and owns a calendar. */
async function busyMember(admin: Session, name = 'Leaving Lisa') {
  const leaving = await admin.addUser('member', name);
  const a = await newContact(admin, { ownerId: leaving.user.id });
  const b = await newContact(admin, { ownerId: leaving.user.id });
  await admin.delete(`/api/v1/contacts/${b.id}`);
  const task = async (title: string) =>
    (await admin.post(`/api/v1/contacts/${a.id}/tasks`, { title, assigneeId: leaving.user.id })).json();
  const open1 = await task('Call back');
  const open2 = await task('Send offer');
  const done = await task('Already done');
  expect((await admin.post(`/api/v1/tasks/${done.id}/complete`)).statusCode).toBe(200);
  const calendar = (
    await admin.post('/api/v1/calendars', { name: 'Lisa’s demos', ownerUserId: leaving.user.id })
  ).json();
  return { leaving, contacts: [a, b], open: [open1, open2], done, calendar };
}

async function journalOfSubject(subjectId: string, kind: string) {
  const { rows } = await t.deps.database.pool.query<{ actor_id: string; data: Record<string, any> }>(
    `select actor_id, data from journal_entries where subject_id = $1 and kind = $2 order by occurred_at, id`,
    [subjectId, kind],
  );
  return rows;
}

describe('deactivating a user with work to hand over', () => {
  it('counts what they leave: contacts owned (archived too), open tasks, calendars owned', async () => {
    const admin = await t.signup();
    const { leaving } = await busyMember(admin);
    const impact = await admin.get(`/api/v1/users/${leaving.user.id}/deactivation`);
    expect(impact.statusCode).toBe(200);
    expect(impact.json()).toEqual({ contacts: 2, openTasks: 2, calendars: 1 });
    const idle = await admin.addUser('member');
    expect((await admin.get(`/api/v1/users/${idle.user.id}/deactivation`)).json()).toEqual({
      contacts: 0,
      openTasks: 0,
      calendars: 0,
    });
    expect((await leaving.get(`/api/v1/users/${leaving.user.id}/deactivation`)).statusCode).toBe(403);
  });

  it('hands everything to one colleague and deactivates in one step, journaling each change', async () => {
    const admin = await t.signup();
    const { leaving, contacts, open, done, calendar } = await busyMember(admin);
    const taking = await admin.addUser('member', 'Taking Tom');
    const res = await admin.post(`/api/v1/users/${leaving.user.id}/deactivate`, { reassignTo: taking.user.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('deactivated');

    for (const c of contacts)
      expect((await admin.get(`/api/v1/contacts/${c.id}`)).json().owner.id).toBe(taking.user.id);
    for (const task of open) {
      expect((await admin.get(`/api/v1/tasks/${task.id}`)).json().assignee.id).toBe(taking.user.id);
    }
    // Finished work keeps who did it.
    expect((await admin.get(`/api/v1/tasks/${done.id}`)).json().assignee.id).toBe(leaving.user.id);
    expect((await admin.get(`/api/v1/calendars/${calendar.id}`)).json().owner.id).toBe(taking.user.id);

    const lisa = { id: leaving.user.id, name: 'Leaving Lisa' };
    const tom = { id: taking.user.id, name: 'Taking Tom' };
    const [owner] = await journalOf(t, contacts[0].id, 'contact.owner_changed');
    expect(owner).toMatchObject({ actor_id: admin.user.id, data: { from: lisa, to: tom, reassigned: true } });
    const [taskEntry] = await journalOfSubject(open[0].id, 'task.updated');
    expect(taskEntry!.data).toMatchObject({ changes: [{ field: 'assignee', old: lisa, new: tom }] });
    const [calEntry] = await journalOfSubject(calendar.id, 'calendar.updated');
    expect(calEntry!.data).toMatchObject({ changes: [{ field: 'ownerUserId', old: lisa.id, new: tom.id }] });
    const [deactivated] = await journalOfSubject(leaving.user.id, 'user.deactivated');
    expect(deactivated!.data).toEqual({
      name: 'Leaving Lisa',
      handedOver: {
        contacts: { to: tom, count: 2 },
        openTasks: { to: tom, count: 2 },
        calendars: { to: tom, count: 1 },
      },
    });
    // They are signed out everywhere.
    expect((await leaving.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('hands each kind to its own colleague when asked', async () => {
    const admin = await t.signup();
    const { leaving, contacts, open, calendar } = await busyMember(admin);
    const sales = await admin.addUser('member', 'Sales Sam');
    const office = await admin.addUser('member', 'Office Olga');
    const res = await admin.post(`/api/v1/users/${leaving.user.id}/deactivate`, {
      reassignTo: sales.user.id,
      openTasksTo: office.user.id,
      calendarsTo: admin.user.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await admin.get(`/api/v1/contacts/${contacts[0].id}`)).json().owner.id).toBe(sales.user.id);
    expect((await admin.get(`/api/v1/tasks/${open[1].id}`)).json().assignee.id).toBe(office.user.id);
    expect((await admin.get(`/api/v1/calendars/${calendar.id}`)).json().owner.id).toBe(admin.user.id);
  });

  it('leaves open tasks and calendars where they are when no one is named for them, and says so in the counts', async () => {
    const admin = await t.signup();
    const { leaving, open, calendar } = await busyMember(admin);
    const taking = await admin.addUser('member');
    const res = await admin.post(`/api/v1/users/${leaving.user.id}/deactivate`, { contactsTo: taking.user.id });
    expect(res.statusCode, res.body).toBe(200);
    expect((await admin.get(`/api/v1/tasks/${open[0].id}`)).json().assignee.id).toBe(leaving.user.id);
    expect((await admin.get(`/api/v1/calendars/${calendar.id}`)).json().owner.id).toBe(leaving.user.id);
  });

  it('still refuses while contacts would be left without an owner, changing nothing', async () => {
    const admin = await t.signup();
    const { leaving, open, calendar } = await busyMember(admin);
    const taking = await admin.addUser('member');
    const refused = await admin.post(`/api/v1/users/${leaving.user.id}/deactivate`, {
      openTasksTo: taking.user.id,
      calendarsTo: taking.user.id,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'user_owns_contacts', count: 2 });
    // Nothing half-done: the tasks and the calendar did not move either.
    expect((await admin.get(`/api/v1/tasks/${open[0].id}`)).json().assignee.id).toBe(leaving.user.id);
    expect((await admin.get(`/api/v1/calendars/${calendar.id}`)).json().owner.id).toBe(leaving.user.id);
    expect((await admin.get(`/api/v1/users/${leaving.user.id}`)).json().status).toBe('active');
  });

  it('refuses a deactivated colleague or the user themself as the one taking over', async () => {
    const admin = await t.signup();
    const { leaving, contacts } = await busyMember(admin);
    const gone = await admin.addUser('member');
    expect((await admin.post(`/api/v1/users/${gone.user.id}/deactivate`)).statusCode).toBe(200);
    const toGone = await admin.post(`/api/v1/users/${leaving.user.id}/deactivate`, { reassignTo: gone.user.id });
    expect(toGone.statusCode).toBe(404);
    expect(toGone.json().code).toBe('not_found');
    const toSelf = await admin.post(`/api/v1/users/${leaving.user.id}/deactivate`, { reassignTo: leaving.user.id });
    expect(toSelf.statusCode).toBe(400);
    expect((await admin.get(`/api/v1/contacts/${contacts[0].id}`)).json().owner.id).toBe(leaving.user.id);
    const bad = await admin.post(`/api/v1/users/${leaving.user.id}/deactivate`, { reassignTo: 'not-a-uuid' });
    expect(bad.statusCode).toBe(400);
  });

  it('never hands over to, counts or deactivates another workspace’s users (404)', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const { leaving, contacts } = await busyMember(a);
    const bMember = await b.addUser('member');
    const crossTarget = await a.post(`/api/v1/users/${leaving.user.id}/deactivate`, { reassignTo: bMember.user.id });
    expect(crossTarget.statusCode).toBe(404);
    expect((await a.get(`/api/v1/contacts/${contacts[0].id}`)).json().owner.id).toBe(leaving.user.id);
    expect((await b.get(`/api/v1/users/${leaving.user.id}/deactivation`)).statusCode).toBe(404);
    const crossSubject = await b.post(`/api/v1/users/${leaving.user.id}/deactivate`, { reassignTo: bMember.user.id });
    expect(crossSubject.statusCode).toBe(404);
    expect((await a.get(`/api/v1/users/${leaving.user.id}`)).json().status).toBe('active');
  });
});
