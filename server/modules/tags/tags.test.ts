import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
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

  describe('usage counts follow the contacts, as the list counts them', () => {
    const countsOf = async (session: Session) =>
      Object.fromEntries(
        (await session.get('/api/v1/tags')).json().data.map((x: any) => [x.name, x.usageCount] as const),
      );
    const listed = async (session: Session, tagId: string) =>
      (await session.get(`/api/v1/contacts?tags=${tagId}&limit=100`)).json().data.length;

    it('counts tags added and removed, one contact at a time and in bulk', async () => {
      const admin = await t.signup();
      const a = await newContact(admin, { tags: ['VIP'] });
      const b = await newContact(admin);
      const c = await newContact(admin);
      expect(await countsOf(admin)).toEqual({ VIP: 1 });
      expect((await admin.post(`/api/v1/contacts/${b.id}/tags`, { names: ['VIP', 'Lead'] })).statusCode).toBe(200);
      // Adding a tag the contact already carries changes nothing.
      await admin.post(`/api/v1/contacts/${a.id}/tags`, { names: ['vip'] });
      expect(await countsOf(admin)).toEqual({ VIP: 2, Lead: 1 });
      const vip = (await admin.get('/api/v1/tags')).json().data.find((x: any) => x.name === 'VIP');
      expect((await admin.delete(`/api/v1/contacts/${a.id}/tags/${vip.id}`)).statusCode).toBe(200);
      expect(await countsOf(admin)).toEqual({ VIP: 1, Lead: 1 });

      const bulk = (action: string, ids: string[], tagNames: string[]) =>
        admin.post('/api/v1/contacts/bulk', { action, ids, tagNames });
      expect((await bulk('add_tags', [a.id, b.id, c.id], ['VIP', 'Lead', 'Event'])).statusCode).toBe(200);
      expect(await countsOf(admin)).toEqual({ VIP: 3, Lead: 3, Event: 3 });
      await bulk('remove_tags', [a.id, b.id], ['Lead', 'Event']);
      expect(await countsOf(admin)).toEqual({ VIP: 3, Lead: 1, Event: 1 });
      const selectAll = await admin.post('/api/v1/contacts/bulk', {
        action: 'remove_tags',
        selection: { all: true, query: {} },
        tagIds: [vip.id],
      });
      expect(selectAll.json()).toEqual({ affected: 3 });
      expect(await countsOf(admin)).toEqual({ VIP: 0, Lead: 1, Event: 1 });
    });

    it('leaves archived contacts out, counts them again when restored, and forgets deleted ones', async () => {
      const admin = await t.signup();
      const a = await newContact(admin, { tags: ['VIP', 'Lead'] });
      const b = await newContact(admin, { tags: ['VIP'] });
      const c = await newContact(admin, { tags: ['VIP'] });
      const vip = (await admin.get('/api/v1/tags')).json().data.find((x: any) => x.name === 'VIP');
      expect((await admin.delete(`/api/v1/contacts/${a.id}`)).statusCode).toBe(204);
      expect(await countsOf(admin)).toEqual({ VIP: 2, Lead: 0 });
      expect(await listed(admin, vip.id)).toBe(2);
      expect((await admin.post(`/api/v1/contacts/${a.id}/restore`)).statusCode).toBe(200);
      expect(await countsOf(admin)).toEqual({ VIP: 3, Lead: 1 });

      expect((await admin.post('/api/v1/contacts/bulk', { action: 'archive', ids: [a.id, b.id] })).statusCode).toBe(
        200,
      );
      expect(await countsOf(admin)).toEqual({ VIP: 1, Lead: 0 });
      await admin.post('/api/v1/contacts/bulk', { action: 'restore', ids: [b.id] });
      expect(await countsOf(admin)).toEqual({ VIP: 2, Lead: 0 });
      expect(await listed(admin, vip.id)).toBe(2);

      // Deleting an archived contact for good changes no count; deleting a listed one would.
      const gone = await admin.delete(`/api/v1/contacts/${a.id}?permanent=true&confirm=${a.id}`);
      expect(gone.statusCode).toBe(204);
      expect(await countsOf(admin)).toEqual({ VIP: 2, Lead: 0 });
      await admin.delete(`/api/v1/contacts/${c.id}`);
      await admin.delete(`/api/v1/contacts/${c.id}?permanent=true&confirm=${c.id}`);
      expect(await countsOf(admin)).toEqual({ VIP: 1, Lead: 0 });
      expect(await listed(admin, vip.id)).toBe(1);
    });

    it('counts a duplicated contact’s tags', async () => {
      const admin = await t.signup();
      const a = await newContact(admin, { tags: ['VIP'] });
      const copy = await admin.post(`/api/v1/contacts/${a.id}/duplicate`);
      expect(copy.statusCode).toBe(201);
      expect(copy.json().contact.tags.map((x: any) => x.name)).toEqual(['VIP']);
      expect(await countsOf(admin)).toEqual({ VIP: 2 });
    });

    it('matches a recount over every contact, and never counts another workspace’s contacts', async () => {
      const a = await t.signup();
      const b = await t.signup();
      await newContact(a, { tags: ['Shared name', 'Only A'] });
      await newContact(b, { tags: ['Shared name'] });
      const onB = await newContact(b, { tags: ['Shared name'] });
      await b.delete(`/api/v1/contacts/${onB.id}`);
      expect(await countsOf(a)).toEqual({ 'Shared name': 1, 'Only A': 1 });
      expect(await countsOf(b)).toEqual({ 'Shared name': 1 });
      // The kept count equals a recount from scratch, for every tag in the database.
      const { rows } = await t.deps.database.pool.query(
        `select t.workspace_id, t.id from tags t
         where t.usage_count <> (select count(*) from contacts c
           where c.workspace_id = t.workspace_id and c.tag_ids @> array[t.id] and c.archived_at is null)`,
      );
      expect(rows).toEqual([]);
    });
  });
});
