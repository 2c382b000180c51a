import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, makeSession, problem, renderWithApp } from '../../../test/render.tsx';
import { CreateContactDialog } from './CreateContactDialog.tsx';
import { libraryRoutes, maria } from './testFixtures.ts';

const holder = { id: '00000000-0000-4000-8000-00000000d001', displayName: 'Jane Doe', archived: false };

async function renderDialog() {
  const onClose = vi.fn();
  const result = await renderWithApp(<CreateContactDialog opened onClose={onClose} />, { session: makeSession() });
  const dialog = await screen.findByRole('dialog');
  return { ...result, onClose, dialog, user: userEvent.setup() };
}

describe('CreateContactDialog', () => {
  it('names the contact that already has the email, with a link to it, under the email field', async () => {
    fakeFetch({
      ...libraryRoutes,
      'POST /api/v1/contacts': () =>
        problem(409, 'email_taken', 'This email is already used by "Jane Doe"', {
          email: 'jane@example.test',
          contact: holder,
        }),
    });
    const { dialog, user, onClose } = await renderDialog();
    await user.type(within(dialog).getByLabelText('First name'), 'Janet');
    await user.type(within(dialog).getByLabelText('Email'), 'jane@example.test');
    await user.click(within(dialog).getByRole('button', { name: 'Create contact' }));

    const email = within(dialog).getByLabelText('Email');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(within(dialog).getByText(/already used by "Jane Doe"/)).toBeInTheDocument();
    const link = within(dialog).getByRole('link', { name: 'Open Jane Doe' });
    expect(link).toHaveAttribute('href', `/contacts/${holder.id}`);
    // The message is where the problem is, not in a general alert; the dialog stays open to fix it.
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();

    // Editing the address clears the stale message.
    await user.type(email, 'x');
    expect(within(dialog).queryByText(/already used by/)).not.toBeInTheDocument();
  });

  it('names the holder of a taken phone number under the phone field', async () => {
    fakeFetch({
      ...libraryRoutes,
      'POST /api/v1/contacts': () =>
        problem(409, 'phone_taken', 'This phone number is already used by "Jane Doe"', {
          phone: '+49 30 1234567',
          contact: holder,
        }),
    });
    const { dialog, user } = await renderDialog();
    await user.type(within(dialog).getByLabelText('Last name'), 'Doe');
    await user.type(within(dialog).getByRole('textbox', { name: 'Phone' }), '+49 30 1234567');
    await user.click(within(dialog).getByRole('button', { name: 'Create contact' }));

    expect(await within(dialog).findByText(/phone number is already used by "Jane Doe"/)).toBeInTheDocument();
    expect(within(dialog).getByRole('link', { name: 'Open Jane Doe' })).toHaveAttribute(
      'href',
      `/contacts/${holder.id}`,
    );
  });

  it('shows an invalid phone number under the phone field', async () => {
    fakeFetch({
      ...libraryRoutes,
      'POST /api/v1/contacts': () =>
        problem(400, 'phone_invalid', '"+49 1" is not a valid phone number', { field: 'number' }),
    });
    const { dialog, user } = await renderDialog();
    await user.type(within(dialog).getByLabelText('First name'), 'Ola');
    await user.type(within(dialog).getByRole('textbox', { name: 'Phone' }), '+49 30 12');
    await user.click(within(dialog).getByRole('button', { name: 'Create contact' }));

    expect(await within(dialog).findByText('"+49 1" is not a valid phone number')).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Phone' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks for a name before sending anything', async () => {
    const requests = fakeFetch({ ...libraryRoutes });
    const { dialog, user } = await renderDialog();
    await user.click(within(dialog).getByRole('radio', { name: /Business/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create contact' }));

    expect(await within(dialog).findByText('Name the business')).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('shows a problem no field can carry above the buttons', async () => {
    fakeFetch({
      ...libraryRoutes,
      'POST /api/v1/contacts': () => problem(503, 'unavailable', 'The database is busy; try again in a moment'),
    });
    const { dialog, user } = await renderDialog();
    await user.type(within(dialog).getByLabelText('First name'), 'Ola');
    await user.click(within(dialog).getByRole('button', { name: 'Create contact' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The database is busy; try again in a moment');
  });

  it('creates the contact with the chosen owner, type and tags, then opens its page', async () => {
    const created = { id: '00000000-0000-4000-8000-00000000e001', displayName: 'Acme GmbH' };
    const requests = fakeFetch({
      ...libraryRoutes,
      'POST /api/v1/contacts': () => json(201, created),
    });
    const { dialog, user, router, onClose } = await renderDialog();
    await user.click(within(dialog).getByRole('radio', { name: /Business/ }));
    await user.type(within(dialog).getByLabelText(/Business name/), 'Acme GmbH');
    await user.type(within(dialog).getByLabelText('Email'), 'info@acme.test');
    await user.click(within(dialog).getByRole('combobox', { name: 'Contact type' }));
    await user.click(await screen.findByRole('option', { name: 'Customer' }));
    await user.click(within(dialog).getByRole('combobox', { name: 'Owner' }));
    await user.click(await screen.findByRole('option', { name: 'Maria Keller' }));
    await user.type(within(dialog).getByRole('combobox', { name: 'Tags' }), 'Trade fair{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Create contact' }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/contacts/${created.id}`));
    expect(onClose).toHaveBeenCalled();
    const post = requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({
      kind: 'business',
      businessName: 'Acme GmbH',
      emails: [{ email: 'info@acme.test', type: 'work', isPrimary: true }],
      contactType: 'customer',
      ownerId: maria.id,
      tags: ['Trade fair'],
    });
  });
});
