// Deals through the real UI: a business and a person created, a deal opened for the business from its
// page, dragged across the board to Won, and found won on the business's Opportunities tab.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';
import { t } from './i18n.ts';
import { createContactInUi, dragDealToWon, openDealInUi } from './revenue.fixtures.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

describe('pipelines', () => {
  it('opens a deal for a business, drags it across the board to won and shows it on the contact', async () => {
    const admin = await e2e.server.signup();
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/contacts');

    // A person, and a business whose page we stay on.
    await createContactInUi(page, { firstName: 'Petra', lastName: 'Paulsen' });
    const businessUrl = await createContactInUi(page, { businessName: 'Nordlicht GmbH' });

    // Open a deal from the business's Opportunities tab (the contact is preset).
    await page.getByRole('tab', { name: new RegExp(t('pipelines.tab.label')) }).click();
    await page.getByText(t('pipelines.tab.emptyTitle')).waitFor();
    await e2e.screenshot(page, 'contact-opportunities-empty-desktop');
    await openDealInUi(page, { name: 'Nordlicht rollout', value: '24000' }, () =>
      e2e.screenshot(page, 'opportunity-form-desktop'),
    );
    await page.getByTestId('open-deal').waitFor();
    await e2e.screenshot(page, 'contact-opportunities-desktop');

    // Across the board: Lead in → Qualified → … → Won.
    await dragDealToWon(page, 'Nordlicht rollout', ['Qualified', 'Meeting held', 'Proposal sent'], () =>
      e2e.screenshot(page, 'pipeline-board-desktop'),
    );

    const [deal] = (await admin.get('/api/v1/opportunities')).json().data;
    expect(deal).toMatchObject({ name: 'Nordlicht rollout', status: 'won', value: 24000 });

    await page.goto(`${businessUrl}?tab=opportunities`);
    const row = page.getByTestId('contact-opportunity').filter({ hasText: 'Nordlicht rollout' });
    await row.getByText(t('pipelines.status.won')).waitFor();
    await e2e.screenshot(page, 'contact-opportunities-won-desktop');

    await page.goto(`${businessUrl}?tab=activity`);
    await page
      .getByText(/Nordlicht rollout/)
      .first()
      .waitFor();
    await e2e.screenshot(page, 'contact-activity-deal-desktop');

    await page.goto('/settings/pipelines');
    await page.getByTestId('pipeline-Sales').waitFor();
    await e2e.screenshot(page, 'settings-pipelines-desktop');
    expect(e2e.pageErrors).toEqual([]);
    await page.context().close();
  });
});
