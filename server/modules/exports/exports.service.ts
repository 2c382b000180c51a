// Contact-list exports prepared in the background: asked for by a user (or their API key), written by the
// `exports.run` job with that user's rights, kept as a file for EXPORT_KEEP_DAYS and then removed. An export
// is its owner's alone: anyone else — an admin included — gets 404, as for an export that does not exist.
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import { contactExports, type ExportFormat, type ExportStatus } from '../../db/schema/exports.ts';
import { files } from '../../db/schema/files.ts';
import { inTransaction, systemCtx, type Ctx, type Deps, type TxCtx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { toIsoOrNull } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { ListQuery, type ListQueryInput } from '../contacts/contacts.schemas.ts';
import { describeQuery, journalExport } from '../contacts/export-contacts.ts';
import { selectionConditions } from '../contacts/list-contacts.ts';
import type { ContactExportDto, CreateExportInput } from './exports.schemas.ts';

export type ExportRow = typeof contactExports.$inferSelect;

/** Days a finished export stays downloadable. */
export const EXPORT_KEEP_DAYS = 7;
/** Exports one user may have waiting or running at once. */
export const EXPORTS_IN_PROGRESS_MAX = 3;
/** Exports listed: the user's most recent. */
const LISTED = 20;

const ACTIVE: ExportStatus[] = ['queued', 'running'];
/** The workspace of a context that works across all of them (the expiry sweep names each row's own). */
const NO_WORKSPACE = '00000000-0000-0000-0000-000000000000';

/** The user an export belongs to: the signed-in user, or the user an API key acts for. */
function ownerOf(ctx: Ctx): string {
  const owner = ctx.principal.userId ?? ctx.principal.actsFor;
  if (!owner) {
    throw new AppError(
      'forbidden',
      403,
      'A prepared export belongs to a user and this caller has none; stream GET /contacts/export instead',
    );
  }
  return owner;
}

export function toExportDto(row: ExportRow, now = new Date()): ContactExportDto {
  const expired = row.status === 'expired' || (row.expiresAt !== null && row.expiresAt <= now);
  const status: ExportStatus = expired ? 'expired' : row.status;
  const elapsed = row.startedAt ? ((row.finishedAt ?? now).getTime() - row.startedAt.getTime()) / 1000 : 0;
  const rate = elapsed > 0 && row.done > 0 ? row.done / elapsed : null;
  return {
    id: row.id,
    format: row.format,
    status,
    filename: row.filename,
    query: row.query,
    progress: {
      total: row.total,
      done: row.done,
      contactsPerSecond: rate === null ? null : Math.round(rate),
      secondsLeft:
        rate && row.total !== null && ACTIVE.includes(status)
          ? Math.ceil(Math.max(0, row.total - row.done) / rate)
          : null,
    },
    size: row.size,
    downloadUrl: status === 'completed' ? `/api/v1/contact-exports/${row.id}/download` : null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: toIsoOrNull(row.startedAt),
    finishedAt: toIsoOrNull(row.finishedAt),
    expiresAt: toIsoOrNull(row.expiresAt),
  };
}

const filenameOf = (format: ExportFormat, at: Date) =>
  `contacts-${at.toISOString().slice(0, 10)}.${format === 'csv' ? 'csv' : 'vcf'}`;

/**
 * Asks for an export of the list as `query` selects it. The query is checked now (a bad filter is a 400
 * here, not a failed job later); the export is journaled for the audit log and its job sent in the same
 * transaction.
 */
export async function createExport({ ctx, input }: { ctx: Ctx; input: CreateExportInput }): Promise<ContactExportDto> {
  const owner = ownerOf(ctx);
  await selectionConditions(ctx, input.query);
  const id = newId();
  const row = await inTransaction(ctx, async (tx) => {
    // One user's exports are counted under a lock on the user's own rows: two requests at once cannot both pass.
    await tx.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`exports:${owner}`}, 0))`);
    const [busy] = await tx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(contactExports)
      .where(
        and(
          eq(contactExports.workspaceId, tx.workspaceId),
          eq(contactExports.createdBy, owner),
          inArray(contactExports.status, ACTIVE),
        ),
      );
    if ((busy?.n ?? 0) >= EXPORTS_IN_PROGRESS_MAX) {
      throw new AppError(
        'too_many_exports',
        429,
        `${EXPORTS_IN_PROGRESS_MAX} of your exports are still being prepared; wait for one to finish or cancel one`,
        { max: EXPORTS_IN_PROGRESS_MAX },
      );
    }
    const [created] = await tx.db
      .insert(contactExports)
      .values({
        workspaceId: tx.workspaceId,
        id,
        format: input.format,
        query: describeQuery(input.query),
        filename: filenameOf(input.format, new Date()),
        createdBy: owner,
      })
      .returning();
    await journalExport(tx, input.format, input.query, { exportId: id });
    await enqueueExportJob(tx, { workspaceId: tx.workspaceId, exportId: id });
    return created!;
  });
  return toExportDto(row);
}

/** Sent in the caller's transaction: the job exists exactly when the export does. */
async function enqueueExportJob(tx: TxCtx, job: ExportJob): Promise<void> {
  const db = { executeSql: (text: string, values: unknown[]) => tx.tx.client.query(text, values) };
  await tx.deps.boss.send(EXPORT_QUEUE, job, { db });
}

export const EXPORT_QUEUE = 'exports.run';

export interface ExportJob {
  workspaceId: string;
  exportId: string;
}

/** The list query an export stored, parsed again as the list takes it. */
export const storedQuery = (row: ExportRow): ListQueryInput => ListQuery.parse(row.query);

export async function listExports({ ctx }: { ctx: Ctx }): Promise<ContactExportDto[]> {
  const owner = ownerOf(ctx);
  const rows = await ctx.db
    .select()
    .from(contactExports)
    .where(and(eq(contactExports.workspaceId, ctx.workspaceId), eq(contactExports.createdBy, owner)))
    .orderBy(desc(contactExports.id))
    .limit(LISTED);
  const now = new Date();
  return rows.map((r) => toExportDto(r, now));
}

async function ownExport(ctx: Ctx, exportId: string): Promise<ExportRow> {
  const owner = ownerOf(ctx);
  const [row] = await ctx.db
    .select()
    .from(contactExports)
    .where(
      and(
        eq(contactExports.workspaceId, ctx.workspaceId),
        eq(contactExports.id, exportId),
        eq(contactExports.createdBy, owner),
      ),
    );
  if (!row) throw notFound('Export');
  return row;
}

export async function getExport({ ctx, exportId }: { ctx: Ctx; exportId: string }): Promise<ContactExportDto> {
  return toExportDto(await ownExport(ctx, exportId));
}

/** Stops an export still waiting or running; the job sees it at its next progress mark and drops its file. */
export async function cancelExport({ ctx, exportId }: { ctx: Ctx; exportId: string }): Promise<ContactExportDto> {
  const row = await ownExport(ctx, exportId);
  const [cancelled] = await ctx.db
    .update(contactExports)
    .set({ status: 'cancelled', finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      and(
        eq(contactExports.workspaceId, ctx.workspaceId),
        eq(contactExports.id, row.id),
        inArray(contactExports.status, ACTIVE),
      ),
    )
    .returning();
  if (!cancelled) {
    throw new AppError(
      'export_finished',
      409,
      `This export is ${toExportDto(row).status} and can no longer be cancelled`,
      {
        exportStatus: toExportDto(row).status,
      },
    );
  }
  return toExportDto(cancelled);
}

/** The finished file, for its owner, until it expires. */
export async function openExportFile({
  ctx,
  exportId,
}: {
  ctx: Ctx;
  exportId: string;
}): Promise<{ filename: string; contentType: string; size: number; body: Readable | null }> {
  const row = await ownExport(ctx, exportId);
  const dto = toExportDto(row);
  if (dto.status === 'expired') {
    throw new AppError(
      'export_expired',
      410,
      'This export has expired and its file was removed; export the list again',
    );
  }
  if (dto.status !== 'completed') {
    throw new AppError(
      'export_not_ready',
      409,
      dto.status === 'queued' || dto.status === 'running'
        ? 'This export is still being prepared; download it once it has completed'
        : `This export is ${dto.status}; it has no file`,
      { exportStatus: dto.status },
    );
  }
  const contentType = row.format === 'csv' ? 'text/csv; charset=utf-8' : 'text/vcard; charset=utf-8';
  // An empty list exports to an empty vCard file: nothing was stored.
  if (!row.fileId) return { filename: row.filename, contentType, size: 0, body: null };
  const [file] = await ctx.db
    .select()
    .from(files)
    .where(and(eq(files.workspaceId, ctx.workspaceId), eq(files.id, row.fileId)));
  if (!file) throw new AppError('export_expired', 410, 'This export’s file was removed; export the list again');
  return { filename: row.filename, contentType, size: file.size, body: await ctx.deps.storage.get(file.storageKey) };
}

/**
 * Ends exports whose file must go: finished ones lose their file (status expired, `reason` said), and —
 * `alsoActive` — waiting or running ones are cancelled (their job drops what it wrote). Returns the storage
 * keys to delete once the caller's transaction has committed.
 */
async function discardExports(
  db: Ctx['db'],
  scope: SQL,
  reason: string,
  { alsoActive }: { alsoActive: boolean },
): Promise<string[]> {
  if (alsoActive) {
    await db.execute(sql`
      update contact_exports set status = 'cancelled', error = ${reason}, finished_at = now(), updated_at = now()
      where status in ('queued', 'running') and ${scope}`);
  }
  const { rows } = await db.execute<{ storage_key: string }>(sql`
    with ended as (
      update contact_exports e
      set status = 'expired', file_id = null, error = ${reason}, updated_at = now()
      from (select workspace_id, id, file_id from contact_exports
             where status = 'completed' and ${scope} for update) before
      where e.workspace_id = before.workspace_id and e.id = before.id
      returning before.workspace_id, before.file_id)
    delete from files f using ended
    where f.workspace_id = ended.workspace_id and f.id = ended.file_id
    returning f.storage_key`);
  return rows.map((r) => r.storage_key);
}

/** Finished exports past their expiry, in every workspace: their files are deleted. Returns how many. */
export async function expireExports(deps: Deps): Promise<number> {
  const keys = await inTransaction(systemCtx(deps, NO_WORKSPACE), (tx) =>
    discardExports(tx.db, sql`expires_at <= now()`, 'Expired', { alsoActive: false }),
  );
  for (const key of keys) await deps.storage.delete(key);
  return keys.length;
}

/**
 * An erasure: every export of the workspace may hold the erased contact, so finished ones lose their file
 * and running ones stop. Returns the storage keys to delete after the erasure commits.
 */
export async function discardWorkspaceExports(tx: TxCtx, reason: string): Promise<string[]> {
  return discardExports(tx.db, sql`workspace_id = ${tx.workspaceId}`, reason, { alsoActive: true });
}
