import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teams } from '../../db/schema/platform.ts';
import { createTestApp, eventually, type TestApp } from '../../test/harness.ts';
import { inTransaction, sendWithCommit, systemCtx } from '../context.ts';
import { newId } from '../ids.ts';
import { EVENTS_CHANNEL, record } from './journal.ts';
import { createJournalQueues, registerJournalSubscriber, startJournalWorkers } from './subscribers.ts';

const delivered: { kind: string; workspaceId: string }[] = [];
let failOnce = true;
registerJournalSubscriber({
  name: 'test-recorder',
  async handle(entries) {
    // The first delivery fails: the job must be retried, not lost.
    if (failOnce && entries.some((e) => e.kind === 'test.flaky')) {
      failOnce = false;
      throw new Error('subscriber down');
    }
    delivered.push(...entries.map((e) => ({ kind: e.kind, workspaceId: e.workspaceId })));
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await createJournalQueues(t.deps.boss);
  await startJournalWorkers(t.deps);
});
afterAll(() => t.close());

async function workspace() {
  const admin = await t.signup();
  return systemCtx(t.deps, admin.workspace.id);
}

describe('the journal', () => {
  it('writes the entry in the same transaction as the change', async () => {
    const ctx = await workspace();
    const teamId = newId();
    await inTransaction(ctx, async (tx) => {
      await tx.db.insert(teams).values({ workspaceId: ctx.workspaceId, id: teamId, name: 'Committed' });
      await record(tx, { kind: 'team.created', category: 'admin', subject: { type: 'team', id: teamId } });
    });
    const { rows } = await t.deps.database.pool.query('select kind from journal_entries where subject_id = $1', [
      teamId,
    ]);
    expect(rows).toEqual([{ kind: 'team.created' }]);
  });

  it('leaves no entry when the change fails', async () => {
    const ctx = await workspace();
    const teamId = newId();
    await expect(
      inTransaction(ctx, async (tx) => {
        await record(tx, { kind: 'team.created', category: 'admin', subject: { type: 'team', id: teamId } });
        // Same name twice violates the unique index after the entry was written.
        await tx.db.insert(teams).values({ workspaceId: ctx.workspaceId, id: teamId, name: 'Twice' });
        await tx.db.insert(teams).values({ workspaceId: ctx.workspaceId, id: newId(), name: 'Twice' });
      }),
    ).rejects.toThrow();
    const { rows } = await t.deps.database.pool.query('select 1 from journal_entries where subject_id = $1', [teamId]);
    expect(rows).toHaveLength(0);
  });

  it('refuses to record outside a transaction', async () => {
    const ctx = await workspace();
    await expect(record(ctx, { kind: 'x', category: 'admin' })).rejects.toThrow(/inside a transaction/);
  });

  it('cannot be edited or deleted', async () => {
    const ctx = await workspace();
    await inTransaction(ctx, (tx) => record(tx, { kind: 'test.immutable', category: 'admin' }));
    await expect(
      t.deps.database.pool.query(`update journal_entries set kind = 'tampered' where kind = 'test.immutable'`),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.deps.database.pool.query(`delete from journal_entries where kind = 'test.immutable'`),
    ).rejects.toThrow(/append-only/);
  });

  it('hands committed entries to subscribers through a durable, retried job', async () => {
    const ctx = await workspace();
    await inTransaction(ctx, (tx) => record(tx, { kind: 'test.flaky', category: 'admin' }));
    const got = await eventually(async () => delivered.find((d) => d.kind === 'test.flaky'), 30_000);
    expect(got.workspaceId).toBe(ctx.workspaceId);
  });

  it('never hands a rolled-back entry to subscribers', async () => {
    const ctx = await workspace();
    await expect(
      inTransaction(ctx, async (tx) => {
        await record(tx, { kind: 'test.rolled_back', category: 'admin' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await inTransaction(ctx, (tx) => record(tx, { kind: 'test.after_rollback', category: 'admin' }));
    await eventually(async () => delivered.find((d) => d.kind === 'test.after_rollback'));
    expect(delivered.find((d) => d.kind === 'test.rolled_back')).toBeUndefined();
  });

  /** A connection listening on the events channel, and the payloads it has heard. */
  async function listening() {
    const listener = new pg.Client({ connectionString: t.dbUrl });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    await listener.query(`listen ${EVENTS_CHANNEL}`);
    return { listener, heard };
  }

  it('announces committed entries on NOTIFY, carrying only ids', async () => {
    const ctx = await workspace();
    const { listener, heard } = await listening();
    try {
      const contactId = newId();
      const entryId = await inTransaction(ctx, (tx) =>
        record(tx, { kind: 'test.live', category: 'focus', contactId, data: { secret: 'not in the payload' } }),
      );
      await eventually(async () => heard.length > 0);
      const payload = JSON.parse(heard[0]!);
      expect(payload).toEqual({
        type: 'journal',
        w: ctx.workspaceId,
        e: [{ id: entryId, c: contactId, k: 'test.live' }],
      });
      expect(heard[0]).not.toContain('not in the payload');
    } finally {
      await listener.end();
    }
  });

  it('sends the NOTIFY in the COMMIT’s own message; a statement failing there commits nothing', async () => {
    const ctx = await workspace();
    const { listener, heard } = await listening();
    const sent: string[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const config = args[0] as string | { text: string };
      sent.push(typeof config === 'string' ? config : config.text);
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      const entryId = await inTransaction(ctx, (tx) => record(tx, { kind: 'test.with_commit', category: 'admin' }));
      await eventually(async () => heard.some((h) => h.includes(entryId)));
      const notifying = sent.filter((q) => q.includes('pg_notify'));
      expect(notifying).toHaveLength(1);
      expect(notifying[0]).toMatch(/^select pg_notify\(.* as p; commit$/s);

      // The notification's statement fails: the entry is not written and nobody hears of it.
      heard.length = 0;
      let failedId = '';
      await expect(
        inTransaction(ctx, async (tx) => {
          failedId = await record(tx, { kind: 'test.failed_at_commit', category: 'admin' });
          sendWithCommit(tx, 'select 1 / 0');
        }),
      ).rejects.toThrow('division by zero');
      const written = await t.deps.database.pool.query('select 1 from journal_entries where id = $1', [failedId]);
      expect(written.rowCount).toBe(0);
      // The connection went back to the pool usable, and the next transaction's notification is the first heard.
      const nextId = await inTransaction(ctx, (tx) =>
        record(tx, { kind: 'test.after_failed_commit', category: 'admin' }),
      );
      await eventually(async () => heard.length > 0);
      expect(heard.join()).toContain(nextId);
      expect(heard.join()).not.toContain(failedId);
    } finally {
      pg.Client.prototype.query = query;
      await listener.end();
    }
  });
});
