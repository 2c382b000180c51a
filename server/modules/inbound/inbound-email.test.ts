// Inbound email end to end on real PostgreSQL: the raw-MIME webhook, the app's own SMTP listener
// fed by nodemailer over a socket, matching, threading, attachments, unmatched mail, isolation.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { createTestApp, eventually, type Res, type Session, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact } from '../contacts/contact-test-helpers.ts';
import { startInboundSmtp, type InboundSmtp } from './smtp-listener.ts';
import { forgetInboundSettings } from './inbound-recipients.ts';

const fixture = (name: string) =>
  fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name));

let t: TestApp;
let a: Session;
let b: Session;
let keyA: string;
let keyB: string;

async function inboundAddresses(workspaceId: string, addresses: string[]) {
  await t.deps.database.pool.query(
    `insert into channel_settings (workspace_id, inbound_addresses) values ($1, $2)
     on conflict (workspace_id) do update set inbound_addresses = excluded.inbound_addresses`,
    [workspaceId, addresses],
  ); // Written behind the settings API's back: the inbound doors must not trust what they remembered.
  forgetInboundSettings(workspaceId);
}

async function message(id: string) {
  const { rows } = await t.deps.database.pool.query(
    `select m.*, (select count(*) from message_attachments ma where ma.workspace_id = m.workspace_id and ma.message_id = m.id) as attachment_count
     from messages m where id = $1`,
    [id],
  );
  return rows[0];
}

const postEmail = async (key: string, raw: Buffer | string) =>
  (await t.app.inject({
    method: 'POST',
    url: '/api/v1/inbound/email',
    payload: Buffer.from(raw),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'message/rfc822' },
  })) as unknown as Res;

function mail(opts: { from: string; to?: string; id: string; subject?: string; body?: string; extra?: string }) {
  return [
    `From: ${opts.from}`,
    `To: ${opts.to ?? 'sales@in.a.test'}`,
    `Subject: ${opts.subject ?? 'Hello'}`,
    `Message-ID: <${opts.id}>`,
    ...(opts.extra ? [opts.extra] : []),
    'Date: Tue, 01 Dec 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.body ?? 'Hi there',
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  t = await createTestApp();
  a = await t.signup({ workspaceName: 'Inbound A' });
  b = await t.signup({ workspaceName: 'Inbound B' });
  keyA = await a.createApiKey();
  keyB = await b.createApiKey();
  await inboundAddresses(a.workspace.id, ['sales@in.a.test', '@mail.a.test']);
  await inboundAddresses(b.workspace.id, ['@in.b.test']);
});
afterAll(() => t.close());

describe('POST /inbound/email (raw MIME)', () => {
  it('stores an unmatched reply with its text, sanitised HTML, inline image and attachment as files', async () => {
    const res = await postEmail(keyA, fixture('multipart-reply.eml'));
    expect(res.statusCode, res.body).toBe(202);
    const body = res.json();
    expect(body).toMatchObject({ contactId: null, duplicate: false });
    const m = await message(body.messageId);
    expect(m).toMatchObject({
      workspace_id: a.workspace.id,
      channel: 'email',
      direction: 'inbound',
      contact_id: null,
      subject: 'Re: Your offer',
      message_id_header: 'reply-1@example.com',
      in_reply_to: 'offer-1@dossier.test',
      references: ['thread-start@dossier.test', 'offer-1@dossier.test'],
      from_address: 'Maria Garcia <maria.garcia@example.com>',
      to_addresses: ['Sales Team <sales@in.dossier.test>'],
      cc_addresses: ['boss@example.com'],
    });
    expect(m.body_text).toContain('Señor García agrees');
    expect(Number(m.attachment_count)).toBe(2);
    const { rows: files } = await t.deps.database.pool.query(
      `select f.id, f.filename, f.content_type, ma.inline, ma.content_id from message_attachments ma
       join files f on f.workspace_id = ma.workspace_id and f.id = ma.file_id where ma.message_id = $1 order by f.filename`,
      [body.messageId],
    );
    expect(files.map((f) => [f.filename, f.content_type, f.inline])).toEqual([
      ['Angebot München.pdf', 'application/pdf', false],
      ['logo.png', 'image/png', true],
    ]);
    // The pipeline points the cid: link at the stored file, which the body shows in place.
    const logo = files.find((f) => f.filename === 'logo.png')!;
    expect(m.body_html).toContain('<b>good</b>');
    expect(m.body_html).not.toContain('cid:');
    expect(m.body_html).toContain(`src="/api/v1/files/${logo.id}"`);
    const download = await a.get(`/api/v1/files/${logo.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
  });

  it('is idempotent on Message-ID: the same raw message twice is one row and the same id', async () => {
    const raw = fixture('iso-2022-jp.eml');
    const first = await postEmail(keyA, raw);
    const second = await postEmail(keyA, raw);
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(202);
    expect(second.json()).toEqual({ ...first.json(), duplicate: true });
    const { rows } = await t.deps.database.pool.query(
      `select body_text, subject from messages where workspace_id = $1 and message_id_header = 'iso-2022-jp@example.jp'`,
      [a.workspace.id],
    );
    expect(rows).toEqual([{ body_text: 'こんにちは、世界。請求書を添付します。', subject: 'お見積もりの件' }]);
    // The same Message-ID in another workspace is that workspace's own message.
    const other = await postEmail(keyB, raw);
    expect(other.json().messageId).not.toBe(first.json().messageId);
  });

  it('decodes legacy charsets through the pipeline (ISO-8859-1 German, ISO-8859-2 Czech)', async () => {
    for (const [file, text] of [
      ['latin1-8bit.eml', 'Grüße aus München!'],
      ['iso-8859-2-qp.eml', 'Příliš žluťoučký kůň'],
    ]) {
      const res = await postEmail(keyA, fixture(file!));
      expect(res.statusCode, res.body).toBe(202);
      expect((await message(res.json().messageId)).body_text).toContain(text);
    }
  });

  it('matches the sender against every address of a contact, not only the primary one', async () => {
    const c = await newContact(a, {
      emails: [{ email: 'primary@example.org' }, { email: 'Second.Address@Example.org', type: 'personal' }],
    });
    const res = await postEmail(keyA, mail({ from: 'Someone <SECOND.address@example.org>', id: 'match-1@x' }));
    expect(res.json().contactId).toBe(c.id);
    const received = await journalOf(t, c.id, 'message.received');
    expect(received).toHaveLength(1);
    // The contact wrote it: they are the actor.
    expect(received[0]).toMatchObject({ actor_type: 'contact', actor_id: c.id });
  });

  it('a reply joins the thread of the message it answers (In-Reply-To) before any address match', async () => {
    const threadOwner = await newContact(a, { firstName: 'Thread', lastName: 'Owner' });
    const addressOwner = await newContact(a, { emails: [{ email: 'forwarder@example.org' }] });
    await t.deps.database.pool.query(
      `insert into messages (workspace_id, id, contact_id, channel, direction, status, message_id_header, subject)
       values ($1, $2, $3, 'email', 'outbound', 'sent', 'our-offer@dossier.test', 'Offer')`,
      [a.workspace.id, newId(), threadOwner.id],
    );
    const reply = await postEmail(
      keyA,
      mail({ from: 'forwarder@example.org', id: 'reply-2@x', extra: 'In-Reply-To: <our-offer@dossier.test>' }),
    );
    expect(reply.json().contactId).toBe(threadOwner.id);
    // References alone thread too (a client that drops In-Reply-To).
    const viaRefs = await postEmail(
      keyA,
      mail({ from: 'x@elsewhere.test', id: 'reply-3@x', extra: 'References: <unknown@x> <our-offer@dossier.test>' }),
    );
    expect(viaRefs.json().contactId).toBe(threadOwner.id);
    // Without a known thread, the address decides.
    const fresh = await postEmail(keyA, mail({ from: 'forwarder@example.org', id: 'fresh-1@x' }));
    expect(fresh.json().contactId).toBe(addressOwner.id);
  });

  it('refuses members’ keys, empty bodies and other content types', async () => {
    const member = await a.addUser('member');
    const memberKey = await member.createApiKey().catch(() => null);
    if (memberKey) {
      expect((await postEmail(memberKey, mail({ from: 'a@b.test', id: 'm@x' }))).statusCode).toBe(403);
    }
    expect((await postEmail(keyA, '')).statusCode).toBe(400);
    const json = await t.withKey(keyA).post('/api/v1/inbound/email', { raw: 'x' });
    expect(json.statusCode).toBe(415);
    expect(
      (await t.anonymous.post('/api/v1/inbound/email', 'x', { 'content-type': 'message/rfc822' })).statusCode,
    ).toBe(401);
  });
});

describe('unmatched mail: attach and create contact', () => {
  it('attaches an unmatched message to a contact; other workspaces see 404 for the message and the contact', async () => {
    const res = await postEmail(keyA, mail({ from: 'Nobody Known <nobody@unknown.test>', id: 'unmatched-1@x' }));
    const messageId = res.json().messageId;
    expect(res.json().contactId).toBeNull();
    const c = await newContact(a);
    const cB = await newContact(b);

    expect((await b.post(`/api/v1/messages/${messageId}/attach`, { contactId: cB.id })).statusCode).toBe(404);
    expect((await a.post(`/api/v1/messages/${messageId}/attach`, { contactId: cB.id })).statusCode).toBe(404);
    expect((await a.post(`/api/v1/messages/${newId()}/attach`, { contactId: c.id })).statusCode).toBe(404);

    const attached = await a.post(`/api/v1/messages/${messageId}/attach`, { contactId: c.id });
    expect(attached.statusCode, attached.body).toBe(200);
    expect(attached.json()).toMatchObject({ id: messageId, contactId: c.id, channel: 'email', direction: 'inbound' });
    // The contact's inbox row takes it in, unread.
    const { rows: inbox } = await t.deps.database.pool.query(
      'select unread_count, last_message_id from conversations where workspace_id = $1 and contact_id = $2',
      [a.workspace.id, c.id],
    );
    expect(inbox).toEqual([{ unread_count: 1, last_message_id: messageId }]);
    expect((await message(messageId)).contact_id).toBe(c.id);
    expect(await journalOf(t, c.id, 'message.attached')).toHaveLength(1);
    // Once attached it no longer waits.
    expect((await a.post(`/api/v1/messages/${messageId}/attach`, { contactId: c.id })).statusCode).toBe(409);
  });

  it('tells the contact’s owner and followers of an attached message, as of a received one', async () => {
    const owner = await a.addUser('member', 'Otto Owner');
    const follower = await a.addUser('member', 'Fiona Follower');
    const c = await newContact(a, { ownerId: owner.user.id, followerIds: [follower.user.id] });
    const res = await postEmail(
      keyA,
      mail({ from: 'Stranger <stranger@unknown.test>', id: 'unmatched-notify@x', subject: 'Quote please' }),
    );
    const messageId = res.json().messageId;
    expect((await a.post(`/api/v1/messages/${messageId}/attach`, { contactId: c.id })).statusCode).toBe(200);
    for (const u of [owner, follower]) {
      const [n] = await eventually(async () => {
        const { rows } = await t.deps.database.pool.query(
          'select kind, body, contact_id from notifications where user_id = $1',
          [u.user.id],
        );
        return rows.length ? rows : null;
      });
      expect(n).toMatchObject({ kind: 'message_received', contact_id: c.id });
      expect(n.body).toContain('Quote please');
    }
    // The one who attached it is not told of their own act.
    const { rows: mine } = await t.deps.database.pool.query(
      `select 1 from notifications where user_id = $1 and kind = 'message_received' and contact_id = $2`,
      [a.user.id, c.id],
    );
    expect(mine).toEqual([]);
  });

  it('creates a contact from the sender’s name and address; the next mail from them matches it', async () => {
    const res = await postEmail(keyA, mail({ from: '"Lee, Ann" <Ann.Lee@Newcomer.test>', id: 'newcomer-1@x' }));
    const messageId = res.json().messageId;
    expect((await b.post(`/api/v1/messages/${messageId}/create-contact`, {})).statusCode).toBe(404);

    const created = await a.post(`/api/v1/messages/${messageId}/create-contact`, {});
    expect(created.statusCode, created.body).toBe(201);
    const contactId = created.json().contactId;
    expect(created.json().id).toBe(messageId);
    const profile = (await a.get(`/api/v1/contacts/${contactId}`)).json();
    expect(profile.firstName).toBe('Lee,');
    expect(profile.emails.map((e: { email: string }) => e.email)).toEqual(['ann.lee@newcomer.test']);
    expect(profile.owner?.id ?? profile.ownerId).toBe(a.user.id);

    const next = await postEmail(keyA, mail({ from: 'ann.lee@newcomer.test', id: 'newcomer-2@x' }));
    expect(next.json().contactId).toBe(contactId);
  });
  it('hides unmatched mail from a member limited to their own contacts', async () => {
    const res = await postEmail(keyA, mail({ from: 'hidden@unknown.test', id: 'hidden-1@x' }));
    const member = await a.addUser('member');
    await a.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const own = await newContact(member);
    const messageId = res.json().messageId;
    expect((await member.post(`/api/v1/messages/${messageId}/attach`, { contactId: own.id })).statusCode).toBe(404);
    expect((await member.post(`/api/v1/messages/${messageId}/create-contact`, {})).statusCode).toBe(404);
    expect((await message(messageId)).contact_id).toBeNull();
  });
});

describe('the built-in SMTP listener', () => {
  let smtp: InboundSmtp;
  beforeAll(async () => {
    smtp = await startInboundSmtp(t.deps, { port: 0, host: '127.0.0.1' });
  });
  afterAll(() => smtp.close());

  const transport = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });

  it('takes mail sent by nodemailer over a real socket for a workspace’s address and domain', async () => {
    const c = await newContact(a, { emails: [{ email: 'smtp.sender@example.org' }] });
    const info = await transport().sendMail({
      from: 'SMTP Sender <smtp.sender@example.org>',
      to: ['anyone@mail.a.test'],
      subject: 'Über SMTP',
      text: 'Grüße über einen echten Socket',
      messageId: '<smtp-1@example.org>',
      attachments: [{ filename: 'notes.txt', content: 'attached text' }],
    });
    expect(info.accepted).toEqual(['anyone@mail.a.test']);
    const { rows } = await t.deps.database.pool.query(
      `select id, contact_id, subject, body_text from messages where workspace_id = $1 and message_id_header = 'smtp-1@example.org'`,
      [a.workspace.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      contact_id: c.id,
      subject: 'Über SMTP',
      body_text: 'Grüße über einen echten Socket',
    });
    expect(Number((await message(rows[0].id)).attachment_count)).toBe(1);
  });

  it('refuses a foreign recipient with 550: never an open relay', async () => {
    const err = await transport()
      .sendMail({ from: 'spammer@evil.test', to: 'victim@gmail.com', subject: 'relay?', text: 'x' })
      .then(
        () => null,
        (e: { responseCode?: number; code?: string }) => e,
      );
    expect(err?.responseCode).toBe(550);
    // A recipient of a domain that only looks alike is foreign too.
    const lookalike = await transport()
      .sendMail({ from: 'a@b.test', to: 'sales@in.a.test.evil.test', subject: 'x', text: 'x' })
      .then(
        () => null,
        (e: { responseCode?: number }) => e,
      );
    expect(lookalike?.responseCode).toBe(550);
  });

  it('delivers mail for two workspaces’ addresses to each of them, and only the known recipients', async () => {
    const info = await transport().sendMail({
      from: 'both@example.org',
      to: ['sales@in.a.test', 'team@in.b.test', 'stranger@nowhere.test'],
      subject: 'For both',
      text: 'x',
      messageId: '<both-1@example.org>',
    });
    expect(info.accepted.sort()).toEqual(['sales@in.a.test', 'team@in.b.test']);
    expect(info.rejected).toEqual(['stranger@nowhere.test']);
    const { rows } = await t.deps.database.pool.query(
      `select workspace_id from messages where message_id_header = 'both-1@example.org' order by workspace_id`,
    );
    expect(rows.map((r) => r.workspace_id).sort()).toEqual([a.workspace.id, b.workspace.id].sort());
  });

  it('refuses for good (554) a message it can never store, such as one without a From address', async () => {
    const socket = await import('node:net').then((net) => net.connect(smtp.port, '127.0.0.1'));
    let received = '';
    socket.on('data', (d) => (received += d.toString()));
    /** The next complete reply (its last line is "NNN text"). */
    const reply = async () => {
      for (let i = 0; i < 250; i++) {
        const done = /(^|\r\n)(\d{3}) [^\r\n]*\r\n$/.exec(received);
        if (done) {
          const text = received;
          received = '';
          return text.split('\r\n').filter(Boolean).pop()!;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    };
    const say = (line: string) => {
      socket.write(line + '\r\n');
      return reply();
    };
    // Wait for the greeting: talking first is refused (early talker).
    expect(await reply()).toMatch(/^220/);
    expect(await say('EHLO test.example')).toMatch(/^250/);
    expect(await say('MAIL FROM:<x@example.org>')).toMatch(/^250/);
    expect(await say('RCPT TO:<sales@in.a.test>')).toMatch(/^250/);
    expect(await say('DATA')).toMatch(/^354/);
    expect(await say('Subject: no sender\r\nMessage-ID: <no-from@x>\r\n\r\nbody\r\n.')).toMatch(/^554/);
    socket.end();
  });

  it('delivers to nobody an address two workspaces claim (one tenant never gets another’s mail)', async () => {
    const c = await t.signup({ workspaceName: 'Claims A’s domain' });
    await inboundAddresses(c.workspace.id, ['@mail.a.test']);
    const err = await transport()
      .sendMail({ from: 'x@example.org', to: 'someone@mail.a.test', subject: 'x', text: 'x' })
      .then(
        () => null,
        (e: { responseCode?: number }) => e,
      );
    expect(err?.responseCode).toBe(550);
    // An exact address claimed by one workspace still wins over the contested domain.
    await inboundAddresses(a.workspace.id, ['sales@in.a.test', '@mail.a.test', 'boss@mail.a.test']);
    const info = await transport().sendMail({ from: 'x@example.org', to: 'boss@mail.a.test', subject: 'x', text: 'x' });
    expect(info.accepted).toEqual(['boss@mail.a.test']);
    await inboundAddresses(c.workspace.id, []);
  });

  it('refuses a message over the size limit with 552 and stores nothing', async () => {
    const small = await startInboundSmtp(
      { ...t.deps, config: { ...t.deps.config, INBOUND_MAX_BYTES: 2000 } },
      { port: 0, host: '127.0.0.1' },
    );
    try {
      const err = await nodemailer
        .createTransport({ host: '127.0.0.1', port: small.port, ignoreTLS: true })
        .sendMail({
          from: 'big@example.org',
          to: 'sales@in.a.test',
          subject: 'big',
          text: 'x'.repeat(5000),
          messageId: '<too-big@example.org>',
        })
        .then(
          () => null,
          (e: { responseCode?: number }) => e,
        );
      expect(err?.responseCode).toBe(552);
      const { rows } = await t.deps.database.pool.query(
        `select 1 from messages where message_id_header = 'too-big@example.org'`,
      );
      expect(rows).toHaveLength(0);
    } finally {
      await small.close();
    }
  });
});

describe('matching when an address has several holders', () => {
  it('prefers an active contact, then the most recently updated (deterministic)', async () => {
    // Addresses are unique per workspace (contact_emails_email_key), so this only arises in data from
    // before that rule; the test database drops the index to build it.
    await t.deps.database.pool.query('drop index contact_emails_email_key');
    const shared = 'shared@example.org';
    const archived = await newContact(a);
    const older = await newContact(a);
    const newer = await newContact(a);
    for (const c of [archived, older, newer]) {
      await t.deps.database.pool.query(
        `insert into contact_emails (workspace_id, id, contact_id, email) values ($1, $2, $3, $4)`,
        [a.workspace.id, newId(), c.id, shared],
      );
    }
    await t.deps.database.pool.query(
      `update contacts set updated_at = now() + interval '2 minutes', archived_at = now() where id = $1`,
      [archived.id],
    );
    await t.deps.database.pool.query(`update contacts set updated_at = now() + interval '1 minute' where id = $1`, [
      newer.id,
    ]);
    const res = await postEmail(keyA, mail({ from: shared, id: 'shared-1@x' }));
    expect(res.json().contactId).toBe(newer.id);
  });
});

describe('size limit of the raw-MIME webhook', () => {
  it('answers 413 above INBOUND_MAX_BYTES and stores nothing', async () => {
    const small = await createTestApp({ INBOUND_MAX_BYTES: 2000 });
    try {
      const admin = await small.signup();
      const key = await admin.createApiKey();
      const big = mail({ from: 'big@example.org', id: 'big-webhook@x', body: 'x'.repeat(5000) });
      const res = await small.app.inject({
        method: 'POST',
        url: '/api/v1/inbound/email',
        payload: Buffer.from(big),
        headers: { authorization: `Bearer ${key}`, 'content-type': 'message/rfc822' },
      });
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const { rows } = await small.deps.database.pool.query('select count(*) from messages');
      expect(rows[0].count).toBe(0);
    } finally {
      await small.close();
    }
  });
});
