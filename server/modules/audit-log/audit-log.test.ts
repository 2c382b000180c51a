import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, systemCtx } from '../../platform/context.ts';
import { recordMany } from '../../platform/journal/journal.ts';
import { insertContact } from '../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Entry {
  id: string;
  kind: string;
  contactId: string | null;
  actor: { type: string; id: string | null; label: string };
  contact: { id: string; displayName: string } | null;
  data: Record<string, unknown>;
}

describe('audit log', () => {
  it('lists the whole workspace journal newest first, with the contact’s name, and filters it', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const jane = await insertContact(t, admin, { firstName: 'Jane', lastName: 'Doe' });
    const john = await insertContact(t, admin, { firstName: 'John', lastName: 'Roe' });
    const note = (await maria.post(`/api/v1/contacts/${jane.id}/notes`, { title: 'Draft' })).json();
    await maria.patch(`/api/v1/notes/${note.id}`, { title: 'Final' });
    await admin.post(`/api/v1/contacts/${john.id}/tasks`, { title: 'Call' });

    const all = (await admin.get('/api/v1/audit-log')).json().data as Entry[];
    expect(all.slice(0, 4).map((e) => e.kind)).toEqual([
      'task.created',
      'note.updated',
      'note.created',
      'contact.created',
    ]);
    expect(all.map((e) => e.kind)).toEqual(expect.arrayContaining(['workspace.created', 'user.created']));
    expect(all[1]).toMatchObject({
      contactId: jane.id,
      contact: { id: jane.id, displayName: 'Jane Doe' },
      actor: { type: 'user', id: maria.user.id, label: 'Maria' },
      data: { changes: [{ field: 'title', old: 'Draft', new: 'Final' }] },
    });

    const q = async (query: string) =>
      ((await admin.get(`/api/v1/audit-log?${query}`)).json().data as Entry[]).map((e) => e.kind);
    expect(await q(`actorId=${maria.user.id}`)).toEqual(['note.updated', 'note.created']);
    expect(await q(`contactId=${john.id}`)).toEqual(['task.created', 'contact.created']);
    expect(await q('kinds=note.created,task.created')).toEqual(['task.created', 'note.created']);
    expect(await q(`category=focus&contactId=${jane.id}`)).toEqual(['note.updated', 'note.created']);
    expect(await q('actorType=api')).toEqual([]);
    expect(await q('actorType=system')).toContain('workspace.created');
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(await q(`from=${future}`)).toEqual([]);
    expect((await q(`to=${future}`)).length).toBe(all.length);

    // A contact deleted since keeps its entries; only the name is gone.
    await t.deps.database.pool.query('delete from contacts where id = $1', [john.id]);
    const orphan = (await admin.get(`/api/v1/audit-log?contactId=${john.id}`)).json().data as Entry[];
    expect(orphan.map((e) => [e.contactId, e.contact])).toEqual([
      [john.id, null],
      [john.id, null],
    ]);
  });

  it('pages by id without gaps or repeats and refuses a forged cursor', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    await inTransaction(systemCtx(t.deps, admin.workspace.id), (tx) =>
      recordMany(
        tx,
        Array.from({ length: 23 }, (_, i) => ({
          contactId: contact.id,
          kind: 'test.entry',
          category: 'admin' as const,
          data: { i },
        })),
      ),
    );
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: { data: Entry[]; nextCursor: string | null } = (
        await admin.get(`/api/v1/audit-log?kinds=test.entry&limit=5${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...res.data.map((e) => e.data.i as number));
      cursor = res.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => 22 - i));
    expect((await admin.get('/api/v1/audit-log?cursor=forged')).statusCode).toBe(400);
  });

  it('exports the filtered log as a CSV download with readable details', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin, { firstName: 'Jane', lastName: 'Doe' });
    const note = (await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: '=HYPERLINK("x")' })).json();
    await admin.patch(`/api/v1/notes/${note.id}`, { title: 'Final', color: 'green' });
    await inTransaction(systemCtx(t.deps, admin.workspace.id), (tx) =>
      recordMany(
        tx,
        Array.from({ length: 1204 }, (_, i) => ({
          contactId: contact.id,
          kind: 'test.bulk',
          category: 'admin' as const,
          data: { i },
        })),
      ),
    );

    const res = await admin.get(`/api/v1/audit-log/export?contactId=${contact.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const parsed = Papa.parse<string[]>(res.body.replace(/^\ufeff/, ''), { skipEmptyLines: true });
    const [header, ...rows] = parsed.data;
    expect(header).toEqual([
      'time',
      'kind',
      'category',
      'actor type',
      'actor',
      'contact id',
      'contact name',
      'subject',
      'details',
      'entry id',
    ]);
    expect(rows).toHaveLength(1204 + 3);
    expect(rows.filter((r) => r[1] === 'test.bulk')).toHaveLength(1204);
    const updated = rows.find((r) => r[1] === 'note.updated')!;
    expect(updated.slice(1, 8)).toEqual([
      'note.updated',
      'focus',
      'user',
      admin.user.name,
      contact.id,
      'Jane Doe',
      `note ${note.id}`,
    ]);
    expect(updated[8]).toContain('title: =HYPERLINK("x") → Final');
    expect(updated[8]).toContain('color: default → green');
    const created = rows.find((r) => r[1] === 'note.created')!;
    expect(created[8]).toContain('title: =HYPERLINK("x")');
    const formula = await insertContact(t, admin, { firstName: '=HYPERLINK("http://x")', lastName: 'Doe' });
    // A cell that would run as a spreadsheet formula is defused.
    const risky = await admin.get(`/api/v1/audit-log/export?contactId=${formula.id}`);
    const [, row] = Papa.parse<string[]>(risky.body.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
    expect(row![6]).toBe(`'=HYPERLINK("http://x") Doe`);
    const onlyNotes = (await admin.get('/api/v1/audit-log/export?kinds=note.created')).body.trim().split('\r\n');
    expect(onlyNotes).toHaveLength(2);
  });

  it('is for admins only, and never shows another workspace’s entries', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    expect((await member.get('/api/v1/audit-log')).statusCode).toBe(403);
    const refused = await member.get('/api/v1/audit-log/export');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
    const api = t.withKey(await admin.createApiKey());
    expect((await api.get('/api/v1/audit-log')).statusCode).toBe(200);

    const other = await t.signup();
    const contact = await insertContact(t, admin, { firstName: 'Secret', lastName: 'Person' });
    await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'Secret note' });
    const byContact = await other.get(`/api/v1/audit-log?contactId=${contact.id}`);
    expect(byContact.json().data).toEqual([]);
    expect((await other.get(`/api/v1/audit-log?actorId=${admin.user.id}`)).json().data).toEqual([]);
    const everything = (await other.get('/api/v1/audit-log?limit=200')).body;
    expect(everything).not.toContain('Secret');
    expect((await other.get('/api/v1/audit-log/export')).body).not.toContain('Secret');
  });
});
