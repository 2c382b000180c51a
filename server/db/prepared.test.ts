// A prepared select's rows mapped by a mapper made once: the same objects Drizzle's own mapping gives, for flat and
// nested selections, decoded columns (timestamps, arrays, JSON) and decoded expressions; outer joins keep Drizzle's.
import { and, asc, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../test/harness.ts';
import { insertContact } from '../test/fixtures.ts';
import { contacts } from './schema/contacts.ts';
import { journalEntries } from './schema/journal.ts';
import { rowsOf, withRowMapper } from './prepared.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signup();
  const tag = (await admin.post('/api/v1/tags', { name: 'Customer' })).json<{ id: string }>();
  const ames = await insertContact(t, admin, { lastName: 'Ames', tagIds: [tag.id] });
  expect((await admin.post(`/api/v1/contacts/${ames.id}/notes`, { title: 'Called' })).statusCode).toBe(201);
  await insertContact(t, admin, { lastName: 'Zorn', archivedAt: new Date('2026-01-02T03:04:05.678Z') });
});
afterAll(() => t.close());

/** Whether a mapper was installed: Drizzle's own mapping runs when none is. */
const mapped = (statement: unknown) =>
  typeof (statement as { customResultMapper?: unknown }).customResultMapper === 'function';

describe('rows mapped once per statement', () => {
  test('a flat select of whole entries: dates, JSON, nulls as Drizzle gives them', async () => {
    const db = t.deps.database.db;
    const query = () =>
      db
        .select()
        .from(journalEntries)
        .where(eq(journalEntries.workspaceId, admin.workspace.id))
        .orderBy(asc(journalEntries.occurredAt), asc(journalEntries.id));
    const expected = await query();
    const statement = withRowMapper(query().prepare('prepared_test_entries'));
    expect(mapped(statement)).toBe(true);
    const rows = await statement.execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows).toStrictEqual(expected);
    expect(rows.map((r) => Object.keys(r))).toEqual(expected.map((r) => Object.keys(r)));
    expect(rows[0]!.occurredAt).toBeInstanceOf(Date);
    expect(rows.some((r) => r.subjectId === null || r.actorId === null || r.contactId === null)).toBe(true);
    expect(rows.find((r) => r.kind === 'note.created')?.data).toMatchObject({ title: 'Called' });
  });

  test('a nested select over an inner join, with decoded and aliased expressions', async () => {
    const db = t.deps.database.db;
    const query = () =>
      db
        .select({
          contact: {
            id: contacts.id,
            tagIds: contacts.tagIds,
            archivedAt: contacts.archivedAt,
            name: contacts.lastName,
          },
          entries: sql<number>`count(*) over (partition by ${contacts.id})`.mapWith(Number),
          kind: journalEntries.kind,
          upper: sql<string>`upper(${contacts.lastName})`.as('upper_name'),
        })
        .from(contacts)
        .innerJoin(
          journalEntries,
          and(eq(journalEntries.workspaceId, contacts.workspaceId), eq(journalEntries.contactId, contacts.id)),
        )
        .where(eq(contacts.workspaceId, admin.workspace.id))
        .orderBy(asc(contacts.lastName), asc(journalEntries.kind));
    const expected = await query();
    const rows = await rowsOf(query());
    expect(rows).toStrictEqual(expected);
    const ames = rows.filter((r) => r.contact.name === 'Ames');
    expect(ames.map((r) => r.kind)).toEqual(['contact.created', 'note.created']);
    expect(ames[0]!.entries).toBe(2);
    expect(ames[0]!.upper).toBe('AMES');
    expect(ames[0]!.contact.tagIds).toHaveLength(1);
    expect(ames[0]!.contact.archivedAt).toBeNull();
    const zorn = rows.find((r) => r.contact.name === 'Zorn')!;
    expect(zorn.contact.archivedAt).toEqual(new Date('2026-01-02T03:04:05.678Z'));
    expect(zorn.entries).toBe(1);
    expect(mapped(withRowMapper(query().prepare('')))).toBe(true);
  });

  test('an outer join keeps Drizzle’s mapping, which turns a missing side into null', async () => {
    const db = t.deps.database.db;
    const query = () =>
      db
        .select({ contact: { name: contacts.lastName }, entry: { kind: journalEntries.kind } })
        .from(contacts)
        .leftJoin(
          journalEntries,
          and(
            eq(journalEntries.workspaceId, contacts.workspaceId),
            eq(journalEntries.contactId, contacts.id),
            eq(journalEntries.kind, 'note.created'),
          ),
        )
        .where(eq(contacts.workspaceId, admin.workspace.id))
        .orderBy(asc(contacts.lastName));
    const statement = withRowMapper(query().prepare(''));
    expect(mapped(statement)).toBe(false);
    const rows = await statement.execute();
    expect(rows).toStrictEqual([
      { contact: { name: 'Ames' }, entry: { kind: 'note.created' } },
      { contact: { name: 'Zorn' }, entry: null },
    ]);
  });
});

describe('a select named by its text', () => {
  test('is parsed once per connection and planned once: PostgreSQL keeps a generic plan after five calls', async () => {
    const client = await t.deps.database.pool.connect();
    try {
      const db = drizzle({ client, casing: 'snake_case' }) as unknown as typeof t.deps.database.db;
      const byName = (name: string) =>
        db
          .select({ id: contacts.id, name: contacts.lastName })
          .from(contacts)
          .where(and(eq(contacts.workspaceId, admin.workspace.id), eq(contacts.lastName, name)));
      const unnamed = await client.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements');
      for (const name of ['Ames', 'Zorn', 'Nobody', 'Ames', 'Zorn', 'Ames', 'Zorn']) {
        const rows = await rowsOf(byName(name), { named: true });
        expect(rows).toStrictEqual(await byName(name));
        expect(rows.map((r) => r.name)).toEqual(name === 'Nobody' ? [] : [name]);
      }
      // Unnamed (the default), a statement leaves nothing behind on the connection.
      await rowsOf(byName('Ames'));
      const { rows } = await client.query<{ name: string; generic_plans: number; custom_plans: number }>(
        `select name, generic_plans::int, custom_plans::int from pg_prepared_statements
          where statement like '%"last_name" = $2%'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.name).toMatch(/^page_[0-9a-f]{24}$/);
      expect(rows[0]!.custom_plans).toBe(5);
      expect(rows[0]!.generic_plans).toBe(2);
      const after = await client.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements');
      expect(after.rows[0]!.n).toBe(unnamed.rows[0]!.n + 1);
    } finally {
      client.release();
    }
  });
});
