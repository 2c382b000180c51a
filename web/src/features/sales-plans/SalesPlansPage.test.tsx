import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp } from '../../test/render.tsx';
import type { SalesPlanReportDto } from './salesPlans.api.ts';
import { SalesPlansPage } from './SalesPlansPage.tsx';

const ALPHA = '00000000-0000-4000-8000-0000000000a1';
const BETA = '00000000-0000-4000-8000-0000000000b1';
const me = makeSession().user.id;
const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-01`);

function makeReport(planned: (teamId: string, i: number) => string | null, excluded = true): SalesPlanReportDto {
  const teams = [
    { id: ALPHA, name: 'Alpha' },
    { id: BETA, name: 'Beta' },
  ];
  const rows = teams.flatMap((team) =>
    months.map((periodStart, i) => {
      const target = planned(team.id, i);
      const won = team.id === ALPHA && i === 0 ? '550.00' : '0.00';
      return {
        teamId: team.id,
        teamName: team.name,
        periodStart,
        planId: target === null ? null : `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        planVersion: target === null ? null : 1,
        planned: target,
        won,
        forecast: team.id === ALPHA && i === 0 ? '800.00' : won,
        attainment: target === null || Number(target) === 0 ? null : Number(won) / Number(target),
      };
    }),
  );
  const totals = months.map((periodStart) => {
    const mine = rows.filter((r) => r.periodStart === periodStart);
    const withPlan = mine.filter((r) => r.planned !== null);
    const plannedSum = withPlan.length ? withPlan.reduce((s, r) => s + Number(r.planned), 0) : null;
    const won = mine.reduce((s, r) => s + Number(r.won), 0);
    return {
      periodStart,
      planned: plannedSum === null ? null : plannedSum.toFixed(2),
      won: won.toFixed(2),
      forecast: mine.reduce((s, r) => s + Number(r.forecast), 0).toFixed(2),
      attainment: plannedSum ? won / plannedSum : null,
    };
  });
  return {
    year: 2026,
    period: 'month',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
    teams,
    rows,
    totals,
    excluded: excluded ? [{ currency: 'USD', opportunities: 2, plans: 1 }] : [],
  };
}

const teamsList = (leaderOfBeta?: string) => ({
  data: [
    { id: ALPHA, name: 'Alpha', members: [], createdAt: '2026-01-01T00:00:00.000Z' },
    {
      id: BETA,
      name: 'Beta',
      members: leaderOfBeta ? [{ id: leaderOfBeta, name: 'Lea', isLeader: true }] : [],
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  ],
});

describe('SalesPlansPage', () => {
  it('shows planned vs won vs forecast as a chart and a table, and lets an admin set a team’s year inline', async () => {
    const requests = fakeFetch({
      'GET /api/v1/sales-plans/report': () =>
        json(
          200,
          makeReport((team, i) => (team === ALPHA && i < 3 ? '1000.00' : null)),
        ),
      'GET /api/v1/teams': () => json(200, teamsList()),
      'PUT /api/v1/sales-plans/year': () => json(200, { data: [] }),
    });
    await renderWithApp(<SalesPlansPage search={{ year: 2026 }} />, { session: makeSession() });

    const table = await screen.findByRole('table', { name: 'Sales plans 2026' });
    expect(screen.getByLabelText('Chart: Planned, won and forecast — all teams')).toBeTruthy();
    const rows = within(table).getAllByTestId('sales-plan-row');
    expect(rows).toHaveLength(24);
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(cells(rows[0]!)).toEqual(['Jan', '€1,000', '€550', '€800', '55%']);
    expect(cells(rows[3]!)).toEqual(['Apr', '—', '€0', '€0', '—']);
    expect(cells(within(table).getAllByTestId('sales-plan-year')[0]!)).toEqual([
      'Year 2026',
      '€3,000',
      '€550',
      '€800',
      '18%',
    ]);
    expect(screen.getByText(/Left out, in USD: 2 deals and 1 target/)).toBeTruthy();
    expect(requests[0]!.path).toBe('/api/v1/sales-plans/report?year=2026&period=month');

    await userEvent.click(screen.getByRole('button', { name: 'Edit the targets of Alpha' }));
    const jan = screen.getByRole('textbox', { name: 'Target for Jan, Alpha' });
    expect((jan as HTMLInputElement).value).toBe('1,000');
    await userEvent.clear(jan);
    await userEvent.type(jan, '1200.5');
    const apr = screen.getByRole('textbox', { name: 'Target for Apr, Alpha' });
    await userEvent.type(apr, '2000');
    fireEvent.blur(apr);
    await userEvent.clear(screen.getByRole('textbox', { name: 'Target for Mar, Alpha' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save targets' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'PUT')).toBe(true));
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(put.body).toEqual({
      teamId: ALPHA,
      year: 2026,
      period: 'month',
      targets: ['1200.5', '1000', null, '2000', null, null, null, null, null, null, null, null],
    });
    // Saved: the editor closes and the report is loaded again with the new targets.
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Target for Jan, Alpha' })).toBeNull());
    expect(requests.filter((r) => r.path.startsWith('/api/v1/sales-plans/report')).length).toBe(2);
  });

  it('says what to do without targets, and lets only a team’s leader edit it among members', async () => {
    const session = makeSession({ role: 'member' });
    const blank = makeReport(() => null, false);
    const zero = { won: '0.00', forecast: '0.00' };
    const nothingYet = {
      ...blank,
      rows: blank.rows.map((r) => ({ ...r, ...zero })),
      totals: blank.totals.map((r) => ({ ...r, ...zero })),
    };
    fakeFetch({
      'GET /api/v1/sales-plans/report': () => json(200, nothingYet),
      'GET /api/v1/teams': () => json(200, teamsList(me)),
    });
    await renderWithApp(<SalesPlansPage search={{}} />, { session });
    expect(await screen.findByText('No targets for 2026 yet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Set targets for Beta' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit the targets of Alpha' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Set targets for Beta' }));
    expect(screen.getByRole('textbox', { name: 'Target for Jan, Beta' })).toBeTruthy();
    expect(screen.queryByText(/Left out/)).toBeNull();
    // Nothing planned, won or forecast yet: no chart of zeros.
    expect(screen.queryByLabelText(/^Chart:/)).toBeNull();
  });

  it('sends an admin to create a team when there is none, and tells a member whom to ask', async () => {
    const empty = { ...makeReport(() => null), teams: [], rows: [], totals: [], excluded: [] };
    fakeFetch({
      'GET /api/v1/sales-plans/report': () => json(200, empty),
      'GET /api/v1/teams': () => json(200, { data: [] }),
    });
    const admin = await renderWithApp(<SalesPlansPage search={{}} />, { session: makeSession() });
    expect(await screen.findByText('No sales teams yet')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Create a team' }).getAttribute('href')).toBe('/settings/teams');
    admin.unmount();
    await renderWithApp(<SalesPlansPage search={{}} />, { session: makeSession({ role: 'member' }) });
    expect(await screen.findByText(/Ask an admin to create your sales team/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Create a team' })).toBeNull();
  });
});
