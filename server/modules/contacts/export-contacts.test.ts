// The contact list exported: CSV that Excel and Dossier's import read, vCard 4.0, the list's own filters
// and a member's limited view, streamed in batches (complete and in order past a batch), journaled.
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { newContact } from './contact-test-helpers.ts';
import { autoMap } from '../imports/auto-map.ts';
import { csvLines } from '../../platform/csv.ts';
import { contactCsvRow } from './export-contact.ts';
import { csvFromCopyText, csvTuning, EXPORT_BATCH } from './export-contacts.ts';
import { foldLine, vcardText } from './vcard.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signup();
});
afterAll(() => t.close());

const csvOf = (body: string) => {
  expect(body.startsWith('\ufeff')).toBe(true);
  return Papa.parse<Record<string, string>>(body.slice(1), { header: true, skipEmptyLines: true }).data;
};

describe('the contact list as CSV', () => {
  let ana: string;
  beforeAll(async () => {
    ana = (
      await newContact(admin, {
        firstName: 'Ana',
        lastName: 'Exporta',
        emails: [{ email: 'ana@export.test' }, { email: 'ana.private@export.test' }],
        phones: [{ number: '+49 30 901820' }],
        tags: ['Export VIP'],
      })
    ).id;
    // A name that a spreadsheet would run as a formula.
    await newContact(admin, { firstName: '=HYPERLINK("http://evil")', lastName: 'Exporta' });
    await newContact(admin, { firstName: 'Other', lastName: 'Person' });
  });

  it('streams the filtered list with every email, phone and tag, formulas neutralised', async () => {
    const res = await admin.get('/api/v1/contacts/export?q=exporta');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = csvOf(res.body);
    expect(rows.map((r) => r.lastName)).toEqual(['Exporta', 'Exporta']);
    const a = rows.find((r) => r.id === ana)!;
    expect(a).toMatchObject({
      firstName: 'Ana',
      emails: 'ana@export.test; ana.private@export.test',
      // A leading + would be read as a formula: quoted, as the import expects.
      phones: "'+4930901820",
      tags: 'Export VIP',
      owner: admin.user.name,
      kind: 'person',
    });
    const evil = rows.find((r) => r.id !== ana)!;
    expect(evil.firstName).toMatch(/^'=/);
    // The headers are the one-contact export's, and Dossier's import maps them back.
    const one = await admin.get(`/api/v1/contacts/${ana}/export?format=csv`);
    expect(Object.keys(csvOf(one.body)[0]!)).toEqual(Object.keys(a));
    const { mapping, layout } = autoMap([...Object.keys(a), 'custom.industry'], { customKeys: new Set(['industry']) });
    expect(layout?.id).toBe('dossier');
    const target = (h: string) => mapping.find((m) => m.header === h)?.target;
    expect(
      ['firstName', 'lastName', 'emails', 'phones', 'tags', 'owner', 'locations', 'custom.industry'].map(target),
    ).toEqual(['firstName', 'lastName', 'email', 'phone', 'tags', 'owner', 'address', 'custom.industry']);
  });

  it('writes each contact line by line as the one-contact export does, whatever its values hold', async () => {
    const owner = await t.signup();
    const field = async (body: Record<string, unknown>) => (await owner.post('/api/v1/custom-fields', body)).json();
    await field({
      label: 'Interests',
      type: 'multi_select',
      options: ['a', 'b', 'c'].map((v) => ({ value: v, label: v })),
    });
    await field({ label: 'Score', type: 'number' });
    await field({ label: 'Active', type: 'checkbox' });
    await field({ label: 'Motto', type: 'long_text' });
    await field({ label: 'Signed', type: 'date' });
    const shoe = await field({ label: 'Shoe size', type: 'text', appliesToAll: false });
    const full = await newContact(owner, {
      firstName: 'Zoë',
      lastName: 'O\'Brien, "Jr"',
      title: '@head',
      businessName: 'Kurz; Lang, und Söhne',
      emails: [{ email: 'zoe@obrien.test' }, { email: 'z@obrien.test' }],
      phones: [{ number: '+49 30 901820' }],
      // Bytes the database's COPY escapes on the way: a backslash, a tab, a line break.
      locations: [{ label: 'Office', address: 'C:\\Hauptstraße\t1,\nBerlin', city: 'Berlin' }],
      tags: ['Export B', 'Export A'],
      keywords: ['vip', 'late payer'],
      publicLinks: [{ label: 'Site', url: 'https://obrien.test/' }],
      source: '=SUM(A1)',
      custom: {
        interests: ['c', 'a'],
        score: -5.25,
        active: true,
        motto: ' line one\nline two ',
        signed: '2026-01-02',
      },
    });
    const attached = await newContact(owner, { firstName: 'Shoe', lastName: 'Wearer', custom: { shoe_size: '42' } });
    const business = await newContact(owner, { kind: 'business', businessName: ' Spaced Ltd ' });
    // A value left in place of a field that no longer applies to the contact is not exported.
    await t.deps.database.pool.query(
      `update contacts set custom = custom || '{"shoe_size": "41"}' where workspace_id = $1 and id = $2`,
      [owner.workspace.id, business.id],
    );
    await owner.delete(`/api/v1/contacts/${attached.id}`);
    expect(shoe.key).toBe('shoe_size');

    const body = (await owner.get('/api/v1/contacts/export?archived=false')).body;
    const archived = (await owner.get('/api/v1/contacts/export?archived=true')).body;
    const header = Object.keys(csvOf(body)[0]!);
    const keys = header.filter((h) => h.startsWith('custom.')).map((h) => h.slice('custom.'.length));
    expect(keys).toEqual(expect.arrayContaining(['interests', 'score', 'active', 'motto', 'signed', 'shoe_size']));
    const lines = [...body.split('\r\n'), ...archived.split('\r\n')];
    for (const contact of [full, attached, business]) {
      const profile = (await owner.get(`/api/v1/contacts/${contact.id}`)).json();
      const expected = csvLines([Object.values(contactCsvRow(profile, keys))]);
      expect(`${lines.find((l) => l.startsWith(contact.id))}\r\n`).toBe(expected);
    }
  });

  it('gives a header row for an empty list, and refuses a bad format or filter with a problem', async () => {
    const empty = await admin.get('/api/v1/contacts/export?q=nobody-is-called-this');
    expect(empty.statusCode).toBe(200);
    expect(empty.body.replace('\ufeff', '').split('\r\n')[0]).toMatch(/^id,kind,displayName,/);
    const bad = await admin.get('/api/v1/contacts/export?format=xlsx');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    const badFilter = await admin.get(`/api/v1/contacts/export?filters=${encodeURIComponent('[{"field":"x"}]')}`);
    expect(badFilter.statusCode).toBe(400);
  });

  it('is journaled for the audit log, with its format and query', async () => {
    await admin.get('/api/v1/contacts/export?q=exporta&format=vcard');
    const { rows } = await t.deps.database.pool.query(
      `select data, contact_id from journal_entries where workspace_id = $1 and kind = 'contacts.exported'
       order by occurred_at desc limit 1`,
      [admin.workspace.id],
    );
    expect(rows[0]).toMatchObject({ contact_id: null, data: { format: 'vcard', query: { q: 'exporta' } } });
  });
});

describe('COPY text to CSV', () => {
  it('puts back the bytes COPY escaped and ends each row with CRLF', () => {
    const raw = Buffer.from('a\\\\b\\tc\\nd\\re,f\n\\\\\n\n', 'latin1');
    const { chunks, count } = csvFromCopyText(raw);
    expect(count).toBe(3);
    expect(Buffer.concat(chunks).toString('latin1')).toBe('a\\b\tc\nd\re,f\r\n\\\r\n\r\n');
    expect(csvFromCopyText(Buffer.from('plain\n')).chunks[0]!.toString()).toBe('plain\r\n');
  });
});

describe('the contact list as vCard', () => {
  it('writes one vCard 4.0 per contact, escaped and folded', async () => {
    const business = await newContact(admin, { kind: 'business', businessName: 'Kurz; Lang, und Söhne GmbH' });
    const res = await admin.get('/api/v1/contacts/export?format=vcard&q=S%C3%B6hne');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/vcard/);
    const cards = res.body.split('END:VCARD\r\n').filter(Boolean);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toContain('BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\n');
    expect(cards[0]).toContain(`UID:urn:uuid:${business.id}`);
    expect(cards[0]).toContain('ORG:Kurz\\; Lang\\, und Söhne GmbH');
    expect(vcardText('a\\b\nc')).toBe('a\\\\b\\nc');
    // Folded at 75 octets, never inside a character.
    const folded = foldLine(`NOTE:${'ü'.repeat(60)}`);
    for (const line of folded.split('\r\n').filter(Boolean)) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '').trimEnd()).toBe(`NOTE:${'ü'.repeat(60)}`);
  });
});

describe('who sees what', () => {
  it('exports past a batch complete and in order, a member only their own, another workspace nothing', async () => {
    // CSV runs of 200 here (5,000 in use): 1,050 contacts cross five run ends and a vCard batch (1,000).
    const saved = csvTuning.batch;
    csvTuning.batch = 200;
    onTestFinished(() => void (csvTuning.batch = saved));
    const count = EXPORT_BATCH + 50;
    const owner = await t.signup();
    await t.deps.database.pool.query(
      `insert into contacts (workspace_id, id, kind, display_name, first_name, last_name, contact_type, owner_id, search_text)
       select $1, gen_random_uuid(), 'person', 'Bulk ' || g, 'Bulk', g::text, 'lead', $2, 'bulk ' || g
       from generate_series(1, $3) g`,
      [owner.workspace.id, owner.user.id, count],
    );
    const all = csvOf((await owner.get('/api/v1/contacts/export')).body);
    expect(all).toHaveLength(count);
    const cards = (await owner.get('/api/v1/contacts/export?format=vcard')).body;
    expect(cards.match(/BEGIN:VCARD/g)).toHaveLength(count);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort());

    const member = await owner.addUser('member');
    await owner.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const mine = await newContact(member, { firstName: 'Member', lastName: 'Owned' });
    const seen = csvOf((await member.get('/api/v1/contacts/export')).body);
    expect(seen.map((r) => r.id)).toEqual([mine.id]);

    // The other workspace's export holds none of these.
    const theirs = csvOf((await admin.get('/api/v1/contacts/export?q=bulk')).body);
    expect(theirs).toEqual([]);
  });
});
