// Pipelines and their ordered stages, managed by admins. Every change to a stage bumps the pipeline's
// version, so one If-Match guards the pipeline as the admin sees it (name, stages and their order).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { opportunities, pipelineStages, pipelines } from '../../db/schema/revenue.ts';
import { inTransaction, requireAdmin, type Ctx, type TxCtx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { toIso } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { record, recordMany } from '../../platform/journal/journal.ts';
import { assertVersion } from '../notes/if-match.ts';
import type {
  CreatePipelineInput,
  CreateStageInput,
  PipelineDto,
  StageInputDto,
  UpdatePipelineInput,
  UpdateStageInput,
} from './pipelines.schemas.ts';

export type PipelineRow = typeof pipelines.$inferSelect;
export type StageRow = typeof pipelineStages.$inferSelect;

/** The stages a new workspace's "Sales" pipeline starts with (and a new pipeline without stages). */
export const defaultStages: StageInputDto[] = [
  { name: 'Lead in', probability: 10, rottingDays: 14 },
  { name: 'Qualified', probability: 25, rottingDays: 14 },
  { name: 'Meeting held', probability: 40, rottingDays: 21 },
  { name: 'Proposal sent', probability: 60, rottingDays: 21 },
  { name: 'Negotiation', probability: 80, rottingDays: 30 },
];

export async function insertPipeline(ctx: Ctx, name: string, stages: StageInputDto[], position = 0) {
  const id = newId();
  await ctx.db.insert(pipelines).values({ workspaceId: ctx.workspaceId, id, name, position });
  await ctx.db.insert(pipelineStages).values(
    stages.map((s, i) => ({
      workspaceId: ctx.workspaceId,
      id: newId(),
      pipelineId: id,
      name: s.name,
      probability: s.probability,
      rottingDays: s.rottingDays,
      position: i,
    })),
  );
  return id;
}

/** A new workspace starts with one "Sales" pipeline (registered as a workspace initializer). */
export async function insertDefaultPipeline(ctx: Ctx): Promise<void> {
  await insertPipeline(ctx, 'Sales', defaultStages);
}

async function findPipeline(ctx: Ctx, pipelineId: string, lock = false): Promise<PipelineRow> {
  const query = ctx.db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.workspaceId, ctx.workspaceId), eq(pipelines.id, pipelineId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Pipeline');
  return row;
}

export async function stagesOf(ctx: Ctx, pipelineIds: string[]): Promise<StageRow[]> {
  if (!pipelineIds.length) return [];
  return ctx.db
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.workspaceId, ctx.workspaceId), inArray(pipelineStages.pipelineId, pipelineIds)))
    .orderBy(asc(pipelineStages.position), asc(pipelineStages.createdAt));
}

async function toDtos(ctx: Ctx, rows: PipelineRow[]): Promise<PipelineDto[]> {
  const ids = rows.map((r) => r.id);
  const [stages, counts] = await Promise.all([
    stagesOf(ctx, ids),
    ids.length
      ? ctx.db
          .select({
            pipelineId: opportunities.pipelineId,
            stageId: opportunities.stageId,
            all: sql<number>`count(*)::int`,
            open: sql<number>`(count(*) filter (where ${opportunities.status} = 'open'))::int`,
          })
          .from(opportunities)
          .where(and(eq(opportunities.workspaceId, ctx.workspaceId), inArray(opportunities.pipelineId, ids)))
          .groupBy(opportunities.pipelineId, opportunities.stageId)
      : [],
  ]);
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    position: p.position,
    version: p.version,
    stages: stages
      .filter((s) => s.pipelineId === p.id)
      .map((s) => ({
        id: s.id,
        name: s.name,
        position: s.position,
        probability: s.probability,
        rottingDays: s.rottingDays,
        openCount: counts.find((c) => c.stageId === s.id)?.open ?? 0,
      })),
    opportunityCount: counts.filter((c) => c.pipelineId === p.id).reduce((n, c) => n + c.all, 0),
    createdAt: toIso(p.createdAt),
    updatedAt: toIso(p.updatedAt),
  }));
}

export async function listPipelines({ ctx }: { ctx: Ctx }): Promise<PipelineDto[]> {
  const rows = await ctx.db
    .select()
    .from(pipelines)
    .where(eq(pipelines.workspaceId, ctx.workspaceId))
    .orderBy(asc(pipelines.position), asc(pipelines.createdAt));
  return toDtos(ctx, rows);
}

export async function getPipeline({ ctx, pipelineId }: { ctx: Ctx; pipelineId: string }): Promise<PipelineDto> {
  return (await toDtos(ctx, [await findPipeline(ctx, pipelineId)]))[0]!;
}

const nameTaken = (name: string) =>
  new AppError('name_taken', 409, `A pipeline named “${name}” exists already`, { field: 'name' });

async function assertNameFree(ctx: Ctx, name: string, exceptId?: string): Promise<void> {
  const [row] = await ctx.db
    .select({ id: pipelines.id })
    .from(pipelines)
    .where(and(eq(pipelines.workspaceId, ctx.workspaceId), sql`lower(${pipelines.name}) = lower(${name})`));
  if (row && row.id !== exceptId) throw nameTaken(name);
}

export async function createPipeline({ ctx, input }: { ctx: Ctx; input: CreatePipelineInput }): Promise<PipelineDto> {
  requireAdmin(ctx);
  const id = await inTransaction(ctx, async (tx) => {
    await assertNameFree(tx, input.name);
    const [max] = await tx.db
      .select({ position: sql<number>`coalesce(max(${pipelines.position}), -1)::int` })
      .from(pipelines)
      .where(eq(pipelines.workspaceId, ctx.workspaceId));
    const stages = input.stages ?? defaultStages;
    const pipelineId = await insertPipeline(tx, input.name, stages, (max?.position ?? -1) + 1);
    await record(tx, {
      kind: 'pipeline.created',
      category: 'admin',
      subject: { type: 'pipeline', id: pipelineId },
      data: { name: input.name, stages: stages.map((s) => s.name) },
    });
    return pipelineId;
  });
  return getPipeline({ ctx, pipelineId: id });
}

/**
 * Runs an admin change on a locked pipeline after the If-Match check, bumps its version and journals
 * what `change` says happened; answers the pipeline as it is afterwards.
 */
async function changePipeline(
  ctx: Ctx,
  pipelineId: string,
  expectedVersion: number | undefined,
  change: (tx: TxCtx, pipeline: PipelineRow) => Promise<Record<string, unknown> | null>,
): Promise<PipelineDto> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const pipeline = await findPipeline(tx, pipelineId, true);
    assertVersion('pipeline', pipeline.version, expectedVersion);
    const data = await change(tx, pipeline);
    if (!data) return;
    await tx.db
      .update(pipelines)
      .set({ version: pipeline.version + 1, updatedAt: new Date() })
      .where(and(eq(pipelines.workspaceId, ctx.workspaceId), eq(pipelines.id, pipelineId)));
    await record(tx, {
      kind: 'pipeline.updated',
      category: 'admin',
      subject: { type: 'pipeline', id: pipelineId },
      data: { name: pipeline.name, ...data },
    });
  });
  return getPipeline({ ctx, pipelineId });
}

export async function updatePipeline({
  ctx,
  pipelineId,
  input,
  expectedVersion,
}: {
  ctx: Ctx;
  pipelineId: string;
  input: UpdatePipelineInput;
  expectedVersion?: number;
}): Promise<PipelineDto> {
  return changePipeline(ctx, pipelineId, expectedVersion, async (tx, pipeline) => {
    const set: Partial<PipelineRow> = {};
    if (input.name !== undefined && input.name !== pipeline.name) {
      await assertNameFree(tx, input.name, pipeline.id);
      set.name = input.name;
    }
    if (input.position !== undefined && input.position !== pipeline.position) set.position = input.position;
    if (!Object.keys(set).length) return null;
    await tx.db
      .update(pipelines)
      .set(set)
      .where(and(eq(pipelines.workspaceId, ctx.workspaceId), eq(pipelines.id, pipelineId)));
    return {
      changes: Object.entries(set).map(([field, value]) => ({ field, old: pipeline[field as 'name'], new: value })),
    };
  });
}

/** Deleting a pipeline that holds opportunities is refused with their count: they must be moved or deleted first. */
export async function deletePipeline({
  ctx,
  pipelineId,
  expectedVersion,
}: {
  ctx: Ctx;
  pipelineId: string;
  expectedVersion?: number;
}): Promise<void> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const pipeline = await findPipeline(tx, pipelineId, true);
    assertVersion('pipeline', pipeline.version, expectedVersion);
    const [used] = await tx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(opportunities)
      .where(and(eq(opportunities.workspaceId, ctx.workspaceId), eq(opportunities.pipelineId, pipelineId)));
    if (used && used.n > 0) {
      throw new AppError(
        'pipeline_in_use',
        409,
        `${pipeline.name} holds ${used.n} ${used.n === 1 ? 'opportunity' : 'opportunities'}; move or delete them first`,
        { count: used.n },
      );
    }
    await tx.db.delete(pipelines).where(and(eq(pipelines.workspaceId, ctx.workspaceId), eq(pipelines.id, pipelineId)));
    await record(tx, {
      kind: 'pipeline.deleted',
      category: 'admin',
      subject: { type: 'pipeline', id: pipelineId },
      data: { name: pipeline.name },
    });
  });
}

async function renumber(tx: TxCtx, pipelineId: string, orderedIds: string[]): Promise<void> {
  for (const [position, id] of orderedIds.entries()) {
    await tx.db
      .update(pipelineStages)
      .set({ position, updatedAt: new Date() })
      .where(
        and(
          eq(pipelineStages.workspaceId, tx.workspaceId),
          eq(pipelineStages.pipelineId, pipelineId),
          eq(pipelineStages.id, id),
        ),
      );
  }
}

export async function createStage({
  ctx,
  pipelineId,
  input,
  expectedVersion,
}: {
  ctx: Ctx;
  pipelineId: string;
  input: CreateStageInput;
  expectedVersion?: number;
}): Promise<PipelineDto> {
  return changePipeline(ctx, pipelineId, expectedVersion, async (tx) => {
    const stages = await stagesOf(tx, [pipelineId]);
    if (stages.length >= 30) throw new AppError('too_many_stages', 409, 'A pipeline has at most 30 stages');
    const id = newId();
    await tx.db.insert(pipelineStages).values({
      workspaceId: ctx.workspaceId,
      id,
      pipelineId,
      name: input.name,
      probability: input.probability,
      rottingDays: input.rottingDays,
      position: stages.length,
    });
    const order = stages.map((s) => s.id);
    order.splice(Math.min(input.position ?? order.length, order.length), 0, id);
    await renumber(tx, pipelineId, order);
    return { stageAdded: { id, name: input.name } };
  });
}

async function findStage(tx: Ctx, pipelineId: string, stageId: string): Promise<StageRow> {
  const [stage] = await tx.db
    .select()
    .from(pipelineStages)
    .where(
      and(
        eq(pipelineStages.workspaceId, tx.workspaceId),
        eq(pipelineStages.pipelineId, pipelineId),
        eq(pipelineStages.id, stageId),
      ),
    );
  if (!stage) throw notFound('Stage');
  return stage;
}

export async function updateStage({
  ctx,
  pipelineId,
  stageId,
  input,
  expectedVersion,
}: {
  ctx: Ctx;
  pipelineId: string;
  stageId: string;
  input: UpdateStageInput;
  expectedVersion?: number;
}): Promise<PipelineDto> {
  return changePipeline(ctx, pipelineId, expectedVersion, async (tx) => {
    const stage = await findStage(tx, pipelineId, stageId);
    const changes = (['name', 'probability', 'rottingDays'] as const)
      .filter((f) => input[f] !== undefined && input[f] !== stage[f])
      .map((field) => ({ field, old: stage[field], new: input[field] }));
    if (!changes.length) return null;
    await tx.db
      .update(pipelineStages)
      .set({ ...Object.fromEntries(changes.map((c) => [c.field, c.new])), updatedAt: new Date() })
      .where(and(eq(pipelineStages.workspaceId, ctx.workspaceId), eq(pipelineStages.id, stageId)));
    return { stage: { id: stage.id, name: stage.name }, changes };
  });
}

export async function reorderStages({
  ctx,
  pipelineId,
  stageIds,
  expectedVersion,
}: {
  ctx: Ctx;
  pipelineId: string;
  stageIds: string[];
  expectedVersion?: number;
}): Promise<PipelineDto> {
  return changePipeline(ctx, pipelineId, expectedVersion, async (tx) => {
    const stages = await stagesOf(tx, [pipelineId]);
    const current = stages.map((s) => s.id);
    if (
      stageIds.length !== current.length ||
      new Set(stageIds).size !== stageIds.length ||
      stageIds.some((id) => !current.includes(id))
    ) {
      throw new AppError('stages_mismatch', 422, 'Send every stage of this pipeline exactly once, in the new order', {
        field: 'stageIds',
      });
    }
    if (stageIds.every((id, i) => current[i] === id)) return null;
    await renumber(tx, pipelineId, stageIds);
    return { reordered: stageIds.map((id) => stages.find((s) => s.id === id)!.name) };
  });
}

/**
 * Deleting a stage moves its opportunities (of every status) to `moveTo`, another stage of the same
 * pipeline, journaling the move on each contact; without `moveTo` a stage in use is refused with its
 * count. The last stage of a pipeline stays.
 */
export async function deleteStage({
  ctx,
  pipelineId,
  stageId,
  moveTo,
  expectedVersion,
}: {
  ctx: Ctx;
  pipelineId: string;
  stageId: string;
  moveTo?: string;
  expectedVersion?: number;
}): Promise<PipelineDto> {
  return changePipeline(ctx, pipelineId, expectedVersion, async (tx) => {
    const stage = await findStage(tx, pipelineId, stageId);
    const stages = await stagesOf(tx, [pipelineId]);
    if (stages.length === 1) {
      throw new AppError('last_stage', 409, 'A pipeline needs at least one stage; delete the pipeline instead');
    }
    const held = await tx.db
      .select({
        id: opportunities.id,
        name: opportunities.name,
        contactId: opportunities.contactId,
        status: opportunities.status,
      })
      .from(opportunities)
      .where(and(eq(opportunities.workspaceId, ctx.workspaceId), eq(opportunities.stageId, stageId)))
      .for('update');
    let movedTo: StageRow | undefined;
    if (held.length) {
      if (!moveTo) {
        throw new AppError(
          'stage_in_use',
          409,
          `${stage.name} holds ${held.length} ${held.length === 1 ? 'opportunity' : 'opportunities'}; choose a stage to move them to`,
          { count: held.length },
        );
      }
      if (moveTo === stageId)
        throw new AppError('invalid_move', 422, 'Move the opportunities to another stage', { field: 'moveTo' });
      movedTo = stages.find((s) => s.id === moveTo);
      if (!movedTo) throw notFound('Stage to move to');
      await tx.db
        .update(opportunities)
        .set({
          stageId: movedTo.id,
          stageEnteredAt: sql`case when ${opportunities.status} = 'open' then now() else ${opportunities.stageEnteredAt} end`,
          version: sql`${opportunities.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(opportunities.workspaceId, ctx.workspaceId), eq(opportunities.stageId, stageId)));
      await recordMany(
        tx,
        held.map((o) => ({
          contactId: o.contactId,
          kind: 'opportunity.stage_changed',
          category: 'focus' as const,
          subject: { type: 'opportunity', id: o.id },
          data: {
            opportunity: { id: o.id, name: o.name },
            from: { id: stage.id, name: stage.name },
            to: { id: movedTo!.id, name: movedTo!.name },
            reason: 'stage_deleted',
          },
        })),
      );
    }
    await tx.db
      .delete(pipelineStages)
      .where(and(eq(pipelineStages.workspaceId, ctx.workspaceId), eq(pipelineStages.id, stageId)));
    await renumber(
      tx,
      pipelineId,
      stages.filter((s) => s.id !== stageId).map((s) => s.id),
    );
    return { stageDeleted: { id: stage.id, name: stage.name }, moved: held.length, movedTo: movedTo?.name ?? null };
  });
}
