// The sales-plan report in a real browser: an admin sees targets against won deals and the forecast, edits a
// team's targets inline; an empty workspace says what to do. Deals are inserted directly (their own module's
// screens are tested elsewhere).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDeals, insertPipeline } from '../server/modules/sales-plans/revenue-test-data.ts';
import { overflowsHorizontally, PHONE, startE2E, type E2E } from './harness.ts';
import { t } from './i18n.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const year = new Date().getFullYear();
const at = (month: number, day = 15) => new Date(Date.UTC(year, month - 1, day, 10));
const date = (month: number, day = 20) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

describe('sales plans', () => {
  it('compares targets with won and forecast, and lets an admin edit a team’s targets inline', async () => {
    const admin = await e2e.server.signup({ workspaceName: 'Northwind Trading', name: 'Ada Admin' });
    await admin.patch('/api/v1/workspace', { currency: 'EUR', timezone: 'Europe/Berlin' });
    const inside = (await admin.post('/api/v1/teams', { name: 'Inside Sales' })).json().id;
    const field = (await admin.post('/api/v1/teams', { name: 'Field Sales' })).json().id;
    const quarterly = (teamId: string, base: number) =>
      admin.put('/api/v1/sales-plans/year', {
        teamId,
        year,
        period: 'month',
        targets: Array.from({ length: 12 }, (_, i) => base + (i % 3) * 5000 + Math.floor(i / 3) * 4000),
      });
    expect((await quarterly(inside, 40000)).statusCode).toBe(200);
    expect((await quarterly(field, 25000)).statusCode).toBe(200);
    const pipeline = await insertPipeline(e2e.server, admin, [10, 30, 60, 80]);
    const deals = [];
    for (let m = 1; m <= 12; m += 1) {
      const scale = 0.6 + ((m * 7) % 5) / 10;
      deals.push(
        { status: 'won' as const, value: String(Math.round(38000 * scale)), closedAt: at(m, 12), teamId: inside },
        { status: 'won' as const, value: String(Math.round(21000 * scale)), closedAt: at(m, 20), teamId: field },
        { value: String(30000 + m * 1000), expectedCloseDate: date(m), stage: m % 4, teamId: inside },
        { value: String(18000 + m * 500), expectedCloseDate: date(m, 25), likelihood: 40, teamId: field },
        { status: 'lost' as const, value: '50000', closedAt: at(m, 5), teamId: inside },
      );
    }
    deals.push({ status: 'won' as const, value: '9000', currency: 'USD', closedAt: at(3), teamId: field });
    await insertDeals(e2e.server, admin, pipeline, deals, 'Ines Kaiser');

    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/contacts');
    await page.getByRole('link', { name: t('app.nav.salesPlans') }).click();
    await page.waitForURL(/\/sales-plans/);
    const table = page.getByRole('table', { name: t('salesPlans.tableLabel', { year }) });
    await table.waitFor();
    await expect.poll(() => table.getByTestId('sales-plan-row').count()).toBe(24);
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await e2e.screenshot(page, 'sales-plans-desktop');

    await page.getByRole('button', { name: t('salesPlans.editTargetsOf', { team: 'Field Sales' }) }).click();
    const jan = page.getByRole('textbox', { name: t('salesPlans.targetFor', { period: 'Jan', team: 'Field Sales' }) });
    await jan.fill('31000');
    await e2e.screenshot(page, 'sales-plans-editing-desktop');
    await page.getByRole('button', { name: t('salesPlans.saveTargets') }).click();
    await expect.poll(() => jan.count()).toBe(0);
    const plans = (await admin.get(`/api/v1/sales-plans?year=${year}&teamId=${field}&period=month`)).json().data;
    expect(plans[0]).toMatchObject({ periodStart: `${year}-01-01`, target: '31000.00', version: 2 });

    await page.locator('label', { hasText: t('salesPlans.quarters') }).click();
    await expect.poll(() => table.getByTestId('sales-plan-row').count()).toBe(8);
    await e2e.screenshot(page, 'sales-plans-quarters-desktop');

    const phone = await e2e.newPage(PHONE);
    await e2e.openAs(phone, admin, '/sales-plans');
    await phone.getByRole('table').waitFor();
    expect(await overflowsHorizontally(phone)).toBe(false);
    await e2e.screenshot(phone, 'sales-plans-phone');
    expect(e2e.pageErrors).toEqual([]);
  });

  it('tells an admin of a workspace without teams to create one', async () => {
    const admin = await e2e.server.signup({ workspaceName: 'Fresh Start', name: 'Ben Admin' });
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/sales-plans');
    await page.getByText(t('salesPlans.noTeamsTitle')).waitFor();
    await e2e.screenshot(page, 'sales-plans-no-teams-desktop');
    await admin.post('/api/v1/teams', { name: 'Inside Sales' });
    await page.reload();
    await page.getByText(t('salesPlans.noPlansTitle', { year })).waitFor();
    await e2e.screenshot(page, 'sales-plans-no-targets-desktop');
  });
});
