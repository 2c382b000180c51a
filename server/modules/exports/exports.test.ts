// Contact-list exports prepared in the background: the same file as the streamed export, progress, a
// notification with the link, the owner's alone (members see their own contacts only), cancel, expiry,
// an erasure dropping the files, and every refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, eventually, type Session, type TestApp } from '../../test/harness.ts';
import { newId } from '../../platform/ids.ts';
import { newContact } from '../contacts/contact-test-helpers.ts';
import { EXPORTS_IN_PROGRESS_MAX } from './exports.service.ts';
import { exportTuning } from './run-export.job.ts';
import type { ContactExportDto } from './exports.schemas.ts';

let t: TestApp;
let admin: Session;
let other: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signup();
  other = await t.signup();
  await newContact(admin, {
    firstName: 'Paula',
    lastName: 'Prepared',
    emails: [{ email: 'paula@prepared.test' }],
    tags: ['Prepared'],
  });
  await newContact(admin, { firstName: '=cmd', lastName: 'Prepared' });
  await newContact(admin, { firstName: 'Otto', lastName: 'Elsewhere' });
});
afterAll(() => t.close());

async function prepare(session: Session, body: Record<string, unknown>): Promise<ContactExportDto> {
  const res = await session.post('/api/v1/contact-exports', body);
  expect(res.statusCode, res.body).toBe(202);
  return res.json();
}

const settled = (session: Session, id: string) =>
  eventually(async () => {
    const e = (await session.get(`/api/v1/contact-exports/${id}`)).json() as ContactExportDto;
    return e.status === 'queued' || e.status === 'running' ? null : e;
  });

describe('a prepared export', () => {
  it('writes the same file as the streamed export, counts it, and tells its owner where to get it', async () => {
    const started = await prepare(admin, { format: 'csv', query: { q: 'prepared' } });
    expect(started).toMatchObject({ status: 'queued', format: 'csv', downloadUrl: null, query: { q: 'prepared' } });
    expect(started.filename).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);

    const done = await settled(admin, started.id);
    expect(done).toMatchObject({ status: 'completed', progress: { total: 2, done: 2 } });
    expect(done.downloadUrl).toBe(`/api/v1/contact-exports/${started.id}/download`);
    expect(new Date(done.expiresAt!).getTime() - new Date(done.finishedAt!).getTime()).toBeGreaterThan(6.9 * 86400_000);

    const file = await admin.get(done.downloadUrl!);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/^text\/csv/);
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${done.filename}"`);
    const streamed = await admin.get('/api/v1/contacts/export?q=prepared');
    expect(file.body).toBe(streamed.body);
    expect(done.size).toBe(Buffer.byteLength(file.body));
    expect(file.body).toContain("'=cmd");

    const { data } = (await admin.get('/api/v1/notifications')).json();
    expect(data[0]).toMatchObject({
      kind: 'export_ready',
      title: 'Your contact export is ready',
      link: `/exports/${started.id}`,
      contact: null,
    });
    expect(data[0].body).toMatch(/^2 contacts as CSV, to download until /);
    expect((await admin.get('/api/v1/contact-exports')).json().data[0].id).toBe(started.id);
  });

  it('writes vCards, and an empty list to an empty file', async () => {
    const cards = await settled(admin, (await prepare(admin, { format: 'vcard', query: { tags: 'Prepared' } })).id);
    expect(cards).toMatchObject({ status: 'completed', filename: expect.stringMatching(/\.vcf$/) });
    const body = (await admin.get(cards.downloadUrl!)).body;
    expect(body.match(/BEGIN:VCARD/g)).toHaveLength(1);
    expect(body).toContain('EMAIL;PREF=1:paula@prepared.test');

    const none = await settled(
      admin,
      (await prepare(admin, { format: 'vcard', query: { q: 'no-one-by-this-name' } })).id,
    );
    expect(none).toMatchObject({ status: 'completed', size: 0, progress: { total: 0, done: 0 } });
    const empty = await admin.get(none.downloadUrl!);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toBe('');
  });

  it('holds only the contacts a member limited to their own may see, and is journaled once', async () => {
    const member = await admin.addUser('member', 'Mona Member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const mine = await newContact(member, { firstName: 'Mona', lastName: 'Prepared' });
    const done = await settled(member, (await prepare(member, { query: { q: 'prepared' } })).id);
    const lines = (await member.get(done.downloadUrl!)).body.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]!.startsWith(mine.id)).toBe(true);
    const { rows } = await t.deps.database.pool.query(
      `select data, actor_id from journal_entries where workspace_id = $1 and kind = 'contacts.exported'
        and data->>'exportId' = $2`,
      [admin.workspace.id, done.id],
    );
    expect(rows).toEqual([
      { actor_id: member.user.id, data: { format: 'csv', query: { q: 'prepared' }, exportId: done.id } },
    ]);
  });

  it('is its owner’s alone: another user, an admin or another workspace gets 404', async () => {
    const done = await settled(admin, (await prepare(admin, { query: {} })).id);
    const colleague = await admin.addUser('admin', 'Ada Admin');
    for (const [who, path] of [
      [colleague, `/api/v1/contact-exports/${done.id}`],
      [colleague, `/api/v1/contact-exports/${done.id}/download`],
      [other, `/api/v1/contact-exports/${done.id}`],
      [other, `/api/v1/contact-exports/${done.id}/download`],
      [admin, `/api/v1/contact-exports/${newId()}`],
    ] as const) {
      const res = await who.get(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
    expect((await colleague.post(`/api/v1/contact-exports/${done.id}/cancel`)).statusCode).toBe(404);
    expect((await colleague.get('/api/v1/contact-exports')).json().data).toEqual([]);
    expect((await other.get('/api/v1/contact-exports')).json().data).toEqual([]);
  });

  it('belongs to the user an API key acts for', async () => {
    const key = await admin.createApiKey('exports');
    const res = await t.withKey(key).post('/api/v1/contact-exports', { query: { q: 'prepared' } });
    expect(res.statusCode, res.body).toBe(202);
    const done = await settled(admin, res.json().id);
    expect(done.status).toBe('completed');
  });

  it('refuses a bad format, a bad filter and an unknown field with a problem, creating nothing', async () => {
    const before = (await admin.get('/api/v1/contact-exports')).json().data.length;
    for (const body of [
      { format: 'xlsx' },
      { query: { filters: [{ field: 'nope', op: 'eq', value: 'x' }] } },
      { query: {}, extra: true },
    ]) {
      const res = await admin.post('/api/v1/contact-exports', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    expect((await admin.get('/api/v1/contact-exports')).json().data.length).toBe(before);
  });
});

describe('a prepared export on its way', () => {
  it('can be cancelled: no file is kept, and a finished one cannot be cancelled', async () => {
    // The job waits before completing until the test has cancelled it.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atGate = new Promise<void>((r) => (reached = r));
    exportTuning.beforeComplete = async () => {
      reached();
      await gate;
    };
    const filesBefore = await countFiles(admin.workspace.id);
    try {
      const started = await prepare(admin, { query: {} });
      await atGate;
      const notReady = await admin.get(`/api/v1/contact-exports/${started.id}/download`);
      expect(notReady.statusCode).toBe(409);
      expect(notReady.json().code).toBe('export_not_ready');
      const cancelled = await admin.post(`/api/v1/contact-exports/${started.id}/cancel`);
      expect(cancelled.statusCode).toBe(200);
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', downloadUrl: null });
      release();
      await eventually(async () => (await countFiles(admin.workspace.id)) === filesBefore);
      const again = await admin.post(`/api/v1/contact-exports/${started.id}/cancel`);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'export_finished', exportStatus: 'cancelled' });
      expect((await admin.get(`/api/v1/contact-exports/${started.id}/download`)).json().code).toBe('export_not_ready');
    } finally {
      exportTuning.beforeComplete = null;
      release();
    }
  });

  it(`lets one user prepare at most ${EXPORTS_IN_PROGRESS_MAX} at once`, async () => {
    const busy = await admin.addUser('member', 'Busy Bee');
    // Jobs not yet picked up: the rows alone say the exports are in progress.
    const { rows } = await t.deps.database.pool.query<{ n: number }>(
      `insert into contact_exports (workspace_id, id, format, query, filename, created_by)
       select $1, gen_random_uuid(), 'csv', '{}', 'x.csv', $2 from generate_series(1, $3) returning 1 as n`,
      [admin.workspace.id, busy.user.id, EXPORTS_IN_PROGRESS_MAX],
    );
    expect(rows).toHaveLength(EXPORTS_IN_PROGRESS_MAX);
    const refused = await busy.post('/api/v1/contact-exports', { query: {} });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'too_many_exports', max: EXPORTS_IN_PROGRESS_MAX });
  });

  it('expires: the file is removed and the download answers 410', async () => {
    const done = await settled(admin, (await prepare(admin, { query: { q: 'prepared' } })).id);
    await t.deps.database.pool.query(
      `update contact_exports set expires_at = now() - interval '1 minute' where workspace_id = $1 and id = $2`,
      [admin.workspace.id, done.id],
    );
    // Past its expiry it reads as expired at once, before the sweep has removed anything.
    expect((await admin.get(`/api/v1/contact-exports/${done.id}`)).json()).toMatchObject({
      status: 'expired',
      downloadUrl: null,
    });
    const filesBefore = await countFiles(admin.workspace.id);
    const { expireExports } = await import('./exports.service.ts');
    expect(await expireExports(t.deps)).toBeGreaterThanOrEqual(1);
    expect(await countFiles(admin.workspace.id)).toBe(filesBefore - 1);
    const gone = await admin.get(`/api/v1/contact-exports/${done.id}/download`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().code).toBe('export_expired');
  });

  it('is dropped when a contact of the workspace is erased (the file may hold them)', async () => {
    const victim = await newContact(admin, {
      firstName: 'Erin',
      lastName: 'Erased',
      emails: [{ email: 'erin@gone.test' }],
    });
    const done = await settled(admin, (await prepare(admin, { query: { q: 'erased' } })).id);
    expect((await admin.get(done.downloadUrl!)).body).toContain('erin@gone.test');
    const erased = await admin.post('/api/v1/erasure-requests', {
      contactId: victim.id,
      reason: 'Asked by email',
      confirm: 'Erin Erased',
    });
    expect(erased.statusCode, erased.body).toBe(201);
    expect(erased.json().summary.exports).toBeGreaterThanOrEqual(1);
    const after = (await admin.get(`/api/v1/contact-exports/${done.id}`)).json();
    expect(after).toMatchObject({ status: 'expired', error: 'Removed when a contact was erased' });
    expect((await admin.get(`/api/v1/contact-exports/${done.id}/download`)).statusCode).toBe(410);
  });
});

async function countFiles(workspaceId: string): Promise<number> {
  const { rows } = await t.deps.database.pool.query<{ n: number }>(
    'select count(*)::int as n from files where workspace_id = $1',
    [workspaceId],
  );
  return rows[0]!.n;
}
