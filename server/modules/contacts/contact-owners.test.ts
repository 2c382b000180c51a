import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact } from './contact-test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('owners and users', () => {
  it('refuses to deactivate a user who owns contacts until they are reassigned', async () => {
    const admin = await t.signup();
    const leaving = await admin.addUser('member', 'Leaving Lisa');
    const taking = await admin.addUser('member', 'Taking Tom');
    const a = await newContact(admin, { ownerId: leaving.user.id });
    const b = await newContact(admin, { ownerId: leaving.user.id });
    await admin.delete(`/api/v1/contacts/${b.id}`);
    const refused = await admin.post(`/api/v1/users/${leaving.user.id}/deactivate`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'user_owns_contacts',
      count: 2,
      detail: expect.stringMatching(/reassign/),
    });
    expect(
      (await leaving.post(`/api/v1/users/${leaving.user.id}/reassign-contacts`, { toUserId: taking.user.id }))
        .statusCode,
    ).toBe(403);
    const moved = await admin.post(`/api/v1/users/${leaving.user.id}/reassign-contacts`, { toUserId: taking.user.id });
    expect(moved.json()).toEqual({ affected: 2 });
    const [entry] = await journalOf(t, a.id, 'contact.owner_changed');
    expect(entry).toMatchObject({
      actor_id: admin.user.id,
      data: { from: { id: leaving.user.id, name: 'Leaving Lisa' }, to: { id: taking.user.id, name: 'Taking Tom' } },
    });
    expect((await admin.get(`/api/v1/contacts/${b.id}`)).json().owner.id).toBe(taking.user.id);
    expect((await admin.post(`/api/v1/users/${leaving.user.id}/deactivate`)).statusCode).toBe(200);
    // A deactivated user cannot receive contacts.
    const toGone = await admin.post(`/api/v1/users/${taking.user.id}/reassign-contacts`, { toUserId: leaving.user.id });
    expect(toGone.json()).toMatchObject({ status: 422, code: 'invalid_reference', field: 'toUserId' });
    expect(
      (await admin.post(`/api/v1/users/${taking.user.id}/reassign-contacts`, { toUserId: taking.user.id })).statusCode,
    ).toBe(400);
  });

  it('releases the contacts of a deleted team, journaling the change', async () => {
    const admin = await t.signup();
    const team = (await admin.post('/api/v1/teams', { name: 'Short-lived', memberIds: [admin.user.id] })).json();
    const c = await newContact(admin, { teamId: team.id });
    expect((await admin.delete(`/api/v1/teams/${team.id}`)).statusCode).toBe(204);
    const after = (await admin.get(`/api/v1/contacts/${c.id}`)).json();
    expect(after).toMatchObject({ team: null, owner: { id: admin.user.id }, version: 2 });
    const [entry] = await journalOf(t, c.id, 'contact.team_changed');
    expect(entry!.data).toEqual({ from: { id: team.id, name: 'Short-lived' }, to: null, reason: 'team_deleted' });
  });

  it('answers 404 when reassigning another workspace’s user', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const res = await b.post(`/api/v1/users/${a.user.id}/reassign-contacts`, { toUserId: b.user.id });
    expect(res.statusCode).toBe(404);
    const other = await b.post(`/api/v1/users/${b.user.id}/reassign-contacts`, { toUserId: a.user.id });
    expect(other.statusCode).toBe(422);
  });
});
