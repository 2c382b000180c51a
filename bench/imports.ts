// npm run bench -- import [--rows 1000000] [--existing 20000] [--seed N]
// A Google-Contacts-layout CSV of N rows (two emails and two phones each; 5 % rejects — a broken second email —
// and 2 % rows whose first email belongs to a contact already in the workspace), generated from a seed, imported
// end to end over HTTP into a fresh database: a workspace with `--existing` contacts (made first by an untimed
// import), then the upload (streamed to disk, encoding, delimiter, row count, auto-mapping), start, and the
// worker's chunks until the import is "completed" — contacts, emails, phones, tags, journal entries, import rows —
// and a created and an updated contact found by search. The server (API and every worker, as `dossier start` runs
// them) is a child process of its own; its RSS is sampled. Prints the phases, rows/s, CPU, seed and commit.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { withDatabase } from '../server/db/client.ts';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { ensureDatabase, runMigrations } from '../server/db/migrate.ts';
import { createJournalQueues, startJournalWorkers } from '../server/platform/journal/subscribers.ts';
import { createModuleQueues, startModuleWorkers } from '../server/modules/register.ts';
import pg from 'pg';
import { benchDeps } from './app.ts';
import { buildApp } from '../server/app.ts';
import { benchDir } from './database.ts';
import { describeMachine } from './machine.ts';
import { prng } from './words.ts';

const HEADER =
  'First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,Website 1 - Label,Website 1 - Value';
const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hugo', 'Ida', 'Jonas', 'Katrin', 'Lukas'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann'];
const CITIES = ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt', 'Stuttgart'];
const LABELS = ['* myContacts ::: Kunden', '* myContacts ::: Lieferanten', '* myContacts ::: Kunden ::: Messe 2026'];
const DB_NAME = 'dossier_bench_import';

const existingEmail = (k: number) => `existing.${k}@bench-import.example`;
const createdEmail = (i: number) => `contact.${i}@bench-import.example`;

function row(i: number, rnd: ReturnType<typeof prng>, opts: { reject: boolean; duplicateOf: number | null }): string {
  const first = FIRST[rnd.int(FIRST.length)]!;
  const last = LAST[rnd.int(LAST.length)]!;
  const email1 = opts.duplicateOf !== null ? existingEmail(opts.duplicateOf) : createdEmail(i);
  const email2 = opts.reject ? `broken.${i}@@bench-import` : `c${i}@alt.bench-import.example`;
  const mobile = `+49 151 ${String(10_000_000 + i).slice(-8)}`;
  const office = `+49 30 ${20_000_000 + i}`;
  const city = CITIES[rnd.int(CITIES.length)]!;
  // prettier-ignore
  return [
    first, '', last, '', '', '', '', '', '', '', `Firma ${rnd.int(5000)}`, 'Einkauf', '', '', '', '',
    LABELS[rnd.int(LABELS.length)]!, 'Work', email1, 'Home', email2, 'Mobile', mobile, 'Work', office, 'Work', '',
    `Hauptstraße ${rnd.int(200)}`, city, '', '', String(10_000 + rnd.int(89_999)), 'Germany', '', '', '',
  ].join(',');
}

/** The file: 5 % rejects and 2 % duplicates of existing contacts, drawn by the seed (each existing one once). */
async function writeCsv(file: string, rows: number, existing: number, seed: number) {
  const rnd = prng(seed);
  const handle = await fs.open(file, 'w');
  let chunk = `${HEADER}\r\n`;
  let duplicates = 0;
  let rejects = 0;
  // The last row that makes a new contact (neither a reject nor a duplicate): the one looked up by search at the end.
  let lastCreated = -1;
  for (let i = 0; i < rows; i++) {
    const draw = rnd.next();
    const reject = draw < 0.05;
    const duplicateOf = !reject && draw < 0.07 && duplicates < existing ? duplicates++ : null;
    if (reject) rejects++;
    else if (duplicateOf === null) lastCreated = i;
    chunk += `${row(i, rnd, { reject, duplicateOf })}\r\n`;
    if (chunk.length > 1 << 20) {
      await handle.write(chunk);
      chunk = '';
    }
  }
  await handle.write(chunk);
  await handle.close();
  return { duplicates, rejects, lastCreated };
}

/** The child process: the app with every worker on DATABASE_URL, logging at info (the import's phases). */
export async function serveImport(): Promise<void> {
  const { deps, close } = await benchDeps(process.env.DATABASE_URL!, { logLevel: 'info' });
  await createJournalQueues(deps.boss);
  await createModuleQueues(deps.boss);
  await startJournalWorkers(deps);
  await startModuleWorkers(deps);
  const app = await buildApp(deps, { serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;
  console.log(JSON.stringify({ base }));
  await once(process, 'SIGTERM');
  await app.close();
  await close();
  process.exit(0);
}

const statusKb = async (pid: number, field: 'VmRSS' | 'VmHWM') => {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
};

/** WAL written so far and checkpoints begun (pg_stat_checkpointer from PostgreSQL 17, pg_stat_bgwriter before). */
async function walStats(url: string): Promise<{ bytes: number; fpi: number; checkpoints: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const wal = (
      await client.query<{ bytes: string; fpi: string }>('select wal_bytes as bytes, wal_fpi as fpi from pg_stat_wal')
    ).rows[0]!;
    const checkpoints = await client
      .query<{ n: string }>('select num_timed + num_requested as n from pg_stat_checkpointer')
      .catch(() =>
        client.query<{ n: string }>('select checkpoints_timed + checkpoints_req as n from pg_stat_bgwriter'),
      );
    return { bytes: Number(wal.bytes), fpi: Number(wal.fpi), checkpoints: Number(checkpoints.rows[0]!.n) };
  } finally {
    await client.end();
  }
}

export async function importBench(opts: { rows: number; existing: number; seed: number }): Promise<void> {
  const { cpu, commit, load } = await describeMachine();
  console.log(`CPU ${cpu}; Node ${process.version}; commit ${commit}; seed ${opts.seed}; load average ${load}`);
  // A fresh database on the bench's PostgreSQL (embedded under bench/data, or DATABASE_URL's server).
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({ dataDir: path.join(benchDir, 'data'), preferredPort: 54339 });
  const url = withDatabase(process.env.DATABASE_URL ?? embedded!.url, DB_NAME);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${DB_NAME} with (force)`);
  await admin.end();
  await ensureDatabase(url);
  await runMigrations(url);
  const dir = path.join(benchDir, 'out');
  await fs.mkdir(dir, { recursive: true });
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      '--import',
      'tsx',
      new URL('./run.ts', import.meta.url).pathname,
      'serve-import',
    ],
    { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  const logged: Record<string, unknown>[] = [];
  const base = await new Promise<string>((resolve) => {
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (typeof parsed.base === 'string') resolve(parsed.base);
        else if (parsed.msg === 'import written') logged.push(parsed);
      } catch {
        // not ours
      }
    });
  });
  try {
    const stamp = Date.now();
    const signup = await fetch(`${base}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        workspaceName: `Import bench ${stamp}`,
        name: 'Bench Admin',
        email: `import-bench-${stamp}@example.com`,
        password: 'correct horse battery staple',
      }),
    });
    if (signup.status !== 201) throw new Error(`signup → ${signup.status} ${await signup.text()}`);
    const cookie = signup.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await signup.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken };
    const call = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${base}${p}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${p} → ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    type Imp = {
      id: string;
      version: number;
      status: string;
      error: string | null;
      startedAt: string | null;
      progress: Record<string, number | null>;
    };
    const runImport = async (file: string, mode: string) => {
      const form = new FormData();
      form.append('file', await openAsBlob(file, { type: 'text/csv' }), path.basename(file));
      const t0 = performance.now();
      const res = await fetch(`${base}/imports`, { method: 'POST', headers, body: form });
      if (res.status !== 201) throw new Error(`upload → ${res.status} ${await res.text()}`);
      let imp = (await res.json()) as Imp;
      const uploaded = performance.now();
      imp = await call<Imp>('PATCH', `/imports/${imp.id}`, { options: { mode } });
      imp = await call<Imp>('POST', `/imports/${imp.id}/start`);
      let running = 0;
      while (imp.status === 'queued' || imp.status === 'running') {
        await new Promise((r) => setTimeout(r, 200));
        imp = await call<Imp>('GET', `/imports/${imp.id}`);
        if (!running && imp.status !== 'queued') running = performance.now();
      }
      return {
        imp,
        upload: uploaded - t0,
        queued: (running || performance.now()) - uploaded,
        end: performance.now(),
        t0,
      };
    };

    // The contacts the file's duplicates belong to, made by an (untimed) import of their own.
    const existingFile = path.join(dir, 'import-existing.csv');
    await fs.writeFile(
      existingFile,
      `First Name,Last Name,E-mail 1 - Value\r\n${Array.from({ length: opts.existing }, (_, k) => `Old,Contact ${k},${existingEmail(k)}`).join('\r\n')}\r\n`,
    );
    const before = await runImport(existingFile, 'create');
    if (before.imp.status !== 'completed') throw new Error(`seeding the existing contacts: ${before.imp.status}`);
    await fs.rm(existingFile, { force: true });

    const file = path.join(dir, `import-${opts.rows}.csv`);
    const g0 = performance.now();
    const drawn = await writeCsv(file, opts.rows, opts.existing, opts.seed);
    const size = (await fs.stat(file)).size;
    console.log(
      `${opts.rows.toLocaleString()} rows (${(size / 1e6).toFixed(1)} MB, generated in ${((performance.now() - g0) / 1000).toFixed(1)} s): ` +
        `${drawn.rejects.toLocaleString()} rejects, ${drawn.duplicates.toLocaleString()} duplicates of the ${opts.existing.toLocaleString()} existing contacts\n`,
    );

    const walBefore = await walStats(url);
    const rest = await statusKb(child.pid!, 'VmRSS');
    let peak = rest;
    const sampler = setInterval(() => {
      statusKb(child.pid!, 'VmRSS').then(
        (b) => (peak = Math.max(peak, b)),
        () => undefined,
      );
    }, 100);
    const result = await runImport(file, 'upsert').finally(() => clearInterval(sampler));
    // Searchable: a contact created near the end and one of the updated ones, found by the search box.
    const created = await call<{ data: { id: string }[] }>('GET', `/contacts?q=${createdEmail(drawn.lastCreated)}`);
    const lastName = await call<{ data: { id: string }[] }>('GET', `/contacts?q=c${drawn.lastCreated}@alt`);
    const updated = await call<{ data: { id: string; displayName: string }[] }>(
      'GET',
      `/contacts?q=${existingEmail(drawn.duplicates - 1)}`,
    );
    const searchable = performance.now();
    const walAfter = await walStats(url);
    const p = result.imp.progress;
    const total = (searchable - result.t0) / 1000;
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const mb = (b: number) => `${Math.round(b / 1e6)} MB`;
    const phases = logged.at(-1) as Record<string, number> | undefined;
    console.log(`Status                     ${result.imp.status}${result.imp.error ? ` (${result.imp.error})` : ''}`);
    console.log(`Upload + store + count + map ${s(result.upload)}`);
    console.log(`Start → worker running      ${s(result.queued)}`);
    console.log(`Chunks written              ${s(result.end - result.t0 - result.upload - result.queued)}`);
    if (phases) {
      console.log(
        `  in the worker: read + parse ${s(phases.readMs!)}, convert + prepare ${s(phases.prepareMs!)}, ` +
          `waiting for PostgreSQL ${s(phases.waitMs!)}; ${phases.chunks} chunks, ${s(phases.writeMs! / phases.chunks!)} each to write`,
      );
    }
    console.log(`Searchable (3 searches)     ${s(searchable - result.end)}`);
    console.log(`End to end                  ${total.toFixed(1)} s   (target ≤ 90 s at 1,000,000 rows on 2 cores)`);
    console.log(`Rows per second             ${Math.round(opts.rows / total).toLocaleString()}`);
    console.log(
      `Created / updated / rejected ${p.created} / ${p.updated} / ${p.rejected}   (unchanged ${p.unchanged}, skipped ${p.skipped})`,
    );
    console.log(
      `Server RSS                  ${mb(rest)} before, peak ${mb(peak)} (+${mb(peak - rest)}); high-water mark ${mb(await statusKb(child.pid!, 'VmHWM'))}`,
    );
    console.log(
      `WAL written                 ${mb(walAfter.bytes - walBefore.bytes)} (${(walAfter.fpi - walBefore.fpi).toLocaleString()} full-page images), ` +
        `${walAfter.checkpoints - walBefore.checkpoints} checkpoints`,
    );
    console.log(
      `Found by search             created: ${created.data.length === 1 && lastName.data.length === 1 ? 'yes' : 'NO'}, updated: ${updated.data.length === 1 ? `yes (${updated.data[0]!.displayName})` : 'NO'}`,
    );
    await fs.rm(file, { force: true });
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await embedded?.stop();
  }
}
