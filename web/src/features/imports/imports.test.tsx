import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../app/i18n.ts';
import { fakeFetch, json, makeSession, renderWithApp } from '../../test/render.tsx';
import { describeActor, describeEntry } from '../timeline/journal/describeEntry.ts';
import { ImportPage } from './ImportPage.tsx';
import { ImportsPage } from './ImportsPage.tsx';

const ID = '00000000-0000-4000-8000-0000000000c1';
const base = {
  id: ID,
  name: 'google.csv',
  status: 'draft',
  fileId: '00000000-0000-4000-8000-0000000000f1',
  format: { kind: 'csv', encoding: 'utf-8', delimiter: ',' },
  headers: ['First Name', 'E-mail 1 - Value', 'Phone 1 - Value'],
  mapping: [
    { column: 0, header: 'First Name', target: 'firstName' },
    { column: 1, header: 'E-mail 1 - Value', target: 'email' },
    { column: 2, header: 'Phone 1 - Value', target: null },
  ],
  options: { mode: 'upsert', tags: [], owner: { type: 'importer' }, defaultCountry: null },
  progress: {
    total: 2,
    done: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejected: 0,
    rowsPerSecond: null,
    secondsLeft: null,
  },
  undo: null,
  error: null,
  version: 1,
  createdBy: null,
  createdAt: '2026-03-01T10:00:00.000Z',
  startedAt: null,
  finishedAt: null,
};
const preview = {
  rows: [
    {
      rowNumber: 1,
      cells: ['Ada', 'ada@example.de', '+49 30 1'],
      action: 'create',
      matchedContact: null,
      contact: {
        kind: 'person',
        displayName: 'Ada',
        firstName: 'Ada',
        lastName: null,
        businessName: null,
        title: null,
        emails: ['ada@example.de'],
        phones: [],
        address: null,
        birthday: null,
        tags: [],
        owner: 'Maria',
        custom: {},
      },
      problems: [],
    },
    {
      rowNumber: 2,
      cells: ['Bob', 'bob@@x', ''],
      action: 'reject',
      matchedContact: null,
      contact: null,
      problems: [
        {
          column: 1,
          header: 'E-mail 1 - Value',
          code: 'email_invalid',
          message: '"bob@@x" is not a valid email address',
        },
      ],
    },
  ],
};
const lookups = {
  'GET /api/v1/imports/targets': () =>
    json(200, { standard: ['firstName', 'lastName', 'email', 'phone', 'phone.mobile'] }),
  'GET /api/v1/custom-fields': () => json(200, { data: [] }),
  'GET /api/v1/import-mappings': () => json(200, { data: [] }),
  'GET /api/v1/users': () => json(200, { data: [makeSession().user] }),
  'GET /api/v1/teams': () => json(200, { data: [] }),
};

describe('Import pages', () => {
  it('says what to do when there is no import yet', async () => {
    fakeFetch({ 'GET /api/v1/imports': () => json(200, { data: [] }) });
    await renderWithApp(<ImportsPage />, { session: makeSession() });
    expect(await screen.findByText('No imports yet')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Upload a file' })).toHaveLength(2);
  });

  it('lists imports with their status and counts', async () => {
    const done = { ...base, status: 'completed', progress: { ...base.progress, done: 2, created: 1, rejected: 1 } };
    fakeFetch({ 'GET /api/v1/imports': () => json(200, { data: [done] }) });
    await renderWithApp(<ImportsPage />, { session: makeSession() });
    const row = (await screen.findByRole('link', { name: 'google.csv' })).closest('tr')!;
    expect(within(row).getByText('Completed')).toBeInTheDocument();
    expect(within(row).getByText('1 created · 0 updated · 1 rejected')).toBeInTheDocument();
  });

  it('maps a column, previews problems per cell and starts with If-Match', async () => {
    const requests = fakeFetch({
      ...lookups,
      [`GET /api/v1/imports/${ID}`]: () => json(200, base),
      [`GET /api/v1/imports/${ID}/preview`]: () => json(200, preview),
      [`PATCH /api/v1/imports/${ID}`]: (req) =>
        json(200, {
          ...base,
          version: 2,
          mapping: base.mapping.map((m, i) => ({ ...m, target: (req.body as any).mapping[i].target })),
        }),
      [`POST /api/v1/imports/${ID}/start`]: () => json(200, { ...base, status: 'queued', version: 3 }),
    });
    await renderWithApp(<ImportPage importId={ID} />, { session: makeSession() });
    expect(await screen.findByText('2 rows · CSV · UTF-8 · comma-separated')).toBeInTheDocument();
    const problems = await screen.findAllByTestId('cell-problem');
    expect(problems[0]).toHaveTextContent('E-mail 1 - Value: Not a valid email');
    expect(screen.getAllByText('Rejected').length).toBeGreaterThan(0);

    await userEvent.click(screen.getByRole('combobox', { name: 'Import Phone 1 - Value as' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Mobile phone' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = requests.find((r) => r.method === 'PATCH')!;
    expect(patch.headers.get('if-match')).toBe('"1"');
    expect((patch.body as any).mapping[2]).toEqual({ column: 2, target: 'phone.mobile' });

    await userEvent.click(screen.getByRole('button', { name: 'Import 2 rows' }));
    await waitFor(() => expect(requests.some((r) => r.path.endsWith('/start'))).toBe(true));
    expect(requests.find((r) => r.path.endsWith('/start'))!.headers.get('if-match')).toBe('"2"');
  });

  it('shows the live progress while running, then the result with the rejects download and undo', async () => {
    const running = {
      ...base,
      status: 'running',
      progress: {
        ...base.progress,
        total: 1000,
        done: 400,
        created: 390,
        rejected: 10,
        rowsPerSecond: 200,
        secondsLeft: 3,
      },
    };
    fakeFetch({ [`GET /api/v1/imports/${ID}`]: () => json(200, running) });
    const { queryClient } = await renderWithApp(<ImportPage importId={ID} />, { session: makeSession() });
    expect(await screen.findByTestId('import-done')).toHaveTextContent('400 of 1,000 rows');
    expect(screen.getByText('200 rows/s · about 3 s left')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel import' })).toBeInTheDocument();
    queryClient.setQueryData(['imports', ID], {
      ...running,
      status: 'completed',
      progress: { ...running.progress, done: 1000 },
    });
    const download = await screen.findByRole('link', { name: 'Download 10 rejected rows' });
    expect(download).toHaveAttribute('href', `/api/v1/imports/${ID}/rejects.csv`);
    expect(screen.getByRole('button', { name: 'Undo import' })).toBeInTheDocument();
  });

  it('describes import entries and the import actor in both languages', async () => {
    const entry = {
      kind: 'import.finished',
      data: { name: 'google.csv', status: 'completed', created: 3, updated: 1, rejected: 2 },
    };
    expect(describeEntry(entry).text).toBe('Import google.csv Completed: 3 created, 1 updated, 2 rejected');
    expect(describeActor({ type: 'import', label: 'google.csv' })).toBe('Import · google.csv');
    await setLanguage('de');
    try {
      expect(describeEntry(entry).text).toBe('Import google.csv Fertig: 3 angelegt, 1 aktualisiert, 2 abgelehnt');
    } finally {
      await setLanguage('en');
    }
  });
});
