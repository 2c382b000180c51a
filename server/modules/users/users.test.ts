import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_FREE_FAILURES } from '../../platform/auth/sign-in-throttle.ts';
import { setPasswordForCli } from '../../seed/seed.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('users', () => {
  it('lets an admin create a member who can then sign in', async () => {
    const admin = await t.signup();
    const res = await admin.post('/api/v1/users', {
      name: 'Maria Member',
      email: 'maria@users.test',
      password: 'member-password',
      role: 'member',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Maria Member', role: 'member', status: 'active' });
    const maria = await t.login('maria@users.test', 'member-password');
    expect(maria.user.role).toBe('member');
    const list = await maria.get('/api/v1/users');
    expect(list.json().data.map((u: { email: string }) => u.email)).toContain('maria@users.test');
  });

  it('refuses admin endpoints to a member with 403', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const create = await member.post('/api/v1/users', {
      name: 'X',
      email: 'x@users.test',
      password: 'member-password',
    });
    expect(create.statusCode).toBe(403);
    expect(create.json().code).toBe('forbidden');
    expect((await member.post(`/api/v1/users/${admin.user.id}/deactivate`)).statusCode).toBe(403);
    expect((await member.get('/api/v1/api-keys')).statusCode).toBe(403);
    expect((await member.post('/api/v1/api-keys', { name: 'mine' })).statusCode).toBe(403);
  });

  it('deactivates and reactivates a user, listing them by status', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member', 'Leaving Soon');
    const off = await admin.post(`/api/v1/users/${member.user.id}/deactivate`);
    expect(off.json().status).toBe('deactivated');
    const active = (await admin.get('/api/v1/users')).json().data.map((u: { id: string }) => u.id);
    expect(active).not.toContain(member.user.id);
    const inactive = (await admin.get('/api/v1/users?status=deactivated')).json().data.map((u: { id: string }) => u.id);
    expect(inactive).toEqual([member.user.id]);
    const on = await admin.post(`/api/v1/users/${member.user.id}/reactivate`);
    expect(on.json().status).toBe('active');
  });

  it('keeps at least one active admin', async () => {
    const admin = await t.signup();
    const self = await admin.post(`/api/v1/users/${admin.user.id}/deactivate`);
    expect(self.statusCode).toBe(409);
    const demote = await admin.patch(`/api/v1/users/${admin.user.id}`, { role: 'member' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().detail).toMatch(/at least one active admin/);
  });

  it('changes a role and journals the change with old and new values', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const res = await admin.patch(`/api/v1/users/${member.user.id}`, { role: 'admin' });
    expect(res.json().role).toBe('admin');
    const { rows } = await t.deps.database.pool.query(
      `select kind, actor_label, data from journal_entries where subject_id = $1 and kind = 'user.updated'`,
      [member.user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_label).toBe(admin.user.name);
    expect(rows[0].data.changes).toEqual([{ field: 'role', old: 'member', new: 'admin' }]);
  });

  it('lets a user change their own password only with the current one', async () => {
    const admin = await t.signup();
    const wrong = await admin.patch('/api/v1/users/me', {
      currentPassword: 'nope',
      newPassword: 'a-brand-new-password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('invalid_credentials');
    const ok = await admin.patch('/api/v1/users/me', {
      currentPassword: admin.password,
      newPassword: 'a-brand-new-password',
    });
    expect(ok.statusCode).toBe(200);
    await expect(t.login(admin.user.email, 'a-brand-new-password')).resolves.toBeTruthy();
  });

  it('refuses an unknown time zone', async () => {
    const admin = await t.signup();
    const res = await admin.patch('/api/v1/users/me', { timezone: 'Mars/Olympus' });
    expect(res.statusCode).toBe(400);
    const ok = await admin.patch('/api/v1/users/me', { timezone: 'Europe/Berlin', locale: 'de' });
    expect(ok.json()).toMatchObject({ timezone: 'Europe/Berlin', locale: 'de' });
  });

  it('gives a new user the language chosen at sign-up, or the workspace default when an admin adds them', async () => {
    const german = await t.signup({ locale: 'de' });
    expect((await german.get('/api/v1/users/me')).json().locale).toBe('de');
    const english = await t.signup();
    expect((await english.get('/api/v1/users/me')).json().locale).toBe('en');
    expect((await english.patch('/api/v1/workspace', { defaultLanguage: 'de' })).statusCode).toBe(200);
    const added = await english.post('/api/v1/users', {
      name: 'Dora',
      email: 'dora@users.test',
      password: 'member-password',
    });
    expect(added.json().locale).toBe('de');
    const chosen = await english.post('/api/v1/users', {
      name: 'Eve',
      email: 'eve@users.test',
      password: 'member-password',
      locale: 'en',
    });
    expect(chosen.json().locale).toBe('en');
    expect(
      (
        await t.anonymous.post('/api/v1/auth/signup', {
          workspaceName: 'W',
          name: 'N',
          email: 'fr@users.test',
          password: 'a-long-password',
          locale: 'fr',
        })
      ).statusCode,
    ).toBe(400);
  });

  it('never shows or changes another workspace’s users', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const bMember = await b.addUser('member');
    expect((await a.get(`/api/v1/users/${bMember.user.id}`)).statusCode).toBe(404);
    expect((await a.patch(`/api/v1/users/${bMember.user.id}`, { name: 'Hijacked' })).statusCode).toBe(404);
    expect((await a.post(`/api/v1/users/${bMember.user.id}/deactivate`)).statusCode).toBe(404);
    expect((await a.post(`/api/v1/users/${bMember.user.id}/reactivate`)).statusCode).toBe(404);
    const list = (await a.get('/api/v1/users?status=all')).json().data.map((u: { id: string }) => u.id);
    expect(list).not.toContain(bMember.user.id);
    expect((await b.get(`/api/v1/users/${bMember.user.id}`)).json().name).toBe(bMember.user.name);
  });
});

describe('changing a password', () => {
  it('signs out every other session of the user and keeps the one that changed it', async () => {
    const admin = await t.signup();
    const laptop = await t.login(admin.user.email, admin.password);
    const phone = await t.login(admin.user.email, admin.password);
    const colleague = await admin.addUser('member');
    const res = await laptop.patch('/api/v1/users/me', {
      currentPassword: admin.password,
      newPassword: 'a-brand-new-password',
    });
    expect(res.statusCode).toBe(200);
    expect((await laptop.get('/api/v1/auth/session')).statusCode).toBe(200);
    expect((await phone.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await admin.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await colleague.get('/api/v1/auth/session')).statusCode).toBe(200);
    // A profile change without a new password signs nobody out.
    const again = await t.login(admin.user.email, 'a-brand-new-password');
    expect((await laptop.patch('/api/v1/users/me', { name: 'Renamed' })).statusCode).toBe(200);
    expect((await again.get('/api/v1/auth/session')).statusCode).toBe(200);
  });

  it('counts wrong current passwords like failed sign-ins for the account', async () => {
    const admin = await t.signup();
    const change = (currentPassword: string) =>
      admin.patch('/api/v1/users/me', { currentPassword, newPassword: 'a-brand-new-password' });
    for (let i = 0; i < ACCOUNT_FREE_FAILURES; i++) expect((await change(`guess-${i}`)).statusCode).toBe(400);
    const limited = await change(admin.password);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBe('2');
    const signIn = await t.anonymous.post('/api/v1/auth/login', { email: admin.user.email, password: admin.password });
    expect(signIn.statusCode).toBe(429);
  });

  it('signs the user out everywhere when the password is set from the command line', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const other = await t.login(member.user.email, member.password);
    const printed = await setPasswordForCli(t.deps, member.user.email);
    const password = printed.split(': ')[1]!;
    expect((await member.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await other.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await admin.get('/api/v1/auth/session')).statusCode).toBe(200);
    expect((await t.login(member.user.email, password)).user.id).toBe(member.user.id);
  });
});
