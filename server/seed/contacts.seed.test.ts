import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntryRow } from '../db/schema/journal.ts';
import { journalEntries } from '../db/schema/journal.ts';
import { createNotificationsFor } from '../modules/notifications/notifications.subscriber.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { STORY_CONTACTS } from './activity.seed.ts';
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
    // First touches are dated when the contact came in, not when the demo was seeded.
    const [late] = await query(
      `select count(*)::int n from contacts where workspace_id = $1
       and (first_attribution ->> 'at')::timestamptz > created_at + interval '1 second'`,
      [ws],
    );
    expect(late!.n).toBe(0);
    const [dated] = await query(
      `select count(*)::int n from contacts where workspace_id = $1 and first_attribution is not null`,
      [ws],
    );
    expect(dated!.n).toBeGreaterThan(100);

    // A few contacts carry months of history: dozens of entries of every kind, in a sensible order.
    const busiest = await query(
      `select contact_id, count(*)::int n, min(occurred_at) first, max(occurred_at) last,
              count(distinct kind)::int kinds
       from journal_entries where workspace_id = $1 and contact_id is not null
       group by contact_id order by n desc limit ${STORY_CONTACTS}`,
      [ws],
    );
    expect(busiest).toHaveLength(STORY_CONTACTS);
    for (const b of busiest) {
      expect(b.n).toBeGreaterThanOrEqual(40);
      expect(b.kinds).toBeGreaterThanOrEqual(8);
      expect(new Date(b.last).getTime() - new Date(b.first).getTime()).toBeGreaterThan(120 * 86_400_000);
    }
    const story = busiest[0]!.contact_id;
    const storyKinds = (
      await query(`select distinct kind from journal_entries where workspace_id = $1 and contact_id = $2`, [ws, story])
    ).map((r) => r.kind);
    expect(storyKinds).toEqual(
      expect.arrayContaining([
        'contact.created',
        'note.created',
        'task.created',
        'task.completed',
        'appointment.booked',
        'appointment.status_changed',
        'contact.field_changed',
        'contact.owner_changed',
      ]),
    );
    // Nothing in it happened before the contact existed, and what lies ahead is booked, not done.
    const [beforeCreation] = await query(
      `select count(*)::int n from journal_entries e join contacts c on c.workspace_id = e.workspace_id and c.id = e.contact_id
       where e.workspace_id = $1 and e.occurred_at < c.created_at - interval '1 second'`,
      [ws],
    );
    expect(beforeCreation!.n).toBe(0);
    const ahead = await query(
      `select status from appointments where workspace_id = $1 and contact_id = $2 and starts_at > now()`,
      [ws, story],
    );
    expect(ahead.length).toBeGreaterThan(0);
    expect(ahead.every((a) => a.status === 'scheduled' || a.status === 'confirmed')).toBe(true);
    const [futureOutcome] = await query(
      `select count(*)::int n from appointments where workspace_id = $1 and starts_at > now() and status in ('showed', 'no_show')`,
      [ws],
    );
    expect(futureOutcome!.n).toBe(0);

    // Notifications for the seeded events carry the event's time, not the moment they were delivered.
    const rows = (await t.deps.database.db
      .select()
      .from(journalEntries)
      .where(eq(journalEntries.workspaceId, ws))) as JournalEntryRow[];
    // The journal's own delivery may have run first; either way each event is notified once.
    await createNotificationsFor(rows, t.deps);
    const [notified] = await query(
      `select count(*)::int n, count(*) filter (where n.created_at <> e.occurred_at)::int off,
              count(*) filter (where n.created_at < now() - interval '1 day')::int old
       from notifications n join journal_entries e on e.workspace_id = n.workspace_id and e.id = n.entry_id
       where n.workspace_id = $1`,
      [ws],
    );
    expect(notified!.n).toBeGreaterThan(0);
    expect(notified!.off).toBe(0);
    expect(notified!.old).toBeGreaterThan(0);

    // Reproducible: the generator is seeded.
    const [first] = await query(
      `select display_name from contacts where workspace_id = $1 order by created_at, display_name limit 1`,
      [ws],
    );
    expect(typeof first!.display_name).toBe('string');
  }, 120_000);
});
