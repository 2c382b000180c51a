import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContact } from '../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { startOfNextDay } from './tasks.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function journal(contactId: string, kind: string) {
  const { rows } = await t.deps.database.pool.query(
    `select * from journal_entries where contact_id = $1 and kind = $2 order by id`,
    [contactId, kind],
  );
  return rows;
}

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

/** Seconds left until local midnight in a time zone. */
function secondsToMidnight(tz: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date());
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return 24 * 3600 - (get('hour') * 3600 + get('minute') * 60 + get('second'));
}

describe('tasks', () => {
  it('assigns a new task to the contact’s owner by default and journals it with the contact', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria Keller');
    const contact = await insertContact(t, maria);
    const res = await admin.post(`/api/v1/contacts/${contact.id}/tasks`, {
      title: 'Send the offer',
      description: 'PDF with the new prices',
      dueAt: '2030-05-01T09:00:00.000Z',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      title: 'Send the offer',
      description: 'PDF with the new prices',
      status: 'pending',
      overdue: false,
      dueAt: '2030-05-01T09:00:00.000Z',
      assignee: { id: maria.user.id, name: 'Maria Keller' },
      createdBy: { id: admin.user.id, name: admin.user.name },
      contact: { id: contact.id, displayName: contact.displayName },
      version: 1,
    });
    const [entry] = await journal(contact.id, 'task.created');
    expect(entry).toMatchObject({ category: 'focus', actor_id: admin.user.id, subject_id: res.json().id });
    expect(entry.data).toMatchObject({
      title: 'Send the offer',
      assignee: { id: maria.user.id, name: 'Maria Keller' },
    });
  });

  it('refuses an assignee from another workspace, an unknown one, and a deactivated one', async () => {
    const admin = await t.signup();
    const other = await t.signup();
    const gone = await admin.addUser('member');
    await admin.post(`/api/v1/users/${gone.user.id}/deactivate`);
    const contact = await insertContact(t, admin);
    const foreign = await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'x', assigneeId: other.user.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({ code: 'user_not_found', field: 'assigneeId' });
    expect(foreign.body).not.toContain(other.user.name);
    const unknown = await admin.post(`/api/v1/contacts/${contact.id}/tasks`, {
      title: 'x',
      assigneeId: '01900000-0000-7000-8000-000000000000',
    });
    expect(unknown.json().code).toBe('user_not_found');
    const inactive = await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'x', assigneeId: gone.user.id });
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().code).toBe('user_deactivated');
    const task = (await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'ok' })).json();
    const reassign = await admin.patch(`/api/v1/tasks/${task.id}`, { assigneeId: gone.user.id });
    expect(reassign.json().code).toBe('user_deactivated');
    expect((await journal(contact.id, 'task.created')).length).toBe(1);
    expect(await journal(contact.id, 'task.updated')).toEqual([]);
  });

  it('edits with If-Match, journals old and new values, and re-arms the due notification', async () => {
    const admin = await t.signup();
    const tom = await admin.addUser('member', 'Tom Becker');
    const contact = await insertContact(t, admin);
    const task = (
      await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'Call', dueAt: '2020-01-01T10:00:00.000Z' })
    ).json();
    expect(task.overdue).toBe(true);
    await t.deps.database.pool.query(`update tasks set due_notified_at = now() where id = $1`, [task.id]);

    const res = await admin.patch(
      `/api/v1/tasks/${task.id}`,
      { title: 'Call back', assigneeId: tom.user.id, dueAt: '2031-02-03T04:05:06.000Z' },
      { 'if-match': '"1"' },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ title: 'Call back', assignee: { id: tom.user.id }, version: 2, overdue: false });
    const { rows } = await t.deps.database.pool.query(`select due_notified_at from tasks where id = $1`, [task.id]);
    expect(rows[0].due_notified_at).toBeNull();

    const stale = await admin.patch(`/api/v1/tasks/${task.id}`, { title: 'Mine' }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });

    const [entry] = await journal(contact.id, 'task.updated');
    expect(entry.data.changes).toEqual([
      { field: 'title', old: 'Call', new: 'Call back' },
      {
        field: 'assignee',
        old: { id: admin.user.id, name: admin.user.name },
        new: { id: tom.user.id, name: 'Tom Becker' },
      },
      { field: 'dueAt', old: '2020-01-01T10:00:00.000Z', new: '2031-02-03T04:05:06.000Z' },
    ]);
    const cleared = await admin.patch(`/api/v1/tasks/${task.id}`, { dueAt: null });
    expect(cleared.json().dueAt).toBeNull();
    expect((await admin.patch(`/api/v1/tasks/${task.id}`, { title: '' })).statusCode).toBe(400);
  });

  it('completes and reopens a task, journaling each once', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const task = (await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'Sign' })).json();
    const done = await admin.post(`/api/v1/tasks/${task.id}/complete`);
    expect(done.json()).toMatchObject({ status: 'completed', completedBy: { id: admin.user.id } });
    expect(done.json().completedAt).not.toBeNull();
    await admin.post(`/api/v1/tasks/${task.id}/complete`);
    const reopened = await admin.post(`/api/v1/tasks/${task.id}/reopen`);
    expect(reopened.json()).toMatchObject({ status: 'pending', completedAt: null, completedBy: null });
    expect((await journal(contact.id, 'task.completed')).length).toBe(1);
    expect((await journal(contact.id, 'task.reopened')).length).toBe(1);
  });

  it('deletes a task and journals it', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const task = (await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'Obsolete' })).json();
    expect((await admin.delete(`/api/v1/tasks/${task.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
    const [entry] = await journal(contact.id, 'task.deleted');
    expect(entry.data).toMatchObject({ title: 'Obsolete' });
  });

  it('lists a contact’s tasks by status: pending by due date (undated last), then completed', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const make = async (title: string, dueAt?: string) =>
      (await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title, dueAt })).json().id as string;
    const later = await make('later', inHours(48));
    const undated = await make('undated');
    const soon = await make('soon', inHours(2));
    const late = await make('late', inHours(-5));
    const finished = await make('finished', inHours(1));
    await admin.post(`/api/v1/tasks/${finished}/complete`);

    const titles = async (q: string) => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: { title: string; overdue: boolean }[]; nextCursor: string | null } = (
          await admin.get(`/api/v1/contacts/${contact.id}/tasks?${q}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        out.push(...page.data.map((d) => d.title));
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    expect(await titles('status=pending')).toEqual(['late', 'soon', 'later', 'undated']);
    expect(await titles('status=completed')).toEqual(['finished']);
    expect(await titles('status=all')).toEqual(['late', 'soon', 'later', 'undated', 'finished']);
    const first = (await admin.get(`/api/v1/contacts/${contact.id}/tasks?status=pending`)).json().data;
    expect(first.map((d: { overdue: boolean }) => d.overdue)).toEqual([true, false, false, false]);
    expect([later, undated, soon, late]).toHaveLength(4);
    expect((await admin.get(`/api/v1/contacts/${contact.id}/tasks?cursor=xyz`)).statusCode).toBe(400);
  });

  it('sorts "My tasks" into buckets, with today ending at midnight in the caller’s time zone', async () => {
    const zones = [
      'Pacific/Kiritimati',
      'Asia/Tokyo',
      'Asia/Kolkata',
      'Europe/Berlin',
      'UTC',
      'America/New_York',
      'Pacific/Honolulu',
    ];
    const bySeconds = zones.map((tz) => ({ tz, left: secondsToMidnight(tz) })).sort((a, b) => a.left - b.left);
    const early = bySeconds[bySeconds.length - 1]!;
    const late = bySeconds.find((z) => z.left > 3600 && early.left - z.left > 3 * 3600)!;
    expect(late).toBeDefined();

    const admin = await t.signup();
    const colleague = await admin.addUser('member');
    await admin.patch('/api/v1/users/me', { timezone: early.tz });
    await colleague.patch('/api/v1/users/me', { timezone: late.tz });
    const contact = await insertContact(t, admin, { firstName: 'Jane', lastName: 'Doe' });
    const other = await insertContact(t, colleague);
    const make = async (title: string, dueAt: string | undefined, contactId = contact.id, assigneeId = admin.user.id) =>
      (await admin.post(`/api/v1/contacts/${contactId}/tasks`, { title, dueAt, assigneeId })).json().id as string;
    // Due after midnight for the colleague, but still today for the admin.
    const between = new Date(Date.now() + ((late.left + early.left) / 2) * 1000).toISOString();
    await make('overdue', inHours(-30));
    await make('in a bit', inHours(0.25));
    await make('boundary', between);
    await make('next week', inHours(24 * 7));
    await make('someday', undefined);
    const done = await make('done', inHours(1), other.id);
    await admin.post(`/api/v1/tasks/${done}/complete`);
    await make('colleague’s', inHours(1), contact.id, colleague.user.id);

    const bucket = async (session: typeof admin, b: string) =>
      (await session.get(`/api/v1/tasks?assigneeId=${admin.user.id}&bucket=${b}`)).json().data as {
        title: string;
        overdue: boolean;
        contact: { id: string; displayName: string } | null;
      }[];
    const mine = async (b: string) =>
      ((await admin.get(`/api/v1/tasks?assigneeId=me&bucket=${b}`)).json().data as { title: string }[]).map(
        (d) => d.title,
      );
    expect(await mine('overdue')).toEqual(['overdue']);
    expect(await mine('today')).toEqual(['in a bit', 'boundary']);
    expect(await mine('upcoming')).toEqual(['next week']);
    expect(await mine('no_date')).toEqual(['someday']);
    expect(await mine('completed')).toEqual(['done']);
    const overdue = await bucket(admin, 'overdue');
    expect(overdue[0]).toMatchObject({ overdue: true, contact: { id: contact.id, displayName: 'Jane Doe' } });
    // The same tasks seen from the colleague's time zone, where "boundary" falls after midnight.
    expect((await bucket(colleague, 'today')).map((d) => d.title)).toEqual(['in a bit']);
    expect((await bucket(colleague, 'upcoming')).map((d) => d.title)).toEqual(['boundary', 'next week']);

    const summary = (await admin.get('/api/v1/tasks/summary?assigneeId=me')).json();
    expect(summary).toEqual({ overdue: 1, today: 2, upcoming: 1, no_date: 1, completed: 1 });
    const everyone = (await admin.get('/api/v1/tasks')).json().data;
    expect(everyone).toHaveLength(7);

    const api = t.withKey(await admin.createApiKey());
    expect((await api.get('/api/v1/tasks?assigneeId=me')).statusCode).toBe(400);
    expect((await api.get(`/api/v1/tasks?assigneeId=${admin.user.id}&bucket=overdue`)).json().data).toHaveLength(1);
    expect((await admin.get('/api/v1/tasks?bucket=someday')).statusCode).toBe(400);
  });

  it('ends "today" at local midnight, across daylight-saving switches', () => {
    const next = (now: string, tz: string) => startOfNextDay(new Date(now), tz).toISOString();
    expect(next('2026-03-28T12:00:00Z', 'Europe/Berlin')).toBe('2026-03-28T23:00:00.000Z');
    // 00:30 on the night clocks go forward: the day ends at midnight summer time.
    expect(next('2026-03-28T23:30:00Z', 'Europe/Berlin')).toBe('2026-03-29T22:00:00.000Z');
    expect(next('2026-10-25T00:30:00Z', 'Europe/Berlin')).toBe('2026-10-25T23:00:00.000Z');
    expect(next('2026-11-23T10:00:00Z', 'America/New_York')).toBe('2026-11-24T05:00:00.000Z');
    expect(next('2026-11-23T10:00:00Z', 'Pacific/Kiritimati')).toBe('2026-11-24T10:00:00.000Z');
    expect(next('2026-11-23T10:00:00Z', 'Not/AZone')).toBe('2026-11-24T00:00:00.000Z');
  });

  it('shows a restricted member the tasks of contacts they can see, and always their own', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const hidden = await insertContact(t, admin);
    const own = await insertContact(t, member);
    const theirs = (await admin.post(`/api/v1/contacts/${hidden.id}/tasks`, { title: 'secret' })).json();
    const assigned = (
      await admin.post(`/api/v1/contacts/${hidden.id}/tasks`, { title: 'assigned to you', assigneeId: member.user.id })
    ).json();
    await admin.post(`/api/v1/contacts/${own.id}/tasks`, { title: 'visible' });
    const list = (await member.get('/api/v1/tasks')).json().data;
    expect(list.map((d: { title: string }) => d.title).sort()).toEqual(['assigned to you', 'visible']);
    expect((await member.get(`/api/v1/tasks/${theirs.id}`)).statusCode).toBe(404);
    expect((await member.patch(`/api/v1/tasks/${theirs.id}`, { title: 'x' })).statusCode).toBe(404);
    // Work given to them stays theirs to finish, though the contact itself stays closed to them.
    expect((await member.post(`/api/v1/tasks/${assigned.id}/complete`)).json().status).toBe('completed');
    expect((await member.get(`/api/v1/contacts/${hidden.id}/tasks`)).statusCode).toBe(404);
    expect((await member.get('/api/v1/tasks/summary')).json()).toMatchObject({ no_date: 1, completed: 1 });
  });

  it('never shows or changes another workspace’s tasks (404 on every endpoint)', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const contact = await insertContact(t, a);
    const task = (await a.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'A only' })).json();
    const attempts = [
      await b.get(`/api/v1/contacts/${contact.id}/tasks`),
      await b.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'x' }),
      await b.get(`/api/v1/tasks/${task.id}`),
      await b.patch(`/api/v1/tasks/${task.id}`, { title: 'hacked' }),
      await b.post(`/api/v1/tasks/${task.id}/complete`),
      await b.post(`/api/v1/tasks/${task.id}/reopen`),
      await b.delete(`/api/v1/tasks/${task.id}`),
    ];
    for (const r of attempts) {
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('A only');
    }
    const list = await b.get(`/api/v1/tasks?assigneeId=${a.user.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toEqual([]);
    expect((await b.get(`/api/v1/tasks/summary?assigneeId=${a.user.id}`)).json().no_date).toBe(0);
    expect((await a.get(`/api/v1/tasks/${task.id}`)).json()).toMatchObject({ title: 'A only', status: 'pending' });
  });
});
