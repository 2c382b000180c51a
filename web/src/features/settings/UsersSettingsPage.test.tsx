import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, problem, renderWithApp } from '../../test/render.tsx';
import { UsersSettingsPage } from './UsersSettingsPage.tsx';

const admin = makeSession().user;
const mia = {
  ...admin,
  id: '00000000-0000-4000-8000-000000000002',
  name: 'Mia Member',
  email: 'mia@example.test',
  role: 'member' as const,
  contactAccess: 'own' as const,
  teamIds: ['team-1'],
};

describe('UsersSettingsPage', () => {
  it('shows each user with role, teams and status', async () => {
    fakeFetch({
      'GET /api/v1/users': () => json(200, { data: [admin, mia] }),
      'GET /api/v1/teams': () =>
        json(200, { data: [{ id: 'team-1', name: 'Lettings North', members: [], createdAt: admin.createdAt }] }),
    });
    await renderWithApp(<UsersSettingsPage />, { session: makeSession() });

    const rows = await screen.findAllByTestId('user-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('You')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Member')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Own contacts only')).toBeInTheDocument();
    expect(await within(rows[1]!).findByText('Lettings North')).toBeInTheDocument();
  });

  it('shows the server’s refusal to deactivate inside the confirmation', async () => {
    const requests = fakeFetch({
      'GET /api/v1/users': () => json(200, { data: [admin, mia] }),
      'GET /api/v1/teams': () => json(200, { data: [] }),
      [`GET /api/v1/users/${mia.id}/deactivation`]: () => json(200, { contacts: 0, openTasks: 0, calendars: 0 }),
      [`POST /api/v1/users/${mia.id}/deactivate`]: () =>
        problem(409, 'user_owns_contacts', 'Mia Member owns 3 contacts; reassign them first', { contactCount: 3 }),
    });
    await renderWithApp(<UsersSettingsPage />, { session: makeSession() });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for Mia Member' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Deactivate' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(await within(dialog).findByRole('button', { name: 'Deactivate' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Mia Member owns 3 contacts; reassign them first',
    );
    expect(requests.find((r) => r.method === 'POST')!.headers.get('x-csrf-token')).toBe('csrf-test-token');
  });

  it('shows what a user leaves and hands it all to the chosen colleague when deactivating', async () => {
    const theo = { ...mia, id: '00000000-0000-4000-8000-000000000003', name: 'Theo Teammate' };
    const requests = fakeFetch({
      'GET /api/v1/users': () => json(200, { data: [admin, mia, theo] }),
      'GET /api/v1/teams': () => json(200, { data: [] }),
      [`GET /api/v1/users/${mia.id}/deactivation`]: () => json(200, { contacts: 12, openTasks: 3, calendars: 1 }),
      [`POST /api/v1/users/${mia.id}/deactivate`]: () => json(200, { ...mia, status: 'deactivated' }),
    });
    await renderWithApp(<UsersSettingsPage />, { session: makeSession() });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for Mia Member' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Deactivate' }));
    const dialog = await screen.findByRole('dialog');
    const counts = await within(dialog).findByTestId('handover-counts');
    expect(counts).toHaveTextContent('12 contacts they own');
    expect(counts).toHaveTextContent('3 open tasks');
    expect(counts).toHaveTextContent('1 calendar they own');

    // Contacts cannot be left without an owner: nothing is sent until someone is chosen.
    await user.click(within(dialog).getByRole('button', { name: 'Hand over and deactivate' }));
    expect(await within(dialog).findByText('Pick who takes over their contacts')).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);

    await user.click(within(dialog).getByRole('combobox', { name: 'Hand everything over to' }));
    expect(screen.queryByRole('option', { name: 'Mia Member' })).not.toBeInTheDocument();
    await user.click(await screen.findByRole('option', { name: 'Theo Teammate' }));
    await user.click(within(dialog).getByRole('button', { name: 'Hand over and deactivate' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const post = requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({ reassignTo: theo.id });
  });

  it('does not offer admins a way to deactivate themselves', async () => {
    fakeFetch({
      'GET /api/v1/users': () => json(200, { data: [admin, mia] }),
      'GET /api/v1/teams': () => json(200, { data: [] }),
    });
    await renderWithApp(<UsersSettingsPage />, { session: makeSession() });
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Actions for Ada Admin' }));

    expect(await screen.findByRole('menuitem', { name: 'Edit user' })).toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: 'Deactivate' })).not.toBeInTheDocument();
  });

  it('gives members the list without the admin controls', async () => {
    fakeFetch({
      'GET /api/v1/users': () => json(200, { data: [admin, mia] }),
      'GET /api/v1/teams': () => json(200, { data: [] }),
    });
    await renderWithApp(<UsersSettingsPage />, { session: makeSession({ role: 'member' }) });

    expect(await screen.findAllByTestId('user-row')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Add user' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Actions for/ })).not.toBeInTheDocument();
  });
});
