// The admin-managed labels of contact-to-contact relations, each with its inverse ("assistant of"
// ↔ "has assistant"; equal for a symmetric one like spouse). A type in use cannot be deleted: the
// refusal says how many relations still use it (delete or retype those first).
import { and, asc, eq, sql } from 'drizzle-orm';
import { contactRelations, relationTypes } from '../../db/schema/relationships.ts';
import { inTransaction, requireAdmin, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { diffFields, record } from '../../platform/journal/journal.ts';
import { assertVersion } from '../notes/if-match.ts';
import type { RelationTypeDto } from './relationships.schemas.ts';

type TypeRow = typeof relationTypes.$inferSelect;

export const defaultRelationTypes = [
  { label: 'Spouse of', inverseLabel: 'Spouse of' },
  { label: 'Assistant of', inverseLabel: 'Has assistant' },
  { label: 'Parent of', inverseLabel: 'Child of' },
  { label: 'Member of', inverseLabel: 'Has member' },
  { label: 'Referred by', inverseLabel: 'Referred' },
] as const;

export async function insertDefaultRelationTypes(ctx: Ctx): Promise<void> {
  await ctx.db
    .insert(relationTypes)
    .values(defaultRelationTypes.map((t, position) => ({ workspaceId: ctx.workspaceId, id: newId(), ...t, position })));
}

// Qualified by hand: inside a select list drizzle names the outer columns without their table.
const usage = sql<number>`(select count(*)::int from ${contactRelations} r
  where r.workspace_id = relation_types.workspace_id and r.type_id = relation_types.id)`;

const toDto = (t: TypeRow & { usageCount: number }): RelationTypeDto => ({
  id: t.id,
  label: t.label,
  inverseLabel: t.inverseLabel,
  symmetric: t.label === t.inverseLabel,
  position: t.position,
  usageCount: t.usageCount,
  version: t.version,
});

export async function listRelationTypes(ctx: Ctx): Promise<RelationTypeDto[]> {
  const rows = await ctx.db
    .select({ type: relationTypes, usageCount: usage })
    .from(relationTypes)
    .where(eq(relationTypes.workspaceId, ctx.workspaceId))
    .orderBy(asc(relationTypes.position), asc(relationTypes.label));
  return rows.map((r) => toDto({ ...r.type, usageCount: r.usageCount }));
}

async function typeDto(ctx: Ctx, id: string): Promise<RelationTypeDto> {
  const [row] = await ctx.db
    .select({ type: relationTypes, usageCount: usage })
    .from(relationTypes)
    .where(and(eq(relationTypes.workspaceId, ctx.workspaceId), eq(relationTypes.id, id)));
  if (!row) throw notFound('Relation type');
  return toDto({ ...row.type, usageCount: row.usageCount });
}

/** A type of this workspace, or 404 (another workspace's id looks exactly like a missing one). */
export async function requireRelationType(ctx: Ctx, id: string, opts: { lock?: boolean } = {}): Promise<TypeRow> {
  const query = ctx.db
    .select()
    .from(relationTypes)
    .where(and(eq(relationTypes.workspaceId, ctx.workspaceId), eq(relationTypes.id, id)));
  const [row] = opts.lock ? await query.for('update') : await query;
  if (!row) throw notFound('Relation type');
  return row;
}

async function assertLabelFree(ctx: Ctx, label: string, exceptId?: string): Promise<void> {
  const [taken] = await ctx.db
    .select({ id: relationTypes.id })
    .from(relationTypes)
    .where(
      and(
        eq(relationTypes.workspaceId, ctx.workspaceId),
        sql`lower(${relationTypes.label}) = lower(${label})`,
        exceptId ? sql`${relationTypes.id} <> ${exceptId}::uuid` : undefined,
      ),
    );
  if (taken) throw new AppError('label_taken', 409, `A relation type labelled "${label}" already exists`);
}

export async function createRelationType({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { label: string; inverseLabel?: string };
}): Promise<RelationTypeDto> {
  requireAdmin(ctx);
  const id = await inTransaction(ctx, async (tx) => {
    // One creator at a time per workspace, so the label check holds (the unique index is the backstop).
    await tx.db.execute(sql`select pg_advisory_xact_lock(hashtext('relation_types:' || ${tx.workspaceId}))`);
    await assertLabelFree(tx, input.label);
    const [{ next } = { next: 0 }] = await tx.db
      .select({ next: sql<number>`coalesce(max(${relationTypes.position}) + 1, 0)::int` })
      .from(relationTypes)
      .where(eq(relationTypes.workspaceId, tx.workspaceId));
    const [row] = await tx.db
      .insert(relationTypes)
      .values({
        workspaceId: tx.workspaceId,
        id: newId(),
        label: input.label,
        inverseLabel: input.inverseLabel ?? input.label,
        position: next,
      })
      .returning();
    await record(tx, {
      kind: 'relation_type.created',
      category: 'admin',
      subject: { type: 'relation_type', id: row!.id },
      data: { label: row!.label, inverseLabel: row!.inverseLabel },
    });
    return row!.id;
  });
  return typeDto(ctx, id);
}

export async function updateRelationType({
  ctx,
  typeId,
  input,
  expectedVersion,
}: {
  ctx: Ctx;
  typeId: string;
  input: { label?: string; inverseLabel?: string; position?: number };
  expectedVersion?: number;
}): Promise<RelationTypeDto> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const before = await requireRelationType(tx, typeId, { lock: true });
    assertVersion('relation type', before.version, expectedVersion);
    if (input.label !== undefined && input.label.toLowerCase() !== before.label.toLowerCase())
      await assertLabelFree(tx, input.label, typeId);
    const changes = diffFields(before, input, ['label', 'inverseLabel', 'position']);
    if (changes.length === 0) return;
    await tx.db
      .update(relationTypes)
      .set({ ...input, version: sql`${relationTypes.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(relationTypes.workspaceId, tx.workspaceId), eq(relationTypes.id, typeId)));
    await record(tx, {
      kind: 'relation_type.updated',
      category: 'admin',
      subject: { type: 'relation_type', id: typeId },
      data: { label: input.label ?? before.label, changes },
    });
  });
  return typeDto(ctx, typeId);
}

export async function deleteRelationType({ ctx, typeId }: { ctx: Ctx; typeId: string }): Promise<void> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const type = await requireRelationType(tx, typeId, { lock: true });
    const [{ n } = { n: 0 }] = await tx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(contactRelations)
      .where(and(eq(contactRelations.workspaceId, tx.workspaceId), eq(contactRelations.typeId, typeId)));
    if (n > 0) {
      throw new AppError(
        'relation_type_in_use',
        409,
        `"${type.label}" is used by ${n} relation${n === 1 ? '' : 's'}; remove them before deleting the type`,
        { usageCount: n },
      );
    }
    await tx.db
      .delete(relationTypes)
      .where(and(eq(relationTypes.workspaceId, tx.workspaceId), eq(relationTypes.id, typeId)));
    await record(tx, {
      kind: 'relation_type.deleted',
      category: 'admin',
      subject: { type: 'relation_type', id: typeId },
      data: { label: type.label, inverseLabel: type.inverseLabel },
    });
  });
}
