import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, problem, renderWithApp } from '../../test/render.tsx';
import { EraseContactDialog } from './EraseContactDialog.tsx';
import { PrivacySettingsPage } from './PrivacySettingsPage.tsx';
import type { ErasureRequestDto } from './privacy.api.ts';

const contact = { id: '00000000-0000-4000-8000-000000000c01', displayName: 'Alice Example' };

const request: ErasureRequestDto = {
  id: '00000000-0000-4000-8000-000000000e01',
  contactId: contact.id,
  requestedBy: { id: '00000000-0000-4000-8000-000000000001', name: 'Ada Admin' },
  reason: 'Request by email of 3 May',
  summary: { journalEntries: 12, notifications: 1, importRows: 0, importFiles: 0, messages: 2, files: 1 },
  createdAt: '2026-05-03T09:00:00.000Z',
};

describe('EraseContactDialog', () => {
  it('erases only once a reason is given and the contact’s name is typed', async () => {
    const requests = fakeFetch({ 'POST /api/v1/erasure-requests': () => json(201, request) });
    await renderWithApp(<EraseContactDialog contact={contact} opened onClose={() => {}} />, {
      session: makeSession(),
    });
    const user = userEvent.setup();
    const submit = screen.getByRole('button', { name: 'Erase for good' });
    expect(submit).toBeDisabled();

    await user.type(screen.getByRole('textbox', { name: /Reason/ }), 'Request by email of 3 May');
    expect(submit).toBeDisabled();
    const name = screen.getByRole('textbox', { name: /Type Alice Example to confirm/ });
    await user.type(name, 'Alice');
    expect(submit).toBeDisabled();
    await user.type(name, ' example');
    expect(submit).toBeEnabled();

    await user.click(submit);
    expect(await screen.findByText('Elsewhere')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST')).toEqual([
      expect.objectContaining({
        path: '/api/v1/erasure-requests',
        body: { contactId: contact.id, reason: 'Request by email of 3 May', confirm: 'Alice example' },
      }),
    ]);
  });

  it('shows the server’s reason when the contact cannot be erased', async () => {
    fakeFetch({
      'POST /api/v1/erasure-requests': () =>
        problem(409, 'delete_blocked', 'Alice Example has the won opportunity “Roof”'),
    });
    await renderWithApp(<EraseContactDialog contact={contact} opened onClose={() => {}} />, {
      session: makeSession(),
    });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /Reason/ }), 'Asked by phone');
    await user.type(screen.getByRole('textbox', { name: /to confirm/ }), 'Alice Example');
    await user.click(screen.getByRole('button', { name: 'Erase for good' }));
    expect(await screen.findByText(/won opportunity “Roof”/)).toBeInTheDocument();
    expect(screen.getByText('This contact cannot be erased')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Erase for good' })).toBeDisabled();
  });
});

describe('PrivacySettingsPage', () => {
  it('lists who erased which contact, and why', async () => {
    fakeFetch({ 'GET /api/v1/erasure-requests': () => json(200, { data: [request], nextCursor: null }) });
    await renderWithApp(<PrivacySettingsPage />, { session: makeSession() });
    const [row] = await screen.findAllByTestId('erasure-row');
    expect(within(row!).getByText('Ada Admin')).toBeInTheDocument();
    expect(within(row!).getByText(contact.id)).toBeInTheDocument();
    expect(within(row!).getByText('Request by email of 3 May')).toBeInTheDocument();
  });

  it('tells members that erasures are for admins', async () => {
    fakeFetch({});
    await renderWithApp(<PrivacySettingsPage />, { session: makeSession({ role: 'member' }) });
    expect(screen.getByText('Only admins can see and make erasures.')).toBeInTheDocument();
  });
});
