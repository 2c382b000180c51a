import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../platform/context.ts';
import { insertContact } from '../test/fixtures.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { seedActivity } from './activity.seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const count = async (sql: string, params: unknown[]) =>
  (await t.deps.database.pool.query(sql, params)).rows as Record<string, any>[];

describe('demo activity seed', () => {
  it('does nothing without contacts', async () => {
    const admin = await t.signup();
    await seedActivity(systemCtx(t.deps, admin.workspace.id), { adminId: admin.user.id, memberIds: [], teamIds: [] });
    expect(await count('select * from notes where workspace_id = $1', [admin.workspace.id])).toEqual([]);
  });

  it('gives the demo contacts notes, tasks in every bucket, calendars and appointments, with their journal', async () => {
    const admin = await t.signup();
    const members = [];
    for (const name of ['Maria Keller', 'Jonas Weber', 'Aisha Khan', 'Tom Becker'])
      members.push(await admin.addUser('member', name));
    const teams = [
      (
        await admin.post('/api/v1/teams', {
          name: 'Inside Sales',
          memberIds: [members[0]!.user.id, members[1]!.user.id],
        })
      ).json(),
      (
        await admin.post('/api/v1/teams', {
          name: 'Field Sales',
          memberIds: [members[2]!.user.id, members[3]!.user.id],
        })
      ).json(),
    ];
    for (let i = 0; i < 150; i++)
      await insertContact(t, members[i % 4]!, { lastName: `Demo ${String(i).padStart(3, '0')}` });
    const ws = admin.workspace.id;
    // The demo's contacts came in over the past months; the activity never predates them.
    await count(
      `update contacts set created_at = now() - (interval '1 day' * (10 + (abs(hashtext(id::text)) % 300)))
       where workspace_id = $1`,
      [ws],
    );
    await seedActivity(systemCtx(t.deps, ws, { type: 'system', id: null, label: 'Demo seed' }), {
      adminId: admin.user.id,
      memberIds: members.map((m) => m.user.id),
      teamIds: teams.map((x) => x.id),
    });

    const calendars = (await admin.get('/api/v1/calendars')).json().data;
    expect(calendars).toHaveLength(5);
    expect(calendars.filter((c: { team: unknown }) => c.team)).toHaveLength(1);

    const pins = await count(
      'select contact_id, count(*)::int as n from notes where workspace_id = $1 and pinned_at is not null group by 1',
      [ws],
    );
    expect(pins.length).toBeGreaterThan(0);
    expect(Math.max(...pins.map((p) => p.n))).toBeLessThanOrEqual(2);
    const mentions = await count(
      'select * from notes where workspace_id = $1 and cardinality(mentioned_user_ids) > 0',
      [ws],
    );
    expect(mentions.length).toBeGreaterThan(0);

    const summary = (await admin.get('/api/v1/tasks/summary')).json();
    for (const bucket of ['overdue', 'upcoming', 'no_date', 'completed']) expect(summary[bucket]).toBeGreaterThan(0);

    const statuses = await count('select distinct status from appointments where workspace_id = $1', [ws]);
    expect(statuses.map((s) => s.status).sort()).toEqual(['cancelled', 'confirmed', 'no_show', 'scheduled', 'showed']);
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const to = new Date().toISOString();
    const report = (await admin.get(`/api/v1/reports/show-rate?from=${from}&to=${to}&groupBy=user`)).json();
    expect(report.totals.showRate).toBeGreaterThan(0.4);
    expect(report.totals.showRate).toBeLessThan(0.95);

    // Every seeded record has its journal entry, dated when it happened.
    const [notesN, tasksN, booked] = await Promise.all([
      count('select count(*)::int as n from notes where workspace_id = $1', [ws]),
      count('select count(*)::int as n from tasks where workspace_id = $1', [ws]),
      count('select count(*)::int as n from appointments where workspace_id = $1', [ws]),
    ]);
    const kinds = Object.fromEntries(
      (
        await count(
          `select kind, count(*)::int as n, max(occurred_at) as latest from journal_entries
           where workspace_id = $1 and kind ~ '^(note|task|appointment)\\.' group by kind`,
          [ws],
        )
      ).map((r) => [r.kind, r]),
    );
    expect(kinds['note.created'].n).toBe(notesN[0]!.n);
    expect(kinds['task.created'].n).toBe(tasksN[0]!.n);
    expect(kinds['appointment.booked'].n).toBe(booked[0]!.n);
    expect(kinds['appointment.status_changed'].n).toBeGreaterThan(10);
    for (const k of Object.values(kinds) as { latest: string }[])
      expect(new Date(k.latest).getTime()).toBeLessThanOrEqual(Date.now());

    const contact = (await count('select contact_id from notes where workspace_id = $1 limit 1', [ws]))[0]!.contact_id;
    const timeline = (await admin.get(`/api/v1/contacts/${contact}/timeline?category=focus`)).json().data;
    expect(timeline.length).toBeGreaterThan(0);
  }, 120_000);
});
