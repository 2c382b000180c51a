import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('teams', () => {
  it('creates a team with members and a leader, and lists it', async () => {
    const admin = await t.signup();
    const m1 = await admin.addUser('member', 'Zoe');
    const m2 = await admin.addUser('member', 'Ben');
    const res = await admin.post('/api/v1/teams', {
      name: 'DACH Enterprise',
      memberIds: [m1.user.id, m2.user.id],
      leaderId: m1.user.id,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().members).toEqual([
      { id: m2.user.id, name: 'Ben', isLeader: false },
      { id: m1.user.id, name: 'Zoe', isLeader: true },
    ]);
    const list = (await m1.get('/api/v1/teams')).json().data;
    expect(list.map((x: { name: string }) => x.name)).toEqual(['DACH Enterprise']);
    const me = (await m1.get('/api/v1/users/me')).json();
    expect(me.teamIds).toEqual([res.json().id]);
  });

  it('refuses a duplicate name (case-insensitive), unknown members, and a leader outside the team', async () => {
    const admin = await t.signup();
    await admin.post('/api/v1/teams', { name: 'North' });
    expect((await admin.post('/api/v1/teams', { name: 'NORTH' })).statusCode).toBe(409);
    const unknown = await admin.post('/api/v1/teams', {
      name: 'South',
      memberIds: ['0190a000-0000-7000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(400);
    const outsider = await admin.addUser('member');
    const bad = await admin.post('/api/v1/teams', { name: 'East', memberIds: [], leaderId: outsider.user.id });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses members from another workspace', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const bMember = await b.addUser('member');
    const res = await a.post('/api/v1/teams', { name: 'Poach', memberIds: [bMember.user.id] });
    expect(res.statusCode).toBe(400);
  });

  it('renames, changes members, deletes, and journals each change', async () => {
    const admin = await t.signup();
    const m = await admin.addUser('member');
    const team = (await admin.post('/api/v1/teams', { name: 'Old name' })).json();
    const renamed = await admin.patch(`/api/v1/teams/${team.id}`, { name: 'New name', memberIds: [m.user.id] });
    expect(renamed.json()).toMatchObject({ name: 'New name', members: [{ id: m.user.id }] });
    expect((await admin.delete(`/api/v1/teams/${team.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/teams/${team.id}`)).statusCode).toBe(404);
    const { rows } = await t.deps.database.pool.query(
      'select kind, data from journal_entries where subject_id = $1 order by id',
      [team.id],
    );
    expect(rows.map((r) => r.kind)).toEqual(['team.created', 'team.updated', 'team.deleted']);
    expect(rows[1].data.changes[0]).toEqual({ field: 'name', old: 'Old name', new: 'New name' });
  });

  it('lets only admins manage teams', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    expect((await member.post('/api/v1/teams', { name: 'Mine' })).statusCode).toBe(403);
  });
});
