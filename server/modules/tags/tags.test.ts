import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact } from '../contacts/contact-test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('tags', () => {
  it('lists tags with usage counts; anyone creates, names are unique case-insensitively', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const created = await member.post('/api/v1/tags', { name: 'Referral', color: 'teal' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Referral', color: 'teal', usageCount: 0 });
    expect((await admin.post('/api/v1/tags', { name: 'referral' })).json()).toMatchObject({
      status: 409,
      code: 'name_taken',
    });
    expect((await admin.post('/api/v1/tags', { name: 'x', color: 'url(javascript:1)' })).statusCode).toBe(400);
    await newContact(admin, { tags: ['Referral', 'Hot lead'] });
    await newContact(admin, { tags: ['referral'] });
    const list = (await member.get('/api/v1/tags')).json().data;
    expect(list.map((x: any) => [x.name, x.usageCount])).toEqual([
      ['Hot lead', 1],
      ['Referral', 2],
    ]);
    expect((await member.get('/api/v1/tags?q=ref')).json().data.map((x: any) => x.name)).toEqual(['Referral']);
  });

  it('lets admins rename and recolour; members may not', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const tag = (await admin.post('/api/v1/tags', { name: 'Trade show' })).json();
    await admin.post('/api/v1/tags', { name: 'VIP' });
    expect((await member.patch(`/api/v1/tags/${tag.id}`, { name: 'x' })).statusCode).toBe(403);
    const renamed = await admin.patch(`/api/v1/tags/${tag.id}`, { name: 'Trade show 2026', color: 'grape' });
    expect(renamed.json()).toMatchObject({ name: 'Trade show 2026', color: 'grape' });
    expect((await admin.patch(`/api/v1/tags/${tag.id}`, { name: 'vip' })).json().code).toBe('name_taken');
    const c = await newContact(admin, { tags: ['Trade show 2026'] });
    expect(c.tags).toEqual([{ id: tag.id, name: 'Trade show 2026', color: 'grape' }]);
    const { rows } = await t.deps.database.pool.query(
      `select actor_id, data from journal_entries where subject_id = $1 and kind = 'tag.updated'`,
      [tag.id],
    );
    expect(rows[0]).toMatchObject({ actor_id: admin.user.id });
    expect(rows[0].data.changes).toEqual([
      { field: 'name', old: 'Trade show', new: 'Trade show 2026' },
      { field: 'color', old: tag.color, new: 'grape' },
    ]);
  });

  it('deletes a tag from every contact, journaling each removal (admins only)', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const a = await newContact(admin, { tags: ['Old', 'Keep'] });
    const b = await newContact(admin, { tags: ['Old'] });
    const tag = (await admin.get('/api/v1/tags')).json().data.find((x: any) => x.name === 'Old');
    expect((await member.delete(`/api/v1/tags/${tag.id}`)).statusCode).toBe(403);
    expect((await admin.delete(`/api/v1/tags/${tag.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/contacts/${a.id}`)).json()).toMatchObject({
      tags: [{ name: 'Keep' }],
      version: 2,
    });
    for (const c of [a, b]) {
      const [entry] = await journalOf(t, c.id, 'contact.tag_removed');
      expect(entry).toMatchObject({ actor_id: admin.user.id, data: { tag: { id: tag.id, name: 'Old' } } });
    }
    const { rows } = await t.deps.database.pool.query(
      `select data from journal_entries where subject_id = $1 and kind = 'tag.deleted'`,
      [tag.id],
    );
    expect(rows[0].data).toEqual({ name: 'Old', contactCount: 2 });
    expect((await admin.get('/api/v1/tags')).json().data.map((x: any) => x.name)).toEqual(['Keep']);
  });

  it('answers 404 for another workspace’s tags and never lists them', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const tag = (await a.post('/api/v1/tags', { name: 'Secret' })).json();
    expect((await b.patch(`/api/v1/tags/${tag.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await b.delete(`/api/v1/tags/${tag.id}`)).statusCode).toBe(404);
    expect((await b.get('/api/v1/tags')).json().data).toEqual([]);
    // The same name is free in another workspace.
    expect((await b.post('/api/v1/tags', { name: 'Secret' })).statusCode).toBe(201);
    const onB = await newContact(b);
    expect((await b.get(`/api/v1/contacts?tags=${tag.id}`)).json().data).toEqual([]);
    expect((await b.post(`/api/v1/contacts/${onB.id}/tags`, { tagIds: [tag.id] })).statusCode).toBe(422);
  });
});
