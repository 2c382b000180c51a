// Statements with their values written in and planner settings around them, in one round trip: the values come
// back exactly as bound ones would, the settings hold for the statement alone, and a failure leaves the
// connection as it was.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { connectDatabase, type Database } from './client.ts';
import { dbWithSettings, inlineParams, queryWithSettings, unlessCancelled } from './one-trip.ts';

let t: TestApp;
let database: Database;
beforeAll(async () => {
  t = await createTestApp();
  // One connection: what a message leaves behind is what the next statement meets.
  database = connectDatabase(t.dbUrl, { max: 1 });
});
afterAll(async () => {
  await database.close();
  await t.close();
});

const setting = async (name: string) =>
  (await database.pool.query<{ v: string }>('select current_setting($1) as v', [name])).rows[0]!.v;

describe('values written into a statement', () => {
  test('come back exactly as the same values bound as parameters', async () => {
    const values: unknown[] = [
      "O'Brien \\ back\\slash",
      'tab\tnew\nline — ünïcødé 日本',
      '$1 $2 inside a value',
      42,
      -7.5,
      null,
      new Date('2026-03-04T05:06:07.089Z'),
      ['a', "b'c", null, 'd"e'],
      { nested: ["q'uote"], n: 1 },
      Buffer.from([0, 1, 254, 255]),
    ];
    const text =
      'select $1::text a, $2::text b, $3::text c, $4::int d, $5::numeric e, $6::text f, $7::timestamptz g, ' +
      '$8::text[] h, $9::jsonb i, $10::bytea j';
    const bound = (await database.pool.query(text, values)).rows[0];
    const written = inlineParams(text, values);
    expect(written).not.toMatch(/\$\d+::/);
    const inlined = (await database.pool.query(written)).rows[0];
    expect(inlined).toEqual(bound);
    expect(inlined.a).toBe(values[0]);
    expect(inlined.h).toEqual(['a', "b'c", null, 'd"e']);
    expect(Buffer.compare(inlined.j as Buffer, values[9] as Buffer)).toBe(0);
  });

  test('a value cannot end its literal and add a statement', async () => {
    const hostile = "x'; drop table workspaces; --";
    const rows = (await database.pool.query(inlineParams('select $1::text v', [hostile]))).rows;
    expect(rows).toEqual([{ v: hostile }]);
    expect((await database.pool.query("select to_regclass('workspaces') is not null as here")).rows[0].here).toBe(true);
  });
});

describe('a statement with settings around it', () => {
  test('sees the settings; the connection has its defaults again afterwards', async () => {
    expect(await setting('enable_sort')).toBe('on');
    const result = await queryWithSettings(
      database.pool,
      { enable_sort: 'off', work_mem: '8MB' },
      { text: "select current_setting('enable_sort') s, current_setting('work_mem') w, $1::int n" },
      [3],
    );
    expect(result.rows).toEqual([{ s: 'off', w: '8MB', n: 3 }]);
    expect(await setting('enable_sort')).toBe('on');
    expect(await setting('work_mem')).not.toBe('8MB');
  });

  test('a failing statement rolls its settings back with it and leaves the connection usable', async () => {
    await expect(
      queryWithSettings(database.pool, { enable_sort: 'off' }, { text: 'select 1 / $1::int' }, [0]),
    ).rejects.toThrow(/division by zero/);
    expect(await setting('enable_sort')).toBe('on');
    expect((await database.pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  test('through Drizzle: rows mapped as usual, each statement with the settings', async () => {
    const db = dbWithSettings(database.pool, { enable_bitmapscan: 'off' });
    expect(dbWithSettings(database.pool, { enable_bitmapscan: 'off' })).toBe(db);
    const rows = await db.execute(sql`select current_setting('enable_bitmapscan') as s, ${"it's"}::text as v`);
    expect(rows.rows).toEqual([{ s: 'off', v: "it's" }]);
    const [mapped] = await db
      .select({ when: sql<string>`${new Date('2026-01-02T03:04:05Z')}::timestamptz`.as('when'), n: sql<number>`2` })
      .from(sql`(select 1) x`);
    expect(mapped).toEqual({ when: expect.stringMatching(/^2026-01-02 03:04:05\+00/), n: 2 });
    expect(await setting('enable_bitmapscan')).toBe('on');
  });

  test('a statement that outlasts its statement_timeout is told apart from other failures', async () => {
    const budget = dbWithSettings(database.pool, { statement_timeout: '20ms' });
    expect(await budget.execute(sql`select pg_sleep(1)`).catch(unlessCancelled)).toBeNull();
    expect(await setting('statement_timeout')).toBe('0');
    await expect(budget.execute(sql`select 1 / ${0}::int`).catch(unlessCancelled)).rejects.toMatchObject({
      cause: expect.objectContaining({ code: '22012' }),
    });
    expect((await budget.execute(sql`select 2 as two`)).rows).toEqual([{ two: 2 }]);
  });
});
