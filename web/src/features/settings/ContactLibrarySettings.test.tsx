// The settings pages for the libraries contacts draw on: tags, contact types and custom fields.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, problem, renderWithApp } from '../../test/render.tsx';
import { ContactTypesSettingsPage } from './ContactTypesSettingsPage.tsx';
import { CustomFieldsSettingsPage } from './CustomFieldsSettingsPage.tsx';
import { TagsSettingsPage } from './TagsSettingsPage.tsx';

const at = '2026-02-01T10:00:00.000Z';
const vip = { id: '00000000-0000-4000-8000-0000000000a1', name: 'VIP', color: 'red', usageCount: 12, createdAt: at };
const types = [
  { key: 'lead', label: 'Lead', color: 'blue', position: 0, createdAt: at },
  { key: 'customer', label: 'Customer', color: 'green', position: 1, createdAt: at },
  { key: 'vendor', label: 'Vendor', color: 'orange', position: 2, createdAt: at },
];
const demographics = {
  id: '00000000-0000-4000-8000-0000000000d1',
  name: 'Demographics',
  position: 100,
  builtIn: true,
  hidden: false,
  fieldCount: 1,
  createdAt: at,
};
const field = (key: string, label: string, type: string, folderId: string | null, extra = {}) => ({
  id: `00000000-0000-4000-8000-${key.length.toString().padStart(12, '0')}`,
  key,
  label,
  type,
  options: [],
  currency: null,
  folderId,
  required: false,
  appliesToAll: true,
  description: null,
  position: 0,
  createdAt: at,
  updatedAt: at,
  archivedAt: null,
  ...extra,
});

describe('TagsSettingsPage', () => {
  it('says how many contacts lose a tag before deleting it', async () => {
    const requests = fakeFetch({
      'GET /api/v1/tags': () => json(200, { data: [vip] }),
      [`DELETE /api/v1/tags/${vip.id}`]: () => new Response(null, { status: 204 }),
    });
    await renderWithApp(<TagsSettingsPage />, { session: makeSession({ role: 'admin' }) });
    const user = userEvent.setup();

    const row = await screen.findByTestId('tag-row');
    expect(within(row).getByRole('link', { name: '12 contacts' })).toHaveAttribute('href', `/contacts?tags=${vip.id}`);
    await user.click(within(row).getByRole('button', { name: 'Actions for VIP' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete tag' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('12 contacts will lose it');
    await user.click(within(dialog).getByRole('button', { name: 'Delete tag' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requests.some((r) => r.method === 'DELETE' && r.path === `/api/v1/tags/${vip.id}`)).toBe(true);
  });

  it('keeps a rename that clashes in the form, under the name', async () => {
    fakeFetch({
      'GET /api/v1/tags': () => json(200, { data: [vip] }),
      [`PATCH /api/v1/tags/${vip.id}`]: () => problem(409, 'name_taken', 'A tag named "Hot" already exists'),
    });
    await renderWithApp(<TagsSettingsPage />, { session: makeSession({ role: 'admin' }) });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for VIP' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Rename or recolour' }));
    const dialog = await screen.findByRole('dialog');
    const name = within(dialog).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Hot');
    await user.click(within(dialog).getByRole('radio', { name: 'Green' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await within(dialog).findByText('A tag named "Hot" already exists')).toBeInTheDocument();
    expect(name).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows members the list without any way to change it', async () => {
    fakeFetch({ 'GET /api/v1/tags': () => json(200, { data: [vip] }) });
    await renderWithApp(<TagsSettingsPage />, { session: makeSession({ role: 'member' }) });
    await screen.findByTestId('tag-row');
    expect(screen.queryByRole('button', { name: 'New tag' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Actions for VIP' })).not.toBeInTheDocument();
  });
});

describe('ContactTypesSettingsPage', () => {
  it('moves a type up by rewriting the positions that changed', async () => {
    // A server that remembers positions, so the list reloaded after the change shows the new order.
    let stored = types.map((t) => ({ ...t }));
    const patch = (key: string) => (req: { body: unknown }) => {
      stored = stored.map((t) => (t.key === key ? { ...t, ...(req.body as object) } : t));
      return json(
        200,
        stored.find((t) => t.key === key),
      );
    };
    const requests = fakeFetch({
      'GET /api/v1/contact-types': () => json(200, { data: [...stored].sort((a, b) => a.position - b.position) }),
      'PATCH /api/v1/contact-types/customer': patch('customer'),
      'PATCH /api/v1/contact-types/lead': patch('lead'),
    });
    await renderWithApp(<ContactTypesSettingsPage />, { session: makeSession({ role: 'admin' }) });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Move Customer up' }));

    const rows = await screen.findAllByTestId('contact-type-row');
    expect(rows.map((r) => within(r).getAllByText(/Lead|Customer|Vendor/)[0]!.textContent)).toEqual([
      'Customer',
      'Lead',
      'Vendor',
    ]);
    const patches = requests.filter((r) => r.method === 'PATCH').map((r) => [r.path, r.body]);
    expect(patches).toEqual([
      ['/api/v1/contact-types/customer', { position: 0 }],
      ['/api/v1/contact-types/lead', { position: 1 }],
    ]);
  });

  it('refuses to delete a type in use until a replacement is chosen, then moves its contacts', async () => {
    const requests = fakeFetch({
      'GET /api/v1/contact-types': () => json(200, { data: types }),
      'DELETE /api/v1/contact-types/vendor': (req) =>
        req.path.includes('reassignTo=customer')
          ? new Response(null, { status: 204 })
          : problem(409, 'contact_type_in_use', '7 contact(s) are of the type "Vendor"; pass reassignTo=…', {
              count: 7,
            }),
    });
    await renderWithApp(<ContactTypesSettingsPage />, { session: makeSession({ role: 'admin' }) });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for Vendor' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete type' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Delete type' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('7 contacts have this type');
    expect(alert).not.toHaveTextContent('reassignTo');
    await user.click(within(dialog).getByRole('combobox', { name: 'Move its contacts to' }));
    await user.click(await screen.findByRole('option', { name: 'Customer' }));
    await user.click(within(dialog).getByRole('button', { name: 'Move contacts and delete' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      '/api/v1/contact-types/vendor',
      '/api/v1/contact-types/vendor?reassignTo=customer',
    ]);
  });
});

describe('CustomFieldsSettingsPage', () => {
  it('groups the library by folder, with fields outside any folder last', async () => {
    fakeFetch({
      'GET /api/v1/custom-fields': () =>
        json(200, {
          data: [
            field('occupation', 'Occupation', 'text', demographics.id),
            field('budget', 'Budget', 'currency', null, { currency: 'EUR', required: true }),
          ],
        }),
      'GET /api/v1/custom-field-folders': () => json(200, { data: [{ ...demographics, hidden: true }] }),
    });
    await renderWithApp(<CustomFieldsSettingsPage />, { session: makeSession({ role: 'member' }) });

    const folders = await screen.findAllByTestId('field-folder');
    expect(folders).toHaveLength(2);
    expect(within(folders[0]!).getByText('Demographics')).toBeInTheDocument();
    expect(within(folders[0]!).getByText('Hidden on contacts')).toBeInTheDocument();
    expect(within(folders[0]!).getByText('Occupation')).toBeInTheDocument();
    expect(within(folders[1]!).getByText('Not in a folder')).toBeInTheDocument();
    expect(within(folders[1]!).getByText('Budget')).toBeInTheDocument();
    expect(within(folders[1]!).getByText('· EUR')).toBeInTheDocument();
    // Members read; only admins get buttons and menus.
    expect(screen.queryByRole('button', { name: 'New field' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Actions for/ })).not.toBeInTheDocument();
  });

  it('creates a select field with its choices and a key derived from the label', async () => {
    const requests = fakeFetch({
      'GET /api/v1/custom-fields': () => json(200, { data: [] }),
      'GET /api/v1/custom-field-folders': () => json(200, { data: [demographics] }),
      'POST /api/v1/custom-fields': (req) =>
        json(201, field('lead_temperature', 'Lead temperature', 'single_select', null, req.body as object)),
    });
    await renderWithApp(<CustomFieldsSettingsPage />, { session: makeSession({ role: 'admin' }) });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New field' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Label'), 'Lead temperature (°C)');
    expect(within(dialog).getByLabelText('Key')).toHaveValue('lead_temperature_c');
    await user.click(within(dialog).getByRole('combobox', { name: 'Type' }));
    await user.click(await screen.findByRole('option', { name: /Single select/ }));

    // A select needs choices before it can be saved.
    await user.click(within(dialog).getByRole('button', { name: 'Create field' }));
    expect(await within(dialog).findByText('Add at least one choice')).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Add choice' }));
    await user.type(within(dialog).getByLabelText('Label of choice 1'), 'Very hot!');
    expect(within(dialog).getByLabelText('Value of choice 1')).toHaveValue('very_hot');
    await user.click(within(dialog).getByRole('button', { name: 'Create field' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const post = requests.find((r) => r.method === 'POST')!;
    expect(post.body).toMatchObject({
      type: 'single_select',
      key: 'lead_temperature_c',
      label: 'Lead temperature (°C)',
      options: [{ value: 'very_hot', label: 'Very hot!', color: 'gray' }],
      folderId: null,
      required: false,
      appliesToAll: true,
    });
  });
});
