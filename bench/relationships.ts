// The relationships benchmark (issue 12): person↔business links and contact relations on top of the large
// workspace's contacts, plus one business with thousands of contact persons, loaded with COPY
// (relationships-generate); the business's first page of persons timed over HTTP (relationships).
import fs from 'node:fs/promises';
import pg from 'pg';
import { newId } from '../server/platform/ids.ts';
import { defaultRelationTypes } from '../server/modules/relationships/relation-types.service.ts';
import { startApp } from './app.ts';
import { openBenchDatabase, stateFile, type BenchState } from './database.ts';
import { CopyStream, copyLine, dropForLoad, restoreAfterLoad } from './load.ts';
import { percentile } from './stats.ts';
import { prng } from './words.ts';

interface RelationshipsState {
  links: number;
  relations: number;
  hotBusinessId: string;
  hotPersons: number;
  generatedAt: string;
  generateSeconds: number;
}
type State = BenchState & { relationships?: RelationshipsState };

const readState = async () => JSON.parse(await fs.readFile(stateFile, 'utf8')) as State;
const ROLES = ['CEO', 'CFO', 'Head of Purchasing', 'Office Manager', 'Engineer', 'Sales Lead', 'Assistant', null];

export async function relationshipsGenerate(opts: {
  links: number;
  relations: number;
  hotPersons: number;
  seed: number;
}): Promise<void> {
  const state = await readState();
  const { url, embedded } = await openBenchDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  const ws = state.workspaceId;
  const rnd = prng(opts.seed);
  const t0 = Date.now();
  try {
    const { rows } = await pool.query<{ id: string; kind: string }>(
      `select id, kind from contacts where workspace_id = $1 and archived_at is null order by id`,
      [ws],
    );
    const persons = rows.filter((r) => r.kind === 'person').map((r) => r.id);
    const businesses = rows.filter((r) => r.kind === 'business').map((r) => r.id);
    if (!businesses.length || persons.length < opts.hotPersons) {
      throw new Error(
        `Need businesses and at least ${opts.hotPersons} persons; the workspace has ${rows.length} contacts`,
      );
    }
    await pool.query('truncate contact_links, contact_relations');
    // The bench workspace is loaded with COPY, not created through the API: give it the default types.
    await pool.query(
      `insert into relation_types (workspace_id, id, label, inverse_label, position)
       select $1, x.id, x.label, x.inverse, x.position
       from jsonb_to_recordset($2::jsonb) as x(id uuid, label text, inverse text, position int)
       on conflict do nothing`,
      [
        ws,
        JSON.stringify(
          defaultRelationTypes.map((t, position) => ({
            id: newId(),
            label: t.label,
            inverse: t.inverseLabel,
            position,
          })),
        ),
      ],
    );
    const { rows: types } = await pool.query<{ id: string }>(`select id from relation_types where workspace_id = $1`, [
      ws,
    ]);
    const deferred = await dropForLoad(pool, ['contact_links', 'contact_relations']);
    const now = new Date().toISOString();

    // Links: the hot business first (its persons), then random pairs; one primary business per person at most.
    const hotBusiness = businesses[rnd.int(businesses.length)]!;
    const pairs = new Set<string>();
    const primaries = new Set<string>();
    const links = await CopyStream.open(
      pool,
      `copy contact_links (workspace_id, id, person_id, business_id, role, is_primary, phone_ids, created_at, updated_at)
       from stdin`,
    );
    let chunk = '';
    let n = 0;
    const addLink = async (person: string, business: string) => {
      const key = `${person}:${business}`;
      if (pairs.has(key)) return false;
      pairs.add(key);
      const primary = !primaries.has(person) && rnd.chance(0.5);
      if (primary) primaries.add(person);
      chunk += copyLine([ws, newId(), person, business, ROLES[n % ROLES.length], primary, '{}', now, now]);
      n++;
      if (n % 5000 === 0) {
        await links.write(chunk, 5000);
        chunk = '';
      }
      return true;
    };
    const start = rnd.int(persons.length);
    for (let i = 0; i < opts.hotPersons; i++) await addLink(persons[(start + i) % persons.length]!, hotBusiness);
    let guard = 0;
    while (n < opts.links && guard++ < opts.links * 3) {
      await addLink(persons[rnd.int(persons.length)]!, businesses[rnd.int(businesses.length)]!);
    }
    await links.write(chunk, n % 5000);
    await links.end();

    const relationKeys = new Set<string>();
    const relations = await CopyStream.open(
      pool,
      `copy contact_relations (workspace_id, id, type_id, from_contact_id, to_contact_id, created_at) from stdin`,
    );
    chunk = '';
    let r = 0;
    guard = 0;
    while (r < opts.relations && guard++ < opts.relations * 3) {
      const from = rows[rnd.int(rows.length)]!.id;
      const to = rows[rnd.int(rows.length)]!.id;
      const type = types[rnd.int(types.length)]!.id;
      const key = `${from}:${type}:${to}`;
      if (from === to || relationKeys.has(key)) continue;
      relationKeys.add(key);
      chunk += copyLine([ws, newId(), type, from, to, now]);
      r++;
      if (r % 5000 === 0) {
        await relations.write(chunk, 5000);
        chunk = '';
      }
    }
    await relations.write(chunk, r % 5000);
    await relations.end();
    await restoreAfterLoad(pool, deferred, (d) => (d.table === 'contact_links' ? n : r));
    // Vacuumed, not only analyzed: the persons' count is an index-only scan once the visibility map is set.
    await pool.query('vacuum analyze contact_links');
    await pool.query('vacuum analyze contact_relations');
    const seconds = (Date.now() - t0) / 1000;
    state.relationships = {
      links: n,
      relations: r,
      hotBusinessId: hotBusiness,
      hotPersons: opts.hotPersons,
      generatedAt: new Date().toISOString(),
      generateSeconds: seconds,
    };
    await fs.writeFile(stateFile, JSON.stringify(state, null, 2));
    console.log(
      `Loaded ${n.toLocaleString()} person↔business links (${opts.hotPersons.toLocaleString()} on business ` +
        `${hotBusiness}) and ${r.toLocaleString()} relations in ${seconds.toFixed(1)} s.`,
    );
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

/** The hot business's first page of contact persons (and a person's businesses), p50/p95 over HTTP. */
export async function relationshipsBench(opts: { iterations: number; seed: number }): Promise<void> {
  const state = await readState();
  const rel = state.relationships;
  if (!rel) throw new Error('No links: run relationships-generate first');
  const { url, embedded } = await openBenchDatabase();
  const { base, database, close } = await startApp(url);
  try {
    const { rows: sample } = await database.pool.query<{ person_id: string }>(
      `select person_id from contact_links where workspace_id = $1 order by md5(person_id::text || $2) limit 200`,
      [state.workspaceId, String(opts.seed)],
    );
    console.log(
      `Workspace with ${state.contacts.toLocaleString()} contacts, ${rel.links.toLocaleString()} links, ` +
        `${rel.relations.toLocaleString()} relations; ${opts.iterations} requests per scenario, one at a time.\n`,
    );
    const get = async (p: string) => {
      const res = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${state.apiKey}` } });
      if (res.status !== 200) throw new Error(`GET ${p} → ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ data: unknown[]; total?: number }>;
    };
    const pick = (i: number) => sample[i % sample.length]!.person_id;
    const scenarios = [
      {
        name: `business with ${rel.hotPersons.toLocaleString()}+ persons: first page`,
        target: 30,
        run: () => get(`/contacts/${rel.hotBusinessId}/persons?limit=25`),
      },
      { name: 'person: businesses', target: 30, run: (i: number) => get(`/contacts/${pick(i)}/businesses`) },
      { name: 'person: relations', target: 30, run: (i: number) => get(`/contacts/${pick(i)}/relations`) },
    ];
    const first = await scenarios[0]!.run(0);
    if ((first.total ?? 0) < rel.hotPersons || first.data.length !== 25)
      throw new Error(`The hot business's first page: ${first.data.length} of ${first.total}`);
    for (const s of scenarios) {
      for (let i = 0; i < 20; i++) await s.run(i);
      const times: number[] = [];
      for (let i = 0; i < opts.iterations; i++) {
        const t0 = performance.now();
        await s.run(i);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const p50 = percentile(times, 50);
      const p95 = percentile(times, 95);
      console.log(
        `${s.name.padEnd(50)} p50 ${p50.toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms  ` +
          `${p95 <= s.target ? '✓' : '✗'} (target p95 ≤ ${s.target} ms)`,
      );
    }
  } finally {
    await close();
    await embedded?.stop();
  }
}
