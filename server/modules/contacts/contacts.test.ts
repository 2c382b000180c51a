import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { registerContactDeleteGuard } from './archive-contact.ts';
import { journalOf, newContact, PNG, upload } from './contact-test-helpers.ts';
import { ContactProfile } from './contacts.schemas.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('creating a contact', () => {
  it('creates a person with details, channels, tags and custom values and returns the full profile', async () => {
    const admin = await t.signup();
    const res = await admin.post('/api/v1/contacts', {
      firstName: ' Jane ',
      lastName: 'Doe',
      title: 'Head of Purchasing',
      businessName: 'Acme GmbH',
      birthday: '1985-04-12',
      language: 'de',
      timezone: 'Europe/Berlin',
      contactType: 'prospect',
      attribution: { source: 'google', medium: 'cpc', campaign: 'spring' },
      publicLinks: [{ label: 'LinkedIn', url: 'https://linkedin.com/in/janedoe' }],
      keywords: 'Trade show, urgent , trade show',
      tags: ['VIP', 'Newsletter'],
      emails: [
        { email: ' Jane.Doe@Example.COM ', type: 'work' },
        { email: 'jane@home.test', type: 'personal' },
      ],
      phones: [{ number: '+49 30 1234567', type: 'office' }, { number: '+49 151 12345678' }],
      locations: [
        { label: 'HQ', address: 'Unter den Linden 1, 10117 Berlin', country: 'DE', lat: 52.517, lng: 13.389 },
      ],
      custom: { net_worth: 250000, marital_status: 'married' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const c = res.json();
    expect(c).toMatchObject({
      kind: 'person',
      displayName: 'Jane Doe',
      firstName: 'Jane',
      contactType: 'prospect',
      language: 'de',
      source: 'google',
      keywords: ['Trade show', 'urgent'],
      owner: { id: admin.user.id, name: admin.user.name },
      createdBy: { id: admin.user.id },
      version: 1,
      archivedAt: null,
      custom: { net_worth: 250000, marital_status: 'married' },
      warnings: [],
    });
    expect(c.firstAttribution).toMatchObject({ source: 'google', medium: 'cpc', campaign: 'spring' });
    expect(c.lastAttribution).toEqual(c.firstAttribution);
    expect(c.emails.map((e: any) => [e.email, e.isPrimary])).toEqual([
      ['jane.doe@example.com', true],
      ['jane@home.test', false],
    ]);
    expect(c.phones.map((p: any) => [p.e164, p.lineType, p.smsAllowed])).toEqual([
      ['+49301234567', 'fixed_line', false],
      ['+4915112345678', 'mobile', true],
    ]);
    expect(c.phones[0].smsBlockedReason).toBe('landline');
    expect(c.locations[0]).toMatchObject({ label: 'HQ', lat: 52.517, lng: 13.389, isPrimary: true });
    expect(c.tags.map((tag: any) => tag.name)).toEqual(['Newsletter', 'VIP']);
    expect(c.fields.map((f: any) => f.key)).toEqual(expect.arrayContaining(['net_worth', 'occupation']));
    expect(c.fields.find((f: any) => f.key === 'net_worth').folder).toMatchObject({
      name: 'Demographics',
      builtIn: true,
    });
    const [created] = await journalOf(t, c.id);
    expect(created).toMatchObject({
      kind: 'contact.created',
      category: 'admin',
      actor_type: 'user',
      actor_id: admin.user.id,
      actor_label: admin.user.name,
    });
    expect(created!.data).toMatchObject({
      displayName: 'Jane Doe',
      emails: ['jane.doe@example.com', 'jane@home.test'],
    });
  });

  it('creates a business by its name and derives the display name from it', async () => {
    const admin = await t.signup();
    const c = await newContact(admin, {
      kind: 'business',
      firstName: undefined,
      lastName: undefined,
      businessName: 'Müller Logistik GmbH',
      legalForm: 'GmbH',
      vatId: 'DE123456789',
      registrationNumber: 'HRB 12345',
    });
    expect(c).toMatchObject({ kind: 'business', displayName: 'Müller Logistik GmbH', legalForm: 'GmbH' });
    const found = (await admin.get('/api/v1/contacts?q=muller')).json().data;
    expect(found.map((x: any) => x.id)).toEqual([c.id]);
  });

  it('names a person by their email when they have no name', async () => {
    const admin = await t.signup();
    const c = await newContact(admin, { firstName: null, lastName: null, emails: [{ email: 'anon@x.test' }] });
    expect(c.displayName).toBe('anon@x.test');
  });

  it('refuses a contact without a name, an API key without an owner, and unknown references', async () => {
    const admin = await t.signup();
    const person = await admin.post('/api/v1/contacts', { kind: 'person', title: 'CEO' });
    expect(person.statusCode).toBe(422);
    expect(person.json()).toMatchObject({ code: 'name_required', kind: 'person' });
    const business = await admin.post('/api/v1/contacts', { kind: 'business', firstName: 'X' });
    expect(business.json()).toMatchObject({
      status: 422,
      code: 'name_required',
      kind: 'business',
      detail: expect.stringMatching(/business name/),
    });

    const api = t.withKey(await admin.createApiKey());
    const noOwner = await api.post('/api/v1/contacts', { firstName: 'Via', lastName: 'API' });
    expect(noOwner.statusCode).toBe(422);
    expect(noOwner.json()).toMatchObject({ code: 'owner_required', field: 'ownerId' });
    const withOwner = await api.post('/api/v1/contacts', { firstName: 'Via', lastName: 'API', ownerId: admin.user.id });
    expect(withOwner.statusCode).toBe(201);
    expect(withOwner.json()).toMatchObject({ owner: { id: admin.user.id }, createdBy: null });
    const [entry] = await journalOf(t, withOwner.json().id);
    expect(entry).toMatchObject({ actor_type: 'api', actor_label: 'Test key' });

    const other = await t.signup();
    const foreignOwner = await admin.post('/api/v1/contacts', { firstName: 'A', ownerId: other.user.id });
    expect(foreignOwner.json()).toMatchObject({ status: 422, code: 'invalid_reference', field: 'ownerId' });
    const type = await admin.post('/api/v1/contacts', { firstName: 'A', contactType: 'nope' });
    expect(type.json()).toMatchObject({ status: 422, code: 'invalid_reference', field: 'contactType' });
    const tz = await admin.post('/api/v1/contacts', { firstName: 'A', timezone: 'Mars/Olympus' });
    expect(tz.statusCode).toBe(400);
    const lang = await admin.post('/api/v1/contacts', { firstName: 'A', language: 'qq' });
    expect(lang.statusCode).toBe(400);
    const birthday = await admin.post('/api/v1/contacts', { firstName: 'A', birthday: '2024-02-30' });
    expect(birthday.statusCode).toBe(400);
    const link = await admin.post('/api/v1/contacts', {
      firstName: 'A',
      publicLinks: [{ label: 'x', url: 'javascript:alert(1)' }],
    });
    expect(link.statusCode).toBe(400);
    const { rows } = await t.deps.database.pool.query(`select count(*)::int n from contacts where workspace_id = $1`, [
      admin.workspace.id,
    ]);
    expect(rows[0].n).toBe(1);
  });
});

describe('reading a profile', () => {
  it('sends exactly what ContactProfile describes, the same on GET as after a write, and only to who may see it', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member', 'Mia Own');
    await t.deps.database.pool.query(`update users set contact_access = 'own' where id = $1`, [member.user.id]);
    const team = (await admin.post('/api/v1/teams', { name: 'North', memberIds: [member.user.id] })).json();
    const c = await newContact(admin, {
      teamId: team.id,
      tags: ['Zeta', 'alpha'],
      emails: [{ email: 'a@profile.test' }, { email: 'b@profile.test', type: 'personal' }],
      phones: [{ number: '+49 30 1234567', type: 'office' }, { number: '+49 151 12345678' }],
      locations: [{ label: 'HQ', address: 'Main St 1', lat: 52.517, lng: 13.389 }],
      custom: { net_worth: 12.5 },
    });
    const followed = (await admin.post(`/api/v1/contacts/${c.id}/followers`, { userId: member.user.id })).json();
    const res = await admin.get(`/api/v1/contacts/${c.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const profile = res.json();
    // Nothing the schema would strip or reject: the reply is sent without re-validation.
    expect(ContactProfile.parse(profile)).toStrictEqual(profile);
    expect(profile).toStrictEqual(followed);
    expect(profile).toMatchObject({
      tags: [{ name: 'alpha' }, { name: 'Zeta' }],
      team: { id: team.id, name: 'North' },
      followers: [{ id: member.user.id, name: 'Mia Own' }],
      owner: { id: admin.user.id, name: admin.user.name },
      warnings: [{ code: 'owner_outside_team' }],
    });
    expect(profile.emails.map((e: any) => e.email)).toEqual(['a@profile.test', 'b@profile.test']);
    expect(profile.phones.map((p: any) => p.smsBlockedReason)).toEqual(['landline', null]);

    const archived = (await admin.delete(`/api/v1/contacts/${c.id}`)).statusCode;
    expect(archived).toBe(204);
    const gone = (await admin.get(`/api/v1/contacts/${c.id}`)).json();
    expect(ContactProfile.parse(gone)).toStrictEqual(gone);
    expect(gone.archivedBy).toEqual({ id: admin.user.id, name: admin.user.name });

    // A member limited to own contacts sees the one they follow, not one they neither own nor follow.
    expect((await member.get(`/api/v1/contacts/${c.id}`)).json().id).toBe(c.id);
    const other = await newContact(admin);
    expect((await member.get(`/api/v1/contacts/${other.id}`)).statusCode).toBe(404);
    const elsewhere = await t.signup();
    expect((await elsewhere.get(`/api/v1/contacts/${c.id}`)).statusCode).toBe(404);
  });
});

describe('updating a contact', () => {
  it('changes only the fields sent, bumps the version and journals old and new values', async () => {
    const admin = await t.signup();
    const c = await newContact(admin, { firstName: 'Ann', lastName: 'Lee', title: 'CTO', keywords: ['a'] });
    const res = await admin.patch(`/api/v1/contacts/${c.id}`, { lastName: 'Lee-Smith', keywords: 'b, c' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({ displayName: 'Ann Lee-Smith', title: 'CTO', keywords: ['b', 'c'], version: 2 });
    expect(Date.parse(res.json().updatedAt)).toBeGreaterThan(Date.parse(c.updatedAt));
    const [entry] = await journalOf(t, c.id, 'contact.field_changed');
    expect(entry).toMatchObject({ actor_id: admin.user.id, category: 'admin' });
    expect(entry!.data.changes).toEqual([
      { field: 'lastName', old: 'Lee', new: 'Lee-Smith' },
      { field: 'keywords', old: ['a'], new: ['b', 'c'] },
    ]);
    // Sending the same values again changes nothing: no new version, no entry.
    const same = await admin.patch(`/api/v1/contacts/${c.id}`, { lastName: 'Lee-Smith' });
    expect(same.json().version).toBe(2);
    expect(await journalOf(t, c.id, 'contact.field_changed')).toHaveLength(1);
  });

  it('refuses a stale If-Match with 409 version_conflict and writes nothing', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    expect((await admin.patch(`/api/v1/contacts/${c.id}`, { title: 'A' }, { 'if-match': '"1"' })).statusCode).toBe(200);
    const stale = await admin.patch(`/api/v1/contacts/${c.id}`, { title: 'B' }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', version: 2 });
    const fresh = await admin.patch(`/api/v1/contacts/${c.id}`, { title: 'C' }, { 'if-match': 'W/"2"' });
    expect(fresh.json()).toMatchObject({ title: 'C', version: 3 });
    expect(await journalOf(t, c.id, 'contact.field_changed')).toHaveLength(2);
    const garbage = await admin.patch(`/api/v1/contacts/${c.id}`, { title: 'D' }, { 'if-match': 'abc' });
    expect(garbage.statusCode).toBe(400);
  });

  it('never loses one of two concurrent updates', async () => {
    const admin = await t.signup();
    const c = await newContact(admin, { firstName: 'A', lastName: 'B' });
    const [one, two] = await Promise.all([
      admin.patch(`/api/v1/contacts/${c.id}`, { firstName: 'Alpha' }),
      admin.patch(`/api/v1/contacts/${c.id}`, { lastName: 'Beta' }),
    ]);
    expect([one.statusCode, two.statusCode]).toEqual([200, 200]);
    const now = (await admin.get(`/api/v1/contacts/${c.id}`)).json();
    expect(now).toMatchObject({ firstName: 'Alpha', lastName: 'Beta', displayName: 'Alpha Beta', version: 3 });
    // With the same If-Match, exactly one wins.
    const race = await Promise.all([
      admin.patch(`/api/v1/contacts/${c.id}`, { title: 'X' }, { 'if-match': '3' }),
      admin.patch(`/api/v1/contacts/${c.id}`, { title: 'Y' }, { 'if-match': '3' }),
    ]);
    expect(race.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('journals an owner change with from and to, and warns when the owner is outside the team', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria Keller');
    const team = (await admin.post('/api/v1/teams', { name: 'Inside Sales', memberIds: [maria.user.id] })).json();
    const c = await newContact(admin);
    const owner = await admin.patch(`/api/v1/contacts/${c.id}`, { ownerId: maria.user.id });
    expect(owner.json().owner).toEqual({ id: maria.user.id, name: 'Maria Keller' });
    const [changed] = await journalOf(t, c.id, 'contact.owner_changed');
    expect(changed!.data).toEqual({
      from: { id: admin.user.id, name: admin.user.name },
      to: { id: maria.user.id, name: 'Maria Keller' },
    });
    const inTeam = await admin.patch(`/api/v1/contacts/${c.id}`, { teamId: team.id });
    expect(inTeam.json()).toMatchObject({ team: { id: team.id, name: 'Inside Sales' }, warnings: [] });
    const outside = await admin.patch(`/api/v1/contacts/${c.id}`, { ownerId: admin.user.id });
    expect(outside.statusCode).toBe(200);
    expect(outside.json().warnings).toEqual([
      { code: 'owner_outside_team', detail: expect.stringContaining('Inside Sales') },
    ]);
    const [teamEntry] = await journalOf(t, c.id, 'contact.team_changed');
    expect(teamEntry!.data).toEqual({ from: null, to: { id: team.id, name: 'Inside Sales' } });
    const attribution = await admin.patch(`/api/v1/contacts/${c.id}`, { attribution: { source: 'newsletter' } });
    expect(attribution.json().lastAttribution.source).toBe('newsletter');
    expect(attribution.json().firstAttribution.source).toBe('newsletter');
    const again = await admin.patch(`/api/v1/contacts/${c.id}`, { attribution: { source: 'webinar' } });
    expect(again.json().firstAttribution.source).toBe('newsletter');
    expect(again.json().lastAttribution.source).toBe('webinar');
    // The list filters on the last touch, which for a one-touch contact is its first.
    const other = await newContact(admin, { firstName: 'Solo', attribution: { source: 'newsletter' } });
    const bySource = async (field: string, value: string) => {
      const filters = encodeURIComponent(JSON.stringify([{ field, op: 'eq', value }]));
      return (await admin.get(`/api/v1/contacts?filters=${filters}`))
        .json()
        .data.map((x: any) => x.id)
        .sort();
    };
    expect(await bySource('lastAttribution.source', 'webinar')).toEqual([c.id]);
    expect(await bySource('lastAttribution.source', 'newsletter')).toEqual([other.id]);
    expect(await bySource('firstAttribution.source', 'newsletter')).toEqual([c.id, other.id].sort());
  });

  it('refuses unknown fields and a deactivated owner', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    expect((await admin.patch(`/api/v1/contacts/${c.id}`, { emails: [] })).statusCode).toBe(400);
    const gone = await admin.addUser('member');
    await admin.post(`/api/v1/users/${gone.user.id}/deactivate`);
    const res = await admin.patch(`/api/v1/contacts/${c.id}`, { ownerId: gone.user.id });
    expect(res.json()).toMatchObject({ status: 422, code: 'invalid_reference', field: 'ownerId' });
  });
});

describe('archive, restore and permanent delete', () => {
  it('archives, lists the archive, refuses writes, and restores', async () => {
    const admin = await t.signup();
    const c = await newContact(admin, { emails: [{ email: 'kept@archive.test' }] });
    expect((await admin.delete(`/api/v1/contacts/${c.id}`)).statusCode).toBe(204);
    expect((await admin.get('/api/v1/contacts')).json().data).toEqual([]);
    const archive = (await admin.get('/api/v1/contacts?archived=true')).json().data;
    expect(archive.map((x: any) => x.id)).toEqual([c.id]);
    expect(archive[0].archivedAt).not.toBeNull();
    const archivedProfile = (await admin.get(`/api/v1/contacts/${c.id}`)).json();
    expect(archivedProfile.archivedBy).toEqual({ id: admin.user.id, name: admin.user.name });
    const write = await admin.patch(`/api/v1/contacts/${c.id}`, { title: 'X' });
    expect(write.statusCode).toBe(409);
    expect(write.json().code).toBe('contact_archived');
    expect((await admin.post(`/api/v1/contacts/${c.id}/emails`, { email: 'new@archive.test' })).json().code).toBe(
      'contact_archived',
    );
    // The archived contact keeps its email, and it stays taken.
    const taken = await admin.post('/api/v1/contacts', { firstName: 'B', emails: [{ email: 'kept@archive.test' }] });
    expect(taken.json()).toMatchObject({ code: 'email_taken', contact: { id: c.id, archived: true } });
    expect(taken.json().detail).toMatch(/\(archived\)/);
    const restored = await admin.post(`/api/v1/contacts/${c.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({
      archivedAt: null,
      archivedBy: null,
      emails: [{ email: 'kept@archive.test' }],
    });
    expect((await journalOf(t, c.id)).map((e) => e.kind)).toEqual([
      'contact.created',
      'contact.archived',
      'contact.restored',
    ]);
  });

  it('deletes permanently only from the archive, with confirmation, unless a guard objects', async () => {
    const admin = await t.signup();
    const c = await newContact(admin, { emails: [{ email: 'gone@delete.test' }], keywords: ['has-payments'] });
    const pic = await upload(t, admin, 'PUT', `/api/v1/contacts/${c.id}/picture`, {
      filename: 'me.png',
      contentType: 'image/png',
      data: PNG,
    });
    const fileUrl = pic.json().pictureUrl;
    const active = await admin.delete(`/api/v1/contacts/${c.id}?permanent=true&confirm=${c.id}`);
    expect(active.statusCode).toBe(409);
    expect(active.json().code).toBe('not_archived');
    await admin.delete(`/api/v1/contacts/${c.id}`);
    const noConfirm = await admin.delete(`/api/v1/contacts/${c.id}?permanent=true`);
    expect(noConfirm.statusCode).toBe(400);
    expect(noConfirm.json().code).toBe('confirmation_required');
    const wrong = await admin.delete(`/api/v1/contacts/${c.id}?permanent=true&confirm=${admin.user.id}`);
    expect(wrong.json().code).toBe('confirmation_required');

    const unregister = registerContactDeleteGuard(async (_ctx, contact) =>
      contact.keywords.includes('has-payments') ? 'This contact is part of a financial transaction' : null,
    );
    try {
      const blocked = await admin.delete(`/api/v1/contacts/${c.id}?permanent=true&confirm=${c.id}`);
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json()).toMatchObject({
        code: 'delete_blocked',
        reason: 'This contact is part of a financial transaction',
      });
      await admin.post(`/api/v1/contacts/${c.id}/restore`);
      await admin.patch(`/api/v1/contacts/${c.id}`, { keywords: [] });
      await admin.delete(`/api/v1/contacts/${c.id}`);
      const done = await admin.delete(`/api/v1/contacts/${c.id}?permanent=true&confirm=${c.id}`);
      expect(done.statusCode).toBe(204);
    } finally {
      unregister();
    }
    expect((await admin.get(`/api/v1/contacts/${c.id}`)).statusCode).toBe(404);
    expect((await admin.get(fileUrl)).statusCode).toBe(404);
    const deleted = await journalOf(t, c.id, 'contact.deleted');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({ contact_id: c.id, actor_id: admin.user.id });
    // The email is free again.
    await newContact(admin, { emails: [{ email: 'gone@delete.test' }] });
  });
});

describe('duplicate and export', () => {
  it('duplicates details, tags, custom values, owner, team, followers and locations, not history or channels', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member', 'Follower One');
    const team = (await admin.post('/api/v1/teams', { name: 'Field', memberIds: [admin.user.id] })).json();
    const c = await newContact(admin, {
      firstName: 'Orig',
      lastName: 'Inal',
      teamId: team.id,
      followerIds: [member.user.id],
      tags: ['VIP'],
      emails: [{ email: 'orig@dup.test' }],
      phones: [{ number: '+4915112345678' }],
      locations: [{ label: 'Home', address: 'Main St 1', lat: 1, lng: 2 }],
      custom: { occupation: 'Pilot' },
    });
    await admin.put(`/api/v1/contacts/${c.id}/dnd`, { email: true });
    const res = await admin.post(`/api/v1/contacts/${c.id}/duplicate`);
    expect(res.statusCode).toBe(201);
    const { contact: copy, omitted } = res.json();
    expect(copy.id).not.toBe(c.id);
    expect(copy).toMatchObject({
      displayName: 'Orig Inal',
      team: { id: team.id },
      owner: { id: admin.user.id },
      followers: [{ id: member.user.id }],
      tags: [{ name: 'VIP' }],
      custom: { occupation: 'Pilot' },
      emails: [],
      phones: [],
      locations: [{ label: 'Home', lat: 1, lng: 2 }],
      dnd: { email: true },
    });
    expect(omitted.map((o: any) => o.field)).toEqual(['history', 'emails', 'phones']);
    const copyJournal = await journalOf(t, copy.id);
    expect(copyJournal.map((e) => e.kind)).toEqual(['contact.created']);
    expect(copyJournal[0]!.data.duplicatedFrom).toBe(c.id);
    const [dup] = await journalOf(t, c.id, 'contact.duplicated');
    expect(dup!.data.copyId).toBe(copy.id);
  });

  it('exports one contact as JSON with its journal and as a one-row CSV', async () => {
    const admin = await t.signup();
    const c = await newContact(admin, {
      firstName: 'Ex',
      lastName: 'Port',
      emails: [{ email: 'a@export.test' }, { email: 'b@export.test' }],
      tags: ['One', 'Two'],
      custom: { occupation: 'Baker' },
    });
    const json = await admin.get(`/api/v1/contacts/${c.id}/export?format=json`);
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toMatch(/attachment; filename="ex-port-[0-9a-f]{8}\.json"/);
    const doc = json.json();
    expect(doc.contact.id).toBe(c.id);
    expect(doc.tags.map((x: any) => x.name)).toEqual(['One', 'Two']);
    expect(doc.customFields.find((f: any) => f.key === 'occupation')).toMatchObject({
      label: 'Occupation',
      value: 'Baker',
    });
    expect(doc.journal.map((e: any) => e.kind)).toContain('contact.created');
    const csv = await admin.get(`/api/v1/contacts/${c.id}/export?format=csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/\.csv"/);
    const parsed = Papa.parse<Record<string, string>>(csv.body, { header: true });
    expect(parsed.data).toHaveLength(1);
    expect(parsed.data[0]).toMatchObject({
      id: c.id,
      displayName: 'Ex Port',
      emails: 'a@export.test; b@export.test',
      tags: 'One; Two',
      'custom.occupation': 'Baker',
    });
    expect((await journalOf(t, c.id, 'contact.exported')).map((e) => e.data.format)).toEqual(['json', 'csv']);
  });

  it('writes the CSV for Excel: a byte-order mark, and cells that would run as formulas escaped', async () => {
    const admin = await t.signup();
    const c = await newContact(admin, {
      firstName: '=HYPERLINK("http://evil.test","Click")',
      lastName: '@SUM(A1)',
      title: '-2+3',
      custom: { occupation: '+cmd|calc' },
    });
    const csv = await admin.get(`/api/v1/contacts/${c.id}/export?format=csv`);
    expect(csv.body.startsWith('\ufeffid,')).toBe(true);
    const [row] = Papa.parse<Record<string, string>>(csv.body.slice(1), { header: true }).data;
    expect(row).toMatchObject({
      firstName: `'=HYPERLINK("http://evil.test","Click")`,
      lastName: `'@SUM(A1)`,
      title: `'-2+3`,
      'custom.occupation': `'+cmd|calc`,
    });
  });
});

describe('access', () => {
  it('lets a restricted member see only the contacts they own or follow', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const theirs = await newContact(admin, { ownerId: member.user.id });
    const followed = await newContact(admin, { followerIds: [member.user.id] });
    const hidden = await newContact(admin);
    const ids = (await member.get('/api/v1/contacts')).json().data.map((x: any) => x.id);
    expect(ids.sort()).toEqual([theirs.id, followed.id].sort());
    expect((await member.get(`/api/v1/contacts/${hidden.id}`)).statusCode).toBe(404);
    expect((await member.patch(`/api/v1/contacts/${hidden.id}`, { title: 'x' })).statusCode).toBe(404);
    expect((await member.get(`/api/v1/contacts/${hidden.id}/export`)).statusCode).toBe(404);
    expect((await member.post(`/api/v1/contacts/${hidden.id}/duplicate`)).statusCode).toBe(404);
    expect((await member.get(`/api/v1/contacts/${followed.id}`)).statusCode).toBe(200);
  });

  it('answers 404 for another workspace’s contact on every endpoint', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const c = await newContact(a, {
      emails: [{ email: 'iso@a.test' }],
      phones: [{ number: '+4915112345670' }],
      locations: [{ label: 'x', address: 'y' }],
      tags: ['T'],
    });
    const e = c.emails[0].id;
    const p = c.phones[0].id;
    const l = c.locations[0].id;
    const tag = c.tags[0].id;
    const base = `/api/v1/contacts/${c.id}`;
    const calls = [
      b.get(base),
      b.patch(base, { title: 'x' }),
      b.delete(base),
      b.delete(`${base}?permanent=true&confirm=${c.id}`),
      b.post(`${base}/restore`),
      b.post(`${base}/duplicate`),
      b.get(`${base}/export`),
      b.post(`${base}/emails`, { email: 'z@b.test' }),
      b.patch(`${base}/emails/${e}`, { type: 'other' }),
      b.delete(`${base}/emails/${e}`),
      b.post(`${base}/phones`, { number: '+4915112345671' }),
      b.patch(`${base}/phones/${p}`, { type: 'home' }),
      b.delete(`${base}/phones/${p}`),
      b.post(`${base}/phones/${p}/check-line-type`),
      b.post(`${base}/locations`, { label: 'a', address: 'b' }),
      b.patch(`${base}/locations/${l}`, { label: 'c' }),
      b.delete(`${base}/locations/${l}`),
      b.post(`${base}/tags`, { names: ['x'] }),
      b.delete(`${base}/tags/${tag}`),
      b.post(`${base}/followers`, { userId: b.user.id }),
      b.delete(`${base}/followers/${a.user.id}`),
      b.put(`${base}/dnd`, { all: true }),
      b.delete(`${base}/picture`),
      b.post(`${base}/fields`, { fieldId: c.fields[0].id }),
      b.post(`${base}/fields/inline`, { label: 'X', type: 'text' }),
      b.delete(`${base}/fields/${c.fields[0].id}`),
      upload(t, b, 'PUT', `${base}/picture`, { filename: 'a.png', contentType: 'image/png', data: PNG }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.statusCode, `${res.raw.req?.url ?? ''} ${res.body}`).toBe(404);
    }
    // Nothing changed in workspace A.
    const after = (await a.get(base)).json();
    expect(after).toMatchObject({ version: 1, archivedAt: null, title: null });
    const bulk = await b.post('/api/v1/contacts/bulk', { action: 'archive', ids: [c.id] });
    expect(bulk.json()).toEqual({ affected: 0 });
    expect((await b.get('/api/v1/contacts')).json().data).toEqual([]);
    expect((await b.get(`/api/v1/contacts?q=iso@a.test`)).json().data).toEqual([]);
  });
});

describe('API document', () => {
  it('documents the contact endpoints in the OpenAPI document', async () => {
    const doc = (await t.anonymous.get('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/contacts',
        '/api/v1/contacts/bulk',
        '/api/v1/contacts/{id}',
        '/api/v1/contacts/{id}/restore',
        '/api/v1/contacts/{id}/duplicate',
        '/api/v1/contacts/{id}/export',
        '/api/v1/contacts/{id}/emails/{emailId}',
        '/api/v1/contacts/{id}/phones/{phoneId}/check-line-type',
        '/api/v1/contacts/{id}/dnd',
        '/api/v1/contacts/{id}/picture',
        '/api/v1/contacts/{id}/fields/inline',
        '/api/v1/users/{id}/reassign-contacts',
        '/api/v1/tags',
        '/api/v1/custom-fields',
        '/api/v1/custom-field-folders',
        '/api/v1/contact-types',
        '/api/v1/saved-views',
      ]),
    );
    const create = doc.paths['/api/v1/contacts'].post;
    expect(Object.keys(create.requestBody.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['kind', 'firstName', 'emails', 'phones', 'custom', 'attribution']),
    );
    expect(doc.paths['/api/v1/contacts'].get.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['q', 'filters', 'sort', 'cursor', 'limit', 'tags', 'tagMode', 'archived']),
    );
  });
});
