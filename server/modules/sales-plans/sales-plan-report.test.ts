import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { insertDeals, insertPipeline } from './revenue-test-data.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const report = async (s: Session, q: string) => {
  const res = await s.get(`/api/v1/sales-plans/report?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const row = (r: any, teamId: string, periodStart: string) =>
  r.rows.find((x: any) => x.teamId === teamId && x.periodStart === periodStart);

/** Berlin is UTC+1 in winter: 23:00 UTC on 31 January is already February there. */
async function berlinWorkspace() {
  const admin = await t.signup();
  await admin.patch('/api/v1/workspace', { currency: 'EUR', timezone: 'Europe/Berlin' });
  const a = (await admin.post('/api/v1/teams', { name: 'Alpha' })).json().id as string;
  const b = (await admin.post('/api/v1/teams', { name: 'Beta' })).json().id as string;
  const pipeline = await insertPipeline(t, admin, [20, 50]);
  const won = (value: string, closedAt: string, teamId = a) => ({
    status: 'won' as const,
    value,
    closedAt: new Date(closedAt),
    teamId,
  });
  await insertDeals(
    t,
    admin,
    pipeline,
    [
      won('500', '2026-01-31T22:59:00Z'), // 23:59 on 31 Jan in Berlin → January
      won('1000', '2026-01-31T23:00:00Z'), // midnight 1 Feb in Berlin → February
      won('50', '2025-12-31T23:30:00Z'), // 00:30 on 1 Jan 2026 in Berlin → January 2026
      won('100', '2025-12-31T22:30:00Z'), // still 2025 in Berlin → not this year
      won('200', '2026-12-31T23:30:00Z'), // already 2027 in Berlin → not this year
      won('300', '2026-03-10T10:00:00Z'),
      { status: 'lost', value: '9999', closedAt: new Date('2026-02-10T10:00:00Z'), teamId: a },
      { status: 'abandoned', value: '8888', closedAt: new Date('2026-02-10T10:00:00Z'), teamId: a },
      // Open: likelihood when set (even 0), else the stage's probability.
      { value: '2000', expectedCloseDate: '2026-02-20', likelihood: 25, teamId: a }, // 500
      { value: '1000', expectedCloseDate: '2026-02-10', stage: 1, teamId: a }, // 50 % → 500
      { value: '400', expectedCloseDate: '2026-02-10', likelihood: 0, stage: 1, teamId: a }, // 0
      { value: '333.33', expectedCloseDate: '2026-03-31', teamId: a }, // 20 % → 66.67 (66.666)
      { value: '5000', expectedCloseDate: null, teamId: a }, // no date → no period
      { value: '5000', expectedCloseDate: '2026-02-15', teamId: null }, // no team → no plan
      { value: '7000', currency: 'USD', status: 'won', closedAt: new Date('2026-02-05T10:00:00Z'), teamId: a },
      { value: '100', currency: 'USD', expectedCloseDate: '2026-03-05', teamId: a },
      won('250', '2026-02-14T12:00:00Z', b),
    ],
    'Secret Customer',
  );
  const plan = (teamId: string, period: string, periodStart: string, target: number, currency?: string) =>
    admin.post('/api/v1/sales-plans', { teamId, period, periodStart, target, currency });
  await plan(a, 'month', '2026-01-01', 1000);
  await plan(a, 'month', '2026-02-01', 2000);
  await plan(a, 'month', '2026-03-01', 5000, 'USD');
  await plan(b, 'month', '2026-02-01', 0);
  await plan(a, 'quarter', '2026-01-01', 3700);
  return { admin, a, b, pipeline };
}

describe('sales-plan report', () => {
  it('compares targets with won and forecast per month, in the workspace’s time zone and currency', async () => {
    const { admin, a, b } = await berlinWorkspace();
    const r = await report(admin, 'year=2026&period=month');
    expect(r).toMatchObject({ year: 2026, period: 'month', currency: 'EUR', timezone: 'Europe/Berlin' });
    expect(r.teams.map((x: any) => x.name)).toEqual(['Alpha', 'Beta']);
    expect(r.rows).toHaveLength(24);

    expect(row(r, a, '2026-01-01')).toMatchObject({
      planned: '1000.00',
      won: '550.00',
      forecast: '550.00',
      attainment: 0.55,
    });
    expect(row(r, a, '2026-02-01')).toMatchObject({
      planned: '2000.00',
      won: '1000.00',
      forecast: '2000.00',
      attainment: 0.5,
    });
    // March's target is in USD: left out (no conversion), so no planned figure in EUR.
    expect(row(r, a, '2026-03-01')).toMatchObject({
      planned: null,
      planId: null,
      won: '300.00',
      forecast: '366.67',
      attainment: null,
    });
    expect(row(r, a, '2026-12-01')).toMatchObject({ planned: null, won: '0.00', forecast: '0.00' });
    // A zero target has no attainment rather than infinity.
    expect(row(r, b, '2026-02-01')).toMatchObject({ planned: '0.00', won: '250.00', attainment: null });
    expect(row(r, a, '2026-02-01').planId).toBeTruthy();

    expect(r.totals[1]).toEqual({
      periodStart: '2026-02-01',
      planned: '2000.00',
      won: '1250.00',
      forecast: '2250.00',
      attainment: 0.625,
    });
    expect(r.totals[2].planned).toBeNull();
    expect(r.excluded).toEqual([{ currency: 'USD', opportunities: 2, plans: 1 }]);
    // Totals name no contact and no deal.
    expect(JSON.stringify(r)).not.toContain('Secret');
  });

  it('sums quarters and filters by team', async () => {
    const { admin, a, b } = await berlinWorkspace();
    const r = await report(admin, `year=2026&period=quarter&teamId=${a}`);
    expect(r.teams).toEqual([{ id: a, name: 'Alpha' }]);
    expect(r.rows.map((x: any) => x.periodStart)).toEqual(['2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01']);
    expect(row(r, a, '2026-01-01')).toMatchObject({
      planned: '3700.00',
      won: '1850.00',
      forecast: '2916.67',
      attainment: 0.5,
    });
    expect(r.rows.some((x: any) => x.teamId === b)).toBe(false);
    const last = await report(admin, 'year=2025&period=quarter');
    expect(row(last, a, '2025-10-01')).toMatchObject({ won: '100.00' });
    const next = await report(admin, 'year=2027&period=month');
    expect(row(next, a, '2027-01-01')).toMatchObject({ won: '200.00' });
  });

  it('shows a member limited to their own contacts only their own teams’ figures', async () => {
    const { admin, a, b } = await berlinWorkspace();
    const rep = await admin.addUser('member');
    const seesAll = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${rep.user.id}`, { contactAccess: 'own' });
    await admin.patch(`/api/v1/teams/${b}`, { memberIds: [rep.user.id] });

    const own = await report(rep, 'year=2026');
    expect(own.teams).toEqual([{ id: b, name: 'Beta' }]);
    expect(own.rows.every((x: any) => x.teamId === b)).toBe(true);
    expect(own.totals[1]).toMatchObject({ won: '250.00' });
    expect(own.excluded).toEqual([]);
    expect((await rep.get(`/api/v1/sales-plans/report?year=2026&teamId=${a}`)).statusCode).toBe(404);

    const all = await report(seesAll, 'year=2026');
    expect(all.teams).toHaveLength(2);
    expect(row(all, a, '2026-02-01').won).toBe('1000.00');
  });

  it('refuses a bad year or period kind, and says when there are no teams', async () => {
    const admin = await t.signup();
    for (const q of ['', 'year=abc', 'year=1900', 'year=2026&period=week', 'year=2026&teamId=nope']) {
      const res = await admin.get(`/api/v1/sales-plans/report?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    expect(await report(admin, 'year=2026')).toMatchObject({ teams: [], rows: [], totals: [], currency: 'USD' });
  });
});
