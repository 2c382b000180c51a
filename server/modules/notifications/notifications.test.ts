import { and, eq, inArray } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactFollowers } from '../../db/schema/contacts.ts';
import { journalEntries } from '../../db/schema/journal.ts';
import { inTransaction, systemCtx } from '../../platform/context.ts';
import { record } from '../../platform/journal/journal.ts';
import { insertContact } from '../../test/fixtures.ts';
import { createTestApp, eventually, type Session, type TestApp } from '../../test/harness.ts';
import { notificationsSubscriber } from './notifications.subscriber.ts';
import { recordDueTasks, TASK_DUE_QUEUE } from './task-due.job.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface N {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  contact: { id: string; displayName: string } | null;
  actor: { type: string; label: string } | null;
  readAt: string | null;
}

const list = async (s: Session, q = '') => (await s.get(`/api/v1/notifications${q}`)).json().data as N[];
const kinds = async (s: Session) => (await list(s)).map((n) => n.kind).sort();
const settle = () => new Promise((r) => setTimeout(r, 700));

async function follow(session: Session, contactId: string, userId: string) {
  await t.deps.database.db.insert(contactFollowers).values({ workspaceId: session.workspace.id, contactId, userId });
}

const mention = (u: { id: string; name: string }) =>
  `<span data-type="mention" data-id="${u.id}" data-label="${u.name}">@${u.name}</span>`;

describe('notifications', () => {
  it('tells the new owner and the followers when the owner changes, never the actor', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const tom = await admin.addUser('member', 'Tom');
    const contact = await insertContact(t, admin, { firstName: 'Jane', lastName: 'Doe' });
    await follow(admin, contact.id, tom.user.id);
    await follow(admin, contact.id, admin.user.id);
    // The contacts module writes exactly this entry when an owner changes.
    const ctx = systemCtx(t.deps, admin.workspace.id, { type: 'user', id: admin.user.id, label: admin.user.name });
    await inTransaction(ctx, (tx) =>
      record(tx, {
        contactId: contact.id,
        kind: 'contact.owner_changed',
        category: 'admin',
        subject: { type: 'contact', id: contact.id },
        data: { from: { id: admin.user.id, name: admin.user.name }, to: { id: maria.user.id, name: 'Maria' } },
      }),
    );
    const [forMaria] = await eventually(async () => {
      const l = await list(maria);
      return l.length ? l : null;
    });
    expect(forMaria).toMatchObject({
      kind: 'owner_changed',
      title: 'You are now the owner of Jane Doe',
      body: `${admin.user.name} changed the owner from ${admin.user.name} to you.`,
      link: `/contacts/${contact.id}`,
      contact: { id: contact.id, displayName: 'Jane Doe' },
      actor: { type: 'user', label: admin.user.name },
      readAt: null,
    });
    const [forTom] = await eventually(async () => {
      const l = await list(tom);
      return l.length ? l : null;
    });
    expect(forTom).toMatchObject({ kind: 'owner_changed', title: 'Jane Doe has a new owner: Maria' });
    await settle();
    expect(await list(admin)).toEqual([]);
  });

  it('follows owner changes made through the contacts API, summing up a bulk reassignment', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const fiona = await admin.addUser('member', 'Fiona');
    const contact = await insertContact(t, admin, { firstName: 'Jane', lastName: 'Doe' });
    expect((await admin.post(`/api/v1/contacts/${contact.id}/followers`, { userId: fiona.user.id })).statusCode).toBe(
      200,
    );
    expect((await admin.patch(`/api/v1/contacts/${contact.id}`, { ownerId: maria.user.id })).statusCode).toBe(200);
    const mine = await eventually(async () => (await list(maria)).find((n) => n.kind === 'owner_changed'));
    expect(mine).toMatchObject({ title: 'You are now the owner of Jane Doe', contact: { id: contact.id } });
    await eventually(async () => (await list(fiona)).some((n) => n.title === 'Jane Doe has a new owner: Maria'));

    const many = [];
    for (let i = 0; i < 5; i++) many.push((await insertContact(t, admin)).id);
    const bulk = await admin.post('/api/v1/contacts/bulk', {
      action: 'assign_owner',
      ids: many,
      ownerId: maria.user.id,
    });
    expect(bulk.statusCode).toBe(200);
    const summary = await eventually(async () =>
      (await list(maria)).find((n) => n.title === 'You are now the owner of 5 contacts'),
    );
    expect(summary).toMatchObject({ kind: 'owner_changed', link: '/contacts', contact: null });
    await settle();
    expect((await list(maria)).filter((n) => n.kind === 'owner_changed')).toHaveLength(2);
  });

  it('notifies mentioned users once, and on edit only the newly mentioned', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const tom = await admin.addUser('member', 'Tom');
    const ana = await admin.addUser('member', 'Ana');
    const contact = await insertContact(t, admin, { firstName: 'Jane', lastName: 'Doe' });
    const note = (
      await admin.post(`/api/v1/contacts/${contact.id}/notes`, {
        title: 'Budget',
        bodyHtml: `<p>${mention(maria.user)} ${mention(tom.user)} ${mention(admin.user)} please check</p>`,
      })
    ).json();
    const [m] = await eventually(async () => {
      const l = await list(maria);
      return l.length ? l : null;
    });
    expect(m).toMatchObject({ kind: 'mentioned', title: `${admin.user.name} mentioned you in a note on Jane Doe` });
    expect(m!.body).toContain('Budget — @Maria @Tom');
    await eventually(async () => (await list(tom)).length === 1);

    await admin.patch(`/api/v1/notes/${note.id}`, {
      bodyHtml: `<p>${mention(maria.user)} ${mention(tom.user)} ${mention(ana.user)} please check</p>`,
    });
    await eventually(async () => (await list(ana)).length === 1);
    await settle();
    expect(await kinds(maria)).toEqual(['mentioned']);
    expect(await kinds(tom)).toEqual(['mentioned']);
    // Mentioning yourself is not news.
    expect(await list(admin)).toEqual([]);
  });

  it('tells the assignee and followers about tasks and bookings, but not the actor', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const tom = await admin.addUser('member', 'Tom');
    const follower = await admin.addUser('member', 'Fiona');
    const contact = await insertContact(t, maria, { firstName: 'Jane', lastName: 'Doe' });
    await follow(admin, contact.id, follower.user.id);

    const task = (await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'Send offer' })).json();
    await eventually(async () => (await list(maria)).some((n) => n.kind === 'task_assigned'));
    expect((await list(maria))[0]).toMatchObject({
      title: `${admin.user.name} assigned you a task: Send offer`,
      body: 'On Jane Doe',
    });
    await eventually(async () => (await list(follower)).some((n) => n.title === 'New task on Jane Doe: Send offer'));

    await admin.patch(`/api/v1/tasks/${task.id}`, { assigneeId: tom.user.id });
    await eventually(async () => (await list(tom)).some((n) => n.kind === 'task_assigned'));

    // Maria gives herself a task: she is the actor, so only the follower hears of it.
    await maria.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'Own task' });

    const cal = (await admin.post('/api/v1/calendars', { name: 'Maria', ownerUserId: maria.user.id })).json();
    await admin.post(`/api/v1/contacts/${contact.id}/appointments`, {
      calendarId: cal.id,
      title: 'Demo',
      startsAt: '2030-03-04T09:00:00.000Z',
      endsAt: '2030-03-04T10:00:00.000Z',
    });
    const appointment = (
      await admin.post(`/api/v1/contacts/${contact.id}/appointments`, {
        calendarId: cal.id,
        title: 'Handover',
        startsAt: '2030-03-05T09:00:00.000Z',
        endsAt: '2030-03-05T10:00:00.000Z',
        assignedUserId: admin.user.id,
      })
    ).json().appointment;
    // Handing an appointment to someone else books it for them.
    await admin.patch(`/api/v1/appointments/${appointment.id}`, { assignedUserId: tom.user.id });
    const handed = await eventually(async () => (await list(tom)).find((n) => n.kind === 'appointment_booked'));
    expect(handed!.title).toBe(`${admin.user.name} gave you an appointment: Handover`);
    const booked = await eventually(async () => (await list(maria)).find((n) => n.kind === 'appointment_booked'));
    expect(booked).toMatchObject({
      title: `${admin.user.name} booked an appointment for you: Demo`,
      body: 'With Jane Doe, 4 Mar 2030, 09:00',
    });
    await eventually(async () => (await list(follower)).some((n) => n.kind === 'appointment_booked'));
    await eventually(async () => (await list(follower)).some((n) => n.title === 'New task on Jane Doe: Own task'));
    await settle();
    expect(await kinds(maria)).toEqual(['appointment_booked', 'task_assigned']);
    expect(await kinds(follower)).toEqual([
      'appointment_booked',
      'appointment_booked',
      'task_assigned',
      'task_assigned',
      'task_assigned',
    ]);
    expect(await list(admin)).toEqual([]);
  });

  it('notifies a task’s assignee once when it falls due, through the scheduled job', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const follower = await admin.addUser('member', 'Fiona');
    const contact = await insertContact(t, admin, { firstName: 'Jane', lastName: 'Doe' });
    await follow(admin, contact.id, follower.user.id);
    const past = new Date(Date.now() - 60_000).toISOString();
    const task = (
      await admin.post(`/api/v1/contacts/${contact.id}/tasks`, {
        title: 'Call back',
        assigneeId: maria.user.id,
        dueAt: past,
      })
    ).json();
    await admin.post(`/api/v1/contacts/${contact.id}/tasks`, {
      title: 'Later',
      assigneeId: maria.user.id,
      dueAt: '2035-01-01T00:00:00.000Z',
    });
    await eventually(async () => (await list(maria)).length === 2);

    // The pg-boss queue the schedule fills every minute, worked by the module worker.
    await t.deps.boss.send(TASK_DUE_QUEUE, {});
    const due = await eventually(async () => (await list(maria)).find((n) => n.kind === 'task_due'));
    expect(due).toMatchObject({ title: 'Task due: Call back', contact: { displayName: 'Jane Doe' } });
    expect(due!.actor).toMatchObject({ type: 'system' });
    await eventually(async () => (await list(follower)).some((n) => n.title === 'Task due on Jane Doe: Call back'));
    const timeline = (await admin.get(`/api/v1/contacts/${contact.id}/timeline?kinds=task.due`)).json().data;
    expect(timeline).toHaveLength(1);
    expect(timeline[0].subject).toEqual({ type: 'task', id: task.id });

    // Once only: the next runs find nothing new, until the due time is moved.
    expect(await recordDueTasks(t.deps)).toBe(0);
    await admin.patch(`/api/v1/tasks/${task.id}`, { dueAt: new Date(Date.now() - 1000).toISOString() });
    expect(await recordDueTasks(t.deps)).toBe(1);
    await eventually(async () => (await list(maria)).filter((n) => n.kind === 'task_due').length === 2);
  });

  it('writes each notification in its recipient’s language, with times in their zone', async () => {
    const ada = await t.signup({ name: 'Ada Admin', locale: 'en' });
    const ben = await ada.addUser('member', 'Ben Member');
    const eve = await ada.addUser('member', 'Eve English');
    const otto = await ada.addUser('member', 'Otto Deutsch');
    for (const s of [ben, otto]) {
      const r = await s.patch('/api/v1/users/me', { locale: 'de', timezone: 'Europe/Berlin' });
      expect(r.statusCode).toBe(200);
    }
    expect((await eve.patch('/api/v1/users/me', { locale: 'en', timezone: 'UTC' })).statusCode).toBe(200);
    const contact = await insertContact(t, ada, { firstName: 'Greta', lastName: 'Lindqvist' });
    await follow(ada, contact.id, eve.user.id);
    await follow(ada, contact.id, otto.user.id);
    const find = (s: Session, kind: string) => eventually(async () => (await list(s)).find((n) => n.kind === kind));

    // A mention of a German and an English colleague in the same note.
    await ada.post(`/api/v1/contacts/${contact.id}/notes`, {
      title: 'Besichtigung',
      bodyHtml: `<p>${mention(ben.user)} ${mention(eve.user)} bitte ansehen</p>`,
    });
    expect(await find(ben, 'mentioned')).toMatchObject({
      title: 'Ada Admin hat Sie in einer Notiz zu Greta Lindqvist erwähnt',
    });
    expect(await find(eve, 'mentioned')).toMatchObject({
      title: 'Ada Admin mentioned you in a note on Greta Lindqvist',
    });

    // The new owner is German; the followers each read it in their own language.
    expect((await ada.patch(`/api/v1/contacts/${contact.id}`, { ownerId: ben.user.id })).statusCode).toBe(200);
    expect(await find(ben, 'owner_changed')).toMatchObject({
      title: 'Sie sind jetzt für Greta Lindqvist zuständig',
      body: 'Ada Admin hat den Kontakt von Ada Admin an Sie übergeben.',
    });
    expect(await find(otto, 'owner_changed')).toMatchObject({
      title: 'Greta Lindqvist hat einen neuen Inhaber: Ben Member',
      body: 'Ada Admin hat den Kontakt von Ada Admin an Ben Member übergeben.',
    });
    expect(await find(eve, 'owner_changed')).toMatchObject({
      title: 'Greta Lindqvist has a new owner: Ben Member',
      body: 'Ada Admin changed the owner from Ada Admin to Ben Member.',
    });

    // Due dates in the recipient's language and zone (Berlin is an hour ahead of UTC in March).
    await ada.post(`/api/v1/contacts/${contact.id}/tasks`, {
      title: 'Angebot senden',
      assigneeId: ben.user.id,
      dueAt: '2030-03-04T09:00:00.000Z',
    });
    expect(await find(ben, 'task_assigned')).toMatchObject({
      title: 'Ada Admin hat Ihnen eine Aufgabe zugewiesen: Angebot senden',
      body: 'Zu Greta Lindqvist, fällig am 04.03.2030 um 10:00',
    });
    expect(await find(otto, 'task_assigned')).toMatchObject({
      title: 'Neue Aufgabe zu Greta Lindqvist: Angebot senden',
      body: 'Ada Admin hat sie Ben Member zugewiesen, fällig am 04.03.2030 um 10:00',
    });
    expect(await find(eve, 'task_assigned')).toMatchObject({
      title: 'New task on Greta Lindqvist: Angebot senden',
      body: 'Ada Admin assigned it to Ben Member, due 4 Mar 2030, 09:00',
    });

    const cal = (await ada.post('/api/v1/calendars', { name: 'Ben', ownerUserId: ben.user.id })).json();
    await ada.post(`/api/v1/contacts/${contact.id}/appointments`, {
      calendarId: cal.id,
      title: 'Besichtigung',
      startsAt: '2030-03-05T09:00:00.000Z',
      endsAt: '2030-03-05T10:00:00.000Z',
    });
    expect(await find(ben, 'appointment_booked')).toMatchObject({
      title: 'Ada Admin hat einen Termin für Sie gebucht: Besichtigung',
      body: 'Mit Greta Lindqvist am 05.03.2030 um 10:00',
    });
    expect(await find(otto, 'appointment_booked')).toMatchObject({
      title: 'Termin mit Greta Lindqvist gebucht: Besichtigung',
      body: 'Ben Member übernimmt ihn am 05.03.2030 um 10:00',
    });
    expect(await find(eve, 'appointment_booked')).toMatchObject({
      title: 'Appointment booked with Greta Lindqvist: Besichtigung',
      body: '5 Mar 2030, 09:00 with Ben Member',
    });

    await ada.post(`/api/v1/contacts/${contact.id}/tasks`, {
      title: 'Rückruf',
      assigneeId: ben.user.id,
      dueAt: '2020-01-15T14:30:00.000Z',
    });
    await t.deps.boss.send(TASK_DUE_QUEUE, {});
    expect(await find(ben, 'task_due')).toMatchObject({
      title: 'Aufgabe fällig: Rückruf',
      body: 'Zu Greta Lindqvist, fällig am 15.01.2020 um 15:30',
    });
    expect(await find(otto, 'task_due')).toMatchObject({
      title: 'Aufgabe zu Greta Lindqvist fällig: Rückruf',
      body: 'Fällig am 15.01.2020 um 15:30',
    });
    expect(await find(eve, 'task_due')).toMatchObject({
      title: 'Task due on Greta Lindqvist: Rückruf',
      body: 'Due 15 Jan 2020, 14:30',
    });
  });

  it('words reassignments and a bulk handover in German for a German recipient', async () => {
    const ada = await t.signup({ name: 'Ada Admin', locale: 'en' });
    const ben = await ada.addUser('member', 'Ben Member');
    const otto = await ada.addUser('member', 'Otto Deutsch');
    for (const s of [ben, otto]) expect((await s.patch('/api/v1/users/me', { locale: 'de' })).statusCode).toBe(200);
    const contact = await insertContact(t, ada, { firstName: 'Greta', lastName: 'Lindqvist' });
    await follow(ada, contact.id, otto.user.id);

    const task = (
      await ada.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'Exposé', assigneeId: ada.user.id })
    ).json();
    await ada.patch(`/api/v1/tasks/${task.id}`, { assigneeId: ben.user.id });
    expect(await eventually(async () => (await list(ben)).find((n) => n.kind === 'task_assigned'))).toMatchObject({
      title: 'Ada Admin hat Ihnen eine Aufgabe zugewiesen: Exposé',
      body: 'Zu Greta Lindqvist',
    });
    await eventually(async () =>
      (await list(otto)).find(
        (n) =>
          n.title === 'Aufgabe zu Greta Lindqvist neu zugewiesen: Exposé' &&
          n.body === 'Ada Admin hat sie Ben Member zugewiesen',
      ),
    );

    const many = [];
    for (let i = 0; i < 4; i++) many.push((await insertContact(t, ada)).id);
    for (const id of many) await follow(ada, id, otto.user.id);
    const bulk = await ada.post('/api/v1/contacts/bulk', { action: 'assign_owner', ids: many, ownerId: ben.user.id });
    expect(bulk.statusCode).toBe(200);
    expect(await eventually(async () => (await list(ben)).find((n) => n.title.includes('4 Kontakte')))).toMatchObject({
      title: 'Sie sind jetzt für 4 Kontakte zuständig',
      body: 'Ada Admin hat sie Ihnen übergeben.',
    });
    expect(
      await eventually(async () => (await list(otto)).find((n) => n.title.startsWith('4 Kontakte'))),
    ).toMatchObject({
      title: '4 Kontakte, denen Sie folgen, haben einen neuen Inhaber: Ben Member',
      body: 'Ada Admin hat sie an Ben Member übergeben.',
    });
  });

  it('never notifies twice when a delivery is retried', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const contact = await insertContact(t, admin);
    await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'One', assigneeId: maria.user.id });
    await eventually(async () => (await list(maria)).length === 1);
    const entries = await t.deps.database.db
      .select()
      .from(journalEntries)
      .where(and(eq(journalEntries.workspaceId, admin.workspace.id), inArray(journalEntries.kind, ['task.created'])));
    await notificationsSubscriber.handle(entries, t.deps);
    await notificationsSubscriber.handle(entries, t.deps);
    expect(await list(maria)).toHaveLength(1);
  });

  it('skips deactivated users', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const gone = await admin.addUser('member', 'Gone');
    const contact = await insertContact(t, admin);
    await follow(admin, contact.id, gone.user.id);
    await admin.post(`/api/v1/users/${gone.user.id}/deactivate`);
    await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'x', assigneeId: maria.user.id });
    await eventually(async () => (await list(maria)).length === 1);
    const { rows } = await t.deps.database.pool.query(
      `select count(*)::int as n from notifications where user_id = $1`,
      [gone.user.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('announces each new notification on the events channel', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const contact = await insertContact(t, admin);
    const listener = new pg.Client({ connectionString: t.dbUrl });
    await listener.connect();
    const heard: Record<string, unknown>[] = [];
    listener.on('notification', (msg) => heard.push(JSON.parse(msg.payload!)));
    await listener.query('listen dossier_events');
    try {
      await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'x', assigneeId: maria.user.id });
      const [n] = await eventually(async () => {
        const l = await list(maria);
        return l.length ? l : null;
      });
      const announced = await eventually(async () =>
        heard.find((p) => p.type === 'notification' && p.u === maria.user.id),
      );
      expect(announced).toEqual({ type: 'notification', w: admin.workspace.id, u: maria.user.id, id: n!.id });
    } finally {
      await listener.end();
    }
  });

  it('lists newest first with an unread filter and count, and marks one or all read', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const contact = await insertContact(t, admin);
    for (const title of ['one', 'two', 'three']) {
      await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title, assigneeId: maria.user.id });
    }
    await eventually(async () => (await maria.get('/api/v1/notifications/unread-count')).json().count === 3);
    const page1 = (await maria.get('/api/v1/notifications?limit=2')).json();
    expect(page1.data.map((n: N) => n.title)).toEqual([
      `${admin.user.name} assigned you a task: three`,
      `${admin.user.name} assigned you a task: two`,
    ]);
    const page2 = (await maria.get(`/api/v1/notifications?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.data.map((n: N) => n.title)).toEqual([`${admin.user.name} assigned you a task: one`]);
    expect(page2.nextCursor).toBeNull();

    const read = await maria.post(`/api/v1/notifications/${page1.data[0].id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    expect((await maria.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 2 });
    expect((await list(maria, '?unread=true')).map((n) => n.id)).not.toContain(page1.data[0].id);

    expect((await maria.post('/api/v1/notifications/read-all')).json()).toEqual({ updated: 2 });
    expect((await maria.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 0 });
    expect(await list(maria, '?unread=true')).toEqual([]);
    expect(await list(maria)).toHaveLength(3);
    expect((await maria.get('/api/v1/notifications?cursor=nope')).statusCode).toBe(400);
  });

  it('shows each user only their own notifications (another user’s or workspace’s → 404)', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const tom = await admin.addUser('member', 'Tom');
    const outsider = await t.signup();
    const contact = await insertContact(t, admin);
    await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'Private', assigneeId: maria.user.id });
    const [n] = await eventually(async () => {
      const l = await list(maria);
      return l.length ? l : null;
    });
    for (const s of [tom, outsider]) {
      expect(await list(s)).toEqual([]);
      expect((await s.get('/api/v1/notifications/unread-count')).json().count).toBe(0);
      const r = await s.post(`/api/v1/notifications/${n!.id}/read`);
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('Private');
      expect((await s.post('/api/v1/notifications/read-all')).json()).toEqual({ updated: 0 });
    }
    expect((await list(maria))[0]!.readAt).toBeNull();
    const api = t.withKey(await admin.createApiKey());
    expect((await api.get('/api/v1/notifications')).statusCode).toBe(403);
    expect((await api.get('/api/v1/notifications/unread-count')).statusCode).toBe(403);
  });
});
