// How a report period is named: "Jan" for a month, "Q1" for a quarter (the year is the page's filter).
import type { TFunction } from 'i18next';
import { dateFormat } from '../../lib/format.ts';
import type { SalesPlanPeriodKind } from './salesPlans.api.ts';

export function periodLabel(periodStart: string, period: SalesPlanPeriodKind, locale: string, t: TFunction): string {
  const month = Number(periodStart.slice(5, 7));
  if (period === 'quarter') return t('salesPlans.quarter', { n: Math.floor((month - 1) / 3) + 1 });
  return dateFormat(locale || 'en', { month: 'short', timeZone: 'UTC' }).format(new Date(`${periodStart}T00:00:00Z`));
}

/** "55 %" / "55%" as the locale writes a share; a dash when there is no target to compare with. */
export function formatAttainment(value: number | null, locale: string): string {
  if (value === null) return '—';
  return new Intl.NumberFormat(locale || 'en', { style: 'percent', maximumFractionDigits: 0 }).format(value);
}
