// Loads a large workspace with COPY: contacts with emails, phones, tags, custom fields, followers,
// and (optionally) a journal of millions of entries with a few very busy "hot" contacts.
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 } from 'uuid';
import { loadConfig } from '../server/config.ts';
import { connectDatabase } from '../server/db/client.ts';
import { systemCtx, type Deps } from '../server/platform/context.ts';
import { LocalDiskStorage } from '../server/platform/files/storage.ts';
import { createBoss } from '../server/platform/jobs.ts';
import { createLogger } from '../server/platform/logger.ts';
import { createApiKeyForCli } from '../server/seed/seed.ts';
import { insertUser } from '../server/modules/users/users.service.ts';
import { createWorkspace } from '../server/modules/workspaces/workspaces.service.ts';
import { registerModules } from '../server/modules/register.ts';
import { benchDir, openBenchDatabase, stateFile, type BenchState } from './database.ts';
import {
  companySuffixes,
  companyWords,
  domains,
  firstNames,
  industries,
  lastNames,
  legalForms,
  prng,
  sources,
  tagNames,
  titles,
} from './words.ts';

interface Options {
  contacts: number;
  journal: number;
  hot: number;
}

const DAY = 86_400_000;
const NOW = Date.now();

/** Text-format COPY escaping. */
function esc(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
const row = (values: unknown[]) => values.map(esc).join('\t') + '\n';
const pgArray = (items: string[]) => `{${items.map((i) => `"${i.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;

async function copyRows(client: pg.PoolClient, sql: string, produce: () => Iterable<string>): Promise<number> {
  let count = 0;
  async function* chunks() {
    let buf = '';
    for (const line of produce()) {
      buf += line;
      count++;
      if (buf.length > 1 << 20) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
  return count;
}

/** Secondary indexes are dropped for the load and rebuilt after: much faster than maintaining them. */
async function withoutIndexes(pool: pg.Pool, tables: string[], load: () => Promise<void>) {
  const { rows } = await pool.query<{ indexname: string; indexdef: string }>(
    `select i.indexname, i.indexdef from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any($1)
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [tables],
  );
  for (const r of rows) await pool.query(`drop index if exists "${r.indexname}"`);
  try {
    await load();
  } finally {
    // Two at a time: one per core.
    const queue = [...rows];
    const worker = async () => {
      const client = await pool.connect();
      try {
        await client.query(`set maintenance_work_mem = '1GB'`);
        for (let r = queue.shift(); r; r = queue.shift()) await client.query(r.indexdef);
      } finally {
        client.release();
      }
    };
    await Promise.all([worker(), worker()]);
  }
}

async function timed<T>(label: string, times: Record<string, number>, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await fn();
  times[label] = (Date.now() - started) / 1000;
  console.log(`  ${label}: ${times[label]!.toFixed(1)} s`);
  return result;
}

export async function generate(opts: Options): Promise<void> {
  const { url, embedded } = await openBenchDatabase();
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', DATA_DIR: path.join(benchDir, 'data') });
  const logger = createLogger('warn');
  const database = connectDatabase(url, { max: 6 });
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
  const times: Record<string, number> = {};
  const pool = database.pool;
  const rnd = prng(20261123);

  try {
    console.log(
      `Generating ${opts.contacts.toLocaleString()} contacts and ${opts.journal.toLocaleString()} journal entries`,
    );
    const adminEmail = `bench-admin-${Date.now()}@bench.test`;
    const { workspace, result: admin } = await createWorkspace(deps, 'Bench', (ctx) =>
      insertUser(ctx, { name: 'Bench Admin', email: adminEmail, password: 'bench-password-1', role: 'admin' }),
    );
    const ws = workspace.id;
    const ctx = systemCtx(deps, ws);
    const userIds = [admin.id];
    for (let i = 0; i < 24; i++) {
      const u = await insertUser(ctx, {
        name: `${rnd.pick(firstNames)} ${rnd.pick(lastNames)}`,
        email: `rep${i}-${Date.now()}@bench.test`,
        password: 'bench-password-1',
        role: 'member',
      });
      userIds.push(u.id);
    }
    const teamIds = [v7(), v7(), v7()];
    for (const [i, id] of teamIds.entries()) {
      await pool.query('insert into teams (workspace_id, id, name) values ($1, $2, $3)', [ws, id, `Team ${i + 1}`]);
    }
    const tagIds = tagNames.map(() => v7());
    for (const [i, id] of tagIds.entries()) {
      await pool.query('insert into tags (workspace_id, id, name) values ($1, $2, $3)', [ws, id, tagNames[i]]);
    }
    await pool.query(
      `insert into custom_fields (workspace_id, id, key, label, type, options, applies_to_all)
       values ($1, $2, 'industry', 'Industry', 'single_select', $3, true),
              ($1, $4, 'annual_revenue', 'Annual revenue', 'currency', '[]', true)`,
      [ws, v7(), JSON.stringify(industries.map((v) => ({ value: v, label: v }))), v7()],
    );

    // Contact ids are made up front so every table can refer to them. Creation times spread
    // over three years; the UUIDv7 carries the same time.
    const ids: string[] = new Array(opts.contacts);
    const created: number[] = new Array(opts.contacts);
    for (let i = 0; i < opts.contacts; i++) {
      created[i] = NOW - Math.floor(rnd.next() * 3 * 365 * DAY);
      ids[i] = v7({ msecs: created[i] });
    }

    await withoutIndexes(
      pool,
      ['contacts', 'contact_emails', 'contact_phones', 'contact_tags', 'contact_followers'],
      async () => {
        await timed('contacts + emails + phones + tags (COPY)', times, async () => {
          const emails: string[] = [];
          const phones: string[] = [];
          const tagsRows: string[] = [];
          const followers: string[] = [];
          const c1 = await pool.connect();
          const c2 = await pool.connect();
          try {
            const contactLines = function* () {
              for (let i = 0; i < opts.contacts; i++) {
                const id = ids[i]!;
                const isBusiness = rnd.chance(0.12);
                const first = isBusiness ? null : rnd.pick(firstNames);
                const last = isBusiness ? null : rnd.pick(lastNames);
                const company = `${rnd.pick(companyWords)} ${rnd.pick(companySuffixes)}`;
                const business = isBusiness ? `${company} ${rnd.pick(legalForms)}` : rnd.chance(0.6) ? company : null;
                const displayName = isBusiness ? business! : `${first} ${last}`;
                const email = `${(first ?? 'info').toLowerCase()}.${(last ?? company.split(' ')[0]!).toLowerCase()}.${i}@${isBusiness ? `${company.split(' ')[0]!.toLowerCase()}${i}.com` : rnd.pick(domains)}`;
                const digits = String(2000000000 + i * 7).padStart(10, '0');
                const e164 = `+1${digits.slice(0, 3).replace(/^[01]/, '2')}${digits.slice(3)}`;
                const keywords = rnd.chance(0.2) ? [rnd.pick(['messe', 'golf', 'newsletter', 'priority', 'q3'])] : [];
                const searchText = [first, last, business, email, e164.slice(1), e164.slice(2), ...keywords]
                  .filter(Boolean)
                  .join(' ')
                  .toLowerCase();
                const owner = userIds[rnd.int(userIds.length)]!;
                const team = rnd.chance(0.5) ? teamIds[rnd.int(teamIds.length)]! : null;
                const custom: Record<string, unknown> = { industry: rnd.pick(industries) };
                if (rnd.chance(0.3)) custom.annual_revenue = rnd.int(5_000_000);
                const createdAt = new Date(created[i]!).toISOString();
                const updatedAt = new Date(created[i]! + rnd.int(NOW - created[i]!)).toISOString();
                emails.push(row([ws, v7(), id, email, 'work', true, 'unverified', 0, createdAt]));
                if (rnd.chance(0.3))
                  emails.push(
                    row([ws, v7(), id, `alt.${i}@${rnd.pick(domains)}`, 'personal', false, 'unverified', 1, createdAt]),
                  );
                const lineType = rnd.chance(0.7) ? 'mobile' : 'fixed_line';
                phones.push(
                  row([
                    ws,
                    v7(),
                    id,
                    e164,
                    lineType === 'mobile' ? 'mobile' : 'office',
                    true,
                    lineType,
                    'offline',
                    createdAt,
                    lineType === 'mobile',
                    0,
                    createdAt,
                  ]),
                );
                const tagCount = rnd.int(4);
                const chosen = new Set<number>();
                // Skewed: low tag indexes are much more common, like real tag usage.
                for (let k = 0; k < tagCount; k++) chosen.add(Math.floor(rnd.next() ** 2 * tagIds.length));
                for (const k of chosen) tagsRows.push(row([ws, id, tagIds[k], createdAt]));
                if (rnd.chance(0.05)) followers.push(row([ws, id, userIds[rnd.int(userIds.length)], createdAt]));
                yield row([
                  ws,
                  id,
                  isBusiness ? 'business' : 'person',
                  displayName,
                  first,
                  last,
                  isBusiness ? null : rnd.chance(0.5) ? rnd.pick(titles) : null,
                  business,
                  rnd.pick(['lead', 'lead', 'prospect', 'customer', 'customer', 'past_customer', 'vendor', 'other']),
                  rnd.chance(0.7) ? 'en' : 'de',
                  rnd.pick(sources),
                  pgArray(keywords),
                  owner,
                  team,
                  rnd.chance(0.03),
                  JSON.stringify(custom),
                  searchText,
                  createdAt,
                  updatedAt,
                ]);
              }
            };
            await copyRows(
              c1,
              `copy contacts (workspace_id, id, kind, display_name, first_name, last_name, title, business_name,
              contact_type, language, source, keywords, owner_id, team_id, dnd_email, custom, search_text,
              created_at, updated_at) from stdin`,
              contactLines,
            );
            await Promise.all([
              copyRows(
                c1,
                `copy contact_emails (workspace_id, id, contact_id, email, type, is_primary, verification, position, created_at) from stdin`,
                () => emails.values(),
              ),
              copyRows(
                c2,
                `copy contact_phones (workspace_id, id, contact_id, e164, type, is_primary, line_type, line_type_source, line_type_checked_at, sms_allowed, position, created_at) from stdin`,
                () => phones.values(),
              ),
            ]);
            await Promise.all([
              copyRows(c1, `copy contact_tags (workspace_id, contact_id, tag_id, created_at) from stdin`, () =>
                tagsRows.values(),
              ),
              copyRows(c2, `copy contact_followers (workspace_id, contact_id, user_id, created_at) from stdin`, () =>
                followers.values(),
              ),
            ]);
            console.log(
              `  rows: ${emails.length} emails, ${phones.length} phones, ${tagsRows.length} tag links, ${followers.length} followers`,
            );
          } finally {
            c1.release();
            c2.release();
          }
        });
      },
    ).then(() => console.log('  (indexes rebuilt)'));
    times['contacts total (incl. index build)'] = 0;

    const hotContactIds = ids.slice(0, opts.hot);
    if (opts.journal > 0) {
      await timed('journal (COPY + index build)', times, () =>
        generateJournal(pool, ws, ids, userIds, hotContactIds, opts.journal, rnd),
      );
    }
    await timed('analyze', times, async () => {
      await pool.query('analyze');
    });

    const apiKey = await createApiKeyForCli(deps, adminEmail, 'Benchmark');
    const state: BenchState = {
      workspaceId: ws,
      apiKey,
      contacts: opts.contacts,
      journal: opts.journal,
      hotContactIds,
      generatedAt: new Date().toISOString(),
      generateSeconds: times,
    };
    await fs.mkdir(path.dirname(stateFile), { recursive: true });
    await fs.writeFile(stateFile, JSON.stringify(state, null, 2));
    const { rows } = await pool.query<{ size: string }>(
      'select pg_size_pretty(pg_database_size(current_database())) as size',
    );
    console.log(`Done. Database size: ${rows[0]!.size}. State in ${path.relative(process.cwd(), stateFile)}`);
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await database.close();
    await embedded?.stop();
  }
}

const journalKinds = [
  {
    kind: 'note.created',
    category: 'focus',
    data: () => ({ title: 'Call summary', preview: 'Discussed the renewal and next steps.' }),
  },
  { kind: 'task.created', category: 'focus', data: () => ({ title: 'Send the proposal' }) },
  { kind: 'task.completed', category: 'focus', data: () => ({ title: 'Follow up' }) },
  { kind: 'appointment.booked', category: 'focus', data: () => ({ title: 'Demo' }) },
  {
    kind: 'contact.field_changed',
    category: 'admin',
    data: () => ({ changes: [{ field: 'title', old: 'Buyer', new: 'Head of Procurement' }] }),
  },
  { kind: 'contact.tag_added', category: 'admin', data: () => ({ tag: { name: 'VIP' } }) },
  { kind: 'contact.owner_changed', category: 'admin', data: () => ({ from: { name: 'A' }, to: { name: 'B' } }) },
] as const;

async function generateJournal(
  pool: pg.Pool,
  ws: string,
  ids: string[],
  userIds: string[],
  hot: string[],
  total: number,
  rnd: ReturnType<typeof prng>,
): Promise<void> {
  const hotEach = hot.length ? 12_000 : 0;
  const rest = total - hotEach * hot.length;
  const perWorker = Math.ceil(rest / 2);
  await withoutIndexes(pool, ['journal_entries'], async () => {
    const work = async (part: number) => {
      const client = await pool.connect();
      try {
        const r = prng(1000 + part);
        const lines = function* () {
          if (part === 0) {
            for (const contactId of hot) {
              for (let k = 0; k < hotEach; k++) yield entry(contactId, r);
            }
          }
          const n = Math.min(perWorker, rest - part * perWorker);
          for (let k = 0; k < n; k++) yield entry(ids[r.int(ids.length)]!, r);
        };
        await copyRows(
          client,
          `copy journal_entries (workspace_id, id, contact_id, kind, category, actor_type, actor_id, actor_label, subject_type, subject_id, data, occurred_at) from stdin`,
          lines,
        );
      } finally {
        client.release();
      }
    };
    const entry = (contactId: string, r: ReturnType<typeof prng>) => {
      const k = r.pick(journalKinds);
      const at = NOW - Math.floor(r.next() * 2 * 365 * DAY);
      const actor = userIds[r.int(userIds.length)]!;
      return row([
        ws,
        v7({ msecs: at }),
        contactId,
        k.kind,
        k.category,
        'user',
        actor,
        'Bench Rep',
        'contact',
        contactId,
        JSON.stringify(k.data()),
        new Date(at).toISOString(),
      ]);
    };
    await Promise.all([work(0), work(1)]);
  });
  void rnd;
}
