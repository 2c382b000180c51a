import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeSession, renderWithApp } from '../../../test/render.tsx';
import type { ShowRateReportDto } from '../calendar.api.ts';
import { formatShowRate, ShowRateTable } from './ShowRateTable.tsx';

const counts = (showed: number, noShow: number, cancelled = 0, scheduled = 0, confirmed = 0) => ({
  showed,
  noShow,
  cancelled,
  scheduled,
  confirmed,
  total: showed + noShow + cancelled + scheduled + confirmed,
  // As the server computes it: rounded to four decimals, null when nothing has an outcome.
  showRate: showed + noShow === 0 ? null : Math.round((showed / (showed + noShow)) * 10_000) / 10_000,
});

const report: ShowRateReportDto = {
  groupBy: 'calendar',
  from: '2026-02-01T00:00:00.000Z',
  to: '2026-03-01T00:00:00.000Z',
  rows: [
    { id: '00000000-0000-4000-8000-000000000001', name: 'Viewings', ...counts(2, 1, 1) },
    { id: '00000000-0000-4000-8000-000000000002', name: 'Intro calls', ...counts(0, 0, 2, 3, 1) },
    { id: '00000000-0000-4000-8000-000000000003', name: 'Valuations', ...counts(0, 4) },
    { id: '00000000-0000-4000-8000-000000000004', name: 'Site visits', ...counts(7, 0) },
  ],
  totals: counts(9, 5, 3, 3, 1),
};

describe('formatShowRate', () => {
  it('shows a dash when there is nothing to divide and rounds to one decimal otherwise', () => {
    expect(formatShowRate(null, 'en')).toBe('—');
    expect(formatShowRate(0.6667, 'en')).toBe('66.7%');
    expect(formatShowRate(0.64285, 'en')).toBe('64.3%');
    expect(formatShowRate(1, 'en')).toBe('100%');
    expect(formatShowRate(0, 'en')).toBe('0%');
    expect(formatShowRate(0.5, 'de')).toBe('50\u00a0%');
  });
});

describe('ShowRateTable', () => {
  it('lists every row with its counts, its rate and a totals row', async () => {
    await renderWithApp(<ShowRateTable report={report} locale="en" groupBy="calendar" />, {
      session: makeSession(),
    });
    const table = screen.getByRole('table', { name: 'Show rate by calendar' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      'Calendar',
      'Showed',
      'No-show',
      'Cancelled',
      'Scheduled',
      'Confirmed',
      'Total',
      'Show rate',
      'Total',
    ]);

    const rows = screen.getAllByTestId('show-rate-row');
    const cellsOf = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(cellsOf(rows[0]!)).toEqual(['Viewings', '2', '1', '1', '0', '0', '4', '66.7%']);
    // Nobody came or stayed away yet: no rate rather than a misleading 0 %.
    expect(cellsOf(rows[1]!)).toEqual(['Intro calls', '0', '0', '2', '3', '1', '6', '—']);
    expect(cellsOf(rows[2]!).at(-1)).toBe('0%');
    expect(cellsOf(rows[3]!).at(-1)).toBe('100%');

    const totals = screen.getByTestId('show-rate-totals');
    expect(
      within(totals)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['9', '5', '3', '3', '1', '21', '64.3%']);
  });
});
