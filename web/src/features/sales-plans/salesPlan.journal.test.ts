import { describe, expect, it } from 'vitest';
import { describeEntry } from '../timeline/journal/describeEntry.ts';

const plan = {
  teamName: 'Inside Sales',
  period: 'month',
  periodStart: '2026-03-01',
  target: '40000.00',
  currency: 'EUR',
};

describe('sales-plan entries in words (audit log)', () => {
  it('names the team, the period and the amounts', () => {
    const created = describeEntry({ kind: 'sales_plan.created', data: plan });
    expect(created.label).toBe('Sales target set');
    expect(created.text).toBe('Target of Inside Sales for Mar 2026: €40,000');
    const updated = describeEntry({
      kind: 'sales_plan.updated',
      data: { ...plan, target: '45000.00', changes: [{ field: 'target', old: '40000.00', new: '45000.00' }] },
    });
    expect(updated.text).toBe('Target of Inside Sales for Mar 2026: €40,000 → €45,000');
    expect(updated.summary).toBe('Inside Sales · Mar 2026: €40,000 → €45,000');
    const quarter = describeEntry({
      kind: 'sales_plan.deleted',
      data: { ...plan, period: 'quarter', periodStart: '2026-04-01', target: '1234.50' },
    });
    expect(quarter.label).toBe('Sales target removed');
    expect(quarter.text).toBe('Target of Inside Sales for Q2 2026 removed (was €1,234.50)');
  });
});
