import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact, PNG, upload } from '../contacts/contact-test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function field(admin: Session, body: Record<string, unknown>) {
  const res = await admin.post('/api/v1/custom-fields', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('the custom-field library', () => {
  it('ships the Demographics folder with every new workspace', async () => {
    const admin = await t.signup();
    const folders = (await admin.get('/api/v1/custom-field-folders')).json().data;
    expect(folders).toEqual([
      expect.objectContaining({ name: 'Demographics', builtIn: true, hidden: false, fieldCount: 8 }),
    ]);
    const fields = (await admin.get('/api/v1/custom-fields')).json().data;
    expect(fields.map((f: any) => [f.key, f.type])).toEqual([
      ['net_worth', 'currency'],
      ['household_income', 'currency'],
      ['home_owner_status', 'single_select'],
      ['occupation', 'text'],
      ['marital_status', 'single_select'],
      ['education', 'single_select'],
      ['presence_of_children', 'checkbox'],
      ['length_of_residence', 'number'],
    ]);
    expect(fields.every((f: any) => f.appliesToAll && !f.required && f.folderId === folders[0].id)).toBe(true);
  });

  it('lets admins create fields with derived, unique and fixed keys; members may not', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const industry = await field(admin, {
      label: 'Industry',
      type: 'single_select',
      options: [
        { value: 'retail', label: 'Retail' },
        { value: 'tech', label: 'Tech', color: 'blue' },
      ],
    });
    expect(industry).toMatchObject({ key: 'industry', appliesToAll: true, required: false, archivedAt: null });
    const twin = await field(admin, { label: 'Industry!', type: 'text' });
    expect(twin.key).toBe('industry_2');
    const revenue = await field(admin, { key: 'arr', label: 'Annual revenue (€)', type: 'currency', currency: 'eur' });
    expect(revenue).toMatchObject({ key: 'arr', currency: 'EUR' });
    expect(
      (await admin.post('/api/v1/custom-fields', { key: 'arr', label: 'Other', type: 'text' })).json(),
    ).toMatchObject({
      status: 409,
      code: 'key_taken',
    });
    expect((await admin.post('/api/v1/custom-fields', { key: 'Bad Key', label: 'x', type: 'text' })).statusCode).toBe(
      400,
    );
    expect((await admin.post('/api/v1/custom-fields', { label: 'x', type: 'single_select' })).statusCode).toBe(400);
    expect(
      (await admin.post('/api/v1/custom-fields', { label: 'x', type: 'text', options: [{ value: 'a', label: 'A' }] }))
        .statusCode,
    ).toBe(400);
    expect((await admin.post('/api/v1/custom-fields', { label: 'x', type: 'rainbow' })).statusCode).toBe(400);
    expect((await member.post('/api/v1/custom-fields', { label: 'Mine', type: 'text' })).statusCode).toBe(403);
    expect((await member.get('/api/v1/custom-fields')).statusCode).toBe(200);
    const keyChange = await admin.patch(`/api/v1/custom-fields/${industry.id}`, { key: 'sector' });
    expect(keyChange.statusCode).toBe(400);
    const typeChange = await admin.patch(`/api/v1/custom-fields/${industry.id}`, { type: 'text' });
    expect(typeChange.statusCode).toBe(400);
    const relabel = await admin.patch(`/api/v1/custom-fields/${industry.id}`, { label: 'Sector', required: true });
    expect(relabel.json()).toMatchObject({ key: 'industry', label: 'Sector', required: true });
    expect((await member.patch(`/api/v1/custom-fields/${industry.id}`, { label: 'x' })).statusCode).toBe(403);
    const { rows } = await t.deps.database.pool.query(
      `select data from journal_entries where subject_id = $1 and kind = 'custom_field.updated'`,
      [industry.id],
    );
    expect(rows[0].data.changes).toEqual([
      { field: 'label', old: 'Industry', new: 'Sector' },
      { field: 'required', old: false, new: true },
    ]);
  });

  it('refuses to drop an option that contacts use', async () => {
    const admin = await t.signup();
    const tier = await field(admin, {
      label: 'Tier',
      type: 'multi_select',
      options: [
        { value: 'gold', label: 'Gold' },
        { value: 'silver', label: 'Silver' },
      ],
    });
    await newContact(admin, { custom: { tier: ['gold'] } });
    const drop = await admin.patch(`/api/v1/custom-fields/${tier.id}`, {
      options: [{ value: 'silver', label: 'Silver' }],
    });
    expect(drop.json()).toMatchObject({ status: 409, code: 'option_in_use', option: 'gold', count: 1 });
    const rename = await admin.patch(`/api/v1/custom-fields/${tier.id}`, {
      options: [
        { value: 'gold', label: 'Gold ★' },
        { value: 'bronze', label: 'Bronze' },
      ],
    });
    expect(rename.json().options.map((o: any) => o.value)).toEqual(['gold', 'bronze']);
  });

  it('archives a field (hidden everywhere, values kept) and restores it', async () => {
    const admin = await t.signup();
    const f = await field(admin, { label: 'Legacy id', type: 'text' });
    const c = await newContact(admin, { custom: { legacy_id: 'L-1' } });
    expect((await admin.delete(`/api/v1/custom-fields/${f.id}`)).statusCode).toBe(204);
    expect((await admin.get('/api/v1/custom-fields')).json().data.some((x: any) => x.id === f.id)).toBe(false);
    expect((await admin.get('/api/v1/custom-fields?archived=true')).json().data.map((x: any) => x.id)).toEqual([f.id]);
    const profile = (await admin.get(`/api/v1/contacts/${c.id}`)).json();
    expect(profile.custom.legacy_id).toBeUndefined();
    expect(profile.fields.some((x: any) => x.id === f.id)).toBe(false);
    const set = await admin.patch(`/api/v1/contacts/${c.id}`, { custom: { legacy_id: 'L-2' } });
    expect(set.json()).toMatchObject({ status: 422, code: 'field_invalid', field: 'legacy_id' });
    const restored = await admin.post(`/api/v1/custom-fields/${f.id}/restore`);
    expect(restored.json().archivedAt).toBeNull();
    expect((await admin.get(`/api/v1/contacts/${c.id}`)).json().custom.legacy_id).toBe('L-1');
  });

  it('keeps fields applying to one contact visible on contacts holding a value when narrowed', async () => {
    const admin = await t.signup();
    const f = await field(admin, { label: 'Referral code', type: 'text' });
    const holder = await newContact(admin, { custom: { referral_code: 'R1' } });
    const empty = await newContact(admin);
    await admin.patch(`/api/v1/custom-fields/${f.id}`, { appliesToAll: false });
    const h = (await admin.get(`/api/v1/contacts/${holder.id}`)).json();
    expect(h.fields.find((x: any) => x.id === f.id)).toMatchObject({ attachedToContact: true });
    expect(h.custom.referral_code).toBe('R1');
    expect((await admin.get(`/api/v1/contacts/${empty.id}`)).json().fields.some((x: any) => x.id === f.id)).toBe(false);
  });
});

describe('definitions remembered between requests', () => {
  it('are read again after a change made by another server, and never shared between workspaces', async () => {
    const admin = await t.signup();
    const other = await t.signup();
    const f = await field(admin, { label: 'Segment', type: 'text' });
    const c = await newContact(admin, { custom: { segment: 'SMB' } });
    const labelOf = async () =>
      (await admin.get(`/api/v1/contacts/${c.id}`)).json().fields.find((x: any) => x.id === f.id)?.label;
    expect(await labelOf()).toBe('Segment');
    expect(await labelOf()).toBe('Segment');
    // Another server (or psql) renames the field and moves it into a hidden folder: the database's trigger bumps
    // the workspace's version, which this server reads with the caller.
    const db = new pg.Client({ connectionString: t.dbUrl });
    await db.connect();
    try {
      const version = async () =>
        Number(
          (
            await db.query(
              'select w.fields_version from workspaces w join custom_fields f on f.workspace_id = w.id where f.id = $1',
              [f.id],
            )
          ).rows[0].fields_version,
        );
      const before = await version();
      await db.query(`update custom_fields set label = 'Market segment' where id = $1`, [f.id]);
      expect(await version()).toBe(before + 1);
      expect(await labelOf()).toBe('Market segment');
      await db.query(`update custom_fields set archived_at = now() where id = $1`, [f.id]);
      expect(await labelOf()).toBeUndefined();
      expect((await admin.get(`/api/v1/contacts/${c.id}`)).json().custom.segment).toBeUndefined();
    } finally {
      await db.end();
    }
    // The other workspace's definitions are its own.
    expect((await other.get('/api/v1/custom-fields')).json().data.some((x: any) => x.id === f.id)).toBe(false);
  });
});

describe('values by type', () => {
  it('validates and normalises every type, naming the field when refusing', async () => {
    const admin = await t.signup();
    const select = {
      type: 'single_select',
      options: [
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ],
    };
    for (const [label, body] of Object.entries({
      T: { type: 'text' },
      LT: { type: 'long_text' },
      N: { type: 'number' },
      C: { type: 'currency' },
      D: { type: 'date' },
      DT: { type: 'datetime' },
      CB: { type: 'checkbox' },
      SS: select,
      MS: { ...select, type: 'multi_select' },
      E: { type: 'email' },
      P: { type: 'phone' },
      U: { type: 'url' },
      F: { type: 'file' },
    })) {
      await field(admin, { label, ...body });
    }
    const file = (
      await upload(t, admin, 'POST', '/api/v1/custom-fields/files', {
        filename: 'contract.png',
        contentType: 'image/png',
        data: PNG,
      })
    ).json();
    expect(file).toMatchObject({
      filename: 'contract.png',
      contentType: 'image/png',
      url: `/api/v1/files/${file.fileId}`,
    });
    const c = await newContact(admin, {
      custom: {
        t: '  hello ',
        lt: 'line one\nline two',
        n: '12.5',
        c: 99.999,
        d: '2026-02-28',
        dt: '2026-02-28T10:00:00+01:00',
        cb: false,
        ss: 'b',
        ms: ['b', 'a', 'b'],
        e: ' Person@Mail.TEST ',
        p: '+49 30 1234567',
        u: 'https://example.com/page',
        f: file.fileId,
      },
    });
    expect(c.custom).toEqual({
      t: 'hello',
      lt: 'line one\nline two',
      n: 12.5,
      c: 100,
      d: '2026-02-28',
      dt: '2026-02-28T09:00:00.000Z',
      cb: false,
      ss: 'b',
      ms: ['a', 'b'],
      e: 'person@mail.test',
      p: '+49301234567',
      u: 'https://example.com/page',
      f: file.fileId,
    });
    const bad: [string, unknown][] = [
      ['n', 'twelve'],
      ['c', {}],
      ['d', '2026-02-30'],
      ['dt', 'tomorrow'],
      ['cb', 'yes'],
      ['ss', 'z'],
      ['ms', ['a', 'z']],
      ['e', 'not-an-email'],
      ['p', '12'],
      ['u', 'ftp://example.com'],
      ['f', '01900000-0000-7000-8000-000000000000'],
      ['t', 42],
    ];
    for (const [key, value] of bad) {
      const res = await admin.patch(`/api/v1/contacts/${c.id}`, { custom: { [key]: value } });
      expect(res.statusCode, `${key}=${JSON.stringify(value)}`).toBe(422);
      expect(res.json()).toMatchObject({ code: 'field_invalid', field: key });
    }
    const unknown = await admin.patch(`/api/v1/contacts/${c.id}`, { custom: { nope: 1 } });
    expect(unknown.json()).toMatchObject({
      code: 'field_invalid',
      field: 'nope',
      detail: expect.stringMatching(/no custom field/),
    });
    expect((await admin.get(`/api/v1/contacts/${c.id}`)).json().version).toBe(1);
    expect(await journalOf(t, c.id, 'contact.field_changed')).toHaveLength(0);
    // A file of another workspace is not a valid value.
    const other = await t.signup();
    const theirs = (
      await upload(t, other, 'POST', '/api/v1/custom-fields/files', {
        filename: 'x.png',
        contentType: 'image/png',
        data: PNG,
      })
    ).json();
    expect((await admin.patch(`/api/v1/contacts/${c.id}`, { custom: { f: theirs.fileId } })).json().code).toBe(
      'field_invalid',
    );
    const html = await upload(t, admin, 'POST', '/api/v1/custom-fields/files', {
      filename: 'x.html',
      contentType: 'text/html',
      data: Buffer.from('<script>'),
    });
    expect(html.statusCode).toBe(415);
    const cleared = await admin.patch(`/api/v1/contacts/${c.id}`, { custom: { t: null, ms: [] } });
    expect(cleared.json().custom).not.toHaveProperty('t');
    expect(cleared.json().custom).not.toHaveProperty('ms');
    const [entry] = await journalOf(t, c.id, 'contact.field_changed');
    expect(entry!.data.changes).toEqual([
      { field: 'custom.t', old: 'hello', new: null },
      { field: 'custom.ms', old: ['a', 'b'], new: null },
    ]);
  });

  it('requires required fields on create and refuses clearing them, except in hidden folders', async () => {
    const admin = await t.signup();
    const folder = (await admin.post('/api/v1/custom-field-folders', { name: 'Compliance' })).json();
    await field(admin, { label: 'Customer number', type: 'text', required: true });
    await field(admin, { label: 'KYC level', type: 'number', required: true, folderId: folder.id });
    const missing = await admin.post('/api/v1/contacts', { firstName: 'A', custom: { customer_number: 'C-1' } });
    expect(missing.json()).toMatchObject({ status: 422, code: 'field_required', field: 'kyc_level' });
    const c = await newContact(admin, { custom: { customer_number: 'C-1', kyc_level: 2 } });
    const clear = await admin.patch(`/api/v1/contacts/${c.id}`, { custom: { customer_number: '' } });
    expect(clear.json()).toMatchObject({ status: 422, code: 'field_required', field: 'customer_number' });
    await admin.patch(`/api/v1/custom-field-folders/${folder.id}`, { hidden: true });
    const hiddenOk = await admin.post('/api/v1/contacts', { firstName: 'B', custom: { customer_number: 'C-2' } });
    expect(hiddenOk.statusCode).toBe(201);
    const f = hiddenOk.json().fields.find((x: any) => x.key === 'kyc_level');
    expect(f).toMatchObject({ hidden: true, folder: { hidden: true } });
  });
});

describe('folders', () => {
  it('creates, renames, hides and deletes folders; the built-in one can only be hidden', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const folder = (await admin.post('/api/v1/custom-field-folders', { name: 'Sales' })).json();
    expect((await admin.post('/api/v1/custom-field-folders', { name: 'sales' })).json()).toMatchObject({
      status: 409,
      code: 'name_taken',
    });
    const f = await field(admin, { label: 'Deal size', type: 'number', folderId: folder.id });
    const renamed = await admin.patch(`/api/v1/custom-field-folders/${folder.id}`, { name: 'Sales data', position: 1 });
    expect(renamed.json()).toMatchObject({ name: 'Sales data', fieldCount: 1 });
    expect((await member.post('/api/v1/custom-field-folders', { name: 'x' })).statusCode).toBe(403);
    const demo = (await admin.get('/api/v1/custom-field-folders')).json().data.find((x: any) => x.builtIn);
    const refused = await admin.delete(`/api/v1/custom-field-folders/${demo.id}`);
    expect(refused.json()).toMatchObject({ status: 409, code: 'folder_built_in' });
    expect((await admin.patch(`/api/v1/custom-field-folders/${demo.id}`, { hidden: true })).json().hidden).toBe(true);
    const c = await newContact(admin, { custom: { occupation: 'Nurse' } });
    const occupation = c.fields.find((x: any) => x.key === 'occupation');
    expect(occupation.hidden).toBe(true);
    expect(c.custom.occupation).toBe('Nurse');
    expect((await admin.delete(`/api/v1/custom-field-folders/${folder.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/custom-fields/${f.id}`)).json().folderId).toBeNull();
    const badFolder = await admin.post('/api/v1/custom-fields', {
      label: 'x',
      type: 'text',
      folderId: crypto.randomUUID(),
    });
    expect(badFolder.json()).toMatchObject({ status: 422, code: 'invalid_reference', field: 'folderId' });
  });
});

describe('workspace isolation', () => {
  it('answers 404 for another workspace’s fields and folders', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const f = await field(a, { label: 'Secret', type: 'text' });
    const folder = (await a.post('/api/v1/custom-field-folders', { name: 'Private' })).json();
    const res = await Promise.all([
      b.get(`/api/v1/custom-fields/${f.id}`),
      b.patch(`/api/v1/custom-fields/${f.id}`, { label: 'x' }),
      b.delete(`/api/v1/custom-fields/${f.id}`),
      b.post(`/api/v1/custom-fields/${f.id}/restore`),
      b.patch(`/api/v1/custom-field-folders/${folder.id}`, { name: 'x' }),
      b.delete(`/api/v1/custom-field-folders/${folder.id}`),
    ]);
    expect(res.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404, 404]);
    expect((await b.get('/api/v1/custom-fields')).json().data.some((x: any) => x.id === f.id)).toBe(false);
    const onB = await newContact(b);
    expect((await b.post(`/api/v1/contacts/${onB.id}/fields`, { fieldId: f.id })).statusCode).toBe(404);
    expect((await b.post('/api/v1/custom-fields', { label: 'x', type: 'text', folderId: folder.id })).statusCode).toBe(
      422,
    );
    expect((await a.get(`/api/v1/custom-fields/${f.id}`)).json().label).toBe('Secret');
  });
});
