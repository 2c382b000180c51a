// npm run bench -- generate [--contacts N] [--journal N] [--hot N]   load a large workspace (COPY)
// npm run bench -- http [--iterations N]                            p50/p95 over HTTP and in the database
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { connectDatabase } from '../server/db/client.ts';
import type { Deps } from '../server/platform/context.ts';
import { LocalDiskStorage } from '../server/platform/files/storage.ts';
import { createBoss } from '../server/platform/jobs.ts';
import { createLogger } from '../server/platform/logger.ts';
import { registerModules } from '../server/modules/register.ts';
import { benchDir, openBenchDatabase, stateFile, type BenchState } from './database.ts';
import { generate } from './generate.ts';
import { prng } from './words.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    contacts: { type: 'string', default: '1000000' },
    journal: { type: 'string', default: '0' },
    hot: { type: 'string', default: '20' },
    iterations: { type: 'string', default: '200' },
    only: { type: 'string' },
  },
});

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

interface Result {
  name: string;
  p50: number;
  p95: number;
  n: number;
  target?: number;
}

async function measure(name: string, n: number, run: (i: number) => Promise<void>, target?: number): Promise<Result> {
  for (let i = 0; i < Math.min(20, n); i++) await run(i); // warm-up: caches, plans, JIT
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const r = { name, p50: percentile(times, 50), p95: percentile(times, 95), n, target };
  const verdict =
    target === undefined ? '' : r.p95 <= target ? `  ✓ (target p95 ≤ ${target} ms)` : `  ✗ (target p95 ≤ ${target} ms)`;
  console.log(
    `${name.padEnd(52)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms${verdict}`,
  );
  return r;
}

async function http(iterations: number, only?: string) {
  const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as BenchState;
  const { url, embedded } = await openBenchDatabase();
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATA_DIR: path.join(benchDir, 'data') });
  const logger = createLogger('silent');
  const database = connectDatabase(url, { max: 10 });
  registerModules();
  const boss = createBoss(url, logger, { supervise: false });
  await boss.start();
  const deps: Deps = {
    config,
    database,
    boss,
    logger,
    storage: new LocalDiskStorage(path.join(benchDir, 'data', 'files')),
  };
  const app = await buildApp(deps, { serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;
  const headers = { authorization: `Bearer ${state.apiKey}` };
  const get = async (p: string) => {
    const res = await fetch(`${base}${p}`, { headers });
    if (res.status !== 200) throw new Error(`GET ${p} → ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const pool = database.pool;
  const ws = state.workspaceId;
  const rnd = prng(42);
  const results: Result[] = [];
  const want = (name: string) => !only || name.toLowerCase().includes(only.toLowerCase());

  try {
    console.log(
      `Workspace with ${state.contacts.toLocaleString()} contacts, ${state.journal.toLocaleString()} journal entries; ${iterations} requests per scenario, one at a time.\n`,
    );
    const sample = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows;
    const randomContacts = await sample(
      `select c.id, c.last_name, c.display_name from contacts c tablesample system (1) where c.workspace_id = $1 and c.kind = 'person' limit 500`,
      [ws],
    );
    const fragments = randomContacts.map((c) => {
      const name = String(c.last_name).toLowerCase();
      const len = 3 + rnd.int(Math.max(1, Math.min(4, name.length - 2)));
      const start = rnd.int(Math.max(1, name.length - len + 1));
      return name.slice(start, start + len);
    });
    const emails = (
      await sample(`select email from contact_emails tablesample system (1) where workspace_id = $1 limit 500`, [ws])
    ).map((r) => r.email);
    const pairs = await sample(
      `select ct.tag_id, c.owner_id from contact_tags ct tablesample system (1)
       join contacts c on c.workspace_id = ct.workspace_id and c.id = ct.contact_id where ct.workspace_id = $1 limit 500`,
      [ws],
    );
    const ids = randomContacts.map((c) => c.id);

    if (want('search'))
      results.push(
        await measure(
          'search: 3+ character name fragment',
          iterations,
          async (i) => {
            await get(`/contacts?q=${encodeURIComponent(fragments[i % fragments.length]!)}&limit=25`);
          },
          50,
        ),
      );
    if (want('email'))
      results.push(
        await measure(
          'exact email lookup',
          iterations,
          async (i) => {
            const body = await get(`/contacts?q=${encodeURIComponent(emails[i % emails.length]!)}&limit=25`);
            if (!body.data.length) throw new Error('exact email not found');
          },
          10,
        ),
      );
    if (want('list'))
      results.push(
        await measure(
          'list: tag + owner filter, first page',
          iterations,
          async (i) => {
            const p = pairs[i % pairs.length]!;
            await get(`/contacts?tags=${p.tag_id}&ownerId=${p.owner_id}&limit=50`);
          },
          100,
        ),
      );
    if (want('profile'))
      results.push(
        await measure(
          'GET contact profile',
          iterations,
          async (i) => {
            await get(`/contacts/${ids[i % ids.length]}`);
          },
          20,
        ),
      );

    if (state.journal > 0 && want('timeline')) {
      const hot = state.hotContactIds;
      // A deep page: the cursor of the 5,000th entry of a hot contact.
      const deepCursors = await Promise.all(
        hot.map(async (id) => {
          const [r] = await sample(
            `select occurred_at, id from journal_entries where workspace_id = $1 and contact_id = $2 and contact_id is not null
             order by occurred_at desc, id desc offset 5000 limit 1`,
            [ws, id],
          );
          return Buffer.from(JSON.stringify([r.occurred_at.toISOString(), r.id])).toString('base64url');
        }),
      );
      const all = [...hot, ...ids];
      results.push(
        await measure(
          'timeline: first page (hot and ordinary contacts)',
          iterations,
          async (i) => {
            await get(`/contacts/${all[i % all.length]}/timeline?limit=50`);
          },
          30,
        ),
      );
      results.push(
        await measure(
          'timeline: first page, hot contact, focus + kinds',
          iterations,
          async (i) => {
            await get(
              `/contacts/${hot[i % hot.length]}/timeline?category=focus&kinds=note.created,task.completed&limit=50`,
            );
          },
          30,
        ),
      );
      results.push(
        await measure(
          'timeline: deep page (entry 5,000) of a hot contact',
          iterations,
          async (i) => {
            await get(`/contacts/${hot[i % hot.length]}/timeline?limit=50&cursor=${deepCursors[i % hot.length]}`);
          },
          30,
        ),
      );
      results.push(
        await measure(
          'timeline: deep page, focus filter',
          iterations,
          async (i) => {
            await get(
              `/contacts/${hot[i % hot.length]}/timeline?category=focus&limit=50&cursor=${deepCursors[i % hot.length]}`,
            );
          },
          30,
        ),
      );
      const dbQuery = (filtered: boolean, deep: boolean) => async (i: number) => {
        const id = hot[i % hot.length]!;
        const cur = deep ? JSON.parse(Buffer.from(deepCursors[i % hot.length]!, 'base64url').toString()) : null;
        await pool.query(
          `select * from journal_entries where workspace_id = $1 and contact_id = $2 and contact_id is not null
           ${filtered ? `and category = 'focus'` : ''} ${cur ? `and (occurred_at, id) < ($3::timestamptz, $4::uuid)` : ''}
           order by occurred_at desc, id desc limit 51`,
          cur ? [ws, id, cur[0], cur[1]] : [ws, id],
        );
      };
      results.push(await measure('timeline in the database: first page', iterations, dbQuery(false, false), 10));
      results.push(await measure('timeline in the database: deep page, filtered', iterations, dbQuery(true, true), 10));
    }

    const out = path.join(benchDir, 'out');
    await fs.mkdir(out, { recursive: true });
    await fs.writeFile(
      path.join(out, `results-${Date.now()}.json`),
      JSON.stringify({ state: { ...state, apiKey: undefined }, results }, null, 2),
    );
  } finally {
    await app.close();
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await database.close();
    await embedded?.stop();
  }
}

const command = positionals[0];
if (command === 'generate') {
  await generate({ contacts: Number(values.contacts), journal: Number(values.journal), hot: Number(values.hot) });
} else if (command === 'http') {
  await http(Number(values.iterations), values.only);
} else {
  console.log(
    'Usage: npm run bench -- generate [--contacts 1000000] [--journal 10000000] [--hot 20]\n       npm run bench -- http [--iterations 200] [--only search]',
  );
  process.exitCode = 2;
}
