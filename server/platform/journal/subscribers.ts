// Registry of the modules that react to journal entries (notifications, webhooks, automations).
// Each gets its own durable queue, so a failing subscriber is retried without disturbing the others.
import { inArray, and, eq, asc } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { journalEntries, type JournalEntryRow } from '../../db/schema/journal.ts';
import type { Deps } from '../context.ts';
import { ensureQueue, QUICK_JOB_EXPIRY_SECONDS } from '../jobs.ts';

export interface JournalSubscriber {
  name: string;
  /**
   * The entries it reacts to (all when absent). A transaction none of whose entries it wants is not handed to it: no
   * job is queued, fetched and completed for nothing (a note written costs one delivery instead of two).
   */
  wants?(entry: { kind: string; contactId: string | null }): boolean;
  handle(entries: JournalEntryRow[], deps: Deps): Promise<void>;
}

const subscribers = new Map<string, JournalSubscriber>();

export function registerJournalSubscriber(subscriber: JournalSubscriber): void {
  subscribers.set(subscriber.name, subscriber);
}

export function subscriberNames(): string[] {
  return [...subscribers.keys()];
}

/** The subscribers that want at least one of a transaction's entries. */
export function subscribersFor(entries: { kind: string; contactId: string | null }[]): string[] {
  return [...subscribers.values()].filter((s) => !s.wants || entries.some((e) => s.wants!(e))).map((s) => s.name);
}

export const journalQueue = (name: string) => `journal.${name}`;

interface DispatchJob {
  workspaceId: string;
  entryIds: string[];
}

export async function createJournalQueues(boss: PgBoss): Promise<void> {
  for (const name of subscribers.keys()) {
    await ensureQueue(boss, journalQueue(name), {
      retryLimit: 12,
      retryDelay: 2,
      retryBackoff: true,
      expireInSeconds: QUICK_JOB_EXPIRY_SECONDS,
    });
  }
}

/**
 * Starts one worker per subscriber: each job carries the ids of the entries of one transaction.
 * Jobs are fetched in batches (pg-boss pauses between fetches, so one job per fetch would cap a
 * subscriber at two transactions a second) and handled one by one: a failing job is failed — and
 * retried later — on its own, while the rest of the batch completes.
 */
export async function startJournalWorkers(deps: Deps): Promise<void> {
  for (const subscriber of subscribers.values()) {
    const queue = journalQueue(subscriber.name);
    await deps.boss.work<DispatchJob>(queue, { batchSize: 25, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      // A batch comes back in no particular order; entry ids are UUIDv7, so they restore commit order.
      const ordered = [...jobs].sort((a, b) => (a.data.entryIds[0] ?? '').localeCompare(b.data.entryIds[0] ?? ''));
      for (const job of ordered) {
        try {
          const { workspaceId, entryIds } = job.data;
          const entries = await deps.database.db
            .select()
            .from(journalEntries)
            .where(and(eq(journalEntries.workspaceId, workspaceId), inArray(journalEntries.id, entryIds)))
            .orderBy(asc(journalEntries.id));
          await subscriber.handle(entries, deps);
        } catch (err) {
          deps.logger.warn({ err, queue, jobId: job.id }, 'journal subscriber failed; will retry');
          await deps.boss.fail(queue, job.id, { message: err instanceof Error ? err.message : String(err) });
        }
      }
    });
  }
}
