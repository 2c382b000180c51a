// The `imports.run` job: writes an import's rows batch by batch, and undoes an import. Each batch is one
// transaction that writes the contacts (create-contact.ts writeContacts: multi-row inserts, each with its
// contact.created entry), the updates (the contact services), one import_rows row per source row and the
// import's cursor and counts — so a batch is either all there or not at all. A job that dies (kill -9)
// leaves the cursor at the last committed batch; the next start (or the recovery tick) sends the job again
// and it goes on from there. Two runners of one import cannot both write a batch: each batch locks the
// import row and checks the cursor it started from.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { contactEmails, contactPhones, contacts } from '../../db/schema/contacts.ts';
import { importRows, imports, type ImportRevert } from '../../db/schema/imports.ts';
import { users } from '../../db/schema/platform.ts';
import { inTransaction, systemCtx, type Ctx, type Deps, type TxCtx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { ensureQueue } from '../../platform/jobs.ts';
import { record } from '../../platform/journal/journal.ts';
import { setArchived } from '../../modules/contacts/archive-contact.ts';
import { addEmail, removeEmail } from '../contacts/contact-emails.service.ts';
import { addPhone, removePhone } from '../contacts/contact-phones.service.ts';
import { tagContact } from '../contacts/contact-tags.service.ts';
import { unlinkTags } from '../contacts/contact-tags.service.ts';
import { saveContact } from '../contacts/contact-write.ts';
import type { CreateContactInput } from '../contacts/contacts.schemas.ts';
import { prepareContact, writeContacts, type PreparedContact } from '../contacts/create-contact.ts';
import { plainFields, updateContact } from '../contacts/update-contact.ts';
import { requireTags } from '../tags/tags.service.ts';
import { convertRow, type CellProblem } from './import-row.ts';
import {
  columnFinder,
  finishedEntry,
  holdersOf,
  openFile,
  planRow,
  rowContext,
  teamOwners,
  type ImportRow,
} from './imports.service.ts';
import { readRows } from './read-file.ts';

export const IMPORT_QUEUE = 'imports.run';
export const importTuning = { batchSize: 1000, undoBatchSize: 200, staleSeconds: 60 };
const RETRY_LIMIT = 5;

export interface ImportJob {
  workspaceId: string;
  importId: string;
  action: 'run' | 'undo';
}

export async function createImportQueue(boss: PgBoss): Promise<void> {
  // A million rows take minutes; a killed run is sent again by the recovery below, not by expiry.
  await ensureQueue(boss, IMPORT_QUEUE, { retryLimit: RETRY_LIMIT, retryDelay: 5, expireInSeconds: 6 * 3600 });
}

/** Sent in the caller's transaction: the job exists exactly when the import's new status does. */
export async function enqueueImportJob(tx: TxCtx, job: ImportJob): Promise<void> {
  const db = { executeSql: (text: string, values: unknown[]) => tx.tx.client.query(text, values) };
  await tx.deps.boss.send(IMPORT_QUEUE, job, { db });
}

let recovery: NodeJS.Timeout | null = null;

export async function startImportWorker(deps: Deps): Promise<void> {
  await deps.boss.work<ImportJob>(
    IMPORT_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true },
    async ([job]) => {
      if (!job) return;
      const last = (job.retryCount ?? 0) >= RETRY_LIMIT;
      try {
        if (job.data.action === 'undo') await runUndo(deps, job.data);
        else await runImport(deps, job.data);
      } catch (err) {
        deps.logger.error({ err, importId: job.data.importId }, 'import job failed');
        await markFailed(deps, job.data, err, last);
        if (!last) throw err;
      }
    },
  );
  await recoverImports(deps);
  if (!recovery) {
    recovery = setInterval(() => {
      recoverImports(deps).catch((err) => deps.logger.warn({ err }, 'import recovery failed'));
    }, 30_000);
    recovery.unref();
    deps.boss.on('stopped', () => {
      if (recovery) clearInterval(recovery);
      recovery = null;
    });
  }
}

/**
 * Imports (or undos) whose last batch is older than `staleSeconds` and that have no job waiting: their worker
 * died. A job is sent again; it resumes at the committed cursor.
 */
export async function recoverImports(deps: Deps): Promise<number> {
  const { rows } = await deps.database.pool.query<{ workspace_id: string; id: string; status: string }>(
    `select i.workspace_id, i.id, i.status from imports i
      where i.status in ('queued', 'running', 'undoing')
        and i.updated_at < now() - make_interval(secs => $1)
        and not exists (select 1 from pgboss.job j where j.name = $2 and j.data->>'importId' = i.id::text
                          and j.state in ('created', 'retry'))`,
    [importTuning.staleSeconds, IMPORT_QUEUE],
  );
  for (const r of rows) {
    deps.logger.info({ importId: r.id }, 'resuming an import whose worker stopped');
    await deps.boss.send(IMPORT_QUEUE, {
      workspaceId: r.workspace_id,
      importId: r.id,
      action: r.status === 'undoing' ? 'undo' : 'run',
    } satisfies ImportJob);
  }
  return rows.length;
}

async function markFailed(deps: Deps, job: ImportJob, err: unknown, final: boolean) {
  const ctx = systemCtx(deps, job.workspaceId);
  await inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .update(imports)
      .set({
        error: err instanceof Error ? err.message.slice(0, 500) : 'Unknown error',
        ...(final ? { status: 'failed' as const, finishedAt: new Date() } : {}),
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(imports.workspaceId, job.workspaceId),
          eq(imports.id, job.importId),
          inArray(imports.status, ['queued', 'running', 'undoing']),
        ),
      )
      .returning();
    if (row && final) await finishedEntry(tx, row);
  }).catch(() => undefined);
}

/** The context the import writes in: the rights of the user who started it, the actor "import" with its name. */
async function importCtx(deps: Deps, row: ImportRow): Promise<Ctx> {
  const base = systemCtx(deps, row.workspaceId, { type: 'import', id: row.id, label: row.name });
  if (!row.createdBy) return base;
  const [u] = await base.db
    .select({ id: users.id, role: users.role, contactAccess: users.contactAccess })
    .from(users)
    .where(and(eq(users.workspaceId, row.workspaceId), eq(users.id, row.createdBy)));
  if (!u) return base;
  return { ...base, principal: { userId: u.id, role: u.role, contactAccess: u.contactAccess, actsFor: u.id } };
}

const loadImport = async (deps: Deps, job: ImportJob) =>
  (
    await deps.database.db
      .select()
      .from(imports)
      .where(and(eq(imports.workspaceId, job.workspaceId), eq(imports.id, job.importId)))
  )[0];

export async function runImport(deps: Deps, job: ImportJob): Promise<void> {
  let row = await loadImport(deps, job);
  if (!row || (row.status !== 'queued' && row.status !== 'running')) return;
  const ctx = await importCtx(deps, row);
  [row] = await ctx.db
    .update(imports)
    .set({ status: 'running', startedAt: sql`coalesce(${imports.startedAt}, now())`, updatedAt: sql`now()` })
    .where(
      and(
        eq(imports.workspaceId, row.workspaceId),
        eq(imports.id, row.id),
        inArray(imports.status, ['queued', 'running']),
      ),
    )
    .returning();
  if (!row) return;
  const rc = await rowContext(ctx, row);
  const team = row.options.owner.type === 'team' ? ((await teamOwners(ctx, row.options.owner.teamId)) ?? []) : [];
  const source = await openFile(ctx, row);
  let position = 0;
  let cursor = row.cursor;
  let batch: string[][] = [];
  let header = true;
  try {
    for await (const cells of readRows(source, row.format)) {
      if (header) {
        header = false;
        continue;
      }
      position++;
      if (position <= cursor) continue;
      batch.push(cells);
      if (batch.length >= importTuning.batchSize) {
        const next = await writeBatch(ctx, row, rc, team, cursor, batch);
        if (next === null) return;
        cursor = next;
        batch = [];
      }
    }
    if (batch.length) {
      const next = await writeBatch(ctx, row, rc, team, cursor, batch);
      if (next === null) return;
    }
  } finally {
    source.destroy();
  }
  await inTransaction(ctx, async (tx) => {
    const [done] = await tx.db
      .update(imports)
      .set({
        status: 'completed',
        finishedAt: sql`now()`,
        error: null,
        version: sql`${imports.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(imports.workspaceId, tx.workspaceId), eq(imports.id, row.id), eq(imports.status, 'running')))
      .returning();
    if (done) await finishedEntry(tx, done);
  });
}

interface RowOutcome {
  rowNumber: number;
  status: 'created' | 'updated' | 'unchanged' | 'skipped' | 'rejected';
  contactId: string | null;
  versionAfter: number | null;
  cells: string[] | null;
  reason: string | null;
  revert: ImportRevert | null;
}

const reasonOf = (problems: CellProblem[], headers: string[]) =>
  problems.map((p) => (p.column === null ? p.message : `${headers[p.column] ?? ''}: ${p.message}`)).join('; ');

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/** Writes one batch; returns the new cursor, or null when the import was cancelled or taken over. */
async function writeBatch(
  ctx: Ctx,
  row: ImportRow,
  rc: Awaited<ReturnType<typeof rowContext>>,
  team: string[],
  cursor: number,
  batch: string[][],
): Promise<number | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await tryBatch(ctx, row, rc, team, cursor, batch);
    } catch (err) {
      // Someone added one of these emails or phones meanwhile: plan the batch again, now seeing them.
      if (!isUniqueViolation(err) || attempt >= 3) throw err;
    }
  }
}

async function tryBatch(
  ctx: Ctx,
  row: ImportRow,
  rc: Awaited<ReturnType<typeof rowContext>>,
  team: string[],
  cursor: number,
  batch: string[][],
): Promise<number | null> {
  const outcomes: RowOutcome[] = [];
  const reject = (i: number, problems: CellProblem[], status: 'rejected' | 'skipped' = 'rejected') =>
    outcomes.push({
      rowNumber: cursor + i + 1,
      status,
      contactId: null,
      versionAfter: null,
      cells: status === 'rejected' ? batch[i]! : null,
      reason: reasonOf(problems, row.headers),
      revert: null,
    });
  const converted = batch.map((cells) => convertRow(cells, rc));
  const holders = await holdersOf(
    ctx,
    converted.flatMap((c) => c.emails),
    converted.flatMap((c) => c.phones),
  );
  const claimed = new Set<string>();
  const defs = [...rc.defs.values()];
  const creates: { i: number; prepared: PreparedContact }[] = [];
  const updates: { i: number; contactId: string; input: CreateContactInput }[] = [];
  let turn = row.ownerTurn;
  for (let i = 0; i < batch.length; i++) {
    const c = converted[i]!;
    if (!c.input) {
      reject(i, c.problems);
      continue;
    }
    const plan = planRow(row.options.mode, c.emails, c.phones, holders, columnFinder(rc, batch[i]!));
    if (plan.action === 'reject' || plan.action === 'skip') {
      reject(i, [plan.problem], plan.action === 'skip' ? 'skipped' : 'rejected');
      continue;
    }
    const keys = [...c.emails.map((e) => `e:${e}`), ...c.phones.map((p) => `p:${p}`)];
    if (keys.some((k) => claimed.has(k))) {
      reject(i, [
        {
          column: null,
          code: 'duplicate_in_file',
          message: 'An earlier row of the file has the same email or phone number',
        },
      ]);
      continue;
    }
    for (const k of keys) claimed.add(k);
    const tags = [...new Set([...(c.input.tags ?? []), ...row.options.tags])];
    if (plan.action === 'update') {
      updates.push({ i, contactId: plan.contactId, input: { ...c.input, tags } });
      continue;
    }
    const o = row.options.owner;
    const ownerId =
      c.ownerId ??
      (o.type === 'user'
        ? o.userId
        : o.type === 'team' && team.length
          ? team[turn++ % team.length]!
          : ctx.principal.userId);
    try {
      const prepared = await prepareContact(ctx, { ...c.input, tags, ownerId: ownerId ?? undefined }, { defs });
      prepared.journal = { import: { id: row.id, name: row.name } };
      creates.push({ i, prepared });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      reject(i, [{ column: null, code: 'value_invalid', message: err.detail }]);
    }
  }

  return inTransaction(ctx, async (tx) => {
    const [locked] = await tx.db
      .select({ status: imports.status, cursor: imports.cursor })
      .from(imports)
      .where(and(eq(imports.workspaceId, tx.workspaceId), eq(imports.id, row.id)))
      .for('update');
    if (!locked || locked.status !== 'running' || locked.cursor !== cursor) return null;
    await writeContacts(
      tx,
      creates.map((c) => c.prepared),
    );
    for (const c of creates) {
      outcomes.push({
        rowNumber: cursor + c.i + 1,
        status: 'created',
        contactId: c.prepared.row.id,
        versionAfter: 1,
        cells: null,
        reason: null,
        revert: null,
      });
    }
    for (const u of updates)
      outcomes.push(await updateOne(tx, row, cursor + u.i + 1, batch[u.i]!, u.contactId, u.input));
    await tx.db
      .insert(importRows)
      .values(outcomes.map((o) => ({ workspaceId: tx.workspaceId, importId: row.id, ...o })));
    const count = (s: RowOutcome['status']) => outcomes.filter((o) => o.status === s).length;
    await tx.db
      .update(imports)
      .set({
        cursor: cursor + batch.length,
        created: sql`${imports.created} + ${count('created')}`,
        updated: sql`${imports.updated} + ${count('updated')}`,
        unchanged: sql`${imports.unchanged} + ${count('unchanged')}`,
        skipped: sql`${imports.skipped} + ${count('skipped')}`,
        rejected: sql`${imports.rejected} + ${count('rejected')}`,
        ownerTurn: turn,
        updatedAt: sql`now()`,
      })
      .where(and(eq(imports.workspaceId, tx.workspaceId), eq(imports.id, row.id)));
    row.ownerTurn = turn;
    return cursor + batch.length;
  });
}

/** The fields an update sets from a row (kind stays what the contact is). */
const updatableFields = plainFields.filter(
  (f) => f !== 'kind' && f !== 'contactType' && f !== 'publicLinks' && f !== 'keywords',
);

/**
 * Updates one matched contact through the contact services, under a savepoint: a refusal rejects the row
 * alone. Returns what undo needs to put it back.
 */
async function updateOne(
  tx: TxCtx,
  row: ImportRow,
  rowNumber: number,
  cells: string[],
  contactId: string,
  input: CreateContactInput,
): Promise<RowOutcome> {
  const entriesBefore = tx.tx.entries.length;
  await tx.tx.client.query('savepoint import_row');
  try {
    const [before] = await tx.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, tx.workspaceId), eq(contacts.id, contactId)))
      .for('update');
    if (!before) throw new AppError('not_found', 404, 'The matched contact is gone');
    const revert: ImportRevert = { fields: {}, custom: {}, emailIds: [], phoneIds: [], tagIds: [] };
    const set: Record<string, unknown> = {};
    for (const f of updatableFields) {
      const value = (input as Record<string, unknown>)[f];
      if (value === undefined || value === null) continue;
      if (JSON.stringify(value) !== JSON.stringify(before[f] ?? null)) {
        set[f] = value;
        revert.fields[f] = before[f] ?? null;
      }
    }
    const custom: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input.custom ?? {})) {
      if (JSON.stringify(value) !== JSON.stringify(before.custom[key] ?? null)) {
        custom[key] = value;
        revert.custom[key] = before.custom[key] ?? null;
      }
    }
    if (Object.keys(set).length || Object.keys(custom).length) {
      await updateContact({ ctx: tx, contactId, input: { ...set, ...(Object.keys(custom).length ? { custom } : {}) } });
    }
    const have = await tx.db
      .select({ email: contactEmails.email })
      .from(contactEmails)
      .where(and(eq(contactEmails.workspaceId, tx.workspaceId), eq(contactEmails.contactId, contactId)));
    for (const e of input.emails ?? []) {
      // Emails compare without case, as the database does (citext).
      if (have.some((h) => h.email.toLowerCase() === e.email.toLowerCase())) continue;
      const profile = await addEmail({ ctx: tx, contactId, input: { email: e.email, type: e.type } });
      revert.emailIds.push(profile.emails.find((x) => x.email.toLowerCase() === e.email.toLowerCase())!.id);
    }
    const havePhones = await tx.db
      .select({ e164: contactPhones.e164 })
      .from(contactPhones)
      .where(and(eq(contactPhones.workspaceId, tx.workspaceId), eq(contactPhones.contactId, contactId)));
    for (const p of input.phones ?? []) {
      if (havePhones.some((h) => h.e164 === p.number)) continue;
      const profile = await addPhone({ ctx: tx, contactId, input: { number: p.number, type: p.type } });
      revert.phoneIds.push(profile.phones.find((x) => x.e164 === p.number)!.id);
    }
    if (input.tags?.length) {
      const profile = await tagContact({ ctx: tx, contactId, input: { names: input.tags } });
      revert.tagIds = profile.tags.map((t) => t.id).filter((id) => !before.tagIds.includes(id));
    }
    const [after] = await tx.db
      .select({ version: contacts.version })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, tx.workspaceId), eq(contacts.id, contactId)));
    await tx.tx.client.query('release savepoint import_row');
    const changed = after!.version !== before.version;
    return {
      rowNumber,
      status: changed ? 'updated' : 'unchanged',
      contactId,
      versionAfter: after!.version,
      cells: null,
      reason: null,
      revert: changed ? revert : null,
    };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await tx.tx.client.query('rollback to savepoint import_row');
    tx.tx.entries.length = entriesBefore;
    return {
      rowNumber,
      status: 'rejected',
      contactId: null,
      versionAfter: null,
      cells,
      reason: err.detail,
      revert: null,
    };
  }
}

// ── Undo ───────────────────────────────────────────────────────────────────────────────────

export async function runUndo(deps: Deps, job: ImportJob): Promise<void> {
  const row = await loadImport(deps, job);
  if (!row || row.status !== 'undoing') return;
  const ctx = await importCtx(deps, row);
  for (;;) {
    const more = await inTransaction(ctx, async (tx) => {
      const [locked] = await tx.db
        .select({ status: imports.status })
        .from(imports)
        .where(and(eq(imports.workspaceId, tx.workspaceId), eq(imports.id, row.id)))
        .for('update');
      if (locked?.status !== 'undoing') return false;
      const page = await tx.db
        .select()
        .from(importRows)
        .where(
          and(
            eq(importRows.workspaceId, tx.workspaceId),
            eq(importRows.importId, row.id),
            inArray(importRows.status, ['created', 'updated']),
            isNull(importRows.undo),
          ),
        )
        .orderBy(asc(importRows.rowNumber))
        .limit(importTuning.undoBatchSize);
      let reverted = 0;
      let kept = 0;
      for (const r of page) {
        const ok = await undoOne(tx, r);
        if (ok) reverted++;
        else kept++;
        await tx.db
          .update(importRows)
          .set({ undo: ok ? 'reverted' : 'kept' })
          .where(
            and(
              eq(importRows.workspaceId, tx.workspaceId),
              eq(importRows.importId, row.id),
              eq(importRows.rowNumber, r.rowNumber),
            ),
          );
      }
      const last = page.length < importTuning.undoBatchSize;
      const [saved] = await tx.db
        .update(imports)
        .set({
          undoCursor: sql`${imports.undoCursor} + ${page.length}`,
          reverted: sql`${imports.reverted} + ${reverted}`,
          kept: sql`${imports.kept} + ${kept}`,
          ...(last ? { status: 'undone' as const, undoneAt: sql`now()`, version: sql`${imports.version} + 1` } : {}),
          updatedAt: sql`now()`,
        })
        .where(and(eq(imports.workspaceId, tx.workspaceId), eq(imports.id, row.id)))
        .returning();
      if (last) {
        await record(tx, {
          kind: 'import.undone',
          category: 'admin',
          subject: { type: 'import', id: row.id },
          data: { name: row.name, reverted: saved!.reverted, kept: saved!.kept },
        });
      }
      return !last;
    });
    if (!more) return;
  }
}

/** Puts one contact back as it was before the import; false when it changed since (it is then kept). */
async function undoOne(tx: TxCtx, r: typeof importRows.$inferSelect): Promise<boolean> {
  const [contact] = await tx.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, tx.workspaceId), eq(contacts.id, r.contactId!)))
    .for('update');
  if (!contact || contact.version !== r.versionAfter) return false;
  if (r.status === 'created') {
    await setArchived(tx, contact, true);
    return true;
  }
  const revert = r.revert;
  if (!revert) return true;
  const input: Record<string, unknown> = { ...revert.fields };
  if (Object.keys(revert.custom).length) input.custom = revert.custom;
  if (Object.keys(input).length) await updateContact({ ctx: tx, contactId: contact.id, input });
  for (const emailId of revert.emailIds) await removeEmail({ ctx: tx, contactId: contact.id, emailId });
  for (const phoneId of revert.phoneIds) await removePhone({ ctx: tx, contactId: contact.id, phoneId });
  if (revert.tagIds.length) {
    const [locked] = await tx.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, tx.workspaceId), eq(contacts.id, contact.id)))
      .for('update');
    const removed = await unlinkTags(tx, [contact.id], await requireTags(tx, revert.tagIds).catch(() => []));
    if (removed.length) await saveContact(tx, locked!);
  }
  return true;
}
