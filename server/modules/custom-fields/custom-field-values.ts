// Validating a contact's custom-field values against the library: by type, options and the
// required rule. Values are stored normalised in contacts.custom, keyed by the field's key.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import parsePhoneNumber from 'libphonenumber-js/max';
import { z } from 'zod';
import { customFieldFolders, customFields } from '../../db/schema/contacts.ts';
import { preparedFor } from '../../db/prepared.ts';
import { files } from '../../db/schema/files.ts';
import { afterCommit, type Ctx, type TxCtx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { CustomFieldRow } from './custom-fields.service.ts';

export interface FieldDef extends CustomFieldRow {
  folder: { id: string; name: string; hidden: boolean; builtIn: boolean } | null;
}

/**
 * The definitions remembered per workspace and entity, with the workspace's fields version they were read under
 * (migration 0032 bumps it on every change to a field or folder) and this process's own count of the changes it
 * made (fieldsChanged), so a request that changed a field reads its own change.
 */
const rememberedDefs = new Map<string, { version: number; changes: number; defs: FieldDef[] }>();
const localChanges = new Map<string, number>();

/** Called in a transaction that changes a workspace's fields or folders: once it commits, they are read afresh. */
export function fieldsChanged(tx: TxCtx): void {
  // Counting the change is enough: definitions remembered under an older count are not used again.
  afterCommit(tx, () => localChanges.set(tx.workspaceId, (localChanges.get(tx.workspaceId) ?? 0) + 1));
}

/**
 * The live (not archived) fields of one entity (contacts unless said) with their folders, in display order. Read
 * by most requests: remembered for the fields version the request's caller was read with (ctx.fieldsVersion), a
 * named statement (db/prepared.ts) otherwise. The list and its definitions are frozen: callers share them.
 */
export async function loadFieldDefs(ctx: Ctx, entity: CustomFieldRow['entity'] = 'contact'): Promise<FieldDef[]> {
  const key = `${ctx.workspaceId}/${entity}`;
  const version = ctx.tx ? undefined : ctx.fieldsVersion;
  const changes = localChanges.get(ctx.workspaceId) ?? 0;
  const known = version === undefined ? undefined : rememberedDefs.get(key);
  if (known && known.version === version && known.changes === changes) return known.defs;
  const rows = await preparedFor(ctx, `field_defs_${entity}`, (db, name) =>
    db
      .select({ field: customFields, folder: customFieldFolders })
      .from(customFields)
      .leftJoin(
        customFieldFolders,
        and(
          eq(customFieldFolders.workspaceId, customFields.workspaceId),
          eq(customFieldFolders.id, customFields.folderId),
        ),
      )
      .where(
        and(
          eq(customFields.workspaceId, sql.placeholder('workspaceId')),
          eq(customFields.entity, entity),
          isNull(customFields.archivedAt),
        ),
      )
      .orderBy(customFields.position, customFields.label)
      .prepare(name),
  ).execute({ workspaceId: ctx.workspaceId });
  const defs = Object.freeze(
    rows.map(({ field, folder }) =>
      Object.freeze({
        ...field,
        folder: folder ? { id: folder.id, name: folder.name, hidden: folder.hidden, builtIn: folder.builtIn } : null,
      }),
    ),
  ) as FieldDef[];
  // Kept only when no change of this process came in between (what was read may be older than it).
  if (version !== undefined && changes === (localChanges.get(ctx.workspaceId) ?? 0)) {
    if (rememberedDefs.size >= 20_000) rememberedDefs.clear();
    rememberedDefs.set(key, { version, changes, defs });
  }
  return defs;
}

/** Fields shown on a contact: those applying to all, plus those added to it. */
export function fieldsForContact(defs: FieldDef[], extraFieldIds: readonly string[]): FieldDef[] {
  const extra = new Set(extraFieldIds);
  return defs.filter((d) => d.appliesToAll || extra.has(d.id));
}

const fieldInvalid = (def: { key: string; label: string }, why: string) =>
  new AppError('field_invalid', 422, `${def.label}: ${why}`, { field: def.key });

const isEmpty = (v: unknown) =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

const EmailValue = z.email();
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function toNumber(def: FieldDef, value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw fieldInvalid(def, 'enter a number');
  if (Math.abs(n) > 1e15) throw fieldInvalid(def, 'the number is too large');
  return def.type === 'currency' ? Math.round(n * 100) / 100 : n;
}

/** One value, normalised for storage; throws field_invalid. Files are checked by the caller. */
export function normalizeFieldValue(def: FieldDef, value: unknown, defaultCountry?: string): unknown {
  switch (def.type) {
    case 'text':
    case 'long_text': {
      if (typeof value !== 'string') throw fieldInvalid(def, 'enter text');
      const max = def.type === 'text' ? 1000 : 20_000;
      if (value.length > max) throw fieldInvalid(def, `use at most ${max} characters`);
      return def.type === 'text' ? value.trim() : value;
    }
    case 'number':
    case 'currency':
      return toNumber(def, value);
    case 'date':
      if (typeof value !== 'string' || !validDate(value.trim())) throw fieldInvalid(def, 'enter a date as YYYY-MM-DD');
      return value.trim();
    case 'datetime': {
      const parsed = typeof value === 'string' ? z.iso.datetime({ offset: true }).safeParse(value.trim()) : null;
      if (!parsed?.success) throw fieldInvalid(def, 'enter a date and time in ISO 8601, e.g. 2026-03-01T14:30:00Z');
      return new Date(parsed.data).toISOString();
    }
    case 'checkbox':
      if (typeof value !== 'boolean') throw fieldInvalid(def, 'use true or false');
      return value;
    case 'single_select': {
      if (typeof value !== 'string' || !def.options.some((o) => o.value === value)) {
        throw fieldInvalid(def, `choose one of ${def.options.map((o) => o.value).join(', ')}`);
      }
      return value;
    }
    case 'multi_select': {
      const list = Array.isArray(value) ? value : [value];
      const picked: string[] = [];
      for (const v of list) {
        if (typeof v !== 'string' || !def.options.some((o) => o.value === v)) {
          throw fieldInvalid(def, `choose from ${def.options.map((o) => o.value).join(', ')}`);
        }
        if (!picked.includes(v)) picked.push(v);
      }
      // Stored in the options' order, so equal selections compare equal.
      return def.options.map((o) => o.value).filter((v) => picked.includes(v));
    }
    case 'email': {
      const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
      if (!EmailValue.safeParse(email).success) throw fieldInvalid(def, 'enter a valid email address');
      return email;
    }
    case 'phone': {
      const raw = typeof value === 'string' ? value.trim() : '';
      const phone = raw
        ? parsePhoneNumber(raw, { defaultCountry: defaultCountry as never, extract: false })
        : undefined;
      if (!phone?.isValid()) {
        throw fieldInvalid(def, 'enter a valid phone number in international format (+49 30 …)');
      }
      return phone.number;
    }
    case 'url': {
      const raw = typeof value === 'string' ? value.trim() : '';
      let url: URL | null = null;
      try {
        url = new URL(raw);
      } catch {
        url = null;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || raw.length > 2000) {
        throw fieldInvalid(def, 'enter a web address starting with http:// or https://');
      }
      return url.toString();
    }
    case 'file':
      if (typeof value !== 'string' || !z.uuid().safeParse(value).success) {
        throw fieldInvalid(def, 'upload the file first and use its fileId');
      }
      return value;
  }
}

export interface CustomChanges {
  /** Values to store (normalised). */
  set: Record<string, unknown>;
  /** Keys to remove. */
  clear: string[];
  /** Library fields that do not apply to all and must be added to the contact. */
  attach: string[];
}

/**
 * Validates the `custom` object of a create or update. On create, required fields (that apply to
 * all and are not in a hidden folder) must be present; on update, clearing a required field is refused.
 */
export async function validateCustomValues(
  ctx: Ctx,
  opts: {
    defs: FieldDef[];
    input: Record<string, unknown>;
    mode: 'create' | 'update';
    extraFieldIds: readonly string[];
    defaultCountry?: string;
  },
): Promise<CustomChanges> {
  const byKey = new Map(opts.defs.map((d) => [d.key, d]));
  const extra = new Set(opts.extraFieldIds);
  const result: CustomChanges = { set: {}, clear: [], attach: [] };
  const fileIds: { def: FieldDef; id: string }[] = [];
  for (const [key, value] of Object.entries(opts.input)) {
    const def = byKey.get(key);
    if (!def) {
      throw new AppError('field_invalid', 422, `There is no custom field with the key "${key}"`, { field: key });
    }
    const applies = def.appliesToAll || extra.has(def.id);
    if (isEmpty(value)) {
      if (def.required && applies && !def.folder?.hidden) {
        throw new AppError('field_required', 422, `${def.label} is required`, { field: key });
      }
      if (opts.mode === 'update') result.clear.push(key);
      continue;
    }
    const normalized = normalizeFieldValue(def, value, opts.defaultCountry);
    if (def.type === 'file') fileIds.push({ def, id: normalized as string });
    result.set[key] = normalized;
    if (!applies) result.attach.push(def.id);
  }
  if (fileIds.length) {
    const found = await ctx.db
      .select({ id: files.id })
      .from(files)
      .where(
        and(
          eq(files.workspaceId, ctx.workspaceId),
          inArray(
            files.id,
            fileIds.map((f) => f.id),
          ),
        ),
      );
    const missing = fileIds.find((f) => !found.some((r) => r.id === f.id));
    if (missing) throw fieldInvalid(missing.def, 'no uploaded file with this id');
  }
  if (opts.mode === 'create') {
    for (const def of opts.defs) {
      if (def.required && def.appliesToAll && !def.folder?.hidden && !(def.key in result.set)) {
        throw new AppError('field_required', 422, `${def.label} is required`, { field: def.key });
      }
    }
  }
  return result;
}
