// Import end to end: from the contact list to the Import page, upload a CSV, map a column the dictionary does not
// know, see a problem in the preview, run with the progress bar, download the rejected rows.
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
});
