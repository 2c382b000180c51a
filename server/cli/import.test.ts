import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { importForCli } from './import.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('imports a file into a workspace named by its name or id, owned by its first admin', async () => {
  const admin = await t.signup({ workspaceName: 'Acme CLI' });
  const lines: string[] = [];
  const file = path.join(import.meta.dirname, '../modules/imports/fixtures/hubspot.csv');
  const code = await importForCli(t.deps, { file, workspace: 'acme cli', tags: 'cli' }, (l) => lines.push(l));
  // The first row names an owner nobody is: rejected; the second is created.
  expect(code).toBe(0);
  expect(lines.at(-2)).toMatch(/^completed: 1 created, 0 updated, 0 unchanged, 0 skipped, 1 rejected/);
  expect(lines.some((l) => /Contact owner\s+→ owner/.test(l))).toBe(true);
  const contacts = (await admin.get('/api/v1/contacts')).json().data;
  expect(contacts.map((c: any) => [c.displayName, c.owner.id])).toEqual([['Lars Ek', admin.user.id]]);
  await expect(importForCli(t.deps, { file, workspace: 'nope' }, () => undefined)).rejects.toMatchObject({
    code: 'not_found',
  });
  expect(await importForCli(t.deps, { file, workspace: admin.workspace.id, mode: 'create' }, () => undefined)).toBe(0);
});
