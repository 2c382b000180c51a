// Custom fields on one contact: adding a library field to this contact only, removing it again,
// and creating a new field inline (it joins the library, applying to this contact).
import { and, eq, isNull } from 'drizzle-orm';
import { customFields } from '../../db/schema/contacts.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { record } from '../../platform/journal/journal.ts';
import { loadFieldDefs, validateCustomValues } from '../custom-fields/custom-field-values.ts';
import { insertCustomField } from '../custom-fields/custom-fields.service.ts';
import type { CustomFieldType } from '../../db/schema/contacts.ts';
import { contactCountry } from './contact-phones.service.ts';
import { buildProfile } from './contact-profile.ts';
import { lockContact, saveContact } from './contact-write.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';

async function liveField(ctx: Ctx, fieldId: string) {
  const [field] = await ctx.db
    .select()
    .from(customFields)
    .where(
      and(
        eq(customFields.workspaceId, ctx.workspaceId),
        eq(customFields.id, fieldId),
        eq(customFields.entity, 'contact'),
        isNull(customFields.archivedAt),
      ),
    );
  if (!field) throw notFound('Custom field');
  return field;
}

export async function attachField({
  ctx,
  contactId,
  fieldId,
  ifMatch,
}: {
  ctx: Ctx;
  contactId: string;
  fieldId: string;
  ifMatch?: number;
}): Promise<ContactProfileDto> {
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    const field = await liveField(tx, fieldId);
    if (field.appliesToAll || before.extraFieldIds.includes(fieldId)) return before;
    const after = await saveContact(tx, before, { extraFieldIds: [...before.extraFieldIds, fieldId] });
    await record(tx, {
      contactId,
      kind: 'contact.field_changed',
      category: 'admin',
      subject: { type: 'custom_field', id: fieldId },
      data: {
        displayName: after.displayName,
        fieldAdded: { id: field.id, key: field.key, label: field.label },
        changes: [],
      },
    });
    return after;
  });
  return buildProfile(ctx, saved);
}

/** Takes a field added to this contact off it again; its value goes too (journaled as a change). */
export async function detachField({
  ctx,
  contactId,
  fieldId,
  ifMatch,
}: {
  ctx: Ctx;
  contactId: string;
  fieldId: string;
  ifMatch?: number;
}): Promise<ContactProfileDto> {
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    if (!before.extraFieldIds.includes(fieldId)) throw notFound('Custom field on this contact');
    const [field] = await tx.db
      .select()
      .from(customFields)
      .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.id, fieldId)));
    const custom = { ...before.custom };
    const old = field ? (custom[field.key] ?? null) : null;
    if (field) delete custom[field.key];
    const after = await saveContact(tx, before, {
      extraFieldIds: before.extraFieldIds.filter((id) => id !== fieldId),
      custom,
    });
    await record(tx, {
      contactId,
      kind: 'contact.field_changed',
      category: 'admin',
      subject: { type: 'custom_field', id: fieldId },
      data: {
        displayName: after.displayName,
        fieldRemoved: field ? { id: field.id, key: field.key, label: field.label } : { id: fieldId },
        changes: field && old !== null ? [{ field: `custom.${field.key}`, old, new: null }] : [],
      },
    });
    return after;
  });
  return buildProfile(ctx, saved);
}

export async function createInlineField({
  ctx,
  contactId,
  ifMatch,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  ifMatch?: number;
  input: {
    label: string;
    type: CustomFieldType;
    options?: { value: string; label: string; color?: string }[];
    folderId?: string | null;
    value?: unknown;
  };
}): Promise<ContactProfileDto> {
  const country = await contactCountry(ctx, contactId);
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    const field = await insertCustomField(tx, {
      label: input.label,
      type: input.type,
      options: input.options,
      folderId: input.folderId,
      required: false,
      appliesToAll: false,
    });
    const custom = { ...before.custom };
    let change: { field: string; old: unknown; new: unknown } | null = null;
    if (input.value !== undefined && input.value !== null) {
      const defs = await loadFieldDefs(tx);
      const result = await validateCustomValues(tx, {
        defs,
        input: { [field.key]: input.value },
        mode: 'update',
        extraFieldIds: [...before.extraFieldIds, field.id],
        defaultCountry: country,
      });
      if (field.key in result.set) {
        custom[field.key] = result.set[field.key];
        change = { field: `custom.${field.key}`, old: null, new: custom[field.key] };
      }
    }
    const after = await saveContact(tx, before, { extraFieldIds: [...before.extraFieldIds, field.id], custom });
    await record(tx, {
      contactId,
      kind: 'contact.field_changed',
      category: 'admin',
      subject: { type: 'custom_field', id: field.id },
      data: {
        displayName: after.displayName,
        fieldAdded: { id: field.id, key: field.key, label: field.label },
        changes: change ? [change] : [],
      },
    });
    return after;
  });
  return buildProfile(ctx, saved);
}
