import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact } from '../contacts/contact-test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('contact types', () => {
  it('starts with the default list and lets admins add, relabel and reorder', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const list = (await member.get('/api/v1/contact-types')).json().data;
    expect(list.map((x: any) => x.key)).toEqual([
      'lead',
      'prospect',
      'customer',
      'past_customer',
      'vendor',
      'agent',
      'other',
    ]);
    const created = await admin.post('/api/v1/contact-types', { label: 'Partner agency', color: 'teal' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ key: 'partner_agency', label: 'Partner agency', position: 7 });
    expect((await admin.post('/api/v1/contact-types', { key: 'lead', label: 'Lead 2' })).json()).toMatchObject({
      status: 409,
      code: 'key_taken',
    });
    expect((await member.post('/api/v1/contact-types', { label: 'Mine' })).statusCode).toBe(403);
    const relabel = await admin.patch('/api/v1/contact-types/lead', { label: 'New lead', position: 20 });
    expect(relabel.json()).toMatchObject({ key: 'lead', label: 'New lead', position: 20 });
    expect((await admin.patch('/api/v1/contact-types/lead', { key: 'new_lead' })).statusCode).toBe(400);
    expect((await member.patch('/api/v1/contact-types/lead', { label: 'x' })).statusCode).toBe(403);
    const c = await newContact(admin, { contactType: 'partner_agency' });
    expect(c.contactType).toBe('partner_agency');
  });

  it('refuses to delete a type in use unless its contacts move to another type', async () => {
    const admin = await t.signup();
    const a = await newContact(admin, { contactType: 'vendor' });
    await newContact(admin, { contactType: 'vendor' });
    const refused = await admin.delete('/api/v1/contact-types/vendor');
    expect(refused.json()).toMatchObject({ status: 409, code: 'contact_type_in_use', count: 2 });
    expect((await admin.delete('/api/v1/contact-types/vendor?reassignTo=nope')).statusCode).toBe(422);
    expect((await admin.delete('/api/v1/contact-types/vendor?reassignTo=customer')).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/contacts/${a.id}`)).json()).toMatchObject({ contactType: 'customer', version: 2 });
    const [entry] = await journalOf(t, a.id, 'contact.field_changed');
    expect(entry!.data.changes).toEqual([{ field: 'contactType', old: 'vendor', new: 'customer' }]);
    expect((await admin.delete('/api/v1/contact-types/agent')).statusCode).toBe(204);
    const keys = (await admin.get('/api/v1/contact-types')).json().data.map((x: any) => x.key);
    expect(keys).not.toContain('vendor');
    expect(keys).not.toContain('agent');
  });

  it('keeps at least one type and defaults new contacts to the first when lead is gone', async () => {
    const admin = await t.signup();
    const keys = (await admin.get('/api/v1/contact-types')).json().data.map((x: any) => x.key);
    for (const key of keys.slice(0, -1))
      expect((await admin.delete(`/api/v1/contact-types/${key}`)).statusCode).toBe(204);
    const last = await admin.delete(`/api/v1/contact-types/${keys.at(-1)}`);
    expect(last.json()).toMatchObject({ status: 409, code: 'last_contact_type' });
    expect((await newContact(admin)).contactType).toBe(keys.at(-1));
  });

  it('answers 404 for types of another workspace', async () => {
    const a = await t.signup();
    const b = await t.signup();
    await a.post('/api/v1/contact-types', { key: 'only_a', label: 'Only A' });
    expect((await b.patch('/api/v1/contact-types/only_a', { label: 'x' })).statusCode).toBe(404);
    expect((await b.delete('/api/v1/contact-types/only_a')).statusCode).toBe(404);
    expect((await b.post('/api/v1/contacts', { firstName: 'X', contactType: 'only_a' })).statusCode).toBe(422);
  });
});
