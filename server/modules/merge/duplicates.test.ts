import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newContact } from '../contacts/contact-test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('duplicate candidates', () => {
  it('finds normalised shared addresses and similar names in the same business or city, ranked, archived included', async () => {
    const admin = await t.signup();
    const anna = await newContact(admin, {
      firstName: 'Anna',
      lastName: 'Schmidt',
      businessName: 'Acme GmbH',
      emails: [{ email: 'anna.schmidt+crm@gmail.com' }],
      locations: [{ label: 'Office', address: 'Hauptstr. 1, Berlin', city: 'Berlin' }],
    });
    const byEmail = await newContact(admin, {
      firstName: 'A.',
      lastName: 'Unrelated',
      emails: [{ email: 'AnnaSchmidt@googlemail.com' }],
    });
    const sameBusiness = await newContact(admin, { firstName: 'Anna', lastName: 'Schmitt', businessName: 'acme gmbh' });
    const sameCity = await newContact(admin, {
      firstName: 'Anna',
      lastName: 'Schmid',
      locations: [{ label: 'Home', address: 'Weg 2, Berlin', city: ' berlin ' }],
    });
    // A similar name alone (no shared business or city) is not enough.
    await newContact(admin, { firstName: 'Anna', lastName: 'Schmidt' });
    // Unrelated contact in the same business.
    await newContact(admin, { firstName: 'Bernd', lastName: 'Meier', businessName: 'Acme GmbH' });
    expect((await admin.delete(`/api/v1/contacts/${byEmail.id}`)).statusCode).toBe(204);

    const res = await admin.get(`/api/v1/contacts/${anna.id}/duplicates`);
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data;
    expect(data.map((c: any) => c.id).sort()).toEqual([byEmail.id, sameBusiness.id, sameCity.id].sort());
    expect(data[0]).toMatchObject({
      id: byEmail.id,
      archived: true,
      reasons: ['email'],
      sharedEmails: ['annaschmidt@gmail.com'],
    });
    const byId = new Map(data.map((c: any) => [c.id, c]));
    expect((byId.get(sameBusiness.id) as any).reasons).toEqual(['similar_name_same_business']);
    expect((byId.get(sameCity.id) as any).reasons).toEqual(['similar_name_same_city']);
    const scores = data.map((c: any) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const c of data) expect(c.score).toBeLessThanOrEqual(1);
  });

  it('follows renames and new addresses: the city’s index holds each contact’s current name', async () => {
    const admin = await t.signup();
    const klara = await newContact(admin, {
      firstName: 'Klara',
      lastName: 'Weber',
      locations: [{ label: 'Home', address: 'Ring 1, Köln', city: 'Köln' }],
    });
    const paul = await newContact(admin, {
      firstName: 'Paul',
      lastName: 'Fischer',
      locations: [{ label: 'Home', address: 'Ring 9, Köln', city: 'Köln' }],
    });
    const later = await newContact(admin, { firstName: 'Klara', lastName: 'Webers' });
    const candidates = async () =>
      ((await admin.get(`/api/v1/contacts/${klara.id}/duplicates`)).json().data as { id: string }[]).map((c) => c.id);
    expect(await candidates()).toEqual([]);

    expect(
      (await admin.patch(`/api/v1/contacts/${paul.id}`, { firstName: 'Clara', lastName: 'Weber' })).statusCode,
    ).toBe(200);
    expect(await candidates()).toEqual([paul.id]);
    const added = await admin.post(`/api/v1/contacts/${later.id}/locations`, {
      label: 'Office',
      address: 'Dom 2, Köln',
      city: 'köln',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect((await candidates()).sort()).toEqual([paul.id, later.id].sort());
    expect(
      (await admin.patch(`/api/v1/contacts/${paul.id}`, { firstName: 'Paul', lastName: 'Fischer' })).statusCode,
    ).toBe(200);
    expect(await candidates()).toEqual([later.id]);
  });

  it('shows a restricted member only the contacts they may see; another workspace gets 404', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const mine = await newContact(member, {
      firstName: 'Jonas',
      lastName: 'Becker',
      businessName: 'Nordwind AG',
      ownerId: member.user.id,
    });
    const visible = await newContact(member, {
      firstName: 'Jonas',
      lastName: 'Bäcker',
      businessName: 'Nordwind AG',
      ownerId: member.user.id,
    });
    const hidden = await newContact(admin, { firstName: 'Jonas', lastName: 'Beckers', businessName: 'Nordwind AG' });
    const asAdmin = (await admin.get(`/api/v1/contacts/${mine.id}/duplicates`)).json().data.map((c: any) => c.id);
    expect(asAdmin).toContain(hidden.id);
    const asMember = (await member.get(`/api/v1/contacts/${mine.id}/duplicates`)).json().data.map((c: any) => c.id);
    expect(asMember).toContain(visible.id);
    expect(asMember).not.toContain(hidden.id);
    expect((await member.get(`/api/v1/contacts/${hidden.id}/duplicates`)).statusCode).toBe(404);

    const other = await t.signup();
    const res = await other.get(`/api/v1/contacts/${mine.id}/duplicates`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('lists the workspace’s duplicate groups for review: shared addresses, then same name in the same business', async () => {
    const admin = await t.signup();
    const a = await newContact(admin, {
      firstName: 'Eva',
      lastName: 'Lang',
      emails: [{ email: 'eva.lang@gmail.com' }],
    });
    const b = await newContact(admin, {
      firstName: 'E.',
      lastName: 'Lang',
      emails: [{ email: 'EvaLang+x@googlemail.com' }],
    });
    const c = await newContact(admin, { firstName: 'Tom', lastName: 'Kühn', businessName: 'Acme' });
    const d = await newContact(admin, { firstName: 'tom', lastName: 'kühn', businessName: ' acme ' });
    await newContact(admin, { firstName: 'Tom', lastName: 'Kühn' }); // no business: not grouped by name
    const merged1 = await newContact(admin, { emails: [{ email: 'same@firm.test' }] });
    const merged2 = await newContact(admin, { emails: [{ email: 'Same+1@firm.test' }] });
    const merge = await admin.post('/api/v1/contact-merges', { survivorId: merged1.id, mergedIds: [merged2.id] });
    expect(merge.statusCode, merge.body).toBe(201);

    const res = await admin.get('/api/v1/duplicates');
    expect(res.statusCode, res.body).toBe(200);
    const groups = res.json().data.map((g: any) => [g.reason, g.contacts.map((x: any) => x.id).sort()]);
    expect(groups).toEqual([
      ['email', [a.id, b.id].sort()],
      ['same_name_same_business', [c.id, d.id].sort()],
    ]);
    expect(res.json().data[0].key).toBe('evalang@gmail.com');
    expect((await admin.get('/api/v1/duplicates?limit=0')).statusCode).toBe(400);

    // A member limited to their own contacts sees only groups of theirs; another workspace sees none of these.
    const member = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    expect((await member.get('/api/v1/duplicates')).json().data).toEqual([]);
    const other = await t.signup();
    expect((await other.get('/api/v1/duplicates')).json().data).toEqual([]);
  });
});
