import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, problem, renderWithApp } from '../../test/render.tsx';
import { TeamsSettingsPage } from './TeamsSettingsPage.tsx';

const team = {
  id: '00000000-0000-4000-8000-0000000000t1',
  name: 'Lettings North',
  createdAt: '2026-02-01T10:00:00.000Z',
  members: [
    { id: '00000000-0000-4000-8000-000000000001', name: 'Ada Admin', isLeader: true },
    { id: '00000000-0000-4000-8000-000000000002', name: 'Theo Teammate', isLeader: false },
  ],
};

describe('TeamsSettingsPage', () => {
  it('tells an admin how to start when there are no teams, with a button that opens the form', async () => {
    fakeFetch({
      'GET /api/v1/teams': () => json(200, { data: [] }),
      'GET /api/v1/users': () => json(200, { data: [makeSession().user] }),
    });
    await renderWithApp(<TeamsSettingsPage />, { session: makeSession({ role: 'admin' }) });

    expect(await screen.findByText('No teams yet')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Create a team' }));
    expect(await screen.findByRole('dialog')).toHaveTextContent('New team');
  });

  it('gives a member the empty state without any button they cannot use', async () => {
    fakeFetch({ 'GET /api/v1/teams': () => json(200, { data: [] }) });
    await renderWithApp(<TeamsSettingsPage />, { session: makeSession({ role: 'member' }) });

    expect(await screen.findByText('No teams yet')).toBeInTheDocument();
    expect(screen.getByText(/An admin can group users/)).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('lists teams with their leader and member count', async () => {
    fakeFetch({ 'GET /api/v1/teams': () => json(200, { data: [team] }) });
    await renderWithApp(<TeamsSettingsPage />, { session: makeSession({ role: 'member' }) });

    const row = await screen.findByTestId('team-row');
    expect(within(row).getByText('Lettings North')).toBeInTheDocument();
    expect(within(row).getAllByText(/Ada Admin/).length).toBeGreaterThan(0);
    expect(within(row).getByText('2 members')).toBeInTheDocument();
  });

  it('keeps the delete dialog open and shows why when the server refuses', async () => {
    fakeFetch({
      'GET /api/v1/teams': () => json(200, { data: [team] }),
      [`DELETE /api/v1/teams/${team.id}`]: () => problem(403, 'forbidden', 'Only admins can delete teams'),
    });
    await renderWithApp(<TeamsSettingsPage />, { session: makeSession({ role: 'admin' }) });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for Lettings North' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete team' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Delete team' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Only admins can delete teams');
    expect(screen.getByTestId('team-row')).toBeInTheDocument();
  });
});
