// npm run bench -- generate [--contacts N] [--journal N] [--hot N]   load a large workspace (COPY)
// npm run bench -- generate-small [--workspaces 2000] [--contacts 500]   small workspaces beside it (searched too)
// npm run bench -- http [--iterations N] [--only name] [--seed N] [--explain] [--slowest N]
//   p50/p95 over HTTP against the real app, and the timeline's own SQL timed in the database;
//   --explain prints EXPLAIN (ANALYZE, BUFFERS) of every query a scenario's request (or --path) makes;
//   --slowest N lists the N slowest requests of each scenario.
// npm run bench -- mixed [--writers 20 --readers 20 --seconds 30 --seed N]   concurrent writes and reads
// npm run bench -- browser [--iterations N --seed N]   first load, search and contact page in Chromium
// npm run bench -- throughput [--connections 50 --seconds 20 --only name --seed N]   req/s (autocannon)
// npm run bench -- conversations-generate [--messages 1000000 --hot 50000]   messages and inbox rows (COPY)
// npm run bench -- conversations [--iterations N --seed N]   thread and inbox pages, p50/p95 over HTTP
// npm run bench -- ingest [--messages 100000 --connections 32 --seed N]   inbound email + SMS webhooks: messages/s, replayed
// npm run bench -- pipelines-generate [--opportunities 100000]   open deals in one pipeline of 8 stages (COPY)
// npm run bench -- pipelines [--iterations N --seed N]   board, card move and forecast, p50/p95 over HTTP
// npm run bench -- relationships-generate [--links 300000 --relations 200000 --hot 5000]   links and relations (COPY)
// npm run bench -- relationships [--iterations N --seed N]   a business's first page of persons, p50/p95 over HTTP
// npm run bench -- live [--iterations N --gap 200 --seed N]   webhook answered → event and text in another browser
// npm run bench -- segments [--iterations N --seed N]   field change → target-market membership current, p50/p95
// npm run bench -- export [--format csv|vcard] [--job]   the whole workspace's list downloaded (or prepared as a job): time, rows/s, server memory
// npm run bench -- import [--rows 1000000 --existing 20000 --seed N]   a Google Contacts CSV imported end to end: phases, rows/s, server RSS
// npm run bench -- cpu [--iterations N --only list --seed N]   the server's own CPU a request (its thread, read from /proc), its statements
// npm run bench -- compression [--seed N]   real answers compressed by brotli's qualities and gzip: CPU a call, bytes
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { API_KEY_PREFIX } from '../server/platform/auth/principal.ts';
import { randomToken, sha256 } from '../server/platform/auth/secrets.ts';
import { startApp } from './app.ts';
import { compressionBench } from './compression.ts';
import { request } from './client.ts';
import { unlessCancelled } from '../server/db/one-trip.ts';
import { benchDir, openBenchDatabase, prewarmContacts, stateFile, type BenchState } from './database.ts';
import { describeMachine } from './machine.ts';
import { generate, generateSmall } from './generate.ts';
import { serve, throughput } from './throughput.ts';
import { cpuBench } from './cpu.ts';
import { browserBench } from './browser.ts';
import { conversationsBench, conversationsGenerate, ingestBench, liveBench } from './conversations.ts';
import { pipelinesBench, pipelinesGenerate } from './pipelines.ts';
import { relationshipsBench, relationshipsGenerate } from './relationships.ts';
import { percentile } from './stats.ts';
import { segmentsBench } from './segments.ts';
import { exportBench } from './export.ts';
import { importBench, serveImport } from './imports.ts';
import { prng } from './words.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    contacts: { type: 'string' },
    workspaces: { type: 'string' },
    journal: { type: 'string', default: '0' },
    hot: { type: 'string' },
    iterations: { type: 'string', default: '200' },
    only: { type: 'string' },
    seed: { type: 'string' },
    explain: { type: 'boolean', default: false },
    slowest: { type: 'string', default: '0' },
    path: { type: 'string' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '15' },
    'keys-only': { type: 'boolean', default: false },
    small: { type: 'boolean', default: false },
    member: { type: 'boolean', default: false },
    cold: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    writers: { type: 'string', default: '20' },
    readers: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '30' },
    messages: { type: 'string' },
    opportunities: { type: 'string' },
    gap: { type: 'string' },
    links: { type: 'string' },
    relations: { type: 'string' },
    format: { type: 'string' },
    job: { type: 'boolean', default: false },
    rows: { type: 'string' },
    existing: { type: 'string' },
  },
});

interface Result {
  name: string;
  p50: number;
  p95: number;
  n: number;
  target: number;
}

interface Scenario {
  name: string;
  target: number;
  /** The request (path under /api/v1) for input i. */
  request: (i: number) => string;
  /** Whose API key asks input i (default: the large workspace's). */
  apiKey?: (i: number) => string;
  /** Checks the answer (a wrong answer fast is no answer). */
  check?: (body: any, i: number) => string | null;
}

interface Captured {
  text: string;
  values: unknown[];
  /** When the app sent it and when the answer came, in ms since the request began. */
  sent: number;
  answered?: number;
}

/**
 * Empties the kernel's file cache (root only; the embedded server started after it has empty buffers too), and says
 * how cold the run really is.
 */
async function dropFileCache(): Promise<string> {
  const external = process.env.DATABASE_URL ? ", but DATABASE_URL's server keeps its own buffers" : '';
  try {
    execFileSync('sync');
    await fs.writeFile('/proc/sys/vm/drop_caches', '3');
    return `file cache dropped, database buffers empty${external}`;
  } catch {
    return `the file cache could not be dropped (not root?), database buffers empty${external}`;
  }
}

async function http(opts: {
  iterations: number;
  only?: string;
  seed: number;
  explain: boolean;
  slowest: number;
  path?: string;
  /** --explain --path asked in the first small workspace instead of the large one. */
  small?: boolean;
  /** Every scenario asked by a member limited to own contacts, with inputs from their own contacts. */
  member?: boolean;
  /** Concurrent writers and readers for a while instead of the one-at-a-time scenarios. */
  mixed?: { writers: number; readers: number; seconds: number };
  /**
   * As after a restart: the kernel's file cache dropped before the embedded server starts (its own buffers start
   * empty) and nothing prewarmed, so the figures include reading from disk.
   */
  cold?: boolean;
}) {
  const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as BenchState;
  const cache = opts.cold ? await dropFileCache() : 'warm';
  const { url, embedded } = await openBenchDatabase();
  const { base, database, close } = await startApp(url);
  // The caller: the admin's key, or (--member) a rep limited to the contacts they own or follow.
  let callerKey = state.apiKey;
  const get = async (p: string, apiKey = callerKey) => {
    const res = await request(`${base}${p}`, { headers: { authorization: `Bearer ${apiKey}` } });
    if (res.status !== 200) throw new Error(`GET ${p} → ${res.status} ${res.text}`);
    return res.json();
  };

  // Every query the app sends through its pool can be captured (for EXPLAIN and the database timings).
  const pool = database.pool;
  let capture: Captured[] | null = null;
  let began = 0;
  // Every client the pool opens is wrapped (pool.query runs on them too, with a callback).
  type Queryable = { query: (...args: unknown[]) => unknown };
  const capturing = (target: Queryable) => {
    const query = target.query.bind(target);
    target.query = (...args: unknown[]) => {
      const [config, params] = args as [string | { text: string; values?: unknown[] }, unknown];
      const c: Captured | null = capture
        ? typeof config === 'string'
          ? { text: config, values: Array.isArray(params) ? params : [], sent: performance.now() - began }
          : {
              text: config.text,
              values: config.values ?? (Array.isArray(params) ? params : []),
              sent: performance.now() - began,
            }
        : null;
      if (c) capture!.push(c);
      const callback = args.findIndex((a) => typeof a === 'function');
      if (c && callback >= 0) {
        const done = args[callback] as (...r: unknown[]) => void;
        args[callback] = (...r: unknown[]) => {
          c.answered = performance.now() - began;
          done(...r);
        };
      }
      const result = query(...args);
      if (c && result instanceof Promise) {
        void result.then(() => (c.answered = performance.now() - began)).catch(() => undefined);
      }
      return result;
    };
  };
  pool.on('connect', (client) => capturing(client as unknown as Queryable));
  // Those it opened while the app started (pg keeps them in _clients).
  for (const client of (pool as unknown as { _clients?: Queryable[] })._clients ?? []) capturing(client);
  const captureQueries = async (p: string, apiKey?: string) => {
    capture = [];
    began = performance.now();
    try {
      await get(p, apiKey);
      return capture;
    } finally {
      capture = null;
    }
  };

  const ws = state.workspaceId;
  let ownerOnly = '';
  if (opts.member) {
    const member = await memberKey(pool, ws);
    callerKey = member.apiKey;
    ownerOnly = `and c.owner_id = '${member.userId}'`;
    console.log(`As ${member.name}, a member limited to own contacts (${member.contacts.toLocaleString()} of them).`);
  }
  const rnd = prng(opts.seed);
  const results: Result[] = [];
  const want = (name: string) => !opts.only || name.toLowerCase().includes(opts.only.toLowerCase());
  const sample = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows;

  try {
    // Steady state, as on a server that has been running: the contact tables and their indexes
    // are read into PostgreSQL's buffer cache first (the journal is left to the disk cache).
    // --cold leaves every cache as a restart leaves it.
    if (cache === 'warm') {
      console.log(await prewarmContacts(pool));
    } else {
      console.log(`Cold: ${cache}; nothing prewarmed.`);
    }
    const { load, cpu, commit } = await describeMachine();
    console.log(`CPU ${cpu}; commit ${commit}; Node ${process.version}.`);
    console.log(
      `Workspace with ${state.contacts.toLocaleString()} contacts, ${state.journal.toLocaleString()} journal entries; ` +
        (opts.mixed
          ? `${opts.mixed.writers} writers and ${opts.mixed.readers} readers for ${opts.mixed.seconds} s`
          : `${opts.iterations} requests per scenario, one at a time`) +
        `; seed ${opts.seed}; load average ${load}.\n`,
    );
    // Inputs a user would bring: random active contacts from all over the table (a Bernoulli
    // sample of rows, not the first blocks), shuffled by the seed.
    const seedSql = opts.seed % 1_000_000;
    const contacts = await sample(
      `select c.id, c.kind, c.last_name from contacts c tablesample bernoulli (0.3) repeatable (${seedSql})
       where c.workspace_id = $1 and c.archived_at is null ${ownerOnly} order by md5(c.id::text || $2) limit 1000`,
      [ws, String(opts.seed)],
    );
    const people = contacts.filter((c) => c.kind === 'person' && c.last_name);
    const fragments = people.map((c) => {
      const name = String(c.last_name).toLowerCase();
      const len = Math.min(name.length, 3 + rnd.int(4));
      const start = rnd.int(name.length - len + 1);
      return name.slice(start, start + len);
    });
    // A typo: one letter of a whole last name replaced by another (what a user mistypes, not a
    // fragment that is sure to match).
    const typos = people.map((c) => {
      const name = String(c.last_name).toLowerCase();
      const at = rnd.int(name.length);
      const letters = 'abcdefghijklmnopqrstuvwxyz'.replace(name[at]!, '');
      return name.slice(0, at) + letters[rnd.int(letters.length)] + name.slice(at + 1);
    });
    const emails = (
      await sample(
        `select e.email from contact_emails e tablesample bernoulli (0.3) repeatable (${seedSql})
         join contacts c on c.workspace_id = e.workspace_id and c.id = e.contact_id and c.archived_at is null ${ownerOnly}
         where e.workspace_id = $1 order by md5(e.id::text || $2) limit 1000`,
        [ws, String(opts.seed)],
      )
    ).map((r) => String(r.email));
    const pairs = await sample(
      `select t.tag_id, c.owner_id from contacts c tablesample bernoulli (0.3) repeatable (${seedSql})
       cross join lateral unnest(c.tag_ids) t(tag_id)
       where c.workspace_id = $1 and c.archived_at is null ${ownerOnly} order by md5(c.id::text || t.tag_id::text || $2) limit 1000`,
      [ws, String(opts.seed)],
    );
    const ids = contacts.map((c) => String(c.id));
    const pick = <T>(list: T[], i: number) => list[i % list.length]!;

    if (opts.mixed) {
      await mixed({ ...opts.mixed, base, apiKey: callerKey, ids, rnd, sample });
      return;
    }

    const scenarios: Scenario[] = [
      {
        name: 'search: 3+ character name fragment',
        target: 40,
        request: (i) => `/contacts?q=${encodeURIComponent(pick(fragments, i))}&limit=25`,
      },
      // The same fragments asked in a small workspace: its search must not pay for the large one's rows.
      ...(state.small
        ? [
            {
              name: `search: same fragments, ${state.small.workspaces.length.toLocaleString()} × ${state.small.contacts.toLocaleString()}-contact workspaces`,
              target: 20,
              // Each request in another small workspace, as many small teams would ask.
              apiKey: (i: number) => pick(state.small!.workspaces, i * 7919).apiKey,
              request: (i: number) => `/contacts?q=${encodeURIComponent(pick(fragments, i))}&limit=25`,
            },
          ]
        : []),
      {
        name: 'search: a last name with one letter changed',
        target: 80,
        request: (i) => `/contacts?q=${encodeURIComponent(pick(typos, i))}&limit=25`,
      },
      {
        name: 'exact email lookup',
        target: 8,
        request: (i) => `/contacts?q=${encodeURIComponent(pick(emails, i))}&limit=25`,
        check: (body, i) =>
          body.data.length === 1 && String(body.data[0].primaryEmail ?? '').length > 0
            ? null
            : `expected exactly the contact with ${pick(emails, i)}`,
      },
      {
        name: 'list: tag + owner filter, first page',
        target: 70,
        request: (i) => `/contacts?tags=${pick(pairs, i).tag_id}&ownerId=${pick(pairs, i).owner_id}&limit=50`,
        check: (body) => (body.data.length > 0 ? null : 'expected at least the sampled contact'),
      },
      {
        // The contact list as it opens (a member sees the contacts they own or follow), either way round.
        name: 'list: every contact, first page by name',
        target: 70,
        request: (i) => `/contacts?sort=${i % 2 ? '-name' : 'name'}&limit=50`,
        check: (body) => (body.data.length === 50 ? null : 'expected a full page'),
      },
      {
        name: 'GET contact profile',
        target: 8,
        request: (i) => `/contacts/${pick(ids, i)}`,
      },
      {
        name: 'duplicate candidates of a contact',
        target: 50,
        request: (i) => `/contacts/${pick(ids, i)}/duplicates`,
      },
    ];

    const timeline: Scenario[] = [];
    if (state.journal > 0 && want('timeline') && !opts.path && opts.member) {
      // The member's own contacts (the hot ones are the admin's to see).
      timeline.push({
        name: 'timeline: first page',
        target: 8,
        request: (i) => `/contacts/${pick(ids, i)}/timeline?limit=50`,
      });
    } else if (state.journal > 0 && want('timeline') && !opts.path) {
      const hot = state.hotContactIds;
      // The cursor of a hot contact's 5,000th entry in the view asked for (API cursor format).
      const deepCursor = async (id: string, focus: boolean) => {
        const [r] = await sample(
          `select occurred_at, id from journal_entries where workspace_id = $1 and contact_id = $2
           ${focus ? `and category = 'focus'` : ''} order by occurred_at desc, id desc offset 4999 limit 1`,
          [ws, id],
        );
        return r ? Buffer.from(JSON.stringify([r.occurred_at.toISOString(), r.id])).toString('base64url') : null;
      };
      // A smaller journal (generate --journal 1000000) leaves hot contacts short of 5,000 entries:
      // the deep-page scenarios are then left out.
      const deeps = await Promise.all(hot.map((id) => deepCursor(id, false)));
      const deepFoci = await Promise.all(hot.map((id) => deepCursor(id, true)));
      const deep = deeps.every(Boolean) ? (deeps as string[]) : null;
      const deepFocus = deepFoci.every(Boolean) ? (deepFoci as string[]) : null;
      // Ordinary contacts with every fourth request on a hot one.
      const firstPageContact = (i: number) => (i % 4 === 3 ? pick(hot, i >> 2) : pick(ids, i));
      timeline.push(
        {
          name: 'timeline: first page',
          target: 8,
          request: (i) => `/contacts/${firstPageContact(i)}/timeline?limit=50`,
        },
        {
          name: 'timeline: first page, focus + 2 kinds (hot)',
          target: 8,
          request: (i) =>
            `/contacts/${pick(hot, i)}/timeline?category=focus&kinds=note.created,task.completed&limit=50`,
        },
      );
      if (deep && deepFocus) {
        timeline.push(
          {
            name: 'timeline: deep page at entry 5,000 (hot)',
            target: 8,
            request: (i) => `/contacts/${pick(hot, i)}/timeline?limit=50&cursor=${pick(deep, i)}`,
          },
          {
            name: 'timeline: deep page at entry 5,000, focus (hot)',
            target: 8,
            request: (i) => `/contacts/${pick(hot, i)}/timeline?category=focus&limit=50&cursor=${pick(deepFocus, i)}`,
          },
        );
      }
    }

    const measure = async (
      name: string,
      target: number,
      run: (i: number) => Promise<boolean | void>,
      describe?: (i: number) => string,
    ) => {
      for (let i = 0; i < Math.min(20, opts.iterations); i++) await run(i); // warm-up: plans, connections
      const times: number[] = [];
      const slow: { ms: number; i: number }[] = [];
      let found = 0;
      for (let i = 0; i < opts.iterations; i++) {
        const t0 = performance.now();
        if (await run(i)) found++;
        const ms = performance.now() - t0;
        times.push(ms);
        slow.push({ ms, i });
      }
      if (opts.slowest && describe) {
        slow.sort((a, b) => b.ms - a.ms);
        for (const x of slow.slice(0, opts.slowest))
          console.log(`    ${x.ms.toFixed(1).padStart(7)} ms  ${describe(x.i)}`);
      }
      times.sort((a, b) => a - b);
      const r = { name, p50: percentile(times, 50), p95: percentile(times, 95), n: opts.iterations, target };
      console.log(
        `${name.padEnd(56)} p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms  ` +
          `${r.p95 <= target ? '✓' : '✗'} (target p95 ≤ ${target} ms)`,
      );
      // What a search answered, beside how fast: a typo found nothing, or its contacts.
      if (describe && name.startsWith('search'))
        console.log(`${''.padEnd(57)}${found} of ${opts.iterations} answers list a contact`);
      results.push(r);
    };

    const explain = async (s: Scenario) => {
      console.log(`\n━━ ${s.name}: ${s.request(0)}`);
      // Warm, as in the timed runs (which warm up before measuring).
      for (let k = 0; k < 3; k++) await get(s.request(0), s.apiKey?.(0));
      const t0 = performance.now();
      await get(s.request(0), s.apiKey?.(0));
      console.log(`(request: ${(performance.now() - t0).toFixed(1)} ms warm)`);
      const queries = await captureQueries(s.request(0), s.apiKey?.(0));
      const answered = performance.now() - began;
      console.log('(queries as the app sent them, ms from the start of the request:)');
      for (const q of queries) {
        console.log(
          `  ${q.sent.toFixed(1).padStart(6)} → ${(q.answered ?? NaN).toFixed(1).padStart(6)}  ${q.text.replace(/\s+/g, ' ').slice(0, 110)}`,
        );
      }
      console.log(`  ${answered.toFixed(1).padStart(6)}  the response received`);
      for (const q of queries) {
        // A read sent with planner settings around it (server/db/one-trip.ts) is explained with them.
        const [, set = '', text = q.text, reset = ''] =
          /^((?:set \w+ = '[^']*'; )+)([\s\S]*); ((?:reset \w+; )+)$/.exec(q.text) ?? [];
        if (!/^\s*(select|with)\b/i.test(text) || /^select pg_notify/i.test(text)) continue;
        const results = (await pool.query(
          `${set}explain (analyze, buffers) ${text}${set ? `; ${reset}` : ''}`,
          q.values,
        )) as unknown as pg.QueryResult | pg.QueryResult[];
        const plan = Array.isArray(results) ? results.find((r) => r.command === 'EXPLAIN')! : results;
        console.log(
          `\n${set}${text}\n${JSON.stringify(q.values)}\n${plan.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`,
        );
      }
    };

    if (opts.explain && opts.path) {
      const small = opts.small ? state.small?.workspaces[0] : undefined;
      if (opts.small && !small) throw new Error('No small workspaces: run generate-small first');
      await explain({ name: 'request', target: 0, request: () => opts.path!, apiKey: small && (() => small.apiKey) });
      return;
    }
    for (const s of [...scenarios, ...timeline]) {
      if (!want(s.name)) continue;
      if (opts.explain) {
        await explain(s);
        continue;
      }
      await measure(
        s.name,
        s.target,
        async (i) => {
          const body = await get(s.request(i), s.apiKey?.(i));
          const wrong = s.check?.(body, i);
          if (wrong) throw new Error(`${s.name}: ${wrong}`);
          return Array.isArray(body.data) && body.data.length > 0;
        },
        s.request,
      );
    }

    // The timeline's own query, as the app sends it (captured from a request), timed in the database.
    if (!opts.explain) {
      // Every statement a request sends, replayed one after the other on one connection (with the
      // planner settings the app set): the physical floor of the request, and API ÷ SQL beside it.
      for (const s of [...scenarios, ...timeline]) {
        const name = `${s.name} — its SQL alone`;
        const api = results.find((r) => r.name === s.name);
        if (!api) continue;
        const sets: Captured[][] = [];
        for (let i = 0; i < Math.min(40, opts.iterations); i++) {
          // The app's transactions end inside the replay's one: a BEGIN sent with planner settings keeps the settings,
          // and its COMMIT puts them back (a setting left on would slow the statements after it).
          sets.push(
            (await captureQueries(s.request(i), s.apiKey?.(i)))
              .filter((c) => !/^begin$/i.test(c.text.trim()))
              .map((c) =>
                /^(commit|rollback)$/i.test(c.text.trim())
                  ? { ...c, text: 'reset all', values: [] }
                  : { ...c, text: c.text.replace(/^\s*begin;\s*/i, '') },
              ),
          );
        }
        const replay = async (i: number) => {
          const client = await pool.connect();
          try {
            await client.query('begin');
            for (const q of pick(sets, i)) {
              // A statement sent with a time budget may be cancelled, as the app's was: in a savepoint, so the replay
              // goes on as the app did.
              if (!q.text.includes('statement_timeout')) {
                await client.query(q.text, q.values);
                continue;
              }
              await client.query('savepoint budget');
              try {
                await client.query(q.text, q.values);
                await client.query('release savepoint budget');
              } catch (err) {
                unlessCancelled(err);
                await client.query('rollback to savepoint budget');
              }
            }
            await client.query('commit');
          } finally {
            client.release();
          }
        };
        await measure(name, s.target, replay);
        const sql = results[results.length - 1]!;
        console.log(
          `${''.padEnd(56)} API ÷ SQL: p50 ${(api.p50 / sql.p50).toFixed(2)}×, p95 ${(api.p95 / sql.p95).toFixed(2)}× ` +
            `${api.p50 / sql.p50 <= 1.5 ? '✓' : '✗'} (target ≤ 1.5×)`,
        );
        // The figures above set first requests (most of them read once, pages not yet in memory) beside statements
        // replayed warm. The same requests each followed by their own statements, alternately, compare like with like:
        // what the server adds to the database's time.
        const pair = { api: [] as number[], sql: [] as number[] };
        for (let i = 0; i < opts.iterations; i++) {
          const k = i % sets.length;
          let t0 = performance.now();
          await get(s.request(k), s.apiKey?.(k));
          pair.api.push(performance.now() - t0);
          t0 = performance.now();
          await replay(k);
          pair.sql.push(performance.now() - t0);
        }
        const [apiP50, sqlP50] = [pair.api, pair.sql].map((t) =>
          percentile(
            [...t].sort((a, b) => a - b),
            50,
          ),
        );
        console.log(
          `${''.padEnd(56)} the same ${sets.length} requests and their SQL, alternately: p50 ${apiP50!.toFixed(1)} ÷ ` +
            `${sqlP50!.toFixed(1)} ms = ${(apiP50! / sqlP50!).toFixed(2)}× ${apiP50! / sqlP50! <= 1.5 ? '✓' : '✗'}`,
        );
      }
      for (const s of timeline) {
        const name = s.name.replace('timeline:', 'timeline in the database:');
        if (!want(name)) continue;
        const queries: Captured[] = [];
        for (let i = 0; i < Math.min(40, opts.iterations); i++) {
          const q = (await captureQueries(s.request(i))).find((c) => /from "journal_entries"/.test(c.text));
          if (!q) throw new Error(`${s.name}: no journal query captured`);
          queries.push(q);
        }
        await measure(name, 10, async (i) => {
          await pool.query(pick(queries, i).text, pick(queries, i).values);
        });
      }
      const out = path.join(benchDir, 'out');
      await fs.mkdir(out, { recursive: true });
      await fs.writeFile(
        path.join(out, `results-${Date.now()}.json`),
        JSON.stringify(
          { state: { ...state, apiKey: undefined }, seed: opts.seed, load, cpu, commit, results },
          null,
          2,
        ),
      );
    }
  } finally {
    await close();
    await embedded?.stop();
  }
}

/**
 * An API key of the rep who owns the most contacts, limited to own contacts. Keys act for their
 * creator and only admins make them through the API, so the bench writes this one itself.
 */
async function memberKey(pool: pg.Pool, workspaceId: string) {
  const { rows } = await pool.query<{ id: string; name: string; n: number }>(
    `select u.id, u.name, count(*)::int as n from users u
     join contacts c on c.workspace_id = u.workspace_id and c.owner_id = u.id
     where u.workspace_id = $1 and u.role = 'member' group by u.id, u.name order by n desc limit 1`,
    [workspaceId],
  );
  const user = rows[0]!;
  await pool.query(`update users set contact_access = 'own' where workspace_id = $1 and id = $2`, [
    workspaceId,
    user.id,
  ]);
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  await pool.query(
    `insert into api_keys (workspace_id, id, name, role, prefix, key_hash, created_by)
     values ($1, $2, 'Benchmark (member)', 'member', $3, $4, $5)`,
    [workspaceId, randomUUID(), key.slice(0, API_KEY_PREFIX.length + 6), sha256(key), user.id],
  );
  return { apiKey: key, userId: user.id, name: user.name, contacts: user.n };
}

interface Side {
  times: number[];
  errors: Map<string, number>;
}

const report = (name: string, side: Side, seconds: number) => {
  const t = [...side.times].sort((a, b) => a - b);
  const errors = [...side.errors].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
  console.log(
    `${name.padEnd(8)} ${String(t.length).padStart(6)} requests  ${(t.length / seconds).toFixed(1).padStart(6)} req/s  ` +
      `p50 ${percentile(t, 50).toFixed(1)} ms  p95 ${percentile(t, 95).toFixed(1)} ms  p99 ${percentile(t, 99).toFixed(1)} ms  errors: ${errors}`,
  );
};

/**
 * Writers editing contacts and adding notes and tasks while readers open profiles and timelines.
 * Each writer owns a disjoint set of contacts, so at the end every contact's value must be that
 * writer's last successful PATCH, and every note and task answered 201 must exist.
 */
async function mixed(opts: {
  writers: number;
  readers: number;
  seconds: number;
  base: string;
  apiKey: string;
  ids: string[];
  rnd: ReturnType<typeof prng>;
  sample: (sql: string, params?: unknown[]) => Promise<any[]>;
}) {
  const headers = { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json' };
  const marker = `bench-mixed-${Date.now()}`;
  const until = performance.now() + opts.seconds * 1000;
  const writes: Side = { times: [], errors: new Map() };
  const reads: Side = { times: [], errors: new Map() };
  let conflicts = 0;
  const noteIds: string[] = [];
  const taskIds: string[] = [];
  const lastWrite = new Map<string, string>();
  const timed = async (side: Side, ok: number[], p: string, init: RequestInit = {}) => {
    const t0 = performance.now();
    const res = await fetch(`${opts.base}${p}`, { ...init, headers: { ...headers, ...init.headers } });
    const body = await res.text();
    side.times.push(performance.now() - t0);
    if (!ok.includes(res.status)) {
      const key = `${init.method ?? 'GET'} ${res.status}`;
      side.errors.set(key, (side.errors.get(key) ?? 0) + 1);
    }
    return { status: res.status, body: body ? JSON.parse(body) : null };
  };
  const writer = async (w: number) => {
    const own = opts.ids.filter((_, i) => i % opts.writers === w);
    const version = new Map<string, number>();
    for (let n = 0; performance.now() < until; n++) {
      const id = own[opts.rnd.int(own.length)]!;
      const op = opts.rnd.int(3);
      if (op === 0) {
        const value = `${marker} w${w} #${n}`;
        // The version the writer last saw; on a conflict it reloads and tries again.
        for (;;) {
          if (!version.has(id)) version.set(id, (await timed(writes, [200], `/contacts/${id}`)).body.version);
          const r = await timed(writes, [200, 409], `/contacts/${id}`, {
            method: 'PATCH',
            headers: { 'if-match': `"${version.get(id)}"` },
            body: JSON.stringify({ source: value }),
          });
          if (r.status === 409) {
            conflicts++;
            version.delete(id);
            continue;
          }
          if (r.status === 200) {
            version.set(id, r.body.version);
            lastWrite.set(id, value);
          }
          break;
        }
      } else {
        const kind = op === 1 ? 'notes' : 'tasks';
        const body = op === 1 ? { title: `${marker} w${w} #${n}` } : { title: `${marker} w${w} #${n}` };
        const r = await timed(writes, [201], `/contacts/${id}/${kind}`, {
          method: 'POST',
          body: JSON.stringify(body),
        });
        if (r.status === 201) (op === 1 ? noteIds : taskIds).push(r.body.id);
        // Notes and tasks may move the contact's version; the next PATCH finds out by a 409.
      }
    }
  };
  const reader = async () => {
    for (let n = 0; performance.now() < until; n++) {
      const id = opts.ids[opts.rnd.int(opts.ids.length)]!;
      await timed(reads, [200], n % 2 ? `/contacts/${id}/timeline?limit=50` : `/contacts/${id}`);
    }
  };
  const t0 = performance.now();
  await Promise.all([
    ...Array.from({ length: opts.writers }, (_, w) => writer(w)),
    ...Array.from({ length: opts.readers }, () => reader()),
  ]);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${opts.writers} writers, ${opts.readers} readers, ${seconds.toFixed(1)} s:`);
  report('writes', writes, seconds);
  report('reads', reads, seconds);
  console.log(`version conflicts (409, retried): ${conflicts}`);

  // No write lost: every note and task answered 201 exists, every contact holds its last PATCH.
  const [notes] = await opts.sample(`select count(*)::int as n from notes where id = any($1::uuid[])`, [noteIds]);
  const [tasks] = await opts.sample(`select count(*)::int as n from tasks where id = any($1::uuid[])`, [taskIds]);
  let lost = 0;
  for (const [id, value] of lastWrite) {
    const res = await fetch(`${opts.base}/contacts/${id}`, { headers });
    if (((await res.json()) as { source?: string }).source !== value) lost++;
  }
  console.log(
    `notes ${notes.n}/${noteIds.length} found, tasks ${tasks.n}/${taskIds.length} found, ` +
      `contacts holding their last PATCH ${lastWrite.size - lost}/${lastWrite.size}: ` +
      (lost || notes.n !== noteIds.length || tasks.n !== taskIds.length ? 'WRITES LOST' : 'no write lost'),
  );
}

const command = positionals[0];
if (command === 'generate') {
  await generate({
    contacts: Number(values.contacts ?? 1_000_000),
    journal: Number(values.journal),
    hot: Number(values.hot ?? 20),
  });
} else if (command === 'generate-small') {
  await generateSmall({
    contacts: Number(values.contacts ?? 500),
    workspaces: Number(values.workspaces ?? 2_000),
    keysOnly: values['keys-only'],
  });
} else if (command === 'browser') {
  await browserBench({
    iterations: Number(values.iterations),
    seed: values.seed ? Number(values.seed) : Math.floor(Math.random() * 1_000_000),
  });
} else if (command === 'cpu') {
  await cpuBench({
    iterations: Number(values.iterations),
    seed: values.seed ? Number(values.seed) : Math.floor(Math.random() * 1_000_000),
    only: values.only,
  });
} else if (command === 'compression') {
  await compressionBench({
    seed: values.seed ? Number(values.seed) : Math.floor(Math.random() * 1_000_000),
    answers: 20,
    rounds: 200,
  });
} else if (command === 'serve') {
  await serve();
} else if (command === 'throughput') {
  await throughput({
    connections: Number(values.connections),
    seconds: Number(values.seconds),
    seed: values.seed ? Number(values.seed) : Math.floor(Math.random() * 1_000_000),
    only: values.only,
    cpuProf: values['cpu-prof'],
    warmup: Number(values.warmup),
  });
} else if (command === 'conversations-generate') {
  await conversationsGenerate({
    messages: Number(values.messages ?? 1_000_000),
    hot: Number(values.hot ?? 50_000),
    seed: values.seed ? Number(values.seed) : 42,
  });
} else if (command === 'conversations') {
  await conversationsBench({
    iterations: Number(values.iterations),
    seed: values.seed ? Number(values.seed) : Math.floor(Math.random() * 1_000_000),
  });
} else if (command === 'export') {
  await exportBench({ format: values.format === 'vcard' ? 'vcard' : 'csv', job: Boolean(values.job) });
} else if (command === 'segments') {
  await segmentsBench({
    iterations: Number(values.iterations),
    seed: values.seed ? Number(values.seed) : Math.floor(Math.random() * 1_000_000),
  });
} else if (command === 'import') {
  await importBench({
    rows: Number(values.rows ?? 1_000_000),
    existing: Number(values.existing ?? 20_000),
    seed: values.seed ? Number(values.seed) : Math.floor(Math.random() * 1_000_000),
  });
} else if (command === 'serve-import') {
  await serveImport();
} else if (command === 'pipelines-generate') {
  await pipelinesGenerate({
    opportunities: Number(values.opportunities ?? 100_000),
    seed: values.seed ? Number(values.seed) : 42,
  });
} else if (command === 'pipelines') {
  await pipelinesBench({
    iterations: Number(values.iterations),
    seed: values.seed ? Number(values.seed) : Math.floor(Math.random() * 1_000_000),
  });
} else if (command === 'relationships-generate') {
  await relationshipsGenerate({
    links: Number(values.links ?? 300_000),
    relations: Number(values.relations ?? 200_000),
    hotPersons: Number(values.hot ?? 5_000),
    seed: values.seed ? Number(values.seed) : 42,
  });
} else if (command === 'relationships') {
  await relationshipsBench({
    iterations: Number(values.iterations),
    seed: values.seed ? Number(values.seed) : Math.floor(Math.random() * 1_000_000),
  });
} else if (command === 'live') {
  await liveBench({
    iterations: Number(values.iterations),
    gap: Number(values.gap ?? 200),
    seed: values.seed ? Number(values.seed) : Math.floor(Math.random() * 1_000_000),
  });
} else if (command === 'ingest') {
  await ingestBench({
    messages: Number(values.messages ?? 100_000),
    concurrency: values.connections === '50' ? 32 : Number(values.connections),
    cpuProf: values['cpu-prof'],
    seed: values.seed ? Number(values.seed) : Math.floor(Math.random() * 1_000_000),
  });
} else if (command === 'http' || command === 'mixed') {
  await http({
    mixed:
      command === 'mixed'
        ? { writers: Number(values.writers), readers: Number(values.readers), seconds: Number(values.seconds) }
        : undefined,
    iterations: Number(values.iterations),
    only: values.only,
    seed: values.seed ? Number(values.seed) : Math.floor(Math.random() * 1_000_000),
    explain: values.explain,
    slowest: Number(values.slowest),
    path: values.path,
    small: values.small,
    member: values.member,
    cold: values.cold,
  });
} else {
  console.log(
    'Usage: npm run bench -- generate [--contacts 1000000] [--journal 10000000] [--hot 20]\n' +
      '       npm run bench -- generate-small [--workspaces 2000] [--contacts 500]\n' +
      '       npm run bench -- http [--iterations 200] [--only search] [--seed N] [--cold] [--explain [--path /contacts?q=…]] [--slowest N]\n' +
      '       npm run bench -- mixed [--writers 20] [--readers 20] [--seconds 30] [--seed N]\n' +
      '       npm run bench -- browser [--iterations 40] [--seed N]   (after npm run build)\n' +
      '       npm run bench -- throughput [--connections 50] [--seconds 20] [--warmup 15] [--only profile|search|mixed] [--seed N]\n' +
      '       npm run bench -- conversations-generate [--messages 1000000] [--hot 50000]\n' +
      '       npm run bench -- conversations [--iterations 200] [--seed N]\n' +
      '       npm run bench -- pipelines-generate [--opportunities 100000]\n' +
      '       npm run bench -- pipelines [--iterations 200] [--seed N]\n' +
      '       npm run bench -- ingest [--messages 100000] [--connections 32] [--seed N]\n' +
      '       npm run bench -- live [--iterations 100] [--gap 200] [--seed N]\n' +
      '       npm run bench -- relationships-generate [--links 300000] [--relations 200000] [--hot 5000]\n' +
      '       npm run bench -- relationships [--iterations 200] [--seed N]\n' +
      '       npm run bench -- compression [--seed N]',
  );
  process.exitCode = 2;
}
