// Demo data: monthly revenue targets for this year for every demo team, in the workspace currency,
// higher toward the end of each quarter as sales teams usually plan. Needs no opportunities to exist.
import type { Ctx } from '../../platform/context.ts';
import type { DemoPeople } from '../../seed/seed.ts';
import { setSalesPlanYear } from './sales-plans.service.ts';

/** Share of a quarter's target in its first two months: a slow start, a strong closing month. */
const QUARTER_SHAPE = [0.28, 0.32];
/** Quarterly targets per team (first team, second team…), growing through the year. */
const QUARTERLY = [
  [150_000, 165_000, 170_000, 210_000],
  [90_000, 100_000, 95_000, 125_000],
];

export async function seedSalesPlans(ctx: Ctx, people: DemoPeople, year = new Date().getUTCFullYear()): Promise<void> {
  for (const [i, teamId] of people.teamIds.entries()) {
    const quarters = QUARTERLY[i % QUARTERLY.length]!;
    const targets = quarters.flatMap((quarter) => {
      const [first, second] = QUARTER_SHAPE.map((share) => Math.round((quarter * share) / 500) * 500) as [
        number,
        number,
      ];
      // The closing month takes the rest, so that the months add up to the quarter exactly.
      return [first, second, quarter - first - second].map((v) => v.toFixed(2));
    });
    await setSalesPlanYear({ ctx, input: { teamId, year, period: 'month', targets } });
    await setSalesPlanYear({
      ctx,
      input: { teamId, year, period: 'quarter', targets: quarters.map((q) => q.toFixed(2)) },
    });
  }
}
