import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('workspace settings', () => {
  it('shows each caller their own workspace only', async () => {
    const a = await t.signup({ workspaceName: 'Alpha' });
    const b = await t.signup({ workspaceName: 'Beta' });
    expect((await a.get('/api/v1/workspace')).json().name).toBe('Alpha');
    expect((await b.get('/api/v1/workspace')).json().name).toBe('Beta');
  });

  it('lets an admin change the defaults, validated, and refuses members', async () => {
    const admin = await t.signup();
    const ok = await admin.patch('/api/v1/workspace', { name: 'Renamed', currency: 'EUR', timezone: 'Europe/Berlin' });
    expect(ok.json()).toMatchObject({ name: 'Renamed', currency: 'EUR', timezone: 'Europe/Berlin' });
    expect((await admin.patch('/api/v1/workspace', { currency: 'euro' })).statusCode).toBe(400);
    expect((await admin.patch('/api/v1/workspace', { timezone: 'Nowhere/Land' })).statusCode).toBe(400);
    const member = await admin.addUser('member');
    expect((await member.patch('/api/v1/workspace', { name: 'Mine' })).statusCode).toBe(403);
  });
});
