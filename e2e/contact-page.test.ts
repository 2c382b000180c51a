// The contact page end to end, in Chromium against a real server: the issue's flow (a taken email names its
// contact, a field edited in place shows old → new under Data changes, archive and restore), the landline rule,
// a version conflict shown in place, the not-found page, the way back to the list, and a look at every state.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overflowsHorizontally, PHONE, savePicture, startE2E, type E2E } from './harness.ts';
import { createPerson, ok, patchContact, seedWorkspace, ZONE, type Workspace } from './contact-page.fixtures.ts';
import { browserLocale, lang, t, tx } from './i18n.ts';
import { formatDateTime } from '../web/src/lib/format.ts';

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
  await savePicture(page, name, { fullPage: false });
}

/** The data-changes view of the journal: its own tab, or the second view of the Activity tab. */
async function showDataChanges(page: Page) {
  const own = page.getByRole('tab', { name: t('activity.views.adminShort') });
  if (await own.count()) {
    await own.click();
    return;
  }
  await page.getByRole('tab', { name: new RegExp(t('contactPage.tabs.activity')) }).click();
  await page
    .getByText(new RegExp(`^${t('activity.views.adminShort')}`))
    .first()
    .click();
}

/** Archives the open contact through its actions menu and the confirmation. */
async function archiveFromPage(page: Page) {
  await page.getByRole('button', { name: t('contactPage.actions.label') }).click();
  await page.getByRole('menuitem', { name: t('contactPage.actions.archive') }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: t('contactPage.archive.confirm') })
    .click();
}

/** A refusal under a field: the server's own words in English (they name the value), the page's in German. */
const refusalText = (key: string, english: string, options?: Record<string, unknown>) =>
  lang === 'en' ? english : t(`contactPage.problems.${key}`, options);

/** A calendar day as the page writes it in this run's language. */
const day = (iso: string) =>
  new Intl.DateTimeFormat(browserLocale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

/** A field's value button ("Title: Sales rep. Edit"), matched by its start: label, then the value shown. */
const valueButton = (label: string, value = '') =>
  new RegExp(`^${`${label}: ${value}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

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
    // One main landmark: the app's; the contact page's areas are sections inside it.
    expect(await page.getByRole('main').count()).toBe(1);

    // A taken email: the server's message names the other contact, with a link to it.
    const emails = page.getByTestId('section-emails');
    await emails.getByRole('button', { name: t('contactPage.emails.add') }).click();
    await emails.getByLabel(t('contactPage.emails.address')).fill('Sophie.Wagner@example.test');
    await emails.getByRole('button', { name: t('contactPage.emails.add') }).click();
    const refusal = emails.getByRole('alert');
    await refusal
      .getByText(refusalText('email_taken_named', 'This email is already used by "Sophie Wagner"', { contact: holder }))
      .waitFor();
    const link = refusal.getByRole('link', { name: t('contactPage.conflict.openHolder', { name: 'Sophie Wagner' }) });
    expect(await link.getAttribute('href')).toBe(`/contacts/${holder.id}`);
    await e2e.screenshot(page, 'contact-email-taken-desktop');
    await emails.getByLabel(t('contactPage.emails.address')).press('Escape');
    await expect.poll(() => emails.getByTestId('email-form').count()).toBe(0);

    // Inline editing: click the value, type, Enter saves; the journal shows old → new.
    const title = page.getByTestId('field-title');
    await title.getByRole('button', { name: valueButton(t('contactPage.fields.title'), 'Sales rep') }).click();
    const input = title.getByRole('textbox', { name: t('contactPage.fields.title') });
    await expect.poll(() => input.inputValue()).toBe('Sales rep');
    await input.fill('Head of Sales');
    await input.press('Enter');
    await title.getByRole('button', { name: valueButton(t('contactPage.fields.title'), 'Head of Sales') }).waitFor();
    expect(await page.getByTestId('contact-subtitle').textContent()).toBe('Head of Sales');
    await showDataChanges(page);
    const entry = page.getByTestId('journal-entry').filter({
      hasText: t('journal.change.changed', {
        field: t('contactPage.fields.title'),
        old: 'Sales rep',
        new: 'Head of Sales',
      }),
    });
    await entry.waitFor();
    expect(await entry.getByText('Ada Admin').count()).toBe(1);
    const stored = await ok<{ title: string }>(ws.admin.get(`/api/v1/contacts/${tom.id}`), 'reload');
    expect(stored.title).toBe('Head of Sales');

    // Escape cancels without saving.
    await title.getByRole('button', { name: valueButton(t('contactPage.fields.title'), 'Head of Sales') }).click();
    await title.getByRole('textbox', { name: t('contactPage.fields.title') }).fill('Something else');
    await title.getByRole('textbox', { name: t('contactPage.fields.title') }).press('Escape');
    await title.getByRole('button', { name: valueButton(t('contactPage.fields.title'), 'Head of Sales') }).waitFor();

    // Archive from the page, with a confirmation; the banner says when and by whom, Restore brings it back.
    await archiveFromPage(page);
    const banner = page.getByTestId('archived-banner');
    await banner.getByText(new RegExp(t('contactPage.archived.onBy', { at: '.+', who: 'Ada Admin' }))).waitFor();
    expect(await page.getByRole('button', { name: valueButton(t('contactPage.fields.title')) }).count()).toBe(0);
    await e2e.screenshot(page, 'contact-archived-desktop');
    await banner.getByRole('button', { name: t('common.restore') }).click();
    await banner.waitFor({ state: 'detached' });
    await page
      .getByTestId('journal-entry')
      .filter({ hasText: t('journal.contact.restored') })
      .waitFor();
    expect(
      await page
        .getByTestId('journal-entry')
        .filter({ hasText: t('journal.contact.archived') })
        .count(),
    ).toBe(1);
    const restored = await ok<{ archivedAt: string | null }>(ws.admin.get(`/api/v1/contacts/${tom.id}`), 'reload');
    expect(restored.archivedAt).toBeNull();
    await page.context().close();
  });

  it('counts notes on their tab, keeps Demographics to people, and holds back an archived contact', async () => {
    const nina = await createPerson(ws.admin, 'Nina', 'Roth', {
      emails: [{ email: 'nina.roth@example.test', type: 'work' }],
      phones: [{ number: '+49 171 5550188', type: 'mobile' }],
    });
    for (const title of ['Kick-off', 'Pricing']) {
      await ok(ws.admin.post(`/api/v1/contacts/${nina.id}/notes`, { title }), 'note');
    }
    const page = await e2e.newPage();
    await openContact(page, nina.id);

    // Notes shows how many there are, as Tasks and Appointments do.
    await page.getByRole('tab', { name: new RegExp(`^${t('contactPage.tabs.notes')}\\s*2$`) }).waitFor();
    // A person has the Demographics folder.
    const demographics = page.getByRole('region', { name: t('contactPage.customFields.demographics') });
    await demographics.waitFor();

    // Archiving offers Undo in its toast, which brings the contact back.
    const archive = async () => {
      await archiveFromPage(page);
      await page.getByTestId('archived-banner').waitFor();
    };
    await archive();
    await page.getByRole('button', { name: t('common.undo') }).click();
    await page.getByTestId('archived-banner').waitFor({ state: 'detached' });
    await expect
      .poll(
        async () =>
          (await ok<{ archivedAt: string | null }>(ws.admin.get(`/api/v1/contacts/${nina.id}`), 'reload')).archivedAt,
      )
      .toBeNull();

    // An archived contact cannot be written to: Email, Call and Text are off, and say why.
    await archive();
    for (const key of ['email', 'call', 'text']) {
      const button = page.getByRole('button', { name: tx(`contactPage.header.${key}`) });
      expect(await button.isDisabled()).toBe(true);
    }
    await page
      .getByRole('button', { name: tx('contactPage.header.call') })
      .locator('..')
      .hover();
    await page.getByRole('tooltip').getByText(t('contactPage.header.archivedBlocked')).waitFor();
    await e2e.screenshot(page, 'contact-archived-actions-desktop');

    // A business has no Demographics: they describe people.
    const business = await ok<{ id: string }>(
      ws.admin.post('/api/v1/contacts', { kind: 'business', businessName: 'Roth Maschinenbau' }),
      'business',
    );
    await openContact(page, business.id);
    await page.getByTestId('section-contact').waitFor();
    expect(await demographics.count()).toBe(0);
    await page.context().close();
  });

  it('shows a landline as not OK to SMS, with the toggle locked', async () => {
    const page = await e2e.newPage();
    await openContact(page, ws.rich.id);
    const landline = page.getByTestId('phone-row').filter({ hasText: '+49 30 90182000' });
    await landline.getByTestId('line-type').getByText(t('contactPage.lineTypes.fixed_line')).waitFor();
    await landline.getByText(t('contactPage.phones.landline')).waitFor();
    const toggle = landline.getByRole('switch', { name: t('contactPage.fields.smsAllowed') });
    expect(await toggle.isDisabled()).toBe(true);
    expect(await toggle.isChecked()).toBe(false);

    // A mobile number can be switched off and on again.
    const mobile = page.getByTestId('phone-row').filter({ hasText: '+49 1512 3456789' });
    await mobile.getByTestId('line-type').getByText(t('contactPage.lineTypes.mobile')).waitFor();
    const mobileToggle = mobile.getByRole('switch', { name: t('contactPage.fields.smsAllowed') });
    expect(await mobileToggle.isChecked()).toBe(true);
    await mobileToggle.click();
    await expect.poll(() => mobileToggle.isChecked()).toBe(false);
    await mobileToggle.click();
    await expect.poll(() => mobileToggle.isChecked()).toBe(true);
    expect(await mobile.getByText(t('contactPage.phones.landline')).count()).toBe(0);
    await page.context().close();
  });

  it('shows a version conflict in place when the contact changed meanwhile, and reloads on request', async () => {
    const ines = await createPerson(ws.admin, 'Ines', 'Vogel', { title: 'Buyer' });
    const page = await e2e.newPage();
    await openContact(page, ines.id);
    const title = page.getByTestId('field-title');
    await title.getByRole('button', { name: valueButton(t('contactPage.fields.title'), 'Buyer') }).click();

    // Someone else changes the contact between loading and saving.
    await patchContact(ws.jonas, ines.id, { title: 'Senior Buyer' });

    const input = title.getByRole('textbox', { name: t('contactPage.fields.title') });
    await input.fill('Category Manager');
    await input.press('Enter');
    await title.getByText(t('contactPage.conflict.text')).waitFor();
    await e2e.screenshot(page, 'contact-conflict-desktop');
    const stored = await ok<{ title: string }>(ws.admin.get(`/api/v1/contacts/${ines.id}`), 'reload');
    expect(stored.title).toBe('Senior Buyer');

    await title.getByRole('button', { name: t('contactPage.conflict.reload') }).click();
    await title.getByRole('button', { name: valueButton(t('contactPage.fields.title'), 'Senior Buyer') }).waitFor();
    await page.context().close();
  });

  it('shows field errors under the field', async () => {
    const page = await e2e.newPage();
    const kim = await createPerson(ws.admin, 'Kim', 'Lindqvist');
    await openContact(page, kim.id);
    const phones = page.getByTestId('section-phones');
    await phones.getByRole('button', { name: t('contactPage.phones.add') }).click();
    await phones.getByLabel(t('contactPage.phones.number')).fill('+49 12');
    await phones.getByRole('button', { name: t('contactPage.phones.addSubmit') }).click();
    await phones
      .getByRole('alert')
      .getByText(lang === 'en' ? /is not a valid phone number/ : t('contactPage.problems.phone_invalid'))
      .waitFor();

    // A person cannot become a business without a business name; the refusal shows under the field.
    const kind = page.getByTestId('field-kind');
    await kind.getByText(t('contactPage.kinds.business')).click();
    await kind
      .getByRole('alert')
      .getByText(refusalText('name_required_business', 'A business needs a business name'))
      .waitFor();
    await e2e.screenshot(page, 'contact-field-error-desktop');
    await page.context().close();
  });

  it('says when a contact does not exist', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, ws.admin, `/contacts/${randomUUID()}`);
    await page.getByText(t('contactPage.page.notFoundTitle')).waitFor();
    await e2e.screenshot(page, 'contact-not-found-desktop');
    await page.getByRole('link', { name: t('contactPage.page.backToContacts') }).click();
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

describe('the left panel', () => {
  it('changes the owner (team first, others with a warning), followers, tags, picture and DND', async () => {
    const ruth = await createPerson(ws.maria, 'Ruth', 'Sommer', {
      teamId: ws.teamId,
      emails: [{ email: 'ruth.sommer@example.test', type: 'work' }],
      phones: [{ number: '+49 171 5550123', type: 'mobile' }],
    });
    const page = await e2e.newPage();
    await openContact(page, ruth.id);

    // Owner: the team's members first; someone outside the team is allowed, with a warning.
    const owner = page.getByTestId('field-owner');
    await owner.getByRole('button', { name: valueButton(t('contactPage.ownership.owner'), 'Maria Keller') }).click();
    const listbox = page.getByRole('listbox');
    await listbox.getByText(t('contactPage.ownership.teamGroup', { team: 'Field Sales' })).waitFor();
    await listbox.getByText(t('contactPage.ownership.outsideTeam')).first().waitFor();
    await e2e.screenshot(page, 'contact-owner-picker-desktop');
    await listbox.getByRole('option', { name: /Priya Raman/ }).click();
    await owner.getByRole('button', { name: valueButton(t('contactPage.ownership.owner'), 'Priya Raman') }).waitFor();
    await owner
      .getByTestId('owner-warning')
      .getByText(/not a member of the team Field Sales/)
      .waitFor();

    // Followers and tags, a new tag created on the fly.
    const followers = page.getByTestId('field-followers');
    await followers.getByRole('button', { name: t('contactPage.ownership.addFollower') }).click();
    await page.getByRole('option', { name: /Jonas Weber/ }).click();
    await followers.getByText('Jonas Weber').waitFor();
    const tags = page.getByTestId('field-tags');
    await tags.getByRole('button', { name: t('contactPage.ownership.addTag') }).click();
    await page.getByPlaceholder(t('contactPage.ownership.searchTags')).fill('Key account');
    await page.getByRole('option', { name: t('contactPage.ownership.createTag', { name: 'Key account' }) }).click();
    await tags.getByTestId('contact-tag').filter({ hasText: 'Key account' }).waitFor();
    await tags.getByRole('button', { name: t('common.add'), exact: true }).click();
    await page.getByPlaceholder(t('contactPage.ownership.searchTags')).fill('VIP');
    await page.getByRole('option', { name: 'VIP' }).click();
    await tags.getByTestId('contact-tag').filter({ hasText: 'VIP' }).waitFor();
    await tags.getByRole('button', { name: t('contactPage.ownership.removeTag', { name: 'Key account' }) }).click();
    await expect.poll(() => tags.getByTestId('contact-tag').count()).toBe(1);

    // The picture: upload a PNG, then the initials come back after removing it.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    await page
      .getByTestId('contact-picture-input')
      .setInputFiles({ name: 'ruth.png', mimeType: 'image/png', buffer: png });
    await page.getByTestId('contact-picture').locator('img').waitFor();
    await page.getByTestId('contact-picture').click();
    await page.getByRole('menuitem', { name: t('contactPage.picture.remove') }).click();
    await expect.poll(() => page.getByTestId('contact-picture').locator('img').count()).toBe(0);

    // DND: all channels covers the single ones; the change is journaled with its cause.
    await page.getByRole('tab', { name: new RegExp(t('contactPage.leftPanel.dnd')) }).click();
    await page.getByTestId('dnd-sms').click();
    await expect.poll(() => page.getByTestId('dnd-sms').isChecked()).toBe(true);
    await page.getByTestId('dnd-all').click();
    await page.getByText(t('contactPage.dnd.covered')).first().waitFor();
    expect(await page.getByTestId('dnd-email').isDisabled()).toBe(true);
    await e2e.screenshot(page, 'contact-dnd-all-desktop');
    await showDataChanges(page);
    await page
      .getByTestId('journal-entry')
      .filter({
        hasText:
          t('journal.contact.dnd', { channel: t('journal.dndChannels.all'), state: t('journal.on') }) +
          t('journal.contact.dndCause', { cause: t('journal.dndCauses.manual') }),
      })
      .waitFor();
    await page
      .getByTestId('journal-entry')
      .filter({ hasText: t('journal.contact.ownerChanged', { from: 'Maria Keller', to: 'Priya Raman' }) })
      .waitFor();
    await page.getByRole('button', { name: tx('contactPage.header.text') }).waitFor();
    expect(await page.getByRole('link', { name: t('contactPage.header.text'), exact: true }).count()).toBe(0);

    const stored = await ok<{ owner: { name: string }; dnd: { all: boolean; sms: boolean }; followers: unknown[] }>(
      ws.admin.get(`/api/v1/contacts/${ruth.id}`),
      'reload',
    );
    expect(stored.owner.name).toBe('Priya Raman');
    expect(stored.dnd).toMatchObject({ all: true, sms: true });
    expect(stored.followers).toHaveLength(1);
    await page.context().close();
  });

  it('searches fields, hides empty ones, and adds a field from the library or a new one', async () => {
    const page = await e2e.newPage();
    const paul = await createPerson(ws.admin, 'Paul', 'Krüger', { custom: { budget: 5000 } });
    await openContact(page, paul.id);
    await page.getByRole('tab', { name: new RegExp(t('contactPage.leftPanel.allFields')) }).click();

    await page.getByLabel(t('contactPage.allFields.searchLabel')).fill('budg');
    await page.getByTestId('field-custom-budget').waitFor();
    expect(await page.getByTestId('field-title').count()).toBe(0);
    await page.getByLabel(t('contactPage.allFields.searchLabel')).fill('');
    await page.getByRole('button', { name: t('contactPage.allFields.hideEmpty') }).click();
    await page.getByTestId('field-firstName').waitFor();
    expect(await page.getByTestId('field-title').count()).toBe(0);
    await e2e.screenshot(page, 'contact-hide-empty-desktop');
    await page.getByRole('button', { name: t('contactPage.allFields.hideEmpty') }).click();

    await page.getByRole('button', { name: t('contactPage.customFields.addField') }).click();
    const dialog = page.getByRole('dialog');
    await e2e.screenshot(page, 'contact-add-field-library-desktop');
    await dialog.getByRole('combobox', { name: t('contactPage.addField.field') }).click();
    await page.getByRole('option', { name: /Preferred demo time/ }).click();
    await dialog.getByRole('button', { name: t('contactPage.addField.add') }).click();
    const demo = page.getByTestId('field-custom-preferred_demo_time');
    await demo
      .getByRole('button', { name: valueButton('Preferred demo time', t('contactPage.editable.empty')) })
      .click();
    await demo.getByRole('textbox').fill('Tuesday mornings');
    await demo.getByRole('textbox').press('Enter');
    await demo.getByText('Tuesday mornings').waitFor();

    await page.getByRole('button', { name: t('contactPage.customFields.addField') }).click();
    await dialog.getByRole('button', { name: t('contactPage.addField.createNew') }).click();
    await dialog.getByLabel(t('contactPage.addField.label')).fill('Fleet size');
    await dialog.getByRole('combobox', { name: t('contactPage.addField.type') }).click();
    await page.getByRole('option', { name: t('settings.fieldTypes.number.label'), exact: true }).click();
    await dialog.getByLabel(t('contactPage.addField.value')).fill('42');
    await e2e.screenshot(page, 'contact-add-field-desktop');
    await dialog.getByRole('button', { name: t('contactPage.addField.create') }).click();
    await page.getByTestId('field-custom-fleet_size').getByText('42').waitFor();

    // A file field: upload a document, then it shows by name and opens from its link.
    const contract = page.getByTestId('field-custom-signed_contract');
    await contract.locator('input[type=file]').setInputFiles({
      name: 'Rahmenvertrag 2026.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    const file = contract.getByRole('link', { name: 'Rahmenvertrag 2026.pdf' });
    await file.waitFor();
    expect(await file.getAttribute('href')).toMatch(/^\/api\/v1\/files\/[0-9a-f-]{36}$/);
    await page.context().close();
  });

  it('edits every kind of value in place with an input of its type', async () => {
    const page = await e2e.newPage();
    const eva = await createPerson(ws.admin, 'Eva', 'Lindner');
    await openContact(page, eva.id);
    const edit = (key: string, label: string) =>
      page.getByTestId(`field-custom-${key}`).getByRole('button', { name: valueButton(label) });

    // Single select: picking an option saves it.
    await edit('industry', 'Industry').click();
    await page.getByRole('option', { name: 'Retail' }).click();
    await page.getByTestId('field-custom-industry').getByText('Retail').waitFor();

    // Multi select: pick several; clicking elsewhere saves them.
    await edit('interests', 'Interests').click();
    await page.getByRole('option', { name: 'Customs' }).click();
    await page.getByRole('option', { name: 'Cold storage' }).click();
    await page.getByTestId('contact-name').click();
    await page
      .getByTestId('field-custom-interests')
      .getByRole('button', {
        name: t('contactPage.editable.valueButton', { label: 'Interests', value: 'Cold storage, Customs' }),
      })
      .waitFor();

    // A date, typed; a date and time in the user's zone.
    await edit('next_review', 'Next review').click();
    await page.getByTestId('field-custom-next_review').getByRole('textbox').fill('1 Oct 2026');
    await page.getByTestId('field-custom-next_review').getByRole('textbox').press('Enter');
    await page.getByTestId('field-custom-next_review').getByText(day('2026-10-01')).waitFor();
    // A day clicked in the calendar saves at once.
    const birthday = page.getByTestId('field-birthday');
    await birthday.getByRole('button', { name: valueButton(t('contactPage.fields.birthday')) }).click();
    await page.getByRole('button', { name: /^15 / }).first().click();
    await birthday.getByRole('button', { name: new RegExp(`^${t('contactPage.fields.birthday')}: .*15`) }).waitFor();
    const born = await ok<{ birthday: string }>(ws.admin.get(`/api/v1/contacts/${eva.id}`), 'reload');
    expect(born.birthday).toMatch(/^\d{4}-\d{2}-15$/);

    await edit('last_visit', 'Last visit').click();
    const visit = page.getByTestId('field-custom-last_visit');
    await visit.getByRole('textbox', { name: 'Last visit', exact: true }).fill('3 Nov 2026');
    await visit.getByLabel(t('contactPage.editable.timeOf', { label: 'Last visit' })).fill('14:30');
    await visit.getByLabel(t('contactPage.editable.timeOf', { label: 'Last visit' })).press('Enter');
    await visit
      .getByText(formatDateTime('2026-11-03T13:30:00.000Z', { locale: browserLocale, timeZone: ZONE }))
      .waitFor();

    // Long text: Enter is a new line, Ctrl+Enter saves.
    await edit('delivery_instructions', 'Delivery instructions').click();
    const text = page.getByTestId('field-custom-delivery_instructions').getByRole('textbox');
    await text.fill('Ramp 3');
    await text.press('Enter');
    await text.pressSequentially('Call 15 minutes ahead');
    await text.press('Control+Enter');
    await page
      .getByTestId('field-custom-delivery_instructions')
      .getByText(/Ramp 3\s+Call 15 minutes ahead/)
      .waitFor();

    // A web address shows as a link; a checkbox saves on click; a number field refuses text.
    await edit('portal', 'Portal').click();
    await page.getByTestId('field-custom-portal').getByRole('textbox').fill('https://portal.example/eva');
    await page.getByTestId('field-custom-portal').getByRole('textbox').press('Enter');
    await page.getByTestId('field-custom-portal').getByRole('link', { name: 'https://portal.example/eva' }).waitFor();
    await page.getByTestId('field-custom-contract_signed').getByRole('checkbox').click();
    await page.getByTestId('field-custom-contract_signed').getByText(t('common.yes')).waitFor();

    const stored = await ok<{ custom: Record<string, unknown> }>(ws.admin.get(`/api/v1/contacts/${eva.id}`), 'reload');
    expect(stored.custom).toEqual({
      industry: 'retail',
      interests: ['cold_storage', 'customs'],
      next_review: '2026-10-01',
      last_visit: '2026-11-03T13:30:00.000Z',
      delivery_instructions: 'Ramp 3\nCall 15 minutes ahead',
      portal: 'https://portal.example/eva',
      contract_signed: true,
    });
    await e2e.screenshot(page, 'contact-custom-values-desktop');
    await page.context().close();
  });

  it('duplicates a contact, saying what the copy leaves out, and deletes an archived one for good', async () => {
    const page = await e2e.newPage();
    const olga = await createPerson(ws.admin, 'Olga', 'Brandt', {
      emails: [{ email: 'olga.brandt@example.test', type: 'work' }],
      tags: ['VIP'],
    });
    await openContact(page, olga.id);
    await page.getByRole('button', { name: t('contactPage.actions.label') }).click();
    await page.getByRole('menuitem', { name: t('contactPage.actions.duplicate') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(t('contactPage.duplicate.emails', { count: 1 })).waitFor();
    await dialog.getByRole('button', { name: t('contactPage.duplicate.submit') }).click();
    await dialog.getByText(t('contactPage.duplicate.created')).waitFor();
    await dialog.getByText(/An email address belongs to one contact only/).waitFor();
    await e2e.screenshot(page, 'contact-duplicated-desktop');
    await dialog.getByRole('button', { name: t('contactPage.duplicate.open') }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(olga.id));
    // The address changes at once; the original, which has the same name, stays in view until the copy's page is in.
    const copyId = new URL(page.url()).pathname.split('/').pop()!;
    await page.locator(`[data-testid="contact-page"][data-contact-id="${copyId}"]`).waitFor();
    await page.getByTestId('contact-name').getByText('Olga Brandt').waitFor();
    await page.getByTestId('field-tags').getByText('VIP').waitFor();
    expect(await page.getByTestId('email-row').count()).toBe(0);

    // The copy goes to the archive and then for good, after typing its name.
    await page.getByRole('button', { name: t('contactPage.actions.label') }).click();
    await page.getByRole('menuitem', { name: t('contactPage.actions.archive') }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: t('contactPage.archive.confirm') })
      .click();
    await page
      .getByTestId('archived-banner')
      .getByRole('button', { name: t('contactPage.delete.title') })
      .click();
    const confirm = page.getByRole('dialog');
    const remove = confirm.getByRole('button', { name: t('contactPage.delete.title') });
    expect(await remove.isDisabled()).toBe(true);
    await confirm.getByRole('textbox').fill('Olga Brandt');
    await e2e.screenshot(page, 'contact-delete-confirm-desktop');
    await remove.click();
    await page.waitForURL(/\/contacts$/);
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

    // While the profile loads, a skeleton in the page's shape.
    const slow = await e2e.newPage();
    await slow.route(`**/api/v1/contacts/${empty.id}`, async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await e2e.openAs(slow, ws.admin, `/contacts/${empty.id}`);
    await slow.getByLabel(t('contactPage.page.loading')).waitFor();
    await viewport(slow, 'contact-loading-desktop');
    await slow.getByTestId('contact-name').waitFor();
    await slow.context().close();

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
    const business = await ok<{ id: string }>(
      ws.admin.post('/api/v1/contacts', {
        kind: 'business',
        businessName: 'Nordlicht Logistik',
        legalForm: 'GmbH',
        registrationNumber: 'HRB 184521 B',
        vatId: 'DE298765432',
        contactType: 'customer',
        phones: [{ number: '+49 40 3012345', type: 'office' }],
        locations: [
          { label: 'HQ', address: 'Am Sandtorkai 50, 20457 Hamburg', country: 'DE', lat: 53.5433, lng: 9.9886 },
        ],
        tags: ['VIP'],
      }),
      'business',
    );
    await openContact(desktop, business.id);
    expect(await desktop.getByTestId('contact-subtitle').textContent()).toBe(
      `GmbH · ${t('contactPage.header.vat', { vatId: 'DE298765432' })}`,
    );
    await desktop.getByTestId('field-registrationNumber').getByText('HRB 184521 B').waitFor();
    await e2e.screenshot(desktop, 'contact-business-desktop');
    await desktop.evaluate(() => localStorage.setItem('dossier-color-scheme', 'dark'));
    await openContact(desktop, ws.rich.id);
    await showDataChanges(desktop);
    await desktop.getByTestId('journal-entry').first().waitFor();
    await e2e.screenshot(desktop, 'contact-rich-dark-desktop');
    await desktop.context().close();

    // A tablet: the two areas stack below the width where both fit.
    const tablet = await e2e.newPage({ width: 820, height: 1180 });
    await openContact(tablet, ws.rich.id);
    expect(await overflowsHorizontally(tablet)).toBe(false);
    await viewport(tablet, 'contact-rich-tablet');
    await tablet.setViewportSize({ width: 1024, height: 768 });
    await viewport(tablet, 'contact-rich-small-laptop');
    await tablet.context().close();

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
