// My tasks, the calendar with its show-rate report, and the audit log, end to end in a real Chromium.
import fs from 'node:fs/promises';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../server/test/harness.ts';
import { addDays, localDateOf, minutesOfDay, zonedInstant } from '../web/src/lib/zoned.ts';
import { overflowsHorizontally, PHONE, startE2E, type E2E } from './harness.ts';
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

describe('My tasks', () => {
  it('completes a task and shows it under Completed', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, ws.admin, '/tasks');
    const overdue = page.getByRole('region', { name: 'Overdue' });
    const completed = page.getByRole('region', { name: 'Completed' });
    await overdue.getByText('Call back about the mortgage offer').waitFor();
    await expect.poll(() => completed.getByTestId('task-row').count()).toBe(1);
    await e2e.screenshot(page, 'tasks-desktop');

    await overdue.getByRole('checkbox', { name: 'Complete “Call back about the mortgage offer”' }).click();
    await completed.getByText('Call back about the mortgage offer').waitFor();
    await expect.poll(() => completed.getByTestId('task-row').count()).toBe(2);
    await expect.poll(() => overdue.getByText('Call back about the mortgage offer').count()).toBe(0);
    await expect.poll(() => overdue.getByLabel('1 tasks').count()).toBe(1);

    const stored = await json<{ data: { title: string; status: string }[] }>(
      ws.admin.get('/api/v1/tasks?assigneeId=me&bucket=completed'),
    );
    expect(stored.data.map((t) => t.title)).toContain('Call back about the mortgage offer');

    // Undo from the notification puts it back.
    await page.getByRole('button', { name: 'Undo' }).click();
    await overdue.getByText('Call back about the mortgage offer').waitFor();
    await page.context().close();
  });

  it('adds a task for a contact found by search', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, ws.admin, '/tasks');
    await page.getByRole('region', { name: 'Today' }).waitFor();
    const form = page.getByRole('form', { name: 'Quick add a task' });
    await form.getByRole('textbox', { name: 'New task' }).fill('Send the floor plans');
    await form.getByRole('combobox', { name: 'Contact' }).fill('Elias');
    await page.getByRole('option', { name: /Elias Hartmann/ }).click();
    await form.getByRole('button', { name: 'Add' }).click();
    const noDate = page.getByRole('region', { name: 'No due date' });
    await noDate.getByText('Send the floor plans').waitFor();
    await expect.poll(() => noDate.getByRole('link', { name: 'Elias Hartmann' }).count()).toBe(1);
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await e2e.newPage(PHONE);
    await e2e.openAs(page, ws.admin, '/tasks');
    await page.getByTestId('task-row').first().waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await e2e.screenshot(page, 'tasks-phone');
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
    await expect.poll(() => rate.textContent()).toBe('0%');

    await page.getByRole('tab', { name: 'Calendar' }).click();
    await page.getByTestId('calendar-grid').waitFor();
    // Earlier today, so the appointment falls inside the report's default period (the last 30 days).
    const now = new Date();
    const today = localDateOf(now, ZONE);
    const slot = Math.max(0, Math.floor(minutesOfDay(now, ZONE) / 60) - 2) * 60;
    await clickSlot(page, today, slot);

    const dialog = page.getByRole('dialog', { name: 'Book appointment' });
    await dialog.getByRole('combobox', { name: 'Contact' }).fill('Paula');
    await page.getByRole('option', { name: /Paula Brandt/ }).click();
    await expect
      .poll(() => dialog.getByRole('textbox', { name: 'Title' }).inputValue())
      .toBe('Meeting with Paula Brandt');
    await expect
      .poll(() => dialog.getByRole('textbox', { name: 'Starts' }).inputValue())
      .toBe(`${String(slot / 60).padStart(2, '0')}:00`);
    await dialog.getByRole('textbox', { name: 'Location' }).fill('Lindenstraße 5, flat 3');
    await e2e.screenshot(page, 'calendar-book-desktop');
    await dialog.getByRole('button', { name: 'Book appointment' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const event = page.getByTestId(`day-${today}`).getByRole('button', { name: /Meeting with Paula Brandt/ });
    await event.waitFor();
    const [booked] = (
      await json<{ data: { id: string; title: string; startsAt: string; location: string }[] }>(
        admin.get(
          `/api/v1/appointments?from=${zonedInstant(today, 0, ZONE).toISOString()}&to=${zonedInstant(addDays(today, 1), 0, ZONE).toISOString()}`,
        ),
      )
    ).data;
    expect(booked).toMatchObject({ title: 'Meeting with Paula Brandt', location: 'Lindenstraße 5, flat 3' });
    expect(booked!.startsAt).toBe(zonedInstant(today, slot, ZONE).toISOString());
    await e2e.screenshot(page, 'calendar-week-desktop');

    await event.click();
    const drawer = page.getByRole('dialog', { name: 'Appointment', exact: true });
    await drawer.getByRole('button', { name: 'Showed' }).click();
    await drawer.getByText('Showed', { exact: true }).waitFor();
    await e2e.screenshot(page, 'calendar-appointment-desktop');
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: 'Show rate' }).click();
    await expect.poll(() => rate.textContent()).toBe('50%');
    const totals = page.getByTestId('show-rate-totals');
    await expect.poll(() => totals.getByTestId('show-rate').textContent()).toBe('50%');
    await e2e.screenshot(page, 'calendar-show-rate-desktop');
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
    await page.getByRole('button', { name: /Contract signing/ }).waitFor();
    await clickSlot(page, tomorrow, 14 * 60 + 30);
    const dialog = page.getByRole('dialog', { name: 'Book appointment' });
    // Before saving: the clash is already visible.
    await dialog.getByText('Already booked at that time').waitFor();
    await dialog.getByRole('combobox', { name: 'Contact' }).fill('Paula');
    await page.getByRole('option', { name: /Paula Brandt/ }).click();
    await dialog.getByRole('button', { name: 'Book appointment' }).click();
    // After saving: the server's warning, and the booking is kept.
    await page.getByRole('dialog', { name: 'Appointment booked' }).getByText('Double-booked').waitFor();
    await page.getByText('Nora Admin already has another appointment at that time').waitFor();
    await e2e.screenshot(page, 'calendar-double-booked-desktop');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByTestId('calendar-event').count()).toBe(2);
    await page.context().close();
  });

  it('refuses to delete a calendar with upcoming appointments, in place', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/calendar');
    await page.getByRole('button', { name: 'Actions for Viewings' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Viewings?' });
    await dialog.getByRole('button', { name: 'Delete calendar' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/Viewings still has \d+ upcoming appointments?/)
      .waitFor();
    await e2e.screenshot(page, 'calendar-delete-refused-desktop');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.context().close();
  });

  it('shows the day view on a phone without sideways scrolling', async () => {
    const page = await e2e.newPage(PHONE);
    await e2e.openAs(page, admin, '/calendar');
    await page.getByTestId('calendar-grid').waitFor();
    expect(await page.getByRole('radio', { name: 'Day' }).isChecked()).toBe(true);
    expect(await overflowsHorizontally(page)).toBe(false);
    await e2e.screenshot(page, 'calendar-phone');
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
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(/\/settings\/audit-log$/);
    await page.getByTestId('audit-row').first().waitFor();

    await page.getByRole('combobox', { name: 'User' }).click();
    await page.getByRole('option', { name: 'Maria Keller' }).click();
    const rows = page.getByTestId('audit-row');
    await expect.poll(async () => (await rows.allTextContents()).every((t) => t.includes('Maria Keller'))).toBe(true);
    const shown = await rows.count();
    expect(shown).toBeGreaterThan(0);
    await page.getByText('Ask for the energy certificate', { exact: false }).first().waitFor();
    await e2e.screenshot(page, 'audit-log-desktop');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
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
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Your profile' }).waitFor();
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await page.goto('/settings/audit-log');
    await page.getByText('Only admins can see the audit log').waitFor();
    await page.context().close();
  });

  it('ends without page errors', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});
