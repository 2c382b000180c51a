// The sales-plan report's filters, kept in the address so a view can be bookmarked and shared.
import type { SalesPlanPeriodKind } from './salesPlans.api.ts';

export interface SalesPlanSearch {
  year?: number;
  period?: SalesPlanPeriodKind;
  teamId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseSalesPlanSearch(search: Record<string, unknown>): SalesPlanSearch {
  const out: SalesPlanSearch = {};
  const year = Number(search.year);
  if (Number.isInteger(year) && year >= 2000 && year <= 2100) out.year = year;
  if (search.period === 'month' || search.period === 'quarter') out.period = search.period;
  if (typeof search.teamId === 'string' && UUID.test(search.teamId)) out.teamId = search.teamId;
  return out;
}
