// Contact imports: the upload and what is read from it, the mapping and options, the preview, starting,
// cancelling and undoing (the work itself is run-import.job.ts), the rejects report and saved mappings.
import { Readable } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { contactEmails, contactPhones, contacts } from '../../db/schema/contacts.ts';
import { files } from '../../db/schema/files.ts';
import {
  importMappings,
  importRows,
  imports,
  type ImportColumnMapping,
  type ImportOptions,
} from '../../db/schema/imports.ts';
import { teamMembers, teams, users } from '../../db/schema/platform.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { csvHeader, csvLines } from '../../platform/csv.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { record } from '../../platform/journal/journal.ts';
import { contactVisibility } from '../contacts/contact-access.ts';
import { versionConflict } from '../contacts/contact-write.ts';
import { deriveDisplayName } from '../contacts/contact-derive.ts';
import { loadFieldDefs } from '../custom-fields/custom-field-values.ts';
import { discardFile, receiveFile, recordFile, uploadPart } from '../files/files.service.ts';
import { autoMap, singleTargets, standardTargets } from './auto-map.ts';
import { convertRow, type CellProblem, type RowContext } from './import-row.ts';
import type { ImportDto, ImportMappingDto, PreviewDto, UpdateImportInput } from './imports.schemas.ts';
import { fileUnreadable, readHead, readRows, SAMPLE_BYTES, sniffFormat } from './read-file.ts';
import { enqueueImportJob } from './run-import.job.ts';

export type ImportRow = typeof imports.$inferSelect;

export const PREVIEW_ROWS = 20;

const importStateError = (row: ImportRow, doing: string) =>
  new AppError('import_state', 409, `The import is ${row.status}; it cannot be ${doing} now`, {
    importStatus: row.status,
  });

export function toImportDto(row: ImportRow): ImportDto {
  const done = row.cursor;
  const elapsed =
    row.startedAt && (row.finishedAt ?? new Date()).getTime() - row.startedAt.getTime() > 0
      ? ((row.finishedAt ?? new Date()).getTime() - row.startedAt.getTime()) / 1000
      : 0;
  const rate = elapsed > 0 && done > 0 ? done / elapsed : null;
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    fileId: row.fileId,
    format: row.format,
    headers: row.headers,
    mapping: row.mapping,
    options: row.options,
    progress: {
      total: row.totalRows,
      done,
      created: row.created,
      updated: row.updated,
      unchanged: row.unchanged,
      skipped: row.skipped,
      rejected: row.rejected,
      rowsPerSecond: rate === null ? null : Math.round(rate),
      secondsLeft:
        rate && (row.status === 'running' || row.status === 'queued') ? Math.ceil((row.totalRows - done) / rate) : null,
    },
    undo:
      row.status === 'undoing' || row.status === 'undone' || row.undoneAt
        ? { done: row.undoCursor, reverted: row.reverted, kept: row.kept, at: row.undoneAt?.toISOString() ?? null }
        : null,
    error: row.error,
    version: row.version,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** An import of the workspace; members see the ones they started. */
export async function requireImport(ctx: Ctx, importId: string, opts: { lock?: boolean } = {}): Promise<ImportRow> {
  const own =
    ctx.principal.role === 'admin'
      ? sql`true`
      : sql`${imports.createdBy} = ${ctx.principal.actsFor ?? ctx.principal.userId}`;
  const query = ctx.db
    .select()
    .from(imports)
    .where(and(eq(imports.workspaceId, ctx.workspaceId), eq(imports.id, importId), own));
  const [row] = opts.lock ? await query.for('update') : await query;
  if (!row) throw notFound('Import');
  return row;
}

const IMPORT_TYPES = [
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'text/vcard',
  'text/x-vcard',
  'text/directory',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
];

/** Stores the uploaded file as it streams in, reads its encoding, layout and rows, and maps the columns automatically. */
export async function createImport({ ctx, part }: { ctx: Ctx; part: MultipartFile | undefined }): Promise<ImportDto> {
  const file = uploadPart(part);
  const created = await createImportFromFile({
    ctx,
    upload: { filename: file.filename, contentType: file.mimetype, stream: file.file },
  });
  return created;
}

/** The first megabyte of a stored file (enough to tell its encoding, kind and delimiter). */
async function headBytes(ctx: Ctx, storageKey: string): Promise<Buffer> {
  const source = await ctx.deps.storage.get(storageKey);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= SAMPLE_BYTES) break;
  }
  source.destroy();
  return Buffer.concat(chunks);
}

export async function createImportFromFile({
  ctx,
  upload,
}: {
  ctx: Ctx;
  upload: { filename: string; contentType: string; stream: Readable };
}): Promise<ImportDto> {
  const contentType = upload.contentType.toLowerCase().split(';')[0]!.trim() || 'application/octet-stream';
  if (!IMPORT_TYPES.includes(contentType)) {
    upload.stream.resume();
    throw new AppError('unsupported_media_type', 415, `Send a CSV or vCard file, not ${contentType}`);
  }
  // On disk first, read from there: a file of a million rows is never held in memory.
  const received = await receiveFile(ctx, upload.stream, { maxBytes: ctx.deps.config.IMPORT_MAX_BYTES });
  try {
    if ((upload.stream as { truncated?: boolean }).truncated) {
      throw new AppError('payload_too_large', 413, `The file is larger than ${ctx.deps.config.IMPORT_MAX_BYTES} bytes`);
    }
    const format = sniffFormat(await headBytes(ctx, received.storageKey));
    const { header, total } = await readHead(await ctx.deps.storage.get(received.storageKey), format);
    if (header.every((h) => !h)) throw fileUnreadable('The first line of the file names no columns');
    if (total === 0) throw new AppError('import_file_empty', 422, 'The file has a header line but no rows');
    const defs = await loadFieldDefs(ctx);
    const saved = await ctx.db
      .select()
      .from(importMappings)
      .where(eq(importMappings.workspaceId, ctx.workspaceId))
      .orderBy(desc(importMappings.createdAt));
    // The newest saved mapping that names every header of this file.
    const keys = new Set(header.map((h) => h.toLowerCase()));
    const match = saved.find((m) => {
      const names = Object.keys(m.columns).map((h) => h.toLowerCase());
      return names.length === keys.size && names.every((h) => keys.has(h));
    });
    const { mapping } = autoMap(header, { saved: match?.columns, customKeys: new Set(defs.map((d) => d.key)) });
    const options: ImportOptions = { mode: 'upsert', tags: [], owner: { type: 'importer' }, defaultCountry: null };
    const row = await inTransaction(ctx, async (tx) => {
      const file = await recordFile(tx, received, {
        filename: upload.filename,
        contentType: format.kind === 'vcard' ? 'text/vcard' : 'text/csv',
      });
      const [created] = await tx.db
        .insert(imports)
        .values({
          workspaceId: tx.workspaceId,
          id: newId(),
          name: (upload.filename || 'Import').slice(0, 200),
          fileId: file.id,
          format,
          headers: header,
          mapping,
          options,
          totalRows: total,
          createdBy: tx.principal.actsFor ?? tx.principal.userId,
        })
        .returning();
      return created!;
    });
    return toImportDto(row);
  } catch (err) {
    await discardFile(ctx, received);
    throw err;
  }
}

export async function getImport({ ctx, importId }: { ctx: Ctx; importId: string }): Promise<ImportDto> {
  return toImportDto(await requireImport(ctx, importId));
}

export async function listImports({ ctx }: { ctx: Ctx }): Promise<ImportDto[]> {
  const own =
    ctx.principal.role === 'admin'
      ? sql`true`
      : sql`${imports.createdBy} = ${ctx.principal.actsFor ?? ctx.principal.userId}`;
  const rows = await ctx.db
    .select()
    .from(imports)
    .where(and(eq(imports.workspaceId, ctx.workspaceId), own))
    .orderBy(desc(imports.createdAt))
    .limit(200);
  return rows.map(toImportDto);
}

/** Checks a mapping against the file's columns and the workspace's fields. */
async function checkMapping(ctx: Ctx, row: ImportRow, mapping: { column: number; target: string | null }[]) {
  const defs = await loadFieldDefs(ctx);
  const customKeys = new Map(defs.map((d) => [d.key, d]));
  const seen = new Set<string>();
  const columns = new Set<number>();
  const out: ImportColumnMapping[] = row.headers.map((header, column) => ({ column, header, target: null }));
  for (const m of mapping) {
    if (m.column < 0 || m.column >= row.headers.length || columns.has(m.column)) {
      throw invalid(`Column ${m.column} is not a column of the file, or is mapped twice`, [
        { path: 'body.mapping', message: 'Unknown column' },
      ]);
    }
    columns.add(m.column);
    const t = m.target;
    if (t) {
      const known =
        (standardTargets as readonly string[]).includes(t) || (t.startsWith('custom.') && customKeys.has(t.slice(7)));
      if (!known) {
        throw new AppError('import_target_unknown', 422, `"${t}" is no field a column can be imported into`, {
          target: t,
        });
      }
      if (t.startsWith('custom.') && customKeys.get(t.slice(7))!.type === 'file') {
        throw new AppError('import_target_unknown', 422, 'File fields cannot be filled from a file of rows', {
          target: t,
        });
      }
      if ((singleTargets.has(t) || t.startsWith('custom.')) && seen.has(t)) {
        throw new AppError('import_target_twice', 422, `Only one column can go into "${t}"`, { target: t });
      }
      seen.add(t);
    }
    out[m.column] = { column: m.column, header: row.headers[m.column]!, target: t };
  }
  return out;
}

async function checkOptions(ctx: Ctx, options: ImportOptions): Promise<ImportOptions> {
  if (options.owner.type === 'user') {
    const [u] = await ctx.db
      .select({ id: users.id })
      .from(users)
      .where(
        and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, options.owner.userId), eq(users.status, 'active')),
      );
    if (!u)
      throw new AppError('invalid_reference', 422, 'No active user with that id', { field: 'options.owner.userId' });
  }
  if (options.owner.type === 'team') {
    const members = await teamOwners(ctx, options.owner.teamId);
    if (members === null)
      throw new AppError('invalid_reference', 422, 'No team with that id', { field: 'options.owner.teamId' });
    if (members.length === 0) {
      throw new AppError('team_empty', 422, 'The team has no active members to share the new contacts', {
        field: 'options.owner.teamId',
      });
    }
  }
  return { ...options, tags: [...new Set(options.tags.map((t) => t.trim()).filter(Boolean))] };
}

/** The active members of a team in a stable order (round-robin owners); null when there is no such team. */
export async function teamOwners(ctx: Ctx, teamId: string): Promise<string[] | null> {
  const [team] = await ctx.db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, teamId)));
  if (!team) return null;
  const rows = await ctx.db
    .select({ id: users.id })
    .from(teamMembers)
    .innerJoin(users, and(eq(users.workspaceId, teamMembers.workspaceId), eq(users.id, teamMembers.userId)))
    .where(
      and(eq(teamMembers.workspaceId, ctx.workspaceId), eq(teamMembers.teamId, teamId), eq(users.status, 'active')),
    )
    .orderBy(asc(users.id));
  return rows.map((r) => r.id);
}

/** Changes the name, mapping or options of an import that has not started. */
export async function updateImport({
  ctx,
  importId,
  ifMatch,
  input,
}: {
  ctx: Ctx;
  importId: string;
  ifMatch?: number;
  input: UpdateImportInput;
}): Promise<ImportDto> {
  return inTransaction(ctx, async (tx) => {
    const row = await requireImport(tx, importId, { lock: true });
    if (ifMatch !== undefined && row.version !== ifMatch) throw versionConflict(row.version);
    if (row.status !== 'draft') throw importStateError(row, 'changed');
    const set: Partial<typeof imports.$inferInsert> = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.mapping !== undefined) set.mapping = await checkMapping(tx, row, input.mapping);
    if (input.options !== undefined) set.options = await checkOptions(tx, { ...row.options, ...input.options });
    const [saved] = await tx.db
      .update(imports)
      .set({ ...set, version: sql`${imports.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(imports.workspaceId, tx.workspaceId), eq(imports.id, importId)))
      .returning();
    return toImportDto(saved!);
  });
}

/** What the rows need besides themselves: field definitions, users by email and name. */
export async function rowContext(ctx: Ctx, row: ImportRow): Promise<RowContext> {
  const defs = await loadFieldDefs(ctx);
  const people = await ctx.db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.status, 'active')));
  const byName = new Map<string, string>();
  for (const u of people) {
    byName.set(u.email.toLowerCase(), u.id);
    byName.set(u.name.toLowerCase(), u.id);
  }
  return {
    mapping: row.mapping,
    defs: new Map(defs.map((d) => [d.key, d])),
    users: byName,
    defaultCountry: row.options.defaultCountry,
  };
}

export async function openFile(ctx: Ctx, row: ImportRow): Promise<Readable> {
  const [file] = await ctx.db
    .select()
    .from(files)
    .where(and(eq(files.workspaceId, ctx.workspaceId), eq(files.id, row.fileId)));
  if (!file) throw fileUnreadable('The uploaded file is gone');
  return ctx.deps.storage.get(file.storageKey);
}

export interface Holder {
  contactId: string;
  displayName: string;
  archived: boolean;
  visible: boolean;
}

/** Who holds these emails and E.164 numbers (one query each, the values sent as one array parameter). */
export async function holdersOf(ctx: Ctx, emails: string[], phones: string[]) {
  const visible = sql<boolean>`(${contactVisibility(ctx)})`;
  const [byEmail, byPhone] = await Promise.all([
    emails.length
      ? ctx.db
          .select({
            value: contactEmails.email,
            contactId: contacts.id,
            displayName: contacts.displayName,
            archivedAt: contacts.archivedAt,
            visible,
          })
          .from(contactEmails)
          .innerJoin(
            contacts,
            and(eq(contacts.workspaceId, contactEmails.workspaceId), eq(contacts.id, contactEmails.contactId)),
          )
          .where(
            and(
              eq(contactEmails.workspaceId, ctx.workspaceId),
              sql`${contactEmails.email} = any(${sql.param(emails)}::citext[])`,
            ),
          )
      : [],
    phones.length
      ? ctx.db
          .select({
            value: contactPhones.e164,
            contactId: contacts.id,
            displayName: contacts.displayName,
            archivedAt: contacts.archivedAt,
            visible,
          })
          .from(contactPhones)
          .innerJoin(
            contacts,
            and(eq(contacts.workspaceId, contactPhones.workspaceId), eq(contacts.id, contactPhones.contactId)),
          )
          .where(
            and(
              eq(contactPhones.workspaceId, ctx.workspaceId),
              sql`${contactPhones.e164} = any(${sql.param(phones)}::text[])`,
            ),
          )
      : [],
  ]);
  const toHolder = (r: {
    contactId: string;
    displayName: string;
    archivedAt: Date | null;
    visible: boolean;
  }): Holder => ({
    contactId: r.contactId,
    displayName: r.displayName,
    archived: Boolean(r.archivedAt),
    visible: r.visible,
  });
  return {
    email: new Map(byEmail.map((r) => [r.value, toHolder(r)])),
    phone: new Map(byPhone.map((r) => [r.value, toHolder(r)])),
  };
}

export type RowPlan =
  | { action: 'create' }
  | { action: 'update'; contactId: string; displayName: string }
  | { action: 'skip'; problem: CellProblem }
  | { action: 'reject'; problem: CellProblem };

/**
 * What happens to a valid row: matched by its first email held by a contact, else its first phone. Another
 * email or phone of the row held by a different contact rejects it (uniqueness holds: nothing is merged).
 */
export function planRow(
  mode: ImportOptions['mode'],
  emails: string[],
  phones: string[],
  holders: Awaited<ReturnType<typeof holdersOf>>,
  columnOf: (what: 'email' | 'phone', value: string) => number | null,
): RowPlan {
  const held = [
    ...emails.map((v) => ({ what: 'email' as const, value: v, holder: holders.email.get(v) })),
    ...phones.map((v) => ({ what: 'phone' as const, value: v, holder: holders.phone.get(v) })),
  ].filter((h) => h.holder);
  const match = held[0]?.holder;
  const other = held.find((h) => h.holder!.contactId !== match?.contactId);
  if (other) {
    const name = other.holder!.visible ? ` (${other.holder!.displayName})` : '';
    return {
      action: 'reject',
      problem: {
        column: columnOf(other.what, other.value),
        code: other.what === 'email' ? 'email_taken' : 'phone_taken',
        message: `${other.value} belongs to another contact${name} than ${held[0]!.value}`,
      },
    };
  }
  if (!match) {
    if (mode === 'update')
      return {
        action: 'skip',
        problem: { column: null, code: 'no_match', message: 'No contact has this row’s emails or phone numbers' },
      };
    return { action: 'create' };
  }
  const who = match.visible ? `"${match.displayName}"` : 'another contact';
  if (!match.visible || match.archived) {
    return {
      action: 'reject',
      problem: {
        column: columnOf(held[0]!.what, held[0]!.value),
        code: held[0]!.what === 'email' ? 'email_taken' : 'phone_taken',
        message: `${held[0]!.value} belongs to ${who}${match.archived && match.visible ? ' (archived)' : ''}`,
      },
    };
  }
  if (mode === 'create') {
    return { action: 'skip', problem: { column: null, code: 'exists', message: `Already in Dossier as ${who}` } };
  }
  return { action: 'update', contactId: match.contactId, displayName: match.displayName };
}

export const columnFinder = (rc: RowContext, cells: string[]) => (what: 'email' | 'phone', value: string) => {
  const m = rc.mapping.find(
    (c) =>
      c.target?.startsWith(what) &&
      (what === 'email' ? (cells[c.column] ?? '').toLowerCase().includes(value) : Boolean(cells[c.column]?.trim())),
  );
  return m?.column ?? null;
};

/** The first rows as they will be stored, every problem named by its cell; nothing is written. */
export async function previewImport({ ctx, importId }: { ctx: Ctx; importId: string }): Promise<PreviewDto> {
  const row = await requireImport(ctx, importId);
  const rc = await rowContext(ctx, row);
  const source = await openFile(ctx, row);
  const sample: string[][] = [];
  let first = true;
  for await (const cells of readRows(source, row.format)) {
    if (first) {
      first = false;
      continue;
    }
    sample.push(cells);
    if (sample.length >= PREVIEW_ROWS) break;
  }
  source.destroy();
  const converted = sample.map((cells) => convertRow(cells, rc));
  const holders = await holdersOf(
    ctx,
    converted.flatMap((c) => c.emails),
    converted.flatMap((c) => c.phones),
  );
  const names = new Map([...rc.users.entries()].map(([k, v]) => [v, k]));
  const ownerName = await defaultOwnerLabel(ctx, row);
  return {
    rows: sample.map((cells, i) => {
      const c = converted[i]!;
      const plan = c.input ? planRow(row.options.mode, c.emails, c.phones, holders, columnFinder(rc, cells)) : null;
      const problems = plan && (plan.action === 'reject' || plan.action === 'skip') ? [plan.problem] : c.problems;
      const input = c.draft;
      return {
        rowNumber: i + 1,
        cells,
        action: !plan ? 'reject' : plan.action,
        matchedContact: plan?.action === 'update' ? { id: plan.contactId, displayName: plan.displayName } : null,
        contact: input
          ? {
              kind: input.kind,
              displayName: deriveDisplayName(input, c.emails),
              firstName: input.firstName ?? null,
              lastName: input.lastName ?? null,
              businessName: input.businessName ?? null,
              title: input.title ?? null,
              emails: c.emails,
              phones: c.phones,
              address: input.locations?.[0]?.address ?? null,
              birthday: input.birthday ?? null,
              tags: [...new Set([...(input.tags ?? []), ...row.options.tags])],
              owner: c.ownerId ? (names.get(c.ownerId) ?? null) : ownerName,
              custom: input.custom ?? {},
            }
          : null,
        problems: problems.map((p) => ({ ...p, header: p.column === null ? null : (row.headers[p.column] ?? null) })),
      };
    }),
  };
}

async function defaultOwnerLabel(ctx: Ctx, row: ImportRow): Promise<string | null> {
  const o = row.options.owner;
  if (o.type === 'team') {
    const [team] = await ctx.db
      .select({ name: teams.name })
      .from(teams)
      .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, o.teamId)));
    return team ? `${team.name} (round-robin)` : null;
  }
  const userId = o.type === 'user' ? o.userId : row.createdBy;
  if (!userId) return null;
  const [u] = await ctx.db
    .select({ name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)));
  return u?.name ?? null;
}

/** Queues the import: from here on the job writes, batch by batch. */
export async function startImport({ ctx, importId, ifMatch }: { ctx: Ctx; importId: string; ifMatch?: number }) {
  return inTransaction(ctx, async (tx) => {
    const row = await requireImport(tx, importId, { lock: true });
    if (ifMatch !== undefined && row.version !== ifMatch) throw versionConflict(row.version);
    if (row.status !== 'draft') throw importStateError(row, 'started');
    const targets = row.mapping.map((m) => m.target);
    if (!targets.some((t) => t && /^(firstName|lastName|fullName|businessName|email)/.test(t))) {
      throw new AppError(
        'import_mapping_incomplete',
        422,
        'Map at least one column to a name, business name or email: no contact could be made otherwise',
      );
    }
    if (row.options.mode !== 'create' && !targets.some((t) => t?.startsWith('email') || t?.startsWith('phone'))) {
      throw new AppError(
        'import_mapping_incomplete',
        422,
        'Updating needs a column of emails or phone numbers to match contacts by',
      );
    }
    await checkOptions(tx, row.options);
    if (!ctx.principal.userId && row.options.owner.type === 'importer' && !ctx.principal.actsFor) {
      throw new AppError(
        'owner_required',
        422,
        'Choose an owner for the new contacts: an API key has no user to own them',
      );
    }
    const [saved] = await tx.db
      .update(imports)
      .set({ status: 'queued', version: sql`${imports.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(imports.workspaceId, tx.workspaceId), eq(imports.id, importId)))
      .returning();
    await record(tx, {
      kind: 'import.started',
      category: 'admin',
      subject: { type: 'import', id: row.id },
      data: { name: row.name, rows: row.totalRows, mode: row.options.mode },
    });
    await enqueueImportJob(tx, { workspaceId: tx.workspaceId, importId, action: 'run' });
    return toImportDto(saved!);
  });
}

/** Stops a queued or running import after the batch in progress; what was written stays (undo takes it back). */
export async function cancelImport({ ctx, importId }: { ctx: Ctx; importId: string }): Promise<ImportDto> {
  return inTransaction(ctx, async (tx) => {
    const row = await requireImport(tx, importId, { lock: true });
    if (row.status !== 'queued' && row.status !== 'running') throw importStateError(row, 'cancelled');
    const [saved] = await tx.db
      .update(imports)
      .set({ status: 'cancelled', finishedAt: sql`now()`, version: sql`${imports.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(imports.workspaceId, tx.workspaceId), eq(imports.id, importId)))
      .returning();
    await finishedEntry(tx, saved!);
    return toImportDto(saved!);
  });
}

/** The audit log's line for an import that ended, with its counts. */
export async function finishedEntry(tx: TxCtx, row: ImportRow): Promise<void> {
  await record(tx, {
    kind: 'import.finished',
    category: 'admin',
    subject: { type: 'import', id: row.id },
    data: {
      name: row.name,
      status: row.status,
      rows: row.totalRows,
      done: row.cursor,
      created: row.created,
      updated: row.updated,
      unchanged: row.unchanged,
      skipped: row.skipped,
      rejected: row.rejected,
    },
  });
}

/** Takes the import back: archives the contacts it created and reverts what it changed, unless changed since. */
export async function undoImport({ ctx, importId }: { ctx: Ctx; importId: string }): Promise<ImportDto> {
  return inTransaction(ctx, async (tx) => {
    const row = await requireImport(tx, importId, { lock: true });
    if (!['completed', 'cancelled', 'failed'].includes(row.status)) throw importStateError(row, 'undone');
    const [saved] = await tx.db
      .update(imports)
      .set({ status: 'undoing', undoCursor: 0, version: sql`${imports.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(imports.workspaceId, tx.workspaceId), eq(imports.id, importId)))
      .returning();
    await enqueueImportJob(tx, { workspaceId: tx.workspaceId, importId, action: 'undo' });
    return toImportDto(saved!);
  });
}

/** The contacts an undo left as they were, because someone changed them after the import. */
export async function keptContacts({ ctx, importId }: { ctx: Ctx; importId: string }) {
  await requireImport(ctx, importId);
  const rows = await ctx.db
    .select({
      rowNumber: importRows.rowNumber,
      status: importRows.status,
      id: contacts.id,
      displayName: contacts.displayName,
    })
    .from(importRows)
    .innerJoin(contacts, and(eq(contacts.workspaceId, importRows.workspaceId), eq(contacts.id, importRows.contactId)))
    .where(
      and(
        eq(importRows.workspaceId, ctx.workspaceId),
        eq(importRows.importId, importId),
        eq(importRows.undo, 'kept'),
        contactVisibility(ctx),
      ),
    )
    .orderBy(asc(importRows.rowNumber))
    .limit(1000);
  return rows.map((r) => ({
    rowNumber: r.rowNumber,
    contact: { id: r.id, displayName: r.displayName },
    action: r.status === 'created' ? ('created' as const) : ('updated' as const),
    reason: 'changed_since' as const,
  }));
}

/** The rejected rows as CSV: the file's columns and the reason in an added last column, ready to fix and import again. */
export async function rejectsCsv({
  ctx,
  importId,
}: {
  ctx: Ctx;
  importId: string;
}): Promise<{ filename: string; body: Readable }> {
  const row = await requireImport(ctx, importId);
  const workspaceId = ctx.workspaceId;
  const db = ctx.db;
  async function* lines() {
    yield csvHeader([...row.headers, 'Import problem']);
    let after = 0;
    for (;;) {
      const page = await db
        .select({ rowNumber: importRows.rowNumber, cells: importRows.cells, reason: importRows.reason })
        .from(importRows)
        .where(
          and(
            eq(importRows.workspaceId, workspaceId),
            eq(importRows.importId, importId),
            eq(importRows.status, 'rejected'),
            sql`${importRows.rowNumber} > ${after}`,
          ),
        )
        .orderBy(asc(importRows.rowNumber))
        .limit(2000);
      if (page.length === 0) return;
      yield csvLines(page.map((r) => [...(r.cells ?? []), r.reason ?? '']));
      after = page[page.length - 1]!.rowNumber;
    }
  }
  const base = row.name.replace(/\.(csv|tsv|txt|vcf)$/i, '').replace(/[^\w.-]+/g, '_') || 'import';
  return { filename: `${base}-rejected.csv`, body: Readable.from(lines()) };
}

// ── Saved mappings ──────────────────────────────────────────────────────────────────────────

const toMappingDto = (m: typeof importMappings.$inferSelect): ImportMappingDto => ({
  id: m.id,
  name: m.name,
  columns: m.columns,
  createdAt: m.createdAt.toISOString(),
});

export async function listMappings({ ctx }: { ctx: Ctx }): Promise<ImportMappingDto[]> {
  const rows = await ctx.db
    .select()
    .from(importMappings)
    .where(eq(importMappings.workspaceId, ctx.workspaceId))
    .orderBy(asc(importMappings.name));
  return rows.map(toMappingDto);
}

/** Saves an import's current mapping under a name, for files with the same columns. */
export async function saveMapping({ ctx, input }: { ctx: Ctx; input: { name: string; importId: string } }) {
  const row = await requireImport(ctx, input.importId);
  const columns = Object.fromEntries(row.mapping.map((m) => [m.header, m.target]));
  const [saved] = await ctx.db
    .insert(importMappings)
    .values({ workspaceId: ctx.workspaceId, id: newId(), name: input.name, columns, createdBy: ctx.principal.userId })
    .returning();
  return toMappingDto(saved!);
}

/** Applies a saved mapping to an import's columns (headers it does not name stay unmapped). */
export async function applyMapping({
  ctx,
  importId,
  mappingId,
  ifMatch,
}: {
  ctx: Ctx;
  importId: string;
  mappingId: string;
  ifMatch?: number;
}) {
  const [m] = await ctx.db
    .select()
    .from(importMappings)
    .where(and(eq(importMappings.workspaceId, ctx.workspaceId), eq(importMappings.id, mappingId)));
  if (!m) throw notFound('Saved mapping');
  const row = await requireImport(ctx, importId);
  const defs = await loadFieldDefs(ctx);
  const { mapping } = autoMap(row.headers, { saved: m.columns, customKeys: new Set(defs.map((d) => d.key)) });
  const byHeader = new Map(Object.entries(m.columns).map(([h, t]) => [h.toLowerCase(), t]));
  return updateImport({
    ctx,
    importId,
    ifMatch,
    input: {
      mapping: mapping.map((c) => ({
        column: c.column,
        target: byHeader.has(c.header.toLowerCase()) ? c.target : null,
      })),
    },
  });
}

export async function deleteMapping({ ctx, mappingId }: { ctx: Ctx; mappingId: string }): Promise<void> {
  const deleted = await ctx.db
    .delete(importMappings)
    .where(and(eq(importMappings.workspaceId, ctx.workspaceId), eq(importMappings.id, mappingId)))
    .returning({ id: importMappings.id });
  if (!deleted.length) throw notFound('Saved mapping');
}
