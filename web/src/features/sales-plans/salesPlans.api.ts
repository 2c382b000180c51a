// Calls and cache keys for sales plans and their report; types come from the server's schemas.
// Key: ['sales-plans', …] for the plans and the report, so that saving targets refreshes both.
import { queryOptions } from '@tanstack/react-query';
import type { SalesPlanDto, SalesPlanPeriodKind, SalesPlanReportDto } from '@dossier/contract';
import { api, qs } from '../../lib/api.ts';

export type { SalesPlanDto, SalesPlanPeriodKind, SalesPlanReportDto };
export type SalesPlanReportRowDto = SalesPlanReportDto['rows'][number];

export const salesPlansKey = ['sales-plans'] as const;

export const salesPlanReportQuery = (year: number, period: SalesPlanPeriodKind, teamId?: string) =>
  queryOptions({
    queryKey: [...salesPlansKey, 'report', { year, period, teamId }],
    queryFn: ({ signal }) =>
      api.get<SalesPlanReportDto>(`/sales-plans/report${qs({ year, period, teamId })}`, { signal }),
  });

/** A team's targets for every month or quarter of a year; null removes that period's target. */
export const setSalesPlanYear = (input: {
  teamId: string;
  year: number;
  period: SalesPlanPeriodKind;
  targets: (string | null)[];
}) => api.put<{ data: SalesPlanDto[] }>('/sales-plans/year', input);
