import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newContact } from '../modules/contacts/contact-test-helpers.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { exportForCli } from './export.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function run(opts: Parameters<typeof exportForCli>[1]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportForCli(t.deps, opts, out);
  return Buffer.concat(chunks).toString('utf8');
}

it('writes a workspace named by its name or id to stdout, searched, as CSV or vCard', async () => {
  const admin = await t.signup({ workspaceName: 'Export CLI' });
  await newContact(admin, { firstName: 'Cleo', lastName: 'Terminal' });
  await newContact(admin, { firstName: 'Other', lastName: 'Person' });
  const csv = await run({ workspace: 'export cli', q: 'terminal' });
  const lines = csv.replace('\ufeff', '').trim().split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain('Cleo Terminal');
  const vcf = await run({ workspace: admin.workspace.id, format: 'vcard' });
  expect(vcf.match(/BEGIN:VCARD/g)).toHaveLength(2);
  await expect(run({ workspace: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  await expect(run({ workspace: 'export cli', format: 'xlsx' })).rejects.toMatchObject({ code: 'validation_failed' });
});
