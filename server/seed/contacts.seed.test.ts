import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { DEMO_CONTACT_COUNT } from './contacts.seed.ts';
import { seedDemo } from './seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const query = async (sql: string, params: unknown[] = []) => (await t.deps.database.pool.query(sql, params)).rows;

describe('demo contacts seed', () => {
  it('creates about 500 varied contacts with channels, tags, custom values and their journal', async () => {
    const people = await seedDemo(t.deps, { print: false, password: 'demo-password-1' });
    expect(people).not.toBeNull();
    const [w] = await query(`select workspace_id from users where id = $1`, [people!.adminId]);
    const ws = w!.workspace_id;
    const kinds = await query(`select kind, count(*)::int n from contacts where workspace_id = $1 group by kind`, [ws]);
    const total = kinds.reduce((s, k) => s + k.n, 0);
    expect(total).toBe(DEMO_CONTACT_COUNT);
    expect(kinds.find((k) => k.kind === 'business').n).toBeGreaterThan(100);
    const lines = await query(`select distinct line_type from contact_phones where workspace_id = $1`, [ws]);
    expect(lines.map((l) => l.line_type).sort()).toEqual(
      expect.arrayContaining(['fixed_line', 'fixed_line_or_mobile', 'mobile']),
    );
    const owners = await query(`select count(distinct owner_id)::int n from contacts where workspace_id = $1`, [ws]);
    expect(owners[0]!.n).toBe(5);
    const [emails] = await query(`select count(*)::int n from contact_emails where workspace_id = $1`, [ws]);
    expect(emails!.n).toBeGreaterThan(DEMO_CONTACT_COUNT * 0.8);
    const tagged = await query(
      `select count(*)::int n from contacts where workspace_id = $1 and cardinality(tag_ids) > 0`,
      [ws],
    );
    expect(tagged[0]!.n).toBeGreaterThan(100);
    const demo = await query(`select id from contacts where workspace_id = $1 and custom ? 'preferred_demo_time'`, [
      ws,
    ]);
    expect(demo).toHaveLength(1);
    const withIndustry = await query(
      `select count(*)::int n from contacts where workspace_id = $1 and custom ? 'industry'`,
      [ws],
    );
    expect(withIndustry[0]!.n).toBeGreaterThan(150);
    const archived = await query(
      `select count(*)::int n from contacts where workspace_id = $1 and archived_at is not null`,
      [ws],
    );
    expect(archived[0]!.n).toBeGreaterThan(0);
    const created = await query(
      `select count(*)::int n, count(distinct actor_id)::int actors, min(occurred_at) oldest from journal_entries
       where workspace_id = $1 and kind = 'contact.created'`,
      [ws],
    );
    expect(created[0]).toMatchObject({ n: DEMO_CONTACT_COUNT, actors: 5 });
    expect(Date.now() - new Date(created[0]!.oldest).getTime()).toBeGreaterThan(30 * 86_400_000);
    const history = await query(
      `select kind, count(*)::int n from journal_entries where workspace_id = $1 and kind in
       ('contact.field_changed', 'contact.owner_changed', 'contact.dnd_changed', 'contact.archived') group by kind`,
      [ws],
    );
    expect(history.map((h) => h.kind).sort()).toEqual([
      'contact.archived',
      'contact.dnd_changed',
      'contact.field_changed',
      'contact.owner_changed',
    ]);
    // Reproducible: the generator is seeded.
    const [first] = await query(
      `select display_name from contacts where workspace_id = $1 order by created_at, display_name limit 1`,
      [ws],
    );
    expect(typeof first!.display_name).toBe('string');
  });
});
