// The board of a pipeline (every column's first cards, count and value in one round of queries), a
// column's further pages, and the forecast per stage and per owner.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { users } from '../../db/schema/platform.ts';
import { opportunities, pipelineStages } from '../../db/schema/revenue.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { encodeCursor } from '../../platform/http/schemas.ts';
import { inParallel } from '../contacts/parallel.ts';
import type { BoardDto, ForecastDto, OpportunityCardDto } from './opportunities.schemas.ts';
import {
  cardColumns,
  decodeKeyset,
  joinContact,
  joinContactIfScoped,
  joinOwner,
  joinStage,
  opportunityVisibility,
  toCard,
  workspaceCurrency,
  type CardRow,
} from './opportunity-access.ts';
import { stagesOf } from './pipelines.service.ts';

async function requireStages(ctx: Ctx, pipelineId: string) {
  const stages = await stagesOf(ctx, [pipelineId]);
  if (!stages.length) throw notFound('Pipeline');
  return stages;
}

/** A column's page: its first `limit` rows as cards, and the cursor after the last when there are more. */
function columnPage(rows: CardRow[], limit: number): { cards: OpportunityCardDto[]; nextCursor: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    cards: shown.map(toCard),
    nextCursor: rows.length > limit && last ? encodeCursor([last.enteredKey, last.id]) : null,
  };
}

/**
 * Every column's first `limit` open cards (longest in the stage first), with the column's count and
 * value: one lateral query for the cards, one aggregate for the counts, run side by side.
 */
export async function getBoard({
  ctx,
  pipelineId,
  ownerId,
  limit,
}: {
  ctx: Ctx;
  pipelineId: string;
  ownerId?: string;
  limit: number;
}): Promise<BoardDto> {
  const stages = await requireStages(ctx, pipelineId);
  const owner = ownerId ? eq(opportunities.ownerId, ownerId) : undefined;
  // Aliases as CardRow names them; tables unaliased inside, since the visibility rule names them.
  const select = sql.join(
    Object.entries(cardColumns).map(([alias, expr]) => sql`${expr} as ${sql.identifier(alias)}`),
    sql`, `,
  );
  const cardQuery = sql`select ${select} from ${opportunities}
    join ${contacts} on ${joinContact} join ${users} on ${joinOwner} join ${pipelineStages} on ${joinStage}
    where ${and(opportunityVisibility(ctx), eq(opportunities.status, 'open'), owner)} and ${opportunities.stageId} = s.id
    order by ${opportunities.stageEnteredAt}, ${opportunities.id} limit ${limit + 1}`;
  const [cardRows, sums, currency] = await inParallel(ctx, [
    () =>
      ctx.db.execute<CardRow & Record<string, unknown>>(sql`select c.* from pipeline_stages s
        cross join lateral (${cardQuery}) c
        where s.workspace_id = ${ctx.workspaceId} and s.pipeline_id = ${pipelineId}`),
    () =>
      joinContactIfScoped(
        ctx,
        ctx.db
          .select({
            stageId: opportunities.stageId,
            count: sql<number>`count(*)::int`,
            value: sql<number>`coalesce(sum(${opportunities.value}), 0)::float8`,
          })
          .from(opportunities)
          .$dynamic(),
      )
        .where(
          and(
            opportunityVisibility(ctx),
            // One owner's columns by the pipeline's stages, so the owner's board index answers alone.
            owner
              ? inArray(
                  opportunities.stageId,
                  stages.map((s) => s.id),
                )
              : eq(opportunities.pipelineId, pipelineId),
            eq(opportunities.status, 'open'),
            owner,
          ),
        )
        .groupBy(opportunities.stageId),
    () => workspaceCurrency(ctx),
  ] as const);
  return {
    pipelineId,
    currency,
    columns: stages.map((s) => {
      const sum = sums.find((x) => x.stageId === s.id);
      return {
        stageId: s.id,
        count: sum?.count ?? 0,
        value: sum?.value ?? 0,
        ...columnPage(
          (cardRows.rows as unknown as CardRow[]).filter((r) => r.stageId === s.id),
          limit,
        ),
      };
    }),
  };
}

/** A column's next page, after the cursor its previous page gave. */
export async function getColumnPage({
  ctx,
  pipelineId,
  stageId,
  ownerId,
  cursor,
  limit,
}: {
  ctx: Ctx;
  pipelineId: string;
  stageId: string;
  ownerId?: string;
  cursor?: string;
  limit: number;
}): Promise<{ cards: OpportunityCardDto[]; nextCursor: string | null }> {
  const stages = await requireStages(ctx, pipelineId);
  if (!stages.some((s) => s.id === stageId)) throw notFound('Stage');
  const after = decodeKeyset(cursor);
  const page: SQL | undefined = after
    ? sql`(${opportunities.stageEnteredAt}, ${opportunities.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)`
    : undefined;
  const rows = (await ctx.db
    .select(cardColumns)
    .from(opportunities)
    .innerJoin(contacts, joinContact)
    .innerJoin(users, joinOwner)
    .innerJoin(pipelineStages, joinStage)
    .where(
      and(
        opportunityVisibility(ctx),
        eq(opportunities.stageId, stageId),
        eq(opportunities.status, 'open'),
        ownerId ? eq(opportunities.ownerId, ownerId) : undefined,
        page,
      ),
    )
    .orderBy(asc(opportunities.stageEnteredAt), asc(opportunities.id))
    .limit(limit + 1)) as CardRow[];
  return columnPage(rows, limit);
}

/**
 * Open value and value × probability per stage and per owner. One aggregate by (stage, owner), read
 * from the open-totals index alone; the stage's probability applies afterwards to the value of the
 * deals without a likelihood of their own, and the stage, owner and total figures are added up here.
 */
export async function getForecast({ ctx, pipelineId }: { ctx: Ctx; pipelineId: string }): Promise<ForecastDto> {
  const stages = await requireStages(ctx, pipelineId);
  const [rows, currency] = await inParallel(ctx, [
    () => {
      const groups = joinContactIfScoped(
        ctx,
        ctx.db
          .select({
            stageId: opportunities.stageId,
            ownerId: opportunities.ownerId,
            count: sql<number>`count(*)::int`.as('count'),
            value: sql<number>`coalesce(sum(${opportunities.value}), 0)::float8`.as('value'),
            /** Σ value × likelihood over the deals with a likelihood of their own. */
            ownLikelihood:
              sql<number>`coalesce(sum(${opportunities.value} * ${opportunities.likelihood}), 0)::float8`.as(
                'own_likelihood',
              ),
            /** Σ value over the deals that take the stage's probability. */
            stageLikelihood:
              sql<number>`coalesce(sum(${opportunities.value}) filter (where ${opportunities.likelihood} is null), 0)::float8`.as(
                'stage_likelihood',
              ),
          })
          .from(opportunities)
          .$dynamic(),
      )
        .where(
          and(opportunityVisibility(ctx), eq(opportunities.pipelineId, pipelineId), eq(opportunities.status, 'open')),
        )
        .groupBy(opportunities.stageId, opportunities.ownerId)
        .as('groups');
      return ctx.db
        .select({
          stageId: groups.stageId,
          ownerId: groups.ownerId,
          ownerName: users.name,
          count: groups.count,
          value: groups.value,
          ownLikelihood: groups.ownLikelihood,
          stageLikelihood: groups.stageLikelihood,
        })
        .from(groups)
        .leftJoin(users, and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, groups.ownerId)));
    },
    () => workspaceCurrency(ctx),
  ] as const);
  const probability = new Map(stages.map((s) => [s.id, s.probability]));
  type Sum = { count: number; value: number; weighted: number };
  const add = (to: Sum | undefined, r: (typeof rows)[number]): Sum => ({
    count: (to?.count ?? 0) + r.count,
    value: (to?.value ?? 0) + r.value,
    weighted: (to?.weighted ?? 0) + (r.ownLikelihood + (probability.get(r.stageId) ?? 0) * r.stageLikelihood) / 100,
  });
  const byStage = new Map<string, Sum>();
  const byOwner = new Map<string, Sum & { name: string }>();
  let total: Sum = { count: 0, value: 0, weighted: 0 };
  for (const r of rows) {
    byStage.set(r.stageId, add(byStage.get(r.stageId), r));
    byOwner.set(r.ownerId, { ...add(byOwner.get(r.ownerId), r), name: r.ownerName ?? '' });
    total = add(total, r);
  }
  const pick = (r: Sum) => ({ count: r.count, value: r.value, weighted: Math.round(r.weighted * 100) / 100 });
  const zero = { count: 0, value: 0, weighted: 0 };
  return {
    pipelineId,
    currency,
    total: pick(total),
    byStage: stages.map((s) => {
      const r = byStage.get(s.id);
      return { stageId: s.id, name: s.name, probability: s.probability, ...(r ? pick(r) : zero) };
    }),
    byOwner: [...byOwner]
      .map(([id, r]) => ({ owner: { id, name: r.name }, ...pick(r) }))
      .sort((a, b) => b.weighted - a.weighted || a.owner.name.localeCompare(b.owner.name)),
  };
}
