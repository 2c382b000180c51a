// The revenue flow of issue 12 in one pass through the real UI: a business and a person created, linked with a
// role on the business's Associations tab, a deal opened for the business, dragged across the board to Won, and
// then seen where a user looks for it: on the business (Opportunities), on the person (their business), and in
// the sales-plan report as won revenue for the deal's team in the month it was won.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overflowsHorizontally, PHONE, pickFromSearch, savePicture, startE2E, type E2E } from './harness.ts';
import { lang, t } from './i18n.ts';
import { createContactInUi, dragDealToWon, openDealInUi } from './revenue.fixtures.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('revenue flow', () => {
  it('links a person to a business, wins the business’s deal on the board and counts it in the sales plan', async () => {
    const admin = await e2e.server.signup({ workspaceName: 'Fjord Supplies', name: 'Ada Admin' });
    await admin.patch('/api/v1/workspace', { currency: 'EUR', timezone: 'Europe/Berlin' });
    // The admin sells for Inside Sales, so the deal they open counts toward its plan; the team has targets.
    const team = await admin.post('/api/v1/teams', { name: 'Inside Sales', memberIds: [admin.user.id] });
    expect(team.statusCode, team.body).toBe(201);
    const year = new Date().getFullYear();
    const month = new Date().getMonth();
    const plan = await admin.put('/api/v1/sales-plans/year', {
      teamId: team.json().id,
      year,
      period: 'month',
      targets: Array.from({ length: 12 }, () => 50000),
    });
    expect(plan.statusCode, plan.body).toBe(200);

    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/contacts');
    const personUrl = await createContactInUi(page, { firstName: 'Lena', lastName: 'Hoffmann' });
    const businessUrl = await createContactInUi(page, { businessName: 'Fjord Logistics AS' });

    // Link the person with a role from the business's Associations tab.
    await page.getByRole('tab', { name: new RegExp(t('contactPage.tabs.associations')) }).click();
    await page.getByText(t('relationships.noPersons')).waitFor();
    await page.getByRole('button', { name: t('relationships.linkExisting') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(t('relationships.linkPerson')).waitFor();
    await pickFromSearch(page, dialog.getByPlaceholder(t('relationships.searchContact')), 'Lena', /Lena Hoffmann/);
    await dialog.getByLabel(t('relationships.role')).fill('Head of Purchasing');
    await dialog.getByRole('button', { name: t('relationships.link') }).click();
    await dialog.waitFor({ state: 'hidden' });
    const link = page.getByTestId('link-row').filter({ hasText: 'Lena Hoffmann' });
    await link.getByText('Head of Purchasing').waitFor();

    // A deal for the business, across the board to Won.
    await openDealInUi(page, { name: 'Fjord fleet renewal', value: '18500' }, () =>
      e2e.screenshot(page, 'opportunity-form-desktop'),
    );
    await page.getByTestId('open-deal').waitFor();
    const [pipeline] = (await admin.get('/api/v1/pipelines')).json().data;
    await dragDealToWon(page, 'Fjord fleet renewal', [pipeline.stages[1].name, pipeline.stages[2].name], () =>
      e2e.screenshot(page, 'pipeline-board-desktop'),
    );
    const [deal] = (await admin.get('/api/v1/opportunities')).json().data;
    expect(deal).toMatchObject({ status: 'won', value: 18500, team: { name: 'Inside Sales' } });

    // The business lists the deal as won…
    await page.goto(`${businessUrl}?tab=opportunities`);
    const row = page.getByTestId('contact-opportunity').filter({ hasText: 'Fjord fleet renewal' });
    await row.getByText(t('pipelines.status.won')).waitFor();
    await e2e.screenshot(page, 'contact-opportunities-won-desktop');
    // …its activity journals the deal's way across the board…
    await page.goto(`${businessUrl}?tab=activity`);
    await page
      .getByText(/Fjord fleet renewal/)
      .first()
      .waitFor();
    await e2e.screenshot(page, 'contact-activity-deal-desktop');
    // …so does the person's page, via the business they work for…
    await page.goto(`${personUrl}?tab=opportunities`);
    const viaRow = page.getByTestId('contact-opportunity').filter({ hasText: 'Fjord fleet renewal' });
    await viaRow.getByText(t('pipelines.status.won')).waitFor();
    await viaRow.getByTestId('deal-via').getByRole('link', { name: 'Fjord Logistics AS' }).waitFor();
    await e2e.screenshot(page, 'revenue-flow-person-deal-desktop');
    // …and its Associations tab shows the business with their role.
    await page.goto(`${personUrl}?tab=associations`);
    const business = page.getByTestId('link-row').filter({ hasText: 'Fjord Logistics AS' });
    await business.getByText('Head of Purchasing').waitFor();
    await e2e.screenshot(page, 'revenue-flow-person-desktop');
    // Linked to a business, the person cannot become one: the page says why, and nothing changes.
    await page.getByTestId('field-kind').getByText(t('contactPage.kinds.business')).click();
    const why =
      lang === 'en'
        ? /linked to 1 business\./
        : t('contactPage.problems.kind_change_linked', { context: 'person', links: 1 });
    await page.getByTestId('field-kind').getByRole('alert').getByText(why).waitFor();
    await e2e.screenshot(page, 'revenue-flow-kind-refused-desktop');

    // The sales-plan report counts the won value for Inside Sales in this month, against its target.
    await page
      .getByRole('navigation')
      .getByRole('link', { name: t('app.nav.salesPlans') })
      .click();
    await page.waitForURL(/\/sales-plans/);
    const table = page.getByRole('table', { name: t('salesPlans.tableLabel', { year }) });
    await expect.poll(() => table.getByTestId('sales-plan-row').count()).toBe(12);
    const cells = table.getByTestId('sales-plan-row').nth(month).getByRole('cell');
    const amount = lang === 'de' ? /18\.500/ : /18,500/;
    await expect.poll(() => cells.nth(2).textContent()).toMatch(amount);
    expect(await cells.nth(1).textContent()).toMatch(lang === 'de' ? /50\.000/ : /50,000/);
    await expect
      .poll(() => table.getByTestId('sales-plan-year').getByRole('cell').nth(2).textContent())
      .toMatch(amount);
    await e2e.screenshot(page, 'revenue-flow-sales-plan-desktop');

    // The pipeline's stages as an admin manages them.
    await page.goto('/settings/pipelines');
    await page.getByTestId('pipeline-Sales').waitFor();
    await e2e.screenshot(page, 'settings-pipelines-desktop');
    expect(e2e.pageErrors).toEqual([]);
    await page.context().close();
  });
});

describe('contact tabs', () => {
  it('shows every tab of a contact in full on a desktop and lets a phone scroll them', async () => {
    const admin = await e2e.server.signup({ workspaceName: 'Tab Check', name: 'Ada Admin' });
    const acme = (await admin.post('/api/v1/contacts', { kind: 'business', businessName: 'Acme Logistics' })).json();
    // Counts beside the labels make the tabs as wide as they get.
    const created = await Promise.all([
      admin.post('/api/v1/opportunities', { contactId: acme.id, name: 'Pilot', value: 1000 }),
      admin.post(`/api/v1/contacts/${acme.id}/notes`, { title: 'Met at the fair' }),
      admin.post(`/api/v1/contacts/${acme.id}/tasks`, { title: 'Call back' }),
    ]);
    expect(created.map((r) => r.statusCode)).toEqual([201, 201, 201]);

    const page = await e2e.newPage();
    await e2e.openAs(page, admin, `/contacts/${acme.id}?tab=associations`);
    const list = page.getByRole('tablist').last();
    await list.getByRole('tab').first().waitFor();
    await e2e.screenshot(page, 'contact-tabs-desktop');
    const clipped = await list.evaluate((el) =>
      [...el.querySelectorAll('[role="tab"]')]
        .filter((tab) => {
          const box = tab.getBoundingClientRect();
          const outer = el.getBoundingClientRect();
          const label = tab.querySelector('.mantine-Tabs-tabLabel') as HTMLElement | null;
          return (
            box.left < outer.left - 1 ||
            box.right > outer.right + 1 ||
            (label && label.scrollWidth > label.clientWidth + 1)
          );
        })
        .map((tab) => tab.textContent),
    );
    expect(clipped).toEqual([]);

    const phone = await e2e.newPage(PHONE);
    await e2e.openAs(phone, admin, `/contacts/${acme.id}?tab=associations`);
    await phone.getByRole('tab', { name: new RegExp(t('contactPage.tabs.associations')) }).waitFor();
    expect(await overflowsHorizontally(phone)).toBe(false);
    await phone.getByRole('tab', { name: new RegExp(t('contactPage.tabs.associations')) }).scrollIntoViewIfNeeded();
    await savePicture(phone, 'contact-tabs-phone', { fullPage: false });
    expect(e2e.pageErrors).toEqual([]);
  });
});
