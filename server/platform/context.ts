// The request context: who is acting, in which workspace, over which database handle.
// Every service function takes one; no query runs without a workspace.
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { Logger } from 'pino';
import type PgBoss from 'pg-boss';
import type { Config } from '../config.ts';
import { wrapClient, type Database, type Db } from '../db/client.ts';
import type { ActorType } from '../db/schema/journal.ts';
import { forbidden } from './errors.ts';
import type { FileStorage } from './files/storage.ts';

export interface Actor {
  type: ActorType;
  id: string | null;
  label: string;
}

export interface Principal {
  /** The signed-in user; null for API keys and the system. */
  userId: string | null;
  role: 'admin' | 'member';
  contactAccess: 'all' | 'own';
  /** Whose rights these are: the signed-in user, or the creator an API key acts for; null for the system. */
  actsFor: string | null;
}

/** Process-wide services handed to every context. */
export interface Deps {
  config: Config;
  database: Database;
  boss: PgBoss;
  logger: Logger;
  storage: FileStorage;
}

export interface PendingEntry {
  id: string;
  contactId: string | null;
  kind: string;
}

export interface TxState {
  client: pg.PoolClient;
  entries: PendingEntry[];
  /** Run once the outermost transaction has committed (see afterCommit). */
  committed: (() => void)[];
  /**
   * Statements sent in the COMMIT's own message, before it (see sendWithCommit): plain text, values written in.
   */
  atCommit: string[];
}

export interface Ctx {
  workspaceId: string;
  actor: Actor;
  principal: Principal;
  deps: Deps;
  db: Db;
  tx: TxState | null;
  /**
   * The workspace's custom-field version read with the caller (requests only): field definitions remembered
   * for this version are current. Absent for the system's contexts, which always read them.
   */
  fieldsVersion?: number;
  /** The workspace's names version read with the caller (requests only), as fieldsVersion is for fields. */
  namesVersion?: number;
}

export type TxCtx = Ctx & { tx: TxState };

export const systemActor: Actor = { type: 'system', id: null, label: 'System' };
export const systemPrincipal: Principal = { userId: null, role: 'admin', contactAccess: 'all', actsFor: null };

/** A context for work the system does on its own (seeding, jobs), with full rights in one workspace. */
export function systemCtx(deps: Deps, workspaceId: string, actor: Actor = systemActor): Ctx {
  return { workspaceId, actor, principal: systemPrincipal, deps, db: deps.database.db, tx: null };
}

export function requireAdmin(ctx: Ctx): void {
  if (ctx.principal.role !== 'admin') throw forbidden('Only an admin can do this');
}

/**
 * For a member limited to "own" contacts, or an API key acting for one: the user whose owned and
 * followed contacts bound what the caller sees. Null when the caller sees every contact.
 */
export function contactScope(ctx: Ctx): string | null {
  if (ctx.principal.contactAccess !== 'own') return null;
  // Fail closed: a restricted principal without a user must not fall back to seeing everything.
  if (!ctx.principal.actsFor) throw forbidden('This caller may only see contacts of a user, and has none');
  return ctx.principal.actsFor;
}

/** Runs `fn` when the transaction `ctx` is part of has committed (what others may then read), never on rollback. */
export function afterCommit(ctx: TxCtx, fn: () => void): void {
  ctx.tx.committed.push(fn);
}

type TxHook = (ctx: TxCtx) => Promise<void>;
const beforeCommitHooks: TxHook[] = [];

/**
 * Sends `statement` (plain text, its values written in: one-trip.ts inlineParams) in the same message as the COMMIT,
 * saving a round trip for what the transaction only has to do, not read. Run in order before the COMMIT, as one
 * message: a statement that fails skips the rest and the transaction rolls back.
 */
export function sendWithCommit(ctx: TxCtx, statement: string): void {
  ctx.tx.atCommit.push(statement);
}

/** Lets the journal flush its pending entries (jobs, notifications) inside the transaction. */
export function onBeforeCommit(hook: TxHook): void {
  beforeCommitHooks.push(hook);
}

/** Marks the code a transaction's callback runs, once refuseConnectionsInTransactions is on. */
let transactionFlow: AsyncLocalStorage<true> | null = null;

/**
 * Makes the pool refuse a connection asked for from inside a transaction's callback: code holding a connection
 * that waits for another deadlocks once every connection is held that way (with 4 connections, 4 such requests at
 * once stop the server until the pool's timeout). The cause is always the outer ctx used where the transaction's
 * was meant. On in the tests (the harness), off in production, where tracking every callback would cost time.
 */
export function refuseConnectionsInTransactions(pool: pg.Pool): void {
  transactionFlow ??= new AsyncLocalStorage<true>();
  const flow = transactionFlow;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  // pool.query asks with a callback, pool.connect() without one.
  (pool as { connect: unknown }).connect = (callback?: (err: Error) => void) => {
    if (!flow.getStore()) return callback ? connect(callback) : connect();
    const err = new Error('A query on the pool inside a transaction: use the transaction’s ctx, not the outer one');
    if (!callback) return Promise.reject(err);
    callback(err);
    return undefined;
  };
}

/**
 * Runs `fn` in one database transaction. Nested calls join the outer transaction, so a service
 * can call another service and both changes (and their journal entries) commit or roll back together.
 * `settings` (SET LOCAL statements, plain text) are sent with the BEGIN, in the same round trip;
 * a nested call applies them itself.
 */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: TxCtx) => Promise<T>, settings?: string): Promise<T> {
  if (ctx.tx) return fn(ctx as TxCtx);
  const client = await ctx.deps.database.pool.connect();
  let broken = false;
  try {
    await client.query(settings ? `begin; ${settings}` : 'begin');
    const txCtx: TxCtx = { ...ctx, db: wrapClient(client), tx: { client, entries: [], committed: [], atCommit: [] } };
    const result = transactionFlow ? await transactionFlow.run(true, () => fn(txCtx)) : await fn(txCtx);
    for (const hook of beforeCommitHooks) await hook(txCtx);
    await client.query([...txCtx.tx.atCommit, 'commit'].join('; '));
    for (const done of txCtx.tx.committed) done();
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
