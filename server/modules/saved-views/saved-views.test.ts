import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('saved views', () => {
  it('saves, lists, changes and deletes a user’s own views', async () => {
    const admin = await t.signup();
    const query = {
      q: 'acme',
      tags: 'VIP',
      filters: [{ field: 'custom.net_worth', op: 'gt', value: 100000 }],
      sort: '-createdAt',
    };
    const res = await admin.post('/api/v1/saved-views', {
      name: 'Rich VIPs',
      query,
      columns: ['displayName', 'owner'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Rich VIPs', query, columns: ['displayName', 'owner'] });
    const id = res.json().id;
    const changed = await admin.patch(`/api/v1/saved-views/${id}`, { name: 'Rich', columns: ['displayName'] });
    expect(changed.json()).toMatchObject({ name: 'Rich', query, columns: ['displayName'] });
    expect((await admin.get('/api/v1/saved-views')).json().data.map((v: any) => v.name)).toEqual(['Rich']);
    // The saved query works as list parameters.
    const filters = encodeURIComponent(JSON.stringify(query.filters));
    expect((await admin.get(`/api/v1/contacts?filters=${filters}&sort=-createdAt`)).statusCode).toBe(200);
    expect((await admin.delete(`/api/v1/saved-views/${id}`)).statusCode).toBe(204);
    expect((await admin.get('/api/v1/saved-views')).json().data).toEqual([]);
  });

  it('refuses queries the list would refuse', async () => {
    const admin = await t.signup();
    expect((await admin.post('/api/v1/saved-views', { name: 'x', query: { archived: 'maybe' } })).statusCode).toBe(400);
    expect(
      (await admin.post('/api/v1/saved-views', { name: 'x', query: { filters: [{ field: 'a' }] } })).statusCode,
    ).toBe(400);
    expect((await admin.post('/api/v1/saved-views', { name: '', query: {} })).statusCode).toBe(400);
  });

  it('keeps views private to their user and workspace', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const view = (await admin.post('/api/v1/saved-views', { name: 'Mine', query: {} })).json();
    expect((await member.get('/api/v1/saved-views')).json().data).toEqual([]);
    expect((await member.patch(`/api/v1/saved-views/${view.id}`, { name: 'Hijack' })).statusCode).toBe(404);
    expect((await member.delete(`/api/v1/saved-views/${view.id}`)).statusCode).toBe(404);
    const other = await t.signup();
    expect((await other.patch(`/api/v1/saved-views/${view.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await other.delete(`/api/v1/saved-views/${view.id}`)).statusCode).toBe(404);
    expect((await admin.get('/api/v1/saved-views')).json().data[0].name).toBe('Mine');
    const api = t.withKey(await admin.createApiKey());
    expect((await api.get('/api/v1/saved-views')).statusCode).toBe(403);
  });
});
