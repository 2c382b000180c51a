// What the server itself spends on a request, in CPU time. The app runs in this process and takes
// its requests through Fastify's inject (no HTTP socket), one at a time; each of the process's
// threads is read from /proc before and after, so the main thread's figure is the server's own work
// (routing, validation, building statements, parsing rows, serializing) and the others are V8's
// garbage collection and compilation. V8's CPU profiler counts part of the main thread's work as
// idle; this does not. Also counted: the statements sent a request and the time Drizzle spent
// building them. The inputs are throughput's (requestPickers), drawn from the seed.
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { startApp } from './app.ts';
import { openBenchDatabase, prewarmContacts, stateFile, type BenchState } from './database.ts';
import { describeMachine } from './machine.ts';
import { requestPickers, type Picked } from './throughput.ts';

/** CPU time (ms) of each thread of this process, by thread id and name. */
function threadTimes(): Map<string, number> {
  const tick = 1000 / 100; // USER_HZ: Linux reports clock ticks of 10 ms
  const times = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    times.set(`${tid} ${name}`, (Number(fields[11]) + Number(fields[12])) * tick);
  }
  return times;
}

/** Drizzle's statement building, timed: a select's SQL tree, then its text. */
function timeDrizzleBuilding(): { ms: number } {
  const spent = { ms: 0 };
  const proto = PgDialect.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['buildSelectQuery', 'sqlToQuery']) {
    const original = proto[name]!;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        spent.ms += performance.now() - t0;
      }
    };
  }
  return spent;
}

export async function cpuBench(opts: { iterations: number; seed: number; only?: string }): Promise<void> {
  const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as BenchState;
  const { url, embedded } = await openBenchDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const building = timeDrizzleBuilding();
  const { app, database, close } = await startApp(url);
  // Every statement the app's connections are sent, by its first words.
  const sent = new Map<string, number>();
  const counting = (client: { query: (...args: unknown[]) => unknown }) => {
    const query = client.query.bind(client);
    client.query = (...args: unknown[]) => {
      const config = args[0] as string | { text?: string };
      const text = (typeof config === 'string' ? config : (config.text ?? '(copy)')).replace(/\s+/g, ' ');
      sent.set(text.slice(0, 100), (sent.get(text.slice(0, 100)) ?? 0) + 1);
      return query(...args);
    };
  };
  database.pool.on('connect', (client) => counting(client as never));
  for (const client of (database.pool as unknown as { _clients?: never[] })._clients ?? []) counting(client);
  try {
    const { cpu, commit, load } = await describeMachine();
    console.log(
      `CPU ${cpu}; commit ${commit}; Node ${process.version}; ` +
        `seed ${opts.seed}; load average ${load}; ${opts.iterations} requests per scenario, one at a time, ` +
        `after 200 not counted.`,
    );
    console.log(await prewarmContacts(pool));
    const pick = await requestPickers(pool, state, opts.seed);
    const scenarios: [string, () => Picked][] = [
      ['profile', pick.profile],
      ['timeline page', pick.timeline],
      ['list by tag + owner, 50 a page', pick.list],
      ['search, name fragment, 25 a page', pick.search],
      ['note written', pick.note],
    ];
    // As a browser asks: the answer compressed (brotli), which is part of the server's work.
    const headers = {
      authorization: `Bearer ${state.apiKey}`,
      'content-type': 'application/json',
      'accept-encoding': 'br, gzip',
    };
    for (const [name, next] of scenarios) {
      if (opts.only && !name.startsWith(opts.only)) continue;
      const request = async () => {
        const p = next();
        const res = await app.inject({ method: p.method, url: p.path, headers, payload: p.body });
        if (res.statusCode >= 300) throw new Error(`${name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      };
      for (let i = 0; i < 200; i++) await request();
      sent.clear();
      building.ms = 0;
      const before = threadTimes();
      const t0 = performance.now();
      for (let i = 0; i < opts.iterations; i++) await request();
      const wall = (performance.now() - t0) / opts.iterations;
      const after = threadTimes();
      const per = (ms: number) => (ms / opts.iterations).toFixed(2);
      const spent = [...after].map(([k, v]) => ({
        main: k.startsWith(`${process.pid} `),
        ms: v - (before.get(k) ?? 0),
      }));
      const main = spent.filter((t) => t.main).reduce((a, t) => a + t.ms, 0);
      const others = spent.filter((t) => !t.main).map((t) => t.ms);
      const statements = [...sent.values()].reduce((a, b) => a + b, 0);
      console.log(
        `${name.padEnd(34)} wall ${wall.toFixed(2)} ms  server's thread ${per(main)} ms  other threads ` +
          `${per(others.reduce((a, b) => a + b, 0))} ms  Drizzle building ${per(building.ms)} ms  ` +
          `${(statements / opts.iterations).toFixed(1)} statements`,
      );
      for (const [text, n] of [...sent].sort((a, b) => b[1] - a[1])) {
        console.log(`    ${(n / opts.iterations).toFixed(2)} × ${text}`);
      }
    }
  } finally {
    await close();
    await pool.end();
    await embedded?.stop();
  }
}
