// Who sees which opportunity (whoever sees its contact), and turning rows into cards and full records.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { teams, users, workspaces } from '../../db/schema/platform.ts';
import { opportunities, opportunityContacts, pipelineStages, pipelines } from '../../db/schema/revenue.ts';
import { contactScope, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { decodeCursor, toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { contactVisibility } from '../contacts/contact-access.ts';
import type { OpportunityCardDto, OpportunityDto } from './opportunities.schemas.ts';

export type OpportunityRow = typeof opportunities.$inferSelect;

/** Joined into every card query: the contact (which carries the visibility rule) and the owner. */
export const joinContact = and(
  eq(contacts.workspaceId, opportunities.workspaceId),
  eq(contacts.id, opportunities.contactId),
)!;
export const joinOwner = and(eq(users.workspaceId, opportunities.workspaceId), eq(users.id, opportunities.ownerId))!;
export const joinStage = and(
  eq(pipelineStages.workspaceId, opportunities.workspaceId),
  eq(pipelineStages.id, opportunities.stageId),
)!;

/** The condition on a query joined with `contacts`: the workspace, and for restricted members their contacts. */
export function opportunityVisibility(ctx: Ctx): SQL {
  return and(eq(opportunities.workspaceId, ctx.workspaceId), contactScope(ctx) ? contactVisibility(ctx) : undefined)!;
}

/** Open and longer in its stage than the stage's rotting days. */
export const rottingExpr = sql<boolean>`(${opportunities.status} = 'open' and ${pipelineStages.rottingDays} is not null
  and ${opportunities.stageEnteredAt} < now() - make_interval(days => ${pipelineStages.rottingDays}))`;

export const cardColumns = {
  id: opportunities.id,
  name: opportunities.name,
  value: opportunities.value,
  currency: opportunities.currency,
  status: opportunities.status,
  pipelineId: opportunities.pipelineId,
  stageId: opportunities.stageId,
  contactId: opportunities.contactId,
  contactName: contacts.displayName,
  contactKind: contacts.kind,
  ownerId: opportunities.ownerId,
  ownerName: users.name,
  expectedCloseDate: opportunities.expectedCloseDate,
  stageEnteredAt: opportunities.stageEnteredAt,
  rotting: rottingExpr,
  version: opportunities.version,
  /** The exact stage_entered_at (microseconds) for a column's cursor; JSON dates keep only milliseconds. */
  enteredKey: sql<string>`${opportunities.stageEnteredAt}::text`,
};

export interface CardRow {
  id: string;
  name: string;
  value: string;
  currency: string;
  status: OpportunityRow['status'];
  pipelineId: string;
  stageId: string;
  contactId: string;
  contactName: string;
  contactKind: 'person' | 'business';
  ownerId: string;
  ownerName: string;
  expectedCloseDate: string | null;
  stageEnteredAt: Date;
  rotting: boolean;
  version: number;
  enteredKey: string;
}

export function toCard(r: CardRow): OpportunityCardDto {
  return {
    id: r.id,
    name: r.name,
    value: Number(r.value),
    currency: r.currency,
    status: r.status,
    pipelineId: r.pipelineId,
    stageId: r.stageId,
    contact: { id: r.contactId, displayName: r.contactName, kind: r.contactKind },
    owner: { id: r.ownerId, name: r.ownerName },
    expectedCloseDate: r.expectedCloseDate,
    stageEnteredAt: toIso(new Date(r.stageEnteredAt)),
    rotting: Boolean(r.rotting),
    version: r.version,
  };
}

/** Full records for the rows given by id, in that order (one query for the rows, one for further contacts). */
export async function toOpportunityDtos(ctx: Ctx, ids: string[]): Promise<OpportunityDto[]> {
  if (!ids.length) return [];
  const [rows, others] = await Promise.all([
    ctx.db
      .select({
        card: cardColumns,
        row: opportunities,
        stageName: pipelineStages.name,
        stageProbability: pipelineStages.probability,
        pipelineName: pipelines.name,
        teamName: teams.name,
      })
      .from(opportunities)
      .innerJoin(contacts, joinContact)
      .innerJoin(users, joinOwner)
      .innerJoin(pipelineStages, joinStage)
      .innerJoin(
        pipelines,
        and(eq(pipelines.workspaceId, opportunities.workspaceId), eq(pipelines.id, opportunities.pipelineId)),
      )
      .leftJoin(teams, and(eq(teams.workspaceId, opportunities.workspaceId), eq(teams.id, opportunities.teamId)))
      .where(and(eq(opportunities.workspaceId, ctx.workspaceId), inArray(opportunities.id, ids))),
    ctx.db
      .select({
        opportunityId: opportunityContacts.opportunityId,
        role: opportunityContacts.role,
        id: contacts.id,
        displayName: contacts.displayName,
        kind: contacts.kind,
      })
      .from(opportunityContacts)
      .innerJoin(
        contacts,
        and(eq(contacts.workspaceId, opportunityContacts.workspaceId), eq(contacts.id, opportunityContacts.contactId)),
      )
      .where(and(eq(opportunityContacts.workspaceId, ctx.workspaceId), inArray(opportunityContacts.opportunityId, ids)))
      .orderBy(asc(opportunityContacts.createdAt), asc(contacts.displayName)),
  ]);
  const byId = new Map(rows.map((r) => [r.row.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const contactsOf = others
      .filter((c) => c.opportunityId === id)
      .map((c) => ({ contact: { id: c.id, displayName: c.displayName, kind: c.kind }, role: c.role }));
    return [toOpportunityDto({ ...r, card: r.card as CardRow }, contactsOf)];
  });
}

/** The parts of the row a full record shows beyond its card (timestamps as Date or as Postgres text). */
type RecordRow = Pick<
  OpportunityRow,
  'stageId' | 'pipelineId' | 'lostReason' | 'teamId' | 'likelihood' | 'source' | 'notes' | 'custom'
> & { closedAt: Date | string | null; createdAt: Date | string; updatedAt: Date | string };

/** One full record from its card, the rest of its row, the names joined to it and its further contacts. */
export function toOpportunityDto(
  r: {
    card: CardRow;
    row: RecordRow;
    stageName: string;
    stageProbability: number;
    pipelineName: string;
    teamName: string | null;
  },
  contactsOf: OpportunityDto['contacts'],
): OpportunityDto {
  const o = r.row;
  const date = (d: Date | string) => new Date(d);
  return {
    ...toCard(r.card),
    stage: { id: o.stageId, name: r.stageName, probability: r.stageProbability },
    pipeline: { id: o.pipelineId, name: r.pipelineName },
    contacts: contactsOf,
    lostReason: o.lostReason,
    team: o.teamId ? { id: o.teamId, name: r.teamName ?? '' } : null,
    likelihood: o.likelihood,
    probability: o.likelihood ?? r.stageProbability,
    source: o.source,
    notes: o.notes,
    custom: o.custom,
    closedAt: toIsoOrNull(o.closedAt === null ? null : date(o.closedAt)),
    createdAt: toIso(date(o.createdAt)),
    updatedAt: toIso(date(o.updatedAt)),
  };
}

/** Loads an opportunity the caller may see (through its contact), or 404; `lock` takes the row lock. */
export async function requireOpportunity(ctx: Ctx, opportunityId: string, opts: { lock?: boolean } = {}) {
  const query = ctx.db
    .select({ row: opportunities })
    .from(opportunities)
    .innerJoin(contacts, joinContact)
    .where(and(opportunityVisibility(ctx), eq(opportunities.id, opportunityId)));
  const [found] = opts.lock ? await query.for('update', { of: opportunities }) : await query;
  if (!found) throw notFound('Opportunity');
  return found.row;
}

export async function workspaceCurrency(ctx: Ctx): Promise<string> {
  const [w] = await ctx.db
    .select({ currency: workspaces.currency })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId));
  return w?.currency ?? 'USD';
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A keyset cursor of (exact timestamp, id) as the lists and columns give out; anything else is a 400. */
export function decodeKeyset(cursor: string | undefined): [string, string] | null {
  if (!cursor) return null;
  const after = decodeCursor(cursor, 2);
  if (
    !after ||
    typeof after[0] !== 'string' ||
    typeof after[1] !== 'string' ||
    !TIMESTAMP.test(after[0]) ||
    !UUID.test(after[1])
  ) {
    throw new AppError('bad_request', 400, 'The cursor is not one this list gave out');
  }
  return [after[0], after[1]];
}

/**
 * Joins `contacts` onto a query over opportunities only when the caller's visibility needs it (a member
 * limited to own contacts): the board's and forecast's aggregates over every open deal stay a plain scan.
 */
export function joinContactIfScoped<Q extends { innerJoin: (table: typeof contacts, on: SQL) => unknown }>(
  ctx: Ctx,
  query: Q,
): Q {
  if (contactScope(ctx)) query.innerJoin(contacts, joinContact);
  return query;
}
