// The `target-markets.rebuild` job: after a market's rules were set or changed, its whole membership
// is rebuilt here, outside the request (which only saved the rules and answered "evaluating"). The
// contacts are walked by id in ranges of `rebuildTuning.batchSize`, each range one short transaction
// (market-membership.ts syncMembership: set-based, journaled), so no transaction grows with the
// workspace. Each range holds the market's row in share mode and checks the version the job was sent
// for: a newer change (which sent its own job) wins, and this one stops. Ranges are idempotent, so a
// job retried after a crash simply walks again; the market is "current" once a walk reached the end.
import { and, eq, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { contacts } from '../../db/schema/contacts.ts';
import { targetMarkets } from '../../db/schema/relationships.ts';
import { inTransaction, systemCtx, type Deps, type TxCtx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { ensureQueue } from '../../platform/jobs.ts';
import { parseRules, rulesCondition, syncMembership } from './market-membership.ts';

export const REBUILD_QUEUE = 'target-markets.rebuild';

/** Contacts per range: its inserts, deletes and journal entries are one transaction. */
export const rebuildTuning = { batchSize: 10_000 };

export interface RebuildJob {
  workspaceId: string;
  marketId: string;
  version: number;
}

export async function createRebuildQueue(boss: PgBoss): Promise<void> {
  // A walk over a million contacts takes minutes; each range is short, and a retry walks again.
  await ensureQueue(boss, REBUILD_QUEUE, { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 3600 });
}

/** Sent in the caller's transaction: the job exists exactly when the rules it rebuilds for do. */
export async function enqueueRebuild(tx: TxCtx, marketId: string, version: number): Promise<void> {
  const db = { executeSql: (text: string, values: unknown[]) => tx.tx.client.query(text, values) };
  const job: RebuildJob = { workspaceId: tx.workspaceId, marketId, version };
  await tx.deps.boss.send(REBUILD_QUEUE, job, { db });
}

export async function startRebuildWorker(deps: Deps): Promise<void> {
  await deps.boss.work<RebuildJob>(REBUILD_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    if (job) await rebuildMembership(deps, job.data);
  });
}

/**
 * Walks the workspace's contacts range by range; returns false when the market is gone or has a newer
 * version (whose own job rebuilds it), true when the membership is current with `job.version`.
 */
export async function rebuildMembership(deps: Deps, job: RebuildJob): Promise<boolean> {
  const ctx = systemCtx(deps, job.workspaceId);
  let after: string | null = null;
  for (;;) {
    const step: { done: boolean } | null = await inTransaction(ctx, async (tx) => {
      const [market] = await tx.db
        .select()
        .from(targetMarkets)
        .where(and(eq(targetMarkets.workspaceId, job.workspaceId), eq(targetMarkets.id, job.marketId)))
        // Not a shared lock: two rebuilds of one market (a job retried while the first still runs)
        // would each hold it and deadlock when both mark the market evaluated. The journal subscriber's
        // shared lock still keeps a rebuild step and a membership update apart.
        .for('no key update');
      if (!market || market.version !== job.version) return null;
      let condition;
      try {
        condition = await rulesCondition(tx, parseRules(market.rules));
      } catch (err) {
        // Rules that stopped making sense (a custom field deleted since): retrying would not help.
        if (!(err instanceof AppError)) throw err;
        deps.logger.warn({ marketId: market.id, err: err.message }, 'target market rules cannot be evaluated');
        return null;
      }
      const upTo = await rangeEnd(tx, after);
      await syncMembership(tx, market, condition, { after, upTo });
      if (upTo === null) {
        await tx.db
          .update(targetMarkets)
          .set({ evaluatedAt: sql`now()` })
          .where(and(eq(targetMarkets.workspaceId, job.workspaceId), eq(targetMarkets.id, job.marketId)));
        return { done: true };
      }
      after = upTo;
      return { done: false };
    });
    if (!step) return false;
    if (step.done) return true;
  }
}

/** The last contact id of the range after `after`, or null when the range reaches the end. */
async function rangeEnd(tx: TxCtx, after: string | null): Promise<string | null> {
  const { rows } = await tx.db.execute<{ id: string }>(sql`
    select ${contacts.id} as id from ${contacts}
    where ${contacts.workspaceId} = ${tx.workspaceId} ${after ? sql`and ${contacts.id} > ${after}` : sql``}
    order by ${contacts.id} offset ${rebuildTuning.batchSize - 1} limit 1`);
  return rows[0]?.id ?? null;
}
