// npm run bench -- segments [--iterations N --seed N]
// Target markets on the bench data: creates a few markets (the request answers "evaluating" at once;
// the rebuild job walks the contacts in ranges — both timed, the latter until GET says "current"),
// then changes one contact's field at a time over HTTP and polls the membership
// table until the journal subscriber has brought it up to date: "after a field change, the membership
// is current within" p50/p95 (target p95 ≤ 1 s), for a contact entering and for one leaving.
import fs from 'node:fs/promises';
import { createRebuildQueue, startRebuildWorker } from '../server/modules/segments/rebuild-membership.job.ts';
import { createJournalQueues, startJournalWorkers } from '../server/platform/journal/subscribers.ts';
import { startApp } from './app.ts';
import { openBenchDatabase, stateFile, type BenchState } from './database.ts';
import { printTimes } from './stats.ts';

const MARKER = 'Bench segment';
const POLL_MS = 5;
const GIVE_UP_MS = 15_000;

export async function segmentsBench(opts: { iterations: number; seed: number }): Promise<void> {
  const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as BenchState;
  const { url, embedded } = await openBenchDatabase();
  const { base, database, deps, close } = await startApp(url);
  // The app alone serves requests; the membership is kept by the journal's subscribers, so run them too.
  await createJournalQueues(deps.boss);
  await startJournalWorkers(deps);
  await createRebuildQueue(deps.boss);
  await startRebuildWorker(deps);
  const pool = database.pool;
  const ws = state.workspaceId;
  const headers = { authorization: `Bearer ${state.apiKey}`, 'content-type': 'application/json' };
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${p} → ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
  const created: { id: string; name: string }[] = [];
  try {
    // Markets of an earlier run that stopped half-way.
    const { data: existing } = (await call('GET', '/target-markets')) as { data: { id: string; name: string }[] };
    for (const m of existing.filter((x) => x.name.startsWith('Bench:')))
      await call('DELETE', `/target-markets/${m.id}`);

    const markets = [
      { name: 'Bench: marked', rules: { source: MARKER } },
      { name: 'Bench: trade-show businesses', rules: { kind: 'business', source: 'Trade show' } },
      { name: 'Bench: referrals', rules: { source: 'Referral' } },
      {
        name: 'Bench: people with an email',
        rules: { kind: 'person', filters: [{ field: 'email', op: 'not_empty' }] },
      },
      { name: 'Bench: every active contact', rules: {} },
    ];
    console.log(
      `Workspace with ${state.contacts.toLocaleString()} contacts; ${opts.iterations} changes each way, one at a time.\n`,
    );
    type Market = { id: string; name: string; memberCount: number; evaluation: 'evaluating' | 'current' };
    for (const m of markets) {
      const started = performance.now();
      let market = (await call('POST', '/target-markets', m)) as Market;
      const answered = performance.now() - started;
      created.push(market);
      while (market.evaluation !== 'current') {
        if (performance.now() - started > 600_000) throw new Error(`"${m.name}" not evaluated after 10 min`);
        await new Promise((r) => setTimeout(r, 20));
        market = (await call('GET', `/target-markets/${market.id}`)) as Market;
      }
      console.log(
        `create "${m.name}": answered in ${answered.toFixed(0)} ms; membership of ` +
          `${market.memberCount.toLocaleString()} current after ${(performance.now() - started).toFixed(0)} ms`,
      );
    }
    const marked = created[0]!.id;
    const { rows } = await pool.query<{ id: string }>(
      `select id from contacts where workspace_id = $1 and archived_at is null and source is distinct from $2
       order by md5(id::text || $3) limit $4`,
      [ws, MARKER, String(opts.seed), opts.iterations],
    );
    const isMember = async (contactId: string) =>
      (
        await pool.query(
          'select 1 from target_market_members where workspace_id = $1 and market_id = $2 and contact_id = $3',
          [ws, marked, contactId],
        )
      ).rowCount === 1;
    const until = async (contactId: string, member: boolean, started: number) => {
      while ((await isMember(contactId)) !== member) {
        if (performance.now() - started > GIVE_UP_MS)
          throw new Error(`membership of ${contactId} not current after 15 s`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      return performance.now() - started;
    };
    const entering: number[] = [];
    const leaving: number[] = [];
    for (const { id } of rows) {
      const original = (await call('GET', `/contacts/${id}`)) as { source: string | null };
      let started = performance.now();
      await call('PATCH', `/contacts/${id}`, { source: MARKER });
      entering.push(await until(id, true, started));
      started = performance.now();
      await call('PATCH', `/contacts/${id}`, { source: original.source });
      leaving.push(await until(id, false, started));
    }
    console.log('');
    printTimes('field change → contact in the target market', entering, 1000);
    printTimes('field change → contact out of the target market', leaving, 1000);
  } finally {
    for (const m of created) await call('DELETE', `/target-markets/${m.id}`).catch(() => undefined);
    await close();
    await embedded?.stop();
  }
}
