import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { seedDemo } from './seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('demo segments seed', () => {
  it('creates groups with members and target markets whose membership follows their rules', async () => {
    const people = await seedDemo(t.deps, { print: false, password: 'demo-password-1' });
    const { rows } = await t.deps.database.pool.query(`select workspace_id from users where id = $1`, [
      people!.adminId,
    ]);
    const ws = rows[0].workspace_id;
    const groups = await t.deps.database.pool.query(
      `select g.name, count(m.contact_id)::int n from contact_groups g
       left join contact_group_members m on m.workspace_id = g.workspace_id and m.group_id = g.id
       where g.workspace_id = $1 group by g.name`,
      [ws],
    );
    expect(groups.rows).toHaveLength(3);
    for (const g of groups.rows) expect(g.n, g.name).toBeGreaterThan(0);
    const markets = await t.deps.database.pool.query(
      `select t.name, t.evaluated_at, count(m.contact_id)::int n from target_markets t
       left join target_market_members m on m.workspace_id = t.workspace_id and m.market_id = t.id
       where t.workspace_id = $1 group by t.name, t.evaluated_at`,
      [ws],
    );
    expect(markets.rows).toHaveLength(3);
    for (const m of markets.rows) {
      expect(m.n, m.name).toBeGreaterThan(0);
      expect(m.evaluated_at).not.toBeNull();
    }
    // "Businesses from events" holds exactly the active businesses from a trade show.
    const [expected] = (
      await t.deps.database.pool.query(
        `select count(*)::int n from contacts where workspace_id = $1 and kind = 'business'
         and lower(source) = 'trade show' and archived_at is null`,
        [ws],
      )
    ).rows;
    expect(markets.rows.find((m) => m.name === 'Businesses from events')!.n).toBe(expected.n);
  });
});
