import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { connectDatabase, withDatabase } from '../db/client.ts';
import { runningEmbeddedUrl } from '../db/embedded.ts';
import { newContact, upload } from '../modules/contacts/contact-test-helpers.ts';
import { ArchiveWriter, readArchive } from '../platform/backup/archive.ts';
import { MANIFEST_ENTRY, type Manifest } from '../platform/backup/manifest.ts';
import { applyMigrations, codeMigrations } from '../platform/backup/migrations.ts';
import type { Deps } from '../platform/context.ts';
import { LocalDiskStorage } from '../platform/files/storage.ts';
import { createBoss } from '../platform/jobs.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { runBackupCommand } from './backup.ts';
import { runRestoreCommand } from './restore.ts';

let t: TestApp;
let work: string;
let databases = 0;
beforeAll(async () => {
  t = await createTestApp();
  work = await fs.mkdtemp(path.join(t.deps.config.dataDir, '..', `${path.basename(t.deps.config.dataDir)}-backup-`));
});
afterAll(async () => {
  await t.close();
  await fs.rm(work, { recursive: true, force: true });
});

/** A new, empty database on the test server (dropped with the run's others at the end). */
async function emptyDatabase(): Promise<string> {
  const name = `${inject('runPrefix')}_restore_${process.pid}_${++databases}`;
  const admin = new pg.Client({ connectionString: inject('pgServerUrl') });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  return withDatabase(inject('pgServerUrl'), name);
}

/** Runs a CLI command's function as `npx dossier` would, with DATABASE_URL and DATA_DIR set. */
async function cli(
  command: 'backup' | 'restore',
  databaseUrl: string,
  dataDir: string,
  file: string,
  force = false,
): Promise<{ code: number; out: string; err: string }> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, DATA_DIR: dataDir });
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const code =
      command === 'backup'
        ? await runBackupCommand(config, t.deps.logger, file, 'usage')
        : await runRestoreCommand(config, t.deps.logger, file, { force }, 'usage');
    return { code, out: log.mock.calls.flat().join('\n'), err: error.mock.calls.flat().join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** Every backed-up table's rows, as one digest per table (and its row count). */
async function tableDigests(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `select quote_ident(schemaname) || '.' || quote_ident(tablename) as name from pg_tables
        where schemaname in ('public', 'drizzle') or (schemaname = 'pgboss' and tablename in ('queue', 'job', 'schedule', 'subscription'))`,
    );
    const digests: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ n: number; digest: string }>(
        `select count(*) as n, md5(coalesce(string_agg(r::text, E'\\n' order by r::text), '')) as digest from ${name} r`,
      );
      digests[name] = `${rows[0]!.n} ${rows[0]!.digest}`;
    }
    return digests;
  } finally {
    await client.end();
  }
}

async function dossierTables(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from pg_tables where schemaname in ('public', 'drizzle', 'pgboss')`,
  );
  await client.end();
  return rows[0]!.n;
}

/** The Dossier API on a restored database and data directory. */
async function appOn(url: string, dataDir: string) {
  const database = connectDatabase(url, { max: 4 });
  const boss = createBoss(url, t.deps.logger, { supervise: false });
  await boss.start();
  const deps: Deps = {
    config: { ...t.deps.config, dataDir },
    database,
    boss,
    logger: t.deps.logger,
    storage: new LocalDiskStorage(path.join(dataDir, 'files')),
  };
  const app = await buildApp(deps, { serveWeb: false });
  await app.ready();
  const login = async (email: string, password: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    const cookie = res.cookies.find((c) => c.name === 'dossier_session');
    return {
      status: res.statusCode,
      get: (url: string) => app.inject({ method: 'GET', url, headers: { cookie: `dossier_session=${cookie?.value}` } }),
    };
  };
  return {
    boss,
    login,
    async close() {
      await app.close();
      await boss.stop({ graceful: false, wait: true });
      await database.close();
    },
  };
}

/** A copy of a backup with its manifest changed. */
async function withManifest(file: string, change: (m: Manifest) => void): Promise<string> {
  const copy = path.join(work, `changed-${Math.random().toString(36).slice(2)}.tar.gz`);
  const writer = await ArchiveWriter.create(copy);
  for await (const entry of readArchive(file)) {
    const parts: Buffer[] = [];
    for await (const chunk of entry.body) parts.push(chunk);
    let data = Buffer.concat(parts);
    if (entry.name === MANIFEST_ENTRY) {
      const manifest = JSON.parse(data.toString('utf8')) as Manifest;
      change(manifest);
      data = Buffer.from(JSON.stringify(manifest));
    }
    await writer.add(entry.name, data);
  }
  await writer.finish();
  return copy;
}

const attachment = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

it('backs up a workspace and restores it into an empty database: same rows, passwords, files and queued jobs', async () => {
  const admin = await t.signup({ workspaceName: 'Backup Co' });
  const member = await admin.addUser('member', 'Mia Member');
  await t.signup({ workspaceName: 'Other Co' });
  const contact = await newContact(admin, {
    firstName: 'Bea',
    lastName: 'Backup',
    tags: ['VIP', 'Newsletter'],
    emails: [{ email: 'bea@backup.test', type: 'work' }],
    phones: [{ number: '+49 30 1234567', type: 'office' }],
    custom: { net_worth: 250000, marital_status: 'married' },
  });
  await newContact(member, { firstName: 'Carl', lastName: 'Copy', tags: ['VIP'] });
  const up = await upload(t, admin, 'POST', `/api/v1/contacts/${contact.id}/notes/attachments`, {
    filename: 'offer.pdf',
    contentType: 'application/pdf',
    data: attachment,
  });
  expect(up.statusCode, up.body).toBe(201);
  const fileId = up.json().fileId as string;
  const note = await admin.post(`/api/v1/contacts/${contact.id}/notes`, {
    title: 'Offer',
    attachmentFileIds: [fileId],
  });
  expect(note.statusCode, note.body).toBe(201);
  // A job due tomorrow, as a scheduled email is: it lives only in pg-boss's tables.
  const jobId = await t.deps.boss.send(
    'messages.send',
    { workspaceId: admin.workspace.id, messageId: 'x' },
    {
      startAfter: new Date(Date.now() + 86_400_000),
    },
  );
  const contactBefore = (await admin.get(`/api/v1/contacts/${contact.id}`)).json();
  // Nothing changes the source from here on (the journal's reactions stop with the job queue).
  await t.deps.boss.stop({ graceful: true, wait: true, timeout: 5000 });

  const file = path.join(work, 'dossier.tar.gz');
  const backup = await cli('backup', t.dbUrl, t.deps.config.dataDir, file);
  expect(backup.err).toBe('');
  expect(backup.code).toBe(0);
  expect(backup.out).toMatch(/^Backed up \d+ tables \(\d+ rows\) and 1 files \(/);
  expect((await fs.stat(file)).mode & 0o777).toBe(0o600);

  const manifest = await readManifest(file);
  expect(manifest).toMatchObject({ format: 'dossier-backup', formatVersion: 1, jobSchemaVersion: 24 });
  expect(manifest.migration.tag).toMatch(/^\d{4}_/);
  const names = manifest.tables.map((x) => x.name);
  expect(names).toEqual(expect.arrayContaining(['drizzle.__drizzle_migrations', 'public.contacts', 'pgboss.job']));
  // Foreign-key order: a workspace before its users, users before contacts, contacts before notes.
  expect(names.indexOf('public.workspaces')).toBeLessThan(names.indexOf('public.users'));
  expect(names.indexOf('public.users')).toBeLessThan(names.indexOf('public.contacts'));
  expect(names.indexOf('public.contacts')).toBeLessThan(names.indexOf('public.notes'));
  expect(names.indexOf('pgboss.queue')).toBeLessThan(names.indexOf('pgboss.job'));
  expect(manifest.tables.find((x) => x.name === 'public.workspaces')!.rows).toBeGreaterThanOrEqual(2);

  const target = await emptyDatabase();
  const targetDir = path.join(work, 'restored');
  const restore = await cli('restore', target, targetDir, file);
  expect(restore.err).toBe('');
  expect(restore.code).toBe(0);
  expect(restore.out).toMatch(/^Restored \d+ tables \(\d+ rows\) and 1 files/);
  const digests = await tableDigests(t.dbUrl);
  expect(Object.keys(digests).length).toBeGreaterThan(40);
  expect(digests['public.journal_entries']).toMatch(/^[1-9]\d* /);
  expect(await tableDigests(target)).toEqual(digests);

  const restored = await appOn(target, targetDir);
  try {
    const session = await restored.login(admin.user.email, admin.password);
    expect(session.status).toBe(200);
    expect((await restored.login(member.user.email, member.password)).status).toBe(200);
    expect((await restored.login(admin.user.email, 'wrong-password-1')).status).toBe(401);
    const contactAfter = await session.get(`/api/v1/contacts/${contact.id}`);
    expect(contactAfter.json()).toEqual(contactBefore);
    expect(
      contactAfter
        .json()
        .tags.map((x: { name: string }) => x.name)
        .sort(),
    ).toEqual(['Newsletter', 'VIP']);
    const download = await session.get(`/api/v1/files/${fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(attachment)).toBe(true);
    const job = await restored.boss.getJobById('messages.send', jobId!);
    expect(job).toMatchObject({ state: 'created', data: { messageId: 'x' } });
  } finally {
    await restored.close();
  }

  // A database with Dossier data is refused and left as it was; --force replaces it.
  const refused = await cli('restore', target, targetDir, file);
  expect(refused.code).toBe(2);
  expect(refused.err).toMatch(/^restore_target_not_empty: .*--force/);
  expect(refused.err.split('\n')).toHaveLength(1);
  const forced = await cli('restore', target, targetDir, file, true);
  expect(forced.code).toBe(0);
  expect(await tableDigests(target)).toEqual(digests);
  expect((await fs.readFile(path.join(targetDir, 'files', `${admin.workspace.id}`, fileId))).equals(attachment)).toBe(
    true,
  );
});

it('refuses a damaged backup and one from a newer schema, leaving the database as it was', async () => {
  const file = path.join(work, 'dossier.tar.gz');
  const whole = await fs.readFile(file);
  const truncated = path.join(work, 'truncated.tar.gz');
  await fs.writeFile(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
  const junk = path.join(work, 'junk.tar.gz');
  await fs.writeFile(junk, 'this is not a backup\n'.repeat(100));
  const last = (await readManifest(file)).migration;
  const newer = await withManifest(file, (m) => {
    m.migration = { tag: '9999_future', createdAt: last.createdAt + 1000, hash: 'f'.repeat(64) };
  });
  const otherJobs = await withManifest(file, (m) => {
    m.jobSchemaVersion = 23;
  });
  // The last table's count is off: found only once every table is loaded, and all of it rolls back.
  const miscounted = await withManifest(file, (m) => {
    m.tables.at(-1)!.rows += 1;
  });

  const target = await emptyDatabase();
  const dir = path.join(work, 'refused');
  const cases: [string, RegExp][] = [
    [truncated, /^backup_damaged: /],
    [junk, /^backup_damaged: /],
    [newer, /^backup_too_new: .*9999_future/],
    [otherJobs, /^backup_job_schema_mismatch: /],
    [miscounted, /^backup_damaged: .*rows/],
    [path.join(work, 'missing.tar.gz'), /^not_found: /],
  ];
  for (const [archive, message] of cases) {
    const res = await cli('restore', target, dir, archive);
    expect(res.code, archive).toBe(2);
    expect(res.err).toMatch(message);
    expect(res.err.split('\n')).toHaveLength(1);
    expect(await dossierTables(target)).toBe(0);
    expect(await fs.readdir(dir).catch(() => [])).toEqual([]);
  }
  expect((await cli('restore', target, dir, file)).code).toBe(0);
});

it("restores a backup made at an older migration level and migrates it to this code's", async () => {
  // A database as an earlier version left it: two migrations short of now, the job queue never started.
  const old = await emptyDatabase();
  const migrations = codeMigrations();
  const client = new pg.Client({ connectionString: old });
  await client.connect();
  await client.query('begin');
  await applyMigrations(client, migrations.slice(0, -2), true);
  await client.query(`insert into workspaces (id, name) values ('0190a0a0-0000-7000-8000-000000000001', 'Old Co')`);
  await client.query('commit');
  await client.end();
  const file = path.join(work, 'old.tar.gz');
  expect((await cli('backup', old, path.join(work, 'old'), file)).code).toBe(0);
  const manifest = await readManifest(file);
  expect(manifest.migration.tag).toBe(migrations.at(-3)!.tag);
  expect(manifest.jobSchemaVersion).toBeNull();

  const target = await emptyDatabase();
  const res = await cli('restore', target, path.join(work, 'old-restored'), file);
  expect(res.code).toBe(0);
  expect(res.out).toContain(`migrated from ${migrations.at(-3)!.tag} to ${migrations.at(-1)!.tag}`);
  const restored = new pg.Client({ connectionString: target });
  await restored.connect();
  const { rows: applied } = await restored.query<{ created_at: string }>(
    'select created_at::text from drizzle.__drizzle_migrations order by created_at',
  );
  expect(applied.map((r) => Number(r.created_at))).toEqual(migrations.map((m) => m.createdAt));
  const { rows } = await restored.query('select name from workspaces');
  await restored.end();
  expect(rows).toEqual([{ name: 'Old Co' }]);
});

const external = !!(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL);

it.skipIf(external)('uses the embedded database a running Dossier keeps instead of starting a second one', async () => {
  // The test run's own embedded server stands in for a running Dossier's.
  const admin = new pg.Client({ connectionString: inject('pgServerUrl') });
  await admin.connect();
  const { rows } = await admin.query<{ data_directory: string }>('show data_directory');
  await admin.end();
  const url = await runningEmbeddedUrl({ dataDir: work, clusterDir: rows[0]!.data_directory });
  expect(url).not.toBeNull();
  expect(new URL(url!).port).toBe(new URL(inject('pgServerUrl')).port);
  const client = new pg.Client({ connectionString: url! });
  await client.connect();
  await client.end();
  expect(await runningEmbeddedUrl({ dataDir: work })).toBeNull();
});

async function readManifest(file: string): Promise<Manifest> {
  for await (const entry of readArchive(file)) {
    const parts: Buffer[] = [];
    for await (const chunk of entry.body) parts.push(chunk);
    return JSON.parse(Buffer.concat(parts).toString('utf8')) as Manifest;
  }
  throw new Error('empty archive');
}
