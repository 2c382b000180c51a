// Getting data in and clean, end to end: from the contact list to the Import page, upload a CSV, map a column the
// dictionary does not know, see a problem in the preview, run with the progress bar, download the rejected rows;
// then find an imported contact's duplicate, merge the two and undo it.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../server/test/harness.ts';
import { PHONE, startE2E, type E2E } from './harness.ts';
import { t } from './i18n.ts';

let e2e: E2E;
let admin: Session;
let file: string;

beforeAll(async () => {
  e2e = await startE2E();
  admin = await e2e.server.signup({ workspaceName: 'Northwind Traders', name: 'Ada Admin' });
  const rows = Array.from({ length: 40 }, (_, i) =>
    [
      `Person${i}`,
      `Lee${i}`,
      i % 10 === 3 ? `broken${i}@@mail` : `p${i}@northwind.example`,
      `+49 151 ${20000000 + i}`,
    ].join(';'),
  );
  file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-import-')), 'kunden.csv');
  await fs.writeFile(file, `Vorname;Nachname;Kontakt-Mail;Handy\n${rows.join('\n')}\n`);
});

afterAll(async () => {
  await e2e?.close();
  if (file) await fs.rm(path.dirname(file), { recursive: true, force: true });
});

describe('imports', () => {
  it('imports a CSV with a mapped column, shows the progress and downloads the rejects', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/contacts');
    await page.getByRole('link', { name: t('imports.importButton') }).click();
    await page.getByText(t('imports.emptyTitle')).waitFor();
    await e2e.screenshot(page, 'imports-empty-desktop');

    await page.locator('input[type=file]').first().setInputFiles(file);
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}/);
    const mailSelect = page.getByRole('combobox', { name: t('imports.importAsFor', { column: 'Kontakt-Mail' }) });
    await mailSelect.click();
    await page.getByRole('option', { name: t('imports.targets.email') }).click();
    await expect.poll(() => mailSelect.inputValue()).toBe(t('imports.targets.email'));
    // The preview is read again with the new mapping: row 4's address is refused in its cell.
    await expect
      .poll(() => page.getByTestId('cell-problem').first().textContent(), { timeout: 15_000 })
      .toContain('Kontakt-Mail');
    await e2e.screenshot(page, 'imports-mapping-desktop');

    await page.getByRole('button', { name: t('imports.start', { count: 40 }) }).click();
    const bar = page.getByTestId('import-progress');
    await bar.waitFor();
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 25_000 }).toBe('100');
    await page.getByRole('link', { name: t('imports.downloadRejects', { count: 4 }) }).waitFor();
    await expect.poll(() => page.getByTestId('count-created').textContent()).toBe('36');
    await e2e.screenshot(page, 'imports-result-desktop');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: t('imports.downloadRejects', { count: 4 }) }).click(),
    ]);
    const csv = await fs.readFile((await download.path())!, 'utf8');
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('Vorname,Nachname,Kontakt-Mail,Handy,Import problem');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain('broken3@@mail');

    const phone = await e2e.newPage(PHONE);
    await e2e.openAs(phone, admin, '/imports');
    await phone.getByRole('link', { name: 'kunden.csv' }).waitFor();
    await e2e.screenshot(phone, 'imports-history-phone');
    await page.context().close();
    await phone.context().close();
  });

  it('merges a duplicate of an imported contact from its page and undoes the merge', async () => {
    const imported = (await admin.get('/api/v1/contacts?q=p1@northwind.example')).json().data[0];
    expect(imported?.displayName).toBe('Person1 Lee1');
    const twin = (
      await admin.post('/api/v1/contacts', {
        firstName: 'Person1',
        lastName: 'Lee',
        title: 'Buyer',
        emails: [{ email: 'p1+crm@northwind.example' }],
      })
    ).json();
    const page = await e2e.newPage();
    // The review page lists the pair by its shared address; the merge itself starts from the contact's page.
    await e2e.openAs(page, admin, '/duplicates');
    await page.getByTestId('duplicate-group').getByText('p1@northwind.example').waitFor();
    await e2e.screenshot(page, 'duplicates-desktop');
    await page.getByTestId('duplicate-group').getByRole('link', { name: 'Person1 Lee', exact: true }).click();
    await page.waitForURL(`**/contacts/${twin.id}`);
    await page.getByRole('button', { name: t('contactPage.actions.label') }).click();
    await page.getByRole('menuitem', { name: t('merge.menu') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(t('merge.reasons.email')).waitFor();
    await dialog.getByRole('checkbox', { name: t('merge.pick', { name: 'Person1 Lee1' }) }).check();
    await dialog.getByRole('button', { name: t('merge.compare', { count: 2 }) }).click();
    await dialog
      .getByRole('radio', {
        name: t('merge.takeValue', { field: t('contactPage.fields.lastName'), name: 'Person1 Lee1' }),
      })
      .check();
    await e2e.screenshot(page, 'merge-compare-desktop');
    await dialog.getByRole('button', { name: t('merge.submit', { count: 2 }) }).click();

    const banner = page.getByTestId('merge-banner');
    await banner.waitFor();
    await expect.poll(() => page.getByTestId('contact-name').textContent()).toBe('Person1 Lee1');
    // Both addresses are on the survivor now; the imported contact waits, merged, for an undo.
    await page.getByText('p1@northwind.example').first().waitFor();
    expect((await admin.get(`/api/v1/contacts/${imported.id}`)).json().mergedIntoId).toBe(twin.id);
    await e2e.screenshot(page, 'merge-banner-desktop');

    await banner.getByRole('button', { name: t('merge.banner.undo') }).click();
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('contact-name').textContent()).toBe('Person1 Lee');
    const back = (await admin.get(`/api/v1/contacts/${imported.id}`)).json();
    expect(back).toMatchObject({ mergedIntoId: null, archivedAt: null, displayName: 'Person1 Lee1' });
    expect(back.emails.map((e: { email: string }) => e.email)).toEqual(['p1@northwind.example']);
    await page.context().close();
  });
});
