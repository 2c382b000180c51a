// Writing the journal. Entries are appended inside the caller's transaction; at commit the
// pending entries are handed to durable jobs (one per subscriber) and announced on NOTIFY.
import { copyRows } from '../../db/copy.ts';
import { journalEntries, type FieldChange, type JournalCategory } from '../../db/schema/journal.ts';
import { inlineParams } from '../../db/one-trip.ts';
import { onBeforeCommit, sendWithCommit, type Actor, type Ctx, type TxCtx } from '../context.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { journalQueue, subscribersFor } from './subscribers.ts';

export const EVENTS_CHANNEL = 'dossier_events';

export interface NewEntry {
  contactId?: string | null;
  kind: string;
  category: JournalCategory;
  subject?: { type: string; id: string } | null;
  data?: Record<string, unknown>;
  /** Defaults to the context's actor. */
  actor?: Actor;
  /** Defaults to now; set when recording something that happened earlier (a logged call). */
  occurredAt?: Date;
}

/** Appends one entry in the caller's transaction and returns its id. */
export async function record(ctx: Ctx, entry: NewEntry): Promise<string> {
  const [id] = await recordMany(ctx, [entry]);
  return id!;
}

/** Appends entries in the caller's transaction; `copy` writes them with COPY (bulk writes such as an import). */
export async function recordMany(ctx: Ctx, entries: NewEntry[], opts: { copy?: boolean } = {}): Promise<string[]> {
  if (!ctx.tx) {
    // The rule of the journal: no change without its entry, so never outside the change's transaction.
    throw new AppError('internal_error', 500, 'Journal entries must be recorded inside a transaction');
  }
  if (entries.length === 0) return [];
  const rows = entries.map((e) => {
    const actor = e.actor ?? ctx.actor;
    return {
      workspaceId: ctx.workspaceId,
      id: newId(),
      contactId: e.contactId ?? null,
      kind: e.kind,
      category: e.category,
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      subjectType: e.subject?.type ?? null,
      subjectId: e.subject?.id ?? null,
      data: e.data ?? {},
      occurredAt: e.occurredAt ?? new Date(),
    };
  });
  if (opts.copy) await copyRows(ctx.tx.client, journalEntries, rows);
  else {
    for (let i = 0; i < rows.length; i += 1000) {
      await ctx.db.insert(journalEntries).values(rows.slice(i, i + 1000));
    }
  }
  ctx.tx.entries.push(...rows.map((r) => ({ id: r.id, contactId: r.contactId, kind: r.kind })));
  return rows.map((r) => r.id);
}

/** The old/new pairs of the fields that differ between two versions of a record. */
export function diffFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
  fields: readonly (keyof T & string)[],
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (!(field in after)) continue;
    const oldValue = before[field] ?? null;
    const newValue = after[field] ?? null;
    if (JSON.stringify(oldValue) !== JSON.stringify(newValue)) {
      changes.push({ field, old: oldValue, new: newValue });
    }
  }
  return changes;
}

// NOTIFY payloads are limited to 8000 bytes; stay well below it.
const NOTIFY_CHUNK = 40;

async function flushPending(ctx: TxCtx): Promise<void> {
  const pending = ctx.tx.entries;
  if (pending.length === 0) return;
  ctx.tx.entries = [];
  const entryIds = pending.map((e) => e.id);
  const names = subscribersFor(pending);
  if (names.length > 0) {
    const executor = { executeSql: (text: string, values: unknown[]) => ctx.tx.client.query(text, values) };
    await ctx.deps.boss.insert(
      names.map((name) => ({ name: journalQueue(name), data: { workspaceId: ctx.workspaceId, entryIds } })),
      { db: executor },
    );
  }
  // NOTIFY is transactional: listeners hear it only if this transaction commits. All payloads go in one
  // statement (a bulk write of thousands of entries would otherwise wait for a round trip per payload).
  const payloads: string[] = [];
  for (let i = 0; i < pending.length; i += NOTIFY_CHUNK) {
    payloads.push(
      JSON.stringify({
        type: 'journal',
        w: ctx.workspaceId,
        e: pending.slice(i, i + NOTIFY_CHUNK).map((e) => ({ id: e.id, c: e.contactId, k: e.kind })),
      }),
    );
  }
  // Sent with the COMMIT: nothing here is read back.
  sendWithCommit(ctx, inlineParams('select pg_notify($1, p) from unnest($2::text[]) as p', [EVENTS_CHANNEL, payloads]));
}

onBeforeCommit(flushPending);
