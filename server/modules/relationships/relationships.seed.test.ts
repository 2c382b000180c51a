import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seed/seed.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const query = async (sql: string, params: unknown[] = []) => (await t.deps.database.pool.query(sql, params)).rows;

describe('demo relationships seed', () => {
  it('links demo people to businesses (one primary at most, some by reference) and relates people, journaled', async () => {
    const people = await seedDemo(t.deps, { print: false, password: 'demo-password-1' });
    const [w] = await query(`select workspace_id from users where id = $1`, [people!.adminId]);
    const ws = w!.workspace_id;
    const [links] = await query(
      `select count(*)::int n, count(*) filter (where is_primary)::int p,
      count(*) filter (where cardinality(phone_ids) > 0)::int refs from contact_links where workspace_id = $1`,
      [ws],
    );
    expect(links!.n).toBeGreaterThan(50);
    expect(links!.p).toBeGreaterThan(10);
    expect(links!.refs).toBeGreaterThan(0);
    const twoPrimaries = await query(
      `select person_id from contact_links where workspace_id = $1 and is_primary group by person_id having count(*) > 1`,
      [ws],
    );
    expect(twoPrimaries).toEqual([]);
    const kinds = await query(
      `select count(*)::int n from contact_links l join contacts p on p.workspace_id = l.workspace_id and p.id = l.person_id
       join contacts b on b.workspace_id = l.workspace_id and b.id = l.business_id
       where l.workspace_id = $1 and (p.kind <> 'person' or b.kind <> 'business')`,
      [ws],
    );
    expect(kinds[0]!.n).toBe(0);
    const [relations] = await query(`select count(*)::int n from contact_relations where workspace_id = $1`, [ws]);
    expect(relations!.n).toBeGreaterThan(20);
    const [journal] = await query(
      `select count(*)::int n from journal_entries where workspace_id = $1 and kind in ('contact.link_added', 'contact.relation_added')`,
      [ws],
    );
    expect(journal!.n).toBe(2 * (links!.n + relations!.n));
  });
});
