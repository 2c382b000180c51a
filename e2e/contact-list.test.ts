// The contact list end to end, in Chromium against a real server: create through the dialog (and be told which
// contact already has an email), search, filter by tag, bulk-tag, archive and restore, save and reopen a view,
// the search palette, deleting for good from the archive, the settings pages, and a look at every screen.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../server/test/harness.ts';
import { overflowsHorizontally, PHONE, startE2E, type E2E } from './harness.ts';
import { t } from './i18n.ts';

let e2e: E2E;
let admin: Session;

interface Created {
  id: string;
  displayName: string;
}

async function ok<T>(res: Promise<{ statusCode: number; body: string; json(): T }>, what: string): Promise<T> {
  const r = await res;
  if (r.statusCode >= 300) throw new Error(`${what}: ${r.statusCode} ${r.body}`);
  return (r.body ? r.json() : undefined) as T;
}

const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Elena', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Katja', 'Lukas'];
const LAST = ['Fischer', 'Weber', 'Becker', 'Hoffmann', 'Schulz', 'Koch'];
const TYPES = ['lead', 'prospect', 'customer', 'vendor'];
/** How many of the seeded contacts carry "Investor" (every fourth). */
let investors = 0;

beforeAll(async () => {
  e2e = await startE2E();
  admin = await e2e.server.signup({ workspaceName: 'Elbe Estates', name: 'Ada Admin' });
  await ok(admin.patch('/api/v1/users/me', { timezone: 'Europe/Berlin' }), 'zone');
  const maria = await admin.addUser('member', 'Maria Keller');
  await ok(admin.post('/api/v1/custom-fields', { label: 'Budget', type: 'currency', currency: 'EUR' }), 'budget');
  // More than a page (25), so the list pages on its cursor.
  for (let i = 0; i < 64; i++) {
    const investor = i % 4 === 0;
    if (investor) investors++;
    await ok(
      admin.post('/api/v1/contacts', {
        firstName: FIRST[i % FIRST.length],
        lastName: `${LAST[i % LAST.length]}${i >= FIRST.length ? ` ${i}` : ''}`,
        title: i % 3 === 0 ? 'Property Manager' : undefined,
        businessName: i % 5 === 0 ? 'Nordlicht Immobilien GmbH' : undefined,
        emails: [{ email: `person${i}@example.test` }],
        phones: i % 2 === 0 ? [{ number: `+49 30 ${String(3000000 + i * 7919)}` }] : undefined,
        contactType: TYPES[i % TYPES.length],
        ownerId: i % 3 === 0 ? maria.user.id : admin.user.id,
        tags: [...(investor ? ['Investor'] : []), ...(i % 6 === 0 ? ['Berlin'] : [])],
        custom: i % 2 ? { budget: 100_000 + i * 5_000 } : undefined,
      }),
      `contact ${i}`,
    );
  }
  await ok(
    admin.post('/api/v1/contacts', {
      kind: 'business',
      businessName: 'Hafenblick Verwaltungsgesellschaft für Wohn- und Gewerbeimmobilien mbH & Co. KG',
      emails: [{ email: 'info@hafenblick.example.test' }],
      tags: ['Investor', 'Berlin', 'Follow up', 'Trade fair 2026'],
    }),
    'long business',
  );
  investors++;
});

afterAll(async () => {
  await e2e?.close();
});

async function openList(page: Page, path = '/contacts') {
  await e2e.openAs(page, admin, path);
  await page.getByTestId('contact-row').first().waitFor();
}

const rowOf = (page: Page, name: string) => page.getByTestId('contact-row').filter({ hasText: name });
const count = (page: Page) => page.getByTestId('contact-count').textContent();
/** "12 contacts" as the list's header counts them in this run's language. */
const contacts = (n: number, key = 'contactList.count') => t(key, { count: n, formatted: String(n) });

const actionsFor = (page: Page, name: string) =>
  rowOf(page, name).getByRole('button', { name: t('contactList.table.actionsFor', { name }) });
/** The sort button of a column header. */
const sortBy = (column: string) => t('contactList.table.sortBy', { column: t(column) });

type ListPage = { data: (Created & { tags: { name: string }[] })[] };

async function listByApi(query: string): Promise<ListPage> {
  return ok<ListPage>(admin.get(`/api/v1/contacts${query}`), 'list');
}

describe('the contact list', () => {
  it('creates a contact through the dialog, naming the contact that already has the email, then opens it', async () => {
    const holder = await ok<Created>(
      admin.post('/api/v1/contacts', {
        firstName: 'Sophie',
        lastName: 'Wagner',
        emails: [{ email: 'sophie.wagner@example.test' }],
      }),
      'holder',
    );
    const page = await e2e.newPage();
    await openList(page);
    await e2e.screenshot(page, 'contact-list-desktop');

    // The "c" shortcut opens the dialog from anywhere in the app.
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: t('contactList.create.title') });
    await dialog.getByLabel(t('contactList.create.firstName')).fill('Greta');
    await dialog.getByLabel(t('contactList.create.lastName')).fill('Lindqvist');
    await dialog.getByLabel(t('contactList.create.email')).fill('Sophie.Wagner@example.test');
    await dialog.getByRole('combobox', { name: t('contactList.create.tags') }).fill('Spring fair');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: t('contactList.create.submit') }).click();

    await dialog.getByText(t('contactList.create.emailTaken', { name: 'Sophie Wagner' })).waitFor();
    const link = dialog.getByRole('link', { name: t('contactList.create.open', { name: 'Sophie Wagner' }) });
    expect(await link.getAttribute('href')).toBe(`/contacts/${holder.id}`);
    await e2e.screenshot(page, 'contact-list-create-email-taken-desktop');

    await dialog.getByLabel(t('contactList.create.email')).fill('greta.lindqvist@example.test');
    await dialog.getByRole('textbox', { name: t('contactList.create.phone') }).fill('+49 40 5550123');
    await dialog.getByRole('button', { name: t('contactList.create.submit') }).click();

    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const created = await ok<{ displayName: string; tags: { name: string }[]; phones: { e164: string }[] }>(
      admin.get(`/api/v1/contacts/${id}`),
      'created',
    );
    expect(created.displayName).toBe('Greta Lindqvist');
    expect(created.tags.map((tag) => tag.name)).toEqual(['Spring fair']);
    expect(created.phones.map((p) => p.e164)).toEqual(['+49405550123']);
    await page.getByText('Greta Lindqvist').first().waitFor();
    await page.context().close();
  });

  it('finds a contact as you type, ranks an exact email first, and keeps the search in the URL', async () => {
    const page = await e2e.newPage();
    await openList(page);
    const before = await count(page);
    // The list's requests by what they searched for.
    const searched: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/v1/contacts' && url.searchParams.has('q')) searched.push(url.searchParams.get('q')!);
    });

    await page.getByRole('searchbox', { name: t('contactList.search.label') }).fill('lindq');
    await expect.poll(() => page.getByTestId('contact-row').count()).toBe(1);
    await rowOf(page, 'Greta Lindqvist').waitFor();
    expect(page.url()).toContain('q=lindq');
    expect(await count(page)).toBe(contacts(1));
    // Asked for once: the request that leaves as the typing pauses is the one the page shows.
    await page.waitForLoadState('networkidle');
    expect(searched).toEqual(['lindq']);

    // Typed letter by letter while the answers are slow: one request at a time, each with the newest text, the last
    // with all of it.
    let inFlight = 0;
    let mostInFlight = 0;
    await page.route(
      (url) => url.pathname === '/api/v1/contacts' && url.searchParams.has('q'),
      async (route) => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await route.continue();
        inFlight--;
      },
    );
    searched.length = 0;
    const box = page.getByRole('searchbox', { name: t('contactList.search.label') });
    await box.fill('');
    await expect.poll(() => count(page)).toBe(before);
    searched.length = 0;
    await box.pressSequentially('greta', { delay: 60 });
    await expect.poll(() => searched.at(-1)).toBe('greta');
    await rowOf(page, 'Greta Lindqvist').waitFor();
    expect(mostInFlight).toBe(1);
    // The first letter left at once; letters typed while it was awaited went together with the next request.
    expect(searched[0]).toBe('g');
    expect(searched.length).toBeLessThan(5);
    await page.unroute((url) => url.pathname === '/api/v1/contacts' && url.searchParams.has('q'));

    // An exact address comes first, ahead of the fuzzy matches.
    await page.getByRole('searchbox', { name: t('contactList.search.label') }).fill('person12@example.test');
    await expect.poll(() => page.getByTestId('contact-row').first().textContent()).toContain('person12@example.test');

    // A shared link opens the same list.
    const other = await e2e.newPage();
    await openList(other, '/contacts?q=lindq');
    expect(await other.getByTestId('contact-row').count()).toBe(1);
    await other.context().close();

    await page.getByRole('button', { name: t('contactList.search.clear') }).click();
    await expect.poll(() => count(page)).toBe(before);
    await page.context().close();
  });

  it('filters by a tag through the filter builder, shows it as a chip, and Back undoes it', async () => {
    const page = await e2e.newPage();
    await openList(page);

    await page.getByRole('button', { name: t('contactList.filter.button'), exact: true }).click();
    const popover = page.getByRole('dialog', { name: t('contactList.filter.button') });
    await popover.getByRole('button', { name: t('contactList.filter.fields.tags') }).click();
    await popover.getByRole('checkbox', { name: 'Investor' }).check();
    await popover.getByRole('button', { name: t('common.apply') }).click();

    await page
      .getByTestId('filter-chip')
      .filter({ hasText: t('contactList.filter.chip.tagged', { names: 'Investor' }) })
      .waitFor();
    await expect.poll(() => count(page)).toBe(contacts(investors));
    const rows = await page.getByTestId('contact-row').allTextContents();
    expect(rows.every((r) => r.includes('Investor') || r.includes('+'))).toBe(true);
    expect(page.url()).toMatch(/tags=/);
    await e2e.screenshot(page, 'contact-list-filtered-desktop');

    await page.goBack();
    await expect.poll(() => page.getByTestId('filter-chip').count()).toBe(0);
    expect(await count(page)).not.toBe(contacts(investors));
    await page.context().close();
  });

  it('sorts by a column and pages on with Load more', async () => {
    const page = await e2e.newPage();
    await openList(page);
    // A page is 25 rows, a screenful at 1440 × 900: the next is not asked for until the list is scrolled.
    expect(await page.getByTestId('contact-row').count()).toBe(25);
    const showing = t('contactList.showing', { shown: 25, total: '#' });
    await page.getByText(new RegExp(`^${showing.replace('#', '\\d+')}$`)).waitFor();
    // The next page comes with "Load more", or on its own as the end of the list scrolls into view.
    await page.getByRole('button', { name: t('common.loadMore') }).scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByTestId('contact-row').count()).toBeGreaterThan(25);

    await page.getByRole('button', { name: sortBy('contactList.columns.created') }).click();
    await page.waitForURL(/sort=-createdAt/);
    // Newest first: the contact created last in this file is at the top.
    await expect.poll(() => page.getByTestId('contact-row').first().textContent()).toContain('Greta Lindqvist');
    await page.context().close();
  });

  it('tags two selected contacts at once and the list shows it', async () => {
    const page = await e2e.newPage();
    await openList(page, '/contacts?q=Fischer');
    const rows = page.getByTestId('contact-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    const names = [(await rows.nth(0).textContent())!, (await rows.nth(1).textContent())!];
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await page.getByText(t('contactList.bulk.selected', { n: 2 })).waitFor();
    await e2e.screenshot(page, 'contact-list-selected-desktop');

    await page
      .getByRole('group', { name: t('contactList.bulk.label') })
      .getByRole('button', { name: t('contactList.bulk.addTags') })
      .click();
    const dialog = page.getByRole('dialog', {
      name: t('contactList.bulk.addTagsTitle', { selected: contacts(2, 'contactList.bulk.contacts') }),
    });
    await dialog.getByRole('combobox', { name: t('contactList.bulk.tags') }).fill('Key account');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: t('contactList.bulk.addTags') }).click();
    await page.getByText(t('contactList.bulk.tagged', { count: 2, tags: 'Key account' })).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    const tagged = await listByApi('?tags=Key%20account');
    expect(tagged.data).toHaveLength(2);
    for (const c of tagged.data) expect(names.some((n) => n.includes(c.displayName))).toBe(true);
    // The selection is done with; the list filtered by the new tag shows exactly those two.
    expect(await page.getByText(t('contactList.bulk.selected', { n: 2 })).count()).toBe(0);
    await page.goto('/contacts?tags=Key%20account');
    await expect.poll(() => page.getByTestId('contact-row').count()).toBe(2);
    await page.context().close();
  });

  it('archives a contact from its row and restores it from the archive', async () => {
    const page = await e2e.newPage();
    await openList(page, '/contacts?q=lindqvist');
    await actionsFor(page, 'Greta Lindqvist').click();
    await page.getByRole('menuitem', { name: t('common.archive') }).click();
    await page.getByText(t('contactList.movedToArchive', { name: 'Greta Lindqvist' })).waitFor();
    await expect.poll(() => page.getByTestId('contact-row').count()).toBe(0);
    await page.getByText(t('contactList.empty.noMatchQuery', { q: 'lindqvist' })).waitFor();

    await page.getByText(t('contactList.archived'), { exact: true }).click();
    await page.waitForURL(/archived=true/);
    await rowOf(page, 'Greta Lindqvist').waitFor();
    expect(await count(page)).toBe(contacts(1, 'contactList.countArchived'));
    await e2e.screenshot(page, 'contact-list-archive-desktop');

    await actionsFor(page, 'Greta Lindqvist').click();
    await page.getByRole('menuitem', { name: t('common.restore') }).click();
    await page.getByText(t('contactList.restored', { name: 'Greta Lindqvist' })).waitFor();
    await expect.poll(() => page.getByTestId('contact-row').count()).toBe(0);

    await page.getByText(t('contactList.active'), { exact: true }).click();
    await rowOf(page, 'Greta Lindqvist').waitFor();
    const found = await listByApi('?q=lindqvist');
    expect(found.data).toHaveLength(1);
    await page.context().close();
  });

  it('deletes an archived contact for good only after its name is typed', async () => {
    const doomed = await ok<Created>(
      admin.post('/api/v1/contacts', { firstName: 'Temporary', lastName: 'Record' }),
      'doomed',
    );
    await ok(admin.delete(`/api/v1/contacts/${doomed.id}`), 'archive');
    const page = await e2e.newPage();
    await openList(page, '/contacts?archived=true');
    await actionsFor(page, 'Temporary Record').click();
    await page.getByRole('menuitem', { name: t('contactList.table.deleteForever') }).click();
    const dialog = page.getByRole('dialog', { name: t('contactList.delete.title', { name: 'Temporary Record' }) });
    const confirm = dialog.getByRole('button', { name: t('contactList.delete.confirm') });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog
      .getByLabel(t('contactList.delete.typeToConfirm', { name: 'Temporary Record' }).replace(/<\/?b>/g, ''))
      .fill('temporary record');
    await e2e.screenshot(page, 'contact-list-delete-forever-desktop');
    await confirm.click();
    await page.getByText(t('contactList.deletedForGood', { name: 'Temporary Record' })).waitFor();
    expect((await admin.get(`/api/v1/contacts/${doomed.id}`)).statusCode).toBe(404);
    await page.context().close();
  });

  it('saves the current search as a view and reopens it from the menu', async () => {
    const page = await e2e.newPage();
    await openList(page, '/contacts');
    await page.getByRole('button', { name: t('contactList.filter.button'), exact: true }).click();
    const popover = page.getByRole('dialog', { name: t('contactList.filter.button') });
    await popover.getByRole('button', { name: t('contactList.filter.fields.tags') }).click();
    await popover.getByRole('checkbox', { name: 'Berlin' }).check();
    await popover.getByRole('button', { name: t('common.apply') }).click();
    await page.getByRole('button', { name: sortBy('contactList.columns.updated') }).click();
    await page.waitForURL(/sort=-updatedAt/);
    const filtered = await count(page);

    await page.getByRole('button', { name: t('contactList.views.save') }).click();
    const dialog = page.getByRole('dialog', { name: t('contactList.views.save') });
    await dialog.getByLabel(t('contactList.views.name')).fill('Berlin, latest first');
    await dialog.getByRole('button', { name: t('contactList.views.save') }).click();
    await page.getByRole('heading', { name: 'Berlin, latest first' }).waitFor();
    expect(page.url()).toMatch(/viewId=/);

    // Back to everyone, then open the view from the menu.
    await page.getByRole('button', { name: 'Berlin, latest first' }).click();
    await page.getByRole('menuitem', { name: t('contactList.views.all') }).click();
    await page.getByRole('heading', { name: t('contactList.title') }).waitFor();
    await expect.poll(() => page.getByTestId('filter-chip').count()).toBe(0);

    await page.getByRole('button', { name: t('contactList.views.views') }).click();
    await e2e.screenshot(page, 'contact-list-views-menu-desktop');
    await page.getByRole('menuitem', { name: 'Berlin, latest first' }).click();
    await page.getByRole('heading', { name: 'Berlin, latest first' }).waitFor();
    await page
      .getByTestId('filter-chip')
      .filter({ hasText: t('contactList.filter.chip.tagged', { names: 'Berlin' }) })
      .waitFor();
    expect(page.url()).toMatch(/sort=-updatedAt/);
    await expect.poll(() => count(page)).toBe(filtered);

    const views = await ok<{ data: { name: string; query: Record<string, unknown> }[] }>(
      admin.get('/api/v1/saved-views'),
      'views',
    );
    expect(views.data).toHaveLength(1);
    expect(views.data[0]!.query).toMatchObject({ sort: '-updatedAt' });
    await page.context().close();
  });

  it('opens a contact from the Ctrl+K palette', async () => {
    const page = await e2e.newPage();
    await openList(page);
    await page.keyboard.press('Control+K');
    const search = page.getByRole('textbox', { name: t('contactList.palette.label') }).last();
    await search.fill('hafenblick');
    await page.getByRole('button', { name: /Hafenblick Verwaltungsgesellschaft/ }).waitFor();
    // Enter opens the selected result: the best match is selected once the results have settled.
    await page.locator('[data-action][data-selected]', { hasText: 'Hafenblick Verwaltungsgesellschaft' }).waitFor();
    await e2e.screenshot(page, 'contact-list-palette-desktop');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    await page.context().close();
  });

  it('starts loading a contact when the pointer rests on or presses its row, asks for its whole first view at once, and draws it whole', async () => {
    const page = await e2e.newPage();
    const pathOf = (url: string) => {
      const u = new URL(url);
      return u.pathname + u.search;
    };
    const idOf = async (name: string) =>
      (await rowOf(page, name).getByRole('link').first().getAttribute('href'))!.split('/').pop()!;

    // Resting on a row, without a click, is enough to start: its profile is asked for.
    await openList(page, '/contacts?q=hafenblick');
    const business = `/api/v1/contacts/${await idOf('Hafenblick Verwaltungsgesellschaft')}`;
    await Promise.all([
      page.waitForRequest((r) => pathOf(r.url()) === business),
      rowOf(page, 'Hafenblick Verwaltungsgesellschaft').hover(),
    ]);

    // So is pressing it, before the click that follows.
    await openList(page, '/contacts?q=lukas%20koch');
    const pressed = `/api/v1/contacts/${await idOf('Lukas Koch')}`;
    await Promise.all([
      page.waitForRequest((r) => pathOf(r.url()) === pressed),
      rowOf(page, 'Lukas Koch').first().dispatchEvent('pointerdown', { button: 0 }),
    ]);

    // A click straight away (no rest) asks for everything the page first shows together with the profile.
    await openList(page, '/contacts?q=anna%20fischer');
    const base = `/api/v1/contacts/${await idOf('Anna Fischer')}`;
    const asked: { path: string; at: number }[] = [];
    const code: string[] = [];
    let profileAnswered = Infinity;
    page.on('request', (r) => {
      if (pathOf(r.url()).startsWith(base)) asked.push({ path: pathOf(r.url()), at: performance.now() });
      if (pathOf(r.url()).startsWith('/assets/')) code.push(pathOf(r.url()));
    });
    page.on('response', (r) => {
      if (pathOf(r.url()) === base) profileAnswered = Math.min(profileAnswered, performance.now());
    });
    // What the page holds the moment its name first shows: the rest of its first view, not skeletons.
    const firstDrawn = page.waitForFunction(
      () => {
        const root = document.querySelector('[data-testid="contact-page"]');
        if (!root?.querySelector('[data-testid="contact-name"]')) return false;
        return { skeletons: root.querySelectorAll('.mantine-Skeleton-root').length };
      },
      undefined,
      { polling: 'raf' },
    );
    // Once the user works with the list (here: a key; a pointer moved to fixed coordinates could rest on a link of the
    // navigation, which preloads that page's code), it fetches the contact page's code while idle; the click then
    // needs none.
    await page.keyboard.press('Shift');
    await page.waitForFunction(() =>
      performance.getEntriesByType('resource').some((e) => e.name.includes('/assets/ContactPage-')),
    );
    code.length = 0;
    // The journal answers a little after the profile, as it does on a large workspace.
    await page.route(
      (url) => url.pathname === `${base}/timeline`,
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        await route.continue();
      },
    );
    await rowOf(page, 'Anna Fischer').getByRole('link').first().click();
    expect(await (await firstDrawn).jsonValue()).toEqual({ skeletons: 0 });
    await page.waitForLoadState('networkidle');
    expect(code).toEqual([]);

    const paths = asked.map((a) => a.path);
    // Each was asked for once: what the page's parts ask for is exactly what was prefetched.
    expect(
      paths.filter((p, i) => paths.indexOf(p) !== i),
      'asked twice',
    ).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining([
        base,
        `${base}/timeline?category=focus&limit=20`,
        `${base}/messages?limit=30`,
        `${base}/notes?limit=20`,
        `${base}/upcoming`,
        `${base}/segments`,
        `${base}/businesses`,
      ]),
    );
    // All before the profile had answered, not once the page had drawn (a person's businesses too: they do not wait
    // to learn the contact's kind).
    const late = asked.filter((a) => a.at > profileAnswered);
    expect(late.map((a) => a.path)).toEqual([]);
    await page.context().close();
  });
});

describe('the contact settings', () => {
  it('lets an admin add a tag, a contact type and a custom field', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/settings/tags');
    await page.getByTestId('tag-row').first().waitFor();
    await e2e.screenshot(page, 'settings-tags-desktop');
    await page.getByRole('button', { name: t('settings.tags.new') }).click();
    const tagDialog = page.getByRole('dialog', { name: t('settings.tags.new') });
    await tagDialog.getByLabel(t('common.name')).fill('Golf club');
    await tagDialog.getByRole('radio', { name: t('calendar.colors.green') }).click();
    await tagDialog.getByRole('button', { name: t('settings.tags.create') }).click();
    await page.getByTestId('tag-row').filter({ hasText: 'Golf club' }).waitFor();

    await page.getByRole('link', { name: t('settings.nav.contactTypes') }).click();
    await page.getByTestId('contact-type-row').first().waitFor();
    await page.getByRole('button', { name: t('settings.types.new') }).click();
    const typeDialog = page.getByRole('dialog', { name: t('settings.types.newTitle') });
    await typeDialog.getByLabel(t('common.name')).fill('Investor');
    await typeDialog.getByRole('button', { name: t('settings.types.add') }).click();
    await page.getByTestId('contact-type-row').filter({ hasText: 'Investor' }).waitFor();
    await page.getByRole('button', { name: t('settings.types.moveUpNamed', { name: 'Investor' }) }).click();
    await expect
      .poll(
        async () =>
          (await ok<{ data: { key: string }[] }>(admin.get('/api/v1/contact-types'), 'types')).data.at(-2)?.key,
      )
      .toBe('investor');
    await e2e.screenshot(page, 'settings-contact-types-desktop');

    await page.getByRole('link', { name: t('settings.nav.customFields') }).click();
    await page.getByTestId('field-folder').first().waitFor();
    await page.getByRole('button', { name: t('settings.fields.folderActions', { name: 'Demographics' }) }).click();
    await page.getByRole('menuitem', { name: t('settings.fields.hideOnContacts') }).click();
    await page
      .getByTestId('field-folder')
      .filter({ hasText: 'Demographics' })
      .getByText(t('settings.fields.hiddenOnContacts'))
      .waitFor();
    await page.getByRole('button', { name: t('settings.fields.newField') }).click();
    const fieldDialog = page.getByRole('dialog', { name: t('settings.fieldForm.newTitle') });
    await fieldDialog.getByRole('textbox', { name: t('settings.fieldForm.label'), exact: true }).fill('Viewing slot');
    await fieldDialog.getByRole('combobox', { name: t('settings.fieldForm.type') }).click();
    await page.getByRole('option', { name: t('settings.fieldTypes.single_select.label') }).click();
    await fieldDialog.getByRole('button', { name: t('settings.fieldForm.addChoice') }).click();
    await fieldDialog.getByLabel(t('settings.fieldForm.choiceLabel', { n: 1 })).fill('Morning');
    await fieldDialog.getByRole('button', { name: t('settings.fieldForm.addChoice') }).click();
    await fieldDialog.getByLabel(t('settings.fieldForm.choiceLabel', { n: 2 })).fill('Evening');
    await e2e.screenshot(page, 'settings-custom-field-form-desktop');
    await fieldDialog.getByRole('button', { name: t('settings.fieldForm.create') }).click();
    await page.getByTestId('field-row').filter({ hasText: 'Viewing slot' }).waitFor();
    await e2e.screenshot(page, 'settings-custom-fields-desktop');

    const fields = await ok<{ data: { key: string; options: { value: string }[] }[] }>(
      admin.get('/api/v1/custom-fields'),
      'fields',
    );
    expect(fields.data.find((f) => f.key === 'viewing_slot')?.options.map((o) => o.value)).toEqual([
      'morning',
      'evening',
    ]);
    await page.context().close();
  });
});

/** Cells whose content spills past their edges, and names cut with "…" although their cell has room to spare. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const cells = document.querySelectorAll<HTMLElement>(
      '[data-testid="contact-row"] > td, [data-testid="contact-row"] > th, [data-testid="contact-row"]',
    );
    for (const cell of cells) {
      const box = cell.getBoundingClientRect();
      if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`overflows: ${cell.textContent}`);
      for (const el of cell.querySelectorAll<HTMLElement>('*')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1))
          problems.push(`spills: ${el.textContent} in ${cell.textContent}`);
      }
    }
    for (const link of document.querySelectorAll<HTMLElement>('[data-testid="contact-row"] a[href^="/contacts/"]')) {
      const cut = link.scrollWidth > link.clientWidth;
      const cell = link.closest('td');
      // A cut name is only right when its cell is at the name column's minimum (about 240 px).
      if (cut && cell && cell.getBoundingClientRect().width > 300) problems.push(`cut with room: ${link.textContent}`);
    }
    return problems;
  });
}

describe('the contact list layout', () => {
  it('sizes columns to their content and cuts only what has no room, on a laptop and a phone', async () => {
    await ok(
      admin.post('/api/v1/contacts', {
        firstName: 'Maximiliane',
        lastName: 'Schwarzenberg-Lindenthal',
        contactType: 'past_customer',
        title: 'Head of Facility Management',
        businessName: 'Nordlicht Immobilien GmbH',
        emails: [{ email: 'maximiliane.schwarzenberg-lindenthal@nordlicht-immobilien.example.test' }],
      }),
      'long person',
    );
    for (const viewport of [{ width: 1440, height: 900 }, PHONE]) {
      const page = await e2e.newPage(viewport);
      await openList(page, '/contacts?sort=-createdAt');
      await rowOf(page, 'Maximiliane Schwarzenberg-Lindenthal').waitFor();
      await e2e.screenshot(page, `contact-list-layout-${viewport.width}`);
      expect(await layoutProblems(page)).toEqual([]);
      expect(await overflowsHorizontally(page), `at ${viewport.width} px`).toBe(false);
      if (viewport.width === 1440) {
        // The default columns fit a laptop: the table does not scroll sideways inside its box.
        const table = page.getByRole('table').first();
        const sideways = await table.evaluate((el) => {
          let box = el.parentElement;
          while (box && !/auto|scroll/.test(getComputedStyle(box).overflowX)) box = box.parentElement;
          return box ? box.scrollWidth - box.clientWidth : 0;
        });
        expect(sideways).toBeLessThanOrEqual(1);
        // The pinned name column ends where the next column starts: nothing slides under it unscrolled.
        const [name, next] = await page
          .locator('thead th')
          .evaluateAll((cells) => cells.slice(1, 3).map((c) => c.getBoundingClientRect()));
        expect(name!.right).toBeLessThanOrEqual(next!.left + 1);
      }
      await page.context().close();
    }
  });
});

describe('the contact list on a phone and in the dark', () => {
  it('shows cards that fit the screen with tappable numbers', async () => {
    const page = await e2e.newPage(PHONE);
    await openList(page);
    expect(await overflowsHorizontally(page)).toBe(false);
    expect(await page.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
    await e2e.screenshot(page, 'contact-list-phone');

    await page.getByRole('button', { name: t('contactList.filter.button'), exact: true }).click();
    await page
      .getByRole('dialog', { name: t('contactList.filter.button') })
      .getByRole('button', { name: t('contactList.filter.fields.contactType') })
      .click();
    await e2e.screenshot(page, 'contact-list-filter-phone');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: t('contactList.newContact') }).click();
    await page.getByRole('dialog', { name: t('contactList.create.title') }).waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await e2e.screenshot(page, 'contact-list-create-phone');
    await page.context().close();
  });

  it('reads well in the dark theme', async () => {
    const page = await e2e.newPage();
    await page.addInitScript(() => localStorage.setItem('dossier-color-scheme', 'dark'));
    await openList(page, '/contacts?tags=Investor');
    await e2e.screenshot(page, 'contact-list-dark-desktop');
    await page.getByTestId('contact-row').first().getByRole('checkbox').check();
    await e2e.screenshot(page, 'contact-list-selected-dark-desktop');
    expect(e2e.pageErrors).toEqual([]);
    await page.context().close();
  });
});
