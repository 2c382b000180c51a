// A large workspace's list filtered by ids of its own (an owner, a tag). The planner prices each such condition by
// its share of the whole table, as if independent of the workspace: with the workspace half of the table, an owner
// with a tag comes out at a quarter of the truth. The list corrects that before it chooses how to read the page, and
// the total it then shows is near the truth.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { newContact, sending } from './contact-test-helpers.ts';
import { listTuning } from './list-contacts.ts';
import { searchIndexTuning, syncSearchIndexes } from './search-indexes.job.ts';
import { forgetTextSamples, sampledCounts, sweepTextSamples, textSample, textSampleTuning } from './text-sample.ts';

let t: TestApp;
/** A page of the list as the tests read it. */
type Body = { data: { displayName: string }[]; total: { value: number; exact: boolean } };
const saved = { ...listTuning };
const savedIndexes = { ...searchIndexTuning };
const savedSample = { ...textSampleTuning };
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  Object.assign(listTuning, saved);
  Object.assign(searchIndexTuning, savedIndexes);
  Object.assign(textSampleTuning, savedSample);
  await t.close();
});

/**
 * n copies of the workspace's one contact, numbered names, the tag on those where `tagged(g)` (in SQL) holds, and the
 * word "arnold" in the search text of those where `word(g)` does.
 */
async function fill(workspaceId: string, n: number, tagId: string, tagged: string, word = 'false', text = ' arnold') {
  const pool = t.deps.database.pool;
  const { rows } = await pool.query<{ cols: string }>(
    `select string_agg(quote_ident(column_name), ', ') as cols from information_schema.columns
     where table_schema = current_schema() and table_name = 'contacts'
       and column_name not in ('id', 'display_name', 'search_text', 'tag_ids')`,
  );
  await pool.query(
    `insert into contacts (id, display_name, search_text, tag_ids, ${rows[0]!.cols})
     select gen_random_uuid(), 'Contact ' || lpad(g::text, 5, '0'),
            case when ${word} then 'contact ' || g || $4 else 'contact ' || g end,
            case when ${tagged} then array[$3::uuid] else '{}'::uuid[] end, ${rows[0]!.cols}
     from (select * from contacts where workspace_id = $1 limit 1) c, generate_series(1, $2) g`,
    [workspaceId, n, tagId, text],
  );
}

describe('the estimate of a filtered list in a large workspace', () => {
  it('counts an owner and a tag of the workspace at their true share, and walks the page in name order', async () => {
    const large = await t.signup();
    const other = await t.signup();
    const tag = (await large.post('/api/v1/tags', { name: 'Renewal' })).json() as { id: string };
    const theirs = (await other.post('/api/v1/tags', { name: 'Renewal' })).json() as { id: string };
    await newContact(large, { firstName: 'Seed', lastName: 'Large' });
    await newContact(other, { firstName: 'Seed', lastName: 'Other' });
    // 4,000 contacts each, all owned by each workspace's admin; the tag on 60 % of them (2,400).
    await fill(large.workspace.id, 4000, tag.id, 'g % 5 < 3');
    await fill(other.workspace.id, 4000, theirs.id, 'g % 5 < 3');
    await t.deps.database.pool.query('analyze contacts');

    // Large here means past the small-workspace reading; the page is walked when more than 1,500 are expected.
    listTuning.smallWorkspace = 1000;
    listTuning.commonEstimate = 1500;
    const res = await large.get(`/api/v1/contacts?tags=${tag.id}&ownerId=${large.user.id}&limit=25`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      data: { displayName: string; tags: { id: string }[] }[];
      total: { value: number; exact: boolean };
    };
    // The planner alone says about 600 (a quarter of 2,400): the matches would be collected and counted. Corrected,
    // the list knows them common, walks the name order, and says "about" a number near the truth.
    expect(body.total.exact).toBe(false);
    expect(body.total.value).toBeGreaterThan(1800);
    expect(body.total.value).toBeLessThan(3000);
    expect(body.data).toHaveLength(25);
    expect(body.data.every((c) => c.tags.some((x) => x.id === tag.id))).toBe(true);
    const names = body.data.map((c) => c.displayName);
    expect(names).toEqual([...names].sort());
    // Only the workspace's own contacts.
    expect(names.every((n) => n.startsWith('Contact '))).toBe(true);
    const theirList = await other.get(`/api/v1/contacts?tags=${tag.id}&limit=5`);
    expect(theirList.statusCode === 200 ? theirList.json().data : []).toEqual([]);
  });

  it("composes an owner's and a tag's estimates, each asked once, as the planner would of both together", async () => {
    const large = await t.signup();
    const renewal = (await large.post('/api/v1/tags', { name: 'Renewal' })).json() as { id: string };
    const churn = (await large.post('/api/v1/tags', { name: 'Churn' })).json() as { id: string };
    await newContact(large, { firstName: 'Seed', lastName: 'Large' });
    // 4,000 contacts of the admin: Renewal on 2,400 of them, Churn on every other one (2,000).
    await fill(large.workspace.id, 4000, renewal.id, 'g % 5 < 3');
    const pool = t.deps.database.pool;
    await pool.query(
      `update contacts set tag_ids = tag_ids || $2::uuid
       where workspace_id = $1 and display_name like 'Contact %' and substr(display_name, 9)::int % 2 = 0`,
      [large.workspace.id, churn.id],
    );
    await pool.query('analyze contacts');
    listTuning.smallWorkspace = 1000;
    listTuning.commonEstimate = 1500;
    const owner = large.user.id;

    // The first list by an owner and a tag asks the planner about each; a tag seen alone is asked about once too.
    const first = await listSending(large, `tags=${renewal.id}&ownerId=${owner}&limit=25`);
    expect(plannerAsked(first.sent).length).toBeGreaterThan(0);
    expect(plannerAsked((await listSending(large, `tags=${churn.id}&limit=5`)).sent).length).toBeGreaterThan(0);

    // Then the owner with the other tag: nothing left to ask, and the page walked in name order, as the planner's
    // estimate of both together (corrected by the workspace's share of the table) has it.
    const both = await listSending(large, `tags=${churn.id}&ownerId=${owner}&limit=25`);
    expect(plannerAsked(both.sent)).toEqual([]);
    const planned = async (where: string, params: unknown[]) =>
      (
        await pool.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
          `explain (format json) select 1 from contacts where workspace_id = $1 and archived_at is null${where}`,
          [large.workspace.id, ...params],
        )
      ).rows[0]!['QUERY PLAN'][0].Plan['Plan Rows'];
    const table = Number(
      (await pool.query(`select reltuples from pg_class where oid = 'contacts'::regclass`)).rows[0].reltuples,
    );
    const share =
      (
        await pool.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
          `explain (format json) select 1 from contacts where workspace_id = $1`,
          [large.workspace.id],
        )
      ).rows[0]!['QUERY PLAN'][0].Plan['Plan Rows'] / table;
    const together =
      (await planned(' and owner_id in ($2) and tag_ids && array[$3::uuid]', [owner, churn.id])) / share ** 2;
    expect(both.body.total.exact).toBe(false);
    expect(Math.abs(both.body.total.value - together)).toBeLessThanOrEqual(Math.max(2, together * 0.01));
    expect(both.body.total.value).toBeGreaterThan(1500);
    expect(both.body.total.value).toBeLessThan(2600);
    const names = both.body.data.map((c) => c.displayName);
    expect(names).toHaveLength(25);
    expect(names).toEqual([...names].sort());
    expect(names.every((n) => n.startsWith('Contact ') && Number(n.slice(8)) % 2 === 0)).toBe(true);
  });
});

/**
 * A workspace of 4,000 contacts with "arnold" in 1,000 of them, searched through an index of its own (and, with
 * `another`, a second workspace with the word in all of its 4,000), after `decoys` contacts holding `decoyText`; with
 * the first 25 holding it in name order.
 */
async function arnoldWorkspace(
  another = false,
  decoys = 0,
  decoyText = ' arn olt',
): Promise<{ large: Session; truth: string[] }> {
  const large = await t.signup();
  const tag = (await large.post('/api/v1/tags', { name: 'Any' })).json() as { id: string };
  await newContact(large, { firstName: 'Seed', lastName: 'Large' });
  if (decoys) await fill(large.workspace.id, decoys, tag.id, 'false', 'true', decoyText);
  await fill(large.workspace.id, 4000, tag.id, 'false', 'g % 4 = 0');
  if (another) {
    const other = await t.signup();
    await newContact(other, { firstName: 'Seed', lastName: 'Other' });
    await fill(other.workspace.id, 4000, tag.id, 'false', 'true');
  }
  await t.deps.database.pool.query('analyze contacts');
  listTuning.smallWorkspace = 1000;
  listTuning.sizeTtlMs = 0;
  searchIndexTuning.minContacts = 3000;
  await syncSearchIndexes(t.deps.database);
  const { rows } = await t.deps.database.pool.query<{ name: string }>(
    `select display_name as name from contacts where workspace_id = $1 and search_text like '%arnold%'
     order by lower(display_name), id limit 25`,
    [large.workspace.id],
  );
  return { large, truth: rows.map((r) => r.name) };
}

/** A search, and the statements it sent. */
/** The statements among `sent` that ask the planner for an estimate. */
const plannerAsked = (sent: string[]) => sent.filter((q) => /^\s*explain\b/i.test(q));
const searchSending = (session: Session, q: string) => listSending(session, `q=${q}&limit=25`);

/** A page of the list, and the statements the app sent for it. */
async function listSending(session: Session, search: string): Promise<{ body: Body; sent: string[] }> {
  const { result: res, sent } = await sending(t, () => session.get(`/api/v1/contacts?${search}`));
  expect(res.statusCode).toBe(200);
  return { body: res.json() as Body, sent };
}
describe('the number of matches of a one-word search in a large workspace', () => {
  it("is what the workspace's own index finds, so a search is walked or collected on the truth", async () => {
    // "arnold" in every one of another workspace's 4,000 contacts too.
    const { large, truth } = await arnoldWorkspace(true);
    expect(truth).toHaveLength(25);
    const search = async () => (await large.get('/api/v1/contacts?q=arnold&limit=25')).json() as Body;

    // More than are collected: the page is walked in name order, and the total is the index's count of the word,
    // the large workspace's own 1,000 (not the planner's guess, not the other workspace's).
    listTuning.commonSearchEstimate = 500;
    const walked = await search();
    expect(walked.total).toEqual({ value: 1000, exact: false });
    expect(walked.data.map((c) => c.displayName)).toEqual(truth);

    // Fewer: collected and counted exactly, the same page.
    listTuning.commonSearchEstimate = 1500;
    const collected = await search();
    expect(collected.total).toEqual({ value: 1000, exact: true });
    expect(collected.data).toEqual(walked.data);

    // The lookup writes the word into its statement: quotes, backslashes, wildcards and a would-be statement are
    // answered as words (200, no other workspace's or statement's doing), and the table is still there after them.
    for (const q of ["arn'old", 'arnold\\', "x'); drop table contacts; --", 'arn%old', 'arn_ld']) {
      const res = await large.get(`/api/v1/contacts?q=${encodeURIComponent(q)}&limit=5`);
      expect(res.statusCode).toBe(200);
      // Nothing holds them as typed; what a typo match shows (arn'old is like arnold) is the workspace's own.
      expect(res.json().data.every((c: { displayName: string }) => c.displayName.startsWith('Contact'))).toBe(true);
    }
    expect((await search()).total).toEqual({ value: 1000, exact: true });

    // Without an index of its own the workspace's search falls back on the planner's estimate: the same page.
    listTuning.commonSearchEstimate = 500;
    searchIndexTuning.minContacts = 100_000;
    await syncSearchIndexes(t.deps.database);
    const fallback = await search();
    expect(fallback.data).toEqual(walked.data);
    expect(fallback.total).not.toEqual({ value: 1000, exact: false });
  });
});

describe("one owner's list in name order", () => {
  it("walks the owner's own contacts from fewer matches than a walk of the whole workspace needs", async () => {
    const large = await t.signup();
    const maria = await large.addUser('member', 'Maria');
    const tag = (await large.post('/api/v1/tags', { name: 'Renewal' })).json() as { id: string };
    const rare = (await large.post('/api/v1/tags', { name: 'Rare' })).json() as { id: string };
    await newContact(large, { firstName: 'Seed', lastName: 'Large' });
    // 4,000 contacts: the even ones Maria's, the tag on 60 % of all (1,200 of hers), the rare tag on 5 % of hers (100).
    await fill(large.workspace.id, 4000, tag.id, 'g % 5 < 3');
    const pool = t.deps.database.pool;
    await pool.query(
      `update contacts set owner_id = $2 where workspace_id = $1 and display_name like 'Contact %'
         and right(display_name, 1)::int % 2 = 0`,
      [large.workspace.id, maria.user.id],
    );
    await pool.query(
      `update contacts set tag_ids = tag_ids || $2::uuid where workspace_id = $1 and owner_id = $3
         and display_name like 'Contact %' and right(display_name, 3)::int % 40 = 0`,
      [large.workspace.id, rare.id, maria.user.id],
    );
    await pool.query('analyze contacts');
    listTuning.smallWorkspace = 1000;
    listTuning.sizeTtlMs = 0;
    // A walk of the whole workspace from 1,500 expected matches; of Maria's half of it from about 1,060.
    listTuning.commonEstimate = 1500;

    const truth = async (tagId: string) =>
      (
        await pool.query<{ name: string; n: number }>(
          `select display_name as name, count(*) over ()::int as n from contacts
           where workspace_id = $1 and archived_at is null and owner_id = $2 and $3::uuid = any(tag_ids)
           order by lower(display_name), id limit 25`,
          [large.workspace.id, maria.user.id, tagId],
        )
      ).rows;
    const list = async (tagId: string) =>
      (await large.get(`/api/v1/contacts?tags=${tagId}&ownerId=${maria.user.id}&limit=25`)).json() as Body;

    const common = await truth(tag.id);
    expect(common[0]!.n).toBe(1200);
    const walked = await list(tag.id);
    // Walked (the total is the corrected estimate, said to be one), the page in name order.
    expect(walked.total.exact).toBe(false);
    expect(walked.total.value).toBeGreaterThan(900);
    expect(walked.total.value).toBeLessThan(1500);
    expect(walked.data.map((c) => c.displayName)).toEqual(common.map((r) => r.name));

    // A rare tag of hers: collected and counted.
    const few = await truth(rare.id);
    expect(few[0]!.n).toBe(100);
    const collected = await list(rare.id);
    expect(collected.total).toEqual({ value: 100, exact: true });
    expect(collected.data.map((c) => c.displayName)).toEqual(few.map((r) => r.name));

    // Sorted by anything but the name, the owner's range gives no order: her 1,200 are collected and counted.
    const byDate = (
      await large.get(`/api/v1/contacts?tags=${tag.id}&ownerId=${maria.user.id}&sort=-createdAt&limit=25`)
    ).json() as Body;
    expect(byDate.total).toEqual({ value: 1200, exact: true });
  });
});

describe('a typo in a large workspace', () => {
  // Each test tunes the list and the text samples from their defaults.
  beforeEach(() => {
    Object.assign(listTuning, saved);
    Object.assign(textSampleTuning, savedSample);
  });
  // A typo is searched by its corrections (list-contacts.ts, typoMatch).
  const typoReads = (sent: string[]) => sent.filter((q) => q.includes('like any('));
  const collectsTypos = (sent: string[]) => typoReads(sent).some((q) => q.includes('count(*) over ()'));
  // A walk of the name order is sent with its planner settings (list-contacts.ts, WALKING_THE_ORDER).
  const walks = (sent: string[]) => typoReads(sent).some((q) => q.includes("enable_sort = 'off'"));

  it('is walked at once when the index finds far more matches of its corrections than are collected', async () => {
    // 1,000 "arnold"s after 200 contacts the index brings for "arnold" (they hold its four trigrams) that do not hold
    // it, stored first, so a typo's lookup tests them before any "arnold".
    const { large, truth } = await arnoldWorkspace(false, 200, ' arno nold');
    // "arnolt" is nowhere as typed; it is one edit from "arnold".
    const search = () => searchSending(large, 'arnolt');

    // 1,200 candidates where 100 are collected at most: walked without collecting first; "more than" the cap. More
    // candidates than the 150 a page is sorted out of: the walk is not cut short.
    listTuning.typoCandidates = 100;
    listTuning.typoWalkCandidates = 150;
    const walked = await search();
    expect(walked.body.total).toEqual({ value: 101, exact: false });
    expect(walked.body.data.map((c) => c.displayName)).toEqual(truth);
    expect(collectsTypos(walked.sent)).toBe(false);
    // Walked at once, with few enough candidates to sort a page out of them all: given no time to walk, sorted; the
    // total is still "more than" the cap.
    listTuning.typoWalkCandidates = 2000;
    listTuning.typoWalkBudgetMs = 0;
    const sortedAtOnce = await search();
    expect(sortedAtOnce.body).toEqual(walked.body);
    expect(walks(sortedAtOnce.sent)).toBe(false);
    listTuning.typoWalkBudgetMs = saved.typoWalkBudgetMs;
    // Up to half as many again as the cap, with walks priced out: collected. The lookup's sample met the 200 unlike
    // contacts first and says few are similar; the collection passes the cap, and the walk follows (for at most
    // typoWalkBudgetMs), or with no time for it the page is sorted out of all the candidates. No text sample is kept
    // (a server just started): it would tell the 1,000 without the lookup.
    textSampleTuning.workspaces = 0;
    forgetTextSamples();
    listTuning.typoCandidates = 800;
    listTuning.typoWalkCandidates = 1300;
    listTuning.typoWalkUs = 1000;
    const tried = await search();
    expect(tried.body.total).toEqual({ value: 801, exact: false });
    expect(tried.body.data).toEqual(walked.body.data);
    expect(collectsTypos(tried.sent)).toBe(true);
    expect(walks(tried.sent)).toBe(true);
    listTuning.typoWalkBudgetMs = 0;
    const sorted = await search();
    expect(sorted.body).toEqual(tried.body);
    expect(walks(sorted.sent)).toBe(false);
    expect(walks(walked.sent)).toBe(true);
    // Within the cap: collected and counted exactly.
    listTuning.typoCandidates = 2000;
    const collected = await search();
    expect(collected.body.total).toEqual({ value: 1000, exact: true });
    expect(collected.body.data).toEqual(walked.body.data);
  });

  it('is walked at once when its matches are common enough, its total about what the sample says', async () => {
    const { large, truth } = await arnoldWorkspace();
    listTuning.typoCandidates = 2000;
    // Each of the 1,000 candidates holds "arnold": a walk passes about 4 contacts a match, cheaper than testing them all.
    const walked = await searchSending(large, 'arnolt');
    expect(walked.body.data.map((c) => c.displayName)).toEqual(truth);
    expect(walked.body.total).toEqual({ value: 1000, exact: false });
    expect(collectsTypos(walked.sent)).toBe(false);
    expect(walks(walked.sent)).toBe(true);
    // Walks priced out: the same page, collected and counted exactly.
    listTuning.typoWalkUs = 1000;
    const collected = await searchSending(large, 'arnolt');
    expect(collected.body).toEqual({ ...walked.body, total: { value: 1000, exact: true } });
    expect(collectsTypos(collected.sent)).toBe(true);
    // Walks priced out still, but the workspace's text sample says more hold its correction than the 800 collected:
    // walked at once, without a collection that would give up past the cap, nor the lookup; "more than" the cap.
    listTuning.typoCandidates = 800;
    await textSample(t.deps, large.workspace.id, 4201);
    const pastCap = await searchSending(large, 'arnolt');
    expect(pastCap.body).toEqual({ ...walked.body, total: { value: 801, exact: false } });
    expect(collectsTypos(pastCap.sent)).toBe(false);
    expect(walks(pastCap.sent)).toBe(true);
    expect(typoReads(pastCap.sent).filter((q) => q.includes('explain'))).toEqual([]);
    // Without the sample, the lookup tells the same.
    textSampleTuning.workspaces = 0;
    forgetTextSamples();
    const looked = await searchSending(large, 'arnolt');
    expect(looked.body).toEqual(pastCap.body);
    expect(typoReads(looked.sent).filter((q) => q.includes('explain'))).toHaveLength(1);
  });

  it('answers nothing at once when no word of the workspace is within reach of the typo', async () => {
    const { large } = await arnoldWorkspace();
    // "contarnold" holds 10 of the 11 trigrams of "contact 4 arnold"; none of the workspace's words is within two
    // edits of it ("contact" and "arnold" are four).
    listTuning.typoCandidates = 2000;
    const { body, sent } = await searchSending(large, 'contarnold');
    expect(body).toMatchObject({ data: [], total: { value: 0, exact: true }, nextCursor: null });
    // Its corrections were looked for, and no contact is read for them.
    expect(sent.filter((q) => q.includes('levenshtein_less_equal'))).toHaveLength(1);
    expect(typoReads(sent)).toEqual([]);
    // One letter off a word of the workspace, and its contacts are found.
    const near = await searchSending(large, 'arnoldd');
    expect(near.body.data).toHaveLength(25);
    expect(near.body.total.value).toBe(1000);
  });
});

describe('a member limited to own contacts searching one word in a large workspace', () => {
  it('collects their few matches when the word is common in the workspace but rare among theirs', async () => {
    const large = await t.signup();
    const maria = await large.addUser('member', 'Maria');
    const tag = (await large.post('/api/v1/tags', { name: 'Any' })).json() as { id: string };
    await newContact(large, { firstName: 'Seed', lastName: 'Large' });
    // "arnold" in 1,000 of 4,000 contacts; Maria owns 100 of them, 25 with the word.
    await fill(large.workspace.id, 4000, tag.id, 'false', 'g % 4 = 0');
    const pool = t.deps.database.pool;
    await pool.query(
      `update contacts set owner_id = $2 where workspace_id = $1 and display_name like 'Contact %'
         and right(display_name, 5)::int % 160 in (0, 1, 2, 3)`,
      [large.workspace.id, maria.user.id],
    );
    await pool.query(`update users set contact_access = 'own' where id = $1`, [maria.user.id]);
    await pool.query('analyze contacts');
    listTuning.smallWorkspace = 1000;
    listTuning.sizeTtlMs = 0;
    searchIndexTuning.minContacts = 3000;
    await syncSearchIndexes(t.deps.database);
    // Walked from 200 expected matches: the planner's guess for "hers and holding the word" (a flat half of the
    // workspace for "owns or follows", a quarter for the word: about 500) would walk the whole name order for them.
    listTuning.commonEstimate = 200;

    const theirs = (
      await pool.query<{ name: string }>(
        `select display_name as name from contacts where workspace_id = $1 and owner_id = $2
           and search_text like '%arnold%' order by lower(display_name), id`,
        [large.workspace.id, maria.user.id],
      )
    ).rows.map((r) => r.name);
    expect(theirs).toHaveLength(25);
    const search = async () => {
      const res = await maria.get('/api/v1/contacts?q=arnold&limit=30');
      expect(res.statusCode).toBe(200);
      return res.json() as Body;
    };
    // The workspace's index counts 1,000 holding the word, no more than an admin's search collects: hers are
    // collected (not the whole name order walked for them), and the total is exact.
    listTuning.commonSearchEstimate = 1500;
    const collected = await search();
    expect(collected.total).toEqual({ value: 25, exact: true });
    expect(collected.data.map((c) => c.displayName)).toEqual(theirs);
    // More candidates than that: her own range of the owner index is walked, the same page, the total about a
    // fortieth of the word's 1,000 (her share of the workspace).
    listTuning.commonSearchEstimate = 500;
    const walked = await search();
    expect(walked.total.exact).toBe(false);
    // An estimate: her share as the planner's statistics size the workspace (about 4,000 contacts).
    expect(walked.total.value).toBeGreaterThanOrEqual(20);
    expect(walked.total.value).toBeLessThanOrEqual(30);
    expect(walked.data).toEqual(collected.data);

    // A typo: its corrections' candidates are the workspace's 1,000, past half as many again as the 600 collected, so
    // her page is walked at once, and the total is what the lookup's sample says of hers, not "more than 600" (the
    // sample meets hers last here: the update that made them hers stored them after the others).
    listTuning.typoCandidates = 600;
    const { result, sent } = await sending(t, () => maria.get('/api/v1/contacts?q=arnolt&limit=30'));
    const typo = result.json() as Body;
    expect(typo.data.map((c) => c.displayName)).toEqual(theirs);
    expect(typo.total.exact).toBe(false);
    expect(typo.total.value).toBeGreaterThan(0);
    expect(typo.total.value).toBeLessThanOrEqual(theirs.length);
    expect(sent.some((q) => q.includes('like any(') && q.includes('count(*) over ()'))).toBe(false);

    // Within the cap, the walk is priced over the range it passes: her own 100 contacts, not the workspace's 4,000
    // (a walk of the whole name order, past the 975 she cannot see, would cost more than collecting the 1,000).
    listTuning.typoCandidates = 3000;
    const inRange = await sending(t, () => maria.get('/api/v1/contacts?q=arnolt&limit=30'));
    const walkedTypo = inRange.result.json() as Body;
    expect(walkedTypo.data.map((c) => c.displayName)).toEqual(theirs);
    expect(walkedTypo.total.exact).toBe(false);
    expect(inRange.sent.some((q) => q.includes('like any(') && q.includes('count(*) over ()'))).toBe(false);
  });
});

describe("a one-word search in a large workspace, weighed on the workspace's sampled texts", () => {
  beforeEach(() => {
    Object.assign(listTuning, saved);
    Object.assign(textSampleTuning, savedSample);
    forgetTextSamples();
  });
  // The planner's estimate and the index's lookup of the word (the workspace's size is asked each time here: sizeTtlMs 0).
  const explains = (sent: string[]) => sent.filter((q) => q.includes('explain') && q.includes('search_text'));

  it('counts the contacts holding a word: exactly when every text is read, about when a share is', async () => {
    // 200 contacts hold "arn olt": "arnolt"'s rarest trigram (olt) and its first, not the word.
    const { large } = await arnoldWorkspace(false, 200);
    const ws = large.workspace.id;
    const counts = (word: string) => sampledCounts(t.deps, ws, 4201, word);
    const count = (word: string) => counts(word)?.matches ?? null;
    // Nothing sampled yet: no answer (the sample is taken meanwhile).
    expect(count('arnold')).toBeNull();
    await textSample(t.deps, ws, 4201);
    expect(count('arnold')).toBe(1000);
    expect(count('rnol')).toBe(1000);
    expect(count('arnolt')).toBe(0);
    // A word of three characters is one trigram; one that is nowhere, or shorter than a trigram.
    expect(count('arn')).toBe(1200);
    expect(count('arnoldx')).toBe(0);
    // The index's candidates hold each trigram, not always the word: "12121" is in none of the texts, its trigrams both
    // in those of contacts 1212 and 2121.
    expect(counts('12121')).toEqual({ matches: 0, candidates: 2 });
    expect(counts('arnold')).toEqual({ matches: 1000, candidates: 1000 });
    expect(count('ar')).toBeNull();
    // Archived contacts are not counted (a search never shows them).
    await t.deps.database.pool.query(
      `update contacts set archived_at = now() where workspace_id = $1 and search_text like '%arnold%'
         and right(display_name, 5)::int % 40 = 0`,
      [ws],
    );
    forgetTextSamples();
    await textSample(t.deps, ws, 4201);
    expect(count('arnold')).toBe(900);
    // An erasure drops the workspace's sample (it held the contact's text): taken again, without it.
    const { rows: erased } = await t.deps.database.pool.query<{ id: string; name: string }>(
      `select id, display_name as name from contacts where workspace_id = $1 and archived_at is null
         and search_text like '%arnold%' limit 1`,
      [ws],
    );
    const erasure = await large.post('/api/v1/erasure-requests', {
      contactId: erased[0]!.id,
      reason: 'Asked by email',
      confirm: erased[0]!.name,
    });
    expect(erasure.statusCode).toBe(201);
    expect(count('arnold')).toBeNull();
    await textSample(t.deps, ws, 4201);
    expect(count('arnold')).toBe(899);
    // A quarter of the texts read: each stands for four contacts.
    textSampleTuning.size = 1050;
    forgetTextSamples();
    await textSample(t.deps, ws, 4200);
    const about = count('arnold')!;
    expect(about % 4).toBe(0);
    expect(about).toBeGreaterThan(650);
    expect(about).toBeLessThan(1150);
    // Kept two periods unused at most (the texts are personal data): then dropped, and taken again when asked.
    sweepTextSamples();
    expect(count('arnold')).toBe(about);
    textSampleTuning.ttlMs = 0;
    sweepTextSamples();
    expect(count('arnold')).toBeNull();
  });

  it('walks or collects on what the sample says, without asking the planner or the index', async () => {
    const { large, truth } = await arnoldWorkspace();
    // The first search asks as before and has the sample taken; the next ones weigh the word on it.
    listTuning.commonSearchEstimate = 500;
    const first = await searchSending(large, 'arnold');
    expect(explains(first.sent).length).toBeGreaterThan(0);
    expect(first.body.total).toEqual({ value: 1000, exact: false });
    await textSample(t.deps, large.workspace.id, 4001);

    const walked = await searchSending(large, 'arnold');
    expect(explains(walked.sent)).toEqual([]);
    expect(walked.body.total).toEqual({ value: 1000, exact: false });
    expect(walked.body.data.map((c) => c.displayName)).toEqual(truth);
    listTuning.commonSearchEstimate = 1500;
    const collected = await searchSending(large, 'arnold');
    expect(explains(collected.sent)).toEqual([]);
    expect(collected.body).toEqual({ ...walked.body, total: { value: 1000, exact: true } });
    // Another workspace's sample is its own: the same word there is asked about as before.
    const { large: other } = await arnoldWorkspace();
    expect(explains((await searchSending(other, 'arnold')).sent).length).toBeGreaterThan(0);
  });

  it('collects a word the sample finds in no text, however many hold its trigrams', async () => {
    // 300 texts of 4,301 hold "xam" and "ames", every trigram of "xames", and none the word; past 200 candidates a
    // word is walked when the walk costs less.
    listTuning.commonSearchEstimate = 200;
    const { large } = await arnoldWorkspace(false, 300, ' xam ames');
    await textSample(t.deps, large.workspace.id, 4301);
    const { body, sent } = await searchSending(large, 'xames');
    // As typed, its 300 candidates are collected, not the whole name order walked to a page it holds nowhere (the
    // typo tier's walk, for its correction "ames", tests `like any`).
    const walksAsTyped = sent.some((q) => q.includes("enable_sort = 'off'") && !q.includes('like any('));
    expect(walksAsTyped).toBe(false);
    // Found through its correction.
    expect(body.data.length).toBeGreaterThan(0);
    // The same count of candidates, with as many holding the word: walked.
    const { large: holding } = await arnoldWorkspace(false, 300, ' xames');
    await textSample(t.deps, holding.workspace.id, 4301);
    const walked = await searchSending(holding, 'xames');
    expect(walked.sent.some((q) => q.includes("enable_sort = 'off'") && !q.includes('like any('))).toBe(true);
  });
});
