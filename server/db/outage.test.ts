// The server while its database is away: 503 problems instead of a crash, /readyz says so, and
// everything (pool, job queue, live updates' LISTEN) reconnects by itself when it is back.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../app.ts';
import { createTestApp, eventually, listen, type TestApp } from '../test/harness.ts';
import { connectDatabase } from './client.ts';
import { freePort } from './embedded.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Ends every connection Dossier holds to the test database, as a database restart or failover does. */
async function terminateConnections(): Promise<number> {
  const admin = new pg.Client({ connectionString: t.dbUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`,
    );
    return rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe('database outages', () => {
  test('with the database unreachable, /readyz and the API answer 503 problems, /healthz stays up', async () => {
    const dead = connectDatabase(`postgres://postgres@127.0.0.1:${await freePort()}/dossier`);
    const app = await buildApp({ ...t.deps, database: dead });
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['content-type']).toContain('application/problem+json');
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

      const api = await app.inject({
        method: 'GET',
        url: '/api/v1/contacts',
        headers: { authorization: 'Bearer dsk_whatever' },
      });
      expect(api.statusCode).toBe(503);
      expect(api.headers['content-type']).toContain('application/problem+json');
      expect(api.json()).toMatchObject({ status: 503, code: 'database_unavailable' });

      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'a@example.test', password: 'whatever-password' },
      });
      expect(login.statusCode).toBe(503);
      expect(login.json().code).toBe('database_unavailable');
    } finally {
      await app.close();
      await dead.close();
    }
  });

  test('connections cut under load: no crash, only 200 or 503, then it serves and streams live updates again', async () => {
    const admin = await t.signup();
    const key = await admin.createApiKey();
    const api = t.withKey(key);
    const base = await listen(t.app);

    // A live-update stream open while the connections are cut.
    const first = await fetch(`${base}/api/v1/events`, { headers: { authorization: `Bearer ${key}` } });
    expect(first.status).toBe(200);
    const firstDone = (async () => {
      const reader = first.body!.getReader();
      while (!(await reader.read()).done);
    })();

    const statuses = new Set<number>();
    let loading = true;
    const load = Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        while (loading) {
          const res =
            i % 2 === 0
              ? await api.get('/api/v1/contacts?limit=5')
              : await api.post('/api/v1/contacts', {
                  kind: 'person',
                  firstName: 'Load',
                  lastName: String(i),
                  ownerId: admin.user.id,
                });
          statuses.add(res.statusCode);
          if (res.statusCode === 503) expect(res.json().code).toBe('database_unavailable');
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(await terminateConnections()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    await terminateConnections();
    await new Promise((r) => setTimeout(r, 300));
    loading = false;
    await load;
    expect([...statuses].filter((s) => s !== 200 && s !== 201 && s !== 503)).toEqual([]);

    // The stream that was open is closed (announcements may have been missed): the browser reconnects.
    await firstDone;
    expect((await t.anonymous.get('/readyz')).statusCode).toBe(200);
    expect((await api.get('/api/v1/contacts?limit=5')).statusCode).toBe(200);

    // A new stream hears of a change made after the outage: LISTEN is back.
    const controller = new AbortController();
    const stream = await fetch(`${base}/api/v1/events`, {
      headers: { authorization: `Bearer ${key}` },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    let received = '';
    const reader = stream.body!.getReader();
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received += new TextDecoder().decode(value);
      }
    })().catch(() => undefined);
    await eventually(async () => received.includes('event: ready'));
    const created = await api.post('/api/v1/contacts', {
      kind: 'person',
      firstName: 'After',
      lastName: 'Outage',
      ownerId: admin.user.id,
    });
    expect(created.statusCode).toBe(201);
    await eventually(async () => received.includes(created.json().id));
    controller.abort();
    await reading;

    // The job queue reconnected too: journal reactions still run (a task assignment notifies).
    const member = await admin.addUser('member');
    const contact = created.json();
    await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'Call back', assigneeId: member.user.id });
    await eventually(async () => (await member.get('/api/v1/notifications')).json().data.length > 0, 20_000);
  });
});
