// Relationships end to end: a business's contact persons (Add person in one step), a person's businesses with the
// business details they use by reference (also in the left panel), relations, and Settings → Relation types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../server/test/harness.ts';
import { savePicture, startE2E, type E2E } from './harness.ts';
import { t } from './i18n.ts';

let e2e: E2E;
let admin: Session;

beforeAll(async () => {
  e2e = await startE2E();
  admin = await e2e.server.signup({ workspaceName: 'Harbour & Hill Estates', name: 'Ada Admin' });
});

afterAll(async () => {
  await e2e?.close();
});

const post = async (path: string, body: Record<string, unknown>) => {
  const res = await admin.post(`/api/v1${path}`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

describe('associations', () => {
  it('adds a person to a business, shows the referenced switchboard on the person, and relations both ways', async () => {
    const acme = await post('/contacts', {
      kind: 'business',
      businessName: 'Acme Logistics GmbH',
      emails: [{ email: 'info@acme-logistics.test' }],
      phones: [{ number: '+49 30 1234567', type: 'office' }],
      locations: [{ label: 'HQ', address: 'Hauptstraße 1, 10115 Berlin' }],
    });
    const lena = await post('/contacts', { firstName: 'Lena', lastName: 'Hoffmann' });
    const max = await post('/contacts', { firstName: 'Max', lastName: 'Muster' });
    await post(`/contacts/${lena.id}/links`, {
      contactId: acme.id,
      role: 'Head of Purchasing',
      isPrimary: true,
      phoneIds: [acme.phones[0].id],
      emailIds: [acme.emails[0].id],
    });
    await post(`/contacts/${max.id}/links`, { contactId: acme.id, role: 'Warehouse lead', note: 'Mornings only' });
    const types = (await admin.get('/api/v1/relation-types')).json().data;
    await post(`/contacts/${max.id}/relations`, {
      typeId: types.find((x: any) => x.label === 'Assistant of').id,
      otherContactId: lena.id,
    });

    const page = await e2e.newPage();
    await e2e.openAs(page, admin, `/contacts/${acme.id}?tab=associations`);
    await expect.poll(() => page.getByTestId('link-row').count()).toBe(2);
    await page.getByRole('button', { name: t('relationships.addPerson') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(t('relationships.firstName')).fill('Jonas');
    await dialog.getByLabel(t('relationships.lastName')).fill('Weber');
    await dialog.getByLabel(t('relationships.role')).fill('Buyer');
    await e2e.screenshot(page, 'associations-add-person-desktop');
    await dialog.getByRole('button', { name: t('relationships.createPerson') }).click();
    await expect.poll(() => page.getByTestId('link-row').count()).toBe(3);
    await dialog.waitFor({ state: 'hidden' });
    await e2e.screenshot(page, 'associations-business-desktop');

    await page.goto(`/contacts/${lena.id}?tab=associations`);
    await page.getByTestId('relation-row').waitFor();
    await expect.poll(() => page.getByTestId('business-detail').count()).toBe(2);
    expect(await page.getByTestId('relation-row').textContent()).toContain('Max Muster');
    await e2e.screenshot(page, 'associations-person-desktop');
    await page.getByTestId('business-detail').first().scrollIntoViewIfNeeded();
    await savePicture(page, 'associations-person-left-panel-desktop', { fullPage: false });

    await page.getByRole('button', { name: t('relationships.actionsFor', { name: 'Acme Logistics GmbH' }) }).click();
    await page.getByRole('menuitem', { name: t('relationships.edit') }).click();
    await page.getByRole('dialog').getByText('Hauptstraße 1, 10115 Berlin', { exact: false }).waitFor();
    await e2e.screenshot(page, 'associations-edit-link-desktop');
    await page.context().close();
  });

  it('lists the relation types in the settings', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/settings/relation-types');
    await expect.poll(() => page.getByTestId('relation-type-row').count()).toBeGreaterThanOrEqual(5);
    await e2e.screenshot(page, 'settings-relation-types-desktop');
    await page.context().close();
  });
});
