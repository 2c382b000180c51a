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

describe('contact timeline', () => {
  it('pages newest first without gaps or repeats, filtered by category and kinds', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const ctx = systemCtx(t.deps, admin.workspace.id);
    const base = Date.parse('2026-01-01T00:00:00Z');
    await inTransaction(ctx, (tx) =>
      recordMany(
        tx,
        Array.from({ length: 25 }, (_, i) => ({
          contactId: contact.id,
          kind: i % 2 ? 'note.created' : 'task.created',
          category: 'focus' as const,
          // Pairs share a timestamp, so the id must break ties for the keyset.
          occurredAt: new Date(base + Math.floor(i / 2) * 60_000),
          data: { i },
        })),
      ),
    );
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin.get(
        `/api/v1/contacts/${contact.id}/timeline?category=focus&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      const body = res.json();
      seen.push(...body.data.map((e: { data: { i: number } }) => e.data.i));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const times = seen.map((i) => Math.floor(i / 2));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const notes = (await admin.get(`/api/v1/contacts/${contact.id}/timeline?kinds=note.created`)).json().data;
    expect(notes).toHaveLength(12);
    const admins = (await admin.get(`/api/v1/contacts/${contact.id}/timeline?category=admin`)).json().data;
    expect(admins.map((e: { kind: string }) => e.kind)).toEqual(['contact.created']);
    expect(admins[0].actor).toEqual({ type: 'user', id: admin.user.id, label: admin.user.name });

    const ranged = (
      await admin.get(`/api/v1/contacts/${contact.id}/timeline?from=2026-01-01T00:03:00Z&to=2026-01-01T00:05:00Z`)
    ).json().data;
    expect(ranged.map((e: { data: { i: number } }) => e.data.i).sort()).toEqual([6, 7, 8, 9]);
  });

  it('refuses a forged cursor and another workspace’s contact', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const contact = await insertContact(t, a);
    expect((await a.get(`/api/v1/contacts/${contact.id}/timeline?cursor=garbage`)).statusCode).toBe(400);
    expect((await b.get(`/api/v1/contacts/${contact.id}/timeline`)).statusCode).toBe(404);
  });

  it('shows a member limited to own contacts only the timelines of contacts they own or follow', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member', 'Olga Own');
    await t.deps.database.pool.query(`update users set contact_access = 'own' where id = $1`, [member.user.id]);
    const followed = await insertContact(t, admin);
    const other = await insertContact(t, admin);
    await admin.post(`/api/v1/contacts/${followed.id}/followers`, { userId: member.user.id });
    const seen = await member.get(`/api/v1/contacts/${followed.id}/timeline?category=focus`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toEqual({ data: [], nextCursor: null });
    expect((await member.get(`/api/v1/contacts/${followed.id}/timeline`)).json().data.length).toBeGreaterThan(0);
    expect((await member.get(`/api/v1/contacts/${other.id}/timeline`)).statusCode).toBe(404);
    expect((await member.get(`/api/v1/contacts/${other.id}/timeline?category=focus`)).statusCode).toBe(404);
  });
});
