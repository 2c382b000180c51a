// Steps of the revenue browser tests, done the way a user does them: contacts made with the New contact dialog,
// a deal opened from a contact's Opportunities tab, and a card dragged on the Pipelines board.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { t } from './i18n.ts';

/** Creates a contact with the contact list's New contact dialog and returns its page's path (the page stays open). */
export async function createContactInUi(
  page: Page,
  contact: { firstName: string; lastName: string } | { businessName: string },
): Promise<string> {
  await page.goto('/contacts');
  await page.getByRole('button', { name: t('contactList.newContact') }).click();
  const dialog = page.getByRole('dialog', { name: t('contactList.create.title') });
  if ('businessName' in contact) {
    await dialog
      .locator('label', { hasText: t('contactList.create.business') })
      .first()
      .click();
    await dialog.getByLabel(t('contactList.create.businessName')).fill(contact.businessName);
  } else {
    await dialog.getByLabel(t('contactList.create.firstName')).fill(contact.firstName);
    await dialog.getByLabel(t('contactList.create.lastName')).fill(contact.lastName);
  }
  await dialog.getByRole('button', { name: t('contactList.create.submit') }).click();
  await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

/** Opens a deal from the Opportunities tab of the contact whose page is open (the contact is preset). */
export async function openDealInUi(
  page: Page,
  deal: { name: string; value: string },
  onFormFilled?: () => Promise<void>,
): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(t('pipelines.tab.label')) }).click();
  await page.getByRole('button', { name: t('pipelines.tab.new') }).click();
  const dialog = page.getByRole('dialog', { name: t('pipelines.form.newTitle') });
  await dialog.getByRole('textbox', { name: t('pipelines.form.name') }).fill(deal.name);
  await dialog.getByLabel(t('pipelines.form.value')).fill(deal.value);
  await onFormFilled?.();
  await dialog.getByRole('button', { name: t('pipelines.form.create') }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('contact-opportunity').getByText(deal.name).waitFor();
}

/**
 * On the Pipelines page (reached through the navigation), drags the deal's card through `stages` (column names)
 * and then onto Won; `onBoard` runs while the card is in the last stage.
 */
export async function dragDealToWon(
  page: Page,
  dealName: string,
  stages: string[],
  onBoard?: () => Promise<void>,
): Promise<void> {
  await page
    .getByRole('navigation')
    .getByRole('link', { name: t('app.nav.pipelines') })
    .click();
  await page.waitForURL(/\/pipelines$/);
  const card = page.getByTestId('opportunity-card').filter({ hasText: dealName });
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
  for (const stage of stages) {
    const column = page.getByRole('region', { name: stage });
    await dragTo(column);
    await column.getByText(dealName).waitFor();
  }
  await onBoard?.();
  await dragTo(page.getByTestId('drop-won'));
  await expect.poll(() => card.count()).toBe(0);
}
