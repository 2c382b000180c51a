import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { setDnd } from './contact-dnd.service.ts';
import { journalOf, newContact, PNG, upload } from './contact-test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('tags on a contact', () => {
  it('tags by name (creating new tags) or id, untags, and journals each tag with the version bumped', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const c = await newContact(admin);
    const res = await member.post(`/api/v1/contacts/${c.id}/tags`, { names: ['VIP', 'vip', 'Trade show 2026'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().tags.map((x: any) => x.name)).toEqual(['Trade show 2026', 'VIP']);
    expect(res.json().version).toBe(2);
    const library = (await admin.get('/api/v1/tags')).json().data;
    expect(library.map((x: any) => [x.name, x.usageCount])).toEqual([
      ['Trade show 2026', 1],
      ['VIP', 1],
    ]);
    const vip = library.find((x: any) => x.name === 'VIP');
    // Tagging again with the same tag changes nothing.
    const again = await member.post(`/api/v1/contacts/${c.id}/tags`, { tagIds: [vip.id] });
    expect(again.json().version).toBe(2);
    const removed = await member.delete(`/api/v1/contacts/${c.id}/tags/${vip.id}`);
    expect(removed.json().tags.map((x: any) => x.name)).toEqual(['Trade show 2026']);
    expect((await member.delete(`/api/v1/contacts/${c.id}/tags/${vip.id}`)).statusCode).toBe(404);
    const entries = await journalOf(t, c.id);
    expect(entries.map((e) => [e.kind, e.data.tag?.name])).toEqual([
      ['contact.created', undefined],
      ['contact.tag_added', 'VIP'],
      ['contact.tag_added', 'Trade show 2026'],
      ['contact.tag_removed', 'VIP'],
    ]);
    expect(entries[1]!.actor_id).toBe(member.user.id);
    const foreign = await t.signup();
    const foreignTag = (await foreign.post('/api/v1/tags', { name: 'Theirs' })).json();
    const refused = await admin.post(`/api/v1/contacts/${c.id}/tags`, { tagIds: [foreignTag.id] });
    expect(refused.json()).toMatchObject({ status: 422, code: 'invalid_reference', field: 'tagIds' });
    expect((await admin.post(`/api/v1/contacts/${c.id}/tags`, {})).statusCode).toBe(400);
  });
});

describe('followers', () => {
  it('adds and removes followers, journaling the user', async () => {
    const admin = await t.signup();
    const jonas = await admin.addUser('member', 'Jonas Weber');
    const c = await newContact(admin);
    const res = await admin.post(`/api/v1/contacts/${c.id}/followers`, { userId: jonas.user.id });
    expect(res.json().followers).toEqual([{ id: jonas.user.id, name: 'Jonas Weber' }]);
    const twice = await admin.post(`/api/v1/contacts/${c.id}/followers`, { userId: jonas.user.id });
    expect(twice.json().version).toBe(res.json().version);
    const gone = await admin.delete(`/api/v1/contacts/${c.id}/followers/${jonas.user.id}`);
    expect(gone.json().followers).toEqual([]);
    expect((await admin.delete(`/api/v1/contacts/${c.id}/followers/${jonas.user.id}`)).statusCode).toBe(404);
    const entries = await journalOf(t, c.id);
    expect(entries.slice(1).map((e) => [e.kind, e.data.user])).toEqual([
      ['contact.follower_added', { id: jonas.user.id, name: 'Jonas Weber' }],
      ['contact.follower_removed', { id: jonas.user.id, name: 'Jonas Weber' }],
    ]);
    const other = await t.signup();
    const foreign = await admin.post(`/api/v1/contacts/${c.id}/followers`, { userId: other.user.id });
    expect(foreign.json()).toMatchObject({ status: 422, code: 'invalid_reference', field: 'userId' });
  });
});

describe('do not disturb', () => {
  it('switches channels and journals each change with its cause', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    expect(c.dnd).toEqual({
      all: false,
      email: false,
      sms: false,
      whatsapp: false,
      calls: false,
      inboundCalls: false,
      inboundSms: false,
    });
    const res = await admin.put(`/api/v1/contacts/${c.id}/dnd`, { email: true, inboundCalls: true, sms: false });
    expect(res.json().dnd).toMatchObject({ email: true, inboundCalls: true, sms: false });
    expect(res.json().version).toBe(2);
    const entries = await journalOf(t, c.id, 'contact.dnd_changed');
    expect(entries.map((e) => e.data)).toEqual([
      { channel: 'email', enabled: true, cause: 'manual' },
      { channel: 'inbound_calls', enabled: true, cause: 'manual' },
    ]);
    expect(entries[0]!.actor_id).toBe(admin.user.id);
    const listed = (await admin.get('/api/v1/contacts?dnd=email')).json().data.map((x: any) => x.id);
    expect(listed).toEqual([c.id]);
    expect((await admin.get('/api/v1/contacts?dnd=sms')).json().data).toEqual([]);
    await admin.put(`/api/v1/contacts/${c.id}/dnd`, { all: true });
    expect((await admin.get('/api/v1/contacts?dnd=sms')).json().data).toHaveLength(1);
  });

  it('records a consent change from another module even on an archived contact', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    await admin.delete(`/api/v1/contacts/${c.id}`);
    const ctx = systemCtx(t.deps, admin.workspace.id, { type: 'contact', id: null, label: 'Jane (unsubscribe link)' });
    const row = await setDnd(ctx, c.id, { email: true }, 'unsubscribe');
    expect(row.dndEmail).toBe(true);
    const [entry] = await journalOf(t, c.id, 'contact.dnd_changed');
    expect(entry).toMatchObject({
      actor_type: 'contact',
      data: { channel: 'email', enabled: true, cause: 'unsubscribe' },
    });
    // The app's own endpoint still refuses to change an archived contact.
    expect((await admin.put(`/api/v1/contacts/${c.id}/dnd`, { sms: true })).json().code).toBe('contact_archived');
  });

  it('lets users and API keys set only the manual cause; unsubscribes and STOP replies are the server’s', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const key = t.withKey(await admin.createApiKey());
    for (const [client, cause] of [
      [admin, 'unsubscribed'],
      [admin, 'sms_stop'],
      [key, 'unsubscribe'],
      [key, 'import'],
    ] as const) {
      const res = await client.put(`/api/v1/contacts/${c.id}/dnd`, { email: true, cause });
      expect(res.statusCode, cause).toBe(400);
      expect(res.json()).toMatchObject({ code: 'cause_not_allowed', field: 'cause' });
    }
    expect(await journalOf(t, c.id, 'contact.dnd_changed')).toEqual([]);
    const ok = await key.put(`/api/v1/contacts/${c.id}/dnd`, { email: true, cause: 'manual' });
    expect(ok.json().dnd.email).toBe(true);
  });
});

describe('profile picture', () => {
  it('stores an image, serves it, replaces and removes it', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const url = `/api/v1/contacts/${c.id}/picture`;
    const res = await upload(t, admin, 'PUT', url, { filename: 'me.png', contentType: 'image/png', data: PNG });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    const first = res.json().pictureUrl;
    expect(first).toMatch(/^\/api\/v1\/files\/[0-9a-f-]{36}$/);
    const file = await admin.get(first);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    const second = (
      await upload(t, admin, 'PUT', url, { filename: 'b.png', contentType: 'image/png', data: PNG })
    ).json();
    expect(second.pictureUrl).not.toBe(first);
    // A picture sent against a stale version is refused and the current one stays.
    const stale = await upload(
      t,
      admin,
      'PUT',
      url,
      { filename: 'c.png', contentType: 'image/png', data: PNG },
      {
        'if-match': '"2"',
      },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    expect((await admin.get(`/api/v1/contacts/${c.id}`)).json().pictureUrl).toBe(second.pictureUrl);
    expect((await admin.get(first)).statusCode).toBe(404);
    const removed = await admin.delete(url);
    expect(removed.json().pictureUrl).toBeNull();
    expect((await admin.get(second.pictureUrl)).statusCode).toBe(404);
    expect((await journalOf(t, c.id, 'contact.picture_changed')).length).toBe(3);
  });

  it('refuses other types, content that is not the image it claims, and files over 5 MB', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const url = `/api/v1/contacts/${c.id}/picture`;
    const svg = await upload(t, admin, 'PUT', url, {
      filename: 'x.svg',
      contentType: 'image/svg+xml',
      data: Buffer.from('<svg/>'),
    });
    expect(svg.statusCode).toBe(415);
    const fake = await upload(t, admin, 'PUT', url, {
      filename: 'x.png',
      contentType: 'image/png',
      data: Buffer.from('GIF89a not a png'),
    });
    expect(fake.statusCode).toBe(415);
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    const large = await upload(t, admin, 'PUT', url, { filename: 'big.png', contentType: 'image/png', data: big });
    expect(large.statusCode).toBe(413);
    const none = await admin.put(url, { file: 'x' });
    expect([400, 415]).toContain(none.statusCode);
    expect((await admin.get(`/api/v1/contacts/${c.id}`)).json()).toMatchObject({ pictureUrl: null, version: 1 });
    const { rows } = await t.deps.database.pool.query(`select count(*)::int n from files where workspace_id = $1`, [
      admin.workspace.id,
    ]);
    expect(rows[0].n).toBe(0);
  });
});

describe('custom fields on one contact', () => {
  it('adds a library field to one contact, sets a value, and takes it off again', async () => {
    const admin = await t.signup();
    const field = (
      await admin.post('/api/v1/custom-fields', { label: 'Preferred demo time', type: 'text', appliesToAll: false })
    ).json();
    const a = await newContact(admin);
    const b = await newContact(admin);
    expect(a.fields.some((f: any) => f.id === field.id)).toBe(false);
    const attached = await admin.post(`/api/v1/contacts/${a.id}/fields`, { fieldId: field.id });
    expect(attached.json().fields.find((f: any) => f.id === field.id)).toMatchObject({ attachedToContact: true });
    const set = await admin.patch(`/api/v1/contacts/${a.id}`, { custom: { preferred_demo_time: 'Tuesdays 10:00' } });
    expect(set.json().custom.preferred_demo_time).toBe('Tuesdays 10:00');
    // Setting a value of a field that is not on the contact adds the field to it.
    const onB = await admin.patch(`/api/v1/contacts/${b.id}`, { custom: { preferred_demo_time: 'Mornings' } });
    expect(onB.json().fields.find((f: any) => f.id === field.id)).toMatchObject({ attachedToContact: true });
    const detached = await admin.delete(`/api/v1/contacts/${a.id}/fields/${field.id}`);
    expect(detached.json().fields.some((f: any) => f.id === field.id)).toBe(false);
    expect(detached.json().custom.preferred_demo_time).toBeUndefined();
    const entries = await journalOf(t, a.id, 'contact.field_changed');
    expect(entries.at(-1)!.data.changes).toEqual([
      { field: 'custom.preferred_demo_time', old: 'Tuesdays 10:00', new: null },
    ]);
    expect((await admin.delete(`/api/v1/contacts/${a.id}/fields/${field.id}`)).statusCode).toBe(404);
  });

  it('creates a field inline: it joins the library, applies to this contact only, and holds the value', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const c = await newContact(admin);
    const res = await member.post(`/api/v1/contacts/${c.id}/fields/inline`, {
      label: 'Shoe size',
      type: 'number',
      value: '42',
    });
    expect(res.statusCode).toBe(201);
    const field = res.json().fields.find((f: any) => f.key === 'shoe_size');
    expect(field).toMatchObject({ label: 'Shoe size', appliesToAll: false, attachedToContact: true });
    expect(res.json().custom.shoe_size).toBe(42);
    const library = (await admin.get('/api/v1/custom-fields')).json().data;
    expect(library.find((f: any) => f.key === 'shoe_size')).toMatchObject({ appliesToAll: false });
    // An admin can then apply it to all contacts.
    await admin.patch(`/api/v1/custom-fields/${field.id}`, { appliesToAll: true });
    const other = await newContact(admin);
    expect(other.fields.some((f: any) => f.key === 'shoe_size')).toBe(true);
    const invalid = await member.post(`/api/v1/contacts/${c.id}/fields/inline`, {
      label: 'Budget',
      type: 'number',
      value: 'lots',
    });
    expect(invalid.json()).toMatchObject({ status: 422, code: 'field_invalid' });
    expect((await admin.get('/api/v1/custom-fields')).json().data.some((f: any) => f.label === 'Budget')).toBe(false);
  });
});
