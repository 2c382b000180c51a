// The `imports.run` job: writes an import's rows batch by batch, and undoes an import. Each batch is one
// transaction that writes the contacts (create-contact.ts writeContacts with COPY, each with its
// contact.created entry), the updates (updateMatched: a few statements for all of them), one import_rows row per source row and the
// import's cursor and counts — so a batch is either all there or not at all. A job that dies (kill -9)
// leaves the cursor at the last committed batch; the next start (or the recovery tick) sends the job again
// and it goes on from there. Two runners of one import cannot both write a batch: each batch locks the
// import row and checks the cursor it started from.
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { contactEmails, contactPhones, contacts } from '../../db/schema/contacts.ts';
import { importRows, imports, type ImportRevert } from '../../db/schema/imports.ts';
import { inTransaction, systemCtx, type Ctx, type Deps, type TxCtx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { ensureQueue } from '../../platform/jobs.ts';
import { diffFields, record, recordMany, type NewEntry } from '../../platform/journal/journal.ts';
import type { FieldChange } from '../../db/schema/journal.ts';
import { setArchived } from '../../modules/contacts/archive-contact.ts';
import { insertEntries } from '../contacts/contact-collections.ts';
import { emailCollection, removeEmail } from '../contacts/contact-emails.service.ts';
import { contactCountry, phoneCollection, phoneValues, removePhone } from '../contacts/contact-phones.service.ts';
import { tagLinkEntries, unlinkTags } from '../contacts/contact-tags.service.ts';
import type { ContactRow } from '../contacts/contact-access.ts';
import { ensureTags } from '../tags/tags.service.ts';
import { uuidArray } from '../../db/schema/columns.ts';
import { requireName, saveContact, saveContacts } from '../contacts/contact-write.ts';
import { requestSearchIndexSync, searchIndexTuning } from '../contacts/search-indexes.job.ts';
import type { CreateContactInput } from '../contacts/contacts.schemas.ts';
import { prepareContact, writeContacts, type PreparedContact } from '../contacts/create-contact.ts';
import {
  applyCustomChanges,
  checkUpdateGuards,
  fieldChangedEntry,
  plainFields,
  updateContact,
} from '../contacts/update-contact.ts';
import { requireTags } from '../tags/tags.service.ts';
import { copyRows } from '../../db/copy.ts';
import { validateCustomValues, type FieldDef } from '../custom-fields/custom-field-values.ts';
import { convertRow, type CellProblem, type ConvertedRow, type RowContext } from './import-row.ts';
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
import { inParallel } from '../contacts/parallel.ts';
import { actingUserCtx } from '../users/acting-user.ts';
import { isUniqueViolation } from '../../db/client.ts';

export const IMPORT_QUEUE = 'imports.run';
export const importTuning = {
  /** Rows per chunk: each chunk is one transaction (COPY of its contacts, journal entries and import rows). */
  batchSize: 5000,
  undoBatchSize: 200,
  staleSeconds: 60,
  /** Tests: runs inside a chunk's transaction just before it commits; a throw is a crash in the middle of it. */
  beforeCommit: null as null | ((nextCursor: number) => void),
};
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
const importCtx = (deps: Deps, row: ImportRow): Promise<Ctx> =>
  actingUserCtx(deps, row.workspaceId, row.createdBy, { type: 'import', id: row.id, label: row.name });

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
  const run: Run = { ctx, row, rc, team, defs: [...rc.defs.values()] };
  const source = await openFile(ctx, row);
  // While PostgreSQL writes one chunk, the next is read and prepared: the two cores work at once.
  let writing: Promise<number | null> | null = null;
  // Where the time goes (logged at the end): reading and parsing the file, preparing rows, waiting for writes.
  const phases = { readMs: 0, prepareMs: 0, waitMs: 0, writeMs: 0, chunks: 0 };
  const timed = async <T>(key: 'readMs' | 'prepareMs' | 'waitMs', work: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work;
    } finally {
      phases[key] += performance.now() - t0;
    }
  };
  const write = async (start: number, prepared: PreparedRow[]) => {
    const t0 = performance.now();
    const next = await writeChunk(run, start, prepared);
    phases.writeMs += performance.now() - t0;
    phases.chunks++;
    return next;
  };
  try {
    const chunks = chunksOf(readRows(source, row.format), row.cursor, importTuning.batchSize);
    for (;;) {
      const chunk = await timed('readMs', chunks.next());
      if (chunk.done) break;
      const prepared = await timed('prepareMs', prepareChunk(run, chunk.value.rows));
      if (writing && (await timed('waitMs', writing)) === null) return;
      writing = write(chunk.value.start, prepared);
      // An unhandled rejection must not escape while the next chunk is prepared; it is awaited just below.
      writing.catch(() => undefined);
    }
    if (writing && (await timed('waitMs', writing)) === null) return;
  } finally {
    source.destroy();
    // A failure while the next chunk was prepared: the chunk in flight settles before the job is failed (and sent
    // again), so the retry starts from the cursor it left.
    await writing?.catch(() => undefined);
  }
  deps.logger.info(
    { importId: row.id, ...Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)])) },
    'import written',
  );
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
  await afterImport(deps, row.workspaceId);
}

/**
 * A workspace an import has made large gets its own search index now rather than at the next hourly sync
 * (search-indexes.job.ts); until it is built, its searches use the shared index, so the contacts are searchable
 * either way.
 */
async function afterImport(deps: Deps, workspaceId: string): Promise<void> {
  const { rows } = await deps.database.pool.query<{ n: number }>(
    'select count(*)::int as n from contacts where workspace_id = $1',
    [workspaceId],
  );
  if ((rows[0]?.n ?? 0) >= searchIndexTuning.minContacts) await requestSearchIndexSync(deps);
}

interface Run {
  ctx: Ctx;
  row: ImportRow;
  rc: RowContext;
  team: string[];
  defs: FieldDef[];
}

/** The file's rows after the header in chunks of `size`, starting after the `cursor` rows already written. */
async function* chunksOf(
  rows: AsyncGenerator<string[]>,
  cursor: number,
  size: number,
): AsyncGenerator<{ start: number; rows: string[][] }> {
  let position = 0;
  let header = true;
  let chunk: string[][] = [];
  let start = cursor;
  for await (const cells of rows) {
    if (header) {
      header = false;
      continue;
    }
    position++;
    if (position <= cursor) continue;
    chunk.push(cells);
    if (chunk.length >= size) {
      yield { start, rows: chunk };
      start += chunk.length;
      chunk = [];
    }
  }
  if (chunk.length) yield { start, rows: chunk };
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

/** A row as read and checked before any database work: its contact prepared as the API would prepare it. */
interface PreparedRow {
  cells: string[];
  converted: ConvertedRow;
  /** The contact to create if nothing matches (null when the row is rejected already). */
  contact: PreparedContact | null;
  problems: CellProblem[];
  tags: string[];
}

const reasonOf = (problems: CellProblem[], headers: string[]) =>
  problems.map((p) => (p.column === null ? p.message : `${headers[p.column] ?? ''}: ${p.message}`)).join('; ');

/**
 * Converts and prepares a chunk's rows (the contact record's own rules: convertRow, prepareContact). CPU work:
 * every 20 rows (about 5 ms) it lets the event loop run, so each statement of the chunk being written meanwhile is
 * answered and the next one sent without waiting for the whole chunk to be prepared (every 250 rows, each of the
 * writer's round trips waited up to 60 ms).
 */
async function prepareChunk(run: Run, rows: string[][]): Promise<PreparedRow[]> {
  const { ctx, row, rc, team, defs } = run;
  const o = row.options.owner;
  // The owner is settled when the row is written (round-robin counts created contacts only); until then the
  // contact is prepared with one that passes prepareContact's check.
  const provisionalOwner =
    (o.type === 'user' ? o.userId : o.type === 'team' ? team[0] : null) ?? ctx.principal.userId ?? undefined;
  const out: PreparedRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i % 20 === 19) await new Promise((r) => setImmediate(r));
    const cells = rows[i]!;
    const converted = convertRow(cells, rc);
    const tags = [...new Set([...(converted.input?.tags ?? []), ...row.options.tags])];
    let contact: PreparedContact | null = null;
    let problems = converted.problems;
    if (converted.input) {
      try {
        contact = await prepareContact(
          ctx,
          { ...converted.input, tags, ownerId: converted.ownerId ?? provisionalOwner },
          { defs },
        );
        contact.journal = { import: { id: row.id, name: row.name } };
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        problems = [{ column: null, code: 'value_invalid', message: err.detail }];
      }
    }
    out.push({ cells, converted, contact, problems, tags });
  }
  return out;
}

/** Writes one chunk; returns the new cursor, or null when the import was cancelled or taken over. */
async function writeChunk(run: Run, cursor: number, rows: PreparedRow[]): Promise<number | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(run.ctx, (tx) => tryChunk(run, tx, cursor, rows));
    } catch (err) {
      // Someone added one of these emails or phones meanwhile: plan the chunk again, now seeing them.
      if (!isUniqueViolation(err) || attempt >= 3) throw err;
    }
  }
}

/**
 * One chunk in one transaction: the import row locked and its cursor checked, every email and phone of the chunk
 * looked up at once, new contacts written with COPY (writeContacts), matched ones updated together
 * (updateMatched), one import_rows row per source row, and the cursor and counts — so a chunk is there entirely or not
 * at all, and a resumed import starts at the next one.
 */
async function tryChunk(run: Run, tx: TxCtx, cursor: number, rows: PreparedRow[]): Promise<number | null> {
  const { row, rc, team } = run;
  const [locked] = await tx.db
    .select({ status: imports.status, cursor: imports.cursor, ownerTurn: imports.ownerTurn })
    .from(imports)
    .where(and(eq(imports.workspaceId, tx.workspaceId), eq(imports.id, row.id)))
    .for('update');
  if (!locked || locked.status !== 'running' || locked.cursor !== cursor) return null;
  const outcomes: RowOutcome[] = [];
  const reject = (i: number, problems: CellProblem[], status: 'rejected' | 'skipped' = 'rejected') =>
    outcomes.push({
      rowNumber: cursor + i + 1,
      status,
      contactId: null,
      versionAfter: null,
      cells: status === 'rejected' ? rows[i]!.cells : null,
      reason: reasonOf(problems, row.headers),
      revert: null,
    });
  const holders = await holdersOf(
    tx,
    rows.flatMap((r) => (r.contact ? r.converted.emails : [])),
    rows.flatMap((r) => (r.contact ? r.converted.phones : [])),
  );
  const claimed = new Set<string>();
  const creates: { i: number; prepared: PreparedContact }[] = [];
  const updates: Update[] = [];
  let turn = locked.ownerTurn;
  const o = row.options.owner;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const c = r.converted;
    if (!r.contact || !c.input) {
      reject(i, r.problems);
      continue;
    }
    const plan = planRow(row.options.mode, c.emails, c.phones, holders, columnFinder(rc, r.cells));
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
    if (plan.action === 'update') {
      updates.push({ i, contactId: plan.contactId, input: { ...c.input, tags: r.tags }, prepared: r.contact });
      continue;
    }
    if (!c.ownerId && o.type === 'team' && team.length) r.contact.row.ownerId = team[turn++ % team.length]!;
    creates.push({ i, prepared: r.contact });
  }
  await writeContacts(
    tx,
    creates.map((c) => c.prepared),
    { copy: true },
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
  outcomes.push(...(await updateMatched(tx, run, cursor, rows, updates)));
  await copyRows(
    tx.tx.client,
    importRows,
    outcomes.map((x) => ({ workspaceId: tx.workspaceId, importId: row.id, ...x })),
  );
  const count = (s: RowOutcome['status']) => outcomes.filter((x) => x.status === s).length;
  await tx.db
    .update(imports)
    .set({
      cursor: cursor + rows.length,
      created: sql`${imports.created} + ${count('created')}`,
      updated: sql`${imports.updated} + ${count('updated')}`,
      unchanged: sql`${imports.unchanged} + ${count('unchanged')}`,
      skipped: sql`${imports.skipped} + ${count('skipped')}`,
      rejected: sql`${imports.rejected} + ${count('rejected')}`,
      ownerTurn: turn,
      updatedAt: sql`now()`,
    })
    .where(and(eq(imports.workspaceId, tx.workspaceId), eq(imports.id, row.id)));
  importTuning.beforeCommit?.(cursor + rows.length);
  return cursor + rows.length;
}

/** The fields an update sets from a row (kind stays what the contact is). */
const updatableFields = plainFields.filter(
  (f) => f !== 'kind' && f !== 'contactType' && f !== 'publicLinks' && f !== 'keywords',
);

interface Update {
  i: number;
  contactId: string;
  input: CreateContactInput;
  /** The row prepared as a new contact: its phones parsed and line-checked. */
  prepared: PreparedContact;
}

/**
 * Updates the chunk's matched contacts with a fixed number of statements, whatever their number: they are locked,
 * and their emails and phones read, with one statement each; each row's change is worked out in memory with the
 * contact record's own rules (its custom values validated, the update guards, a name kept), so a refusal rejects
 * that row alone before anything is written; then the emails and phones they lack are inserted (one statement
 * each), the contacts saved (saveContacts: one UPDATE, derived name and search text included) and every entry
 * journaled with one COPY — field changes, tags and channels, as the contact services word them. Rows of one
 * contact apply in file order. Returns what undo needs to put each back.
 */
async function updateMatched(
  tx: TxCtx,
  run: Run,
  cursor: number,
  rows: PreparedRow[],
  updates: Update[],
): Promise<RowOutcome[]> {
  if (updates.length === 0) return [];
  const w = tx.workspaceId;
  const ids = [...new Set(updates.map((u) => u.contactId))];
  const locked = await tx.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, w), sql`${contacts.id} = any(${uuidArray(ids)})`))
    .orderBy(asc(contacts.id))
    .for('update');
  const current = new Map(locked.map((c) => [c.id, c]));
  const [emailRows, phoneRows, tagRows] = await inParallel(tx, [
    () =>
      tx.db
        .select({ contactId: contactEmails.contactId, email: contactEmails.email })
        .from(contactEmails)
        .where(and(eq(contactEmails.workspaceId, w), sql`${contactEmails.contactId} = any(${uuidArray(ids)})`))
        // The order derived names read them in (saveContact): primary first, then by position.
        .orderBy(desc(contactEmails.isPrimary), asc(contactEmails.position), asc(contactEmails.createdAt)),
    () =>
      tx.db
        .select({ contactId: contactPhones.contactId, e164: contactPhones.e164 })
        .from(contactPhones)
        .where(and(eq(contactPhones.workspaceId, w), sql`${contactPhones.contactId} = any(${uuidArray(ids)})`)),
    () => ensureTags(tx, [...new Set(updates.flatMap((u) => u.input.tags ?? []))]),
  ] as const);
  const channels = new Map(ids.map((id) => [id, { emails: [] as string[], phones: [] as string[] }]));
  for (const e of emailRows) channels.get(e.contactId)!.emails.push(e.email);
  for (const p of phoneRows) channels.get(p.contactId)!.phones.push(p.e164);
  const tagByName = new Map(tagRows.map((t) => [t.name.toLowerCase(), t]));
  const countries = new Map<string, Promise<string | undefined>>();
  const countryOf = (id: string) => countries.get(id) ?? countries.set(id, contactCountry(tx, id)).get(id)!;

  const outcomes: RowOutcome[] = [];
  const accepted: {
    u: Update;
    outcome: RowOutcome;
    changes: FieldChange[];
    emails: Update['input']['emails'] & object;
    phones: PreparedContact['phones'];
    tagIds: string[];
  }[] = [];
  for (const u of updates) {
    const rowNumber = cursor + u.i + 1;
    const before = current.get(u.contactId);
    try {
      if (!before) throw new AppError('not_found', 404, 'The matched contact is gone');
      const revert: ImportRevert = { fields: {}, custom: {}, emailIds: [], phoneIds: [], tagIds: [] };
      const set: Partial<ContactRow> = {};
      for (const f of updatableFields) {
        const value = (u.input as Record<string, unknown>)[f];
        if (value === undefined || value === null) continue;
        if (JSON.stringify(value) !== JSON.stringify(before[f] ?? null)) {
          (set as Record<string, unknown>)[f] = value;
          revert.fields[f] = before[f] ?? null;
        }
      }
      const changes = diffFields(before, set, plainFields);
      const customInput: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(u.input.custom ?? {})) {
        if (JSON.stringify(value) !== JSON.stringify(before.custom[key] ?? null)) {
          customInput[key] = value;
          revert.custom[key] = before.custom[key] ?? null;
        }
      }
      if (Object.keys(customInput).length) {
        const validated = await validateCustomValues(tx, {
          defs: run.defs,
          input: customInput,
          mode: 'update',
          extraFieldIds: before.extraFieldIds,
          defaultCountry: await countryOf(u.contactId),
        });
        const applied = applyCustomChanges(before, validated);
        changes.push(...applied.changes);
        set.custom = applied.custom;
        if (applied.attach.length) set.extraFieldIds = [...before.extraFieldIds, ...applied.attach];
      }
      await checkUpdateGuards(tx, before, set);
      const have = channels.get(u.contactId)!;
      const haveEmails = new Set(have.emails.map((e) => e.toLowerCase()));
      // Emails compare without case, as the database does (citext).
      const emails = [...new Map((u.input.emails ?? []).map((e) => [e.email.toLowerCase(), e])).values()].filter(
        (e) => !haveEmails.has(e.email.toLowerCase()),
      );
      const phones = u.prepared.phones.filter((p) => !have.phones.includes(p.e164));
      const tagIds = [...new Set((u.input.tags ?? []).map((n) => tagByName.get(n.trim().toLowerCase())!.id))].filter(
        (id) => !before.tagIds.includes(id),
      );
      const after: ContactRow = { ...before, ...set, tagIds: [...before.tagIds, ...tagIds] };
      const emailsAfter = [...have.emails, ...emails.map((e) => e.email)];
      const phonesAfter = [...have.phones, ...phones.map((p) => p.e164)];
      // Refuses a row that would leave the contact without a name, before anything is written.
      requireName(after, emailsAfter);
      const outcome: RowOutcome = {
        rowNumber,
        status: 'unchanged',
        contactId: u.contactId,
        versionAfter: before.version,
        cells: null,
        reason: null,
        revert: null,
      };
      outcomes.push(outcome);
      if (!changes.length && !set.extraFieldIds && !emails.length && !phones.length && !tagIds.length) continue;
      outcome.status = 'updated';
      outcome.revert = revert;
      current.set(u.contactId, after);
      channels.set(u.contactId, { emails: emailsAfter, phones: phonesAfter });
      accepted.push({ u, outcome, changes, emails, phones, tagIds });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      outcomes.push({
        rowNumber,
        status: 'rejected',
        contactId: null,
        versionAfter: null,
        cells: rows[u.i]!.cells,
        reason: err.detail,
        revert: null,
      });
    }
  }
  if (accepted.length === 0) return outcomes;

  const addedEmails = await insertEntries(
    tx,
    emailCollection,
    accepted.flatMap((a) =>
      a.emails.map((e) => ({ contactId: a.u.contactId, values: { email: e.email, type: e.type } })),
    ),
  );
  const addedPhones = await insertEntries(
    tx,
    phoneCollection,
    accepted.flatMap((a) => a.phones.map((p) => ({ contactId: a.u.contactId, values: phoneValues(p) }))),
  );
  const saved = await saveContacts(
    tx,
    [...updatableFields, 'custom', 'extraFieldIds', 'tagIds'],
    [...new Set(accepted.map((a) => a.u.contactId))].map((id) => ({ after: current.get(id)!, ...channels.get(id)! })),
  );
  const savedById = new Map(saved.map((c) => [c.id, c]));
  const entries: NewEntry[] = [];
  const lastOf = new Map<string, RowOutcome>();
  let e = 0;
  let p = 0;
  for (const a of accepted) {
    const id = a.u.contactId;
    const contact = savedById.get(id)!;
    const emails = addedEmails.slice(e, (e += a.emails.length));
    const phones = addedPhones.slice(p, (p += a.phones.length));
    a.outcome.versionAfter = contact.version;
    const revert = Object.assign(a.outcome.revert!, {
      emailIds: emails.map((x) => x.id),
      phoneIds: phones.map((x) => x.id),
      tagIds: a.tagIds,
    });
    // Several rows of one contact: its last row carries what puts the contact back as it was before the first
    // (the earliest value of each field, every email, phone and tag added); the earlier rows have nothing of
    // their own left to undo.
    const earlier = lastOf.get(id);
    if (earlier) {
      const combined = earlier.revert!;
      earlier.revert = null;
      a.outcome.revert = {
        fields: { ...revert.fields, ...combined.fields },
        custom: { ...revert.custom, ...combined.custom },
        emailIds: [...combined.emailIds, ...revert.emailIds],
        phoneIds: [...combined.phoneIds, ...revert.phoneIds],
        tagIds: [...combined.tagIds, ...revert.tagIds],
      };
    }
    lastOf.set(id, a.outcome);
    if (a.changes.length) entries.push(fieldChangedEntry(id, contact.displayName, a.changes));
    entries.push(
      ...tagLinkEntries(
        a.tagIds.map((tagId) => ({ contactId: id, tagId })),
        tagRows,
        true,
      ),
      ...emails.map((x) => channelEntry(emailCollection, id, x)),
      ...phones.map((x) => channelEntry(phoneCollection, id, x)),
    );
  }
  await recordMany(tx, entries, { copy: true });
  return outcomes;
}

/** The journal entry of an email or phone added to a contact (as the contact services write it). */
function channelEntry<Row extends { id: string }>(
  def: { kinds: { added: string }; subject: string; added: (row: Row) => Record<string, unknown> },
  contactId: string,
  entry: Row,
): NewEntry {
  return {
    contactId,
    kind: def.kinds.added,
    category: 'admin',
    subject: { type: def.subject, id: entry.id },
    data: def.added(entry),
  };
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
