// Opportunities: creating, changing (stage and status moves journaled on the contact with old → new),
// deleting and listing them. Every write locks the row and checks If-Match; a stale one is a 409
// carrying the current record, so a board can put the card back where it really is.
import { and, asc, desc, eq, exists, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { teamMembers, users } from '../../db/schema/platform.ts';
import { contactLinks } from '../../db/schema/relationships.ts';
import { opportunities, opportunityContacts, pipelineStages, pipelines } from '../../db/schema/revenue.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { encodeCursor } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { recordMany, type NewEntry } from '../../platform/journal/journal.ts';
import { requireContact, type ContactRow } from '../contacts/contact-access.ts';
import { requireActiveUser, requireTeam } from '../contacts/contact-write.ts';
import { likePattern } from '../contacts/contact-filters.ts';
import { loadFieldDefs, validateCustomValues } from '../custom-fields/custom-field-values.ts';
import type {
  ContactOpportunityDto,
  CreateOpportunityInput,
  OpportunityDto,
  OpportunityListQueryInput,
  UpdateOpportunityInput,
} from './opportunities.schemas.ts';
import {
  cardColumns,
  decodeKeyset,
  joinContact,
  joinOwner,
  joinStage,
  opportunityVisibility,
  requireOpportunity,
  toOpportunityDto,
  toOpportunityDtos,
  workspaceCurrency,
  type CardRow,
  type OpportunityRow,
} from './opportunity-access.ts';
import { assertVersion } from '../notes/if-match.ts';
import type { StageRow } from './pipelines.service.ts';

/** A stale If-Match: 409 carrying the opportunity as it is now, so a board puts the card back where it is. */
async function assertOpportunityVersion(tx: Ctx, before: OpportunityRow, expected: number | undefined) {
  if (expected === undefined || expected === before.version) return;
  const [current] = await toOpportunityDtos(tx, [before.id]);
  assertVersion('opportunity', before.version, expected, () => ({ current }));
}

const ref = (o: { id: string; name: string }) => ({ id: o.id, name: o.name });

async function stageById(ctx: Ctx, stageId: string): Promise<StageRow> {
  const [stage] = await ctx.db
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.workspaceId, ctx.workspaceId), eq(pipelineStages.id, stageId)));
  if (!stage) throw notFound('Stage');
  return stage;
}

async function pipelineById(ctx: Ctx, pipelineId: string) {
  const [pipeline] = await ctx.db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.workspaceId, ctx.workspaceId), eq(pipelines.id, pipelineId)));
  if (!pipeline) throw notFound('Pipeline');
  return pipeline;
}

async function firstPipeline(ctx: Ctx) {
  const [pipeline] = await ctx.db
    .select()
    .from(pipelines)
    .where(eq(pipelines.workspaceId, ctx.workspaceId))
    .orderBy(asc(pipelines.position), asc(pipelines.createdAt))
    .limit(1);
  if (!pipeline) throw new AppError('no_pipeline', 409, 'The workspace has no pipeline; an admin creates one first');
  return pipeline;
}

async function firstStage(ctx: Ctx, pipelineId: string): Promise<StageRow> {
  const [stage] = await ctx.db
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.workspaceId, ctx.workspaceId), eq(pipelineStages.pipelineId, pipelineId)))
    .orderBy(asc(pipelineStages.position))
    .limit(1);
  if (!stage) throw new AppError('no_stage', 409, 'The pipeline has no stage');
  return stage;
}

/** The pipeline and stage an opportunity lands in: the stage must belong to the pipeline. */
async function placement(ctx: Ctx, pipelineId: string | undefined, stageId: string | undefined) {
  if (stageId) {
    const stage = await stageById(ctx, stageId);
    const pipeline = await pipelineById(ctx, pipelineId ?? stage.pipelineId);
    if (stage.pipelineId !== pipeline.id) {
      throw new AppError('stage_not_in_pipeline', 422, `The stage ${stage.name} belongs to another pipeline`, {
        field: 'stageId',
      });
    }
    return { pipeline, stage };
  }
  const pipeline = pipelineId ? await pipelineById(ctx, pipelineId) : await firstPipeline(ctx);
  return { pipeline, stage: await firstStage(ctx, pipeline.id) };
}

/** The owner's first team, else the contact's team. */
async function defaultTeam(ctx: Ctx, ownerId: string, contact: ContactRow): Promise<string | null> {
  const [member] = await ctx.db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.workspaceId, ctx.workspaceId), eq(teamMembers.userId, ownerId)))
    .orderBy(asc(teamMembers.createdAt))
    .limit(1);
  return member?.teamId ?? contact.teamId;
}

const lostReasonRequired = () =>
  new AppError('lost_reason_required', 422, 'Say why the opportunity was lost', { field: 'lostReason' });

/** Further contacts: each must be one the caller may see (else 404), and not the main contact. */
async function checkOtherContacts(
  tx: Ctx,
  mainContactId: string,
  others: { contactId: string; role?: string | null }[],
): Promise<{ contactId: string; role: string | null; displayName: string }[]> {
  const seen = new Set<string>();
  const out = [];
  for (const o of others) {
    if (o.contactId === mainContactId || seen.has(o.contactId)) continue;
    seen.add(o.contactId);
    const c = await requireContact(tx, o.contactId);
    out.push({ contactId: c.id, role: o.role?.trim() || null, displayName: c.displayName });
  }
  return out;
}

async function replaceOtherContacts(
  tx: TxCtx,
  opportunityId: string,
  others: { contactId: string; role: string | null }[],
) {
  await tx.db
    .delete(opportunityContacts)
    .where(
      and(eq(opportunityContacts.workspaceId, tx.workspaceId), eq(opportunityContacts.opportunityId, opportunityId)),
    );
  if (others.length) {
    await tx.db
      .insert(opportunityContacts)
      .values(
        others.map((o) => ({ workspaceId: tx.workspaceId, opportunityId, contactId: o.contactId, role: o.role })),
      );
  }
}

async function customValues(
  tx: Ctx,
  input: Record<string, unknown> | undefined,
  mode: 'create' | 'update',
  before: Record<string, unknown> = {},
) {
  const defs = await loadFieldDefs(tx, 'opportunity');
  if (!input && mode === 'update') return null;
  const result = await validateCustomValues(tx, {
    defs,
    input: input ?? {},
    mode,
    extraFieldIds: defs.map((d) => d.id),
  });
  const custom = { ...before, ...result.set };
  for (const key of result.clear) delete custom[key];
  return custom;
}

export async function getOpportunity({ ctx, opportunityId }: { ctx: Ctx; opportunityId: string }) {
  await requireOpportunity(ctx, opportunityId);
  return (await toOpportunityDtos(ctx, [opportunityId]))[0]!;
}

export async function createOpportunity({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateOpportunityInput;
}): Promise<OpportunityDto> {
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    const contact = await requireContact(tx, input.contactId, { writable: true });
    const { pipeline, stage } = await placement(tx, input.pipelineId, input.stageId);
    if (input.status === 'lost' && !input.lostReason) throw lostReasonRequired();
    const owner = await requireActiveUser(tx, input.ownerId ?? contact.ownerId, 'ownerId');
    const teamId =
      input.teamId === undefined
        ? await defaultTeam(tx, owner.id, contact)
        : input.teamId && (await requireTeam(tx, input.teamId)).id;
    const custom = (await customValues(tx, input.custom, 'create'))!;
    const others = await checkOtherContacts(tx, contact.id, input.contacts ?? []);
    const closed = input.status !== 'open';
    await tx.db.insert(opportunities).values({
      workspaceId: ctx.workspaceId,
      id,
      name: input.name,
      contactId: contact.id,
      pipelineId: pipeline.id,
      stageId: stage.id,
      status: input.status,
      lostReason: input.status === 'lost' ? input.lostReason! : null,
      value: String(input.value),
      currency: input.currency ?? (await workspaceCurrency(tx)),
      ownerId: owner.id,
      teamId,
      expectedCloseDate: input.expectedCloseDate ?? null,
      likelihood: input.likelihood ?? null,
      source: input.source ?? null,
      notes: input.notes ?? null,
      custom,
      closedAt: closed ? new Date() : null,
      createdBy: ctx.principal.userId,
    });
    await replaceOtherContacts(tx, id, others);
    await recordMany(tx, [
      {
        contactId: contact.id,
        kind: 'opportunity.created',
        category: 'focus',
        subject: { type: 'opportunity', id },
        data: {
          opportunity: { id, name: input.name },
          pipeline: ref(pipeline),
          stage: ref(stage),
          status: input.status,
          value: input.value,
          currency: input.currency ?? null,
        },
      },
    ]);
  });
  return (await toOpportunityDtos(ctx, [id]))[0]!;
}

/** Only a stage, perhaps with the pipeline it is in: a card dragged on the board. */
const isPlainMove = (input: UpdateOpportunityInput): input is UpdateOpportunityInput & { stageId: string } =>
  input.stageId !== undefined &&
  Object.entries(input).every(([key, value]) => value === undefined || key === 'stageId' || key === 'pipelineId');

type MovedRow = CardRow & {
  lostReason: string | null;
  teamId: string | null;
  likelihood: number | null;
  source: string | null;
  notes: string | null;
  custom: Record<string, unknown>;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  stageName: string;
  stageProbability: number;
  pipelineName: string;
  teamName: string | null;
  fromStageId: string;
  fromStageName: string;
  others: OpportunityDto['contacts'] | null;
};

/**
 * A card moved to another stage of its pipeline, in one statement: the UPDATE checks the version, the
 * caller's visibility, that the contact is not archived and that the stage is in the card's pipeline, and
 * returns all the answer and the journal entry need (no re-read). Null when any check fails or it is no
 * move: the general path then answers or refuses precisely.
 */
async function quickMove(
  tx: TxCtx,
  opportunityId: string,
  input: { stageId: string; pipelineId?: string },
  expectedVersion: number | undefined,
): Promise<OpportunityDto | null> {
  const card = sql.join(
    Object.entries(cardColumns).map(([alias, expr]) => sql`${expr} as ${sql.identifier(alias)}`),
    sql`, `,
  );
  const { rows } = await tx.db.execute<MovedRow & Record<string, unknown>>(sql`
    update ${opportunities} set stage_id = ${input.stageId}, stage_entered_at = now(), updated_at = now(),
      version = ${opportunities.version} + 1
    from ${contacts}, ${users}, ${pipelineStages}, ${pipelines}, pipeline_stages from_stage
    where ${and(
      opportunityVisibility(tx),
      eq(opportunities.id, opportunityId),
      joinContact,
      joinOwner,
      sql`${contacts.archivedAt} is null`,
      eq(pipelineStages.workspaceId, tx.workspaceId),
      eq(pipelineStages.id, input.stageId),
      eq(pipelineStages.pipelineId, opportunities.pipelineId),
      sql`${opportunities.stageId} <> ${input.stageId}`,
      input.pipelineId ? eq(opportunities.pipelineId, input.pipelineId) : undefined,
      expectedVersion === undefined ? undefined : eq(opportunities.version, expectedVersion),
      eq(pipelines.workspaceId, opportunities.workspaceId),
      eq(pipelines.id, opportunities.pipelineId),
    )} and from_stage.workspace_id = ${opportunities.workspaceId} and from_stage.id = ${opportunities.stageId}
    returning ${card}, ${opportunities.lostReason} as "lostReason", ${opportunities.teamId} as "teamId",
      ${opportunities.likelihood} as "likelihood", ${opportunities.source} as "source",
      ${opportunities.notes} as "notes", ${opportunities.custom} as "custom",
      ${opportunities.closedAt}::text as "closedAt", ${opportunities.createdAt}::text as "createdAt",
      ${opportunities.updatedAt}::text as "updatedAt", ${pipelineStages.name} as "stageName",
      ${pipelineStages.probability} as "stageProbability", ${pipelines.name} as "pipelineName",
      (select t.name from teams t where t.workspace_id = ${opportunities.workspaceId}
        and t.id = ${opportunities.teamId}) as "teamName",
      from_stage.id as "fromStageId", from_stage.name as "fromStageName",
      (select json_agg(json_build_object('contact', json_build_object('id', c.id, 'displayName', c.display_name,
          'kind', c.kind), 'role', oc.role) order by oc.created_at, c.display_name)
        from opportunity_contacts oc join contacts c on c.workspace_id = oc.workspace_id and c.id = oc.contact_id
        where oc.workspace_id = ${opportunities.workspaceId} and oc.opportunity_id = ${opportunities.id}) as "others"`);
  const r = rows[0];
  if (!r) return null;
  const opportunity = { id: r.id, name: r.name };
  await recordMany(tx, [
    {
      contactId: r.contactId,
      kind: 'opportunity.stage_changed',
      category: 'focus',
      subject: { type: 'opportunity', id: r.id },
      data: {
        opportunity,
        from: { id: r.fromStageId, name: r.fromStageName },
        to: { id: r.stageId, name: r.stageName },
      },
    },
  ]);
  return toOpportunityDto(
    {
      card: r,
      row: { ...r, closedAt: r.closedAt, pipelineId: r.pipelineId, stageId: r.stageId },
      stageName: r.stageName,
      stageProbability: r.stageProbability,
      pipelineName: r.pipelineName,
      teamName: r.teamName,
    },
    r.others ?? [],
  );
}

/** Fields diffed into an opportunity.updated entry (stage and status have entries of their own). */
const plainFields = ['name', 'value', 'currency', 'expectedCloseDate', 'likelihood', 'source', 'notes'] as const;

export async function updateOpportunity({
  ctx,
  opportunityId,
  input,
  expectedVersion,
}: {
  ctx: Ctx;
  opportunityId: string;
  input: UpdateOpportunityInput;
  expectedVersion?: number;
}): Promise<OpportunityDto> {
  let moved: OpportunityDto | null = null;
  await inTransaction(ctx, async (tx) => {
    if (isPlainMove(input)) {
      moved = await quickMove(tx, opportunityId, input, expectedVersion);
      if (moved) return;
    }
    const before = await requireOpportunity(tx, opportunityId, { lock: true });
    await assertOpportunityVersion(tx, before, expectedVersion);
    const contact = await requireContact(tx, before.contactId, { writable: true });
    const set: Partial<OpportunityRow> = {};
    const entries: NewEntry[] = [];
    const subject = { type: 'opportunity', id: before.id };
    const opportunity = { id: before.id, name: input.name ?? before.name };

    const changes: { field: string; old: unknown; new: unknown }[] = [];
    for (const field of plainFields) {
      const next = field === 'value' && input.value !== undefined ? String(input.value) : input[field];
      if (next === undefined) continue;
      const old = field === 'value' ? Number(before.value) : before[field];
      const now = field === 'value' ? Number(next) : next;
      if (old === now || (field === 'value' && Number(before.value) === Number(next))) continue;
      (set as Record<string, unknown>)[field] = next;
      changes.push({ field, old: old ?? null, new: now ?? null });
    }

    if (input.ownerId !== undefined && input.ownerId !== before.ownerId) {
      const owner = await requireActiveUser(tx, input.ownerId, 'ownerId');
      set.ownerId = owner.id;
      const [old] = await tx.db
        .select({ name: users.name })
        .from(users)
        .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, before.ownerId)));
      changes.push({ field: 'owner', old: { id: before.ownerId, name: old?.name ?? '' }, new: owner });
    }
    if (input.teamId !== undefined && input.teamId !== before.teamId) {
      set.teamId = input.teamId ? (await requireTeam(tx, input.teamId)).id : null;
      changes.push({ field: 'teamId', old: before.teamId, new: set.teamId });
    }

    if (input.custom) {
      const custom = await customValues(tx, input.custom, 'update', before.custom);
      for (const key of new Set([...Object.keys(before.custom), ...Object.keys(custom!)])) {
        const old = before.custom[key] ?? null;
        const now = custom![key] ?? null;
        if (JSON.stringify(old) !== JSON.stringify(now)) changes.push({ field: `custom.${key}`, old, new: now });
      }
      set.custom = custom!;
    }

    // Stage (and pipeline) moves.
    if (
      (input.stageId !== undefined && input.stageId !== before.stageId) ||
      (input.pipelineId !== undefined && input.pipelineId !== before.pipelineId)
    ) {
      const { pipeline, stage } = await placement(tx, input.pipelineId ?? before.pipelineId, input.stageId);
      if (stage.id !== before.stageId) {
        const from = await stageById(tx, before.stageId);
        set.pipelineId = pipeline.id;
        set.stageId = stage.id;
        set.stageEnteredAt = new Date();
        const fromPipeline = before.pipelineId === pipeline.id ? null : ref(await pipelineById(tx, before.pipelineId));
        entries.push({
          contactId: before.contactId,
          kind: 'opportunity.stage_changed',
          category: 'focus',
          subject,
          data: {
            opportunity,
            from: ref(from),
            to: ref(stage),
            ...(fromPipeline ? { fromPipeline, toPipeline: ref(pipeline) } : {}),
          },
        });
      }
    }

    // Status changes: closing sets closed_at, reopening clears it; lost needs a reason.
    const status = input.status ?? before.status;
    const lostReason = input.lostReason !== undefined ? input.lostReason || null : before.lostReason;
    if (status === 'lost' && !lostReason) throw lostReasonRequired();
    if (status !== before.status) {
      set.status = status;
      set.closedAt = status === 'open' ? null : new Date();
      set.lostReason = status === 'lost' ? lostReason : null;
      if (status === 'open') set.stageEnteredAt = new Date();
      entries.push({
        contactId: before.contactId,
        kind: 'opportunity.status_changed',
        category: 'focus',
        subject,
        data: { opportunity, from: before.status, to: status, ...(status === 'lost' ? { lostReason } : {}) },
      });
    } else if (status === 'lost' && lostReason !== before.lostReason) {
      set.lostReason = lostReason;
      changes.push({ field: 'lostReason', old: before.lostReason, new: lostReason });
    }

    let othersChanged = false;
    if (input.contacts) {
      const others = await checkOtherContacts(tx, contact.id, input.contacts);
      const current = await tx.db
        .select({ contactId: opportunityContacts.contactId, role: opportunityContacts.role })
        .from(opportunityContacts)
        .where(
          and(eq(opportunityContacts.workspaceId, ctx.workspaceId), eq(opportunityContacts.opportunityId, before.id)),
        );
      const key = (list: { contactId: string; role: string | null }[]) =>
        JSON.stringify(list.map((o) => [o.contactId, o.role]).sort());
      if (key(current) !== key(others)) {
        await replaceOtherContacts(tx, before.id, others);
        changes.push({
          field: 'contacts',
          old: current.length,
          new: others.map((o) => ({ id: o.contactId, name: o.displayName, role: o.role })),
        });
        othersChanged = true;
      }
    }

    if (changes.length) {
      entries.push({
        contactId: before.contactId,
        kind: 'opportunity.updated',
        category: 'admin',
        subject,
        data: { opportunity, changes },
      });
    }
    if (!Object.keys(set).length && !othersChanged) return;
    await tx.db
      .update(opportunities)
      .set({ ...set, version: before.version + 1, updatedAt: new Date() })
      .where(and(eq(opportunities.workspaceId, ctx.workspaceId), eq(opportunities.id, before.id)));
    await recordMany(tx, entries);
  });
  return moved ?? (await toOpportunityDtos(ctx, [opportunityId]))[0]!;
}

/** A won opportunity stays (the contact's permanent deletion is guarded by it); reopen it first. */
export async function deleteOpportunity({
  ctx,
  opportunityId,
  expectedVersion,
}: {
  ctx: Ctx;
  opportunityId: string;
  expectedVersion?: number;
}): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const before = await requireOpportunity(tx, opportunityId, { lock: true });
    await assertOpportunityVersion(tx, before, expectedVersion);
    await requireContact(tx, before.contactId, { writable: true });
    if (before.status === 'won') {
      throw new AppError('opportunity_won', 409, `${before.name} is won; reopen it before deleting it`);
    }
    await tx.db
      .delete(opportunities)
      .where(and(eq(opportunities.workspaceId, ctx.workspaceId), eq(opportunities.id, before.id)));
    await recordMany(tx, [
      {
        contactId: before.contactId,
        kind: 'opportunity.deleted',
        category: 'focus',
        subject: { type: 'opportunity', id: before.id },
        data: {
          opportunity: { id: before.id, name: before.name },
          status: before.status,
          value: Number(before.value),
          currency: before.currency,
        },
      },
    ]);
  });
}

/** The main contact is this one, or it is one of the further contacts. */
const involves = (ctx: Ctx, contactId: string): SQL =>
  or(
    eq(opportunities.contactId, contactId),
    exists(
      ctx.db
        .select({ one: sql`1` })
        .from(opportunityContacts)
        .where(
          and(
            eq(opportunityContacts.workspaceId, opportunities.workspaceId),
            eq(opportunityContacts.opportunityId, opportunities.id),
            eq(opportunityContacts.contactId, contactId),
          ),
        ),
    ),
  )!;

/** Value × probability (the likelihood, else the stage's), for the open ones. */
export const weightedExpr = sql<number>`coalesce(sum(case when ${opportunities.status} = 'open'
  then ${opportunities.value} * coalesce(${opportunities.likelihood}, ${pipelineStages.probability}) / 100 end), 0)::float8`;

export async function listOpportunities({ ctx, query }: { ctx: Ctx; query: OpportunityListQueryInput }): Promise<{
  data: OpportunityDto[];
  nextCursor: string | null;
  totals: { count: number; value: number; weighted: number };
}> {
  const where = [
    opportunityVisibility(ctx),
    query.pipelineId ? eq(opportunities.pipelineId, query.pipelineId) : undefined,
    query.stageId ? eq(opportunities.stageId, query.stageId) : undefined,
    query.status ? eq(opportunities.status, query.status) : undefined,
    query.ownerId ? eq(opportunities.ownerId, query.ownerId) : undefined,
    query.contactId ? involves(ctx, query.contactId) : undefined,
    query.q ? ilike(opportunities.name, likePattern(query.q)) : undefined,
  ];
  const after = decodeKeyset(query.cursor);
  const page = after
    ? sql`(${opportunities.createdAt}, ${opportunities.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
    : undefined;
  const [rows, [totals]] = await Promise.all([
    ctx.db
      .select({ id: opportunities.id, createdKey: sql<string>`${opportunities.createdAt}::text` })
      .from(opportunities)
      .innerJoin(contacts, joinContact)
      .where(and(...where, page))
      .orderBy(desc(opportunities.createdAt), desc(opportunities.id))
      .limit(query.limit + 1),
    ctx.db
      .select({
        count: sql<number>`count(*)::int`,
        value: sql<number>`coalesce(sum(${opportunities.value}), 0)::float8`,
        weighted: weightedExpr,
      })
      .from(opportunities)
      .innerJoin(contacts, joinContact)
      .innerJoin(pipelineStages, joinStage)
      .where(and(...where)),
  ]);
  const more = rows.length > query.limit;
  const shown = rows.slice(0, query.limit);
  const last = shown.at(-1);
  return {
    data: await toOpportunityDtos(
      ctx,
      shown.map((r) => r.id),
    ),
    nextCursor: more && last ? encodeCursor([last.createdKey, last.id]) : null,
    totals: totals ?? { count: 0, value: 0, weighted: 0 },
  };
}

/**
 * A contact's opportunities (main or further contact): open first, then newest. With `linked`, a person's list
 * also holds the deals of the businesses they are linked to, after their own and marked `via` the business;
 * the visibility rule applies to each deal's own contact, so a business the caller may not see adds nothing.
 */
export async function listContactOpportunities({
  ctx,
  contactId,
  linked = false,
}: {
  ctx: Ctx;
  contactId: string;
  linked?: boolean;
}): Promise<ContactOpportunityDto[]> {
  const contact = await requireContact(ctx, contactId);
  const own = involves(ctx, contactId);
  const viaBusiness =
    linked && contact.kind === 'person'
      ? inArray(
          opportunities.contactId,
          ctx.db
            .select({ id: contactLinks.businessId })
            .from(contactLinks)
            .where(and(eq(contactLinks.workspaceId, ctx.workspaceId), eq(contactLinks.personId, contactId))),
        )
      : undefined;
  const rows = await ctx.db
    .select({ id: opportunities.id })
    .from(opportunities)
    .innerJoin(contacts, joinContact)
    .where(and(opportunityVisibility(ctx), viaBusiness ? or(own, viaBusiness) : own))
    .orderBy(
      sql`(${opportunities.status} = 'open') desc`,
      ...(viaBusiness ? [sql`(${own}) desc`] : []),
      desc(opportunities.createdAt),
      desc(opportunities.id),
    )
    .limit(500);
  const dtos = await toOpportunityDtos(
    ctx,
    rows.map((r) => r.id),
  );
  return dtos.map((o) => ({
    ...o,
    via: o.contact.id === contactId || o.contacts.some((c) => c.contact.id === contactId) ? null : o.contact,
  }));
}

/** The contact delete guard: a won opportunity keeps its contact (named in the refusal). */
export async function wonOpportunityGuard(ctx: Ctx, contact: ContactRow): Promise<string | null> {
  const [won] = await ctx.db
    .select({ name: opportunities.name })
    .from(opportunities)
    .where(
      and(
        eq(opportunities.workspaceId, ctx.workspaceId),
        eq(opportunities.contactId, contact.id),
        eq(opportunities.status, 'won'),
      ),
    )
    .orderBy(asc(opportunities.closedAt))
    .limit(1);
  return won
    ? `${contact.displayName} has the won opportunity “${won.name}”; a contact with won business cannot be deleted permanently`
    : null;
}
