// My tasks, the calendar with its show-rate report, and the audit log, end to end in a real Chromium.
import fs from 'node:fs/promises';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../server/test/harness.ts';
import { addDays, localDateOf, minutesOfDay, zonedInstant } from '../web/src/lib/zoned.ts';
import { overflowsHorizontally, PHONE, pickFromSearch, startE2E, type E2E } from './harness.ts';
import { browserLocale, lang, t, tx } from './i18n.ts';
import { seedTasks, seedWorkspace, ZONE, type SeededWorkspace } from './tasks-calendar.fixtures.ts';

let e2e: E2E;
let ws: SeededWorkspace;

beforeAll(async () => {
  e2e = await startE2E();
  ws = await seedWorkspace(e2e.server);
  await seedTasks(ws, ws.admin);
});

afterAll(async () => {
  await e2e?.close();
});

async function json<T>(res: Promise<{ statusCode: number; body: string; json(): T }>): Promise<T> {
  const r = await res;
  if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body}`);
  return r.json();
}

/** A show rate as the page writes it in this run's language ("50%", "50 %"). */
const percent = (n: number) => new Intl.NumberFormat(browserLocale, { style: 'percent' }).format(n);
const POLL = { timeout: 10_000 };

describe('My tasks', () => {
  it('completes a task and shows it under Completed', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, ws.admin, '/tasks');
    const overdue = page.getByRole('region', { name: t('tasks.sections.overdue.title') });
    const completed = page.getByRole('region', { name: t('tasks.sections.completed.title') });
    await overdue.getByText('Call back about the mortgage offer').waitFor();
    await expect.poll(() => completed.getByTestId('task-row').count(), POLL).toBe(1);
    await e2e.screenshot(page, `tasks-desktop-${lang}`);

    await overdue
      .getByRole('checkbox', { name: t('tasks.complete', { title: 'Call back about the mortgage offer' }) })
      .click();
    await completed.getByText('Call back about the mortgage offer').waitFor();
    await expect.poll(() => completed.getByTestId('task-row').count(), POLL).toBe(2);
    await expect.poll(() => overdue.getByText('Call back about the mortgage offer').count(), POLL).toBe(0);
    await expect.poll(() => overdue.getByLabel(t('tasks.count', { count: 1 })).count(), POLL).toBe(1);

    const stored = await json<{ data: { title: string; status: string }[] }>(
      ws.admin.get('/api/v1/tasks?assigneeId=me&bucket=completed'),
    );
    expect(stored.data.map((t) => t.title)).toContain('Call back about the mortgage offer');

    // Undo from the notification puts it back.
    await page.getByRole('button', { name: t('common.undo') }).click();
    await overdue.getByText('Call back about the mortgage offer').waitFor();
    await page.context().close();
  });

  it('adds a task for a contact found by search', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, ws.admin, '/tasks');
    await page.getByRole('region', { name: t('tasks.sections.today.title') }).waitFor();
    const form = page.getByRole('form', { name: t('tasks.quickAdd.label') });
    await form.getByRole('textbox', { name: t('tasks.newTask') }).fill('Send the floor plans');
    await pickFromSearch(
      page,
      form.getByRole('combobox', { name: t('tasks.form.contact') }),
      'Elias',
      /Elias Hartmann/,
    );
    await form.getByRole('button', { name: tx('common.add') }).click();
    const noDate = page.getByRole('region', { name: t('tasks.sections.no_date.title') });
    await noDate.getByText('Send the floor plans').waitFor();
    await expect.poll(() => noDate.getByRole('link', { name: 'Elias Hartmann' }).count(), POLL).toBe(1);
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await e2e.newPage(PHONE);
    await e2e.openAs(page, ws.admin, '/tasks');
    await page.getByTestId('task-row').first().waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await e2e.screenshot(page, `tasks-phone-${lang}`);
    await page.context().close();
  });
});

/** Clicks the empty grid at `minutes` past midnight of `date` (the grid scrolls there first). */
async function clickSlot(page: Page, date: string, minutes: number) {
  const grid = page.getByTestId('calendar-grid');
  const hourHeight = await grid.evaluate((el) => parseFloat(getComputedStyle(el).getPropertyValue('--hour-height')));
  const y = (minutes / 60) * hourHeight + 6;
  await grid.evaluate((el, top) => (el.scrollTop = top), Math.max(0, y - 160));
  const column = page.getByTestId(`day-${date}`);
  const box = (await column.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + y);
}

describe('calendar and show rate', () => {
  let admin: Session;
  let contact: { id: string; displayName: string };
  let calendarId: string;

  beforeAll(async () => {
    admin = await e2e.server.signup({ workspaceName: 'Northside Lettings', name: 'Nora Admin' });
    await json(admin.patch('/api/v1/users/me', { timezone: ZONE }));
    contact = await json<{ id: string; displayName: string }>(
      admin.post('/api/v1/contacts', { firstName: 'Paula', lastName: 'Brandt' }),
    );
    calendarId = (await json<{ id: string }>(admin.post('/api/v1/calendars', { name: 'Viewings', color: 'teal' }))).id;
    // Yesterday's viewing did not happen: the show rate starts at 0 %.
    const yesterday = addDays(localDateOf(new Date(), ZONE), -1);
    const missed = await json<{ appointment: { id: string } }>(
      admin.post(`/api/v1/contacts/${contact.id}/appointments`, {
        calendarId,
        title: 'First viewing',
        startsAt: zonedInstant(yesterday, 10 * 60, ZONE).toISOString(),
        endsAt: zonedInstant(yesterday, 11 * 60, ZONE).toISOString(),
      }),
    );
    await json(admin.post(`/api/v1/appointments/${missed.appointment.id}/status`, { status: 'no_show' }));
  });

  it('books from an empty slot, marks it Showed, and the show rate follows', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/calendar/report');
    const rate = page.getByTestId('show-rate-row').filter({ hasText: 'Viewings' }).getByTestId('show-rate');
    await expect.poll(() => rate.textContent(), POLL).toBe(percent(0));

    await page.getByRole('tab', { name: t('calendar.tabs.calendar') }).click();
    await page.getByTestId('calendar-grid').waitFor();
    // Earlier today, so the appointment falls inside the report's default period (the last 30 days).
    const now = new Date();
    const today = localDateOf(now, ZONE);
    const slot = Math.max(0, Math.floor(minutesOfDay(now, ZONE) / 60) - 2) * 60;
    await clickSlot(page, today, slot);

    const title = t('appointments.form.defaultTitle', { name: 'Paula Brandt' });
    const dialog = page.getByRole('dialog', { name: t('appointments.book') });
    await pickFromSearch(
      page,
      dialog.getByRole('combobox', { name: t('calendar.drawer.contact') }),
      'Paula',
      /Paula Brandt/,
    );
    await expect
      .poll(() => dialog.getByRole('textbox', { name: t('appointments.form.title') }).inputValue(), POLL)
      .toBe(title);
    await expect
      .poll(() => dialog.getByRole('textbox', { name: t('appointments.form.starts') }).inputValue(), POLL)
      .toBe(`${String(slot / 60).padStart(2, '0')}:00`);
    await dialog.getByRole('textbox', { name: t('appointments.form.location') }).fill('Lindenstraße 5, flat 3');
    await e2e.screenshot(page, `calendar-book-desktop-${lang}`);
    await dialog.getByRole('button', { name: t('appointments.book') }).click();
    await dialog.waitFor({ state: 'hidden' });

    const event = page.getByTestId(`day-${today}`).getByRole('button', { name: new RegExp(title) });
    await event.waitFor();
    const [booked] = (
      await json<{ data: { id: string; title: string; startsAt: string; location: string }[] }>(
        admin.get(
          `/api/v1/appointments?from=${zonedInstant(today, 0, ZONE).toISOString()}&to=${zonedInstant(addDays(today, 1), 0, ZONE).toISOString()}`,
        ),
      )
    ).data;
    expect(booked).toMatchObject({ title, location: 'Lindenstraße 5, flat 3' });
    expect(booked!.startsAt).toBe(zonedInstant(today, slot, ZONE).toISOString());
    await e2e.screenshot(page, `calendar-week-desktop-${lang}`);

    await event.click();
    const drawer = page.getByRole('dialog', { name: t('calendar.drawer.title'), exact: true });
    await drawer.getByRole('button', { name: tx('appointments.statusVerb.showed') }).click();
    await drawer.getByText(t('appointments.status.showed'), { exact: true }).waitFor();
    // The toast names the new status.
    await page.getByText(t('appointments.statusChanged', { title, status: t('appointments.status.showed') })).waitFor();
    await e2e.screenshot(page, `calendar-appointment-desktop-${lang}`);
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: t('calendar.tabs.showRate') }).click();
    await expect.poll(() => rate.textContent(), POLL).toBe(percent(0.5));
    const totals = page.getByTestId('show-rate-totals');
    await expect.poll(() => totals.getByTestId('show-rate').textContent(), POLL).toBe(percent(0.5));
    await e2e.screenshot(page, `calendar-show-rate-desktop-${lang}`);
    await page.context().close();
  });

  it('warns when the assigned user is already booked', async () => {
    const page = await e2e.newPage();
    const tomorrow = addDays(localDateOf(new Date(), ZONE), 1);
    await json(
      admin.post(`/api/v1/contacts/${contact.id}/appointments`, {
        calendarId,
        title: 'Contract signing',
        startsAt: zonedInstant(tomorrow, 15 * 60, ZONE).toISOString(),
        endsAt: zonedInstant(tomorrow, 16 * 60, ZONE).toISOString(),
      }),
    );
    await e2e.openAs(page, admin, `/calendar?view=day&date=${tomorrow}`);
    // A future appointment offers no outcome yet and says why.
    await page.getByRole('button', { name: /Contract signing/ }).click();
    const drawer = page.getByRole('dialog', { name: t('calendar.drawer.title'), exact: true });
    await drawer.getByText(t('appointments.notStartedHint')).waitFor();
    expect(await drawer.getByRole('button', { name: tx('appointments.statusVerb.showed') }).count()).toBe(0);
    expect(await drawer.getByRole('button', { name: tx('appointments.statusVerb.no_show') }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await clickSlot(page, tomorrow, 14 * 60 + 30);
    const dialog = page.getByRole('dialog', { name: t('appointments.book') });
    // Before saving: the clash is already visible.
    await dialog.getByText(t('calendar.busy.title')).waitFor();
    await pickFromSearch(
      page,
      dialog.getByRole('combobox', { name: t('calendar.drawer.contact') }),
      'Paula',
      /Paula Brandt/,
    );
    await dialog.getByRole('button', { name: t('appointments.book') }).click();
    // After saving: the server's warning, and the booking is kept.
    await page
      .getByRole('dialog', { name: t('calendar.book.booked') })
      .getByText(t('calendar.doubleBooked'))
      .waitFor();
    await page.getByText(t('appointments.doubleBooked', { name: 'Nora Admin' })).waitFor();
    await e2e.screenshot(page, `calendar-double-booked-desktop-${lang}`);
    await page.getByRole('button', { name: t('appointments.done') }).click();
    await expect.poll(() => page.getByTestId('calendar-event').count(), POLL).toBe(2);
    await page.context().close();
  });

  it('refuses to delete a calendar with upcoming appointments, in place', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/calendar');
    await page.getByRole('button', { name: t('calendar.panel.actionsFor', { name: 'Viewings' }) }).click();
    await page.getByRole('menuitem', { name: t('common.delete') }).click();
    const dialog = page.getByRole('dialog', { name: t('calendar.panel.deleteTitle', { name: 'Viewings' }) });
    await dialog.getByRole('button', { name: t('calendar.panel.deleteConfirm') }).click();
    await dialog
      .getByRole('alert')
      .getByText(/Viewings still has \d+ upcoming appointments?/)
      .waitFor();
    await e2e.screenshot(page, `calendar-delete-refused-desktop-${lang}`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.context().close();
  });

  it('shows the day view on a phone without sideways scrolling', async () => {
    const page = await e2e.newPage(PHONE);
    await e2e.openAs(page, admin, '/calendar');
    const grid = page.getByTestId('calendar-grid');
    await grid.waitFor();
    expect(await page.getByRole('radio', { name: t('calendar.day') }).isChecked()).toBe(true);
    expect(await overflowsHorizontally(page)).toBe(false);
    await e2e.screenshot(page, `calendar-phone-${lang}`);
    // A day with nothing booked opens at the working day (half an hour before 8:00), not at midnight.
    await page.goto(`/calendar?view=day&date=${addDays(localDateOf(new Date(), ZONE), 4)}`);
    await grid.waitFor();
    const hourHeight = await grid.evaluate((el) => parseFloat(getComputedStyle(el).getPropertyValue('--hour-height')));
    await expect.poll(() => grid.evaluate((el) => el.scrollTop), POLL).toBe(7.5 * hourHeight);
    await page.context().close();
  });
});

describe('audit log', () => {
  it('filters by user and exports exactly the filtered rows as CSV', async () => {
    // Something only Maria did: a task on one of her contacts.
    await json(
      ws.maria.post(`/api/v1/contacts/${ws.contacts[1]!.id}/tasks`, { title: 'Ask for the energy certificate' }),
    );
    const page = await e2e.newPage();
    await e2e.openAs(page, ws.admin, '/settings');
    await page
      .getByRole('navigation', { name: t('settings.nav.title') })
      .getByRole('link', { name: t('settings.nav.auditLog') })
      .click();
    await page.waitForURL(/\/settings\/audit-log$/);
    await page.getByTestId('audit-row').first().waitFor();

    await page.getByRole('combobox', { name: t('auditLog.user') }).click();
    await page.getByRole('option', { name: 'Maria Keller' }).click();
    const rows = page.getByTestId('audit-row');
    await expect.poll(async () => (await rows.allTextContents()).every((t) => t.includes('Maria Keller'))).toBe(true);
    const shown = await rows.count();
    expect(shown).toBeGreaterThan(0);
    await page.getByText('Ask for the energy certificate', { exact: false }).first().waitFor();
    await e2e.screenshot(page, `audit-log-desktop-${lang}`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: t('auditLog.export') }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await fs.readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const [header, ...records] = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data;
    expect(header).toEqual([
      'time',
      'kind',
      'category',
      'actor type',
      'actor',
      'contact id',
      'contact name',
      'subject',
      'details',
      'entry id',
    ]);
    expect(records).toHaveLength(shown);
    expect(records.every((r) => r[4] === 'Maria Keller')).toBe(true);
    const task = records.find((r) => r[1] === 'task.created' && r[8]!.includes('Ask for the energy certificate'));
    expect(task?.[6]).toBe(ws.contacts[1]!.displayName);
    await page.context().close();
  });

  it('is not offered to members', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, ws.jonas, '/settings/profile');
    await page
      .getByRole('navigation', { name: t('settings.nav.title') })
      .getByRole('link', { name: t('settings.nav.profile') })
      .waitFor();
    expect(await page.getByRole('link', { name: t('settings.nav.auditLog') }).count()).toBe(0);
    await page.goto('/settings/audit-log');
    await page.getByText(t('auditLog.adminsOnly')).waitFor();
    await page.context().close();
  });
});

describe('the whole run', () => {
  it('ends without page errors', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});
