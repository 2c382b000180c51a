import { MantineProvider } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp } from '../../test/render.tsx';
import { CONTACT_ID, makeProfile } from '../contacts/record/testing/profile.ts';
import { DuplicatesPage } from './DuplicatesPage.tsx';
import { MergeBanner } from './MergeBanner.tsx';
import { MergeDialog } from './MergeDialog.tsx';

const OTHER = '00000000-0000-4000-8000-00000000c002';
const lena = makeProfile({ custom: { size: 'S' } });
const twin = makeProfile({
  id: OTHER,
  displayName: 'Lena Hofmann',
  lastName: 'Hofmann',
  title: null,
  custom: { size: 'M' },
});
const candidate = {
  id: OTHER,
  displayName: 'Lena Hofmann',
  kind: 'person',
  businessName: 'Nordlicht Logistik GmbH',
  archived: false,
  reasons: ['email', 'similar_name_same_business'],
  sharedEmails: ['lena@nordlicht.test'],
  nameSimilarity: 0.8,
  score: 0.94,
};
const merge = {
  id: '00000000-0000-4000-8000-0000000000e1',
  survivor: { id: CONTACT_ID, displayName: 'Lena Hoffmann' },
  merged: [{ id: OTHER, displayName: 'Lena Hofmann' }],
  mergedBy: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  undoUntil: '2026-12-31T10:00:00.000Z',
  undoneAt: null,
  undoable: true,
};

describe('merging duplicates', () => {
  it('lists candidates with their reasons, compares the differing fields and sends the choices', async () => {
    const toast = vi.spyOn(notifications, 'show');
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/duplicates`]: () => json(200, { data: [candidate] }),
      [`GET /api/v1/contacts/${CONTACT_ID}`]: () => json(200, lena),
      [`GET /api/v1/contacts/${OTHER}`]: () => json(200, twin),
      'POST /api/v1/contact-merges': () => json(201, merge),
    });
    await renderWithApp(<MergeDialog contact={lena} opened onClose={() => {}} />, { session: makeSession() });
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('94% match')).toBeTruthy();
    expect(within(dialog).getByText('Same email')).toBeTruthy();
    expect(within(dialog).getByText('Similar name, same business')).toBeTruthy();
    const next = within(dialog).getByRole('button', { name: /Compare/ });
    expect((next as HTMLButtonElement).disabled).toBe(true);

    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Select Lena Hofmann' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Compare 2 contacts' }));
    // Only differing fields are offered: last name, title (one side empty) and the custom size.
    const takeLast = await within(dialog).findByRole('radio', { name: 'Keep Last name from Lena Hofmann' });
    expect(within(dialog).queryByRole('radio', { name: /Keep First name/ })).toBeNull();
    expect(
      (within(dialog).getByRole('radio', { name: 'Keep Last name from Lena Hoffmann' }) as HTMLInputElement).checked,
    ).toBe(true);
    await userEvent.click(takeLast);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Merge 2 contacts' }));

    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    const sent = requests.find((r) => r.method === 'POST')!.body as Record<string, any>;
    expect(sent.survivorId).toBe(CONTACT_ID);
    expect(sent.mergedIds).toEqual([OTHER]);
    expect(sent.fields.lastName).toBe(OTHER);
    expect(sent.custom.size).toBe(CONTACT_ID);
    // The toast names the result and carries the undo.
    await waitFor(() => expect(toast).toHaveBeenCalled());
    render(<MantineProvider>{toast.mock.lastCall![0].message}</MantineProvider>);
    expect(screen.getByText('Merged 1 contact into Lena Hoffmann')).toBeTruthy();
  });

  it('says so when there are no likely duplicates', async () => {
    fakeFetch({ [`GET /api/v1/contacts/${CONTACT_ID}/duplicates`]: () => json(200, { data: [] }) });
    await renderWithApp(<MergeDialog contact={lena} opened onClose={() => {}} />, { session: makeSession() });
    expect(await screen.findByText('No likely duplicates')).toBeTruthy();
  });

  it('offers the undo on the main record and reports what it kept', async () => {
    const toast = vi.spyOn(notifications, 'show');
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/merges`]: () => json(200, { data: [merge] }),
      [`POST /api/v1/contact-merges/${merge.id}/undo`]: () =>
        json(200, {
          merge: { ...merge, undoable: false, undoneAt: '2026-12-02T10:00:00.000Z' },
          notes: [{ contactId: CONTACT_ID, code: 'field_changed_since', message: 'title was changed' }],
        }),
    });
    await renderWithApp(<MergeBanner contact={{ ...lena, mergedIds: [OTHER] }} />, { session: makeSession() });
    expect(await screen.findByText(/Lena Hofmann merged into this contact/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Undo merge' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    await waitFor(() => expect(toast).toHaveBeenCalled());
    expect(toast.mock.lastCall![0]).toMatchObject({
      color: 'yellow',
      message: '1 field changed after the merge kept its new value.',
    });
  });

  it('shows nothing for a contact that never took part in a merge', async () => {
    const requests = fakeFetch({});
    await renderWithApp(<MergeBanner contact={lena} />, { session: makeSession() });
    expect(screen.queryByTestId('merge-banner')).toBeNull();
    expect(requests).toEqual([]);
  });

  it('lists the duplicate groups and opens a group on the comparison', async () => {
    fakeFetch({
      'GET /api/v1/duplicates': () =>
        json(200, {
          data: [
            {
              reason: 'email',
              key: 'lena@nordlicht.test',
              contacts: [
                { id: CONTACT_ID, displayName: 'Lena Hoffmann', businessName: null, archived: false },
                { id: OTHER, displayName: 'Lena Hofmann', businessName: null, archived: true },
              ],
            },
          ],
        }),
      [`GET /api/v1/contacts/${CONTACT_ID}`]: () => json(200, lena),
      [`GET /api/v1/contacts/${OTHER}`]: () => json(200, twin),
    });
    await renderWithApp(<DuplicatesPage />, { session: makeSession() });
    expect(await screen.findByText('lena@nordlicht.test')).toBeTruthy();
    expect(screen.getByText('Archived')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Review and merge' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByRole('radio', { name: 'Keep Last name from Lena Hofmann' })).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Merge 2 contacts' })).toBeTruthy();
  });

  it('says when the workspace has no duplicates', async () => {
    fakeFetch({ 'GET /api/v1/duplicates': () => json(200, { data: [] }) });
    await renderWithApp(<DuplicatesPage />, { session: makeSession() });
    expect(await screen.findByText('No duplicates found')).toBeTruthy();
  });
});
