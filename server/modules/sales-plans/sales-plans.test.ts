import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { seedSalesPlans } from './sales-plans.seed.ts';
import { periodEnd } from './sales-plans.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const api = '/api/v1/sales-plans';

async function team(admin: Session, name: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await admin.post('/api/v1/teams', { name, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function planCount(workspaceId: string): Promise<number> {
  const { rows } = await t.deps.database.pool.query(
    `select count(*)::int as n from sales_plans where workspace_id = $1`,
    [workspaceId],
  );
  return rows[0].n;
}

describe('sales plans', () => {
  it('sets a target in the workspace currency, lists it by year and team, changes and removes it, journaled', async () => {
    const admin = await t.signup();
    await admin.patch('/api/v1/workspace', { currency: 'EUR' });
    const dach = await team(admin, 'DACH');
    const nordics = await team(admin, 'Nordics');
    const created = await admin.post(api, { teamId: dach, period: 'month', periodStart: '2026-03-01', target: 125000 });
    expect(created.statusCode, created.body).toBe(201);
    const plan = created.json();
    expect(plan).toMatchObject({ teamName: 'DACH', period: 'month', periodStart: '2026-03-01', target: '125000.00' });
    expect(plan.currency).toBe('EUR');
    expect(created.headers.etag).toBe('"1"');
    await admin.post(api, { teamId: dach, period: 'quarter', periodStart: '2026-04-01', target: '300000.5' });
    await admin.post(api, { teamId: nordics, period: 'month', periodStart: '2026-03-01', target: 1, currency: 'SEK' });
    await admin.post(api, { teamId: dach, period: 'month', periodStart: '2027-01-01', target: 0 });

    const list = async (q: string) =>
      (await admin.get(`${api}?${q}`)).json().data.map((p: any) => [p.teamName, p.periodStart]);
    expect(await list('year=2026')).toEqual([
      ['DACH', '2026-03-01'],
      ['DACH', '2026-04-01'],
      ['Nordics', '2026-03-01'],
    ]);
    expect(await list(`year=2026&teamId=${dach}&period=quarter`)).toEqual([['DACH', '2026-04-01']]);
    expect(await list('year=2027')).toEqual([['DACH', '2027-01-01']]);

    const changed = await admin.patch(`${api}/${plan.id}`, { target: '130000' }, { 'if-match': '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ target: '130000.00', version: 2 });
    expect(changed.headers.etag).toBe('"2"');
    // The same amount written differently is no change.
    expect((await admin.patch(`${api}/${plan.id}`, { target: 130000.0 })).json().version).toBe(2);
    expect((await admin.get(`${api}/${plan.id}`)).json().target).toBe('130000.00');

    expect((await admin.delete(`${api}/${plan.id}`, undefined, { 'if-match': '"2"' })).statusCode).toBe(204);
    expect((await admin.get(`${api}/${plan.id}`)).statusCode).toBe(404);

    const { rows } = await t.deps.database.pool.query(
      `select kind, actor_id, data from journal_entries where subject_id = $1 order by occurred_at, id`,
      [plan.id],
    );
    expect(rows.map((r) => r.kind)).toEqual(['sales_plan.created', 'sales_plan.updated', 'sales_plan.deleted']);
    expect(rows[1].actor_id).toBe(admin.user.id);
    expect(rows[1].data.changes).toEqual([{ field: 'target', old: '125000.00', new: '130000.00' }]);
  });

  it('refuses a start that is not the first day of the month or quarter, a second plan for the period, bad amounts', async () => {
    const admin = await t.signup();
    const dach = await team(admin, 'DACH');
    const body = { teamId: dach, period: 'month', periodStart: '2026-03-01', target: 1000 };
    expect((await admin.post(api, body)).statusCode).toBe(201);

    const refused = async (b: Record<string, unknown>, status: number, code: string) => {
      const res = await admin.post(api, { ...body, ...b });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe(code);
      return res.json();
    };
    expect((await refused({ periodStart: '2026-03-15' }, 400, 'invalid_period_start')).detail).toContain(
      'first day of a month',
    );
    await refused({ period: 'quarter', periodStart: '2026-02-01' }, 400, 'invalid_period_start');
    await refused({ period: 'quarter', periodStart: '2026-07-02' }, 400, 'invalid_period_start');
    await refused({ periodStart: '2026-02-30' }, 400, 'validation_failed');
    await refused({ periodStart: 'March' }, 400, 'validation_failed');
    await refused({ period: 'week', periodStart: '2026-03-02' }, 400, 'validation_failed');
    const dup = await refused({ target: 5 }, 409, 'sales_plan_exists');
    expect(dup.planId).toBeTruthy();
    await refused({ periodStart: '2026-04-01', target: -1 }, 400, 'validation_failed');
    await refused({ periodStart: '2026-04-01', target: '12.345' }, 400, 'validation_failed');
    await refused({ periodStart: '2026-04-01', target: 'lots' }, 400, 'validation_failed');
    await refused({ periodStart: '2026-04-01', target: 1e21 }, 400, 'validation_failed');
    await refused({ periodStart: '2026-04-01', currency: 'euro' }, 400, 'validation_failed');
    await refused({ periodStart: '2026-04-01', teamId: 'not-a-uuid' }, 400, 'validation_failed');
    // The same month as a quarter is a different plan.
    expect((await admin.post(api, { ...body, period: 'quarter', periodStart: '2026-01-01' })).statusCode).toBe(201);
    expect(await planCount(admin.workspace.id)).toBe(2);

    const plan = (await admin.get(`${api}?teamId=${dach}&period=month`)).json().data[0];
    expect((await admin.patch(`${api}/${plan.id}`, { target: -5 })).statusCode).toBe(400);
    expect((await admin.patch(`${api}/${plan.id}`, { periodStart: '2026-05-01' })).json().version).toBe(1);
  });

  it('refuses a stale edit or removal (If-Match) and an unreadable If-Match', async () => {
    const admin = await t.signup();
    const dach = await team(admin, 'DACH');
    const plan = (
      await admin.post(api, { teamId: dach, period: 'month', periodStart: '2026-01-01', target: 10 })
    ).json();
    await admin.patch(`${api}/${plan.id}`, { target: 20 }, { 'if-match': '"1"' });
    const stale = await admin.patch(`${api}/${plan.id}`, { target: 30 }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    expect((await admin.patch(`${api}/${plan.id}`, { target: 30 }, { 'if-match': 'abc' })).json().code).toBe(
      'invalid_if_match',
    );
    expect((await admin.delete(`${api}/${plan.id}`, undefined, { 'if-match': '"1"' })).json().code).toBe(
      'version_conflict',
    );
    expect((await admin.get(`${api}/${plan.id}`)).json()).toMatchObject({ target: '20.00', version: 2 });
  });

  it('lets admins and the team’s leader plan; other members only read', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const leader = await admin.addUser('member');
    const led = await team(admin, 'Led', { memberIds: [leader.user.id, member.user.id], leaderId: leader.user.id });
    const other = await team(admin, 'Other', { memberIds: [leader.user.id] });
    const body = { teamId: led, period: 'month', periodStart: '2026-01-01', target: 10 };

    const forbidden = await member.post(api, body);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('forbidden');
    const plan = await leader.post(api, body);
    expect(plan.statusCode, plan.body).toBe(201);
    const id = plan.json().id;
    expect((await leader.post(api, { ...body, teamId: other })).statusCode).toBe(403);
    expect(
      (await leader.put(`${api}/year`, { teamId: other, year: 2026, period: 'quarter', targets: [1, 2, 3, 4] }))
        .statusCode,
    ).toBe(403);

    expect((await member.patch(`${api}/${id}`, { target: 99 })).statusCode).toBe(403);
    expect((await member.delete(`${api}/${id}`)).statusCode).toBe(403);
    expect(
      (await member.put(`${api}/year`, { teamId: led, year: 2026, period: 'quarter', targets: [1, 2, 3, 4] }))
        .statusCode,
    ).toBe(403);
    expect((await member.get(`${api}?year=2026`)).json().data).toHaveLength(1);
    expect((await member.get(`${api}/${id}`)).statusCode).toBe(200);
    expect((await member.get(`${api}/report?year=2026`)).statusCode).toBe(200);

    expect((await leader.patch(`${api}/${id}`, { target: 99 })).json().target).toBe('99.00');
    expect((await leader.delete(`${api}/${id}`)).statusCode).toBe(204);
    expect(await planCount(admin.workspace.id)).toBe(0);
  });

  it('sets the 12 months or 4 quarters of a team’s year at once; null removes one', async () => {
    const admin = await t.signup();
    await admin.patch('/api/v1/workspace', { currency: 'CHF' });
    const dach = await team(admin, 'DACH');
    const year = (targets: unknown[], period = 'month') =>
      admin.put(`${api}/year`, { teamId: dach, year: 2026, period, targets });
    const months = Array.from({ length: 12 }, (_, i) => (i + 1) * 1000);
    const first = await year(months);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().data.map((p: any) => [p.periodStart, p.target, p.currency])).toContainEqual([
      '2026-12-01',
      '12000.00',
      'CHF',
    ]);
    expect(first.json().data).toHaveLength(12);

    const second = await year([null, 2000, 3500, ...months.slice(3)]);
    expect(second.json().data.map((p: any) => p.periodStart)[0]).toBe('2026-02-01');
    expect(second.json().data).toHaveLength(11);
    const march = second.json().data.find((p: any) => p.periodStart === '2026-03-01');
    expect(march).toMatchObject({ target: '3500.00', version: 2 });
    // Untouched months keep their version: only what changed is written and journaled.
    expect(second.json().data.find((p: any) => p.periodStart === '2026-02-01').version).toBe(1);
    const { rows } = await t.deps.database.pool.query(
      `select kind, count(*)::int as n from journal_entries where workspace_id = $1 and kind like 'sales_plan.%' group by kind order by kind`,
      [admin.workspace.id],
    );
    expect(rows).toEqual([
      { kind: 'sales_plan.created', n: 12 },
      { kind: 'sales_plan.deleted', n: 1 },
      { kind: 'sales_plan.updated', n: 1 },
    ]);

    expect((await year([1, 2, 3, 4], 'quarter')).json().data).toHaveLength(4);
    const wrong = await year([1, 2, 3], 'quarter');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().detail).toContain('4');
    // A bad amount anywhere refuses the whole year: nothing half-written.
    expect((await year([5, 6, -7, 8], 'quarter')).statusCode).toBe(400);
    expect((await admin.get(`${api}?period=quarter`)).json().data.map((p: any) => p.target)).toEqual([
      '1.00',
      '2.00',
      '3.00',
      '4.00',
    ]);
  });

  it('keeps every endpoint inside its workspace: another workspace’s plan or team is 404', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const teamA = await team(a, 'A team');
    const teamB = await team(b, 'B team');
    const planA = (await a.post(api, { teamId: teamA, period: 'month', periodStart: '2026-01-01', target: 10 })).json();

    expect((await b.get(`${api}/${planA.id}`)).statusCode).toBe(404);
    expect((await b.patch(`${api}/${planA.id}`, { target: 1 })).statusCode).toBe(404);
    expect((await b.delete(`${api}/${planA.id}`)).statusCode).toBe(404);
    expect((await b.get(`${api}?teamId=${teamA}`)).statusCode).toBe(404);
    expect((await b.get(`${api}`)).json().data).toEqual([]);
    const created = await b.post(api, { teamId: teamA, period: 'month', periodStart: '2026-02-01', target: 10 });
    expect(created.statusCode).toBe(404);
    expect(created.json().code).toBe('not_found');
    expect(
      (await b.put(`${api}/year`, { teamId: teamA, year: 2026, period: 'quarter', targets: [1, 2, 3, 4] })).statusCode,
    ).toBe(404);
    expect((await b.get(`${api}/report?year=2026&teamId=${teamA}`)).statusCode).toBe(404);
    expect((await b.get(`${api}/report?year=2026`)).json().teams).toEqual([{ id: teamB, name: 'B team' }]);

    expect(await planCount(a.workspace.id)).toBe(1);
    expect(await planCount(b.workspace.id)).toBe(0);
    expect((await a.get(`${api}/${planA.id}`)).json().target).toBe('10.00');
  });

  it('removes a team’s plans with the team', async () => {
    const admin = await t.signup();
    const dach = await team(admin, 'DACH');
    await admin.post(api, { teamId: dach, period: 'month', periodStart: '2026-01-01', target: 10 });
    expect((await admin.delete(`/api/v1/teams/${dach}`)).statusCode).toBe(204);
    expect(await planCount(admin.workspace.id)).toBe(0);
  });

  it('seeds this year’s monthly and quarterly targets for every demo team, summing up to the quarter', async () => {
    const admin = await t.signup();
    const teamIds = [await team(admin, 'Inside Sales'), await team(admin, 'Field Sales')];
    await seedSalesPlans(
      systemCtx(t.deps, admin.workspace.id),
      { adminId: admin.user.id, memberIds: [], teamIds },
      2026,
    );
    const plans = (await admin.get(`${api}?year=2026`)).json().data;
    expect(plans).toHaveLength(32);
    for (const teamId of teamIds) {
      const mine = plans.filter((p: any) => p.teamId === teamId);
      for (const q of mine.filter((p: any) => p.period === 'quarter')) {
        const months = mine.filter(
          (p: any) =>
            p.period === 'month' &&
            p.periodStart >= q.periodStart &&
            p.periodStart < periodEnd(q.periodStart, 'quarter'),
        );
        expect(months).toHaveLength(3);
        expect(months.reduce((sum: number, p: any) => sum + Number(p.target), 0)).toBe(Number(q.target));
      }
    }
  });

  it('documents its endpoints in the OpenAPI document', async () => {
    const doc = (await t.anonymous.get('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/sales-plans',
        '/api/v1/sales-plans/{id}',
        '/api/v1/sales-plans/year',
        '/api/v1/sales-plans/report',
      ]),
    );
  });
});
