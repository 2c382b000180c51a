import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp } from '../../../test/render.tsx';
import type { ChannelSettingsDto } from '../conversations.api.ts';
import { ChannelSettingsPage } from './ChannelSettingsPage.tsx';

const settings: ChannelSettingsDto = {
  email: {
    smtpHost: 'smtp.example.test',
    smtpPort: 587,
    smtpSecurity: 'starttls',
    smtpUser: 'mailer',
    smtpPasswordSet: true,
    fromName: 'Harbour & Hill',
    fromAddress: 'team@harbour.test',
    replyTo: null,
    configured: true,
    instanceDefault: false,
  },
  inbound: { addresses: ['@harbour.test'], apiEnabled: true },
  imap: {
    enabled: true,
    host: 'imap.example.test',
    port: 993,
    secure: true,
    user: 'inbox',
    passwordSet: false,
    mailbox: 'INBOX',
    lastUid: 12,
    lastSyncedAt: '2026-03-01T10:00:00.000Z',
    lastError: 'Authentication failed',
  },
  twilio: {
    accountSid: null,
    authTokenSet: false,
    numbers: [],
    whatsappSender: null,
    baseUrl: null,
    configured: false,
  },
};

describe('ChannelSettingsPage', () => {
  it('shows stored secrets as set without their value, sends a secret only when typed, and the IMAP state', async () => {
    const requests = fakeFetch({
      'GET /api/v1/settings/channels': () => json(200, settings),
      'PUT /api/v1/settings/channels': () => json(200, settings),
      'POST /api/v1/settings/channels/test-email': () => json(200, { accepted: ['ada@example.test'] }),
    });
    await renderWithApp(<ChannelSettingsPage />, { session: makeSession() });
    const form = await screen.findByRole('form', { name: 'Channel settings' });
    expect(within(form).getByDisplayValue('smtp.example.test')).toBeInTheDocument();
    expect(within(form).getAllByText('set')).toHaveLength(1);
    expect(within(form).getByText('Authentication failed')).toBeInTheDocument();
    expect(within(form).getByTestId('imap-sync')).toHaveTextContent('Last fetched');

    await userEvent.click(within(form).getByRole('button', { name: 'Save channel settings' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'PUT')).toHaveLength(1));
    const first = requests.find((r) => r.method === 'PUT')!.body as Record<string, Record<string, unknown>>;
    expect(first.email).not.toHaveProperty('smtpPassword');
    expect(first.twilio).not.toHaveProperty('authToken');
    expect(first.email).toMatchObject({ smtpHost: 'smtp.example.test', smtpPort: 587, smtpSecurity: 'starttls' });

    await userEvent.type(within(form).getByLabelText('Auth token'), 'secret-token');
    await userEvent.click(within(form).getByRole('button', { name: 'Save channel settings' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'PUT')).toHaveLength(2));
    const second = requests.filter((r) => r.method === 'PUT')[1]!.body as Record<string, Record<string, unknown>>;
    expect(second.twilio).toMatchObject({ authToken: 'secret-token' });

    await userEvent.click(within(form).getByRole('button', { name: 'Send test email' }));
    await waitFor(() => expect(requests.filter((r) => r.path.endsWith('/test-email'))).toHaveLength(1));
  });

  it('tells a member the channels are for administrators', async () => {
    fakeFetch({});
    await renderWithApp(<ChannelSettingsPage />, { session: makeSession({ role: 'member' }) });
    expect(await screen.findByText(/Only administrators/)).toBeInTheDocument();
  });
});
