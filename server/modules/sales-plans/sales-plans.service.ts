// Sales plans: a team's revenue target per month or quarter. Admins and the team's leader set them;
// everyone in the workspace reads them (the report compares them with the team's won deals).
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { teamMembers, teams, workspaces } from '../../db/schema/platform.ts';
import { salesPlans } from '../../db/schema/revenue.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { toIso } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { diffFields, record } from '../../platform/journal/journal.ts';
import { assertVersion } from '../notes/if-match.ts';
import type { SalesPlanDto, SalesPlanPeriodKind } from './sales-plans.schemas.ts';

type PlanRow = typeof salesPlans.$inferSelect;

/** Amounts as the API writes them, "125000.00" (the driver reads numeric columns as numbers). */
const amount = (value: string): string => Number(value).toFixed(2);

/** The first days of the periods of a year: 12 months or 4 quarters, as ISO dates. */
export function periodStarts(year: number, period: SalesPlanPeriodKind): string[] {
  const step = period === 'month' ? 1 : 3;
  const starts: string[] = [];
  for (let month = 1; month <= 12; month += step) starts.push(`${year}-${String(month).padStart(2, '0')}-01`);
  return starts;
}

/** The first day after the period that starts on `start`. */
export function periodEnd(start: string, period: SalesPlanPeriodKind): string {
  const [y, m] = start.split('-').map(Number) as [number, number];
  const next = m - 1 + (period === 'month' ? 1 : 3);
  return `${y + Math.floor(next / 12)}-${String((next % 12) + 1).padStart(2, '0')}-01`;
}

function assertPeriodStart(periodStart: string, period: SalesPlanPeriodKind): void {
  const [, month, day] = periodStart.split('-').map(Number) as [number, number, number];
  const ok = day === 1 && (period === 'month' || (month - 1) % 3 === 0);
  if (!ok) {
    const expected =
      period === 'month' ? 'the first day of a month' : 'the first day of a quarter (1 Jan, 1 Apr, 1 Jul or 1 Oct)';
    throw new AppError('invalid_period_start', 400, `A ${period}’s plan starts on ${expected}, not ${periodStart}`, {
      errors: [{ path: 'body.periodStart', message: `Must be ${expected}` }],
    });
  }
}

export async function workspaceCurrency(ctx: Ctx): Promise<{ currency: string; timezone: string }> {
  const [w] = await ctx.db
    .select({ currency: workspaces.currency, timezone: workspaces.timezone })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId));
  return w ?? { currency: 'USD', timezone: 'UTC' };
}

export async function requireTeam(ctx: Ctx, teamId: string): Promise<{ id: string; name: string }> {
  const [team] = await ctx.db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, teamId)));
  if (!team) throw notFound('Team');
  return team;
}

/** Admins plan for every team; a team's leader plans for their own team. */
async function requirePlanner(ctx: Ctx, teamId: string): Promise<void> {
  if (ctx.principal.role === 'admin') return;
  const userId = ctx.principal.actsFor;
  if (userId) {
    const [leader] = await ctx.db
      .select({ one: sql`1` })
      .from(teamMembers)
      .where(
        and(
          eq(teamMembers.workspaceId, ctx.workspaceId),
          eq(teamMembers.teamId, teamId),
          eq(teamMembers.userId, userId),
          eq(teamMembers.isLeader, true),
        ),
      );
    if (leader) return;
  }
  throw forbidden('Only an admin or the team’s leader can set its sales plan');
}

const toDto = (row: PlanRow, teamName: string): SalesPlanDto => ({
  id: row.id,
  teamId: row.teamId,
  teamName,
  period: row.period,
  periodStart: row.periodStart,
  target: amount(row.target),
  currency: row.currency,
  version: row.version,
  createdAt: toIso(row.createdAt),
  updatedAt: toIso(row.updatedAt),
});

export async function listSalesPlans({
  ctx,
  year,
  teamId,
  period,
}: {
  ctx: Ctx;
  year?: number;
  teamId?: string;
  period?: SalesPlanPeriodKind;
}): Promise<SalesPlanDto[]> {
  if (teamId) await requireTeam(ctx, teamId);
  const rows = await ctx.db
    .select({ plan: salesPlans, teamName: teams.name })
    .from(salesPlans)
    .innerJoin(teams, and(eq(teams.workspaceId, salesPlans.workspaceId), eq(teams.id, salesPlans.teamId)))
    .where(
      and(
        eq(salesPlans.workspaceId, ctx.workspaceId),
        teamId ? eq(salesPlans.teamId, teamId) : undefined,
        period ? eq(salesPlans.period, period) : undefined,
        year ? gte(salesPlans.periodStart, `${year}-01-01`) : undefined,
        year ? lt(salesPlans.periodStart, `${year + 1}-01-01`) : undefined,
      ),
    )
    .orderBy(asc(teams.name), asc(salesPlans.period), asc(salesPlans.periodStart));
  return rows.map((r) => toDto(r.plan, r.teamName));
}

async function loadPlan(ctx: Ctx, planId: string, lock = false): Promise<{ plan: PlanRow; teamName: string }> {
  const query = ctx.db
    .select({ plan: salesPlans, teamName: teams.name })
    .from(salesPlans)
    .innerJoin(teams, and(eq(teams.workspaceId, salesPlans.workspaceId), eq(teams.id, salesPlans.teamId)))
    .where(and(eq(salesPlans.workspaceId, ctx.workspaceId), eq(salesPlans.id, planId)));
  const [row] = lock ? await query.for('update', { of: salesPlans }) : await query;
  if (!row) throw notFound('Sales plan');
  return row;
}

export async function getSalesPlan({ ctx, planId }: { ctx: Ctx; planId: string }): Promise<SalesPlanDto> {
  const { plan, teamName } = await loadPlan(ctx, planId);
  return toDto(plan, teamName);
}

async function assertPeriodFree(ctx: Ctx, teamId: string, period: SalesPlanPeriodKind, periodStart: string) {
  const [taken] = await ctx.db
    .select({ id: salesPlans.id })
    .from(salesPlans)
    .where(
      and(
        eq(salesPlans.workspaceId, ctx.workspaceId),
        eq(salesPlans.teamId, teamId),
        eq(salesPlans.period, period),
        eq(salesPlans.periodStart, periodStart),
      ),
    );
  if (taken) {
    throw new AppError(
      'sales_plan_exists',
      409,
      `This team already has a target for the ${period} starting ${periodStart}; change that one instead`,
      { planId: taken.id },
    );
  }
}

const journalData = (plan: PlanRow, teamName: string) => ({
  teamId: plan.teamId,
  teamName,
  period: plan.period,
  periodStart: plan.periodStart,
  target: amount(plan.target),
  currency: plan.currency,
});

export async function createSalesPlan({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { teamId: string; period: SalesPlanPeriodKind; periodStart: string; target: string; currency?: string };
}): Promise<SalesPlanDto> {
  assertPeriodStart(input.periodStart, input.period);
  return inTransaction(ctx, async (tx) => {
    const team = await requireTeam(tx, input.teamId);
    await requirePlanner(tx, team.id);
    await assertPeriodFree(tx, team.id, input.period, input.periodStart);
    const currency = input.currency ?? (await workspaceCurrency(tx)).currency;
    const [row] = await tx.db
      .insert(salesPlans)
      .values({
        workspaceId: ctx.workspaceId,
        id: newId(),
        teamId: team.id,
        period: input.period,
        periodStart: input.periodStart,
        target: input.target,
        currency,
        createdBy: ctx.principal.userId,
      })
      .returning();
    await record(tx, {
      kind: 'sales_plan.created',
      category: 'admin',
      subject: { type: 'sales_plan', id: row!.id },
      data: journalData(row!, team.name),
    });
    return toDto(row!, team.name);
  });
}

export async function updateSalesPlan({
  ctx,
  planId,
  input,
  expectedVersion,
}: {
  ctx: Ctx;
  planId: string;
  input: { target?: string; currency?: string };
  expectedVersion?: number;
}): Promise<SalesPlanDto> {
  return inTransaction(ctx, async (tx) => {
    const { plan, teamName } = await loadPlan(tx, planId, true);
    await requirePlanner(tx, plan.teamId);
    assertVersion('sales plan', plan.version, expectedVersion);
    const next = { target: input.target ?? amount(plan.target), currency: input.currency ?? plan.currency };
    const changes = diffFields({ ...plan, target: amount(plan.target) }, next, ['target', 'currency']);
    if (changes.length === 0) return toDto(plan, teamName);
    const [row] = await tx.db
      .update(salesPlans)
      .set({ ...next, version: plan.version + 1, updatedAt: new Date() })
      .where(and(eq(salesPlans.workspaceId, ctx.workspaceId), eq(salesPlans.id, planId)))
      .returning();
    await record(tx, {
      kind: 'sales_plan.updated',
      category: 'admin',
      subject: { type: 'sales_plan', id: planId },
      data: { ...journalData(row!, teamName), changes },
    });
    return toDto(row!, teamName);
  });
}

export async function deleteSalesPlan({
  ctx,
  planId,
  expectedVersion,
}: {
  ctx: Ctx;
  planId: string;
  expectedVersion?: number;
}): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { plan, teamName } = await loadPlan(tx, planId, true);
    await requirePlanner(tx, plan.teamId);
    assertVersion('sales plan', plan.version, expectedVersion);
    await tx.db.delete(salesPlans).where(and(eq(salesPlans.workspaceId, ctx.workspaceId), eq(salesPlans.id, planId)));
    await record(tx, {
      kind: 'sales_plan.deleted',
      category: 'admin',
      subject: { type: 'sales_plan', id: planId },
      data: journalData(plan, teamName),
    });
  });
}

/**
 * Sets a team's targets for every month or quarter of a year at once (the report's inline editor):
 * a number creates or changes that period's target, null removes it. Journaled per changed period.
 */
export async function setSalesPlanYear({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { teamId: string; year: number; period: SalesPlanPeriodKind; targets: (string | null)[] };
}): Promise<SalesPlanDto[]> {
  const starts = periodStarts(input.year, input.period);
  if (input.targets.length !== starts.length) {
    throw new AppError(
      'validation_failed',
      400,
      `A year has ${starts.length} ${input.period === 'month' ? 'months' : 'quarters'}; send ${starts.length} targets (null for none)`,
      { errors: [{ path: 'body.targets', message: `Expected ${starts.length} entries` }] },
    );
  }
  return inTransaction(ctx, async (tx) => {
    const team = await requireTeam(tx, input.teamId);
    await requirePlanner(tx, team.id);
    const existing = await tx.db
      .select()
      .from(salesPlans)
      .where(
        and(
          eq(salesPlans.workspaceId, ctx.workspaceId),
          eq(salesPlans.teamId, team.id),
          eq(salesPlans.period, input.period),
          gte(salesPlans.periodStart, starts[0]!),
          lt(salesPlans.periodStart, `${input.year + 1}-01-01`),
        ),
      )
      .for('update');
    const { currency } = await workspaceCurrency(tx);
    for (const [i, periodStart] of starts.entries()) {
      const target = input.targets[i] ?? null;
      const before = existing.find((p) => p.periodStart === periodStart);
      if (target === null) {
        if (before) await deleteSalesPlan({ ctx: tx, planId: before.id });
      } else if (!before) {
        await createSalesPlan({ ctx: tx, input: { teamId: team.id, period: input.period, periodStart, target } });
      } else if (amount(before.target) !== target || before.currency !== currency) {
        await updateSalesPlan({ ctx: tx, planId: before.id, input: { target, currency } });
      }
    }
    return listSalesPlans({ ctx: tx, year: input.year, teamId: team.id, period: input.period });
  });
}
