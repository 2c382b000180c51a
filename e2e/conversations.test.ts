// Conversations end to end (issue 11): before a mail server is set up the composer says so in place; an admin
// configures SMTP in the channel settings (a real SMTP listener), sends an email from the contact's composer, the
// contact's reply arrives through the raw-MIME webhook and shows up live on a second user's open contact page and
// in the Conversations page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSmtpServer, type Mailbox } from '../server/modules/conversations/conversations-test-helpers.ts';
import type { Session } from '../server/test/harness.ts';
import { createPerson, useZone, type ContactRef } from './contact-activity.fixtures.ts';
import { DESKTOP, PHONE, startE2E, type E2E } from './harness.ts';
import { lang, t } from './i18n.ts';

let e2e: E2E;
let mailbox: Mailbox;
let ada: Session;
let ben: Session;
let contact: ContactRef;

beforeAll(async () => {
  mailbox = await startSmtpServer();
  e2e = await startE2E();
  ada = await e2e.server.signup({ workspaceName: 'Harbour & Hill Estates', name: 'Ada Admin' });
  ben = await ada.addUser('member', 'Ben Member');
  await useZone(ada);
  await useZone(ben);
  contact = await createPerson(ada, 'Greta', 'Lindqvist', {
    title: 'Buyer',
    emails: [{ email: 'greta@lindqvist.test', label: 'work' }],
    phones: [{ number: '+49 30 1234567', label: 'office' }],
  });
});

afterAll(async () => {
  await e2e?.close();
  await mailbox?.close();
});

const shot = (name: string) => `conversations-${name}-${lang}`;

async function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
}

describe('conversations', () => {
  it('explains a refusal before sending, sends through the configured server, and shows the reply live to another user', async () => {
    // No mail server yet: the composer says so before anything is written, and offers the settings.
    const adaPage = await e2e.newPage(DESKTOP);
    await e2e.openAs(adaPage, ada, `/contacts/${contact.id}`);
    const composer = adaPage.getByTestId('composer');
    await composer.waitFor();
    const refusal = composer.getByTestId('composer-refusal');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('channel_not_configured');
    await refusal.getByRole('link', { name: t('conversations.refusals.openSettings') }).waitFor();
    expect(
      await composer.getByRole('button', { name: t('conversations.composer.send'), exact: true }).isDisabled(),
    ).toBe(true);
    await e2e.screenshot(adaPage, shot('composer-refusal-desktop'));

    // The settings link leads to the channel settings; Ada points SMTP at the test listener.
    await refusal.getByRole('link', { name: t('conversations.refusals.openSettings') }).click();
    const form = adaPage.getByRole('form', { name: t('conversations.settings.form') });
    await form.waitFor();
    await form.getByLabel(t('conversations.settings.smtpHost'), { exact: true }).fill('127.0.0.1');
    await form.getByLabel(t('conversations.settings.port'), { exact: true }).first().fill(String(mailbox.port));
    await form.getByText(t('conversations.settings.securityModes.none'), { exact: true }).click();
    await form.getByLabel(t('conversations.settings.fromAddress'), { exact: true }).fill('team@harbour.test');
    await form.getByLabel(t('conversations.settings.fromName'), { exact: true }).fill('Harbour & Hill');
    await form.getByRole('button', { name: t('conversations.settings.save') }).click();
    await adaPage.getByText(t('conversations.settings.saved')).waitFor();
    await form.getByText(t('conversations.settings.configured'), { exact: true }).first().waitFor();
    await e2e.screenshot(adaPage, shot('channel-settings-desktop'));

    // Ben has the contact open.
    const benPage = await e2e.newPage(DESKTOP);
    await e2e.openAs(benPage, ben, `/contacts/${contact.id}`);
    await benPage.getByTestId('thread').getByText(t('conversations.thread.emptyTitle')).waitFor();
    await benPage.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });

    // Ada writes the email from the header's Email button.
    await e2e.openAs(adaPage, ada, `/contacts/${contact.id}`);
    await adaPage.getByRole('button', { name: t('contactPage.header.email'), exact: true }).click();
    await composer.waitFor();
    expect(await composer.getByTestId('composer-refusal').count()).toBe(0);
    await composer.getByLabel(t('conversations.composer.subject')).fill('Viewing on Saturday');
    await composer.getByTestId('composer-body').locator('[contenteditable="true"]').click();
    await adaPage.keyboard.type('Dear Greta, shall we meet at 11 at the house?');
    await composer.getByRole('button', { name: t('conversations.composer.send'), exact: true }).click();

    const sent = adaPage.getByTestId('thread-message').filter({ hasText: 'Viewing on Saturday' });
    await sent.waitFor();
    await expect.poll(() => mailbox.received.length, { timeout: 15_000 }).toBe(1);
    const mail = mailbox.received[0]!;
    expect(mail.subject).toBe('Viewing on Saturday');
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('greta@lindqvist.test');
    expect(mail.text).toContain('shall we meet at 11');
    // The thread marks it sent once the job has handed it to the server.
    await sent.getByTestId('message-status').getByText(t('conversations.status.sent')).waitFor({ timeout: 15_000 });

    // Ben sees Ada's email without a reload.
    await benPage.getByTestId('thread-message').filter({ hasText: 'Viewing on Saturday' }).waitFor();

    // Greta answers; the reply arrives through the raw-MIME webhook and threads by In-Reply-To.
    const key = await ada.createApiKey('Mail gateway');
    const raw = [
      'From: Greta Lindqvist <greta@lindqvist.test>',
      'To: team@harbour.test',
      'Subject: Re: Viewing on Saturday',
      'Message-ID: <reply-1@lindqvist.test>',
      `In-Reply-To: ${mail.messageId}`,
      `References: ${mail.messageId}`,
      'Date: Fri, 04 Dec 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Saturday at 11 works for me. Bis dann!',
      '',
    ].join('\r\n');
    const res = await fetch(`${e2e.baseUrl}/api/v1/inbound/email`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'message/rfc822' },
      body: raw,
    });
    expect(res.status, await res.clone().text()).toBe(202);
    expect(((await res.json()) as { contactId: string }).contactId).toBe(contact.id);

    const reply = benPage.getByTestId('thread-message').filter({ hasText: 'Saturday at 11 works for me' });
    await reply.waitFor();
    expect(await reply.getAttribute('data-direction')).toBe('inbound');
    expect(await stillSameDocument(benPage)).toBe(true);
    await e2e.screenshot(benPage, shot('contact-thread-desktop'));

    // The Conversations page lists the thread as unread for the owner; opening it shows the same thread.
    await e2e.openAs(adaPage, ada, '/conversations');
    const row = adaPage.getByTestId('inbox-row').filter({ hasText: 'Greta Lindqvist' });
    await row.waitFor();
    await e2e.screenshot(adaPage, shot('inbox-desktop'));
    await row.click();
    await adaPage.getByTestId('thread-message').filter({ hasText: 'Saturday at 11 works for me' }).waitFor();
    await e2e.screenshot(adaPage, shot('inbox-thread-desktop'));

    // Ada answers in the thread: Reply keeps the subject and threads it.
    await adaPage
      .getByTestId('thread-message')
      .filter({ hasText: 'Saturday at 11 works for me' })
      .getByRole('button', { name: t('conversations.thread.reply') })
      .click();
    await adaPage.getByTestId('composer-body').locator('[contenteditable="true"]').click();
    await adaPage.keyboard.type('See you then!');
    await adaPage
      .getByTestId('composer')
      .getByRole('button', { name: t('conversations.composer.send'), exact: true })
      .click();
    await expect.poll(() => mailbox.received.length, { timeout: 15_000 }).toBe(2);
    expect(mailbox.received[1]!.subject).toBe('Re: Viewing on Saturday');
    expect(mailbox.received[1]!.inReplyTo).toBe('<reply-1@lindqvist.test>');

    // On a phone the thread is a tab of the contact page.
    const phone = await e2e.newPage(PHONE);
    await e2e.openAs(phone, ben, `/contacts/${contact.id}`);
    await phone.locator('[role="tab"][id$="-tab-conversation"]').click();
    await phone.getByTestId('thread-message').filter({ hasText: 'See you then!' }).waitFor();
    await e2e.screenshot(phone, shot('contact-thread-phone'));
    await e2e.openAs(phone, ben, '/conversations');
    await phone.getByTestId('inbox-row').first().waitFor();
    await e2e.screenshot(phone, shot('inbox-phone'));
    expect(e2e.pageErrors).toEqual([]);
  });

  it('lets an admin write a template with merge fields, and a user keep an email signature', async () => {
    const page = await e2e.newPage(DESKTOP);
    await e2e.openAs(page, ada, '/settings/templates');
    await page.getByText(t('conversations.templates.emptyTitle')).waitFor();
    await page.getByRole('button', { name: t('conversations.templates.createFirst') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(t('common.name'), { exact: true }).fill('Viewing follow-up');
    await dialog.getByLabel(t('conversations.composer.subject'), { exact: true }).fill('Your viewing');
    await dialog
      .getByLabel(t('conversations.templates.body'), { exact: true })
      .fill('Dear {{contact.firstName}}, thank you for coming by.');
    await e2e.screenshot(page, shot('template-form-desktop'));
    await dialog.getByRole('button', { name: t('conversations.templates.create') }).click();
    await page.getByTestId('template-row').filter({ hasText: 'Viewing follow-up' }).waitFor();
    await e2e.screenshot(page, shot('templates-desktop'));

    await e2e.openAs(page, ada, '/settings/profile');
    const signature = page.getByTestId('signature-editor').locator('[contenteditable="true"]');
    await signature.click();
    await page.keyboard.type('Ada Admin, Harbour & Hill');
    await page.getByRole('button', { name: t('conversations.signature.save') }).click();
    await page.getByText(t('conversations.signature.saved')).waitFor();
    const me = (await (await ada.get('/api/v1/auth/session')).json()) as { user: { emailSignature: string } };
    expect(me.user.emailSignature).toContain('Ada Admin, Harbour &amp; Hill');
    expect(e2e.pageErrors).toEqual([]);
  });
});
