import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, systemCtx } from '../../platform/context.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact } from './contact-test-helpers.ts';
import { offlineProvider, twilioProvider } from './line-type.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('emails', () => {
  it('normalises, keeps exactly one primary and journals each change', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const first = await admin.post(`/api/v1/contacts/${c.id}/emails`, { email: '  First@Mail.TEST ' });
    expect(first.statusCode).toBe(201);
    expect(first.headers.etag).toBe('"2"');
    expect(first.json().emails).toMatchObject([{ email: 'first@mail.test', isPrimary: true, type: 'work' }]);
    const second = await admin.post(`/api/v1/contacts/${c.id}/emails`, { email: 'second@mail.test', isPrimary: true });
    expect(second.json().emails.map((e: any) => [e.email, e.isPrimary])).toEqual([
      ['first@mail.test', false],
      ['second@mail.test', true],
    ]);
    const firstId = second.json().emails[0].id;
    const secondId = second.json().emails[1].id;
    const changed = await admin.patch(`/api/v1/contacts/${c.id}/emails/${firstId}`, {
      email: 'renamed@mail.test',
      type: 'personal',
      isPrimary: true,
    });
    expect(changed.json().emails.map((e: any) => [e.email, e.type, e.isPrimary])).toEqual([
      ['renamed@mail.test', 'personal', true],
      ['second@mail.test', 'work', false],
    ]);
    const removed = await admin.delete(`/api/v1/contacts/${c.id}/emails/${firstId}`);
    expect(removed.json().emails).toMatchObject([{ id: secondId, isPrimary: true }]);
    expect(removed.json().version).toBe(5);
    const kinds = (await journalOf(t, c.id)).map((e) => e.kind);
    expect(kinds).toEqual([
      'contact.created',
      'contact.email_added',
      'contact.email_added',
      'contact.email_changed',
      'contact.email_removed',
    ]);
    const [changedEntry] = await journalOf(t, c.id, 'contact.email_changed');
    expect(changedEntry!.data.changes).toEqual(
      expect.arrayContaining([
        { field: 'email', old: 'first@mail.test', new: 'renamed@mail.test' },
        { field: 'type', old: 'work', new: 'personal' },
        { field: 'isPrimary', old: false, new: true },
      ]),
    );
    expect(changedEntry!.actor_id).toBe(admin.user.id);
    // Found by the new address, not the old.
    expect((await admin.get('/api/v1/contacts?q=second@mail.test')).json().data).toHaveLength(1);
    expect((await admin.get('/api/v1/contacts?q=renamed')).json().data).toHaveLength(0);
  });

  it('refuses an email another contact holds, naming that contact, and writes nothing', async () => {
    const admin = await t.signup();
    const jane = await newContact(admin, {
      firstName: 'Jane',
      lastName: 'Doe',
      emails: [{ email: 'jane@taken.test' }],
    });
    const other = await newContact(admin);
    const res = await admin.post(`/api/v1/contacts/${other.id}/emails`, { email: 'JANE@taken.test' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'email_taken',
      detail: 'This email is already used by "Jane Doe"',
      contact: { id: jane.id, displayName: 'Jane Doe', archived: false },
    });
    expect(await journalOf(t, other.id, 'contact.email_added')).toHaveLength(0);
    expect((await admin.get(`/api/v1/contacts/${other.id}`)).json().version).toBe(1);
    const onCreate = await admin.post('/api/v1/contacts', { firstName: 'X', emails: [{ email: 'jane@taken.test' }] });
    expect(onCreate.json()).toMatchObject({ code: 'email_taken', contact: { id: jane.id } });
    const onChange = await admin.post(`/api/v1/contacts/${other.id}/emails`, { email: 'free@taken.test' });
    const emailId = onChange.json().emails[0].id;
    const rename = await admin.patch(`/api/v1/contacts/${other.id}/emails/${emailId}`, { email: 'jane@taken.test' });
    expect(rename.json().code).toBe('email_taken');
    // Another workspace may use the same address.
    const elsewhere = await t.signup();
    await newContact(elsewhere, { emails: [{ email: 'jane@taken.test' }] });
  });

  it('names the holder of a taken email or phone only to a member who may see it', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const hidden = await newContact(admin, {
      firstName: 'Secret',
      lastName: 'Holder',
      emails: [{ email: 'secret@hidden.test' }],
      phones: [{ number: '+4915112340001' }],
    });
    const mine = await newContact(member, { firstName: 'Mine' });
    const refusals = [
      await member.post(`/api/v1/contacts/${mine.id}/emails`, { email: 'secret@hidden.test' }),
      await member.post(`/api/v1/contacts/${mine.id}/phones`, { number: '+49 151 12340001' }),
      await member.post('/api/v1/contacts', { firstName: 'Y', emails: [{ email: 'secret@hidden.test' }] }),
    ];
    expect(refusals.map((r) => r.json().code)).toEqual(['email_taken', 'phone_taken', 'email_taken']);
    for (const res of refusals) {
      expect(res.statusCode).toBe(409);
      expect(res.json().detail).toMatch(/already used by another contact$/);
      expect(res.body).not.toContain(hidden.id);
      expect(res.body).not.toContain('Secret');
      expect(res.json()).not.toHaveProperty('contact');
    }
    // Once they may see it (as a follower), the holder is named.
    await admin.post(`/api/v1/contacts/${hidden.id}/followers`, { userId: member.user.id });
    const named = await member.post(`/api/v1/contacts/${mine.id}/emails`, { email: 'secret@hidden.test' });
    expect(named.json()).toMatchObject({
      code: 'email_taken',
      contact: { id: hidden.id, displayName: 'Secret Holder' },
    });
  });

  it('lets only one of two concurrent requests take the same email (the unique index decides)', async () => {
    const admin = await t.signup();
    const a = await newContact(admin, { firstName: 'Anna', lastName: 'A' });
    const b = await newContact(admin, { firstName: 'Bert', lastName: 'B' });
    const results = await Promise.all([
      admin.post(`/api/v1/contacts/${a.id}/emails`, { email: 'race@mail.test' }),
      admin.post(`/api/v1/contacts/${b.id}/emails`, { email: 'race@mail.test' }),
      admin.post('/api/v1/contacts', { firstName: 'Carl', emails: [{ email: 'race@mail.test' }] }),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409]);
    const winner = results.find((r) => r.statusCode === 201)!.json();
    for (const loser of results.filter((r) => r.statusCode === 409)) {
      expect(loser.json()).toMatchObject({ code: 'email_taken', contact: { id: winner.id } });
    }
  });

  it('refuses to remove the last email of a person known only by it', async () => {
    const admin = await t.signup();
    const c = await newContact(admin, { firstName: null, lastName: null, emails: [{ email: 'only@mail.test' }] });
    const res = await admin.delete(`/api/v1/contacts/${c.id}/emails/${c.emails[0].id}`);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('name_required');
    expect(await journalOf(t, c.id, 'contact.email_removed')).toHaveLength(0);
  });
});

describe('phones', () => {
  it('stores E.164, derives the line type and "OK to SMS", and refuses SMS on a landline', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const mobile = await admin.post(`/api/v1/contacts/${c.id}/phones`, { number: '0151 1234 5678', country: 'DE' });
    expect(mobile.statusCode).toBe(201);
    expect(mobile.json().phones[0]).toMatchObject({
      e164: '+4915112345678',
      national: '01511 2345678',
      country: 'DE',
      lineType: 'mobile',
      lineTypeSource: 'offline',
      smsAllowed: true,
      smsBlockedReason: null,
      isPrimary: true,
    });
    expect(mobile.json().phones[0].lineTypeCheckedAt).not.toBeNull();
    const landline = await admin.post(`/api/v1/contacts/${c.id}/phones`, { number: '+49 30 1234567', type: 'office' });
    const office = landline.json().phones[1];
    expect(office).toMatchObject({ lineType: 'fixed_line', smsAllowed: false, smsBlockedReason: 'landline' });
    const enable = await admin.patch(`/api/v1/contacts/${c.id}/phones/${office.id}`, { smsAllowed: true });
    expect(enable.statusCode).toBe(409);
    expect(enable.json()).toMatchObject({ code: 'sms_not_allowed', detail: 'Landline number, SMS not allowed' });
    const onAdd = await admin.post(`/api/v1/contacts/${c.id}/phones`, { number: '+49 40 1234567', smsAllowed: true });
    expect(onAdd.json().code).toBe('sms_not_allowed');
    const tollFree = await admin.post(`/api/v1/contacts/${c.id}/phones`, { number: '+1 800 555 1234' });
    expect(tollFree.json().phones[2]).toMatchObject({ lineType: 'fixed_line', smsAllowed: false });
    const us = await admin.post(`/api/v1/contacts/${c.id}/phones`, { number: '+1 212 555 1234', smsAllowed: false });
    expect(us.json().phones[3]).toMatchObject({ lineType: 'fixed_line_or_mobile', smsAllowed: false });
    const consent = await admin.patch(`/api/v1/contacts/${c.id}/phones/${us.json().phones[3].id}`, {
      smsAllowed: true,
    });
    expect(consent.json().phones[3]).toMatchObject({ smsAllowed: true, smsBlockedReason: null });
    // DND on SMS blocks texting whatever the line.
    const dnd = await admin.put(`/api/v1/contacts/${c.id}/dnd`, { sms: true });
    expect(dnd.json().phones[0].smsBlockedReason).toBe('dnd');
    const added = await journalOf(t, c.id, 'contact.phone_added');
    expect(added.map((e) => [e.data.e164, e.data.lineType, e.data.smsAllowed])).toEqual([
      ['+4915112345678', 'mobile', true],
      ['+49301234567', 'fixed_line', false],
      ['+18005551234', 'fixed_line', false],
      ['+12125551234', 'fixed_line_or_mobile', false],
    ]);
  });

  it('needs a country code or a country, takes the contact’s country by default, and refuses invalid numbers', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const local = await admin.post(`/api/v1/contacts/${c.id}/phones`, { number: '030 1234567' });
    expect(local.statusCode).toBe(400);
    expect(local.json()).toMatchObject({ code: 'phone_invalid', detail: expect.stringMatching(/country code/) });
    const invalid = await admin.post(`/api/v1/contacts/${c.id}/phones`, { number: '+49 1' });
    expect(invalid.json()).toMatchObject({ status: 400, code: 'phone_invalid' });
    const located = await newContact(admin, { locations: [{ label: 'Home', address: 'Paris', country: 'FR' }] });
    const fr = await admin.post(`/api/v1/contacts/${located.id}/phones`, { number: '06 12 34 56 78' });
    expect(fr.json().phones[0]).toMatchObject({ e164: '+33612345678', lineType: 'mobile' });
    const created = await admin.post('/api/v1/contacts', {
      firstName: 'Loc',
      locations: [{ label: 'Office', address: 'Wien', country: 'at' }],
      phones: [{ number: '01 5123456' }],
    });
    expect(created.json().phones[0].e164).toBe('+4315123456');
    const bad = await admin.post('/api/v1/contacts', { firstName: 'No', phones: [{ number: '12345' }] });
    expect(bad.json().code).toBe('phone_invalid');
  });

  it('refuses a number another contact holds, naming it', async () => {
    const admin = await t.signup();
    const holder = await newContact(admin, {
      firstName: 'Phil',
      lastName: 'Holder',
      phones: [{ number: '+4915112345678' }],
    });
    const other = await newContact(admin);
    const res = await admin.post(`/api/v1/contacts/${other.id}/phones`, { number: '01511 2345678', country: 'DE' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'phone_taken',
      detail: 'This phone number is already used by "Phil Holder"',
      contact: { id: holder.id, displayName: 'Phil Holder', archived: false },
    });
    expect(await journalOf(t, other.id, 'contact.phone_added')).toHaveLength(0);
  });

  it('re-checks the line type when the number changes and on request', async () => {
    const admin = await t.signup();
    const c = await newContact(admin, { phones: [{ number: '+49 30 1234567' }] });
    const phoneId = c.phones[0].id;
    expect(c.phones[0]).toMatchObject({ lineType: 'fixed_line', smsAllowed: false });
    const changed = await admin.patch(`/api/v1/contacts/${c.id}/phones/${phoneId}`, { number: '+49 151 12345678' });
    expect(changed.json().phones[0]).toMatchObject({ e164: '+4915112345678', lineType: 'mobile', smsAllowed: true });
    const [entry] = await journalOf(t, c.id, 'contact.phone_changed');
    expect(entry!.data.changes).toEqual(
      expect.arrayContaining([
        { field: 'e164', old: '+49301234567', new: '+4915112345678' },
        { field: 'lineType', old: 'fixed_line', new: 'mobile' },
        { field: 'smsAllowed', old: false, new: true },
      ]),
    );
    const optOut = await admin.patch(`/api/v1/contacts/${c.id}/phones/${phoneId}`, { smsAllowed: false });
    expect(optOut.json().phones[0].smsAllowed).toBe(false);
    const recheck = await admin.post(`/api/v1/contacts/${c.id}/phones/${phoneId}/check-line-type`);
    expect(recheck.statusCode).toBe(200);
    // Still mobile: the manual "no consent" stays.
    expect(recheck.json().phones[0]).toMatchObject({ lineType: 'mobile', smsAllowed: false });
    const [checked] = await journalOf(t, c.id, 'contact.phone_line_checked');
    expect(checked!.data).toMatchObject({ e164: '+4915112345678', lineType: 'mobile', source: 'offline' });
    const removed = await admin.delete(`/api/v1/contacts/${c.id}/phones/${phoneId}`);
    expect(removed.json().phones).toEqual([]);
  });

  describe('with Twilio Lookup', () => {
    let server: http.Server;
    let base: string;
    const seen: { url: string; auth: string | undefined }[] = [];
    const answers: Record<string, { status: number; type?: string; carrier?: string }> = {};
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        seen.push({ url: req.url ?? '', auth: req.headers.authorization });
        const e164 = decodeURIComponent((req.url ?? '').split('/v2/PhoneNumbers/')[1]?.split('?')[0] ?? '');
        const answer = answers[e164] ?? { status: 200, type: 'unknown' };
        res.statusCode = answer.status;
        res.setHeader('content-type', 'application/json');
        if (answer.status !== 200) {
          res.end(JSON.stringify({ code: 20003, message: 'Authenticate', status: answer.status }));
          return;
        }
        // Twilio's payload format for a Line Type Intelligence lookup.
        res.end(
          JSON.stringify({
            calling_country_code: '49',
            country_code: 'DE',
            phone_number: e164,
            national_format: e164,
            valid: true,
            validation_errors: [],
            caller_name: null,
            sim_swap: null,
            call_forwarding: null,
            line_status: null,
            line_type_intelligence: {
              error_code: null,
              mobile_country_code: '262',
              mobile_network_code: '01',
              carrier_name: answer.carrier ?? null,
              type: answer.type,
            },
            identity_match: null,
            reassigned_number: null,
            sms_pumping_risk: null,
            phone_number_quality_score: null,
            pre_fill: null,
            url: `https://lookups.twilio.com/v2/PhoneNumbers/${e164}`,
          }),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('maps Twilio’s line types, sends basic auth, and falls back to offline metadata on errors', async () => {
      const provider = twilioProvider({ accountSid: 'AC123', authToken: 'secret', baseUrl: base });
      answers['+4915112345678'] = { status: 200, type: 'nonFixedVoip', carrier: 'Sipgate' };
      expect(await provider.lookup('+4915112345678')).toEqual({ lineType: 'voip', carrier: 'Sipgate' });
      expect(seen.at(-1)).toEqual({
        url: '/v2/PhoneNumbers/%2B4915112345678?Fields=line_type_intelligence',
        auth: `Basic ${Buffer.from('AC123:secret').toString('base64')}`,
      });
      answers['+4915112345679'] = { status: 200, type: 'landline', carrier: 'Telekom' };
      expect(await provider.lookup('+4915112345679')).toEqual({ lineType: 'fixed_line', carrier: 'Telekom' });
      answers['+4915112345670'] = { status: 401 };
      await expect(provider.lookup('+4915112345670')).rejects.toThrow(/401/);
      expect((await offlineProvider.lookup('+4915112345670')).lineType).toBe('mobile');
    });

    it('uses the configured provider for new numbers and the re-check', async () => {
      const saved = { ...process.env };
      Object.assign(process.env, {
        LINE_TYPE_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: 'AC123',
        TWILIO_AUTH_TOKEN: 'secret',
        TWILIO_LOOKUP_URL: base,
      });
      try {
        const admin = await t.signup();
        answers['+4915112345671'] = { status: 200, type: 'landline', carrier: 'Telekom' };
        const c = await newContact(admin, { phones: [{ number: '+4915112345671' }] });
        expect(c.phones[0]).toMatchObject({
          lineType: 'fixed_line',
          lineTypeSource: 'twilio',
          carrier: 'Telekom',
          smsAllowed: false,
          smsBlockedReason: 'landline',
        });
        answers['+4915112345671'] = { status: 200, type: 'mobile', carrier: 'Vodafone' };
        const recheck = await admin.post(`/api/v1/contacts/${c.id}/phones/${c.phones[0].id}/check-line-type`);
        expect(recheck.json().phones[0]).toMatchObject({ lineType: 'mobile', carrier: 'Vodafone', smsAllowed: true });
        const [entry] = await journalOf(t, c.id, 'contact.phone_line_checked');
        expect(entry!.data).toMatchObject({ previousLineType: 'fixed_line', lineType: 'mobile', source: 'twilio' });
        answers['+4915112345672'] = { status: 200, type: 'unknown' };
        const unknown = await admin.post(`/api/v1/contacts/${c.id}/phones`, { number: '+4915112345672' });
        const u = unknown.json().phones[1];
        expect(u).toMatchObject({ lineType: 'unknown', smsAllowed: false, smsBlockedReason: 'no_permission' });
        const byHand = await admin.patch(`/api/v1/contacts/${c.id}/phones/${u.id}`, { smsAllowed: true });
        expect(byHand.json().phones[1].smsAllowed).toBe(true);
        answers['+4915112345673'] = { status: 500 };
        const down = await admin.post(`/api/v1/contacts/${c.id}/phones`, { number: '+4915112345673' });
        expect(down.json().phones[2]).toMatchObject({ lineType: 'mobile', lineTypeSource: 'offline' });
      } finally {
        for (const key of ['LINE_TYPE_PROVIDER', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_LOOKUP_URL']) {
          if (saved[key] === undefined) delete process.env[key];
          else process.env[key] = saved[key];
        }
      }
    });
  });
});

describe('locations', () => {
  it('adds, changes and removes locations with coordinates and one primary', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const hq = await admin.post(`/api/v1/contacts/${c.id}/locations`, {
      label: 'HQ',
      address: 'Marienplatz 1, 80331 München',
      city: 'München',
      country: 'DE',
      lat: 48.137,
      lng: 11.575,
    });
    expect(hq.statusCode).toBe(201);
    const branch = await admin.post(`/api/v1/contacts/${c.id}/locations`, {
      label: 'Branch',
      address: 'Hafenstraße 2, Hamburg',
      isPrimary: true,
    });
    expect(branch.json().locations.map((l: any) => [l.label, l.isPrimary])).toEqual([
      ['HQ', false],
      ['Branch', true],
    ]);
    const hqId = hq.json().locations[0].id;
    const moved = await admin.patch(`/api/v1/contacts/${c.id}/locations/${hqId}`, { lat: 48.2, lng: 11.6 });
    expect(moved.json().locations[0]).toMatchObject({ lat: 48.2, lng: 11.6, city: 'München' });
    const half = await admin.patch(`/api/v1/contacts/${c.id}/locations/${hqId}`, { lat: null });
    expect(half.statusCode).toBe(400);
    const onlyLat = await admin.post(`/api/v1/contacts/${c.id}/locations`, { label: 'x', address: 'y', lat: 1 });
    expect(onlyLat.statusCode).toBe(400);
    const outOfRange = await admin.post(`/api/v1/contacts/${c.id}/locations`, {
      label: 'x',
      address: 'y',
      lat: 91,
      lng: 0,
    });
    expect(outOfRange.statusCode).toBe(400);
    const removed = await admin.delete(`/api/v1/contacts/${c.id}/locations/${branch.json().locations[1].id}`);
    expect(removed.json().locations).toMatchObject([{ label: 'HQ', isPrimary: true }]);
    expect((await journalOf(t, c.id)).map((e) => e.kind)).toEqual([
      'contact.created',
      'contact.location_added',
      'contact.location_added',
      'contact.location_changed',
      'contact.location_removed',
    ]);
    const [changed] = await journalOf(t, c.id, 'contact.location_changed');
    expect(changed!.data.changes).toEqual([
      { field: 'lat', old: 48.137, new: 48.2 },
      { field: 'lng', old: 11.575, new: 11.6 },
    ]);
  });

  it('answers 404 for an email, phone or location of another contact', async () => {
    const admin = await t.signup();
    const a = await newContact(admin, {
      emails: [{ email: 'a@owner.test' }],
      phones: [{ number: '+4915112345678' }],
      locations: [{ label: 'x', address: 'y' }],
    });
    const b = await newContact(admin);
    const res = await Promise.all([
      admin.patch(`/api/v1/contacts/${b.id}/emails/${a.emails[0].id}`, { type: 'other' }),
      admin.delete(`/api/v1/contacts/${b.id}/phones/${a.phones[0].id}`),
      admin.post(`/api/v1/contacts/${b.id}/phones/${a.phones[0].id}/check-line-type`),
      admin.delete(`/api/v1/contacts/${b.id}/locations/${a.locations[0].id}`),
    ]);
    expect(res.map((r) => r.statusCode)).toEqual([404, 404, 404, 404]);
  });
});

describe('system writes', () => {
  it('records the journal actor of a system context', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const ctx = systemCtx(t.deps, admin.workspace.id, { type: 'automation', id: null, label: 'Welcome flow' });
    const { addEmail } = await import('./contact-emails.service.ts');
    await inTransaction(ctx, (tx) =>
      addEmail({ ctx: tx, contactId: c.id, input: { email: 'flow@x.test', type: 'work' } }),
    );
    const [entry] = await journalOf(t, c.id, 'contact.email_added');
    expect(entry).toMatchObject({ actor_type: 'automation', actor_label: 'Welcome flow', actor_id: null });
  });
});
