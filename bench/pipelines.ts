// The pipelines benchmark (issue 12): open opportunities in one pipeline of 8 stages on the large
// workspace's contacts, loaded with COPY (pipelines-generate); the board's first page of every column,
// moving a card (PATCH with If-Match) and the forecast, timed over HTTP (pipelines).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import pg from 'pg';
import { startApp } from './app.ts';
import { openBenchDatabase, stateFile, type BenchState } from './database.ts';
import { CopyStream, copyLine } from './load.ts';
import { printTimes } from './stats.ts';
import { prng } from './words.ts';

const DAY = 86_400_000;
const PIPELINE = 'Bench pipeline';
const STAGES = [
  ['New', 5, 14],
  ['Contacted', 10, 14],
  ['Qualified', 20, 21],
  ['Demo', 35, 21],
  ['Proposal', 50, 30],
  ['Negotiation', 70, 30],
  ['Contract sent', 85, 14],
  ['Verbal yes', 95, 7],
] as const;
const products = ['Licence', 'Renewal', 'Expansion', 'Pilot', 'Services', 'Support plan'];

const readState = async () => JSON.parse(await fs.readFile(stateFile, 'utf8')) as BenchState;

export async function pipelinesGenerate(opts: { opportunities: number; seed: number }): Promise<void> {
  const state = await readState();
  const { url, embedded } = await openBenchDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  const ws = state.workspaceId;
  const rnd = prng(opts.seed);
  try {
    const started = Date.now();
    // Earlier runs' bench pipeline goes first: the figures are for exactly this many.
    const { rows: old } = await pool.query<{ id: string }>(
      'select id from pipelines where workspace_id = $1 and name = $2',
      [ws, PIPELINE],
    );
    for (const p of old) {
      await pool.query('delete from opportunities where workspace_id = $1 and pipeline_id = $2', [ws, p.id]);
      await pool.query('delete from pipelines where workspace_id = $1 and id = $2', [ws, p.id]);
    }
    const pipelineId = randomUUID();
    await pool.query(
      `insert into pipelines (workspace_id, id, name, position) values ($1, $2, $3,
         (select coalesce(max(position), -1) + 1 from pipelines where workspace_id = $1))`,
      [ws, pipelineId, PIPELINE],
    );
    const stageIds = STAGES.map(() => randomUUID());
    for (const [i, [name, probability, rotting]] of STAGES.entries()) {
      await pool.query(
        `insert into pipeline_stages (workspace_id, id, pipeline_id, name, position, probability, rotting_days)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [ws, stageIds[i], pipelineId, name, i, probability, rotting],
      );
    }
    const { rows: contacts } = await pool.query<{ id: string; owner_id: string; name: string }>(
      `select id, owner_id, display_name as name from contacts where workspace_id = $1 and archived_at is null`,
      [ws],
    );
    const { rows: ws0 } = await pool.query<{ currency: string }>('select currency from workspaces where id = $1', [ws]);
    const currency = ws0[0]?.currency ?? 'USD';
    const copy = await CopyStream.open(
      pool,
      `copy opportunities (workspace_id, id, name, contact_id, pipeline_id, stage_id, status, value, currency,
         owner_id, expected_close_date, likelihood, stage_entered_at, created_at, updated_at) from stdin`,
    );
    const now = Date.now();
    let chunk = '';
    let rows = 0;
    for (let i = 0; i < opts.opportunities; i++) {
      const c = contacts[Math.floor(contacts.length * rnd.next())]!;
      // Earlier stages hold more deals than later ones, as in a real funnel.
      const stage = Math.min(STAGES.length - 1, Math.floor(STAGES.length * rnd.next() ** 1.6));
      const entered = new Date(now - Math.floor(rnd.next() * 120 * DAY));
      const created = new Date(entered.getTime() - Math.floor(rnd.next() * 60 * DAY));
      const close = new Date(now + Math.floor(rnd.next() * 180 * DAY)).toISOString().slice(0, 10);
      chunk += copyLine([
        ws,
        randomUUID(),
        `${c.name} – ${products[i % products.length]}`,
        c.id,
        pipelineId,
        stageIds[stage],
        'open',
        String(500 + rnd.int(200) * 250),
        currency,
        c.owner_id,
        close,
        rnd.chance(0.2) ? String(rnd.int(101)) : null,
        entered.toISOString(),
        created.toISOString(),
        created.toISOString(),
      ]);
      rows++;
      if (chunk.length > 1 << 20) {
        await copy.write(chunk, rows);
        chunk = '';
        rows = 0;
      }
    }
    if (chunk) await copy.write(chunk, rows);
    await copy.end();
    await pool.query('analyze opportunities');
    const seconds = (Date.now() - started) / 1000;
    const fresh = await readState();
    await fs.writeFile(
      stateFile,
      JSON.stringify(
        {
          ...fresh,
          pipelines: { opportunities: opts.opportunities, pipelineId, generatedAt: new Date().toISOString(), seconds },
        },
        null,
        2,
      ),
    );
    console.log(
      `Loaded ${opts.opportunities.toLocaleString()} open opportunities in ${STAGES.length} stages over ` +
        `${contacts.length.toLocaleString()} contacts in ${seconds.toFixed(1)} s.`,
    );
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

interface Card {
  id: string;
  stageId: string;
  version: number;
}

export async function pipelinesBench(opts: { iterations: number; seed: number }): Promise<void> {
  const state = (await readState()) as BenchState & { pipelines?: { opportunities: number; pipelineId: string } };
  if (!state.pipelines) throw new Error('No opportunities: run pipelines-generate first');
  const { url, embedded } = await openBenchDatabase();
  const { base, close } = await startApp(url);
  const { pipelineId } = state.pipelines;
  const rnd = prng(opts.seed);
  const call = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: {
        authorization: `Bearer ${state.apiKey}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status !== 200) throw new Error(`${method} ${p} → ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  try {
    console.log(
      `${state.pipelines.opportunities.toLocaleString()} open opportunities in one pipeline of ${STAGES.length} stages, ` +
        `${state.contacts.toLocaleString()} contacts; ${opts.iterations} requests per scenario, one at a time; seed ${opts.seed}.\n`,
    );
    const board = await call('GET', `/pipelines/${pipelineId}/board`);
    const stageIds: string[] = board.columns.map((c: any) => c.stageId);
    const cards: Card[] = board.columns.flatMap((c: any) =>
      c.cards.map((x: any) => ({ id: x.id, stageId: x.stageId, version: x.version })),
    );
    const owners: string[] = [
      ...new Set<string>(board.columns.flatMap((c: any) => c.cards.map((x: any) => x.owner.id))),
    ];
    const scenarios = [
      {
        name: 'board: first 25 cards of every column',
        target: 100,
        run: () => call('GET', `/pipelines/${pipelineId}/board`),
      },
      {
        name: 'board: one owner’s cards',
        target: 100,
        run: (i: number) => call('GET', `/pipelines/${pipelineId}/board?ownerId=${owners[i % owners.length]}`),
      },
      {
        name: 'board: a column’s next page',
        target: 100,
        run: (i: number) => {
          const col = board.columns[i % board.columns.length];
          return col.nextCursor
            ? call('GET', `/pipelines/${pipelineId}/board/${col.stageId}?cursor=${col.nextCursor}`)
            : call('GET', `/pipelines/${pipelineId}/board/${col.stageId}`);
        },
      },
      {
        name: 'move a card (PATCH stage, If-Match)',
        target: 30,
        run: async () => {
          const card = cards[rnd.int(cards.length)]!;
          const to = stageIds.filter((s) => s !== card.stageId)[rnd.int(stageIds.length - 1)]!;
          const saved = await call(
            'PATCH',
            `/opportunities/${card.id}`,
            { stageId: to },
            { 'if-match': `"${card.version}"` },
          );
          card.stageId = saved.stageId;
          card.version = saved.version;
        },
      },
      {
        name: 'forecast: per stage and per owner',
        target: 200,
        run: () => call('GET', `/pipelines/${pipelineId}/forecast`),
      },
    ];
    for (const s of scenarios) {
      for (let i = 0; i < 10; i++) await s.run(i); // warm-up: plans, connections
      const times: number[] = [];
      for (let i = 0; i < opts.iterations; i++) {
        const t0 = performance.now();
        await s.run(i);
        times.push(performance.now() - t0);
      }
      printTimes(s.name, times, s.target);
    }
  } finally {
    await close();
    await embedded?.stop();
  }
}
