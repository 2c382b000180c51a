// Two people on one contact at the same time, each in their own browser: what one does shows up on the other's
// open page and in their bell without a reload (issue 4: live updates and notifications).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Session } from '../server/test/harness.ts';
import { createCalendar, createPerson, ok, openTab, useZone, type ContactRef } from './contact-activity.fixtures.ts';
import { startE2E, type E2E } from './harness.ts';
import { lang, t } from './i18n.ts';

let e2e: E2E;
let ada: Session;
let ben: Session;
let contact: ContactRef;

beforeAll(async () => {
  e2e = await startE2E();
  ada = await e2e.server.signup({ workspaceName: 'Harbour & Hill Estates', name: 'Ada Admin' });
  ben = await ada.addUser('member', 'Ben Member');
  await useZone(ada);
  await useZone(ben);
  contact = await createPerson(ada, 'Greta', 'Lindqvist', { title: 'Buyer' });
});

afterAll(async () => {
  await e2e?.close();
});

/** Marks the page so a test can tell it was never reloaded. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
  });
}

async function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
}

const bellCount = (page: Page) => page.getByTestId('notification-bell').getAttribute('data-count');

describe('two users on one contact', () => {
  it('a note mentioning the other user appears on their open page and in their bell, without a reload', async () => {
    const pageA = await e2e.newPage();
    const pageB = await e2e.newPage();
    await e2e.openAs(pageA, ada, `/contacts/${contact.id}`);
    await e2e.openAs(pageB, ben, `/contacts/${contact.id}`);
    await pageB.getByText(t('activity.empty.focusYet')).waitFor();
    await expect.poll(() => bellCount(pageB)).toBe('0');
    await markPage(pageB);

    // Ada writes a note and mentions Ben with the @ picker.
    await openTab(pageA, 'Notes');
    await pageA.getByRole('button', { name: t('notes.addFirst') }).click();
    const dialog = pageA.getByRole('dialog');
    await dialog.getByLabel(t('notes.title')).fill('Viewing feedback');
    await dialog.getByRole('textbox', { name: t('notes.text') }).click();
    await pageA.keyboard.type('Loved the garden. Can you send the offer, @Be');
    await pageA.getByRole('option', { name: /Ben Member/ }).waitFor();
    await e2e.screenshot(pageA, 'two-users-mention-picker');
    await pageA.keyboard.press('Enter');
    await pageA.keyboard.type('?');
    await dialog.getByRole('button', { name: t('notes.add') }).click();
    await pageA.getByTestId('note').filter({ hasText: 'Viewing feedback' }).waitFor();
    expect(await pageA.getByTestId('note').getByText('@Ben Member').count()).toBe(1);

    // The note is stored with the mention in the shape the server keeps.
    const stored = await ok<{ data: { bodyHtml: string; mentionedUsers: { id: string }[] }[] }>(
      ben.get(`/api/v1/contacts/${contact.id}/notes`),
      'notes',
    );
    expect(stored.data[0]!.bodyHtml).toContain(
      `<span data-type="mention" data-id="${ben.user.id}" data-label="Ben Member">@Ben Member</span>`,
    );
    expect(stored.data[0]!.mentionedUsers.map((u) => u.id)).toEqual([ben.user.id]);

    // Ben's open page shows it, and his bell counts it, without a reload.
    await pageB
      .getByTestId('journal-entry')
      .filter({ hasText: t('journal.note.addedTitled', { title: 'Viewing feedback' }) })
      .filter({ hasText: 'Ada Admin' })
      .waitFor();
    await expect.poll(() => bellCount(pageB), { timeout: 15_000 }).toBe('1');
    expect(await stillSameDocument(pageB)).toBe(true);
    await e2e.screenshot(pageB, 'two-users-live-note');

    await pageB.getByRole('button', { name: t('notifications.bellUnread', { count: 1 }) }).click();
    const item = pageB.getByTestId('notification').first();
    // The server words it in Ben's language.
    await item
      .getByText(
        lang === 'de'
          ? 'Ada Admin hat Sie in einer Notiz zu Greta Lindqvist erwähnt'
          : 'Ada Admin mentioned you in a note on Greta Lindqvist',
      )
      .waitFor();
    expect(await item.getAttribute('data-unread')).not.toBeNull();
    await e2e.screenshot(pageB, 'two-users-bell');

    // Opening it marks it read and goes to the note on the contact page.
    await item.getByText(lang === 'de' ? /erwähnt/ : /mentioned you/).click();
    await pageB.waitForURL(`**/contacts/${contact.id}?tab=notes`);
    await pageB.getByTestId('note').filter({ hasText: 'Viewing feedback' }).waitFor();
    await expect.poll(() => bellCount(pageB)).toBe('0');
    expect(await stillSameDocument(pageB)).toBe(true);
    await pageA.context().close();
    await pageB.context().close();
  });

  it("another user's field change, task and appointment show on the open page", async () => {
    const pageB = await e2e.newPage();
    await e2e.openAs(pageB, ben, `/contacts/${contact.id}`);
    await pageB.getByTestId('journal-entry').first().waitFor();
    await markPage(pageB);

    // A field: the header follows.
    const current = await ok<ContactRef>(ada.get(`/api/v1/contacts/${contact.id}`), 'contact');
    await ok(
      ada.patch(
        `/api/v1/contacts/${contact.id}`,
        { title: 'Head of Procurement' },
        { 'if-match': `"${current.version}"` },
      ),
      'patch',
    );
    await expect.poll(() => pageB.getByTestId('contact-subtitle').textContent()).toContain('Head of Procurement');

    // A task assigned to Ben: the upcoming list, the Tasks count and his bell.
    await ok(
      ada.post(`/api/v1/contacts/${contact.id}/tasks`, {
        title: 'Send the offer',
        assigneeId: ben.user.id,
        dueAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      }),
      'task',
    );
    await pageB.getByTestId('upcoming-item').filter({ hasText: 'Send the offer' }).waitFor();
    await pageB.getByRole('tab', { name: new RegExp(`^${t('contactPage.tabs.tasks')}\\s*1`) }).waitFor();

    // An appointment booked for Ben.
    const calendar = await createCalendar(ada, 'Viewings');
    const start = new Date(Date.now() + 3 * 86_400_000);
    await ok(
      ada.post(`/api/v1/contacts/${contact.id}/appointments`, {
        calendarId: calendar.id,
        assignedUserId: ben.user.id,
        title: 'Second viewing',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
      }),
      'appointment',
    );
    await pageB.getByTestId('upcoming-item').filter({ hasText: 'Second viewing' }).waitFor();
    await pageB
      .getByTestId('journal-entry')
      .filter({ hasText: t('journal.appointment.booked', { title: 'Second viewing' }) })
      .waitFor();
    await openTab(pageB, 'Appointments');
    await pageB.getByTestId('appointment').filter({ hasText: 'Second viewing' }).waitFor();

    // Its status changed elsewhere: the open Appointments tab follows.
    const { upcoming } = await ok<{ upcoming: { id: string; version: number }[] }>(
      ada.get(`/api/v1/contacts/${contact.id}/appointments`),
      'list',
    );
    await ok(
      ada.post(
        `/api/v1/appointments/${upcoming[0]!.id}/status`,
        { status: 'confirmed' },
        { 'if-match': `"${upcoming[0]!.version}"` },
      ),
      'status',
    );
    await expect
      .poll(() => pageB.getByTestId('appointment').first().getByTestId('appointment-status').textContent())
      .toBe(t('appointments.status.confirmed'));
    await expect.poll(() => bellCount(pageB), { timeout: 15_000 }).toBe('2');
    expect(await stillSameDocument(pageB)).toBe(true);
    await e2e.screenshot(pageB, 'two-users-live-appointment');
    await pageB.context().close();
    expect(e2e.pageErrors).toEqual([]);
  });
});
