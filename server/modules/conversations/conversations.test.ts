// The thread, the inbox, SMS through a fake Twilio, inbound storage, settings, templates, refusals and
// workspace isolation.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.ts';
import { createTestApp, eventually, type Session, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact, upload } from '../contacts/contact-test-helpers.ts';
import { startFakeTwilio, type FakeTwilio } from './conversations-test-helpers.ts';
import { checkTwilioBaseUrl } from './channel-settings.service.ts';
import { storeInboundMessage, updateMessageStatus } from './inbound.ts';

let t: TestApp;
let twilio: FakeTwilio;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://crm.example.test', SMTP_URL: undefined });
  twilio = await startFakeTwilio();
});
afterAll(async () => {
  await twilio.close();
  await t.close();
});

const mention = (u: { id: string; name: string }) =>
  `<span data-type="mention" data-id="${u.id}" data-label="${u.name}">@${u.name}</span>`;

const ACCOUNT = 'AC00000000000000000000000000000001';

async function withTwilio(admin: Session) {
  const res = await admin.put('/api/v1/settings/channels', {
    twilio: {
      accountSid: ACCOUNT,
      authToken: 'twilio-auth-token',
      numbers: ['+15005550006'],
      whatsappSender: 'whatsapp:+15005550007',
      baseUrl: twilio.baseUrl,
    },
  });
  expect(res.statusCode, res.body).toBe(200);
}

const send = (s: Session, contactId: string, body: Record<string, unknown>) =>
  s.post(`/api/v1/contacts/${contactId}/messages`, body);

async function notificationsOf(userId: string) {
  const { rows } = await t.deps.database.pool.query(
    'select kind, title, body, contact_id from notifications where user_id = $1 order by created_at',
    [userId],
  );
  return rows;
}

describe('the thread', () => {
  it('holds comments (mentions notify) and logged calls, newest last, a page at a time', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria Keller');
    const c = await newContact(admin, { phones: [{ number: '+4915112345678' }] });

    const comment = await send(admin, c.id, {
      channel: 'comment',
      bodyHtml: `<p>Ask ${mention(maria.user)} about the <b>offer</b></p><script>x</script>`,
    });
    expect(comment.statusCode, comment.body).toBe(201);
    expect(comment.json()).toMatchObject({
      channel: 'comment',
      direction: 'internal',
      status: 'logged',
      mentionedUsers: [{ id: maria.user.id, name: 'Maria Keller' }],
    });
    expect(comment.json().bodyHtml).not.toContain('script');
    const [added] = await journalOf(t, c.id, 'comment.added');
    expect(added).toMatchObject({
      category: 'focus',
      actor_id: admin.user.id,
      data: { mentionedUserIds: [maria.user.id] },
    });
    const [bell] = await eventually(async () => {
      const n = await notificationsOf(maria.user.id);
      return n.length ? n : null;
    });
    expect(bell).toMatchObject({ kind: 'mentioned', contact_id: c.id });
    expect(bell.title).toContain('comment');

    const at = new Date(Date.now() - 3_600_000).toISOString();
    const call = await send(admin, c.id, {
      channel: 'call',
      direction: 'inbound',
      outcome: 'answered',
      durationSeconds: 125,
      notes: 'Wants a quote',
      recordingUrl: 'https://recordings.example.test/1.mp3',
      phone: '+4915112345678',
      at,
    });
    expect(call.statusCode, call.body).toBe(201);
    expect(call.json()).toMatchObject({
      channel: 'call',
      direction: 'inbound',
      from: '+4915112345678',
      bodyText: 'Wants a quote',
      call: { durationSeconds: 125, outcome: 'answered', recordingUrl: 'https://recordings.example.test/1.mp3' },
      createdAt: at,
    });
    const [logged] = await journalOf(t, c.id, 'call.logged');
    expect(logged).toMatchObject({ data: { durationSeconds: 125, outcome: 'answered' } });
    const notTheirs = await send(admin, c.id, { channel: 'call', phone: '+4915199999999' });
    expect(notTheirs.json().code).toBe('no_address');

    for (let i = 0; i < 3; i++) await send(admin, c.id, { channel: 'comment', bodyHtml: `<p>Comment ${i}</p>` });
    const first = (await admin.get(`/api/v1/contacts/${c.id}/messages?limit=3`)).json();
    expect(first.data.map((m: { bodyText: string }) => m.bodyText)).toEqual(['Comment 0', 'Comment 1', 'Comment 2']);
    const older = (await admin.get(`/api/v1/contacts/${c.id}/messages?limit=3&cursor=${first.nextCursor}`)).json();
    // The call happened an hour ago: it sits before the first comment.
    expect(older.data.map((m: { channel: string }) => m.channel)).toEqual(['call', 'comment']);
    expect(older.nextCursor).toBeNull();
    const calls = (await admin.get(`/api/v1/contacts/${c.id}/messages?channel=call`)).json();
    expect(calls.data).toHaveLength(1);
    expect((await admin.get(`/api/v1/contacts/${c.id}/messages?cursor=nonsense`)).statusCode).toBe(400);
  });

  it('refuses sends the contact cannot or must not receive, before anything is stored', async () => {
    const admin = await t.signup();
    const bare = await newContact(admin);
    const c = await newContact(admin, {
      emails: [{ email: 'refuse.me@example.test' }],
      phones: [{ number: '+4915112340001' }, { number: '+493012345678', type: 'office' }],
    });
    const refused = async (contactId: string, body: Record<string, unknown>, code: string, status = 422) => {
      const res = await send(admin, contactId, body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe(code);
    };
    const email = { channel: 'email', subject: 'Hi', bodyHtml: '<p>Hi</p>' };
    // No mail server: neither workspace settings nor SMTP_URL.
    await refused(c.id, email, 'channel_not_configured');
    await admin.put('/api/v1/settings/channels', {
      email: { smtpHost: '127.0.0.1', smtpPort: 2525, smtpSecurity: 'none' },
    });
    await refused(bare.id, email, 'no_address');
    await refused(c.id, { ...email, to: 'someone.else@example.test' }, 'no_address');
    // No SMS provider yet.
    await refused(c.id, { channel: 'sms', body: 'Hi' }, 'channel_not_configured');
    await withTwilio(admin);
    await refused(bare.id, { channel: 'sms', body: 'Hi' }, 'no_address');
    await refused(c.id, { channel: 'sms', to: '+493012345678', body: 'Hi' }, 'sms_not_allowed');
    const mobile = c.phones.find((p: { e164: string }) => p.e164 === '+4915112340001');
    await admin.patch(`/api/v1/contacts/${c.id}/phones/${mobile.id}`, { smsAllowed: false });
    await refused(c.id, { channel: 'sms', body: 'Hi' }, 'sms_not_allowed');
    // DND on the channel, or on all of them.
    await admin.put(`/api/v1/contacts/${c.id}/dnd`, { email: true, whatsapp: true });
    await refused(c.id, email, 'dnd_active');
    await refused(c.id, { channel: 'whatsapp', body: 'Hi' }, 'dnd_active');
    await admin.put(`/api/v1/contacts/${c.id}/dnd`, { email: false, whatsapp: false, all: true });
    await refused(c.id, email, 'dnd_active');
    // Archived contacts take nothing, not even a comment.
    await admin.delete(`/api/v1/contacts/${bare.id}`);
    await refused(bare.id, { channel: 'comment', bodyHtml: '<p>x</p>' }, 'contact_archived', 409);
    // The composer is told the same before anyone presses Send.
    const options = (await admin.get(`/api/v1/contacts/${c.id}/messages/channels`)).json();
    expect(options.email.refusal).toBe('dnd_active');
    expect(options.sms).toMatchObject({
      refusal: 'dnd_active',
      addresses: [
        { address: '+4915112340001', refusal: 'sms_not_allowed' },
        { address: '+493012345678', refusal: 'sms_not_allowed' },
      ],
    });
    await admin.put(`/api/v1/contacts/${c.id}/dnd`, { all: false });
    const after = (await admin.get(`/api/v1/contacts/${c.id}/messages/channels`)).json();
    expect(after.email).toMatchObject({
      refusal: null,
      addresses: [{ address: 'refuse.me@example.test', primary: true }],
    });
    expect(after.sms.refusal).toBe('sms_not_allowed');
    expect(after.whatsapp.refusal).toBeNull();
    expect((await admin.get(`/api/v1/contacts/${bare.id}/messages/channels`)).json().email.refusal).toBe(
      'contact_archived',
    );
    const { rows } = await t.deps.database.pool.query(
      'select count(*)::int as n from messages where workspace_id = $1',
      [admin.workspace.id],
    );
    expect(rows[0].n).toBe(0);
    expect(await journalOf(t, c.id, 'message.sent')).toEqual([]);
  });
});

describe('SMS and WhatsApp through Twilio', () => {
  it('sends through the Messages resource and follows the status callbacks', async () => {
    const admin = await t.signup();
    await withTwilio(admin);
    const c = await newContact(admin, { firstName: 'Tom', phones: [{ number: '+4915112340002' }] });
    const res = await send(admin, c.id, { channel: 'sms', body: 'Hi {{contact.firstName}}, your order is ready' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'queued', to: ['+4915112340002'], from: '+15005550006' });
    const row = await eventually(async () => {
      const { rows } = await t.deps.database.pool.query('select * from messages where id = $1', [res.json().id]);
      return rows[0].provider_sid ? rows[0] : null;
    });
    const request = twilio.requests.find((r) => r.form.get('To') === '+4915112340002')!;
    expect(request.path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    expect(request.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:twilio-auth-token`).toString('base64')}`);
    expect(request.form.get('From')).toBe('+15005550006');
    expect(request.form.get('Body')).toBe('Hi Tom, your order is ready');
    expect(request.form.get('StatusCallback')).toBe(
      `https://crm.example.test/api/v1/webhooks/twilio/${admin.workspace.id}/status`,
    );
    expect(row.status).toBe('queued');
    expect(row.provider_sid).toMatch(/^SM\d{32}$/);

    const ctx = systemCtx(t.deps, admin.workspace.id);
    await updateMessageStatus(ctx, { providerSid: row.provider_sid, status: 'sent' });
    await updateMessageStatus(ctx, { providerSid: row.provider_sid, status: 'delivered' });
    // Out of order: a late "sent" does not undo "delivered".
    await updateMessageStatus(ctx, { providerSid: row.provider_sid, status: 'sent' });
    const details = (await admin.get(`/api/v1/messages/${row.id}`)).json();
    expect(details.status).toBe('delivered');
    expect(details.statusHistory.map((s: { status: string }) => s.status)).toEqual(['queued', 'sent', 'delivered']);
    expect(await journalOf(t, c.id, 'message.delivered')).toHaveLength(1);
    expect(await updateMessageStatus(ctx, { providerSid: 'SMunknown', status: 'delivered' })).toBeNull();

    // WhatsApp goes from the WhatsApp sender to the whatsapp: address; a provider error fails it.
    twilio.failNext = { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." };
    const wa = await send(admin, c.id, { channel: 'whatsapp', body: 'Hello' });
    expect(wa.json()).toMatchObject({ to: ['whatsapp:+4915112340002'], from: 'whatsapp:+15005550007' });
    const failed = await eventually(async () => {
      const m = (await admin.get(`/api/v1/messages/${wa.json().id}`)).json();
      return m.status === 'failed' ? m : null;
    });
    expect(failed).toMatchObject({ errorCode: '21211', errorMessage: "The 'To' number is not a valid phone number." });
    expect((await journalOf(t, c.id, 'message.failed'))[0]!.data).toMatchObject({ channel: 'whatsapp' });
  });
});

describe('inbound messages and the inbox', () => {
  it('stores an inbound message once, counts it unread, journals it as the contact and tells owner and followers', async () => {
    const admin = await t.signup();
    const owner = await admin.addUser('member', 'Olga Owner');
    const follower = await admin.addUser('member', 'Fred Follower');
    const c = await newContact(admin, {
      ownerId: owner.user.id,
      followerIds: [follower.user.id],
      emails: [{ email: 'writer@example.test' }],
    });
    const ctx = systemCtx(t.deps, admin.workspace.id);
    const input = {
      contactId: c.id,
      channel: 'email' as const,
      from: 'Writer <writer@example.test>',
      to: ['sales@acme.test'],
      subject: 'Order',
      bodyHtml: '<p>Please send <b>two</b></p><img src="https://tracker.example/x.gif"><script>alert(1)</script>',
      messageIdHeader: 'abc-1@example.test',
    };
    const first = await storeInboundMessage(ctx, input);
    expect(first.created).toBe(true);
    const again = await storeInboundMessage(ctx, input);
    expect(again).toMatchObject({ created: false, message: { id: first.message.id } });
    expect(first.message.bodyHtml).not.toMatch(/script|<img/);
    expect(first.message.bodyText).toBe('Please send two');
    const received = await journalOf(t, c.id, 'message.received');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ actor_type: 'contact', actor_id: c.id, data: { subject: 'Order' } });
    for (const u of [owner, follower]) {
      const [n] = await eventually(async () => {
        const rows = await notificationsOf(u.user.id);
        return rows.length ? rows : null;
      });
      expect(n).toMatchObject({ kind: 'message_received', contact_id: c.id });
    }

    const inbox = (await admin.get('/api/v1/conversations?unread=true')).json();
    expect(inbox.data).toHaveLength(1);
    expect(inbox.data[0]).toMatchObject({
      contact: { id: c.id, displayName: c.displayName, ownerId: owner.user.id },
      unreadCount: 1,
      lastMessage: { id: first.message.id, channel: 'email', direction: 'inbound' },
    });
    expect(inbox.data[0].lastMessage.preview).toContain('Order');
    // Reading the thread does not mark it read; the PATCH does.
    await admin.get(`/api/v1/contacts/${c.id}/messages`);
    expect((await admin.get('/api/v1/conversations?unread=true')).json().data).toHaveLength(1);
    const read = await admin.patch(`/api/v1/conversations/${c.id}`, { unread: false, starred: true });
    expect(read.json()).toMatchObject({ unreadCount: 0, starred: true });
    expect((await admin.get('/api/v1/conversations?unread=true')).json().data).toEqual([]);
    expect((await admin.get('/api/v1/conversations?starred=true')).json().data).toHaveLength(1);
    expect((await owner.get('/api/v1/conversations?mine=true')).json().data).toHaveLength(1);
    expect((await admin.get('/api/v1/conversations?mine=true')).json().data).toEqual([]);
    expect((await admin.get('/api/v1/conversations?channel=sms')).json().data).toEqual([]);
    expect((await admin.get('/api/v1/conversations?channel=email')).json().data).toHaveLength(1);
    await admin.patch(`/api/v1/conversations/${c.id}`, { archived: true });
    expect((await admin.get('/api/v1/conversations')).json().data).toEqual([]);
    expect((await admin.get('/api/v1/conversations?archived=true')).json().data).toHaveLength(1);
    // A new inbound message brings an archived thread back.
    await storeInboundMessage(ctx, { ...input, messageIdHeader: 'abc-2@example.test', subject: 'More' });
    const back = (await admin.get('/api/v1/conversations')).json().data;
    expect(back[0]).toMatchObject({ unreadCount: 1, archived: false });

    // Unmatched: no contact, waits in its own filter; idempotent on the provider sid.
    const sms = {
      contactId: null,
      channel: 'sms' as const,
      from: '+15550001111',
      to: ['+15005550006'],
      bodyText: 'Who is this?',
      providerSid: 'SM123',
    };
    expect((await storeInboundMessage(ctx, sms)).created).toBe(true);
    expect((await storeInboundMessage(ctx, sms)).created).toBe(false);
    const unmatched = (await admin.get('/api/v1/conversations?unmatched=true')).json();
    expect(unmatched.data).toHaveLength(1);
    expect(unmatched.data[0]).toMatchObject({ contact: null, lastMessage: { from: '+15550001111', channel: 'sms' } });
    // A member limited to own contacts does not see unmatched mail.
    const restricted = await admin.addUser('member', 'Rita Restricted');
    await admin.patch(`/api/v1/users/${restricted.user.id}`, { contactAccess: 'own' });
    expect((await restricted.get('/api/v1/conversations?unmatched=true')).json().data).toEqual([]);
    expect((await restricted.get(`/api/v1/messages/${unmatched.data[0].messageId}`)).statusCode).toBe(404);
    expect((await restricted.get(`/api/v1/contacts/${c.id}/messages`)).statusCode).toBe(404);
    expect((await restricted.get('/api/v1/conversations')).json().data).toEqual([]);
  });

  it('stores messages that arrive together in one go: each once, matched, counted, one failing alone', async () => {
    const admin = await t.signup();
    const owner = await admin.addUser('member', 'Olga Owner');
    const ada = await newContact(admin, { ownerId: owner.user.id, emails: [{ email: 'ada@example.test' }] });
    const bob = await newContact(admin, { phones: [{ number: '+4915111122233' }] });
    const stranger = await t.signup();
    const foreign = await newContact(stranger);
    const ctx = systemCtx(t.deps, admin.workspace.id);
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute));
    const mail = (n: number) => ({
      channel: 'email' as const,
      match: { email: 'ADA@example.test' },
      from: 'Ada <ada@example.test>',
      to: ['sales@acme.test'],
      subject: `Mail ${n}`,
      bodyText: `Body ${n}`,
      messageIdHeader: `together-${n}@example.test`,
      receivedAt: at(n),
    });
    const text = (n: number) => ({
      channel: 'sms' as const,
      match: { phone: '+49 151 11122233' },
      from: '+4915111122233',
      to: ['+15005550006'],
      bodyText: `Text ${n}`,
      providerSid: `SMtogether${n}`,
      receivedAt: at(n),
    });
    // Stored before: the batch answers it as a repeat.
    const earlier = await storeInboundMessage(ctx, mail(0));
    expect(earlier.created).toBe(true);
    const results = await Promise.allSettled([
      storeInboundMessage(ctx, mail(0)),
      ...[1, 2, 3, 4, 5].map((n) => storeInboundMessage(ctx, mail(n))),
      ...[6, 7, 8].map((n) => storeInboundMessage(ctx, text(n))),
      // The same delivery twice in the batch, another workspace's contact, an unknown sender.
      storeInboundMessage(ctx, text(8)),
      storeInboundMessage(ctx, { ...mail(9), match: undefined, contactId: foreign.id }),
      storeInboundMessage(ctx, { ...mail(10), match: { email: 'nobody@example.test' } }),
    ]);
    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : null));
    expect(values[0]).toMatchObject({ created: false, message: { id: earlier.message.id } });
    for (const v of values.slice(1, 6)) expect(v).toMatchObject({ created: true, message: { contactId: ada.id } });
    for (const v of values.slice(6, 9)) expect(v).toMatchObject({ created: true, message: { contactId: bob.id } });
    expect(values[9]).toMatchObject({ created: false, message: { id: values[8]!.message.id } });
    expect(results[10]).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } });
    expect(values[11]).toMatchObject({ created: true, message: { contactId: null } });

    const { rows } = await t.deps.database.pool.query(
      `select count(*)::int as n, count(distinct coalesce(message_id_header, provider_sid))::int as keys
       from messages where workspace_id = $1`,
      [admin.workspace.id],
    );
    expect(rows[0]).toEqual({ n: 10, keys: 10 });
    expect(await journalOf(t, ada.id, 'message.received')).toHaveLength(6);
    expect((await journalOf(t, bob.id, 'message.received'))[0]).toMatchObject({
      actor_type: 'contact',
      actor_id: bob.id,
    });
    const inbox = (await admin.get('/api/v1/conversations')).json().data;
    const thread = (id: string) => inbox.find((r: { contact: { id: string } | null }) => r.contact?.id === id);
    expect(thread(ada.id)).toMatchObject({ unreadCount: 6, lastMessage: { channel: 'email' } });
    expect(thread(ada.id).lastMessage.preview).toContain('Mail 5');
    expect(thread(bob.id)).toMatchObject({ unreadCount: 3, lastMessage: { preview: 'Text 8', channel: 'sms' } });
    // Nothing reached the other workspace.
    expect((await stranger.get(`/api/v1/contacts/${foreign.id}/messages`)).json().data).toEqual([]);
  });

  it('pages the inbox newest first', async () => {
    const admin = await t.signup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await newContact(admin);
      ids.push(c.id);
      await send(admin, c.id, { channel: 'comment', bodyHtml: `<p>Note ${i}</p>` });
    }
    const page1 = (await admin.get('/api/v1/conversations?limit=2')).json();
    expect(page1.data.map((r: { contact: { id: string } }) => r.contact.id)).toEqual([ids[2], ids[1]]);
    const page2 = (await admin.get(`/api/v1/conversations?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.data.map((r: { contact: { id: string } }) => r.contact.id)).toEqual([ids[0]]);
    expect(page2.nextCursor).toBeNull();
  });
});

describe('live updates', () => {
  it('announces inbound messages and status changes on the events channel open pages listen to', async () => {
    const admin = await t.signup();
    await withTwilio(admin);
    const c = await newContact(admin, { phones: [{ number: '+4915112340003' }] });
    const listener = new pg.Client({ connectionString: t.dbUrl });
    await listener.connect();
    const heard: any[] = [];
    listener.on('notification', (n) => heard.push(JSON.parse(n.payload ?? '{}')));
    await listener.query('listen dossier_events');
    try {
      const ctx = systemCtx(t.deps, admin.workspace.id);
      const { message } = await storeInboundMessage(ctx, {
        contactId: c.id,
        channel: 'sms',
        from: '+4915112340003',
        to: ['+15005550006'],
        bodyText: 'On my way',
        providerSid: 'SMlive1',
      });
      const sent = await send(admin, c.id, { channel: 'sms', body: 'Great' });
      const sid = await eventually(async () => {
        const m = (await admin.get(`/api/v1/messages/${sent.json().id}`)).json();
        return m.providerSid as string | null;
      });
      await updateMessageStatus(ctx, { providerSid: sid, status: 'delivered' });
      await eventually(async () => heard.some((h) => h.type === 'message' && h.s === 'delivered'));
      const kinds = heard.filter((h) => h.type === 'journal').flatMap((h) => h.e.map((e: { k: string }) => e.k));
      expect(kinds).toEqual(expect.arrayContaining(['message.received', 'message.sent', 'message.delivered']));
      expect(
        heard.find((h) => h.type === 'journal' && h.e.some((e: { k: string }) => e.k === 'message.received')).e[0].c,
      ).toBe(c.id);
      // queued → the provider's status: no journal entry of its own, but still announced.
      expect(heard).toContainEqual({
        type: 'message',
        w: admin.workspace.id,
        c: c.id,
        id: sent.json().id,
        s: 'queued',
      });
      expect(message.contactId).toBe(c.id);
    } finally {
      await listener.end();
    }
  });
});

describe('channel settings and templates', () => {
  it('never returns secrets, and only admins see or change the settings', async () => {
    const admin = await t.signup();
    const res = await admin.put('/api/v1/settings/channels', {
      email: { smtpHost: 'smtp.example.test', smtpPort: 587, smtpUser: 'u', smtpPassword: 'smtp-secret-1' },
      imap: { host: 'imap.example.test', password: 'imap-secret-2' },
      twilio: { accountSid: ACCOUNT, authToken: 'twilio-secret-3' },
      inbound: { addresses: ['Sales@Acme.test', '@in.acme.test'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const got = await admin.get('/api/v1/settings/channels');
    for (const body of [res.body, got.body]) {
      expect(body).not.toMatch(/smtp-secret-1|imap-secret-2|twilio-secret-3/);
    }
    expect(got.json()).toMatchObject({
      email: { smtpHost: 'smtp.example.test', smtpPasswordSet: true, configured: true },
      imap: { passwordSet: true },
      twilio: { authTokenSet: true, accountSid: ACCOUNT },
      inbound: { addresses: ['sales@acme.test', '@in.acme.test'] },
    });
    // Absent keeps a secret, null clears it.
    await admin.put('/api/v1/settings/channels', { email: { smtpPort: 2525 } });
    expect((await admin.get('/api/v1/settings/channels')).json().email).toMatchObject({
      smtpPort: 2525,
      smtpPasswordSet: true,
    });
    await admin.put('/api/v1/settings/channels', { email: { smtpPassword: null } });
    expect((await admin.get('/api/v1/settings/channels')).json().email.smtpPasswordSet).toBe(false);
    const { rows } = await t.deps.database.pool.query(
      `select data from journal_entries where workspace_id = $1 and kind = 'channel_settings.updated'`,
      [admin.workspace.id],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/smtp-secret-1|imap-secret-2|twilio-secret-3/);

    const member = await admin.addUser('member');
    expect((await member.get('/api/v1/settings/channels')).statusCode).toBe(403);
    expect((await member.put('/api/v1/settings/channels', { email: { smtpHost: 'evil' } })).statusCode).toBe(403);
    // Another workspace has its own (empty) settings.
    const other = await t.signup();
    expect((await other.get('/api/v1/settings/channels')).json().email).toMatchObject({
      smtpHost: null,
      configured: false,
    });
  });

  it('refuses an inbound address or domain another workspace claims (409 inbound_address_taken)', async () => {
    const first = await t.signup();
    const second = await t.signup();
    const put = (who: Session, addresses: string[]) => who.put('/api/v1/settings/channels', { inbound: { addresses } });
    expect((await put(first, ['hello@claimed.test', '@in.claimed.test'])).statusCode).toBe(200);
    // The same address (any case), an address in a claimed domain, a domain holding a claimed address.
    for (const taken of [['HELLO@claimed.test'], ['sales@in.claimed.test'], ['@in.claimed.test'], ['@claimed.test']]) {
      const res = await put(second, ['own@second.test', ...taken]);
      expect(res.statusCode, taken.join()).toBe(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'inbound_address_taken' });
    }
    expect((await second.get('/api/v1/settings/channels')).json().inbound.addresses).toEqual([]);
    // Its own addresses are free to take, and the first workspace may save its own again.
    expect((await put(second, ['own@second.test', '@other.claimed.test'])).statusCode).toBe(200);
    expect((await put(first, ['hello@claimed.test', '@in.claimed.test', 'more@claimed.test'])).statusCode).toBe(200);
    // Once the first lets an address go, another may claim it.
    expect((await put(first, ['@in.claimed.test'])).statusCode).toBe(200);
    expect((await put(second, ['hello@claimed.test'])).statusCode).toBe(200);
  });

  it('refuses a Twilio base URL that could reach inside the network (SSRF): 422 unsafe_base_url', async () => {
    const admin = await t.signup();
    const save = (baseUrl: string) => admin.put('/api/v1/settings/channels', { twilio: { baseUrl } });
    for (const bad of [
      'http://api.twilio.example',
      'http://10.0.0.5',
      'http://169.254.169.254/latest',
      'https://u:p@api.example.test',
    ]) {
      const res = await save(bad);
      expect(res.statusCode, bad).toBe(422);
      expect(res.json()).toMatchObject({ code: 'unsafe_base_url' });
    }
    expect((await admin.get('/api/v1/settings/channels')).json().twilio.baseUrl).toBeNull();
    // Outside production a local fake over http is fine (the tests' own), and https anywhere.
    expect((await save('http://127.0.0.1:4010')).statusCode).toBe(200);
    expect((await save('http://localhost:4010')).statusCode).toBe(200);
    expect((await save('https://api.twilio.com')).statusCode).toBe(200);
  });

  it('lets admins write templates and everyone read them', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const created = await admin.post('/api/v1/message-templates', {
      name: 'Reminder',
      channel: 'sms',
      body: 'Hi {{contact.firstName}}, see you tomorrow. {{owner.name}}',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(
      (await admin.post('/api/v1/message-templates', { name: 'reminder', channel: 'sms', body: 'x' })).json().code,
    ).toBe('template_name_taken');
    expect((await member.get('/api/v1/message-templates')).json().data).toHaveLength(1);
    expect((await member.get(`/api/v1/message-templates/${id}`)).json().name).toBe('Reminder');
    expect((await member.post('/api/v1/message-templates', { name: 'X', channel: 'sms', body: 'x' })).statusCode).toBe(
      403,
    );
    expect((await member.patch(`/api/v1/message-templates/${id}`, { name: 'Y' })).statusCode).toBe(403);
    expect((await admin.patch(`/api/v1/message-templates/${id}`, { name: 'Reminder SMS' })).json().name).toBe(
      'Reminder SMS',
    );
    expect((await member.delete(`/api/v1/message-templates/${id}`)).statusCode).toBe(403);
    expect((await admin.delete(`/api/v1/message-templates/${id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/message-templates/${id}`)).statusCode).toBe(404);
  });
});

describe('workspace isolation', () => {
  it('answers 404 for another workspace’s contacts, messages, threads and templates', async () => {
    const admin = await t.signup();
    const c = await newContact(admin, { emails: [{ email: 'mine@example.test' }] });
    const msg = (await send(admin, c.id, { channel: 'comment', bodyHtml: '<p>Private</p>' })).json();
    const tpl = (
      await admin.post('/api/v1/message-templates', { name: 'T', channel: 'email', subject: 'S', body: '<p>B</p>' })
    ).json();
    const stranger = await t.signup();
    const key = t.withKey(await stranger.createApiKey());
    for (const client of [stranger, key]) {
      const attempts = [
        client.get(`/api/v1/contacts/${c.id}/messages`),
        client.get(`/api/v1/contacts/${c.id}/messages/channels`),
        client.post(`/api/v1/contacts/${c.id}/messages`, { channel: 'comment', bodyHtml: '<p>Hi</p>' }),
        client.post(`/api/v1/contacts/${c.id}/messages`, { channel: 'email', subject: 'Hi', bodyHtml: '<p>Hi</p>' }),
        client.get(`/api/v1/messages/${msg.id}`),
        client.post(`/api/v1/messages/${msg.id}/cancel`),
        client.patch(`/api/v1/conversations/${c.id}`, { starred: true }),
        client.get(`/api/v1/message-templates/${tpl.id}`),
        client.patch(`/api/v1/message-templates/${tpl.id}`, { name: 'Mine now' }),
        client.delete(`/api/v1/message-templates/${tpl.id}`),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.statusCode, `${res.raw.req.method} ${res.raw.req.url} ${res.body}`).toBe(404);
      }
      expect((await client.get('/api/v1/conversations')).json().data).toEqual([]);
      expect((await client.get('/api/v1/message-templates')).json().data).toEqual([]);
    }
    const pdf = { filename: 'x.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n') };
    const uploadRes = await upload(t, stranger, 'POST', `/api/v1/contacts/${c.id}/messages/attachments`, pdf);
    expect(uploadRes.statusCode).toBe(404);
    // Nothing of theirs was touched.
    expect((await admin.get(`/api/v1/contacts/${c.id}/messages`)).json().data).toHaveLength(1);
    expect((await admin.get(`/api/v1/message-templates/${tpl.id}`)).json().name).toBe('T');
    // storeInboundMessage with another workspace's contact refuses it.
    await expect(
      storeInboundMessage(systemCtx(t.deps, stranger.workspace.id), {
        contactId: c.id,
        channel: 'sms',
        from: '+1555',
        to: [],
        bodyText: 'x',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('the Twilio base URL in production', () => {
  it('allows only https to a public host', () => {
    expect(() => checkTwilioBaseUrl('https://api.twilio.com', true)).not.toThrow();
    for (const bad of [
      'http://127.0.0.1:4010',
      'http://localhost:4010',
      'https://localhost',
      'https://127.0.0.1',
      'https://10.1.2.3',
      'https://192.168.1.1',
      'https://172.20.0.1',
      'https://169.254.169.254',
      'https://[::1]',
      'http://api.twilio.com',
    ]) {
      expect(() => checkTwilioBaseUrl(bad, true), bad).toThrow(/Twilio base URL/);
    }
  });
});
