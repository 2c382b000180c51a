// Loads one large workspace: users, teams, tags, custom fields and calendars through the services,
// then a million contacts (emails, phones, locations, tags, followers, custom values) and a journal
// of millions of entries with COPY, the rows made by the app's own code (see contact-data.ts and
// journal-data.ts). Two generator threads prepare rows while PostgreSQL loads them; keys, indexes
// and foreign keys are rebuilt once after each part (see load.ts). Each part is timed on its own.
import fs from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { systemCtx, type Ctx, type Deps } from '../server/platform/context.ts';
import { createApiKeyForCli } from '../server/seed/seed.ts';
import { createCalendar } from '../server/modules/calendar/calendars.service.ts';
import { syncSearchIndexes } from '../server/modules/contacts/search-indexes.job.ts';
import { loadFieldDefs } from '../server/modules/custom-fields/custom-field-values.ts';
import { insertCustomField } from '../server/modules/custom-fields/custom-fields.service.ts';
import { ensureTags } from '../server/modules/tags/tags.service.ts';
import { createTeam } from '../server/modules/teams/teams.service.ts';
import { insertUser } from '../server/modules/users/users.service.ts';
import { createWorkspace } from '../server/modules/workspaces/workspaces.service.ts';
import {
  checkTimeZones,
  contactId,
  contactTables,
  DAY,
  tables,
  type Block,
  type TableName,
  type Workspace,
} from './contact-data.ts';
import { benchDeps } from './app.ts';
import { benchDir, openBenchDatabase, stateFile, type BenchState } from './database.ts';
import type { WorkerTask } from './gen-worker.ts';
import { journalCounts, pickHot, type JournalPlan } from './journal-data.ts';
import { CopyStream, dropForLoad, restoreAfterLoad } from './load.ts';
import { firstNames, industries, lastNames, prng, tagNames } from './words.ts';

interface Options {
  contacts: number;
  journal: number;
  hot: number;
}

const THREADS = Math.max(1, Math.min(2, os.availableParallelism()));
const CONTACT_BLOCK = 2_000;
const JOURNAL_BLOCK = 20_000;
const workerUrl = new URL('./gen-worker.ts', import.meta.url).href;
const tsxApi = import.meta.resolve('tsx/esm/api');

/** A generator thread running gen-worker.ts through tsx (workers do not inherit --import hooks). */
function spawn(task: WorkerTask): Worker {
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl)}); })`;
  return new Worker(boot, { eval: true, workerData: task });
}

const seconds = (since: number) => (Date.now() - since) / 1000;

async function timed<T>(label: string, times: Record<string, number>, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await fn();
  times[label] = seconds(started);
  console.log(`  ${label}: ${times[label]!.toFixed(1)} s`);
  return result;
}

/** How many people a generated workspace has: the large one 24 reps in three teams of eight. */
interface Staff {
  reps: number;
  teams: number;
}
const largeStaff: Staff = { reps: 24, teams: 3 };

/** The workspace's people and libraries, made through the services like an admin would. */
async function setUp(deps: Deps, opts: Options, seed: number, staff = largeStaff, name = 'Bench') {
  checkTimeZones();
  const rnd = prng(seed);
  const adminEmail = `bench-admin-${seed}-${Date.now()}@bench.test`;
  const { workspace, result: admin } = await createWorkspace(deps, name, (ctx) =>
    insertUser(ctx, { name: 'Bench Admin', email: adminEmail, password: 'bench-password-1', role: 'admin' }),
  );
  const ctx: Ctx = {
    ...systemCtx(deps, workspace.id, { type: 'user', id: admin.id, label: admin.name }),
    principal: { userId: admin.id, role: 'admin', contactAccess: 'all', actsFor: admin.id },
  };
  const people = [{ id: admin.id, name: admin.name }];
  for (let i = 0; i < staff.reps; i++) {
    const u = await insertUser(ctx, {
      name: `${rnd.pick(firstNames)} ${rnd.pick(lastNames)}`,
      email: `rep${i}-${seed}-${Date.now()}@bench.test`,
      password: 'bench-password-1',
      role: 'member',
    });
    people.push({ id: u.id, name: u.name });
  }
  // The reps split evenly into the teams; the admin is in none.
  const perTeam = Math.ceil(staff.reps / staff.teams);
  const teamIds: string[] = [];
  for (let t = 0; t < staff.teams; t++) {
    const members = people.slice(1 + t * perTeam, 1 + (t + 1) * perTeam).map((p) => p.id);
    const team = await createTeam({ ctx, input: { name: `Sales team ${t + 1}`, memberIds: members } });
    teamIds.push(team.id);
  }
  const users = people.map((p, i) => ({
    ...p,
    teamId: i === 0 ? null : teamIds[Math.floor((i - 1) / perTeam)]!,
  }));
  const tags = (await ensureTags(ctx, tagNames)).map((t) => ({ id: t.id, name: t.name }));
  await insertCustomField(ctx, {
    label: 'Industry',
    type: 'single_select',
    options: industries.map((v) => ({ value: v, label: v })),
    required: false,
    appliesToAll: true,
    position: 0,
  });
  await insertCustomField(ctx, {
    label: 'Annual revenue',
    type: 'currency',
    currency: 'EUR',
    required: false,
    appliesToAll: true,
    position: 1,
  });
  const calendars = [];
  for (const [t, teamId] of teamIds.entries()) {
    const c = await createCalendar({ ctx, input: { name: `Team ${t + 1} demos`, color: 'blue', teamId } });
    calendars.push({ id: c.id, name: c.name });
  }
  const now = Date.now();
  const ws: Workspace = {
    id: workspace.id,
    users,
    teamIds,
    tags,
    defs: await loadFieldDefs(ctx),
    contacts: opts.contacts,
    start: now - 3 * 365 * DAY,
    span: 3 * 365 * DAY - DAY,
    seed,
  };
  return { ws, adminEmail, calendars, now };
}

const tableOf: Record<TableName, string> = {
  contacts: 'contacts',
  emails: 'contact_emails',
  phones: 'contact_phones',
  locations: 'contact_locations',
  followers: 'contact_followers',
};

/** Bigger tables' indexes first; trigram GIN builds cost the most per row. */
function buildWeight(rows: Record<string, number>) {
  return (d: { table: string; sql: string }) => (rows[d.table] ?? 0) * (/using gin/i.test(d.sql) ? 5 : 1);
}

/**
 * The contacts part: two threads prepare blocks of contacts; the main thread writes them in
 * contact order (so the tables are in creation order, like a real workspace's) into one COPY per
 * table, and keeps the contact.created entries and display names for the journal part. Several
 * workspaces load in one pass (keys and indexes rebuilt once), one after the other.
 */
async function loadContacts(
  deps: Deps,
  workspaces: Workspace[],
  now: number,
  files: { created: string; names: string },
  times: Record<string, number>,
) {
  const pool = deps.database.pool;
  const started = Date.now();
  const deferred = await dropForLoad(pool, Object.values(tableOf));
  // A location takes its contact's name (migration 0028), and a follow its contact's name, search text, owner and
  // archiving (migration 0037), by row triggers: a lookup per row, which without the contacts' key is a scan per row
  // (and the contact's COPY is not committed yet). They are set by one join each after the load instead.
  await pool.query('alter table contact_locations disable trigger contact_locations_contact_name');
  await pool.query('alter table contact_followers disable trigger contact_followers_contact');
  const streams = {} as Record<TableName, CopyStream>;
  for (const t of contactTables) streams[t] = await CopyStream.open(pool, tables[t].sql);
  const created = createWriteStream(files.created);
  const names = createWriteStream(files.names);
  const write = async (out: NodeJS.WritableStream, text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const pending = new Map<number, Block>();
  let next = 0;
  let missedPhones = 0;
  const workers = Array.from({ length: THREADS }, (_, worker) =>
    spawn({ task: 'contacts', workspaces, now, worker, workers: THREADS, blockSize: CONTACT_BLOCK }),
  );
  let flushing = Promise.resolve();
  const flush = async () => {
    for (let block = pending.get(next); block; block = pending.get(next)) {
      pending.delete(next);
      await Promise.all(contactTables.map((t) => streams[t].write(block.lines[t], block.counts[t])));
      await write(created, block.created);
      await write(names, block.names);
      missedPhones += block.missedPhones;
      workers[next % THREADS]!.postMessage({ credit: 1 });
      next++;
    }
  };
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.on('message', (m: { type: 'block'; b: number; block: Block } | { type: 'done' }) => {
            if (m.type === 'done') return resolve();
            pending.set(m.b, m.block);
            flushing = flushing.then(flush).catch(reject);
          });
          w.on('error', reject);
          w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`generator thread exited with ${code}`))));
        }),
    ),
  );
  await flushing;
  await Promise.all(workers.map((w) => w.terminate()));
  await Promise.all(contactTables.map((t) => streams[t].end()));
  created.end();
  names.end();
  await Promise.all([once(created, 'finish'), once(names, 'finish')]);
  await pool.query(
    `update contact_locations l set contact_name = c.display_name
     from contacts c where c.workspace_id = l.workspace_id and c.id = l.contact_id and l.contact_name is null`,
  );
  await pool.query('alter table contact_locations enable trigger contact_locations_contact_name');
  await pool.query(
    `update contact_followers f set display_name = c.display_name, search_text = c.search_text,
       owner_id = c.owner_id, archived_at = c.archived_at
     from contacts c where c.workspace_id = f.workspace_id and c.id = f.contact_id`,
  );
  await pool.query('alter table contact_followers enable trigger contact_followers_contact');
  times['contacts: generate + COPY'] = seconds(started);
  const rows = Object.fromEntries(contactTables.map((t) => [tableOf[t], streams[t].rows]));
  console.log(
    `  contacts: generate + COPY: ${times['contacts: generate + COPY'].toFixed(1)} s — ${Object.entries(rows)
      .map(([t, n]) => `${n.toLocaleString()} ${t}`)
      .join(', ')}${missedPhones ? ` (${missedPhones} phones left out: no valid number)` : ''}`,
  );
  await timed('contacts: keys, indexes, foreign keys', times, () =>
    restoreAfterLoad(pool, deferred, buildWeight(rows)),
  );
  times['contacts total'] = seconds(started);
  console.log(`  contacts total: ${times['contacts total'].toFixed(1)} s`);
}

/** The journal part: both threads walk the journal in time order, each COPYing its share. */
async function loadJournal(
  deps: Deps,
  url: string,
  plan: JournalPlan,
  files: { created: string; names: string },
  times: Record<string, number>,
) {
  const pool = deps.database.pool;
  const started = Date.now();
  const counts = journalCounts(plan);
  console.log(
    `  journal: ${counts.created.toLocaleString()} contact.created, ${counts.ordinary.toLocaleString()} activity, ` +
      `${counts.hot.toLocaleString()} on ${plan.hot.length} hot contacts, ${counts.archived.toLocaleString()} archives`,
  );
  const deferred = await dropForLoad(pool, ['journal_entries']);
  const results = await Promise.all(
    Array.from(
      { length: THREADS },
      (_, worker) =>
        new Promise<number>((resolve, reject) => {
          const w = spawn({
            task: 'journal',
            plan,
            url,
            createdFile: files.created,
            namesFile: files.names,
            worker,
            workers: THREADS,
            blockSize: JOURNAL_BLOCK,
          });
          w.on('message', (m: { rows: number }) => {
            resolve(m.rows);
            void w.terminate();
          });
          w.on('error', reject);
          w.on('exit', (code) => code !== 0 && reject(new Error(`journal thread exited with ${code}`)));
        }),
    ),
  );
  times['journal: generate + COPY'] = seconds(started);
  console.log(
    `  journal: generate + COPY: ${times['journal: generate + COPY'].toFixed(1)} s — ${results
      .reduce((a, b) => a + b, 0)
      .toLocaleString()} entries`,
  );
  await timed('journal: keys, indexes, foreign keys', times, () =>
    restoreAfterLoad(pool, deferred, buildWeight({ journal_entries: plan.total })),
  );
  times['journal total'] = seconds(started);
  console.log(`  journal total: ${times['journal total'].toFixed(1)} s`);
}

/** The app's services on the bench database, as generate and generate-small use them. */
async function openDeps() {
  const { url, embedded } = await openBenchDatabase();
  const { deps, database, close } = await benchDeps(url, { logLevel: 'warn', poolSize: 12 });
  return {
    url,
    deps,
    database,
    close: async () => {
      await close();
      await embedded?.stop();
    },
  };
}

/**
 * Small workspaces (each its own admin and reps, tags, fields and contacts; no journal) beside the
 * large one, so the benchmark can tell what the large workspace's rows — and each other's — cost a
 * small workspace's search. Set up through the services a few at a time; the contacts of all of
 * them load in one pass.
 */
export async function generateSmall(opts: { contacts: number; workspaces: number; keysOnly?: boolean }): Promise<void> {
  const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as BenchState;
  const { deps, database, close } = await openDeps();
  if (opts.keysOnly) {
    // The workspaces are there (a run stopped before its keys): only the keys and state.json.
    try {
      state.small = { workspaces: await smallWorkspaceKeys(deps), contacts: opts.contacts };
      await fs.writeFile(stateFile, JSON.stringify(state, null, 2));
      console.log(`Done. ${state.small.workspaces.length} workspaces recorded.`);
    } finally {
      await close();
    }
    return;
  }
  const times: Record<string, number> = {};
  const tmp = path.join(benchDir, 'data', 'tmp');
  await fs.mkdir(tmp, { recursive: true });
  const files = { created: path.join(tmp, 'contact-created.copy'), names: path.join(tmp, 'display-names.txt') };
  try {
    console.log(
      `Generating ${opts.workspaces.toLocaleString()} workspaces of ${opts.contacts.toLocaleString()} contacts beside the large one`,
    );
    const made: Workspace[] = [];
    let now = Date.now();
    await timed('setup (users, teams, tags, fields)', times, async () => {
      let next = 0;
      const setUpNext = async (): Promise<void> => {
        for (let k = next++; k < opts.workspaces; k = next++) {
          const size = { contacts: opts.contacts, journal: 0, hot: 0 };
          const r = await setUp(deps, size, 20261204 + k, { reps: 2, teams: 1 }, `Small ${k + 1}`);
          made[k] = r.ws;
          now = r.now;
          if ((k + 1) % 250 === 0) console.log(`    ${k + 1} workspaces set up`);
        }
      };
      await Promise.all(Array.from({ length: 4 }, setUpNext));
    });
    await loadContacts(deps, made, now, files, times);
    // Vacuumed, not only analyzed, as autovacuum leaves a table after a bulk load: the visibility map
    // set lets a search walk the name index alone (index-only scans).
    await timed('vacuum and analyze', times, async () => {
      await database.pool.query('vacuum (analyze)');
    });
    // As the app's hourly job would: a workspace this large gets a search index of its own.
    await timed('search indexes', times, () => syncSearchIndexes(database));
    const keys = await timed('API keys', times, () => smallWorkspaceKeys(deps));
    state.small = { workspaces: keys, contacts: opts.contacts };
    await fs.writeFile(stateFile, JSON.stringify(state, null, 2));
    console.log(`Done. ${keys.length} workspaces recorded in ${path.relative(process.cwd(), stateFile)}`);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
    await close();
  }
}

/** An API key for the admin of every small workspace, a few at a time (the pool holds 12 connections). */
async function smallWorkspaceKeys(deps: Deps): Promise<{ workspaceId: string; apiKey: string }[]> {
  const { rows } = await deps.database.pool.query<{ workspace_id: string; email: string }>(
    `select w.id as workspace_id, u.email from workspaces w
     join users u on u.workspace_id = w.id and u.role = 'admin'
     where w.name like 'Small %' order by w.created_at`,
  );
  const keys: { workspaceId: string; apiKey: string }[] = [];
  let next = 0;
  const work = async () => {
    for (let k = next++; k < rows.length; k = next++) {
      const r = rows[k]!;
      keys[k] = {
        workspaceId: r.workspace_id,
        apiKey: await createApiKeyForCli(deps, r.email, 'Benchmark (small workspace)'),
      };
    }
  };
  await Promise.all(Array.from({ length: 4 }, work));
  return keys;
}

export async function generate(opts: Options): Promise<void> {
  const { url, deps, database, close } = await openDeps();
  const times: Record<string, number> = {};
  const tmp = path.join(benchDir, 'data', 'tmp');
  await fs.mkdir(tmp, { recursive: true });
  const files = { created: path.join(tmp, 'contact-created.copy'), names: path.join(tmp, 'display-names.txt') };

  try {
    console.log(
      `Generating ${opts.contacts.toLocaleString()} contacts and ${opts.journal.toLocaleString()} journal entries ` +
        `(${THREADS} generator threads)`,
    );
    const { ws, adminEmail, calendars, now } = await timed('setup (users, teams, tags, fields)', times, () =>
      setUp(deps, opts, 20261123),
    );
    await loadContacts(deps, [ws], now, files, times);
    const hot = opts.journal > 0 ? pickHot(ws, opts.hot, now) : [];
    if (opts.journal > 0) {
      await loadJournal(deps, url, { ws, total: opts.journal, now, hot, calendars }, files, times);
    }
    // Vacuumed, not only analyzed, as autovacuum leaves a table after a bulk load: the visibility map
    // set lets a search walk the name index alone (index-only scans).
    await timed('vacuum and analyze', times, async () => {
      await database.pool.query('vacuum (analyze)');
    });
    // As the app's hourly job would: a workspace this large gets a search index of its own.
    await timed('search indexes', times, () => syncSearchIndexes(database));

    const apiKey = await createApiKeyForCli(deps, adminEmail, 'Benchmark');
    const state: BenchState = {
      workspaceId: ws.id,
      apiKey,
      contacts: opts.contacts,
      journal: opts.journal,
      hotContactIds: hot.map((i) => contactId(ws, i)),
      generatedAt: new Date().toISOString(),
      generateSeconds: times,
    };
    await fs.mkdir(path.dirname(stateFile), { recursive: true });
    await fs.writeFile(stateFile, JSON.stringify(state, null, 2));
    const { rows } = await database.pool.query<{ size: string; without: string }>(
      `select pg_size_pretty(pg_database_size(current_database())) as size,
              pg_size_pretty(pg_database_size(current_database()) - pg_total_relation_size('journal_entries')) as without`,
    );
    console.log(
      `Done. Database size: ${rows[0]!.size} (${rows[0]!.without} without the journal). State in ${path.relative(process.cwd(), stateFile)}`,
    );
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
    await close();
  }
}
