import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp } from '../../test/render.tsx';
import { AuditLogPage } from './AuditLogPage.tsx';
import type { AuditEntryDto } from '@dossier/contract';
import { describeEntry } from '../timeline/journal/describeEntry.ts';

const zone = { locale: 'en', timeZone: 'Europe/Berlin' };
const ME = makeSession().user;
const MARIA = { ...ME, id: '00000000-0000-4000-8000-000000000002', name: 'Maria Keller', email: 'maria@example.test' };
const LENA = { id: '00000000-0000-4000-8000-000000000900', displayName: 'Lena Hoffmann' };

const entry = (over: Partial<AuditEntryDto>): AuditEntryDto => ({
  id: '01900000-0000-7000-8000-000000000001',
  contactId: LENA.id,
  contact: LENA,
  kind: 'contact.field_changed',
  category: 'admin',
  occurredAt: '2026-03-02T09:30:00.000Z',
  actor: { type: 'user', id: MARIA.id, label: 'Maria Keller' },
  subject: null,
  data: {},
  ...over,
});

describe('describeEntry', () => {
  it('says what happened in words, with field changes as old → new', () => {
    const d = describeEntry(
      entry({
        data: {
          displayName: 'Lena Hoffmann',
          changes: [
            { field: 'jobTitle', old: 'Buyer', new: 'Head of Procurement' },
            { field: 'custom.budget', old: null, new: 250000 },
          ],
        },
      }),
      { zone },
    );
    expect(d.label).toBe('Fields changed');
    expect(d.changes).toEqual([
      { field: 'Job title', old: 'Buyer', new: 'Head of Procurement' },
      { field: 'Budget', old: null, new: '250,000' },
    ]);
    expect(
      describeEntry(
        entry({
          kind: 'contact.owner_changed',
          data: { from: { id: 'a', name: 'Maria Keller' }, to: { id: 'b', name: 'Jonas Weber' } },
        }),
        { zone },
      ).summary,
    ).toBe('Maria Keller → Jonas Weber');
    expect(
      describeEntry(
        entry({
          kind: 'appointment.status_changed',
          category: 'focus',
          data: { title: 'Viewing', from: 'scheduled', to: 'no_show' },
        }),
        { zone },
      ).summary,
    ).toBe('Viewing: Scheduled → No-show');
    // One changed field reads as the field and its old → new value beside the label.
    expect(
      describeEntry(entry({ data: { changes: [{ field: 'jobTitle', old: 'Buyer', new: 'Head of Procurement' }] } }), {
        zone,
      }).summary,
    ).toBe('Job title: Buyer → Head of Procurement');
    // A kind the catalog does not know yet still reads as words.
    expect(describeEntry(entry({ kind: 'invoice.paid', data: {} }), { zone }).label).toBe('Invoice paid');
  });
});

describe('AuditLogPage', () => {
  it('lists the journal and filters it by user, with the export following the same filter', async () => {
    const requests = fakeFetch({
      'GET /api/v1/audit-log': (req) => {
        const actor = new URL(req.path, 'http://x').searchParams.get('actorId');
        const all = [
          entry({
            data: { changes: [{ field: 'jobTitle', old: 'Buyer', new: 'Head of Procurement' }] },
          }),
          entry({
            id: '01900000-0000-7000-8000-000000000002',
            kind: 'calendar.created',
            contactId: null,
            contact: null,
            actor: { type: 'user', id: ME.id, label: ME.name },
            data: { name: 'Viewings' },
          }),
        ];
        return json(200, { data: actor ? all.filter((e) => e.actor.id === actor) : all, nextCursor: null });
      },
      'GET /api/v1/users': () => json(200, { data: [ME, MARIA] }),
      'GET /api/v1/contacts': () => json(200, { data: [], nextCursor: null, total: { value: 0, exact: true } }),
    });
    await renderWithApp(<AuditLogPage />, { session: makeSession() });

    const table = await screen.findByRole('table', { name: 'Audit log' });
    await waitFor(() => expect(within(table).getAllByTestId('audit-row')).toHaveLength(2));
    const first = within(table).getAllByTestId('audit-row')[0]!;
    expect(first).toHaveTextContent('Fields changed');
    expect(first).toHaveTextContent('Job title: Buyer → Head of Procurement');
    expect(within(first).getAllByRole('link', { name: 'Lena Hoffmann' }).length).toBeGreaterThan(0);

    await userEvent.click(screen.getByRole('combobox', { name: 'User' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Maria Keller' }));

    await waitFor(() => expect(within(table).getAllByTestId('audit-row')).toHaveLength(1));
    expect(requests.at(-1)?.path).toContain(`actorId=${MARIA.id}`);
    const exportLink = screen.getByRole('link', { name: 'Export CSV' });
    expect(exportLink.getAttribute('href')).toBe(`/api/v1/audit-log/export?actorId=${MARIA.id}`);
    expect(exportLink).toHaveAttribute('download');
  });

  it('tells a member the audit log is for admins', async () => {
    fakeFetch({});
    await renderWithApp(<AuditLogPage />, { session: makeSession({ role: 'member' }) });
    expect(screen.getByText('Only admins can see the audit log')).toBeInTheDocument();
  });
});
