// A large workspace's own search index: built when it grows, used by the planner for its searches
// only, dropped when it shrinks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newContact } from './contact-test-helpers.ts';
import { searchIndexName, searchIndexTuning, searchWordsIndexName, syncSearchIndexes } from './search-indexes.job.ts';

let t: TestApp;
const minContacts = searchIndexTuning.minContacts;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  searchIndexTuning.minContacts = minContacts;
  await t.close();
});

async function indexes(table = 'contacts', prefix = 'contacts_search_ws_') {
  const { rows } = await t.deps.database.pool.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where tablename = $1 and indexname like $2`,
    [table, `${prefix}%`],
  );
  return rows;
}
const wordIndexes = () => indexes('search_words', 'search_words_ws_');

/** n more contacts in the workspace, copies of one of its own with other search words (fast, in SQL). */
async function grow(workspaceId: string, n: number) {
  const pool = t.deps.database.pool;
  const { rows } = await pool.query<{ cols: string }>(
    `select string_agg(quote_ident(column_name), ', ') as cols from information_schema.columns
     where table_schema = current_schema() and table_name = 'contacts' and column_name not in ('id', 'search_text')`,
  );
  await pool.query(
    `insert into contacts (id, search_text, ${rows[0]!.cols})
     select gen_random_uuid(), md5(g::text), ${rows[0]!.cols}
     from (select * from contacts where workspace_id = $1 limit 1) c, generate_series(1, $2) g`,
    [workspaceId, n],
  );
  await pool.query('analyze contacts');
}

/** The plan of a workspace's search as the app sends it (the workspace id a parameter). */
async function searchPlan(workspaceId: string): Promise<string> {
  const client = await t.deps.database.pool.connect();
  try {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `explain select id from contacts where workspace_id = $1 and search_text like $2`,
      [workspaceId, '%lovelace%'],
    );
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    client.release();
  }
}

describe('search indexes of large workspaces', () => {
  it('builds one for a workspace that grew, which its searches use and no other workspace’s do', async () => {
    const large = await t.signup();
    const small = await t.signup();
    for (const lastName of ['Lovelace', 'Hopper', 'Turing']) await newContact(large, { firstName: 'Ada', lastName });
    await newContact(small, { firstName: 'Ada', lastName: 'Lovelace' });
    await grow(large.workspace.id, 4000);
    await grow(small.workspace.id, 2000);
    searchIndexTuning.minContacts = 3000;

    const first = await syncSearchIndexes(t.deps.database);
    const built = [searchIndexName(large.workspace.id), searchWordsIndexName(large.workspace.id)];
    expect(first).toEqual({ created: built, dropped: [] });
    const [index] = await indexes();
    expect(index!.indexdef).toContain('gin (search_text gin_trgm_ops)');
    expect(index!.indexdef).toContain(`WHERE (workspace_id = '${large.workspace.id}'::uuid)`);
    // Its vocabulary's too, which its typo corrections read.
    const [words] = await wordIndexes();
    expect(words!.indexdef).toContain('gin (word gin_trgm_ops)');
    expect(words!.indexdef).toContain(`WHERE (workspace_id = '${large.workspace.id}'::uuid)`);
    expect((await large.get('/api/v1/contacts?q=lovelacr')).json().data).toEqual([
      expect.objectContaining({ displayName: 'Ada Lovelace' }),
    ]);
    expect(await searchPlan(large.workspace.id)).toContain(searchIndexName(large.workspace.id));
    expect(await searchPlan(small.workspace.id)).not.toContain(searchIndexName(large.workspace.id));
    // The search answers as before.
    const found = (await large.get('/api/v1/contacts?q=lovel')).json();
    expect(found.data.map((c: { displayName: string }) => c.displayName)).toEqual(['Ada Lovelace']);
    // Nothing to do the next time.
    expect(await syncSearchIndexes(t.deps.database)).toEqual({ created: [], dropped: [] });

    // Below half of the threshold, the index goes.
    searchIndexTuning.minContacts = 9000;
    expect(await syncSearchIndexes(t.deps.database)).toEqual({ created: [], dropped: built });
    expect(await indexes()).toEqual([]);
    expect(await wordIndexes()).toEqual([]);
  });

  it('lets one sync at a time build: a second meeting an index still being built waits for it', async () => {
    const large = await t.signup();
    await newContact(large, { firstName: 'Ada', lastName: 'Lovelace' });
    await grow(large.workspace.id, 4000);
    searchIndexTuning.minContacts = 3000;
    const name = searchIndexName(large.workspace.id);
    const pool = t.deps.database.pool;

    // A writer's open transaction holds the first sync's build after it has entered an index, invalid, in the catalog
    // (this workspace's, or the last test's workspace's, which is large again at this threshold).
    const writer = await pool.connect();
    try {
      await writer.query('begin');
      await writer.query(`update contacts set updated_at = now() where workspace_id = $1 and last_name = 'Lovelace'`, [
        large.workspace.id,
      ]);
      const first = syncSearchIndexes(t.deps.database);
      const building = async () =>
        (
          await pool.query<{ valid: boolean }>(
            `select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
             where c.relname like 'contacts_search_ws_%'`,
          )
        ).rows[0]?.valid === false;
      for (let i = 0; i < 200 && !(await building()); i++) await new Promise((r) => setTimeout(r, 25));
      expect(await building()).toBe(true);
      const second = syncSearchIndexes(t.deps.database);
      await new Promise((r) => setTimeout(r, 300));
      await writer.query('commit');
      const [built, waited] = await Promise.all([first, second]);
      expect(built.created).toContain(name);
      expect(waited).toEqual({ created: [], dropped: [] });
    } finally {
      writer.release();
    }
    expect((await indexes()).map((i) => i.indexname)).toContain(name);
    expect(await searchPlan(large.workspace.id)).toContain(name);
  });
});
