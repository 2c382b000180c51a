import { z } from 'zod';
import { salesPlanPeriods } from '../../db/schema/revenue.ts';
import { Timestamp } from '../../platform/http/schemas.ts';

export const SalesPlanPeriod = z.enum(salesPlanPeriods);
export type SalesPlanPeriodKind = z.infer<typeof SalesPlanPeriod>;

/** A target: zero or more, at most two decimals; a number or a decimal string ("125000.50"). */
const Amount = z
  .union([z.number(), z.string()])
  .transform((v) => String(v).trim())
  .pipe(
    z
      .string()
      .regex(
        /^\d{1,14}(\.\d{1,2})?$/,
        'A target is an amount of zero or more with at most two decimals, e.g. 125000 or 125000.50',
      ),
  )
  // As the database writes it back ("125000.00"), so that equal amounts compare equal as strings.
  .transform((v) => {
    const [whole = '0', decimals = ''] = v.split('.');
    return `${whole.replace(/^0+(?=\d)/, '')}.${decimals.padEnd(2, '0')}`;
  });

const Year = z.coerce.number().int().min(2000).max(2100);
const Currency = z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as "EUR"');

export const SalesPlan = z
  .object({
    id: z.uuid(),
    teamId: z.uuid(),
    teamName: z.string(),
    period: SalesPlanPeriod,
    periodStart: z.iso.date().describe('First day of the month or quarter'),
    target: z.string().describe('Decimal with two places, e.g. "125000.00"'),
    currency: z.string(),
    version: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'SalesPlan' });
export type SalesPlanDto = z.infer<typeof SalesPlan>;

export const SalesPlanListQuery = z.object({
  year: Year.optional().describe('Only the plans whose period starts in this year'),
  teamId: z.uuid().optional(),
  period: SalesPlanPeriod.optional(),
});

export const CreateSalesPlanBody = z.object({
  teamId: z.uuid(),
  period: SalesPlanPeriod,
  periodStart: z.iso.date().describe('First day of a month (month) or of Jan/Apr/Jul/Oct (quarter)'),
  target: Amount,
  currency: Currency.optional().describe('Defaults to the workspace currency'),
});

export const UpdateSalesPlanBody = z.object({ target: Amount, currency: Currency }).partial();

export const SetYearBody = z.object({
  teamId: z.uuid(),
  year: z.number().int().min(2000).max(2100),
  period: SalesPlanPeriod,
  targets: z.array(Amount.nullable()).describe('12 months or 4 quarters in order; null removes that period’s target'),
});

export const SalesPlanReportQuery = z.object({
  year: Year,
  period: SalesPlanPeriod.default('month'),
  teamId: z.uuid().optional(),
});

const Money = z.string().describe('Decimal with two places in the report currency');

export const SalesPlanReportRow = z.object({
  teamId: z.uuid(),
  teamName: z.string(),
  periodStart: z.iso.date(),
  planId: z.uuid().nullable(),
  planVersion: z.number().int().nullable(),
  planned: Money.nullable().describe('Null when the team has no target for the period'),
  won: Money,
  forecast: Money.describe('Won plus open opportunities expected to close in the period × their likelihood'),
  attainment: z.number().nullable().describe('won ÷ planned (1 = 100 %); null without a positive target'),
});

export const SalesPlanReport = z
  .object({
    year: z.number().int(),
    period: SalesPlanPeriod,
    currency: z.string(),
    timezone: z.string().describe('Periods start and end at midnight in the workspace time zone'),
    teams: z.array(z.object({ id: z.uuid(), name: z.string() })),
    rows: z.array(SalesPlanReportRow),
    totals: z.array(
      z.object({
        periodStart: z.iso.date(),
        planned: Money.nullable(),
        won: Money,
        forecast: Money,
        attainment: z.number().nullable(),
      }),
    ),
    excluded: z
      .array(z.object({ currency: z.string(), opportunities: z.number().int(), plans: z.number().int() }))
      .describe('Opportunities and targets in another currency than the report’s, left out (no conversion)'),
  })
  .meta({ id: 'SalesPlanReport' });
export type SalesPlanReportDto = z.infer<typeof SalesPlanReport>;
