// A large workspace's list filtered by ids of its own (an owner, a tag). The planner prices each such condition by
// its share of the whole table, as if independent of the workspace: with the workspace half of the table, an owner
// with a tag comes out at a quarter of the truth. The list corrects that before it chooses how to read the page, and
// the total it then shows is near the truth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newContact } from './contact-test-helpers.ts';
import { listTuning } from './list-contacts.ts';

let t: TestApp;
const saved = { ...listTuning };
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  Object.assign(listTuning, saved);
  await t.close();
});

/** n copies of the workspace's one contact, numbered names, the tag on those where `tagged(g)` (in SQL) holds. */
async function fill(workspaceId: string, n: number, tagId: string, tagged: string) {
  const pool = t.deps.database.pool;
  const { rows } = await pool.query<{ cols: string }>(
    `select string_agg(quote_ident(column_name), ', ') as cols from information_schema.columns
     where table_schema = current_schema() and table_name = 'contacts'
       and column_name not in ('id', 'display_name', 'search_text', 'tag_ids')`,
  );
  await pool.query(
    `insert into contacts (id, display_name, search_text, tag_ids, ${rows[0]!.cols})
     select gen_random_uuid(), 'Contact ' || lpad(g::text, 5, '0'), 'contact ' || g,
            case when ${tagged} then array[$3::uuid] else '{}'::uuid[] end, ${rows[0]!.cols}
     from (select * from contacts where workspace_id = $1 limit 1) c, generate_series(1, $2) g`,
    [workspaceId, n, tagId],
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
});
