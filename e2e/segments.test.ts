// Groups and target markets end to end: the settings pages, the rule editor with its live count, the list's
// bulk "Add to group", the group filter, and the contact's groups and markets (the market cannot be removed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Session } from '../server/test/harness.ts';
import { startE2E, type E2E } from './harness.ts';
import { t } from './i18n.ts';

let e2e: E2E;
let admin: Session;
const ids: string[] = [];

beforeAll(async () => {
  e2e = await startE2E();
  admin = await e2e.server.signup({ workspaceName: 'Harbour & Hill Estates', name: 'Ada Admin' });
  const people = [
    ['Anna', 'Berger', 'Trade show'],
    ['Ben', 'Clarke', 'Trade show'],
    ['Carla', 'Diaz', 'Referral'],
    ['David', 'Evans', 'Website'],
  ];
  for (const [firstName, lastName, source] of people) {
    const res = await admin.post('/api/v1/contacts', { firstName, lastName, source });
    ids.push(res.json().id);
  }
  await admin.post('/api/v1/groups', {
    name: 'Golf day',
    description: 'Invited to the summer golf day',
    color: 'teal',
  });
  const market = await admin.post('/api/v1/target-markets', {
    name: 'Expo leads',
    description: 'Everyone we met at a trade show',
    color: 'grape',
    rules: { source: 'Trade show' },
  });
  // The membership is rebuilt by a background job (a retry waits 5 s; the machine may be busy).
  await eventually(
    async () => (await admin.get(`/api/v1/target-markets/${market.json().id}`)).json().evaluation === 'current',
    30_000,
  );
});

afterAll(async () => {
  await e2e?.close();
});

describe('segments', () => {
  it('puts selected contacts in a group from the list, and filters the list by it', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/contacts');
    await page.getByText('Anna Berger').waitFor();
    await page.getByRole('checkbox', { name: /Anna Berger/ }).check();
    await page.getByRole('checkbox', { name: /Carla Diaz/ }).check();
    await page
      .getByRole('button', { name: t('segments.bulk.add') })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(t('segments.bulk.group'), { exact: true }).click();
    await page.getByRole('option', { name: 'Golf day' }).click();
    await e2e.screenshot(page, 'segments-bulk-add-desktop');
    await dialog.getByRole('button', { name: t('segments.bulk.add') }).click();
    await dialog.waitFor({ state: 'hidden' });
    const group = (await admin.get('/api/v1/groups')).json().data[0];
    expect(group.memberCount).toBe(2);

    await e2e.openAs(page, admin, '/settings/groups');
    await page.getByRole('link', { name: t('segments.contacts', { count: 2 }) }).click();
    await page.waitForURL(/\/contacts/);
    await expect.poll(() => page.getByRole('checkbox', { name: /Anna Berger|Carla Diaz|Ben Clarke/ }).count()).toBe(2);
    await e2e.screenshot(page, 'segments-list-filtered-desktop');
    await page.context().close();
  });

  it('shows the settings pages and edits a target market’s rules with a live count', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/settings/groups');
    await page.getByTestId('group-row').waitFor();
    await e2e.screenshot(page, 'segments-groups-desktop');
    await e2e.openAs(page, admin, '/settings/target-markets');
    await page.getByTestId('market-row').waitFor();
    await e2e.screenshot(page, 'segments-markets-desktop');
    await page
      .getByRole('button', { name: /Expo leads/ })
      .first()
      .click();
    await page.getByRole('menuitem', { name: t('segments.markets.edit') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(t('segments.markets.matching', { count: 2 })).waitFor();
    await e2e.screenshot(page, 'segments-market-rules-desktop');
    await page.context().close();
  });

  it('shows a market whose rules were just set as evaluating, with its count so far', async () => {
    const page = await e2e.newPage();
    // The rebuild of four contacts is over before a page could show it: the answer is held at "evaluating".
    await page.route('**/api/v1/target-markets', async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      body.data = body.data.map((m: any) => ({ ...m, evaluation: 'evaluating', evaluatedAt: null, memberCount: 1 }));
      await route.fulfill({ response: res, json: body });
    });
    await e2e.openAs(page, admin, '/settings/target-markets');
    await page.getByTestId('market-evaluating').waitFor();
    expect(await page.getByTestId('market-evaluating').textContent()).toBe(
      t('segments.markets.evaluating', { count: 1 }),
    );
    await e2e.screenshot(page, 'segments-markets-evaluating-desktop');
    await page.context().close();
  });

  it('shows a contact’s groups and markets; the market cannot be removed by hand', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, `/contacts/${ids[0]}`);
    await page.getByTestId('contact-market').waitFor();
    await expect.poll(() => page.getByTestId('contact-group').count()).toBe(1);
    const locked = page.getByRole('button', { name: t('segments.contact.automatic', { name: 'Expo leads' }) });
    expect(await locked.isDisabled()).toBe(true);
    await e2e.screenshot(page, 'segments-contact-desktop');
    await page.context().close();
  });
});
