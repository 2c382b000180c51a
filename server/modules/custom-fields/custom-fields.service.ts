// The workspace's custom-field library and its folders. Admins shape the library; any user may
// create a field inline from a contact (it joins the library, applying to that contact only).
import type { MultipartFile } from '@fastify/multipart';
import { and, asc, count, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { contacts, customFieldFolders, customFields } from '../../db/schema/contacts.ts';
import { inTransaction, requireAdmin, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { diffFields, record } from '../../platform/journal/journal.ts';
import { storeUpload } from '../files/files.service.ts';
import { fieldsChanged } from './custom-field-values.ts';
import { foldText } from '../contacts/contact-derive.ts';
import type {
  CreateCustomFieldInput,
  CustomFieldDto,
  CustomFieldFolderDto,
  UpdateCustomFieldInput,
} from './custom-fields.schemas.ts';

export type CustomFieldRow = typeof customFields.$inferSelect;
type FolderRow = typeof customFieldFolders.$inferSelect;

const SELECT_TYPES = new Set(['single_select', 'multi_select']);

export function toFieldDto(row: CustomFieldRow): CustomFieldDto {
  return {
    id: row.id,
    key: row.key,
    label: row.label,
    type: row.type,
    entity: row.entity,
    options: row.options,
    currency: row.currency,
    folderId: row.folderId,
    required: row.required,
    appliesToAll: row.appliesToAll,
    description: row.description,
    position: row.position,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    archivedAt: toIsoOrNull(row.archivedAt),
  };
}

export async function listCustomFields({
  ctx,
  archived = 'false',
  entity,
}: {
  ctx: Ctx;
  archived?: 'true' | 'false' | 'all';
  entity?: CustomFieldRow['entity'];
}): Promise<CustomFieldDto[]> {
  const rows = await ctx.db
    .select()
    .from(customFields)
    .where(
      and(
        eq(customFields.workspaceId, ctx.workspaceId),
        archived === 'all'
          ? undefined
          : archived === 'true'
            ? isNotNull(customFields.archivedAt)
            : isNull(customFields.archivedAt),
        entity ? eq(customFields.entity, entity) : undefined,
      ),
    )
    .orderBy(asc(customFields.position), asc(customFields.label));
  return rows.map(toFieldDto);
}

async function findField(ctx: Ctx, fieldId: string, lock = false): Promise<CustomFieldRow> {
  const query = ctx.db
    .select()
    .from(customFields)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.id, fieldId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Custom field');
  return row;
}

export async function getCustomField({ ctx, fieldId }: { ctx: Ctx; fieldId: string }): Promise<CustomFieldDto> {
  return toFieldDto(await findField(ctx, fieldId));
}

function checkOptions(type: CustomFieldRow['type'], options: { value: string }[] | undefined): void {
  if (!SELECT_TYPES.has(type)) {
    if (options?.length) throw invalid('Only single_select and multi_select fields have options');
    return;
  }
  if (!options?.length) throw invalid('A select field needs at least one option');
  const seen = new Set<string>();
  for (const o of options) {
    if (seen.has(o.value)) throw invalid(`The option value "${o.value}" appears twice`);
    seen.add(o.value);
  }
}

async function assertFolder(ctx: Ctx, folderId: string | null | undefined): Promise<void> {
  if (!folderId) return;
  const [folder] = await ctx.db
    .select({ id: customFieldFolders.id })
    .from(customFieldFolders)
    .where(and(eq(customFieldFolders.workspaceId, ctx.workspaceId), eq(customFieldFolders.id, folderId)));
  if (!folder) {
    throw new AppError('invalid_reference', 422, `No field folder with id ${folderId}`, { field: 'folderId' });
  }
}

/** "Annual revenue (€)" → "annual_revenue". */
export function keyFromLabel(label: string): string {
  const slug = foldText(label)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 50);
  if (!slug) return 'field';
  return /^[a-z]/.test(slug) ? slug : `f_${slug}`;
}

async function keyTaken(ctx: Ctx, key: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: customFields.id })
    .from(customFields)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.key, key)));
  return Boolean(row);
}

/** Inserts a library field and journals it; callers decide who may (admins, or inline from a contact). */
export async function insertCustomField(
  ctx: Ctx,
  input: Omit<CreateCustomFieldInput, 'entity'> & { entity?: CreateCustomFieldInput['entity'] },
): Promise<CustomFieldRow> {
  checkOptions(input.type, input.options);
  return inTransaction(ctx, async (tx) => {
    fieldsChanged(tx);
    await assertFolder(tx, input.folderId);
    // Serialises key allocation in this workspace so two fields labelled alike get distinct keys.
    await tx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`custom_fields:${ctx.workspaceId}`}))`);
    let key = input.key;
    if (key) {
      if (await keyTaken(tx, key)) throw new AppError('key_taken', 409, `A custom field with the key "${key}" exists`);
    } else {
      const base = keyFromLabel(input.label);
      key = base;
      for (let n = 2; await keyTaken(tx, key); n++) key = `${base}_${n}`;
    }
    const [max] = await tx.db
      .select({ position: sql<number>`coalesce(max(${customFields.position}), -1)` })
      .from(customFields)
      .where(eq(customFields.workspaceId, ctx.workspaceId));
    const [row] = await tx.db
      .insert(customFields)
      .values({
        workspaceId: ctx.workspaceId,
        id: newId(),
        key,
        label: input.label,
        type: input.type,
        entity: input.entity ?? 'contact',
        options: SELECT_TYPES.has(input.type) ? (input.options ?? []) : [],
        currency: input.type === 'currency' ? (input.currency ?? null) : null,
        folderId: input.folderId ?? null,
        required: input.required,
        appliesToAll: input.appliesToAll,
        description: input.description ?? null,
        position: input.position ?? (max?.position ?? -1) + 1,
        createdBy: ctx.principal.userId,
      })
      .returning();
    await record(tx, {
      kind: 'custom_field.created',
      category: 'admin',
      subject: { type: 'custom_field', id: row!.id },
      data: { key: row!.key, label: row!.label, type: row!.type, appliesToAll: row!.appliesToAll },
    });
    return row!;
  });
}

export async function createCustomField({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateCustomFieldInput;
}): Promise<CustomFieldDto> {
  requireAdmin(ctx);
  return toFieldDto(await insertCustomField(ctx, input));
}

/** Contacts whose value uses an option (the GIN index on contacts.custom answers containment). */
async function countOptionUse(ctx: Ctx, field: CustomFieldRow, value: string): Promise<number> {
  const probe = { [field.key]: field.type === 'multi_select' ? [value] : value };
  const [row] = await ctx.db
    .select({ n: count() })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), sql`${contacts.custom} @> ${JSON.stringify(probe)}::jsonb`));
  return row?.n ?? 0;
}

export async function updateCustomField({
  ctx,
  fieldId,
  input,
}: {
  ctx: Ctx;
  fieldId: string;
  input: UpdateCustomFieldInput;
}): Promise<CustomFieldDto> {
  requireAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    fieldsChanged(tx);
    const before = await findField(tx, fieldId, true);
    if (input.options !== undefined) {
      checkOptions(before.type, input.options);
      const kept = new Set(input.options.map((o) => o.value));
      for (const removed of before.options.filter((o) => !kept.has(o.value))) {
        const used = await countOptionUse(tx, before, removed.value);
        if (used > 0) {
          throw new AppError(
            'option_in_use',
            409,
            `The option "${removed.label}" is used by ${used} contact(s); change their value first`,
            { option: removed.value, count: used },
          );
        }
      }
    }
    if (input.currency !== undefined && before.type !== 'currency' && input.currency !== null) {
      throw invalid('Only currency fields have a currency');
    }
    if (input.folderId) await assertFolder(tx, input.folderId);
    const changes = diffFields(before, input, [
      'label',
      'options',
      'currency',
      'folderId',
      'required',
      'appliesToAll',
      'description',
      'position',
    ]);
    if (changes.length === 0) return toFieldDto(before);
    const [after] = await tx.db
      .update(customFields)
      .set({ ...input, updatedAt: sql`now()` })
      .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.id, fieldId)))
      .returning();
    if (before.appliesToAll && input.appliesToAll === false) {
      // Contacts holding a value keep seeing the field: it becomes theirs individually.
      await tx.db.execute(sql`
        update ${contacts} set extra_field_ids = array_append(extra_field_ids, ${fieldId}::uuid)
        where workspace_id = ${ctx.workspaceId} and jsonb_exists(custom, ${before.key})
          and not (${fieldId}::uuid = any(extra_field_ids))`);
    }
    await record(tx, {
      kind: 'custom_field.updated',
      category: 'admin',
      subject: { type: 'custom_field', id: fieldId },
      data: { key: before.key, label: after!.label, changes },
    });
    return toFieldDto(after!);
  });
}

/** Archiving hides the field everywhere; contacts keep their values, and restoring brings it back. */
export async function setCustomFieldArchived({
  ctx,
  fieldId,
  archived,
}: {
  ctx: Ctx;
  fieldId: string;
  archived: boolean;
}): Promise<CustomFieldDto> {
  requireAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    fieldsChanged(tx);
    const before = await findField(tx, fieldId, true);
    if (Boolean(before.archivedAt) === archived) return toFieldDto(before);
    const [after] = await tx.db
      .update(customFields)
      .set({ archivedAt: archived ? sql`now()` : null, updatedAt: sql`now()` })
      .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.id, fieldId)))
      .returning();
    await record(tx, {
      kind: archived ? 'custom_field.archived' : 'custom_field.restored',
      category: 'admin',
      subject: { type: 'custom_field', id: fieldId },
      data: { key: before.key, label: before.label },
    });
    return toFieldDto(after!);
  });
}

// ── Folders ──────────────────────────────────────────────────────────────────────────────────

function toFolderDto(row: FolderRow, fieldCount: number): CustomFieldFolderDto {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    builtIn: row.builtIn,
    hidden: row.hidden,
    fieldCount,
    createdAt: toIso(row.createdAt),
  };
}

export async function listFolders({ ctx }: { ctx: Ctx }): Promise<CustomFieldFolderDto[]> {
  const rows = await ctx.db
    .select({
      folder: customFieldFolders,
      // Outer columns spelled out: Drizzle leaves columns of a select list unqualified.
      fieldCount: sql<number>`(select count(*)::int from custom_fields f where f.workspace_id = "custom_field_folders"."workspace_id"
        and f.folder_id = "custom_field_folders"."id" and f.archived_at is null)`,
    })
    .from(customFieldFolders)
    .where(eq(customFieldFolders.workspaceId, ctx.workspaceId))
    .orderBy(asc(customFieldFolders.position), asc(customFieldFolders.name));
  return rows.map((r) => toFolderDto(r.folder, r.fieldCount));
}

async function findFolder(ctx: Ctx, folderId: string): Promise<FolderRow> {
  const [row] = await ctx.db
    .select()
    .from(customFieldFolders)
    .where(and(eq(customFieldFolders.workspaceId, ctx.workspaceId), eq(customFieldFolders.id, folderId)))
    .for('update');
  if (!row) throw notFound('Field folder');
  return row;
}

async function assertFolderNameFree(ctx: Ctx, name: string, exceptId?: string): Promise<void> {
  const [taken] = await ctx.db
    .select({ id: customFieldFolders.id })
    .from(customFieldFolders)
    .where(
      and(
        eq(customFieldFolders.workspaceId, ctx.workspaceId),
        sql`lower(${customFieldFolders.name}) = lower(${name})`,
        exceptId ? sql`${customFieldFolders.id} <> ${exceptId}` : undefined,
      ),
    );
  if (taken) throw new AppError('name_taken', 409, `A field folder named "${name}" already exists`);
}

async function folderDto(ctx: Ctx, folderId: string): Promise<CustomFieldFolderDto> {
  const folder = (await listFolders({ ctx })).find((f) => f.id === folderId);
  if (!folder) throw notFound('Field folder');
  return folder;
}

export async function createFolder({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { name: string; position?: number };
}): Promise<CustomFieldFolderDto> {
  requireAdmin(ctx);
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    fieldsChanged(tx);
    await assertFolderNameFree(tx, input.name);
    const [max] = await tx.db
      .select({ position: sql<number>`coalesce(max(${customFieldFolders.position}), -1)` })
      .from(customFieldFolders)
      .where(eq(customFieldFolders.workspaceId, ctx.workspaceId));
    await tx.db.insert(customFieldFolders).values({
      workspaceId: ctx.workspaceId,
      id,
      name: input.name,
      position: input.position ?? (max?.position ?? -1) + 1,
    });
    await record(tx, {
      kind: 'custom_field_folder.created',
      category: 'admin',
      subject: { type: 'custom_field_folder', id },
      data: { name: input.name },
    });
  });
  return folderDto(ctx, id);
}

export async function updateFolder({
  ctx,
  folderId,
  input,
}: {
  ctx: Ctx;
  folderId: string;
  input: { name?: string; position?: number; hidden?: boolean };
}): Promise<CustomFieldFolderDto> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    fieldsChanged(tx);
    const before = await findFolder(tx, folderId);
    if (input.name !== undefined) await assertFolderNameFree(tx, input.name, folderId);
    const changes = diffFields(before, input, ['name', 'position', 'hidden']);
    if (changes.length === 0) return;
    await tx.db
      .update(customFieldFolders)
      .set(input)
      .where(and(eq(customFieldFolders.workspaceId, ctx.workspaceId), eq(customFieldFolders.id, folderId)));
    await record(tx, {
      kind: 'custom_field_folder.updated',
      category: 'admin',
      subject: { type: 'custom_field_folder', id: folderId },
      data: { name: input.name ?? before.name, changes },
    });
  });
  return folderDto(ctx, folderId);
}

/** Deletes a folder of the admin's own making; its fields stay in the library, outside any folder. */
export async function deleteFolder({ ctx, folderId }: { ctx: Ctx; folderId: string }): Promise<void> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    fieldsChanged(tx);
    const before = await findFolder(tx, folderId);
    if (before.builtIn) {
      throw new AppError('folder_built_in', 409, `"${before.name}" ships with Dossier; hide it instead of deleting it`);
    }
    await tx.db
      .update(customFields)
      .set({ folderId: null, updatedAt: sql`now()` })
      .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.folderId, folderId)));
    await tx.db
      .delete(customFieldFolders)
      .where(and(eq(customFieldFolders.workspaceId, ctx.workspaceId), eq(customFieldFolders.id, folderId)));
    await record(tx, {
      kind: 'custom_field_folder.deleted',
      category: 'admin',
      subject: { type: 'custom_field_folder', id: folderId },
      data: { name: before.name },
    });
  });
}

// ── Files for file fields ────────────────────────────────────────────────────────────────────

/** Documents and images; never HTML, SVG or executables (they could run in the browser or on a desktop). */
export const FIELD_FILE_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'text/plain',
  'text/csv',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/zip',
];

export async function uploadFieldFile({ ctx, part }: { ctx: Ctx; part: MultipartFile | undefined }) {
  const file = await storeUpload(ctx, part, { allowedTypes: FIELD_FILE_TYPES });
  return {
    fileId: file.id,
    filename: file.filename,
    size: file.size,
    contentType: file.contentType,
    url: `/api/v1/files/${file.id}`,
  };
}
