import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContact } from '../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('API keys', () => {
  it('shows the secret once, stores only its hash, and authenticates with it', async () => {
    const admin = await t.signup();
    const created = await admin.post('/api/v1/api-keys', { name: 'Zapier' });
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^dsk_/);
    expect(key.startsWith(prefix)).toBe(true);

    const list = (await admin.get('/api/v1/api-keys')).json().data;
    expect(list).toHaveLength(1);
    expect(list[0]).not.toHaveProperty('key');
    const { rows } = await t.deps.database.pool.query('select key_hash from api_keys where id = $1', [id]);
    expect(rows[0].key_hash).not.toContain(key);

    const viaKey = t.withKey(key);
    const users = await viaKey.get('/api/v1/users');
    expect(users.statusCode).toBe(200);
    expect(users.json().data[0].id).toBe(admin.user.id);
  });

  it('names the key as the actor in the journal', async () => {
    const admin = await t.signup();
    const key = await admin.createApiKey('Website sync');
    const res = await t.withKey(key).post('/api/v1/teams', { name: 'From the API' });
    expect(res.statusCode).toBe(201);
    const { rows } = await t.deps.database.pool.query(
      `select actor_type, actor_label from journal_entries where subject_id = $1`,
      [res.json().id],
    );
    expect(rows).toEqual([{ actor_type: 'api', actor_label: 'Website sync' }]);
  });

  it('records when a key was last used, written beside the request it answered', async () => {
    const admin = await t.signup();
    const created = (await admin.post('/api/v1/api-keys', { name: 'Reporting' })).json();
    const lastUsed = async () =>
      (await admin.get('/api/v1/api-keys')).json().data.find((k: any) => k.id === created.id).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const before = Date.now();
    expect((await t.withKey(created.key).get('/api/v1/users')).statusCode).toBe(200);
    await expect.poll(lastUsed).not.toBeNull();
    expect(new Date(await lastUsed()).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('stops accepting a revoked key', async () => {
    const admin = await t.signup();
    const created = (await admin.post('/api/v1/api-keys', { name: 'Temp' })).json();
    const client = t.withKey(created.key);
    expect((await client.get('/api/v1/users')).statusCode).toBe(200);
    const revoked = await admin.delete(`/api/v1/api-keys/${created.id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await client.get('/api/v1/users');
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthorized');
  });

  it('rejects a malformed or unknown bearer token', async () => {
    expect((await t.withKey('dsk_not-a-real-key').get('/api/v1/users')).statusCode).toBe(401);
    expect((await t.anonymous.get('/api/v1/users', { authorization: 'Basic abc' })).statusCode).toBe(401);
  });

  it('does not need a CSRF token (no cookie is involved)', async () => {
    const admin = await t.signup();
    const key = await admin.createApiKey();
    expect((await t.withKey(key).post('/api/v1/teams', { name: 'No CSRF' })).statusCode).toBe(201);
  });

  it('gives another workspace’s key a 404, never data', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const bKey = await b.createApiKey('B key');
    const aKeyId = (await a.post('/api/v1/api-keys', { name: 'A key' })).json().id;
    const bClient = t.withKey(bKey);
    expect((await bClient.delete(`/api/v1/api-keys/${aKeyId}`)).statusCode).toBe(404);
    expect((await bClient.get(`/api/v1/users/${a.user.id}`)).statusCode).toBe(404);
    const names = (await bClient.get('/api/v1/api-keys')).json().data.map((k: { name: string }) => k.name);
    expect(names).toEqual(['B key']);
    const aTeam = (await a.post('/api/v1/teams', { name: 'A team' })).json().id;
    expect((await bClient.get(`/api/v1/teams/${aTeam}`)).statusCode).toBe(404);
    expect((await bClient.patch(`/api/v1/teams/${aTeam}`, { name: 'Mine now' })).statusCode).toBe(404);
    expect((await bClient.delete(`/api/v1/teams/${aTeam}`)).statusCode).toBe(404);
  });
});

describe('a key acts for its creator', () => {
  const newUser = (n: number) => ({
    name: `New ${n}`,
    email: `new${n}.${Date.now()}@example.test`,
    password: 'a-long-password',
  });

  it('never has more rights than its creator has now: a demoted admin’s key loses admin rights at once', async () => {
    const owner = await t.signup();
    const other = await owner.addUser('admin');
    const keyId = (await other.post('/api/v1/api-keys', { name: 'Other’s key' })).json();
    const key = t.withKey(keyId.key);
    expect((await key.post('/api/v1/users', newUser(1))).statusCode).toBe(201);

    expect((await owner.patch(`/api/v1/users/${other.user.id}`, { role: 'member' })).statusCode).toBe(200);
    const refused = await key.post('/api/v1/users', { ...newUser(2), role: 'admin' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
    expect((await key.get('/api/v1/api-keys')).statusCode).toBe(403);
    // Member things still work.
    expect((await key.get('/api/v1/users')).statusCode).toBe(200);
    const listed = (await owner.get('/api/v1/api-keys')).json().data[0];
    expect(listed).toMatchObject({
      role: 'admin',
      effectiveRole: 'member',
      createdBy: { id: other.user.id, status: 'active' },
    });

    await owner.patch(`/api/v1/users/${other.user.id}`, { role: 'admin' });
    expect((await key.post('/api/v1/users', newUser(3))).statusCode).toBe(201);
  });

  it('keeps a member key a member key under an admin creator', async () => {
    const admin = await t.signup();
    const created = (await admin.post('/api/v1/api-keys', { name: 'Read-mostly', role: 'member' })).json();
    expect(created.effectiveRole).toBe('member');
    expect((await t.withKey(created.key).post('/api/v1/users', newUser(4))).statusCode).toBe(403);
  });

  it('is refused while its creator is deactivated, and works again when they are reactivated', async () => {
    const owner = await t.signup();
    const other = await owner.addUser('admin');
    const key = t.withKey(await other.createApiKey('Paused'));
    expect((await owner.post(`/api/v1/users/${other.user.id}/deactivate`)).statusCode).toBe(200);

    const refused = await key.post('/api/v1/users', { ...newUser(5), role: 'admin' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.json().code).toBe('api_key_owner_inactive');
    expect((await key.get('/api/v1/users')).json().code).toBe('api_key_owner_inactive');
    const listed = (await owner.get('/api/v1/api-keys')).json().data[0];
    expect(listed).toMatchObject({ effectiveRole: null, createdBy: { status: 'deactivated' }, revokedAt: null });

    await owner.post(`/api/v1/users/${other.user.id}/reactivate`);
    expect((await key.get('/api/v1/users')).statusCode).toBe(200);
  });

  it('sees only its creator’s own contacts when the creator is limited to them', async () => {
    const owner = await t.signup();
    const other = await owner.addUser('admin');
    const key = t.withKey(await other.createApiKey('Own only'));
    const theirs = await insertContact(t, other, { firstName: 'Theirs' });
    const hidden = await insertContact(t, owner, { firstName: 'Hidden' });
    const task = (await owner.post(`/api/v1/contacts/${hidden.id}/tasks`, { title: 'Call Hidden' })).json();
    expect((await key.get(`/api/v1/contacts/${hidden.id}`)).statusCode).toBe(200);

    await owner.patch(`/api/v1/users/${other.user.id}`, { role: 'member', contactAccess: 'own' });
    const ids = (await key.get('/api/v1/contacts')).json().data.map((c: { id: string }) => c.id);
    expect(ids).toEqual([theirs.id]);
    expect((await key.get(`/api/v1/contacts/${hidden.id}`)).statusCode).toBe(404);
    expect((await key.patch(`/api/v1/contacts/${hidden.id}`, { title: 'x' })).statusCode).toBe(404);
    expect((await key.get(`/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await key.get(`/api/v1/contacts/${theirs.id}`)).statusCode).toBe(200);
  });
});
