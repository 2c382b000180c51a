// A workspace with many contacts gets a trigram index of its own for search. The shared index
// (contacts_search_idx) holds every workspace's rows: a common fragment's posting lists then carry
// the other tenants' matches too, which a large workspace's search reads and throws away (with 2,000
// small workspaces beside a million contacts, its p95 doubled). A partial index
// `… where workspace_id = '<id>'` holds only the workspace's own rows, and the planner picks it for
// that workspace's searches by itself. Small workspaces need none: they are searched by reading
// their own rows (list-contacts.ts, isSmallWorkspace). Its words (search_words, the vocabulary a typo
// is corrected against) get one too, for the same reason: beside 2,000 small workspaces, the shared
// index brought 4,000 words a typo, a tenth of them the large workspace's. Kept by an hourly job;
// built CONCURRENTLY, so writes go on while it builds.
import type { Logger } from 'pino';
import type { PoolClient } from 'pg';
import { setTimeout } from 'node:timers/promises';
import type { Database } from '../../db/client.ts';
import type { Deps } from '../../platform/context.ts';
import { ensureQueue } from '../../platform/jobs.ts';

/** From this many contacts a workspace gets its own index; below half of it, it loses it again. */
export const searchIndexTuning = { minContacts: 50_000 };

const QUEUE = 'contacts.search-indexes';
export const SEARCH_INDEX_PREFIX = 'contacts_search_ws_';
const PREFIX = SEARCH_INDEX_PREFIX;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A large workspace's indexes: of its contacts' search texts, and of its words. */
const INDEXES = [
  { prefix: PREFIX, table: 'contacts', column: 'search_text' },
  { prefix: 'search_words_ws_', table: 'search_words', column: 'word' },
] as const;

const nameOf = (prefix: string, workspaceId: string) => `${prefix}${workspaceId.replace(/-/g, '')}`;
export const searchIndexName = (workspaceId: string) => nameOf(PREFIX, workspaceId);
export const searchWordsIndexName = (workspaceId: string) => nameOf(INDEXES[1].prefix, workspaceId);

const TRY_LOCK = `select pg_try_advisory_lock(hashtext('contacts.search-indexes')) as ok`;

/**
 * Creates the index of every workspace that has grown to `minContacts` (and rebuilds one a failed
 * build left invalid); drops those of workspaces that shrank below half of it or are gone.
 *
 * One sync at a time, across servers: an index being built is invalid until it is done, so a second
 * sync would take it for a failed build and drop it, and the two deadlock. The second waits for a
 * session lock (a build cannot run inside a transaction) and then finds the index built.
 */
export async function syncSearchIndexes(
  database: Database,
  logger?: Logger,
): Promise<{ created: string[]; dropped: string[] }> {
  const client = await database.pool.connect();
  let failed: unknown;
  try {
    // Tried, not waited on in a statement: a build waits for every transaction older than its own to end, the waiting
    // statement's too, which would wait for the build.
    while (!(await client.query<{ ok: boolean }>(TRY_LOCK)).rows[0]!.ok) await setTimeout(200);
    try {
      return await syncWhileLocked(client, logger);
    } finally {
      await client.query(`select pg_advisory_unlock(hashtext('contacts.search-indexes'))`);
    }
  } catch (error) {
    failed = error;
    throw error;
  } finally {
    // A connection that failed mid-way may still hold the lock: closed rather than handed on.
    client.release(failed instanceof Error ? failed : undefined);
  }
}

async function syncWhileLocked(pool: PoolClient, logger?: Logger): Promise<{ created: string[]; dropped: string[] }> {
  const sizes = await pool.query<{ workspace_id: string; n: number }>(
    `select workspace_id, count(*)::int as n from contacts group by workspace_id having count(*) >= $1`,
    [Math.ceil(searchIndexTuning.minContacts / 2)],
  );
  const existing = await pool.query<{ name: string; valid: boolean }>(
    `select c.relname as name, i.indisvalid as valid from pg_index i
     join pg_class c on c.oid = i.indexrelid
     where (i.indrelid = 'contacts'::regclass and c.relname like $1)
        or (i.indrelid = 'search_words'::regclass and c.relname like $2)`,
    INDEXES.map((x) => `${x.prefix}%`),
  );
  const have = new Map(existing.rows.map((r) => [r.name, r.valid]));
  const keep = new Set<string>();
  const created: string[] = [];
  const dropped: string[] = [];
  for (const { workspace_id: id, n } of sizes.rows) {
    if (!UUID.test(id)) continue;
    for (const { prefix, table, column } of INDEXES) {
      const name = nameOf(prefix, id);
      const valid = have.get(name);
      if (valid === true || (valid === undefined && n < searchIndexTuning.minContacts)) {
        if (valid) keep.add(name);
        continue;
      }
      if (valid === false) await pool.query(`drop index concurrently if exists "${name}"`);
      const started = Date.now();
      // The workspace id is a checked UUID, written as a literal: the index predicate must be a constant.
      await pool.query(
        `create index concurrently if not exists "${name}" on ${table} using gin (${column} gin_trgm_ops)
         where workspace_id = '${id}'`,
      );
      keep.add(name);
      created.push(name);
      logger?.info(
        { workspaceId: id, contacts: n, table, ms: Date.now() - started },
        'search index of a large workspace built',
      );
    }
  }
  for (const name of have.keys()) {
    if (keep.has(name)) continue;
    await pool.query(`drop index concurrently if exists "${name}"`);
    dropped.push(name);
    logger?.info({ index: name }, 'search index of a workspace that shrank or is gone dropped');
  }
  return { created, dropped };
}

/** Asks for the sync now rather than within the hour (an import has just made a workspace large). */
export async function requestSearchIndexSync(deps: Deps): Promise<void> {
  await deps.boss.send(QUEUE, {});
}

/** Hourly, and once when the workers start. */
export async function startSearchIndexWorker(deps: Deps): Promise<void> {
  // One build at a time; an hour's tick that finds one still running is skipped.
  await ensureQueue(deps.boss, QUEUE, { policy: 'singleton', retryLimit: 0, expireInSeconds: 4 * 3600 });
  await deps.boss.schedule(QUEUE, '23 * * * *');
  await deps.boss.work(QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    await syncSearchIndexes(deps.database, deps.logger);
  });
  await deps.boss.send(QUEUE, {});
}
