// The configurable contact type / lifecycle list (lead, prospect, customer…). Admins edit it; a
// type still in use is deleted only by moving its contacts to another type.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { contacts, contactTypes } from '../../db/schema/contacts.ts';
import { inTransaction, requireAdmin, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { toIso } from '../../platform/http/schemas.ts';
import { diffFields, record, recordMany } from '../../platform/journal/journal.ts';
import { keyFromLabel } from '../custom-fields/custom-fields.service.ts';
import type { ContactTypeDto } from './contact-types.schemas.ts';

type ContactTypeRow = typeof contactTypes.$inferSelect;

const toDto = (t: ContactTypeRow): ContactTypeDto => ({
  key: t.key,
  label: t.label,
  color: t.color,
  position: t.position,
  createdAt: toIso(t.createdAt),
});

export async function listContactTypes({ ctx }: { ctx: Ctx }): Promise<ContactTypeDto[]> {
  const rows = await ctx.db
    .select()
    .from(contactTypes)
    .where(eq(contactTypes.workspaceId, ctx.workspaceId))
    .orderBy(asc(contactTypes.position), asc(contactTypes.label));
  return rows.map(toDto);
}

async function findType(ctx: Ctx, key: string, lock = false): Promise<ContactTypeRow> {
  const query = ctx.db
    .select()
    .from(contactTypes)
    .where(and(eq(contactTypes.workspaceId, ctx.workspaceId), eq(contactTypes.key, key)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Contact type');
  return row;
}

export async function createContactType({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { key?: string; label: string; color?: string; position?: number };
}): Promise<ContactTypeDto> {
  requireAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    const key = input.key ?? keyFromLabel(input.label);
    const [existing] = await tx.db
      .select({ key: contactTypes.key })
      .from(contactTypes)
      .where(and(eq(contactTypes.workspaceId, ctx.workspaceId), eq(contactTypes.key, key)));
    if (existing) throw new AppError('key_taken', 409, `A contact type with the key "${key}" exists`, { key });
    const [max] = await tx.db
      .select({ position: sql<number>`coalesce(max(${contactTypes.position}), -1)` })
      .from(contactTypes)
      .where(eq(contactTypes.workspaceId, ctx.workspaceId));
    const [row] = await tx.db
      .insert(contactTypes)
      .values({
        workspaceId: ctx.workspaceId,
        key,
        label: input.label,
        color: input.color ?? 'gray',
        position: input.position ?? (max?.position ?? -1) + 1,
      })
      .returning();
    await record(tx, {
      kind: 'contact_type.created',
      category: 'admin',
      data: { key, label: input.label },
    });
    return toDto(row!);
  });
}

export async function updateContactType({
  ctx,
  key,
  input,
}: {
  ctx: Ctx;
  key: string;
  input: { label?: string; color?: string; position?: number };
}): Promise<ContactTypeDto> {
  requireAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await findType(tx, key, true);
    const changes = diffFields(before, input, ['label', 'color', 'position']);
    if (changes.length === 0) return toDto(before);
    const [after] = await tx.db
      .update(contactTypes)
      .set(input)
      .where(and(eq(contactTypes.workspaceId, ctx.workspaceId), eq(contactTypes.key, key)))
      .returning();
    await record(tx, { kind: 'contact_type.updated', category: 'admin', data: { key, changes } });
    return toDto(after!);
  });
}

export async function deleteContactType({
  ctx,
  key,
  reassignTo,
}: {
  ctx: Ctx;
  key: string;
  reassignTo?: string;
}): Promise<{ reassigned: number }> {
  requireAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    const type = await findType(tx, key, true);
    const [{ n: total } = { n: 0 }] = await tx.db
      .select({ n: count() })
      .from(contactTypes)
      .where(eq(contactTypes.workspaceId, ctx.workspaceId));
    if (total <= 1) throw new AppError('last_contact_type', 409, 'The workspace needs at least one contact type');
    const [{ n: used } = { n: 0 }] = await tx.db
      .select({ n: count() })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.contactType, key)));
    let reassigned = 0;
    if (used > 0) {
      if (!reassignTo) {
        throw new AppError(
          'contact_type_in_use',
          409,
          `${used} contact(s) are of the type "${type.label}"; pass reassignTo=<another type> to move them first`,
          { count: used },
        );
      }
      if (reassignTo === key) throw invalid('reassignTo must be another contact type');
      const target = await findType(tx, reassignTo).catch(() => {
        throw new AppError('invalid_reference', 422, `No contact type with the key "${reassignTo}"`, {
          field: 'reassignTo',
        });
      });
      const moved = await tx.db
        .update(contacts)
        .set({ contactType: target.key, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.contactType, key)))
        .returning({ id: contacts.id, displayName: contacts.displayName });
      await recordMany(
        tx,
        moved.map((c) => ({
          contactId: c.id,
          kind: 'contact.field_changed',
          category: 'admin' as const,
          data: { displayName: c.displayName, changes: [{ field: 'contactType', old: key, new: target.key }] },
        })),
      );
      reassigned = moved.length;
    }
    await tx.db
      .delete(contactTypes)
      .where(and(eq(contactTypes.workspaceId, ctx.workspaceId), eq(contactTypes.key, key)));
    await record(tx, {
      kind: 'contact_type.deleted',
      category: 'admin',
      data: { key, label: type.label, reassignedTo: reassignTo ?? null, reassigned },
    });
    return { reassigned };
  });
}
