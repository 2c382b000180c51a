// Requests per second at many connections (autocannon), with the server in a child process of its
// own so the load generator does not share its event loop. Scenarios: the profile, search, and a
// mix of 70 % profile/timeline reads, 20 % list/search and 10 % writes (notes), checked afterwards
// for lost writes: every note answered 201 must be in the database.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import readline from 'node:readline';
import autocannon from 'autocannon';
import pg from 'pg';
import { startApp } from './app.ts';
import { openBenchDatabase, prewarmContacts, stateFile, type BenchState } from './database.ts';
import { describeMachine } from './machine.ts';
import { prng } from './words.ts';

/** The child process: the app on DATABASE_URL; prints its base URL, stops on SIGTERM. */
export async function serve(): Promise<void> {
  const { base, close } = await startApp(process.env.DATABASE_URL!, {
    exportWorker: process.env.BENCH_EXPORT_WORKER === '1',
  });
  console.log(JSON.stringify({ base }));
  await once(process, 'SIGTERM');
  await close();
}

/**
 * The requests of the throughput scenarios, drawn from `seed`: contacts sampled from the large workspace (profile,
 * timeline, a note written), name fragments cut from their last names (search, 3-6 letters), tag + owner pairs
 * (list).
 */
export async function requestPickers(pool: pg.Pool, state: BenchState, seed: number) {
  const seedSql = seed % 1_000_000;
  const contacts = (
    await pool.query(
      `select c.id, c.kind, c.last_name from contacts c tablesample bernoulli (0.3) repeatable (${seedSql})
       where c.workspace_id = $1 and c.archived_at is null order by md5(c.id::text || $2) limit 2000`,
      [state.workspaceId, String(seed)],
    )
  ).rows as { id: string; kind: string; last_name: string | null }[];
  const rnd = prng(seed);
  const ids = contacts.map((c) => c.id);
  const fragments = contacts
    .filter((c) => c.last_name)
    .map((c) => {
      const name = c.last_name!.toLowerCase();
      const len = Math.min(name.length, 3 + rnd.int(4));
      const start = rnd.int(name.length - len + 1);
      return name.slice(start, start + len);
    });
  const pairs = (
    await pool.query(
      `select t.tag_id, c.owner_id from contacts c tablesample bernoulli (0.3) repeatable (${seedSql})
       cross join lateral unnest(c.tag_ids) t(tag_id) where c.workspace_id = $1 and c.archived_at is null limit 500`,
      [state.workspaceId],
    )
  ).rows as { tag_id: string; owner_id: string }[];
  const any = <T>(list: T[]) => list[rnd.int(list.length)]!;
  const marker = `bench-throughput-${Date.now()}`;
  let notes = 0;

  const profile = (): Picked => ({ kind: 'read', method: 'GET', path: `/api/v1/contacts/${any(ids)}` });
  const search = (): Picked => ({
    kind: 'search',
    method: 'GET',
    path: `/api/v1/contacts?q=${encodeURIComponent(any(fragments))}&limit=25`,
  });
  const timeline = (): Picked => ({
    kind: 'read',
    method: 'GET',
    path: `/api/v1/contacts/${any(ids)}/timeline?limit=50`,
  });
  const list = (): Picked => {
    const p = any(pairs);
    return {
      kind: 'search',
      method: 'GET',
      path: `/api/v1/contacts?tags=${p.tag_id}&ownerId=${p.owner_id}&limit=50`,
    };
  };
  const note = (): Picked => ({
    kind: 'write',
    method: 'POST',
    path: `/api/v1/contacts/${any(ids)}/notes`,
    body: JSON.stringify({ title: `${marker} #${notes++}` }),
  });
  /** 35 % profiles, 35 % timelines, 10 % searches, 10 % tag + owner lists, 10 % notes written. */
  const mixed = (): Picked => {
    const x = rnd.next();
    if (x < 0.35) return profile();
    if (x < 0.7) return timeline();
    if (x < 0.8) return search();
    if (x < 0.9) return list();
    return note();
  };
  return { profile, search, timeline, list, note, mixed };
}

type Kind = 'read' | 'search' | 'write';
export interface Picked {
  kind: Kind;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/**
 * The app in a child process of its own (`serve`), so the load generator does not share its event
 * loop; `cpuProf` writes the server's CPU profile to bench/out/prof (see bench/README.md).
 */
export async function serverProcess(
  url: string,
  cpuProf = false,
  opts: { exportWorker?: boolean } = {},
): Promise<{ child: ChildProcess; base: string }> {
  const prof = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${new URL('./out/prof', import.meta.url).pathname}`] : [];
  const child = spawn(
    process.execPath,
    [...prof, '--import', 'tsx', new URL('./run.ts', import.meta.url).pathname, 'serve'],
    {
      env: { ...process.env, DATABASE_URL: url, BENCH_EXPORT_WORKER: opts.exportWorker ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [line] = (await once(readline.createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, base: (JSON.parse(line) as { base: string }).base };
}

export async function throughput(opts: {
  connections: number;
  seconds: number;
  seed: number;
  only?: string;
  cpuProf?: boolean;
  /**
   * Seconds of the same load before each scenario is timed, not counted. A server that has been running has its
   * database connections' processes warm: each maps the shared buffers it touches page by page, and a fresh one
   * spends most of its first seconds on that (a tag + owner list at 20 s from a fresh server: 15-20 ms of CPU a
   * request; the same after 60 s: 11.8). Also Node's compiled code and the app's remembered sizes.
   */
  warmup?: number;
}): Promise<void> {
  const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as BenchState;
  const { url, embedded } = await openBenchDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const { child, base } = await serverProcess(url, opts.cpuProf);
  try {
    const origin = new URL(base).origin;
    const { load, cpu } = await describeMachine();
    console.log(
      `CPU ${cpu}; Node ${process.version}; ` +
        `${state.contacts.toLocaleString()} contacts; ${opts.connections} connections, ${opts.seconds} s per scenario ` +
        `after ${opts.warmup ?? 0} s of the same load (not counted); ` +
        `seed ${opts.seed}; load average ${load}.`,
    );
    console.log(await prewarmContacts(pool));

    const { profile, search, timeline, list, note, mixed } = await requestPickers(pool, state, opts.seed);
    // The mixed workload's parts alone (no target of their own: `--only timeline`, `--only list`, `--only note`)
    // say which part bounds it.
    const scenarios: { name: string; target: number | null; pick: () => Picked }[] = [
      { name: 'profile', target: 1000, pick: profile },
      { name: 'search', target: 150, pick: search },
      {
        name: 'mixed: 70% profile/timeline, 20% list/search, 10% notes written',
        target: 600,
        pick: mixed,
      },
      { name: 'timeline page (part of mixed)', target: null, pick: timeline },
      { name: 'list by tag + owner (part of mixed)', target: null, pick: list },
      { name: 'note written (part of mixed)', target: null, pick: note },
    ];

    for (const s of scenarios) {
      // Without --only, the scenarios with a target; a part of the mixed workload is run when asked for.
      if (opts.only ? !s.name.startsWith(opts.only) : s.target === null) continue;
      const created: string[] = [];
      let writes = 0;
      const drive = (duration: number, counted: boolean) =>
        autocannon({
          url: origin,
          connections: opts.connections,
          duration,
          // As a browser asks: compressed answers (brotli), part of the server's work.
          headers: { authorization: `Bearer ${state.apiKey}`, 'accept-encoding': 'br, gzip' },
          requests: [
            {
              setupRequest: (req, context: { kind?: Kind }) => {
                const p = s.pick();
                context.kind = p.kind;
                if (p.kind === 'write' && counted) writes++;
                // Only a write carries a body and its type (a GET with a JSON type and no body is refused).
                return p.body
                  ? {
                      ...req,
                      method: p.method,
                      path: p.path,
                      body: p.body,
                      headers: { ...req.headers, 'content-type': 'application/json' },
                    }
                  : { method: p.method, path: p.path, headers: req.headers };
              },
              onResponse: (status, body, context: { kind?: Kind }) => {
                if (counted && context.kind === 'write' && status === 201) {
                  created.push((JSON.parse(body) as { id: string }).id);
                }
              },
            },
          ],
        });
      if (opts.warmup) await drive(opts.warmup, false);
      const cpuBefore = await machineCpu();
      const result = await drive(opts.seconds, true);
      const rps = result.requests.average;
      const cpuPerRequest = ((await machineCpu()) - cpuBefore) / Math.max(1, result.requests.total);
      const lost = created.length
        ? created.length -
          Number(
            (await pool.query(`select count(*)::int as n from notes where id = any($1::uuid[])`, [created])).rows[0].n,
          )
        : 0;
      console.log(
        `${s.name.padEnd(62)} ${rps.toFixed(0).padStart(5)} req/s ` +
          (s.target === null ? ' '.repeat(10) : `${rps >= s.target ? '✓' : '✗'} (≥ ${s.target})  `) +
          `p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  max ${result.latency.max} ms  ` +
          `CPU ${cpuPerRequest.toFixed(2)} ms/req  ` +
          `errors ${result.errors} timeouts ${result.timeouts} non-2xx ${result.non2xx}` +
          (result.non2xx
            ? ` (${Object.entries(result.statusCodeStats ?? {})
                .filter(([code]) => !code.startsWith('2'))
                .map(([code, v]) => `${code} ×${v.count}`)
                .join(', ')})`
            : '') +
          (writes ? `  writes ${created.length} answered 201, ${lost} lost` : ''),
      );
    }
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await pool.end();
    await embedded?.stop();
  }
}

/**
 * CPU milliseconds the whole machine has spent busy (server, PostgreSQL, load generator, workers), from /proc/stat.
 * Divided by the requests answered it is a scenario's cost, steadier than its rate on a machine shared with other
 * work; 0 where /proc/stat cannot be read.
 */
async function machineCpu(): Promise<number> {
  const line = (await fs.readFile('/proc/stat', 'utf8').catch(() => '')).split('\n')[0] ?? '';
  const [, user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).map(Number);
  const ticks = [user, nice, system, irq, softirq].reduce<number>((sum, v) => sum + (v ?? 0), 0);
  return (ticks * 1000) / 100;
}
