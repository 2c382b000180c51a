import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_FREE_FAILURES,
  ACCOUNT_MAX_DELAY_SECONDS,
  ADDRESS_MAX_FAILURES,
  ADDRESS_WINDOW_SECONDS,
} from '../../platform/auth/sign-in-throttle.ts';
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

  it('refuses an email that already has an account without saying so, and creates nothing', async () => {
    const a = await t.signup();
    const workspaces = async () =>
      Number((await t.deps.database.pool.query('select count(*) from workspaces')).rows[0].count);
    const before = await workspaces();
    const res = await t.anonymous.post('/api/v1/auth/signup', {
      workspaceName: 'Other',
      name: 'Copy',
      email: a.user.email.toUpperCase(),
      password: 'a-long-password',
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json()).toEqual({
      type: 'https://dossier.dev/problems/signup_refused',
      title: 'Conflict',
      status: 409,
      code: 'signup_refused',
      detail: 'Could not create an account with these details. If you already have an account, sign in.',
    });
    expect(res.body.toLowerCase()).not.toContain(a.user.email);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await workspaces()).toBe(before);
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

describe('sign-in limits', () => {
  const signIn = (app: TestApp, email: string, password: string, remoteAddress: string, headers = {}) =>
    app.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers, remoteAddress });
  const wrong = (app: TestApp, email: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
    signIn(app, email, 'wrong-password', remoteAddress, headers);
  const sprayEmail = (i: number) => `spray${i}.${Math.random().toString(36).slice(2)}@example.test`;
  const age = (key: string, seconds: number) =>
    t.deps.database.pool.query(
      `update sign_in_throttles set last_failure_at = last_failure_at - make_interval(secs => $2),
       first_failure_at = first_failure_at - make_interval(secs => $2) where key = $1`,
      [key, seconds],
    );

  it('ignores X-Forwarded-For unless TRUST_PROXY is set: rotating it does not escape the per-address limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < ADDRESS_MAX_FAILURES + 1; i++) {
      const res = await wrong(t, sprayEmail(i), { 'x-forwarded-for': `203.0.113.${i}` }, '198.51.100.7');
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, ADDRESS_MAX_FAILURES).every((c) => c === 401)).toBe(true);
    const limited = await wrong(t, sprayEmail(99), { 'x-forwarded-for': '203.0.113.200' }, '198.51.100.7');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(60);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(ADDRESS_WINDOW_SECONDS);
    // Another client address is not affected.
    expect((await wrong(t, sprayEmail(100), {}, '198.51.100.8')).statusCode).toBe(401);
  });

  it('counts per forwarded address when TRUST_PROXY names the proxy', async () => {
    const behindProxy = await createTestApp({ TRUST_PROXY: ['10.0.0.0/8'] });
    try {
      const proxy = '10.1.2.3';
      for (let i = 0; i < ADDRESS_MAX_FAILURES + 5; i++) {
        const res = await wrong(behindProxy, sprayEmail(i), { 'x-forwarded-for': `203.0.113.${i}` }, proxy);
        expect(res.statusCode).toBe(401);
      }
      for (let i = 0; i < ADDRESS_MAX_FAILURES; i++) {
        await wrong(behindProxy, sprayEmail(i), { 'x-forwarded-for': '192.0.2.55' }, proxy);
      }
      expect((await wrong(behindProxy, sprayEmail(1), { 'x-forwarded-for': '192.0.2.55' }, proxy)).statusCode).toBe(
        429,
      );
      // A client that is not the proxy cannot claim an address.
      const direct = await wrong(behindProxy, sprayEmail(2), { 'x-forwarded-for': '192.0.2.56' }, '198.51.100.9');
      expect(direct.statusCode).toBe(401);
      const { rows } = await behindProxy.deps.database.pool.query(
        `select key from sign_in_throttles where key like 'address:%' order by key`,
      );
      expect(rows.map((r) => r.key)).toContain('address:192.0.2.55');
      expect(rows.map((r) => r.key)).toContain('address:198.51.100.9');
      expect(rows.map((r) => r.key)).not.toContain('address:192.0.2.56');
    } finally {
      await behindProxy.close();
    }
  });

  it('backs off per account across addresses, doubling the wait, and a correct password resets it', async () => {
    const a = await t.signup();
    const key = `account:${a.user.email}`;
    for (let i = 0; i < ACCOUNT_FREE_FAILURES; i++) {
      expect((await wrong(t, a.user.email, {}, `198.51.100.${20 + i}`)).statusCode).toBe(401);
    }
    // Upper case and spaces name the same account.
    const limited = await wrong(t, ` ${a.user.email.toUpperCase()}`, {}, '198.51.100.40');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('2');
    // Even the right password waits: the check does not run while the account is blocked.
    expect((await signIn(t, a.user.email, a.password, '198.51.100.41')).statusCode).toBe(429);

    await age(key, 3);
    expect((await wrong(t, a.user.email, {}, '198.51.100.42')).statusCode).toBe(401);
    expect((await wrong(t, a.user.email, {}, '198.51.100.43')).headers['retry-after']).toBe('4');
    await age(key, 5);
    const session = await t.login(a.user.email, a.password);
    expect(session.user.id).toBe(a.user.id);
    // Reset: five more failures are free again.
    for (let i = 0; i < ACCOUNT_FREE_FAILURES; i++) {
      expect((await wrong(t, a.user.email, {}, '198.51.100.44')).statusCode).toBe(401);
    }
  });

  it('caps the wait at 15 minutes and forgets an account after a quiet day', async () => {
    const email = sprayEmail(0);
    await t.deps.database.pool.query(`insert into sign_in_throttles values ($1, 40, now(), now())`, [
      `account:${email}`,
    ]);
    expect((await wrong(t, email, {}, '198.51.100.60')).headers['retry-after']).toBe(String(ACCOUNT_MAX_DELAY_SECONDS));
    await age(`account:${email}`, 24 * 3600 + 1);
    expect((await wrong(t, email, {}, '198.51.100.60')).statusCode).toBe(401);
  });

  it('never counts successful sign-ins', async () => {
    const a = await t.signup();
    for (let i = 0; i < ADDRESS_MAX_FAILURES + 5; i++) {
      expect((await signIn(t, a.user.email, a.password, '198.51.100.80')).statusCode).toBe(200);
    }
    const { rows } = await t.deps.database.pool.query(
      `select key, failures from sign_in_throttles where key in ($1, $2)`,
      [`account:${a.user.email}`, 'address:198.51.100.80'],
    );
    expect(rows).toEqual([{ key: 'address:198.51.100.80', failures: 0 }]);
  });
});

describe('session cookie', () => {
  const cookieOf = async (app: TestApp, headers: Record<string, string>) => {
    const a = await app.signup();
    const res = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: a.user.email, password: a.password },
      headers,
    });
    return String(res.headers['set-cookie']);
  };

  it('is Secure behind a trusted proxy that forwards https, and only then', async () => {
    expect(await cookieOf(t, { 'x-forwarded-proto': 'https' })).not.toMatch(/Secure/);
    const behindProxy = await createTestApp({ TRUST_PROXY: true });
    try {
      expect(await cookieOf(behindProxy, { 'x-forwarded-proto': 'https' })).toMatch(/; Secure/);
      expect(await cookieOf(behindProxy, {})).not.toMatch(/Secure/);
    } finally {
      await behindProxy.close();
    }
  });

  it('is Secure when PUBLIC_URL is https', async () => {
    const https = await createTestApp({ PUBLIC_URL: 'https://crm.example.test' });
    try {
      expect(await cookieOf(https, {})).toMatch(/; Secure/);
    } finally {
      await https.close();
    }
  });
});
