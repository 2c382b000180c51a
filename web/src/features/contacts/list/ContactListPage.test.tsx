import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, makeSession, problem, renderWithApp } from '../../../test/render.tsx';
import { ContactListPage } from './ContactListPage.tsx';
import type { ContactListSearch } from './listSearch.ts';
import { libraryRoutes, summary, vip } from './testFixtures.ts';

const anna = summary({
  id: '00000000-0000-4000-8000-00000000c001',
  displayName: 'Anna Schulz',
  title: 'Property Manager',
  businessName: 'Nordlicht Immobilien',
  primaryEmail: 'anna@example.test',
  primaryPhone: '+493012345678',
  tags: [{ id: vip.id, name: vip.name, color: vip.color }],
});
const ben = summary({ id: '00000000-0000-4000-8000-00000000c002', displayName: 'Ben Braun', contactType: 'customer' });

function page(total: { value: number; exact: boolean }, nextCursor: string | null = null) {
  return json(200, { data: [anna, ben], nextCursor, total });
}

async function renderList(search: ContactListSearch = {}, onSearchChange = vi.fn()) {
  await renderWithApp(<ContactListPage search={search} onSearchChange={onSearchChange} />, { session: makeSession() });
  return { onSearchChange, user: userEvent.setup() };
}

describe('ContactListPage count', () => {
  it('shows an exact count as the number itself', async () => {
    fakeFetch({ ...libraryRoutes, 'GET /api/v1/contacts': () => page({ value: 1234, exact: true }, 'next') });
    await renderList();
    await waitFor(() => expect(screen.getByTestId('contact-count')).toHaveTextContent('1,234 contacts'));
    expect(screen.getByText('Showing 2 of 1,234')).toBeInTheDocument();
  });

  it('says "about" and rounds when the server only estimates', async () => {
    fakeFetch({ ...libraryRoutes, 'GET /api/v1/contacts': () => page({ value: 1_234_567, exact: false }, 'next') });
    await renderList();
    await waitFor(() => expect(screen.getByTestId('contact-count')).toHaveTextContent('about 1.2M contacts'));
    expect(screen.getByText('Showing 2 of about 1.2M')).toBeInTheDocument();
  });

  it('counts one contact in the singular and the archive as archived contacts', async () => {
    fakeFetch({
      ...libraryRoutes,
      'GET /api/v1/contacts': () => json(200, { data: [anna], nextCursor: null, total: { value: 1, exact: true } }),
    });
    await renderList({ archived: true });
    await waitFor(() => expect(screen.getByTestId('contact-count')).toHaveTextContent('1 archived contact'));
  });
});

describe('ContactListPage', () => {
  it('asks the server for the URL’s query and shows the rows', async () => {
    const requests = fakeFetch({ ...libraryRoutes, 'GET /api/v1/contacts': () => page({ value: 2, exact: true }) });
    await renderList({ q: 'anna', tags: vip.id, sort: '-createdAt' });

    const rows = await screen.findAllByTestId('contact-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('Anna Schulz')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('Property Manager · Nordlicht Immobilien')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('+49 30 12345678')).toBeInTheDocument();
    const listCall = requests.find((r) => r.path.startsWith('/api/v1/contacts?'))!;
    const params = new URL(listCall.path, 'http://x').searchParams;
    expect(params.get('q')).toBe('anna');
    expect(params.get('tags')).toBe(vip.id);
    expect(params.get('sort')).toBe('-createdAt');
    expect(params.get('limit')).toBe('25');
  });

  it('exports the list as the user sees it, as CSV or vCard', async () => {
    fakeFetch({ ...libraryRoutes, 'GET /api/v1/contacts': () => page({ value: 2, exact: true }) });
    const { user } = await renderList({ q: 'anna', tags: vip.id, sort: '-createdAt', archived: true });
    await screen.findAllByTestId('contact-row');
    await user.click(screen.getByRole('button', { name: 'Export' }));
    const csv = new URL((await screen.findByRole('menuitem', { name: /CSV/ })).getAttribute('href')!, 'http://x');
    expect(csv.pathname).toBe('/api/v1/contacts/export');
    expect(Object.fromEntries(csv.searchParams)).toEqual({ q: 'anna', tags: vip.id, archived: 'true', format: 'csv' });
    const vcard = screen.getByRole('menuitem', { name: /vCard/ });
    expect(vcard.getAttribute('href')).toMatch(/format=vcard$/);
    expect(vcard.hasAttribute('download')).toBe(true);
  });

  it('prepares a list too large to download at once in the background and follows it to the download', async () => {
    const id = '00000000-0000-4000-8000-0000000e0001';
    const exported = (over: Record<string, unknown>) => ({
      id,
      format: 'csv',
      status: 'queued',
      filename: 'contacts-2026-12-05.csv',
      query: { q: 'anna' },
      progress: { total: null, done: 0, contactsPerSecond: null, secondsLeft: null },
      size: null,
      downloadUrl: null,
      error: null,
      createdAt: '2026-12-05T09:00:00.000Z',
      startedAt: null,
      finishedAt: null,
      expiresAt: null,
      ...over,
    });
    let polls = 0;
    const requests = fakeFetch({
      ...libraryRoutes,
      'GET /api/v1/contacts': () => page({ value: 25_000, exact: true }, 'next'),
      'GET /api/v1/contact-exports': () => json(200, { data: [] }),
      'POST /api/v1/contact-exports': () => json(202, exported({})),
      [`GET /api/v1/contact-exports/${id}`]: () =>
        json(
          200,
          ++polls < 2
            ? exported({
                status: 'running',
                startedAt: '2026-12-05T09:00:01.000Z',
                progress: { total: 25_000, done: 10_000, contactsPerSecond: 20_000, secondsLeft: 1 },
              })
            : exported({
                status: 'completed',
                progress: { total: 25_000, done: 25_000, contactsPerSecond: 25_000, secondsLeft: null },
                size: 4_200_000,
                downloadUrl: `/api/v1/contact-exports/${id}/download`,
                finishedAt: '2026-12-05T09:00:02.000Z',
                expiresAt: '2026-12-12T09:00:02.000Z',
              }),
        ),
    });
    const { user } = await renderList({ q: 'anna', sort: 'name', archived: true });
    await screen.findAllByTestId('contact-row');
    await user.click(screen.getByRole('button', { name: 'Export' }));
    const csv = await screen.findByRole('menuitem', { name: /CSV/ });
    // Not a link to a download: a large list is prepared by the server first.
    expect(csv.hasAttribute('href')).toBe(false);
    expect(screen.getByText(/prepared in the background/)).toBeInTheDocument();
    await user.click(csv);

    const post = requests.find((r) => r.method === 'POST' && r.path === '/api/v1/contact-exports')!;
    expect(post.body).toEqual({ format: 'csv', query: { q: 'anna', archived: 'true' } });
    const dialog = await screen.findByRole('dialog', { name: 'Contact export' });
    expect(await within(dialog).findByTestId('export-done')).toHaveTextContent('10,000 of 25,000 contacts');
    expect(within(dialog).getByRole('button', { name: 'Cancel export' })).toBeInTheDocument();
    const download = await within(dialog).findByRole('link', { name: 'Download' }, { timeout: 3000 });
    expect(download).toHaveAttribute('href', `/api/v1/contact-exports/${id}/download`);
    expect(within(dialog).getByTestId('export-done')).toHaveTextContent('25,000 of 25,000 contacts');
    expect(within(dialog).getByText('Ready')).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Cancel export' })).toBeNull();
  });

  it('sorts by a column header: dates newest first, the same header again flips it', async () => {
    fakeFetch({ ...libraryRoutes, 'GET /api/v1/contacts': () => page({ value: 2, exact: true }) });
    const { user, onSearchChange } = await renderList({ sort: 'owner' });
    await screen.findAllByTestId('contact-row');
    const ownerHeader = screen.getByRole('button', { name: 'Sort by Owner' }).closest('th');
    expect(ownerHeader).toHaveAttribute('aria-sort', 'ascending');

    await user.click(screen.getByRole('button', { name: 'Sort by Updated' }));
    expect(onSearchChange).toHaveBeenLastCalledWith({ sort: '-updatedAt' }, undefined);
    await user.click(screen.getByRole('button', { name: 'Sort by Owner' }));
    expect(onSearchChange).toHaveBeenLastCalledWith({ sort: '-owner' }, undefined);
  });

  it('tells the user when nothing matches and offers to clear the search', async () => {
    fakeFetch({
      ...libraryRoutes,
      'GET /api/v1/contacts': () => json(200, { data: [], nextCursor: null, total: { value: 0, exact: true } }),
    });
    const { user, onSearchChange } = await renderList({ q: 'zzz', kind: 'business' });
    expect(await screen.findByText('Nothing matches “zzz”')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear search and filters' }));
    expect(onSearchChange).toHaveBeenLastCalledWith({}, undefined);
  });

  it('shows a refused filter in words with a way out', async () => {
    fakeFetch({
      ...libraryRoutes,
      'GET /api/v1/contacts': () =>
        problem(400, 'filter_invalid', 'There is no custom field "budget" to filter on', { field: 'custom.budget' }),
    });
    const { user, onSearchChange } = await renderList({ filters: [{ field: 'custom.budget', op: 'gt', value: 1 }] });
    expect(await screen.findByText('There is no custom field "budget" to filter on')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(onSearchChange).toHaveBeenLastCalledWith({}, undefined);
  });

  it('selects the page, then everything matching, and sends the query for a bulk action', async () => {
    const requests = fakeFetch({
      ...libraryRoutes,
      'GET /api/v1/contacts': () => page({ value: 12_000, exact: false }, 'next'),
      'POST /api/v1/contacts/bulk': () =>
        problem(
          422,
          'bulk_too_large',
          'The selection holds about 12000 contacts; at most 10000 can be changed at once — narrow it down',
        ),
    });
    const { user } = await renderList({ tags: vip.id });
    await screen.findAllByTestId('contact-row');

    await user.click(screen.getByRole('checkbox', { name: 'Select the contacts on this page' }));
    expect(screen.getByText('2 selected')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Select all about 12K contacts matching' }));
    expect(screen.getByText('about 12K selected')).toBeInTheDocument();

    await user.click(screen.getAllByRole('button', { name: 'Archive' })[0]!);
    const dialog = await screen.findByRole('dialog', { name: /Archive about 12K contacts/ });
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('at most 10000 can be changed at once');
    const bulk = requests.find((r) => r.method === 'POST')!;
    expect(bulk.body).toEqual({ action: 'archive', selection: { all: true, query: { tags: vip.id } } });
  });
});
