// Twilio's webhooks on real PostgreSQL: signed form posts as Twilio sends them, MMS media served by
// a fake Twilio API on a local port (basic auth, Twilio's URL layout), and nothing stored unsigned.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { createTestApp, type Res, type Session, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact, PNG } from '../contacts/contact-test-helpers.ts';
import { twilioSignature } from './twilio-signature.ts';
import { forgetInboundSettings } from './inbound-recipients.ts';

const PUBLIC_URL = 'https://crm.example.test';
const SID_A = 'AC' + 'a'.repeat(32);
const SID_B = 'AC' + 'b'.repeat(32);
const TOKEN_A = 'token-a-0123456789abcdef';
const TOKEN_B = 'token-b-0123456789abcdef';

let t: TestApp;
let a: Session;
let b: Session;
let fakeTwilio: http.Server;
let fakeBase: string;
const mediaRequests: { url: string; authorization?: string }[] = [];

function startFakeTwilio(): Promise<void> {
  fakeTwilio = http.createServer((req, res) => {
    mediaRequests.push({ url: req.url!, authorization: req.headers.authorization });
    const expected = `Basic ${Buffer.from(`${SID_A}:${TOKEN_A}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }));
      return;
    }
    if (/^\/2010-04-01\/Accounts\/AC\w+\/Messages\/MM\w+\/Media\/ME\w+$/.test(req.url!)) {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(PNG);
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) =>
    fakeTwilio.listen(0, '127.0.0.1', () => {
      fakeBase = `http://127.0.0.1:${(fakeTwilio.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

async function twilioSettings(workspaceId: string, accountSid: string, token: string) {
  await t.deps.database.pool.query(
    `insert into channel_settings (workspace_id, twilio_account_sid, twilio_auth_token, twilio_base_url, twilio_numbers)
     values ($1, $2, $3, $4, array['+15005550006'])`,
    [workspaceId, accountSid, token, fakeBase],
  ); // Written behind the settings API's back: the inbound doors must not trust what they remembered.
  forgetInboundSettings(workspaceId);
}

/** Posts a form the way Twilio does: signed over PUBLIC_URL + path with `token` (or unsigned). */
async function webhook(
  workspaceId: string,
  kind: 'messages' | 'status' | 'voice-status',
  params: Record<string, string>,
  token: string | null,
): Promise<Res> {
  const url = `/api/v1/webhooks/twilio/${workspaceId}/${kind}`;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (token) headers['x-twilio-signature'] = twilioSignature(token, PUBLIC_URL + url, params);
  return (await t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(params).toString(),
    headers,
  })) as unknown as Res;
}

const inboundSms = (over: Record<string, string>) => ({
  ToCountry: 'US',
  SmsMessageSid: over.MessageSid ?? 'SMx',
  NumMedia: '0',
  SmsSid: over.MessageSid ?? 'SMx',
  SmsStatus: 'received',
  To: '+15005550006',
  NumSegments: '1',
  AccountSid: SID_A,
  ApiVersion: '2010-04-01',
  Body: 'Hello',
  ...over,
});

async function messagesBySid(sid: string) {
  const { rows } = await t.deps.database.pool.query(
    `select * from messages where provider_sid = $1 order by workspace_id`,
    [sid],
  );
  return rows;
}

const sid = (prefix: string) => prefix + newId().replace(/-/g, '');

beforeAll(async () => {
  await startFakeTwilio();
  t = await createTestApp({ PUBLIC_URL });
  a = await t.signup({ workspaceName: 'Twilio A' });
  b = await t.signup({ workspaceName: 'Twilio B' });
  await twilioSettings(a.workspace.id, SID_A, TOKEN_A);
  await twilioSettings(b.workspace.id, SID_B, TOKEN_B);
});
afterAll(async () => {
  await t.close();
  await new Promise((r) => fakeTwilio.close(r));
});

describe('inbound SMS / WhatsApp', () => {
  it('stores a signed SMS on the thread of the contact with that number and answers empty TwiML', async () => {
    const c = await newContact(a, { phones: [{ number: '+49 151 1234 5678', isPrimary: false }] });
    const messageSid = sid('SM');
    const res = await webhook(
      a.workspace.id,
      'messages',
      inboundSms({ MessageSid: messageSid, From: '+4915112345678', Body: 'Hi from my phone' }),
      TOKEN_A,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    const [m] = await messagesBySid(messageSid);
    expect(m).toMatchObject({
      workspace_id: a.workspace.id,
      contact_id: c.id,
      channel: 'sms',
      direction: 'inbound',
      body_text: 'Hi from my phone',
      from_address: '+4915112345678',
    });
    expect(await journalOf(t, c.id, 'message.received')).toMatchObject([{ actor_type: 'contact', actor_id: c.id }]);
  });

  it('is idempotent on MessageSid: a replayed webhook stores one row', async () => {
    const messageSid = sid('SM');
    const params = inboundSms({ MessageSid: messageSid, From: '+4915112300001' });
    expect((await webhook(a.workspace.id, 'messages', params, TOKEN_A)).statusCode).toBe(200);
    expect((await webhook(a.workspace.id, 'messages', params, TOKEN_A)).statusCode).toBe(200);
    const rows = await messagesBySid(messageSid);
    expect(rows).toHaveLength(1);
    // Unknown number: waits unmatched.
    expect(rows[0].contact_id).toBeNull();
  });

  it('matches a WhatsApp sender (whatsapp:+…) by the contact’s E.164 number', async () => {
    const c = await newContact(a, { phones: [{ number: '+447911123456' }] });
    const messageSid = sid('SM');
    const res = await webhook(
      a.workspace.id,
      'messages',
      inboundSms({ MessageSid: messageSid, From: 'whatsapp:+447911123456', To: 'whatsapp:+15005550006', Body: 'Hola' }),
      TOKEN_A,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect((await messagesBySid(messageSid))[0]).toMatchObject({ contact_id: c.id, channel: 'whatsapp' });
  });

  it('downloads MMS media from the provider with basic auth into files', async () => {
    const c = await newContact(a, { phones: [{ number: '+4915112300002' }] });
    const messageSid = sid('MM');
    const mediaUrl = `${fakeBase}/2010-04-01/Accounts/${SID_A}/Messages/${messageSid}/Media/${sid('ME')}`;
    const res = await webhook(
      a.workspace.id,
      'messages',
      inboundSms({
        MessageSid: messageSid,
        From: '+4915112300002',
        Body: 'Look at this',
        NumMedia: '1',
        MediaUrl0: mediaUrl,
        MediaContentType0: 'image/png',
      }),
      TOKEN_A,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(mediaRequests.some((r) => fakeBase + r.url === mediaUrl)).toBe(true);
    const [m] = await messagesBySid(messageSid);
    expect(m.contact_id).toBe(c.id);
    const { rows: files } = await t.deps.database.pool.query(
      `select f.id, f.content_type, f.size from message_attachments ma join files f
       on f.workspace_id = ma.workspace_id and f.id = ma.file_id where ma.message_id = $1`,
      [m.id],
    );
    expect(files).toEqual([{ id: expect.any(String), content_type: 'image/png', size: PNG.length }]);
    const download = await a.get(`/api/v1/files/${files[0].id}`);
    expect(Buffer.from(download.rawPayload).equals(PNG)).toBe(true);

    // Media on another host is not fetched (the account's credentials go nowhere else), and one the
    // provider cannot serve does not cost the text.
    const other = sid('MM');
    const res2 = await webhook(
      a.workspace.id,
      'messages',
      inboundSms({
        MessageSid: other,
        From: '+4915112300002',
        Body: 'Two media',
        NumMedia: '2',
        MediaUrl0: 'https://evil.example/steal',
        MediaContentType0: 'image/png',
        MediaUrl1: `${fakeBase}/2010-04-01/Accounts/${SID_A}/Messages/${other}/Media/missing`,
        MediaContentType1: 'image/png',
      }),
      TOKEN_A,
    );
    expect(res2.statusCode).toBe(200);
    const [m2] = await messagesBySid(other);
    expect(m2.body_text).toBe('Two media');
    expect(m2.headers['x-dossier-missing-media']).toContain('https://evil.example/steal');
    expect(mediaRequests.some((r) => r.url.includes('steal'))).toBe(false);
  });

  it('STOP turns SMS DND on (cause sms_stop, the contact as actor); START turns it off', async () => {
    const c = await newContact(a, { phones: [{ number: '+4915112300003' }] });
    const stop = await webhook(
      a.workspace.id,
      'messages',
      inboundSms({ MessageSid: sid('SM'), From: '+4915112300003', Body: ' stop ' }),
      TOKEN_A,
    );
    expect(stop.statusCode).toBe(200);
    expect((await a.get(`/api/v1/contacts/${c.id}`)).json().dnd.sms).toBe(true);
    const [entry] = await journalOf(t, c.id, 'contact.dnd_changed');
    expect(entry).toMatchObject({
      actor_type: 'contact',
      actor_id: c.id,
      data: { channel: 'sms', enabled: true, cause: 'sms_stop' },
    });
    // Any synonym, any case; a sentence that merely contains the word is just a message.
    await webhook(
      a.workspace.id,
      'messages',
      inboundSms({ MessageSid: sid('SM'), From: '+4915112300003', Body: 'Please stop by tomorrow' }),
      TOKEN_A,
    );
    expect(await journalOf(t, c.id, 'contact.dnd_changed')).toHaveLength(1);
    await webhook(
      a.workspace.id,
      'messages',
      inboundSms({ MessageSid: sid('SM'), From: '+4915112300003', Body: 'Unstop' }),
      TOKEN_A,
    );
    expect((await a.get(`/api/v1/contacts/${c.id}`)).json().dnd.sms).toBe(false);
    const entries = await journalOf(t, c.id, 'contact.dnd_changed');
    expect(entries.map((e) => [e.data.enabled, e.data.cause, e.actor_type])).toEqual([
      [true, 'sms_stop', 'contact'],
      [false, 'sms_start', 'contact'],
    ]);
    for (const word of ['STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit']) {
      await webhook(
        a.workspace.id,
        'messages',
        inboundSms({ MessageSid: sid('SM'), From: '+4915112300003', Body: word }),
        TOKEN_A,
      );
      expect((await a.get(`/api/v1/contacts/${c.id}`)).json().dnd.sms, word).toBe(true);
      await webhook(
        a.workspace.id,
        'messages',
        inboundSms({ MessageSid: sid('SM'), From: '+4915112300003', Body: 'YES' }),
        TOKEN_A,
      );
      expect((await a.get(`/api/v1/contacts/${c.id}`)).json().dnd.sms).toBe(false);
    }
  });
});

describe('unmatched texts', () => {
  it('creates a contact from an unknown WhatsApp sender; their next message matches it', async () => {
    const first = sid('SM');
    await webhook(
      a.workspace.id,
      'messages',
      inboundSms({ MessageSid: first, From: 'whatsapp:+4915112300077' }),
      TOKEN_A,
    );
    const [m] = await messagesBySid(first);
    expect(m.contact_id).toBeNull();
    expect((await b.post(`/api/v1/messages/${m.id}/create-contact`, {})).statusCode).toBe(404);
    const created = await a.post(`/api/v1/messages/${m.id}/create-contact`, { firstName: 'Whats', lastName: 'App' });
    expect(created.statusCode, created.body).toBe(201);
    const contactId = created.json().contactId;
    const profile = (await a.get(`/api/v1/contacts/${contactId}`)).json();
    expect(profile.displayName).toBe('Whats App');
    expect(profile.phones.map((p: { e164: string }) => p.e164)).toEqual(['+4915112300077']);
    const next = sid('SM');
    await webhook(a.workspace.id, 'messages', inboundSms({ MessageSid: next, From: '+4915112300077' }), TOKEN_A);
    expect((await messagesBySid(next))[0].contact_id).toBe(contactId);
  });
});

describe('signatures and isolation', () => {
  it('refuses a missing, wrong or other workspace’s signature with 403 problem+json and stores nothing', async () => {
    const cases: [string, string, string | null][] = [
      ['missing', a.workspace.id, null],
      ['other workspace’s token', a.workspace.id, TOKEN_B],
      ['made-up token', a.workspace.id, 'not-the-token'],
      ['unknown workspace', newId(), TOKEN_A],
      ['malformed workspace id', 'not-a-uuid', TOKEN_A],
    ];
    for (const [label, workspaceId, token] of cases) {
      const messageSid = sid('SM');
      const res = await webhook(
        workspaceId,
        'messages',
        inboundSms({ MessageSid: messageSid, From: '+4915112300009' }),
        token,
      );
      expect(res.statusCode, label).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe('invalid_signature');
      expect(await messagesBySid(messageSid), label).toHaveLength(0);
    }
    // A body changed after signing (the signature covers every parameter).
    const params = inboundSms({ MessageSid: sid('SM'), From: '+4915112300009' });
    const url = `/api/v1/webhooks/twilio/${a.workspace.id}/messages`;
    const tampered = await t.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams({ ...params, Body: 'changed' }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(TOKEN_A, PUBLIC_URL + url, params),
      },
    });
    expect(tampered.statusCode).toBe(403);
    for (const kind of ['status', 'voice-status'] as const) {
      const res = await webhook(
        a.workspace.id,
        kind,
        { MessageSid: 'SMx', MessageStatus: 'delivered', CallSid: 'CAx', CallStatus: 'completed' },
        TOKEN_B,
      );
      expect(res.statusCode, kind).toBe(403);
    }
  });

  it('follows a token saved through the settings at once, though the webhooks remember the settings', async () => {
    const c = await t.signup({ workspaceName: 'Twilio C' });
    const params = inboundSms({ MessageSid: 'SMrotate1', From: '+15550009999' });
    // No account yet: refused, and the answer is remembered for a few seconds.
    expect((await webhook(c.workspace.id, 'messages', params, 'first-token-0123456789')).statusCode).toBe(403);
    const save = (authToken: string) =>
      c.put('/api/v1/settings/channels', {
        twilio: { accountSid: 'AC' + 'c'.repeat(32), authToken, numbers: ['+15005550006'] },
      });
    expect((await save('first-token-0123456789')).statusCode).toBe(200);
    expect((await webhook(c.workspace.id, 'messages', params, 'first-token-0123456789')).statusCode).toBe(200);
    // A rotated token: the old one is refused at once, the new one accepted.
    expect((await save('second-token-0123456789')).statusCode).toBe(200);
    const next = inboundSms({ MessageSid: 'SMrotate2', From: '+15550009999' });
    expect((await webhook(c.workspace.id, 'messages', next, 'first-token-0123456789')).statusCode).toBe(403);
    expect((await webhook(c.workspace.id, 'messages', next, 'second-token-0123456789')).statusCode).toBe(200);
  });

  it('workspace B’s signed webhook never touches workspace A’s contacts or messages', async () => {
    const cA = await newContact(a, { phones: [{ number: '+4915112300010' }] });
    const messageSid = sid('SM');
    const res = await webhook(
      b.workspace.id,
      'messages',
      inboundSms({ MessageSid: messageSid, From: '+4915112300010' }),
      TOKEN_B,
    );
    expect(res.statusCode).toBe(200);
    const rows = await messagesBySid(messageSid);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ workspace_id: b.workspace.id, contact_id: null });
    expect(await journalOf(t, cA.id, 'message.received')).toHaveLength(0);
  });
});

describe('status and voice callbacks', () => {
  it('moves an outbound message through sent → delivered, and records a failure with its error code', async () => {
    const c = await newContact(a, { phones: [{ number: '+4915112300020' }] });
    const messageSid = sid('SM');
    await t.deps.database.pool.query(
      `insert into messages (workspace_id, id, contact_id, channel, direction, status, provider_sid, body_text, status_history)
       values ($1, $2, $3, 'sms', 'outbound', 'queued', $4, 'Your order shipped', '[{"status":"queued","at":"2026-12-01T10:00:00Z"}]')`,
      [a.workspace.id, newId(), c.id, messageSid],
    );
    for (const status of ['sent', 'delivered']) {
      const res = await webhook(
        a.workspace.id,
        'status',
        { MessageSid: messageSid, MessageStatus: status, AccountSid: SID_A },
        TOKEN_A,
      );
      expect(res.statusCode, res.body).toBe(204);
    }
    let [m] = await messagesBySid(messageSid);
    expect(m.status).toBe('delivered');
    expect(m.status_history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sent', 'delivered']);

    const failing = sid('SM');
    await t.deps.database.pool.query(
      `insert into messages (workspace_id, id, contact_id, channel, direction, status, provider_sid)
       values ($1, $2, $3, 'sms', 'outbound', 'queued', $4)`,
      [a.workspace.id, newId(), c.id, failing],
    );
    await webhook(
      a.workspace.id,
      'status',
      { MessageSid: failing, MessageStatus: 'undelivered', ErrorCode: '30003' },
      TOKEN_A,
    );
    [m] = await messagesBySid(failing);
    expect(m).toMatchObject({ status: 'undelivered', error_code: '30003' });
    // B cannot move A's message even with a valid signature of its own.
    await webhook(
      b.workspace.id,
      'status',
      { MessageSid: messageSid, MessageStatus: 'failed', ErrorCode: '1' },
      TOKEN_B,
    );
    expect((await messagesBySid(messageSid))[0].status).toBe('delivered');
  });

  it('logs a finished call from the voice status callback once, with duration, outcome and recording', async () => {
    const c = await newContact(a, { phones: [{ number: '+4915112300030' }] });
    const callSid = sid('CA');
    const params = {
      CallSid: callSid,
      AccountSid: SID_A,
      From: '+4915112300030',
      To: '+15005550006',
      Direction: 'inbound',
      CallDuration: '42',
      RecordingUrl: `${fakeBase}/2010-04-01/Accounts/${SID_A}/Recordings/RE123`,
    };
    // Events before the end are acknowledged only.
    expect(
      (await webhook(a.workspace.id, 'voice-status', { ...params, CallStatus: 'ringing' }, TOKEN_A)).statusCode,
    ).toBe(204);
    expect(await messagesBySid(callSid)).toHaveLength(0);
    expect(
      (await webhook(a.workspace.id, 'voice-status', { ...params, CallStatus: 'completed' }, TOKEN_A)).statusCode,
    ).toBe(204);
    expect(
      (await webhook(a.workspace.id, 'voice-status', { ...params, CallStatus: 'completed' }, TOKEN_A)).statusCode,
    ).toBe(204);
    const rows = await messagesBySid(callSid);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      contact_id: c.id,
      channel: 'call',
      direction: 'inbound',
      duration_seconds: 42,
      outcome: 'answered',
      recording_url: params.RecordingUrl,
    });
    // An outbound call that was not answered, matched by the number called.
    const missed = sid('CA');
    await webhook(
      a.workspace.id,
      'voice-status',
      {
        CallSid: missed,
        From: '+15005550006',
        To: '+4915112300030',
        Direction: 'outbound-api',
        CallStatus: 'no-answer',
        CallDuration: '0',
      },
      TOKEN_A,
    );
    expect((await messagesBySid(missed))[0]).toMatchObject({
      contact_id: c.id,
      direction: 'outbound',
      outcome: 'no_answer',
    });
  });

  it('stores an outbound call outbound from the start: it never counts unread in the inbox', async () => {
    const c = await newContact(a, { phones: [{ number: '+4915112300031' }] });
    const callSid = sid('CA');
    const params = {
      CallSid: callSid,
      From: '+15005550006',
      To: '+4915112300031',
      Direction: 'outbound-dial',
      CallStatus: 'completed',
      CallDuration: '65',
    };
    expect((await webhook(a.workspace.id, 'voice-status', params, TOKEN_A)).statusCode).toBe(204);
    expect((await messagesBySid(callSid))[0]).toMatchObject({ contact_id: c.id, direction: 'outbound' });
    const { rows } = await t.deps.database.pool.query(
      `select unread_count, last_message_direction from conversations where workspace_id = $1 and contact_id = $2`,
      [a.workspace.id, c.id],
    );
    expect(rows).toEqual([{ unread_count: 0, last_message_direction: 'outbound' }]);
    const unread = await a.get(`/api/v1/conversations?unread=true`);
    expect(unread.json().data.map((r: { contactId: string }) => r.contactId)).not.toContain(c.id);
  });
});
