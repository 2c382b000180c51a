// The contact's working life on its page: the refusal of a third pinned note, completing a task, booking an
// appointment over another one (a warning, never a refusal), the Activity views — and how it all looks on a
// desktop and a phone, light and dark, empty and full.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../server/test/harness.ts';
import {
  createCalendar,
  createPerson,
  nextWholeHour,
  ok,
  openTab,
  useZone,
  type ContactRef,
} from './contact-activity.fixtures.ts';
import { overflowsHorizontally, PHONE, startE2E, type E2E } from './harness.ts';
import { t } from './i18n.ts';

let e2e: E2E;
let ada: Session;
let maria: Session;

beforeAll(async () => {
  e2e = await startE2E();
  ada = await e2e.server.signup({ workspaceName: 'Nordwind Trading', name: 'Ada Admin' });
  maria = await ada.addUser('member', 'Maria Keller');
  await useZone(ada);
  await useZone(maria);
});

afterAll(async () => {
  await e2e?.close();
});

const note = (contact: ContactRef, title: string, bodyHtml = `<p>${title}</p>`, color = 'default') =>
  ok<{ id: string }>(ada.post(`/api/v1/contacts/${contact.id}/notes`, { title, bodyHtml, color }), 'note');

describe('notes', () => {
  it('refuses a third pinned note and says why, on the note', async () => {
    const contact = await createPerson(ada, 'Lena', 'Hoffmann');
    const first = await note(contact, 'Parking at the back');
    const second = await note(contact, 'Budget approved', '<p>Budget <strong>approved</strong> for Q3.</p>', 'yellow');
    await note(contact, 'Prefers calls after 5 pm', '<ul><li>Mobile first</li><li>Never before 9</li></ul>', 'blue');
    await ok(ada.post(`/api/v1/notes/${first.id}/pin`), 'pin 1');
    await ok(ada.post(`/api/v1/notes/${second.id}/pin`), 'pin 2');

    const page = await e2e.newPage();
    await e2e.openAs(page, ada, `/contacts/${contact.id}?tab=notes`);
    const third = page.getByTestId('note').filter({ hasText: 'Prefers calls after 5 pm' });
    await third.waitFor();
    // Pinned ones come first.
    expect(await page.getByTestId('note').first().getAttribute('aria-label')).toMatch(/Budget approved|Parking/);
    await third.getByRole('button', { name: t('notes.pin') }).click();
    const refusal = third.getByRole('alert');
    await refusal.getByText('Only two notes can be pinned; unpin one first').waitFor();
    await e2e.screenshot(page, 'contact-notes-pin-limit-desktop');

    // Unpinning one makes room.
    await page
      .getByTestId('note')
      .filter({ hasText: 'Parking at the back' })
      .getByRole('button', { name: t('notes.unpin') })
      .click();
    await page
      .getByTestId('note')
      .filter({ hasText: 'Parking at the back' })
      .getByRole('button', { name: t('notes.pin') })
      .waitFor();
    await third.getByRole('button', { name: t('notes.pin') }).click();
    await third.getByRole('button', { name: t('notes.unpin') }).waitFor();
    await page.context().close();
  });
});

describe('tasks', () => {
  it('completing a task moves it to Completed', async () => {
    const contact = await createPerson(ada, 'Tom', 'Berger');
    await ok(
      ada.post(`/api/v1/contacts/${contact.id}/tasks`, {
        title: 'Send the signed lease',
        dueAt: new Date(Date.now() - 86_400_000).toISOString(),
      }),
      'task',
    );
    await ok(
      ada.post(`/api/v1/contacts/${contact.id}/tasks`, {
        title: 'Book the handover',
        assigneeId: maria.user.id,
        dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      }),
      'task 2',
    );
    const page = await e2e.newPage();
    await e2e.openAs(page, ada, `/contacts/${contact.id}?tab=tasks`);
    const lease = page.getByTestId('task').filter({ hasText: 'Send the signed lease' });
    await lease.getByText('Overdue').waitFor();
    await e2e.screenshot(page, 'contact-tasks-desktop');

    await lease.getByRole('checkbox', { name: 'Complete Send the signed lease' }).click();
    await lease.waitFor({ state: 'detached' });
    expect(await page.getByTestId('task').count()).toBe(1);
    await page.getByText('Completed', { exact: true }).first().click();
    const done = page.getByTestId('task').filter({ hasText: 'Send the signed lease' });
    await done.waitFor();
    expect(await done.getAttribute('data-status')).toBe('completed');
    expect(await done.getByText('Overdue').count()).toBe(0);
    const stored = await ok<{ data: { title: string; status: string }[] }>(
      ada.get(`/api/v1/contacts/${contact.id}/tasks?status=completed`),
      'tasks',
    );
    expect(stored.data.map((t) => t.title)).toEqual(['Send the signed lease']);

    // A new task goes to the contact's owner unless someone else is picked.
    await page.getByRole('button', { name: 'Add task' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText("Defaults to the contact's owner").waitFor();
    expect(await dialog.getByLabel('Assignee').inputValue()).toBe('Ada Admin (owner)');
    await dialog.getByLabel('Title').fill('Call about the deposit');
    await e2e.screenshot(page, 'contact-task-form-desktop');
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await page.getByText('Pending', { exact: true }).click();
    await page.getByTestId('task').filter({ hasText: 'Call about the deposit' }).waitFor();
    await page.context().close();
  });
});

describe('appointments', () => {
  it('booking over another appointment of the same user warns before and after, and books anyway', async () => {
    const contact = await createPerson(ada, 'Sophie', 'Wagner');
    const other = await createPerson(ada, 'Jan', 'Novak');
    const calendar = await createCalendar(ada, 'Ada’s viewings');
    const start = nextWholeHour();
    await ok(
      ada.post(`/api/v1/contacts/${other.id}/appointments`, {
        calendarId: calendar.id,
        title: 'Viewing at Elm Street',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
      }),
      'other booking',
    );

    const page = await e2e.newPage();
    await e2e.openAs(page, ada, `/contacts/${contact.id}?tab=appointments`);
    await page.getByText('No appointments yet').waitFor();
    await e2e.screenshot(page, 'contact-appointments-empty-desktop');
    await page.getByRole('button', { name: 'Book appointment' }).first().click();
    const dialog = page.getByRole('dialog');
    // The proposed slot is the next whole hour, when Ada is already booked: said before saving.
    const before = dialog.getByTestId('double-booking-warning');
    await before.getByText('Ada Admin is already booked then').waitFor();
    await before.getByText('Viewing at Elm Street').waitFor();
    await dialog.getByLabel('Location').fill('Harbour Office, Kai 3');
    await e2e.screenshot(page, 'contact-book-warning-desktop');
    await dialog.getByRole('button', { name: 'Book appointment' }).click();

    // Saved, and the server's warning shown after saving.
    await dialog.getByText('Ada Admin already has another appointment at that time').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    const booked = page.getByTestId('appointment').filter({ hasText: 'Meeting with Sophie Wagner' });
    await booked.waitFor();
    expect(await booked.getByTestId('appointment-status').textContent()).toBe('Scheduled');

    // Status is one click; cancelling asks first.
    await booked.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => booked.getByTestId('appointment-status').textContent()).toBe('Confirmed');
    await booked.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel appointment' }).click();
    await expect.poll(() => booked.getByTestId('appointment-status').textContent()).toBe('Cancelled');
    const list = await ok<{ upcoming: { status: string }[] }>(
      ada.get(`/api/v1/contacts/${contact.id}/appointments`),
      'appointments',
    );
    expect(list.upcoming.map((a) => a.status)).toEqual(['cancelled']);

    // Every step is in the Activity tab, filterable by kind.
    await openTab(page, 'Activity');
    await page
      .getByTestId('journal-entry')
      .filter({ hasText: 'Status of Meeting with Sophie Wagner changed from' })
      .first()
      .waitFor();
    await page.getByTestId('journal-entry').filter({ hasText: 'Booked Meeting with Sophie Wagner' }).waitFor();
    await page.getByPlaceholder('All kinds').click();
    await page.getByRole('option', { name: 'Appointment cancelled' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('journal-entry').count()).toBe(1);
    expect(await page.getByTestId('journal-entry').getAttribute('data-kind')).toBe('appointment.cancelled');
    await page.getByText('Data changes').click();
    await page.getByTestId('journal-entry').filter({ hasText: 'Created the contact' }).waitFor();
    await page.context().close();
  });
});

describe('how it looks', () => {
  it('desktop and phone, light and dark, full and empty, with long names', async () => {
    const contact = await createPerson(ada, 'Maximilian-Alexander', 'von Hohenzollern-Sigmaringen', {
      title: 'Regional Director of Strategic Procurement',
    });
    const calendar = await createCalendar(ada, 'Regional Director of Strategic Procurement meetings', 'grape');
    const day = 86_400_000;
    for (let i = 0; i < 4; i++) {
      await note(
        contact,
        i === 0 ? 'Quarterly review with the procurement board and the regional logistics partners' : `Call notes ${i}`,
        `<p>Discussed the <strong>renewal</strong> and the pallet volumes for next year.</p><ul><li>Needs a revised offer</li><li>Decision by the end of the month</li></ul>`,
        ['yellow', 'default', 'green', 'purple'][i],
      );
    }
    for (let i = 0; i < 6; i++) {
      await ok(
        ada.post(`/api/v1/contacts/${contact.id}/tasks`, {
          title:
            i === 0
              ? 'Prepare the revised multi-year framework agreement with volume-based pricing tiers'
              : `Follow-up ${i}`,
          description: i % 2 ? 'Check the numbers with finance first.' : '',
          assigneeId: i % 2 ? maria.user.id : ada.user.id,
          dueAt: new Date(Date.now() + (i - 2) * day).toISOString(),
        }),
        'task',
      );
    }
    for (let i = 0; i < 3; i++) {
      const start = new Date(Date.now() + (i * 2 - 3) * day);
      await ok(
        ada.post(`/api/v1/contacts/${contact.id}/appointments`, {
          calendarId: calendar.id,
          title:
            i === 0 ? 'On-site audit of the distribution centre and the cross-docking area' : `Review meeting ${i}`,
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + 90 * 60_000).toISOString(),
          location: i === 1 ? null : 'Speicherstadt, Am Sandtorkai 1, 20457 Hamburg',
          meetingUrl: i === 1 ? 'https://meet.example.com/review-1' : null,
          description: 'Bring the signed NDA.',
        }),
        'appointment',
      );
    }
    const empty = await createPerson(ada, 'Nora', 'Blank');

    const desktop = await e2e.newPage();
    await e2e.openAs(desktop, ada, `/contacts/${contact.id}`);
    await desktop.getByTestId('journal-entry').nth(5).waitFor();
    await e2e.screenshot(desktop, 'contact-activity-desktop');
    await openTab(desktop, 'Notes');
    await desktop.getByTestId('note').nth(3).waitFor();
    await e2e.screenshot(desktop, 'contact-notes-desktop');
    await openTab(desktop, 'Tasks');
    await desktop.getByTestId('task').nth(3).waitFor();
    await e2e.screenshot(desktop, 'contact-tasks-many-desktop');
    await openTab(desktop, 'Appointments');
    await desktop.getByTestId('appointment').nth(2).waitFor();
    await e2e.screenshot(desktop, 'contact-appointments-desktop');
    await openTab(desktop, 'Notes');
    await desktop.getByRole('button', { name: t('notes.add') }).click();
    await desktop
      .getByRole('dialog')
      .getByRole('textbox', { name: t('notes.text') })
      .waitFor();
    await e2e.screenshot(desktop, 'contact-note-editor-desktop');
    await desktop.keyboard.press('Escape');
    await e2e.openAs(desktop, ada, `/contacts/${empty.id}`);
    await desktop.getByText('No notes, tasks or appointments yet').waitFor();
    await e2e.screenshot(desktop, 'contact-activity-empty-desktop');

    await desktop.evaluate(() => localStorage.setItem('dossier-color-scheme', 'dark'));
    await e2e.openAs(desktop, ada, `/contacts/${contact.id}`);
    await desktop.getByTestId('journal-entry').nth(5).waitFor();
    await e2e.screenshot(desktop, 'contact-activity-dark-desktop');
    await openTab(desktop, 'Notes');
    await desktop.getByTestId('note').nth(3).waitFor();
    await e2e.screenshot(desktop, 'contact-notes-dark-desktop');
    await openTab(desktop, 'Appointments');
    await desktop.getByTestId('appointment').nth(2).waitFor();
    await e2e.screenshot(desktop, 'contact-appointments-dark-desktop');
    await desktop.getByRole('button', { name: /^Notifications/ }).click();
    await desktop.getByRole('dialog', { name: 'Notifications' }).waitFor();
    await e2e.screenshot(desktop, 'bell-dark-desktop');
    await desktop.context().close();

    const phone = await e2e.newPage(PHONE);
    await e2e.openAs(phone, ada, `/contacts/${contact.id}`);
    await phone.getByTestId('journal-entry').nth(3).waitFor();
    expect(await overflowsHorizontally(phone)).toBe(false);
    await e2e.screenshot(phone, 'contact-activity-phone');
    for (const [tab, testId, name] of [
      ['Notes', 'note', 'contact-notes-phone'],
      ['Tasks', 'task', 'contact-tasks-phone'],
      ['Appointments', 'appointment', 'contact-appointments-phone'],
    ] as const) {
      await openTab(phone, tab);
      await phone.getByTestId(testId).nth(2).waitFor();
      expect(await overflowsHorizontally(phone)).toBe(false);
      await e2e.screenshot(phone, name);
    }
    await phone.getByRole('button', { name: 'Book appointment' }).first().click();
    await phone.getByRole('dialog').getByLabel('Title').waitFor();
    await e2e.screenshot(phone, 'contact-book-phone');
    await phone.keyboard.press('Escape');
    await phone.getByRole('button', { name: /^Notifications/ }).click();
    await phone.getByRole('dialog', { name: 'Notifications' }).waitFor();
    expect(await overflowsHorizontally(phone)).toBe(false);
    await e2e.screenshot(phone, 'bell-phone');
    await phone.context().close();
    expect(e2e.pageErrors).toEqual([]);
  });
});
