// Deals through the real UI: a business and a person created, a deal opened for the business from its
// page, dragged across the board to Won, and found won on the business's Opportunities tab.
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';
import { t } from './i18n.ts';

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

    // A person…
    await page.getByRole('button', { name: t('contactList.newContact') }).click();
    let dialog = page.getByRole('dialog', { name: t('contactList.create.title') });
    await dialog.getByLabel(t('contactList.create.firstName')).fill('Petra');
    await dialog.getByLabel(t('contactList.create.lastName')).fill('Paulsen');
    await dialog.getByRole('button', { name: t('contactList.create.submit') }).click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);

    // …and a business, whose page we stay on.
    await page.goto('/contacts');
    await page.getByRole('button', { name: t('contactList.newContact') }).click();
    dialog = page.getByRole('dialog', { name: t('contactList.create.title') });
    await dialog
      .locator('label', { hasText: t('contactList.create.business') })
      .first()
      .click();
    await dialog.getByLabel(t('contactList.create.businessName')).fill('Nordlicht GmbH');
    await dialog.getByRole('button', { name: t('contactList.create.submit') }).click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    const businessUrl = new URL(page.url()).pathname;

    // Open a deal from the business's Opportunities tab (the contact is preset).
    await page.getByRole('tab', { name: new RegExp(t('pipelines.tab.label')) }).click();
    await page.getByText(t('pipelines.tab.emptyTitle')).waitFor();
    await e2e.screenshot(page, 'contact-opportunities-empty-desktop');
    await page.getByRole('button', { name: t('pipelines.tab.new') }).click();
    dialog = page.getByRole('dialog', { name: t('pipelines.form.newTitle') });
    await dialog.getByRole('textbox', { name: t('pipelines.form.name') }).fill('Nordlicht rollout');
    await dialog.getByLabel(t('pipelines.form.value')).fill('24000');
    await e2e.screenshot(page, 'opportunity-form-desktop');
    await dialog.getByRole('button', { name: t('pipelines.form.create') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('contact-opportunity').getByText('Nordlicht rollout').waitFor();
    await page.getByTestId('open-deal').waitFor();
    await e2e.screenshot(page, 'contact-opportunities-desktop');

    // Across the board: Lead in → Qualified → … → Won.
    await page
      .getByRole('navigation')
      .getByRole('link', { name: t('app.nav.pipelines') })
      .click();
    await page.waitForURL(/\/pipelines$/);
    const card = page.getByTestId('opportunity-card').filter({ hasText: 'Nordlicht rollout' });
    await card.waitFor();
    // @dnd-kit's pointer sensor starts after 6 px: press, move in steps, release over the target.
    const dragTo = async (target: Locator) => {
      const from = (await card.boundingBox())!;
      const to = (await target.boundingBox())!;
      await page.mouse.move(from.x + from.width / 2, from.y + 12);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2 + 10, from.y + 20, { steps: 3 });
      await page.mouse.move(to.x + to.width / 2, to.y + Math.min(to.height / 2, 60), { steps: 12 });
      await page.mouse.up();
    };
    const stages = ['Qualified', 'Meeting held', 'Proposal sent'];
    for (const stage of stages) {
      const column = page.getByRole('region', { name: stage });
      await dragTo(column);
      await column.getByText('Nordlicht rollout').waitFor();
    }
    await e2e.screenshot(page, 'pipeline-board-desktop');
    await dragTo(page.getByTestId('drop-won'));
    await expect.poll(() => card.count()).toBe(0);

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
