import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp } from '../../test/render.tsx';
import { ApiKeysSettingsPage } from './ApiKeysSettingsPage.tsx';
import type { ApiKeyDto } from './settings.api.ts';

const key = (overrides: Partial<ApiKeyDto>): ApiKeyDto => ({
  id: '00000000-0000-4000-8000-000000000101',
  name: 'Website form',
  prefix: 'dsk_abc123',
  role: 'admin',
  effectiveRole: 'admin',
  createdBy: { id: '00000000-0000-4000-8000-000000000001', name: 'Ada Admin', status: 'active' },
  createdAt: '2026-01-05T09:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  ...overrides,
});

describe('ApiKeysSettingsPage', () => {
  it('says whose key it is, that it has its creator’s current rights, and when it is paused', async () => {
    fakeFetch({
      'GET /api/v1/api-keys': () =>
        json(200, {
          data: [
            key({}),
            key({
              id: '00000000-0000-4000-8000-000000000102',
              name: 'Zapier',
              effectiveRole: 'member',
              createdBy: { id: '00000000-0000-4000-8000-000000000002', name: 'Ben Demoted', status: 'active' },
            }),
            key({
              id: '00000000-0000-4000-8000-000000000103',
              name: 'Old sync',
              effectiveRole: null,
              createdBy: { id: '00000000-0000-4000-8000-000000000003', name: 'Cleo Gone', status: 'deactivated' },
            }),
          ],
        }),
    });
    await renderWithApp(<ApiKeysSettingsPage />, { session: makeSession() });

    expect(
      screen.getByText(/acts for the admin who created it, with that person’s current rights/),
    ).toBeInTheDocument();
    const [ada, ben, cleo] = await screen.findAllByTestId('api-key-row');
    expect(within(ada!).getByText('for Ada Admin')).toBeInTheDocument();
    expect(within(ada!).getByText('Admin')).toBeInTheDocument();
    expect(within(ada!).getByText('Active')).toBeInTheDocument();
    expect(within(ben!).getByText('Member')).toBeInTheDocument();
    expect(within(ben!).getByText('limited by Ben Demoted')).toBeInTheDocument();
    expect(within(cleo!).getByText('for Cleo Gone')).toBeInTheDocument();
    expect(within(cleo!).getByText('Paused')).toBeInTheDocument();
  });
});
