import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, eventually, listen, type Session, type TestApp } from '../../test/harness.ts';
import { journalOf, multipart, newContact, upload } from '../contacts/contact-test-helpers.ts';
import { importTuning, recoverImports, runImport } from './run-import.job.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name));

async function uploadFile(s: Session, filename: string, data: Buffer, contentType = 'text/csv') {
  return upload(t, s, 'POST', '/api/v1/imports', { filename, contentType, data });
}
async function draft(s: Session, filename: string, data: Buffer = fixture(filename), contentType = 'text/csv') {
  const res = await uploadFile(s, filename, data, contentType);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const targets = (imp: any) =>
  Object.fromEntries(imp.mapping.filter((m: any) => m.target).map((m: any) => [m.header, m.target]));
const finished = (s: Session, id: string, status = 'completed') =>
  eventually(async () => {
    const imp = (await s.get(`/api/v1/imports/${id}`)).json();
    return imp.status === status && imp;
  }, 20_000);
async function run(s: Session, imp: any, options?: Record<string, unknown>) {
  let version = imp.version;
  if (options) {
    const patched = await s.patch(`/api/v1/imports/${imp.id}`, { options }, { 'if-match': `"${version}"` });
    expect(patched.statusCode, patched.body).toBe(200);
    version = patched.json().version;
  }
  const started = await s.post(`/api/v1/imports/${imp.id}/start`, undefined, { 'if-match': `"${version}"` });
  expect(started.statusCode, started.body).toBe(200);
  return finished(s, imp.id);
}
const contactByEmail = async (s: Session, email: string) =>
  (await s.get(`/api/v1/contacts?q=${encodeURIComponent(email)}`)).json().data[0];

describe('reading real exports', () => {
  it('Google Contacts (UTF-8, comma, multi-line cells): mapped by its headers, problems shown per cell before writing', async () => {
    const admin = await t.signup();
    const imp = await draft(admin, 'google-contacts.csv');
    expect(imp).toMatchObject({ status: 'draft', format: { kind: 'csv', encoding: 'utf-8', delimiter: ',' } });
    expect(imp.progress.total).toBe(3);
    expect(targets(imp)).toMatchObject({
      'First Name': 'firstName',
      'Last Name': 'lastName',
      'Organization Name': 'businessName',
      'Organization Title': 'title',
      'E-mail 1 - Value': 'email',
      'E-mail 2 - Value': 'email',
      'Phone 1 - Value': 'phone',
      'Phone 2 - Value': 'phone',
      'Address 1 - City': 'city',
      Labels: 'tags',
      Birthday: 'birthday',
    });
    const preview = (await admin.get(`/api/v1/imports/${imp.id}/preview`)).json();
    const [jurgen, anna, bob] = preview.rows;
    expect(jurgen).toMatchObject({
      action: 'create',
      problems: [],
      contact: {
        displayName: 'Jürgen Müller',
        businessName: 'Müller & Söhne GmbH',
        emails: ['juergen@mueller-soehne.de', 'j.mueller@example.de'],
        phones: ['+4915123456789', '+49301234567'],
        birthday: '1970-05-17',
        tags: ['Kunden'],
        owner: admin.user.name,
      },
    });
    expect(anna.action).toBe('reject');
    expect(anna.problems.map((p: any) => [p.header, p.code])).toEqual([
      ['Birthday', 'date_invalid'],
      ['E-mail 1 - Value', 'email_invalid'],
    ]);
    expect(bob.problems).toEqual([expect.objectContaining({ header: 'Phone 1 - Value', code: 'phone_invalid' })]);
    // Nothing was written by the preview.
    expect((await admin.get('/api/v1/contacts')).json().data).toHaveLength(0);

    // With a default country the local number of the last row is read — and said in the message when it is not.
    const patched = await admin.patch(`/api/v1/imports/${imp.id}`, { options: { defaultCountry: 'DE' } });
    const again = (await admin.get(`/api/v1/imports/${imp.id}/preview`)).json();
    expect(again.rows[2].problems[0].message).toContain('DE');
    expect(patched.statusCode).toBe(200);
  });

  it('Outlook in Windows-1252 with semicolons, and Excel "Unicode text" (UTF-16, tabs)', async () => {
    const admin = await t.signup();
    const outlook = await draft(admin, 'outlook.csv');
    expect(outlook.format).toEqual({ kind: 'csv', encoding: 'windows-1252', delimiter: ';' });
    expect(targets(outlook)).toMatchObject({
      'E-mail Address': 'email',
      'Mobile Phone': 'phone.mobile',
      'Business Phone': 'phone.office',
      'Business Street': 'street',
      'Business City': 'city',
      'Job Title': 'title',
      Company: 'businessName',
    });
    expect(targets(outlook).Title).toBeUndefined();
    const row = (await admin.get(`/api/v1/imports/${outlook.id}/preview`)).json().rows[0];
    expect(row.contact).toMatchObject({
      displayName: 'François Dupré',
      businessName: 'Dupré SARL',
      title: 'Directeur',
      birthday: '1980-12-31',
      phones: ['+33612345678', '+33142685300'],
      address: '12 rue de Rivoli, 75001 Paris, France',
    });

    const excel = await draft(admin, 'excel-unicode.txt', fixture('excel-unicode.txt'), 'text/plain');
    expect(excel.format).toEqual({ kind: 'csv', encoding: 'utf-16le', delimiter: '\t' });
    expect(excel.headers).toEqual(['Vorname', 'Nachname', 'Firma', 'E-Mail-Adresse', 'Telefon', 'Ort']);
    const rows = (await admin.get(`/api/v1/imports/${excel.id}/preview`)).json().rows;
    expect(rows[0].contact).toMatchObject({ displayName: 'Zoë Łukasiewicz', businessName: 'Æther AG' });
    // "030 …" has no country code and no country was chosen.
    expect(rows[0].problems[0]).toMatchObject({ header: 'Telefon', code: 'phone_invalid' });
    expect(rows[1]).toMatchObject({ action: 'create', contact: { displayName: 'Ümit Yılmaz' } });
  });

  it('HubSpot and HighLevel exports; an unknown owner is a problem of its cell', async () => {
    const admin = await t.signup();
    const hubspot = await draft(admin, 'hubspot.csv');
    expect(hubspot.format.encoding).toBe('utf-8');
    expect(hubspot.headers[0]).toBe('Record ID');
    expect(targets(hubspot)).toMatchObject({
      'Phone Number': 'phone.office',
      'Mobile Phone Number': 'phone.mobile',
      'Contact owner': 'owner',
      'State/Region': 'region',
      'Original Source': 'source',
    });
    const rows = (await admin.get(`/api/v1/imports/${hubspot.id}/preview`)).json().rows;
    expect(rows[0].problems).toEqual([expect.objectContaining({ header: 'Contact owner', code: 'owner_unknown' })]);
    expect(rows[1].contact).toMatchObject({ displayName: 'Lars Ek', phones: ['+46701234567'] });

    const highlevel = await draft(admin, 'highlevel.csv');
    expect(targets(highlevel)).toMatchObject({
      Phone: 'phone',
      Email: 'email',
      Tags: 'tags',
      'Business Name': 'businessName',
    });
    const hl = (await admin.get(`/api/v1/imports/${highlevel.id}/preview`)).json().rows;
    expect(hl[0].contact).toMatchObject({
      displayName: 'Maria Rossi',
      tags: ['vip', 'italy'],
      businessName: 'Rossi Srl',
    });
    expect(hl[1].contact.displayName).toBe('Luca');
  });

  it('vCard 3.0 and 4.0', async () => {
    const admin = await t.signup();
    const v3 = await draft(admin, 'contacts-v3.vcf', fixture('contacts-v3.vcf'), 'text/vcard');
    expect(v3.format).toEqual({ kind: 'vcard', encoding: 'utf-8', delimiter: null });
    expect(v3.progress.total).toBe(2);
    const rows = (await admin.get(`/api/v1/imports/${v3.id}/preview`)).json().rows;
    expect(rows[0].contact).toMatchObject({
      displayName: 'Maria Keller',
      businessName: 'Keller Bau GmbH',
      title: 'Einkauf',
      emails: ['maria@keller-bau.example'],
      phones: ['+491712345678', '+4989123456'],
      birthday: '1982-07-04',
      tags: ['Kunden', 'Bau'],
    });
    expect(rows[1].contact).toMatchObject({ displayName: 'Tom Weber', emails: ['tom@weber.example'] });
    const done = await run(admin, v3);
    expect(done.progress).toMatchObject({ created: 2, rejected: 0 });

    const v4 = await draft(admin, 'contacts-v4.vcf', fixture('contacts-v4.vcf'), 'text/vcard');
    const r4 = (await admin.get(`/api/v1/imports/${v4.id}/preview`)).json().rows[0];
    expect(r4.contact).toMatchObject({
      displayName: "Sam O'Neil",
      emails: ['sam@oneil.example'],
      birthday: '1990-02-15',
    });
  });
});

describe('large files', () => {
  it('a file over 10 MB is written to disk while it arrives and answered once counted', async () => {
    const admin = await t.signup();
    const rows = Array.from(
      { length: 130_000 },
      (_, i) => `Person ${i},"Last, ${i}",p${i}@large.example,+49 30 ${1_000_000 + i},"a ""quoted"" note"`,
    );
    const data = Buffer.from(`First Name,Last Name,Email,Phone,Notes\r\n${rows.join('\r\n')}\r\n`);
    expect(data.length).toBeGreaterThan(10 * 1024 * 1024);
    const body = multipart('file', { filename: 'large.csv', contentType: 'text/csv', data });
    const base = await listen(t.app);
    const filesDir = path.join(t.deps.config.dataDir, 'files', admin.workspace.id);
    const diskBytes = () =>
      fs.existsSync(filesDir)
        ? fs.readdirSync(filesDir).reduce((n, f) => n + fs.statSync(path.join(filesDir, f)).size, 0)
        : 0;
    const half = Math.floor(body.payload.length / 2);
    const answer = new Promise<{ status: number; json: any }>((resolve, reject) => {
      const req = http.request(
        `${base}/api/v1/imports`,
        {
          method: 'POST',
          headers: {
            'content-type': body.contentType,
            'content-length': body.payload.length,
            cookie: `dossier_session=${admin.cookie}`,
            'x-csrf-token': admin.csrfToken,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.write(body.payload.subarray(0, half));
      // The first half is on disk before the second is sent: the upload is not gathered in memory.
      eventually(async () => diskBytes() > 4 * 1024 * 1024).then(() => req.end(body.payload.subarray(half)), reject);
    });
    const { status, json: imp } = await answer;
    expect(status, JSON.stringify(imp)).toBe(201);
    expect(imp.progress.total).toBe(130_000);
    expect(imp.format).toEqual({ kind: 'csv', encoding: 'utf-8', delimiter: ',' });
    const { rows: stored } = await t.deps.database.pool.query('select size, checksum from files where id = $1', [
      imp.fileId,
    ]);
    expect(stored[0]).toEqual({ size: data.length, checksum: createHash('sha256').update(data).digest('hex') });
    // The last rows read as they were written (a quoted cell spanning the reads of the file).
    const preview = (await admin.get(`/api/v1/imports/${imp.id}/preview`)).json();
    expect(preview.rows[1].contact).toMatchObject({ firstName: 'Person 1', lastName: 'Last, 1' });
  });

  it('a file over the import limit answers 413 and leaves nothing behind', async () => {
    const admin = await t.signup();
    const limit = t.deps.config.IMPORT_MAX_BYTES;
    t.deps.config.IMPORT_MAX_BYTES = 4096;
    try {
      const data = Buffer.from(`Email\n${Array.from({ length: 400 }, (_, i) => `p${i}@example.de`).join('\n')}\n`);
      const res = await uploadFile(admin, 'big.csv', data);
      expect(res.statusCode, res.body).toBe(413);
      expect(res.json().code).toBe('payload_too_large');
    } finally {
      t.deps.config.IMPORT_MAX_BYTES = limit;
    }
    const filesDir = path.join(t.deps.config.dataDir, 'files', admin.workspace.id);
    expect(fs.existsSync(filesDir) ? fs.readdirSync(filesDir) : []).toEqual([]);
    const { rows } = await t.deps.database.pool.query('select count(*)::int as n from files where workspace_id = $1', [
      admin.workspace.id,
    ]);
    expect(rows[0].n).toBe(0);
  });
});

describe('running an import', () => {
  it('writes contacts journaled as "import" with its name, lists it in the audit log, and reports rejects re-importably', async () => {
    const admin = await t.signup();
    const imp = await draft(admin, 'google-contacts.csv');
    const done = await run(admin, imp, { tags: ['Fair 2026'] });
    expect(done.progress).toMatchObject({ total: 3, done: 3, created: 1, rejected: 2, updated: 0 });
    const jurgen = await contactByEmail(admin, 'juergen@mueller-soehne.de');
    const profile = (await admin.get(`/api/v1/contacts/${jurgen.id}`)).json();
    expect(profile.tags.map((x: any) => x.name).sort()).toEqual(['Fair 2026', 'Kunden']);
    expect(profile.emails.map((e: any) => e.email)).toEqual(['juergen@mueller-soehne.de', 'j.mueller@example.de']);
    expect(profile.owner.id).toBe(admin.user.id);
    const [created] = await journalOf(t, jurgen.id, 'contact.created');
    expect(created).toMatchObject({ actor_type: 'import', actor_id: imp.id, actor_label: 'google-contacts.csv' });
    expect(created!.data).toMatchObject({ import: { id: imp.id, name: 'google-contacts.csv' } });
    // Searchable like any contact made by hand.
    expect((await admin.get('/api/v1/contacts?q=muller')).json().data.map((c: any) => c.id)).toEqual([jurgen.id]);

    const audit = (await admin.get('/api/v1/audit-log?kinds=import.started,import.finished')).json().data;
    expect(audit.map((e: any) => e.kind).sort()).toEqual(['import.finished', 'import.started']);
    expect(audit.find((e: any) => e.kind === 'import.finished').data).toMatchObject({
      created: 1,
      rejected: 2,
      status: 'completed',
    });

    const rejects = await admin.get(`/api/v1/imports/${imp.id}/rejects.csv`);
    expect(rejects.statusCode).toBe(200);
    expect(rejects.headers['content-disposition']).toContain('google-contacts-rejected.csv');
    const parsed = Papa.parse<string[]>(rejects.body.replace(/^\ufeff/, '')).data.filter((r) => r.length > 1);
    expect(parsed[0]!.at(-1)).toBe('Import problem');
    expect(parsed[0]!.slice(0, -1)).toEqual(imp.headers);
    expect(parsed).toHaveLength(3);
    expect(parsed[1]![0]).toBe('Anna');
    expect(parsed[1]!.at(-1)).toMatch(/E-mail 1 - Value: "anna@@example" is not a valid email address/);
    expect(parsed[2]!.at(-1)).toMatch(/Phone 1 - Value/);

    // Fixed and imported again: the problem column maps to nothing.
    const fixedRows = parsed.slice(1).map((r) => r.slice(0, -1));
    fixedRows[0]![18] = 'anna@example.de';
    fixedRows[0]![13] = '';
    fixedRows[1]![22] = '+44 20 7946 0958';
    const again = await draft(
      admin,
      'fixed.csv',
      Buffer.from(Papa.unparse([parsed[0]!, ...fixedRows.map((r) => [...r, ''])])),
    );
    expect(again.mapping.at(-1).target).toBeNull();
    const rerun = await run(admin, again);
    expect((await admin.get(`/api/v1/imports/${again.id}/rejects.csv`)).body.split('\n')[1] ?? '').toBe('');
    expect(rerun.progress).toMatchObject({ created: 2, rejected: 0 });
  });

  it('create or update by email then phone; an email of another contact is reported, not merged; undo restores exactly', async () => {
    const admin = await t.signup();
    const byEmail = await newContact(admin, {
      firstName: 'Hanna',
      lastName: 'Old',
      title: 'Intern',
      emails: [{ email: 'hanna.berg@nordlicht.example' }],
    });
    const byPhone = await newContact(admin, { firstName: 'Lars', phones: [{ number: '+46 70 123 45 67' }] });
    const other = await newContact(admin, { firstName: 'Other', emails: [{ email: 'maria@rossi.example' }] });
    await newContact(admin, { firstName: 'Zed', emails: [{ email: 'z@example.de' }] });
    const before = (await admin.get(`/api/v1/contacts/${byEmail.id}`)).json();
    const csv = [
      'First Name,Last Name,Email,Mobile Phone,Job Title,Tags',
      'Hanna,Berg,hanna.berg@nordlicht.example,,CTO,vip',
      'Lars,Ek,lars@ek.example,+46 70 123 45 67,,',
      'Maria,Rossi,new@rossi.example,,,',
      'Zed,,z@example.de;maria@rossi.example,,,',
      'Neu,Person,neu@example.de,,,',
    ].join('\n');
    const imp = await draft(admin, 'upsert.csv', Buffer.from(csv));
    const done = await run(admin, imp);
    expect(done.progress).toMatchObject({ created: 2, updated: 2, rejected: 1 });
    const hanna = (await admin.get(`/api/v1/contacts/${byEmail.id}`)).json();
    expect(hanna).toMatchObject({ lastName: 'Berg', title: 'CTO' });
    expect(hanna.tags.map((x: any) => x.name)).toEqual(['vip']);
    const lars = (await admin.get(`/api/v1/contacts/${byPhone.id}`)).json();
    expect(lars.emails.map((e: any) => e.email)).toEqual(['lars@ek.example']);
    // His first email becomes primary; his phone stays the primary one and is not added twice.
    expect(lars.emails[0].isPrimary).toBe(true);
    expect(lars.phones.map((p: any) => [p.e164, p.isPrimary])).toEqual([['+46701234567', true]]);
    expect((await journalOf(t, byEmail.id, 'contact.field_changed')).at(-1)).toMatchObject({
      actor_type: 'import',
      actor_label: 'upsert.csv',
    });
    const rejects = (await admin.get(`/api/v1/imports/${imp.id}/rejects.csv`)).body;
    expect(rejects).toMatch(/Email: maria@rossi\.example belongs to another contact \(Other .*\) than z@example\.de/);
    expect((await admin.get(`/api/v1/contacts/${other.id}`)).json().firstName).toBe('Other');

    // Someone edits Lars after the import: undo keeps him and says so.
    await admin.patch(`/api/v1/contacts/${byPhone.id}`, { title: 'Boss' });
    const undo = await admin.post(`/api/v1/imports/${imp.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    const undone = await finished(admin, imp.id, 'undone');
    expect(undone.undo).toMatchObject({ reverted: 3, kept: 1 });
    const kept = (await admin.get(`/api/v1/imports/${imp.id}/kept`)).json().data;
    expect(kept).toEqual([
      expect.objectContaining({ contact: { id: byPhone.id, displayName: 'Lars Ek' }, reason: 'changed_since' }),
    ]);
    const restored = (await admin.get(`/api/v1/contacts/${byEmail.id}`)).json();
    for (const f of [
      'firstName',
      'lastName',
      'title',
      'displayName',
      'emails',
      'phones',
      'tags',
      'custom',
      'archivedAt',
    ]) {
      expect(restored[f], f).toEqual(before[f]);
    }
    const neu = (
      await t.deps.database.pool.query(
        `select archived_at from contacts c join contact_emails e on e.contact_id = c.id where e.email = 'neu@example.de'`,
      )
    ).rows[0];
    expect(neu.archived_at).not.toBeNull();
    expect((await admin.get('/api/v1/audit-log?kinds=import.undone')).json().data[0].data).toMatchObject({
      reverted: 3,
      kept: 1,
    });
    expect((await admin.post(`/api/v1/imports/${imp.id}/undo`)).json().code).toBe('import_state');
  });

  it('rows matching one contact apply in file order, saved once, journaled as the contact record words it; undo puts it back', async () => {
    const admin = await t.signup();
    const ida = await newContact(admin, {
      firstName: 'Ida',
      lastName: 'Alt',
      emails: [{ email: 'ida@alt.example' }],
      phones: [{ number: '+49 30 1234567' }],
    });
    const before = (await admin.get(`/api/v1/contacts/${ida.id}`)).json();
    const csv = [
      'First Name,Last Name,Email,Mobile Phone,Job Title,Tags',
      'Ida,Neu,IDA@alt.example,,Lead,alpha',
      ',,ida@zweit.example,+49 30 1234567,Head,beta',
    ].join('\n');
    const imp = await draft(admin, 'same-contact.csv', Buffer.from(csv));
    expect((await run(admin, imp)).progress).toMatchObject({ created: 0, updated: 2, rejected: 0 });

    const after = (await admin.get(`/api/v1/contacts/${ida.id}`)).json();
    expect(after).toMatchObject({
      displayName: 'Ida Neu',
      lastName: 'Neu',
      title: 'Head',
      version: before.version + 1,
    });
    expect(after.emails.map((e: any) => [e.email, e.isPrimary])).toEqual([
      ['ida@alt.example', true],
      ['ida@zweit.example', false],
    ]);
    expect(after.tags.map((x: any) => x.name).sort()).toEqual(['alpha', 'beta']);
    // The derived search text follows: the new name and the new address find her.
    expect((await contactByEmail(admin, 'ida@zweit.example'))?.id).toBe(ida.id);
    expect((await admin.get('/api/v1/contacts?q=neu')).json().data.map((c: any) => c.id)).toEqual([ida.id]);
    const tagCounts = (await admin.get('/api/v1/tags')).json().data.map((x: any) => [x.name, x.usageCount]);
    expect(tagCounts).toEqual(
      expect.arrayContaining([
        ['alpha', 1],
        ['beta', 1],
      ]),
    );

    const journal = (await journalOf(t, ida.id)).filter((j) => j.actor_type === 'import');
    expect(journal.every((j) => j.actor_label === 'same-contact.csv')).toBe(true);
    expect(journal.filter((j) => j.kind === 'contact.field_changed').map((j) => j.data.changes)).toEqual([
      [
        { field: 'lastName', old: 'Alt', new: 'Neu' },
        { field: 'title', old: null, new: 'Lead' },
      ],
      [{ field: 'title', old: 'Lead', new: 'Head' }],
    ]);
    expect(journal.filter((j) => j.kind === 'contact.tag_added').map((j) => j.data.tag.name)).toEqual([
      'alpha',
      'beta',
    ]);
    expect(journal.filter((j) => j.kind === 'contact.email_added').map((j) => j.data)).toEqual([
      { email: 'ida@zweit.example', type: 'work', isPrimary: false },
    ]);

    const undo = await admin.post(`/api/v1/imports/${imp.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect((await finished(admin, imp.id, 'undone')).undo).toMatchObject({ reverted: 2, kept: 0 });
    const restored = (await admin.get(`/api/v1/contacts/${ida.id}`)).json();
    for (const f of ['firstName', 'lastName', 'title', 'displayName', 'emails', 'phones', 'tags', 'custom']) {
      expect(restored[f], f).toEqual(before[f]);
    }
  });

  it('a contact written in bulk (COPY) is stored and derived exactly as one made through the API', async () => {
    const admin = await t.signup();
    const person = {
      firstName: 'Zoë \\ Tab\there',
      lastName: 'Ørsted-Núñez',
      businessName: 'Back\\slash "Quoted" GmbH',
      title: 'Head of {Braces}, [x]',
      emails: [{ email: 'zoe.orsted@copy.example' }, { email: 'z2@copy.example' }],
      phones: [{ number: '+49 30 9876543' }, { number: '+1 212 555 0100' }],
      tags: ['Fair 2026', 'Ünïcode'],
    };
    const viaApi = await newContact(admin, {
      ...person,
      emails: [{ email: 'api.zoe@copy.example' }, { email: 'api.z2@copy.example' }],
      phones: [{ number: '+49 30 9876544' }, { number: '+1 212 555 0101' }],
    });
    const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const csv = [
      'First Name,Last Name,Organization Name,Organization Title,E-mail 1 - Value,E-mail 2 - Value,Phone 1 - Value,Phone 2 - Value,Labels',
      [
        person.firstName,
        person.lastName,
        person.businessName,
        person.title,
        person.emails[0]!.email,
        person.emails[1]!.email,
        person.phones[0]!.number,
        person.phones[1]!.number,
        'Fair 2026 ::: Ünïcode',
      ]
        .map(cell)
        .join(','),
    ].join('\r\n');
    const imp = await draft(admin, 'copy.csv', Buffer.from(csv));
    expect((await run(admin, imp)).progress).toMatchObject({ created: 1, rejected: 0 });
    const imported = (
      await admin.get(`/api/v1/contacts/${(await contactByEmail(admin, 'zoe.orsted@copy.example')).id}`)
    ).json();
    const api = (await admin.get(`/api/v1/contacts/${viaApi.id}`)).json();
    for (const f of ['firstName', 'lastName', 'businessName', 'title', 'displayName', 'kind', 'contactType']) {
      expect(imported[f], f).toEqual(api[f]);
    }
    expect(imported.firstName).toBe('Zoë \\ Tab\there');
    expect(imported.tags.map((x: any) => x.name).sort()).toEqual(api.tags.map((x: any) => x.name).sort());
    expect(imported.phones.map((p: any) => [p.type, p.lineType, p.smsAllowed])).toEqual(
      api.phones.map((p: any) => [p.type, p.lineType, p.smsAllowed]),
    );
    const { rows } = await t.deps.database.pool.query(
      'select id, search_text, display_name from contacts where id = any($1::uuid[])',
      [[imported.id, viaApi.id]],
    );
    const text = (id: string) => rows.find((r) => r.id === id).search_text as string;
    // The same words, but for the emails and numbers that differ by design.
    const words = (id: string) =>
      text(id)
        .split(' ')
        .filter((w) => !/@|^\d+$/.test(w));
    expect(words(imported.id)).toEqual(words(viaApi.id));
    expect(text(imported.id)).toContain('zoe.orsted@copy.example');
    expect(text(imported.id)).toContain('4930987654');
    // Searchable by a folded fragment, like the one made by hand.
    const found = (await admin.get('/api/v1/contacts?q=orsted-nun')).json().data.map((c: any) => c.id);
    expect(found.sort()).toEqual([imported.id, viaApi.id].sort());
  });

  it('create only skips existing contacts, update only skips unknown ones; owners round-robin over a team', async () => {
    const admin = await t.signup();
    const rep1 = await admin.addUser('member', 'Rep One');
    const rep2 = await admin.addUser('member', 'Rep Two');
    const team = (await admin.post('/api/v1/teams', { name: 'Sales', memberIds: [rep1.user.id, rep2.user.id] })).json();
    await newContact(admin, { firstName: 'Known', emails: [{ email: 'known@example.de' }] });
    const csv = 'Email,First Name\nknown@example.de,Known\na@example.de,A\nb@example.de,B\nc@example.de,C\n';
    const create = await draft(admin, 'c.csv', Buffer.from(csv));
    const done = await run(admin, create, { mode: 'create', owner: { type: 'team', teamId: team.id } });
    expect(done.progress).toMatchObject({ created: 3, skipped: 1, rejected: 0 });
    const owners = await Promise.all(
      ['a', 'b', 'c'].map(async (x) => (await contactByEmail(admin, `${x}@example.de`)).owner.id),
    );
    expect(new Set(owners)).toEqual(new Set([rep1.user.id, rep2.user.id]));
    const update = await draft(
      admin,
      'u.csv',
      Buffer.from('Email,First Name\nknown@example.de,Knew\nnobody@example.de,No\n'),
    );
    expect((await run(admin, update, { mode: 'update' })).progress).toMatchObject({
      updated: 1,
      skipped: 1,
      created: 0,
    });
  });

  it('cancels a running import after its batch', async () => {
    const admin = await t.signup();
    const rows = Array.from({ length: 60 }, (_, i) => `P${i},p${i}@example.de`).join('\n');
    const imp = await draft(admin, 'many.csv', Buffer.from(`First Name,Email\n${rows}\n`));
    importTuning.batchSize = 5;
    try {
      await admin.post(`/api/v1/imports/${imp.id}/start`);
      await eventually(async () => (await admin.get(`/api/v1/imports/${imp.id}`)).json().progress.done > 0);
      const cancelled = await admin.post(`/api/v1/imports/${imp.id}/cancel`);
      expect(cancelled.json().status).toBe('cancelled');
      await new Promise((r) => setTimeout(r, 300));
      const after = (await admin.get(`/api/v1/imports/${imp.id}`)).json();
      expect(after.progress.done).toBeLessThan(60);
      expect(after.progress.created).toBe(after.progress.done);
      expect((await admin.post(`/api/v1/imports/${imp.id}/cancel`)).json().code).toBe('import_state');
    } finally {
      importTuning.batchSize = 5000;
    }
  });

  it('resumes after the worker died mid-import, no row imported twice', async () => {
    const admin = await t.signup();
    const rows = Array.from({ length: 23 }, (_, i) => `P${i},p${i}@example.de,+49 30 ${1000000 + i}`).join('\n');
    const imp = await draft(admin, 'crash.csv', Buffer.from(`First Name,Email,Phone\nP0,dup@example.de,\n${rows}\n`));
    // Queued without a job, then run in this process until it "dies" (kill -9) in the middle of its third chunk:
    // that chunk's contacts, journal entries and import rows are written but never committed.
    await t.deps.database.pool.query(`update imports set status = 'queued' where id = $1`, [imp.id]);
    importTuning.batchSize = 5;
    importTuning.beforeCommit = (next) => {
      if (next > 10) throw new Error('killed');
    };
    try {
      const job = { workspaceId: admin.workspace.id, importId: imp.id, action: 'run' as const };
      await expect(runImport(t.deps, job)).rejects.toThrow('killed');
      importTuning.beforeCommit = null;
      await t.deps.database.pool.query(`update imports set updated_at = now() - interval '5 minutes' where id = $1`, [
        imp.id,
      ]);
      const mid = (await admin.get(`/api/v1/imports/${imp.id}`)).json();
      expect(mid).toMatchObject({ status: 'running', progress: { done: 10, created: 10 } });
      expect(await recoverImports(t.deps)).toBe(1);
      const done = await finished(admin, imp.id);
      expect(done.progress).toMatchObject({ done: 24, created: 24, rejected: 0 });
      const { rows: counts } = await t.deps.database.pool.query(
        `select (select count(*) from contact_emails where workspace_id = $1)::int as emails,
                (select count(*) from contact_phones where workspace_id = $1)::int as phones,
                (select count(*) from import_rows where import_id = $2)::int as rows,
                (select count(*) from journal_entries where workspace_id = $1 and kind = 'contact.created')::int as created`,
        [admin.workspace.id, imp.id],
      );
      expect(counts[0]).toEqual({ emails: 24, phones: 23, rows: 24, created: 24 });
    } finally {
      importTuning.batchSize = 5000;
      importTuning.beforeCommit = null;
    }
  });
});

describe('refusals and isolation', () => {
  it('refuses what it cannot read or use, with a stable code and nothing written', async () => {
    const admin = await t.signup();
    expect((await uploadFile(admin, 'x.png', Buffer.from('abc'), 'image/png')).json()).toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
    });
    expect((await uploadFile(admin, 'e.csv', Buffer.from('First Name,Email\n'))).json()).toMatchObject({
      status: 422,
      code: 'import_file_empty',
    });
    expect((await uploadFile(admin, 'b.csv', Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0x41, 0, 0, 0]))).json().code).toBe(
      'import_file_unreadable',
    );
    expect((await uploadFile(admin, 'n.csv', Buffer.from('\n\n'))).json().code).toBe('import_file_unreadable');
    const imp = await draft(admin, 'ok.csv', Buffer.from('Col A,Col B\nx,y\n'));
    expect(imp.mapping.every((m: any) => m.target === null)).toBe(true);
    expect((await admin.post(`/api/v1/imports/${imp.id}/start`)).json().code).toBe('import_mapping_incomplete');
    expect(
      (await admin.patch(`/api/v1/imports/${imp.id}`, { mapping: [{ column: 0, target: 'shoeSize' }] })).json().code,
    ).toBe('import_target_unknown');
    expect(
      (
        await admin.patch(`/api/v1/imports/${imp.id}`, {
          mapping: [
            { column: 0, target: 'city' },
            { column: 1, target: 'city' },
          ],
        })
      ).json().code,
    ).toBe('import_target_twice');
    expect(
      (await admin.patch(`/api/v1/imports/${imp.id}`, { mapping: [{ column: 7, target: 'city' }] })).statusCode,
    ).toBe(400);
    expect(
      (await admin.patch(`/api/v1/imports/${imp.id}`, { options: { defaultCountry: 'Germany' } })).statusCode,
    ).toBe(400);
    expect(
      (
        await admin.patch(`/api/v1/imports/${imp.id}`, {
          options: { owner: { type: 'user', userId: '01900000-0000-7000-8000-000000000000' } },
        })
      ).json().code,
    ).toBe('invalid_reference');
    const mapped = await admin.patch(
      `/api/v1/imports/${imp.id}`,
      { mapping: [{ column: 0, target: 'firstName' }] },
      { 'if-match': `"${imp.version}"` },
    );
    expect(mapped.statusCode).toBe(200);
    expect(
      (await admin.patch(`/api/v1/imports/${imp.id}`, { name: 'x' }, { 'if-match': `"${imp.version}"` })).json().code,
    ).toBe('version_conflict');
    expect((await admin.post(`/api/v1/imports/${imp.id}/undo`)).json().code).toBe('import_state');
    await run(admin, mapped.json(), { mode: 'create' });
    expect((await admin.post(`/api/v1/imports/${imp.id}/start`)).json().code).toBe('import_state');
    expect((await admin.patch(`/api/v1/imports/${imp.id}`, { name: 'late' })).json().code).toBe('import_state');
  });

  it('saved mappings are applied to files with the same columns', async () => {
    const admin = await t.signup();
    const imp = await draft(admin, 'mine.csv', Buffer.from('Kundennr,Wer,Mail\n1,Ada,ada@example.de\n'));
    const patched = (
      await admin.patch(`/api/v1/imports/${imp.id}`, {
        mapping: [
          { column: 1, target: 'fullName' },
          { column: 2, target: 'email' },
        ],
      })
    ).json();
    const saved = await admin.post('/api/v1/import-mappings', { name: 'Our ERP', importId: imp.id });
    expect(saved.statusCode).toBe(201);
    expect((await admin.get('/api/v1/import-mappings')).json().data.map((m: any) => m.name)).toEqual(['Our ERP']);
    const next = await draft(admin, 'mine2.csv', Buffer.from('Kundennr,Wer,Mail\n2,Bob,bob@example.de\n'));
    expect(targets(next)).toEqual({ Wer: 'fullName', Mail: 'email' });
    const other = await draft(admin, 'other.csv', Buffer.from('Wer,Mail,X\nC,c@example.de,1\n'));
    const applied = await admin.post(`/api/v1/imports/${other.id}/apply-mapping`, { mappingId: saved.json().id });
    expect(targets(applied.json())).toEqual({ Wer: 'fullName', Mail: 'email' });
    expect(patched.version).toBe(2);
    expect((await admin.delete(`/api/v1/import-mappings/${saved.json().id}`)).statusCode).toBe(204);
  });

  it('another workspace’s imports and mappings are 404 on every endpoint; members see their own imports only', async () => {
    const admin = await t.signup();
    const imp = await draft(admin, 'mine.csv', Buffer.from('First Name,Email\nA,a@example.de\n'));
    const mapping = (await admin.post('/api/v1/import-mappings', { name: 'M', importId: imp.id })).json();
    const stranger = await t.signup();
    const id = imp.id;
    for (const [method, url, body] of [
      ['GET', `/api/v1/imports/${id}`],
      ['PATCH', `/api/v1/imports/${id}`, { name: 'x' }],
      ['GET', `/api/v1/imports/${id}/preview`],
      ['POST', `/api/v1/imports/${id}/start`],
      ['POST', `/api/v1/imports/${id}/cancel`],
      ['POST', `/api/v1/imports/${id}/undo`],
      ['GET', `/api/v1/imports/${id}/kept`],
      ['GET', `/api/v1/imports/${id}/rejects.csv`],
      ['DELETE', `/api/v1/import-mappings/${mapping.id}`],
    ] as const) {
      const res = await stranger.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const own = await draft(stranger, 'theirs.csv', Buffer.from('First Name,Email\nB,b@example.de\n'));
    expect((await stranger.post(`/api/v1/imports/${own.id}/apply-mapping`, { mappingId: mapping.id })).statusCode).toBe(
      404,
    );
    expect((await stranger.post('/api/v1/import-mappings', { name: 'steal', importId: id })).statusCode).toBe(404);
    expect((await stranger.get('/api/v1/imports')).json().data.map((i: any) => i.id)).toEqual([own.id]);
    expect((await stranger.get('/api/v1/import-mappings')).json().data).toEqual([]);

    const member = await admin.addUser('member');
    expect((await member.get(`/api/v1/imports/${id}`)).statusCode).toBe(404);
    const mine = await draft(member, 'member.csv', Buffer.from('First Name,Email\nC,c@example.de\n'));
    expect((await member.get('/api/v1/imports')).json().data.map((i: any) => i.id)).toEqual([mine.id]);
    expect((await admin.get('/api/v1/imports')).json().data).toHaveLength(2);
  });
});
