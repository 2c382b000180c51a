// The contact page end to end, in Chromium against a real server: the flow (a taken email names its
// contact, a field edited in place shows old → new under Data changes, archive and restore), the landline rule,
// a version conflict shown in place, the not-found page, the way back to the list, and a look at every state.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overflowsHorizontally, PHONE, screenshotDir, startE2E, type E2E } from './harness.ts';
import { createPerson, ok, patchContact, seedWorkspace, type Workspace } from './contact-page.fixtures.ts';

let e2e: E2E;
let ws: Workspace;

beforeAll(async () => {
  e2e = await startE2E();
  ws = await seedWorkspace(e2e.server);
});

afterAll(async () => {
  await e2e?.close();
});

/** What the screen shows (not the whole page), for looking at one part of a long phone page. */
async function viewport(page: Page, name: string) {
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${screenshotDir}/${name}.png` });
}

/** The data-changes view of the journal: its own tab, or the second view of the Activity tab. */
async function showDataChanges(page: Page) {
  const own = page.getByRole('tab', { name: 'Data changes' });
  if (await own.count()) {
    await own.click();
    return;
  }
  await page.getByRole('tab', { name: /Activity/ }).click();
  await page
    .getByText(/^Data changes/)
    .first()
    .click();
}

async function openContact(page: Page, id: string, session = ws.admin) {
  await e2e.openAs(page, session, `/contacts/${id}`);
  await page.getByTestId('contact-name').waitFor();
}

describe('the contact page', () => {
  it('names the contact that has a taken email, edits a field inline, archives and restores', async () => {
    const holder = await createPerson(ws.admin, 'Sophie', 'Wagner', {
      emails: [{ email: 'sophie.wagner@example.test', type: 'work' }],
    });
    const tom = await createPerson(ws.admin, 'Tom', 'Becker', { title: 'Sales rep' });
    const page = await e2e.newPage();
    await openContact(page, tom.id);

    // A taken email: the server's message names the other contact, with a link to it.
    const emails = page.getByTestId('section-emails');
    await emails.getByRole('button', { name: 'Add email' }).click();
    await emails.getByLabel('Email address').fill('Sophie.Wagner@example.test');
    await emails.getByRole('button', { name: 'Add email' }).click();
    const refusal = emails.getByRole('alert');
    await refusal.getByText('This email is already used by "Sophie Wagner"').waitFor();
    const link = refusal.getByRole('link', { name: 'Open Sophie Wagner' });
    expect(await link.getAttribute('href')).toBe(`/contacts/${holder.id}`);
    await e2e.screenshot(page, 'contact-email-taken-desktop');
    await emails.getByLabel('Email address').press('Escape');
    await expect.poll(() => emails.getByTestId('email-form').count()).toBe(0);

    // Inline editing: click the value, type, Enter saves; the journal shows old → new.
    const title = page.getByTestId('field-title');
    await title.getByRole('button', { name: /^Title: Sales rep/ }).click();
    const input = title.getByRole('textbox', { name: 'Title' });
    await expect.poll(() => input.inputValue()).toBe('Sales rep');
    await input.fill('Head of Sales');
    await input.press('Enter');
    await title.getByRole('button', { name: /^Title: Head of Sales/ }).waitFor();
    expect(await page.getByTestId('contact-subtitle').textContent()).toBe('Head of Sales');
    await showDataChanges(page);
    const entry = page
      .getByTestId('journal-entry')
      .filter({ hasText: 'Changed Title from Sales rep to Head of Sales' });
    await entry.waitFor();
    expect(await entry.getByText('Ada Admin').count()).toBe(1);
    const stored = await ok<{ title: string }>(ws.admin.get(`/api/v1/contacts/${tom.id}`), 'reload');
    expect(stored.title).toBe('Head of Sales');

    // Escape cancels without saving.
    await title.getByRole('button', { name: /^Title: Head of Sales/ }).click();
    await title.getByRole('textbox', { name: 'Title' }).fill('Something else');
    await title.getByRole('textbox', { name: 'Title' }).press('Escape');
    await title.getByRole('button', { name: /^Title: Head of Sales/ }).waitFor();

    // Archive from the page, with a confirmation; the banner says when and by whom, Restore brings it back.
    await page.getByRole('button', { name: 'Contact actions' }).click();
    await page.getByRole('menuitem', { name: 'Archive…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive contact' }).click();
    const banner = page.getByTestId('archived-banner');
    await banner.getByText(/Archived on .+ by Ada Admin/).waitFor();
    expect(await page.getByRole('button', { name: /^Title: / }).count()).toBe(0);
    await e2e.screenshot(page, 'contact-archived-desktop');
    await banner.getByRole('button', { name: 'Restore' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.getByTestId('journal-entry').filter({ hasText: 'Restored the contact from the archive' }).waitFor();
    expect(await page.getByTestId('journal-entry').filter({ hasText: 'Archived the contact' }).count()).toBe(1);
    const restored = await ok<{ archivedAt: string | null }>(ws.admin.get(`/api/v1/contacts/${tom.id}`), 'reload');
    expect(restored.archivedAt).toBeNull();
    await page.context().close();
  });

  it('shows a landline as not OK to SMS, with the toggle locked', async () => {
    const page = await e2e.newPage();
    await openContact(page, ws.rich.id);
    const landline = page.getByTestId('phone-row').filter({ hasText: '+49 30 90182000' });
    await landline.getByTestId('line-type').getByText('Landline').waitFor();
    await landline.getByText('Landline number, SMS not allowed').waitFor();
    const toggle = landline.getByRole('switch', { name: 'OK to SMS' });
    expect(await toggle.isDisabled()).toBe(true);
    expect(await toggle.isChecked()).toBe(false);

    // A mobile number can be switched off and on again.
    const mobile = page.getByTestId('phone-row').filter({ hasText: '+49 1512 3456789' });
    await mobile.getByTestId('line-type').getByText('Mobile').waitFor();
    const mobileToggle = mobile.getByRole('switch', { name: 'OK to SMS' });
    expect(await mobileToggle.isChecked()).toBe(true);
    await mobileToggle.click();
    await expect.poll(() => mobileToggle.isChecked()).toBe(false);
    await mobileToggle.click();
    await expect.poll(() => mobileToggle.isChecked()).toBe(true);
    expect(await mobile.getByText('Landline number, SMS not allowed').count()).toBe(0);
    await page.context().close();
  });

  it('shows a version conflict in place when the contact changed meanwhile, and reloads on request', async () => {
    const ines = await createPerson(ws.admin, 'Ines', 'Vogel', { title: 'Buyer' });
    const page = await e2e.newPage();
    await openContact(page, ines.id);
    const title = page.getByTestId('field-title');
    await title.getByRole('button', { name: /^Title: Buyer/ }).click();

    // Someone else changes the contact between loading and saving.
    await patchContact(ws.jonas, ines.id, { title: 'Senior Buyer' });

    const input = title.getByRole('textbox', { name: 'Title' });
    await input.fill('Category Manager');
    await input.press('Enter');
    await title.getByText('Someone else changed this contact — reload to see their change').waitFor();
    await e2e.screenshot(page, 'contact-conflict-desktop');
    const stored = await ok<{ title: string }>(ws.admin.get(`/api/v1/contacts/${ines.id}`), 'reload');
    expect(stored.title).toBe('Senior Buyer');

    await title.getByRole('button', { name: 'Reload' }).click();
    await title.getByRole('button', { name: /^Title: Senior Buyer/ }).waitFor();
    await page.context().close();
  });

  it('shows field errors under the field', async () => {
    const page = await e2e.newPage();
    const kim = await createPerson(ws.admin, 'Kim', 'Lindqvist');
    await openContact(page, kim.id);
    const phones = page.getByTestId('section-phones');
    await phones.getByRole('button', { name: 'Add phone number' }).click();
    await phones.getByLabel('Phone number').fill('+49 12');
    await phones.getByRole('button', { name: 'Add number' }).click();
    await phones
      .getByRole('alert')
      .getByText(/is not a valid phone number/)
      .waitFor();
    await page.context().close();
  });

  it('says when a contact does not exist', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, ws.admin, `/contacts/${randomUUID()}`);
    await page.getByText("This contact doesn't exist or you can't see it").waitFor();
    await page.getByRole('link', { name: 'Back to contacts' }).click();
    await page.waitForURL(/\/contacts$/);
    await page.context().close();
  });

  it('leads back to the list as the user left it', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, ws.admin, '/contacts?q=Hoffmann');
    await page.getByRole('link', { name: 'Lena Hoffmann' }).first().click();
    await page.getByTestId('contact-name').waitFor();
    await page.getByTestId('back-to-contacts').click();
    await page.waitForURL(/\/contacts\?q=Hoffmann$/);
    await page.context().close();
  });
});

describe('how it looks', () => {
  it('desktop and phone, light and dark, with long names and many changes', async () => {
    const long = await createPerson(ws.maria, 'Maximilian-Alexander', 'von Hohenzollern-Sigmaringen und Löwenstein', {
      title: 'Regional Director of Strategic Procurement and Supplier Relationship Management',
      businessName: 'Internationale Speditions- und Lagerhausgesellschaft Nord-Ostsee mbH & Co. KG',
      emails: [{ email: 'maximilian-alexander.von-hohenzollern@internationale-spedition.example', type: 'work' }],
    });
    for (let i = 0; i < 12; i++) await patchContact(ws.maria, long.id, { source: `Campaign ${i + 1}` });
    const empty = await createPerson(ws.admin, 'Nora', 'Blank');

    const desktop = await e2e.newPage();
    await openContact(desktop, ws.rich.id);
    await showDataChanges(desktop);
    await desktop.getByTestId('journal-entry').first().waitFor();
    await e2e.screenshot(desktop, 'contact-rich-desktop');
    await openContact(desktop, long.id);
    await showDataChanges(desktop);
    await desktop.getByTestId('journal-entry').nth(5).waitFor();
    await e2e.screenshot(desktop, 'contact-long-desktop');
    await openContact(desktop, empty.id);
    await e2e.screenshot(desktop, 'contact-empty-desktop');
    await desktop.evaluate(() => localStorage.setItem('dossier-color-scheme', 'dark'));
    await openContact(desktop, ws.rich.id);
    await showDataChanges(desktop);
    await desktop.getByTestId('journal-entry').first().waitFor();
    await e2e.screenshot(desktop, 'contact-rich-dark-desktop');
    await desktop.context().close();

    const phone = await e2e.newPage(PHONE);
    await openContact(phone, ws.rich.id);
    await showDataChanges(phone);
    await phone.getByTestId('journal-entry').first().waitFor();
    expect(await overflowsHorizontally(phone)).toBe(false);
    await e2e.screenshot(phone, 'contact-rich-phone');
    await viewport(phone, 'contact-rich-phone-top');
    await phone.getByTestId('section-phones').scrollIntoViewIfNeeded();
    await viewport(phone, 'contact-rich-phone-phones');
    await phone.getByTestId('journal-entry').first().scrollIntoViewIfNeeded();
    await viewport(phone, 'contact-rich-phone-changes');
    await openContact(phone, long.id);
    expect(await overflowsHorizontally(phone)).toBe(false);
    await e2e.screenshot(phone, 'contact-long-phone');
    await phone.context().close();
    expect(e2e.pageErrors).toEqual([]);
  });
});
