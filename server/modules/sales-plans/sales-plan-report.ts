// The sales-plan report: per team and month/quarter of a year, the target against the value of the
// team's won opportunities and a forecast (won + open deals expected to close, weighted by likelihood).
// Periods begin at midnight in the workspace's time zone; amounts are in the workspace currency and
// deals or targets in any other currency are counted as excluded, never converted.
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { teamMembers, teams } from '../../db/schema/platform.ts';
import { salesPlans } from '../../db/schema/revenue.ts';
import { contactScope, type Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import type { SalesPlanPeriodKind, SalesPlanReportDto } from './sales-plans.schemas.ts';
import { periodStarts, workspaceCurrency } from './sales-plans.service.ts';

/** Amounts are summed in cents as bigint: no float drift on "0.10 + 0.20". */
const toCents = (amount: string | null | undefined): bigint => {
  if (!amount) return 0n;
  const negative = amount.startsWith('-');
  const [whole = '0', decimals = ''] = amount.replace('-', '').split('.');
  const cents = BigInt(whole) * 100n + BigInt((decimals + '00').slice(0, 2));
  return negative ? -cents : cents;
};
const fromCents = (cents: bigint): string => {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};
const ratio = (won: bigint, planned: bigint | null): number | null =>
  planned === null || planned <= 0n ? null : Number((won * 10000n) / planned) / 10000;

/**
 * Which teams the caller sees figures for. Everyone sees every team's totals — they are aggregates
 * and name no contact — except a member limited to their own contacts, who sees only the teams they
 * belong to: another team's won value would tell them about deals they may not see.
 */
async function visibleTeams(ctx: Ctx, teamId: string | undefined): Promise<{ id: string; name: string }[]> {
  const userId = contactScope(ctx);
  const rows = await ctx.db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(
      and(
        eq(teams.workspaceId, ctx.workspaceId),
        teamId ? eq(teams.id, teamId) : undefined,
        userId
          ? inArray(
              teams.id,
              ctx.db
                .select({ id: teamMembers.teamId })
                .from(teamMembers)
                .where(and(eq(teamMembers.workspaceId, ctx.workspaceId), eq(teamMembers.userId, userId))),
            )
          : undefined,
      ),
    )
    .orderBy(asc(teams.name));
  if (teamId && rows.length === 0) throw notFound('Team');
  return rows;
}

type DealSums = {
  team_id: string;
  period_start: string;
  currency: string;
  won: string | null;
  weighted: string | null;
  deals: number;
};

export async function salesPlanReport({
  ctx,
  year,
  period,
  teamId,
}: {
  ctx: Ctx;
  year: number;
  period: SalesPlanPeriodKind;
  teamId?: string;
}): Promise<SalesPlanReportDto> {
  const { currency, timezone } = await workspaceCurrency(ctx);
  const teamList = await visibleTeams(ctx, teamId);
  const starts = periodStarts(year, period);
  const empty: SalesPlanReportDto = {
    year,
    period,
    currency,
    timezone,
    teams: teamList,
    rows: [],
    totals: [],
    excluded: [],
  };
  if (teamList.length === 0) return empty;
  const teamIds = teamList.map((t) => t.id);
  const yearStart = `${year}-01-01`;
  const nextYear = `${year + 1}-01-01`;

  const plans = await ctx.db
    .select()
    .from(salesPlans)
    .where(
      and(
        eq(salesPlans.workspaceId, ctx.workspaceId),
        inArray(salesPlans.teamId, teamIds),
        eq(salesPlans.period, period),
        gte(salesPlans.periodStart, yearStart),
        lt(salesPlans.periodStart, nextYear),
      ),
    );

  // A won deal counts in the period of its closing moment, read on the workspace's wall clock; an
  // open one in the period of its expected close date, at its likelihood or else its stage's probability.
  const { rows: sums } = await ctx.db.execute<DealSums>(sql`
    select o.team_id,
           to_char(date_trunc(${period}, case when o.status = 'won' then o.closed_at at time zone ${timezone}
                                              else o.expected_close_date::timestamp end), 'YYYY-MM-DD') as period_start,
           o.currency,
           round(sum(o.value) filter (where o.status = 'won'), 2)::text as won,
           round(sum(o.value * coalesce(o.likelihood, s.probability) / 100.0) filter (where o.status = 'open'), 2)::text
             as weighted,
           count(*)::int as deals
      from opportunities o
      join pipeline_stages s on s.workspace_id = o.workspace_id and s.id = o.stage_id
     where o.workspace_id = ${ctx.workspaceId}
       and o.team_id in ${teamIds}
       and ((o.status = 'won' and o.closed_at >= (${yearStart}::timestamp at time zone ${timezone})
                              and o.closed_at < (${nextYear}::timestamp at time zone ${timezone}))
         or (o.status = 'open' and o.expected_close_date >= ${yearStart}::date
                               and o.expected_close_date < ${nextYear}::date))
     group by 1, 2, 3`);

  const excluded = new Map<string, { currency: string; opportunities: number; plans: number }>();
  const exclude = (cur: string) => {
    let e = excluded.get(cur);
    if (!e) excluded.set(cur, (e = { currency: cur, opportunities: 0, plans: 0 }));
    return e;
  };
  const key = (team: string, start: string) => `${team}|${start}`;
  const won = new Map<string, bigint>();
  const weighted = new Map<string, bigint>();
  for (const s of sums) {
    if (s.currency !== currency) {
      exclude(s.currency).opportunities += s.deals;
      continue;
    }
    const k = key(s.team_id, s.period_start);
    won.set(k, (won.get(k) ?? 0n) + toCents(s.won));
    weighted.set(k, (weighted.get(k) ?? 0n) + toCents(s.weighted));
  }
  const planned = new Map<string, (typeof plans)[number]>();
  for (const p of plans) {
    if (p.currency !== currency) exclude(p.currency).plans += 1;
    else planned.set(key(p.teamId, p.periodStart), p);
  }

  const rows: SalesPlanReportDto['rows'] = [];
  const totals = starts.map((periodStart) => ({ periodStart, planned: null as bigint | null, won: 0n, forecast: 0n }));
  for (const team of teamList) {
    for (const [i, periodStart] of starts.entries()) {
      const k = key(team.id, periodStart);
      const plan = planned.get(k);
      const target = plan ? toCents(plan.target) : null;
      const wonCents = won.get(k) ?? 0n;
      const forecast = wonCents + (weighted.get(k) ?? 0n);
      rows.push({
        teamId: team.id,
        teamName: team.name,
        periodStart,
        planId: plan?.id ?? null,
        planVersion: plan?.version ?? null,
        planned: target === null ? null : fromCents(target),
        won: fromCents(wonCents),
        forecast: fromCents(forecast),
        attainment: ratio(wonCents, target),
      });
      const total = totals[i]!;
      if (target !== null) total.planned = (total.planned ?? 0n) + target;
      total.won += wonCents;
      total.forecast += forecast;
    }
  }
  return {
    ...empty,
    rows,
    totals: totals.map((t) => ({
      periodStart: t.periodStart,
      planned: t.planned === null ? null : fromCents(t.planned),
      won: fromCents(t.won),
      forecast: fromCents(t.forecast),
      attainment: ratio(t.won, t.planned),
    })),
    excluded: [...excluded.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}
