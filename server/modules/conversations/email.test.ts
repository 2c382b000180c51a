// Email out through a real SMTP server: headers, merged body and signature, tracking, unsubscribe,
// scheduling, failures, and the refusals checked before anything is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, eventually, type Session, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact, upload } from '../contacts/contact-test-helpers.ts';
import { startSmtpServer, type Mailbox } from './conversations-test-helpers.ts';

let t: TestApp;
let smtp: Mailbox;
beforeAll(async () => {
  smtp = await startSmtpServer();
  // The instance default: used by workspaces that have no mail server of their own.
  t = await createTestApp({ PUBLIC_URL: 'https://crm.example.test', SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

async function workspaceWithSmtp(): Promise<Session> {
  const admin = await t.signup({ name: 'Sam Sender' });
  const res = await admin.put('/api/v1/settings/channels', {
    email: {
      smtpHost: '127.0.0.1',
      smtpPort: smtp.port,
      smtpSecurity: 'none',
      smtpUser: 'mailer',
      smtpPassword: 'very-secret-password',
      fromName: 'Acme Sales',
      fromAddress: 'sales@acme.test',
      replyTo: 'replies@acme.test',
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  return admin;
}

const mailTo = (address: string) =>
  eventually(async () => smtp.received.find((m) => m.to && JSON.stringify(m.to).includes(address)));

async function messageRow(id: string) {
  const { rows } = await t.deps.database.pool.query('select * from messages where id = $1', [id]);
  return rows[0];
}

const path = (url: string) => new URL(url).pathname;

describe('email out', () => {
  it('sends through SMTP with Message-ID, merged fields, signature, tracking and one-click unsubscribe', async () => {
    const admin = await workspaceWithSmtp();
    await admin.patch('/api/v1/users/me', { emailSignature: '<p><strong>Sam</strong> · Acme</p><script>x</script>' });
    const template = await admin.post('/api/v1/message-templates', {
      name: 'Welcome',
      channel: 'email',
      subject: 'Hello {{contact.firstName}}',
      body: '<p>Dear {{contact.displayName}}, I am {{owner.name}}. <a href="https://acme.test/offer?a=1&b=2">Our offer</a></p>',
    });
    expect(template.statusCode, template.body).toBe(201);
    const c = await newContact(admin, {
      firstName: 'Jane',
      lastName: 'O<Brien>',
      emails: [{ email: 'jane.work@example.test' }, { email: 'jane@example.test', isPrimary: true }],
    });

    const res = await admin.post(`/api/v1/contacts/${c.id}/messages`, {
      channel: 'email',
      templateId: template.json().id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const sent = res.json();
    expect(sent).toMatchObject({
      channel: 'email',
      direction: 'outbound',
      status: 'queued',
      to: ['jane@example.test'],
      from: 'Acme Sales <sales@acme.test>',
      subject: 'Hello Jane',
      author: { id: admin.user.id },
    });
    expect(sent.bodyHtml).toContain('Dear Jane O&lt;Brien&gt;, I am Sam Sender.');
    expect(sent.bodyHtml).toContain('<strong>Sam</strong> · Acme');
    expect(sent.bodyHtml).not.toContain('script');

    const mail = await mailTo('jane@example.test');
    const row = await eventually(async () => {
      const r = await messageRow(sent.id);
      return r.status === 'sent' ? r : null;
    });
    expect(mail.messageId).toBe(`<${row.message_id_header}>`);
    expect(row.message_id_header).toMatch(/^[0-9a-f-]{36}@acme\.test$/);
    expect(mail.subject).toBe('Hello Jane');
    expect(smtp.logins).toContain('mailer:very-secret-password');
    expect(mail.from?.text).toBe('"Acme Sales" <sales@acme.test>');
    expect(mail.replyTo?.text).toBe('replies@acme.test');
    const header = (key: string) => mail.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:\s*/, '');
    const unsubscribeUrl = /^<([^>]+)>$/.exec(header('list-unsubscribe') ?? '')?.[1] ?? '';
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(unsubscribeUrl).toMatch(/^https:\/\/crm\.example\.test\/u\/[\w-]{60,70}$/);
    expect(mail.html).toContain('Dear Jane O&lt;Brien&gt;, I am Sam Sender.');
    expect(mail.html).toContain('<strong>Sam</strong> · Acme');
    expect(mail.text).toContain('Dear Jane O<Brien>, I am Sam Sender.');
    // Links go through the click redirect; the pixel comes last.
    expect(mail.html).not.toContain('https://acme.test/offer');
    const pixel = /<img src="(https:\/\/crm\.example\.test\/t\/o\/[^"]+)"/.exec(mail.html as string)?.[1];
    const click = /<a href="(https:\/\/crm\.example\.test\/t\/c\/[^"]+)"/.exec(mail.html as string)?.[1];
    expect(pixel).toBeTruthy();
    expect(click).toBeTruthy();
    const [sentEntry] = await journalOf(t, c.id, 'message.sent');
    expect(sentEntry).toMatchObject({ category: 'focus', actor_type: 'user', actor_id: admin.user.id });
    expect(sentEntry!.data).toMatchObject({ messageId: sent.id, channel: 'email', subject: 'Hello Jane' });

    // The open pixel: a GIF every time, journaled once, counted each time.
    for (let i = 0; i < 2; i++) {
      const open = await t.app.inject({ method: 'GET', url: path(pixel!) });
      expect(open.statusCode).toBe(200);
      expect(open.headers['content-type']).toBe('image/gif');
    }
    const opened = await journalOf(t, c.id, 'message.opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ actor_type: 'contact', actor_id: c.id, actor_label: c.displayName });
    expect((await admin.get(`/api/v1/messages/${sent.id}`)).json()).toMatchObject({ openCount: 2 });

    // The click: a redirect to the original link only, journaled with the URL.
    const hit = await t.app.inject({ method: 'GET', url: path(click!.replaceAll('&amp;', '&')) });
    expect(hit.statusCode).toBe(302);
    expect(hit.headers.location).toBe('https://acme.test/offer?a=1&b=2');
    const clicked = await journalOf(t, c.id, 'message.clicked');
    expect(clicked).toHaveLength(1);
    expect(clicked[0]).toMatchObject({ actor_type: 'contact', data: { url: 'https://acme.test/offer?a=1&b=2' } });
    // A forged or altered token goes nowhere.
    const token = Buffer.from(path(click!).split('/').pop()!, 'base64url');
    token[34] = 5; // another link index, with the original signature
    expect((await t.app.inject({ method: 'GET', url: `/t/c/${token.toString('base64url')}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/t/c/garbage' })).statusCode).toBe(404);

    // Unsubscribe: the page only asks; the one-click POST switches email DND on as the contact.
    const page = await t.app.inject({ method: 'GET', url: path(unsubscribeUrl) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('jane@example.test');
    expect((await admin.get(`/api/v1/contacts/${c.id}`)).json().dnd.email).toBe(false);
    const oneClick = await t.app.inject({
      method: 'POST',
      url: path(unsubscribeUrl),
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(oneClick.statusCode).toBe(200);
    expect((await admin.get(`/api/v1/contacts/${c.id}`)).json().dnd.email).toBe(true);
    const [dnd] = await journalOf(t, c.id, 'contact.dnd_changed');
    expect(dnd).toMatchObject({
      actor_type: 'contact',
      actor_id: c.id,
      data: { channel: 'email', enabled: true, cause: 'unsubscribed' },
    });
    // …and the next email is refused.
    const again = await admin.post(`/api/v1/contacts/${c.id}/messages`, {
      channel: 'email',
      subject: 'Still there?',
      bodyHtml: '<p>Hi</p>',
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().code).toBe('dnd_active');
  });

  it('threads a reply to an inbound email with In-Reply-To and References', async () => {
    const admin = await workspaceWithSmtp();
    const c = await newContact(admin, { emails: [{ email: 'reply.me@example.test' }] });
    const { storeInboundMessage } = await import('./inbound.ts');
    const { systemCtx } = await import('../../platform/context.ts');
    const { message: inbound } = await storeInboundMessage(systemCtx(t.deps, admin.workspace.id), {
      contactId: c.id,
      channel: 'email',
      from: 'reply.me@example.test',
      to: ['sales@acme.test'],
      subject: 'Question about pricing',
      bodyText: 'How much?',
      messageIdHeader: 'original-1@example.test',
      references: ['root-0@example.test'],
    });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const uploaded = await upload(t, admin, 'POST', `/api/v1/contacts/${c.id}/messages/attachments`, {
      filename: 'price-list.pdf',
      contentType: 'application/pdf',
      data: pdf,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const res = await admin.post(`/api/v1/contacts/${c.id}/messages`, {
      channel: 'email',
      bodyHtml: '<p>Ten euros.</p>',
      replyToMessageId: inbound.id,
      attachmentFileIds: [uploaded.json().fileId],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().subject).toBe('Re: Question about pricing');
    const mail = await mailTo('reply.me@example.test');
    expect(mail.inReplyTo).toBe('<original-1@example.test>');
    expect(mail.references).toEqual(['<root-0@example.test>', '<original-1@example.test>']);
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.equals(pdf)])).toEqual([
      ['price-list.pdf', 'application/pdf', true],
    ]);
    expect(res.json().attachments).toMatchObject([{ filename: 'price-list.pdf', id: uploaded.json().fileId }]);
    // A member limited to own contacts downloads it through the message's contact, or not at all.
    const follower = await admin.addUser('member', 'Fiona Follower');
    const outsider = await admin.addUser('member', 'Otto Outsider');
    for (const m of [follower, outsider]) await admin.patch(`/api/v1/users/${m.user.id}`, { contactAccess: 'own' });
    await admin.post(`/api/v1/contacts/${c.id}/followers`, { userId: follower.user.id });
    expect((await follower.get(`/api/v1/files/${uploaded.json().fileId}`)).statusCode).toBe(200);
    expect((await outsider.get(`/api/v1/files/${uploaded.json().fileId}`)).statusCode).toBe(404);
    const details = (await admin.get(`/api/v1/messages/${res.json().id}`)).json();
    expect(details).toMatchObject({ inReplyTo: 'original-1@example.test' });
    expect(details.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(details.statusHistory.map((s: { status: string }) => s.status)).toEqual(['queued', 'sent']);
  });

  it('marks a message failed with the SMTP error when the server refuses it, and journals that', async () => {
    const admin = await workspaceWithSmtp();
    const c = await newContact(admin, { emails: [{ email: 'bounce@example.test' }] });
    smtp.reject = true;
    try {
      const res = await admin.post(`/api/v1/contacts/${c.id}/messages`, {
        channel: 'email',
        subject: 'Hi',
        bodyHtml: '<p>Hello</p>',
      });
      expect(res.statusCode).toBe(201);
      const row = await eventually(async () => {
        const r = await messageRow(res.json().id);
        return r.status === 'failed' ? r : null;
      });
      expect(row.error_code).toBe('smtp_550');
      expect(row.error_message).toContain('unavailable');
    } finally {
      smtp.reject = false;
    }
    const [failed] = await journalOf(t, c.id, 'message.failed');
    expect(failed).toMatchObject({ actor_type: 'system', data: { channel: 'email', errorCode: 'smtp_550' } });
  });

  it('schedules a send for later, which can be cancelled until it goes out', async () => {
    const admin = await workspaceWithSmtp();
    const c = await newContact(admin, { emails: [{ email: 'later@example.test' }] });
    const later = await admin.post(`/api/v1/contacts/${c.id}/messages`, {
      channel: 'email',
      subject: 'Next week',
      bodyHtml: '<p>See you</p>',
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(later.statusCode, later.body).toBe(201);
    expect(later.json()).toMatchObject({ status: 'scheduled' });
    expect(await journalOf(t, c.id, 'message.scheduled')).toHaveLength(1);
    const upcoming = (await admin.get(`/api/v1/contacts/${c.id}/upcoming`)).json().data;
    expect(upcoming).toMatchObject([{ type: 'message', id: later.json().id, title: 'Next week', status: 'scheduled' }]);
    const cancelled = await admin.post(`/api/v1/messages/${later.json().id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect(await journalOf(t, c.id, 'message.cancelled')).toHaveLength(1);
    expect((await admin.get(`/api/v1/contacts/${c.id}/upcoming`)).json().data).toEqual([]);
    const twice = await admin.post(`/api/v1/messages/${later.json().id}/cancel`);
    expect(twice.statusCode, twice.body).toBe(409);
    expect(twice.json().code).toBe('not_cancellable');

    // A send scheduled two seconds ahead goes out by itself, journaled as sent by its author.
    const soon = await admin.post(`/api/v1/contacts/${c.id}/messages`, {
      channel: 'email',
      subject: 'In a moment',
      bodyHtml: '<p>Now</p>',
      scheduledAt: new Date(Date.now() + 2_000).toISOString(),
    });
    expect(soon.json().status).toBe('scheduled');
    const mail = await mailTo('later@example.test');
    expect(mail.subject).toBe('In a moment');
    const sent = await eventually(async () => (await journalOf(t, c.id, 'message.sent'))[0]);
    expect(sent).toMatchObject({ actor_type: 'user', actor_id: admin.user.id, data: { scheduled: true } });
    expect(smtp.received.filter((m) => m.subject === 'Next week')).toEqual([]);
    const sentCancel = await admin.post(`/api/v1/messages/${soon.json().id}/cancel`);
    expect(sentCancel.json().code).toBe('not_cancellable');
  });

  it('falls back to the instance mail server (SMTP_URL) when the workspace has none', async () => {
    const admin = await t.signup();
    const settings = (await admin.get('/api/v1/settings/channels')).json();
    expect(settings.email).toMatchObject({ smtpHost: null, configured: true, instanceDefault: true });
    const c = await newContact(admin, { emails: [{ email: 'instance@example.test' }] });
    const res = await admin.post(`/api/v1/contacts/${c.id}/messages`, {
      channel: 'email',
      subject: 'Through the instance',
      bodyHtml: '<p>Hello</p>',
    });
    expect(res.statusCode, res.body).toBe(201);
    const mail = await mailTo('instance@example.test');
    expect(mail.from?.value[0]?.address).toBe('no-reply@crm.example.test');
    expect(mail.from?.value[0]?.name).toBe(admin.user.name);
  });

  it('sends a test email, and reports the server’s refusal as smtp_failed', async () => {
    const admin = await workspaceWithSmtp();
    const ok = await admin.post('/api/v1/settings/channels/test-email', { to: 'check@example.test' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await mailTo('check@example.test')).subject).toBe('Dossier test email');
    smtp.reject = true;
    try {
      const bad = await admin.post('/api/v1/settings/channels/test-email', { to: 'nobody@example.test' });
      expect(bad.statusCode).toBe(422);
      expect(bad.json()).toMatchObject({ code: 'smtp_failed', smtpCode: 550 });
    } finally {
      smtp.reject = false;
    }
    const member = await admin.addUser('member');
    expect((await member.post('/api/v1/settings/channels/test-email', {})).statusCode).toBe(403);
  });
});
