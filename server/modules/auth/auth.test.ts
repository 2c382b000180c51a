import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('sign-up', () => {
  it('creates a workspace and its first admin, signed in with an httpOnly SameSite cookie', async () => {
    const res = await t.anonymous.post('/api/v1/auth/signup', {
      workspaceName: 'Acme',
      name: 'Ann Admin',
      email: '  Ann@Acme.TEST ',
      password: 'a-long-password',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.workspace.name).toBe('Acme');
    expect(body.user).toMatchObject({ name: 'Ann Admin', email: 'ann@acme.test', role: 'admin' });
    expect(body.csrfToken).toEqual(expect.any(String));
    const cookie = res.headers['set-cookie'] as string;
    expect(cookie).toMatch(/dossier_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('refuses an email that already has an account', async () => {
    const a = await t.signup();
    const res = await t.anonymous.post('/api/v1/auth/signup', {
      workspaceName: 'Other',
      name: 'Copy',
      email: a.user.email.toUpperCase(),
      password: 'a-long-password',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('email_taken');
  });

  it('validates the body field by field', async () => {
    const res = await t.anonymous.post('/api/v1/auth/signup', {
      workspaceName: '',
      name: 'X',
      email: 'not-an-email',
      password: 'short',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.workspaceName', 'body.email', 'body.password']));
  });

  it('can be turned off with ALLOW_SIGNUP=false', async () => {
    const closed = await createTestApp({ ALLOW_SIGNUP: false });
    try {
      const res = await closed.anonymous.post('/api/v1/auth/signup', {
        workspaceName: 'Nope',
        name: 'N',
        email: 'n@example.test',
        password: 'a-long-password',
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('signup_disabled');
      expect((await closed.anonymous.get('/api/v1/auth/config')).json()).toEqual({ signupAllowed: false });
    } finally {
      await closed.close();
    }
  });
});

describe('sign-in and sessions', () => {
  it('signs in with the right password and reads the session', async () => {
    const a = await t.signup();
    const s = await t.login(a.user.email, a.password);
    const res = await s.get('/api/v1/auth/session');
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(a.user.id);
    expect(res.json().workspace.id).toBe(a.workspace.id);
  });

  it('refuses a wrong password with the same message as an unknown email', async () => {
    const a = await t.signup();
    const wrong = await t.anonymous.post('/api/v1/auth/login', { email: a.user.email, password: 'wrong-password' });
    const unknown = await t.anonymous.post('/api/v1/auth/login', { email: 'nobody@example.test', password: 'x' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('rejects an expired session', async () => {
    const a = await t.signup();
    await t.deps.database.db.execute(
      sql`update sessions set expires_at = now() - interval '1 minute' where user_id = ${a.user.id}`,
    );
    const res = await a.get('/api/v1/auth/session');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthorized');
  });

  it('ends the session on logout', async () => {
    const a = await t.signup();
    expect((await a.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await a.get('/api/v1/users')).statusCode).toBe(401);
  });

  it('requires the CSRF token for cookie-authenticated writes', async () => {
    const a = await t.signup();
    const res = await a.post('/api/v1/teams', { name: 'Blue' }, { 'x-csrf-token': 'forged' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_failed');
    const ok = await a.post('/api/v1/teams', { name: 'Blue' });
    expect(ok.statusCode).toBe(201);
  });

  it('refuses anonymous calls to the API with 401 problem+json', async () => {
    const res = await t.anonymous.get('/api/v1/users');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('rate-limits repeated sign-in attempts for one account', async () => {
    const a = await t.signup();
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await t.anonymous.post('/api/v1/auth/login', { email: a.user.email, password: `guess-${i}` });
      codes.push(r.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    const limited = await t.anonymous.post('/api/v1/auth/login', { email: a.user.email, password: a.password });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
  });

  it('refuses sign-in to a deactivated user', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    expect((await admin.post(`/api/v1/users/${member.user.id}/deactivate`)).statusCode).toBe(200);
    const res = await t.anonymous.post('/api/v1/auth/login', { email: member.user.email, password: member.password });
    expect(res.statusCode).toBe(403);
    // and the existing session stops working at once
    expect((await member.get('/api/v1/users')).statusCode).toBe(401);
  });
});
