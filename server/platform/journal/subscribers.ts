// Registry of the modules that react to journal entries (notifications, webhooks, automations).
// Each gets its own durable queue, so a failing subscriber is retried without disturbing the others.
import { inArray, and, eq, asc } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { journalEntries, type JournalEntryRow } from '../../db/schema/journal.ts';
import type { Deps } from '../context.ts';

export interface JournalSubscriber {
  name: string;
  handle(entries: JournalEntryRow[], deps: Deps): Promise<void>;
}

const subscribers = new Map<string, JournalSubscriber>();

export function registerJournalSubscriber(subscriber: JournalSubscriber): void {
  subscribers.set(subscriber.name, subscriber);
}

export function subscriberNames(): string[] {
  return [...subscribers.keys()];
}

export const journalQueue = (name: string) => `journal.${name}`;

interface DispatchJob {
  workspaceId: string;
  entryIds: string[];
}

export async function createJournalQueues(boss: PgBoss): Promise<void> {
  for (const name of subscribers.keys()) {
    await boss.createQueue(journalQueue(name), {
      name: journalQueue(name),
      retryLimit: 12,
      retryDelay: 2,
      retryBackoff: true,
    });
  }
}

/** Starts one worker per subscriber: each job carries the ids of the entries of one transaction. */
export async function startJournalWorkers(deps: Deps): Promise<void> {
  for (const subscriber of subscribers.values()) {
    await deps.boss.work<DispatchJob>(
      journalQueue(subscriber.name),
      { batchSize: 1, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        if (!job) return;
        const { workspaceId, entryIds } = job.data;
        const entries = await deps.database.db
          .select()
          .from(journalEntries)
          .where(and(eq(journalEntries.workspaceId, workspaceId), inArray(journalEntries.id, entryIds)))
          .orderBy(asc(journalEntries.id));
        await subscriber.handle(entries, deps);
      },
    );
  }
}
