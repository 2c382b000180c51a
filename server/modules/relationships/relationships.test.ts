import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContact } from '../../test/fixtures.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact } from '../contacts/contact-test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const business = (s: Session, name: string, extra: Record<string, unknown> = {}) =>
  newContact(s, { kind: 'business', firstName: undefined, lastName: undefined, businessName: name, ...extra });
const person = (s: Session, first: string, last: string, extra: Record<string, unknown> = {}) =>
  newContact(s, { firstName: first, lastName: last, ...extra });
const uniq = () => Math.random().toString(36).slice(2, 8);

async function countLinks(): Promise<number> {
  const { rows } = await t.deps.database.pool.query<{ n: number }>(`select count(*)::int n from contact_links`);
  return rows[0]!.n;
}

describe('person ↔ business links', () => {
  it('links from either side with role, note and primary; lists both ways; journals on both', async () => {
    const admin = await t.signup();
    const acme = await business(admin, 'Acme');
    const globex = await business(admin, 'Globex');
    const jane = await person(admin, 'Jane', 'Doe');
    const res = await admin.post(`/api/v1/contacts/${jane.id}/links`, {
      contactId: acme.id,
      role: 'CFO',
      note: 'Signs the contracts',
      isPrimary: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.json()).toMatchObject({
      person: { id: jane.id, kind: 'person', displayName: 'Jane Doe' },
      business: { id: acme.id, displayName: 'Acme' },
      role: 'CFO',
      note: 'Signs the contracts',
      isPrimary: true,
      references: { emails: [], phones: [], locations: [] },
    });
    // From the business's side.
    const second = await admin.post(`/api/v1/contacts/${globex.id}/links`, { contactId: jane.id, role: 'Advisor' });
    expect(second.statusCode).toBe(201);
    const businesses = (await admin.get(`/api/v1/contacts/${jane.id}/businesses`)).json().data;
    expect(businesses.map((l: any) => [l.business.displayName, l.role, l.isPrimary])).toEqual([
      ['Acme', 'CFO', true],
      ['Globex', 'Advisor', false],
    ]);
    const persons = (await admin.get(`/api/v1/contacts/${acme.id}/persons`)).json();
    expect(persons).toMatchObject({ total: 1, nextCursor: null });
    expect(persons.data[0].person.id).toBe(jane.id);

    const onJane = await journalOf(t, jane.id, 'contact.link_added');
    const onAcme = await journalOf(t, acme.id, 'contact.link_added');
    expect(onJane[0]!.data).toMatchObject({ role: 'CFO', isPrimary: true, other: { id: acme.id, name: 'Acme' } });
    expect(onAcme[0]!.data).toMatchObject({ role: 'CFO', other: { id: jane.id, name: 'Jane Doe' } });
  });

  it('keeps at most one primary business per person, journaling the one demoted', async () => {
    const admin = await t.signup();
    const a = await business(admin, 'Alpha');
    const b = await business(admin, 'Beta');
    const p = await person(admin, 'Max', 'Muster');
    const la = (await admin.post(`/api/v1/contacts/${p.id}/links`, { contactId: a.id, isPrimary: true })).json();
    await admin.post(`/api/v1/contacts/${p.id}/links`, { contactId: b.id, isPrimary: true });
    const list = (await admin.get(`/api/v1/contacts/${p.id}/businesses`)).json().data;
    expect(list.map((l: any) => [l.business.displayName, l.isPrimary])).toEqual([
      ['Beta', true],
      ['Alpha', false],
    ]);
    const changed = await journalOf(t, a.id, 'contact.link_changed');
    expect(changed[0]!.data.changes).toEqual([{ field: 'isPrimary', old: true, new: false }]);
    // Making Alpha primary again through an edit demotes Beta.
    const again = await admin.patch(
      `/api/v1/contacts/${p.id}/links/${la.id}`,
      { isPrimary: true },
      { 'if-match': '"2"' },
    );
    expect(again.statusCode, again.body).toBe(200);
    const after = (await admin.get(`/api/v1/contacts/${p.id}/businesses`)).json().data;
    expect(after.filter((l: any) => l.isPrimary).map((l: any) => l.business.displayName)).toEqual(['Alpha']);
  });

  it('refuses person↔person, business↔business, self links and duplicates, writing nothing', async () => {
    const admin = await t.signup();
    const acme = await business(admin, 'Acme');
    const other = await business(admin, 'Other');
    const jane = await person(admin, 'Jane', 'Roe');
    const john = await person(admin, 'John', 'Roe');
    const before = await countLinks();
    const pp = await admin.post(`/api/v1/contacts/${jane.id}/links`, { contactId: john.id });
    expect(pp.json()).toMatchObject({ status: 422, code: 'link_kinds' });
    const bb = await admin.post(`/api/v1/contacts/${acme.id}/links`, { contactId: other.id });
    expect(bb.json()).toMatchObject({ status: 422, code: 'link_kinds' });
    const self = await admin.post(`/api/v1/contacts/${acme.id}/links`, { contactId: acme.id });
    expect(self.json()).toMatchObject({ status: 422, code: 'link_self' });
    expect(await countLinks()).toBe(before);
    expect((await admin.post(`/api/v1/contacts/${jane.id}/links`, { contactId: acme.id })).statusCode).toBe(201);
    const dup = await admin.post(`/api/v1/contacts/${acme.id}/links`, { contactId: jane.id, role: 'x' });
    expect(dup.json()).toMatchObject({ status: 409, code: 'link_exists' });
    expect((await admin.post(`/api/v1/contacts/${jane.id}/links`, { contactId: 'nope' })).statusCode).toBe(400);
    expect((await admin.post(`/api/v1/contacts/${jane.id}/links`, { contactId: acme.id, extra: 1 })).statusCode).toBe(
      400,
    );
    expect(await countLinks()).toBe(before + 1);
  });

  it('references the business’s own details, resolved on read; refuses another business’s detail', async () => {
    const admin = await t.signup();
    const acme = await business(admin, 'Acme', {
      emails: [{ email: `info-${uniq()}@acme.test` }],
      phones: [{ number: '+49 30 1234567', type: 'office' }],
      locations: [{ label: 'HQ', address: 'Hauptstr. 1, Berlin' }],
    });
    const globex = await business(admin, 'Globex', { emails: [{ email: `info-${uniq()}@globex.test` }] });
    const jane = await person(admin, 'Jane', 'Ref');
    const foreign = await admin.post(`/api/v1/contacts/${jane.id}/links`, {
      contactId: acme.id,
      emailIds: [globex.emails[0].id],
    });
    expect(foreign.json()).toMatchObject({ status: 422, code: 'reference_not_of_business', field: 'emailIds' });
    const link = (
      await admin.post(`/api/v1/contacts/${jane.id}/links`, {
        contactId: acme.id,
        emailIds: [acme.emails[0].id],
        phoneIds: [acme.phones[0].id],
        locationIds: [acme.locations[0].id],
      })
    ).json();
    expect(link.references.phones[0]).toMatchObject({ e164: '+49301234567', international: '+49 30 1234567' });
    expect(link.references.locations[0]).toMatchObject({ label: 'HQ', address: 'Hauptstr. 1, Berlin' });
    // The business changes its address: the person's reference follows.
    const newEmail = `hello-${uniq()}@acme.test`;
    await admin.patch(`/api/v1/contacts/${acme.id}/emails/${acme.emails[0].id}`, { email: newEmail });
    const read = (await admin.get(`/api/v1/contacts/${jane.id}/businesses`)).json().data[0];
    expect(read.references.emails[0].email).toBe(newEmail);
    // A phone of another contact through an edit is refused too.
    const bad = await admin.patch(`/api/v1/contacts/${jane.id}/links/${link.id}`, { phoneIds: [globex.id] });
    expect(bad.json()).toMatchObject({ status: 422, code: 'reference_not_of_business', field: 'phoneIds' });
  });

  it('removing a referenced detail from the business clears the reference and journals it on both', async () => {
    const admin = await t.signup();
    const acme = await business(admin, 'Acme', {
      emails: [{ email: `a-${uniq()}@acme.test` }, { email: `b-${uniq()}@acme.test` }],
      phones: [{ number: '+49 30 7654321', type: 'office' }],
    });
    const jane = await person(admin, 'Jane', 'Clear');
    const link = (
      await admin.post(`/api/v1/contacts/${jane.id}/links`, {
        contactId: acme.id,
        emailIds: [acme.emails[0].id, acme.emails[1].id],
        phoneIds: [acme.phones[0].id],
      })
    ).json();
    const removed = await admin.delete(`/api/v1/contacts/${acme.id}/emails/${acme.emails[0].id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    await admin.delete(`/api/v1/contacts/${acme.id}/phones/${acme.phones[0].id}`);
    const { rows } = await t.deps.database.pool.query(
      `select email_ids, phone_ids, version from contact_links where id = $1`,
      [link.id],
    );
    expect(rows[0]).toMatchObject({ email_ids: [acme.emails[1].id], phone_ids: [], version: 3 });
    for (const id of [jane.id, acme.id]) {
      const entries = await journalOf(t, id, 'contact.link_reference_cleared');
      expect(entries.map((e) => e.data.detail)).toEqual([
        { type: 'email', id: acme.emails[0].id, value: acme.emails[0].email },
        { type: 'phone', id: acme.phones[0].id, value: '+49307654321' },
      ]);
    }
    const read = (await admin.get(`/api/v1/contacts/${jane.id}/businesses`)).json().data[0];
    expect(read.references.emails.map((e: any) => e.id)).toEqual([acme.emails[1].id]);
  });

  it('edits with If-Match (stale → 409), journals the changes, unlinks', async () => {
    const admin = await t.signup();
    const acme = await business(admin, 'Acme');
    const jane = await person(admin, 'Jane', 'Edit');
    const link = (await admin.post(`/api/v1/contacts/${jane.id}/links`, { contactId: acme.id, role: 'Buyer' })).json();
    const ok = await admin.patch(
      `/api/v1/contacts/${acme.id}/links/${link.id}`,
      { role: 'Head of purchasing', note: 'Prefers email' },
      { 'if-match': '"1"' },
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await admin.patch(
      `/api/v1/contacts/${jane.id}/links/${link.id}`,
      { role: 'x' },
      { 'if-match': '"1"' },
    );
    expect(stale.json()).toMatchObject({ status: 409, code: 'version_conflict' });
    const changed = await journalOf(t, jane.id, 'contact.link_changed');
    expect(changed[0]!.data.changes).toEqual([
      { field: 'role', old: 'Buyer', new: 'Head of purchasing' },
      { field: 'note', old: null, new: 'Prefers email' },
    ]);
    const stranger = await person(admin, 'Not', 'Linked');
    expect((await admin.delete(`/api/v1/contacts/${stranger.id}/links/${link.id}`)).statusCode).toBe(404);
    expect((await admin.delete(`/api/v1/contacts/${jane.id}/links/${link.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/contacts/${acme.id}/persons`)).json().total).toBe(0);
    expect((await journalOf(t, acme.id, 'contact.link_removed'))[0]!.data).toMatchObject({
      role: 'Head of purchasing',
      other: { id: jane.id },
    });
  });

  it('refuses changing a linked contact between person and business, naming the links, until they are removed', async () => {
    const admin = await t.signup();
    const acme = await business(admin, 'Acme');
    const globex = await business(admin, 'Globex');
    const jane = await person(admin, 'Jane', 'Kind');
    const first = (await admin.post(`/api/v1/contacts/${jane.id}/links`, { contactId: acme.id })).json();
    await admin.post(`/api/v1/contacts/${jane.id}/links`, { contactId: globex.id });

    const asBusiness = await admin.patch(`/api/v1/contacts/${jane.id}`, {
      kind: 'business',
      businessName: 'Jane Kind Consulting',
    });
    expect(asBusiness.statusCode).toBe(409);
    expect(asBusiness.headers['content-type']).toContain('application/problem+json');
    expect(asBusiness.json()).toMatchObject({ code: 'kind_change_linked', field: 'kind', kind: 'person', links: 2 });
    expect(asBusiness.json().detail).toContain('2 businesses');
    const asPerson = await admin.patch(`/api/v1/contacts/${acme.id}`, { kind: 'person', firstName: 'Acme' });
    expect(asPerson.json()).toMatchObject({ status: 409, code: 'kind_change_linked', kind: 'business', links: 1 });
    // Nothing half-written: the contacts keep their kind, name and version, and no change is journaled.
    const janeNow = (await admin.get(`/api/v1/contacts/${jane.id}`)).json();
    expect(janeNow).toMatchObject({ kind: 'person', businessName: null, version: jane.version });
    expect((await admin.get(`/api/v1/contacts/${acme.id}`)).json()).toMatchObject({ kind: 'business' });
    expect(await journalOf(t, jane.id, 'contact.field_changed')).toEqual([]);

    // Sending the kind it already has, or changing other fields, is no kind change.
    const same = await admin.patch(`/api/v1/contacts/${jane.id}`, { kind: 'person', title: 'Dr.' });
    expect(same.statusCode, same.body).toBe(200);

    // Once unlinked (each removal journaled on both, as always), the change goes through.
    await admin.delete(`/api/v1/contacts/${jane.id}/links/${first.id}`);
    const globexLink = (await admin.get(`/api/v1/contacts/${jane.id}/businesses`)).json().data[0];
    await admin.delete(`/api/v1/contacts/${jane.id}/links/${globexLink.id}`);
    const changed = await admin.patch(`/api/v1/contacts/${jane.id}`, {
      kind: 'business',
      businessName: 'Jane Kind Consulting',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ kind: 'business', displayName: 'Jane Kind Consulting' });
    // Another workspace's links do not count: its contacts change kind freely.
    const other = await t.signup();
    const solo = await person(other, 'Solo', 'Person');
    expect(
      (await other.patch(`/api/v1/contacts/${solo.id}`, { kind: 'business', businessName: 'Solo' })).statusCode,
    ).toBe(200);
  });

  it('creates a person from the business page, linked in one transaction', async () => {
    const admin = await t.signup();
    const acme = await business(admin, 'Acme', { emails: [{ email: `sw-${uniq()}@acme.test` }] });
    const res = await admin.post(`/api/v1/contacts/${acme.id}/persons`, {
      person: { firstName: 'Neu', lastName: 'Person', emails: [{ email: `neu-${uniq()}@x.test` }] },
      role: 'Engineer',
      isPrimary: true,
      emailIds: [acme.emails[0].id],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ role: 'Engineer', isPrimary: true, person: { displayName: 'Neu Person' } });
    const profile = (await admin.get(`/api/v1/contacts/${res.json().person.id}`)).json();
    expect(profile.kind).toBe('person');
    expect((await journalOf(t, profile.id)).map((e) => e.kind)).toEqual(['contact.created', 'contact.link_added']);
    // A refused link leaves no half-created person behind.
    const { rows: before } = await t.deps.database.pool.query(`select count(*)::int n from contacts`);
    const bad = await admin.post(`/api/v1/contacts/${acme.id}/persons`, {
      person: { firstName: 'Half', lastName: 'Written' },
      emailIds: ['00000000-0000-7000-8000-000000000000'],
    });
    expect(bad.json()).toMatchObject({ status: 422, code: 'reference_not_of_business' });
    const { rows: after } = await t.deps.database.pool.query(`select count(*)::int n from contacts`);
    expect(after[0].n).toBe(before[0].n);
    // Only businesses take persons.
    const onPerson = await admin.post(`/api/v1/contacts/${profile.id}/persons`, { person: { firstName: 'X' } });
    expect(onPerson.json()).toMatchObject({ status: 422, code: 'link_kinds' });
  });

  it('pages a business’s persons: primary first, then by name, with a cursor', async () => {
    const admin = await t.signup();
    const acme = await business(admin, 'Acme');
    const names = ['Zoe Adams', 'anna Berg', 'Bernd Cole', 'Carla Dorn', 'Dirk Ernst'];
    for (const [i, n] of names.entries()) {
      const [first, last] = n.split(' ');
      await admin.post(`/api/v1/contacts/${acme.id}/persons`, {
        person: { firstName: first, lastName: last },
        isPrimary: i === 0,
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (
        await admin.get(`/api/v1/contacts/${acme.id}/persons?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      expect(page.total).toBe(5);
      seen.push(...page.data.map((l: any) => l.person.displayName));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Zoe Adams', 'anna Berg', 'Bernd Cole', 'Carla Dorn', 'Dirk Ernst']);
    // The order follows a rename of the person (the link's sort key is kept by the database).
    const dirk = (await admin.get(`/api/v1/contacts/${acme.id}/persons?limit=10`)).json().data[4].person;
    const renamed = await admin.patch(`/api/v1/contacts/${dirk.id}`, { firstName: 'Aaron', lastName: 'Able' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = (await admin.get(`/api/v1/contacts/${acme.id}/persons?limit=10`)).json().data;
    expect(after.map((l: any) => l.person.displayName)).toEqual([
      'Zoe Adams',
      'Aaron Able',
      'anna Berg',
      'Bernd Cole',
      'Carla Dorn',
    ]);
    const bad = await admin.get(`/api/v1/contacts/${acme.id}/persons?cursor=garbage`);
    expect(bad.statusCode).toBe(400);
  });

  it('isolates workspaces: another workspace’s contact, link or detail is 404 / refused', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const acmeA = await business(a, 'Acme A', { emails: [{ email: `x-${uniq()}@a.test` }] });
    const janeA = await person(a, 'Jane', 'A');
    const janeB = await person(b, 'Jane', 'B');
    const link = (await a.post(`/api/v1/contacts/${janeA.id}/links`, { contactId: acmeA.id })).json();
    expect((await b.post(`/api/v1/contacts/${janeB.id}/links`, { contactId: acmeA.id })).statusCode).toBe(404);
    expect((await b.get(`/api/v1/contacts/${acmeA.id}/persons`)).statusCode).toBe(404);
    expect((await b.get(`/api/v1/contacts/${janeA.id}/businesses`)).statusCode).toBe(404);
    expect((await b.post(`/api/v1/contacts/${acmeA.id}/persons`, { person: { firstName: 'X' } })).statusCode).toBe(404);
    expect((await b.patch(`/api/v1/contacts/${janeA.id}/links/${link.id}`, { role: 'x' })).statusCode).toBe(404);
    expect((await b.patch(`/api/v1/contacts/${janeB.id}/links/${link.id}`, { role: 'x' })).statusCode).toBe(404);
    expect((await b.delete(`/api/v1/contacts/${janeB.id}/links/${link.id}`)).statusCode).toBe(404);
    // A detail of the other workspace's business in a body is not this business's.
    const acmeB = await business(b, 'Acme B');
    const cross = await b.post(`/api/v1/contacts/${janeB.id}/links`, {
      contactId: acmeB.id,
      emailIds: [acmeA.emails[0].id],
    });
    expect(cross.json().code).toBe('reference_not_of_business');
  });

  it('shows a restricted member only the contacts they may see on either side', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const acme = await insertContact(t, member, { kind: 'business', businessName: 'Acme own' } as any);
    const mine = await insertContact(t, member);
    const hidden = await person(admin, 'Hidden', 'Person');
    await admin.post(`/api/v1/contacts/${acme.id}/links`, { contactId: hidden.id });
    await admin.post(`/api/v1/contacts/${acme.id}/links`, { contactId: mine.id });
    const page = (await member.get(`/api/v1/contacts/${acme.id}/persons`)).json();
    expect(page.total).toBe(1);
    expect(page.data.map((l: any) => l.person.id)).toEqual([mine.id]);
    expect((await member.get(`/api/v1/contacts/${hidden.id}/businesses`)).statusCode).toBe(404);
    const otherBiz = await business(admin, 'Not mine');
    expect((await member.post(`/api/v1/contacts/${mine.id}/links`, { contactId: otherBiz.id })).statusCode).toBe(404);
  });
});

describe('relation types', () => {
  it('starts a workspace with the default types; admins add, rename (If-Match) and delete unused ones', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const list = (await member.get('/api/v1/relation-types')).json().data;
    expect(list.map((x: any) => [x.label, x.inverseLabel, x.symmetric])).toEqual([
      ['Spouse of', 'Spouse of', true],
      ['Assistant of', 'Has assistant', false],
      ['Parent of', 'Child of', false],
      ['Member of', 'Has member', false],
      ['Referred by', 'Referred', false],
    ]);
    expect((await member.post('/api/v1/relation-types', { label: 'Friend of' })).statusCode).toBe(403);
    const created = await admin.post('/api/v1/relation-types', { label: 'Mentor of', inverseLabel: 'Mentee of' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ symmetric: false, usageCount: 0, position: 5 });
    expect((await admin.post('/api/v1/relation-types', { label: 'mentor OF' })).json()).toMatchObject({
      status: 409,
      code: 'label_taken',
    });
    const friend = (await admin.post('/api/v1/relation-types', { label: 'Friend of' })).json();
    expect(friend).toMatchObject({ inverseLabel: 'Friend of', symmetric: true });
    const id = created.json().id;
    const renamed = await admin.patch(`/api/v1/relation-types/${id}`, { label: 'Coach of' }, { 'if-match': '"1"' });
    expect(renamed.json()).toMatchObject({ label: 'Coach of', version: 2 });
    const stale = await admin.patch(`/api/v1/relation-types/${id}`, { label: 'x' }, { 'if-match': '"1"' });
    expect(stale.json().code).toBe('version_conflict');
    expect((await admin.patch(`/api/v1/relation-types/${id}`, { label: 'friend of' })).json().code).toBe('label_taken');
    expect((await member.delete(`/api/v1/relation-types/${id}`)).statusCode).toBe(403);
    expect((await admin.delete(`/api/v1/relation-types/${id}`)).statusCode).toBe(204);
    const other = await t.signup();
    expect((await other.delete(`/api/v1/relation-types/${friend.id}`)).statusCode).toBe(404);
    expect((await other.patch(`/api/v1/relation-types/${friend.id}`, { label: 'y' })).statusCode).toBe(404);
  });

  it('refuses deleting a type in use, naming how many relations use it', async () => {
    const admin = await t.signup();
    const types = (await admin.get('/api/v1/relation-types')).json().data;
    const spouse = types.find((x: any) => x.label === 'Spouse of');
    const a = await person(admin, 'Ann', 'One');
    const b = await person(admin, 'Ben', 'One');
    await admin.post(`/api/v1/contacts/${a.id}/relations`, { typeId: spouse.id, otherContactId: b.id });
    const res = await admin.delete(`/api/v1/relation-types/${spouse.id}`);
    expect(res.json()).toMatchObject({ status: 409, code: 'relation_type_in_use', usageCount: 1 });
    expect(
      (await admin.get('/api/v1/relation-types')).json().data.find((x: any) => x.id === spouse.id).usageCount,
    ).toBe(1);
  });
});

describe('contact relations', () => {
  async function setup() {
    const admin = await t.signup();
    const types = (await admin.get('/api/v1/relation-types')).json().data;
    const type = (label: string) => types.find((x: any) => x.label === label).id as string;
    return { admin, type };
  }

  it('relates two contacts, labelled from each side, journaled on both; deletes from either side', async () => {
    const { admin, type } = await setup();
    const boss = await person(admin, 'Bea', 'Boss');
    const assistant = await person(admin, 'Alex', 'Assist');
    const res = await admin.post(`/api/v1/contacts/${assistant.id}/relations`, {
      typeId: type('Assistant of'),
      otherContactId: boss.id,
      note: 'Books her meetings',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ label: 'Assistant of', other: { id: boss.id }, note: 'Books her meetings' });
    const fromBoss = (await admin.get(`/api/v1/contacts/${boss.id}/relations`)).json().data;
    expect(fromBoss).toMatchObject([
      { label: 'Has assistant', other: { id: assistant.id, displayName: 'Alex Assist' } },
    ]);
    expect((await journalOf(t, boss.id, 'contact.relation_added'))[0]!.data).toMatchObject({
      label: 'Has assistant',
      other: { id: assistant.id },
    });
    expect((await journalOf(t, assistant.id, 'contact.relation_added'))[0]!.data).toMatchObject({
      label: 'Assistant of',
      other: { id: boss.id },
    });
    // Inverse direction: "Parent of" read from the child.
    const child = await person(admin, 'Kid', 'Boss');
    const inv = await admin.post(`/api/v1/contacts/${child.id}/relations`, {
      typeId: type('Parent of'),
      otherContactId: boss.id,
      direction: 'inverse',
    });
    expect(inv.json().label).toBe('Child of');
    expect((await admin.get(`/api/v1/contacts/${boss.id}/relations`)).json().data.map((r: any) => r.label)).toEqual([
      'Has assistant',
      'Parent of',
    ]);
    expect((await admin.delete(`/api/v1/contacts/${boss.id}/relations/${res.json().id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/contacts/${assistant.id}/relations`)).json().data).toEqual([]);
    expect((await journalOf(t, assistant.id, 'contact.relation_removed'))[0]!.data.label).toBe('Assistant of');
    expect((await admin.delete(`/api/v1/contacts/${boss.id}/relations/${res.json().id}`)).statusCode).toBe(404);
  });

  it('refuses self relations and duplicates (a symmetric one in either order)', async () => {
    const { admin, type } = await setup();
    const a = await person(admin, 'Sam', 'Self');
    const b = await person(admin, 'Tom', 'Self');
    const self = await admin.post(`/api/v1/contacts/${a.id}/relations`, {
      typeId: type('Spouse of'),
      otherContactId: a.id,
    });
    expect(self.json()).toMatchObject({ status: 422, code: 'relation_self' });
    await admin.post(`/api/v1/contacts/${a.id}/relations`, { typeId: type('Spouse of'), otherContactId: b.id });
    const again = await admin.post(`/api/v1/contacts/${b.id}/relations`, {
      typeId: type('Spouse of'),
      otherContactId: a.id,
    });
    expect(again.json()).toMatchObject({ status: 409, code: 'relation_exists' });
    await admin.post(`/api/v1/contacts/${a.id}/relations`, { typeId: type('Referred by'), otherContactId: b.id });
    const dup = await admin.post(`/api/v1/contacts/${b.id}/relations`, {
      typeId: type('Referred by'),
      otherContactId: a.id,
      direction: 'inverse',
    });
    expect(dup.json()).toMatchObject({ status: 409, code: 'relation_exists' });
    expect((await admin.get(`/api/v1/contacts/${a.id}/relations`)).json().data).toHaveLength(2);
  });

  it('isolates workspaces (contact, type and relation ids in paths and bodies) and restricted members', async () => {
    const { admin, type } = await setup();
    const other = await t.signup();
    const a = await person(admin, 'Iso', 'A');
    const b = await person(admin, 'Iso', 'B');
    const foreign = await person(other, 'Iso', 'Foreign');
    const otherType = (await other.get('/api/v1/relation-types')).json().data[0].id;
    expect(
      (
        await admin.post(`/api/v1/contacts/${a.id}/relations`, {
          typeId: type('Spouse of'),
          otherContactId: foreign.id,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await admin.post(`/api/v1/contacts/${a.id}/relations`, { typeId: otherType, otherContactId: b.id })).statusCode,
    ).toBe(404);
    const rel = (
      await admin.post(`/api/v1/contacts/${a.id}/relations`, { typeId: type('Spouse of'), otherContactId: b.id })
    ).json();
    expect((await other.get(`/api/v1/contacts/${a.id}/relations`)).statusCode).toBe(404);
    expect((await other.delete(`/api/v1/contacts/${foreign.id}/relations/${rel.id}`)).statusCode).toBe(404);

    const member = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const mine = await insertContact(t, member);
    await admin.post(`/api/v1/contacts/${mine.id}/relations`, { typeId: type('Referred by'), otherContactId: a.id });
    expect((await member.get(`/api/v1/contacts/${mine.id}/relations`)).json().data).toEqual([]);
    expect((await member.get(`/api/v1/contacts/${a.id}/relations`)).statusCode).toBe(404);
    expect(
      (await member.post(`/api/v1/contacts/${mine.id}/relations`, { typeId: type('Spouse of'), otherContactId: b.id }))
        .statusCode,
    ).toBe(404);
  });
});
