// Sales plans' journal kinds in words (sales_plan.*); they appear in the audit log:
// "Target of Inside Sales for Mar 2026: €40,000 → €45,000".
import { IconTarget, IconTargetOff } from '@tabler/icons-react';
import { i18n } from '../../app/i18n.ts';
import { dateFormat, formatMoney } from '../../lib/format.ts';
import {
  newValue,
  oldValue,
  only,
  say,
  str,
  strong,
  words,
  type Data,
  type JournalFamily,
} from '../timeline/journal/parts.ts';

function periodOf(d: Data): string {
  const start = str(d.periodStart);
  if (!start) return words('journal.unknown');
  const year = start.slice(0, 4);
  if (d.period === 'quarter') {
    return words('salesPlans.quarterOfYear', { n: Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1, year });
  }
  return dateFormat(i18n.language || 'en', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${start}T00:00:00Z`),
  );
}

const money = (amount: unknown, currency: unknown): string =>
  typeof amount === 'string' || typeof amount === 'number'
    ? formatMoney(amount, str(currency) ?? 'USD', i18n.language || 'en')
    : words('journal.unknown');

const subject = (d: Data) => ({
  team: strong(str(d.teamName) ?? words('journal.unknown')),
  period: strong(periodOf(d)),
});

export const salesPlanJournal: JournalFamily = {
  family: 'sales_plan',
  fallback: { icon: IconTarget, color: 'blue' },
  kinds: {
    'sales_plan.created': {
      looks: { icon: IconTarget, color: 'blue' },
      describe: (d) =>
        only(say('journal.salesPlan.created', { ...subject(d), target: newValue(money(d.target, d.currency)) })),
    },
    'sales_plan.updated': {
      looks: { icon: IconTarget, color: 'blue' },
      describe: (d) => {
        const change = Array.isArray(d.changes) ? (d.changes as { field: string; old: unknown; new: unknown }[]) : [];
        const target = change.find((c) => c.field === 'target');
        const currency = change.find((c) => c.field === 'currency');
        return only(
          say('journal.salesPlan.updated', {
            ...subject(d),
            old: oldValue(money(target?.old ?? d.target, currency?.old ?? d.currency)),
            new: newValue(money(target?.new ?? d.target, currency?.new ?? d.currency)),
          }),
        );
      },
    },
    'sales_plan.deleted': {
      looks: { icon: IconTargetOff, color: 'red' },
      describe: (d) =>
        only(say('journal.salesPlan.deleted', { ...subject(d), target: oldValue(money(d.target, d.currency)) })),
    },
  },
};
