import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp } from '../../test/render.tsx';
import { CONTACT_ID, makeProfile } from '../contacts/record/testing/profile.ts';
import { OpenDealLine } from './OpenDealLine.tsx';
import { OpportunitiesTab } from './OpportunitiesTab.tsx';
import { deal, pipeline, STAGES } from './testing.ts';

const GRETA = '0190a0b0-0000-7000-8000-0000000000c1';
const noFields = {
  'GET /api/v1/custom-fields': () => json(200, { data: [] }),
  'GET /api/v1/custom-field-folders': () => json(200, { data: [] }),
};
const field = (n: number, overrides: object) => ({
  id: `0190a0b0-0000-7000-8000-0000000000f${n}`,
  currency: null,
  folderId: null,
  required: false,
  appliesToAll: true,
  description: null,
  position: n,
  entity: 'opportunity',
  options: [],
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
  archivedAt: null,
  ...overrides,
});
const DEAL_TYPE = field(1, {
  key: 'deal_type',
  label: 'Deal type',
  type: 'single_select',
  required: true,
  options: [
    { value: 'new', label: 'New business' },
    { value: 'upsell', label: 'Upsell' },
  ],
});
const SEATS = field(2, { key: 'seats', label: 'Seats', type: 'number' });

describe('OpportunitiesTab', () => {
  it('says what to do when the contact has no deals, and opens one with the contact preset', async () => {
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/opportunities`]: () => json(200, { data: [] }),
      'GET /api/v1/pipelines': () => json(200, { data: [pipeline] }),
      'GET /api/v1/users': () => json(200, { data: [] }),
      'POST /api/v1/opportunities': () => json(201, deal(1)),
      ...noFields,
      'GET /api/v1/contacts': () =>
        json(200, {
          data: [{ id: GRETA, displayName: 'Greta Lindqvist', kind: 'person' }],
          nextCursor: null,
          total: 1,
        }),
    });
    await renderWithApp(<OpportunitiesTab contact={makeProfile()} />, { session: makeSession() });
    expect(await screen.findByText('No opportunities yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'New opportunity' }));
    const dialog = await screen.findByRole('dialog', { name: 'New opportunity' });
    await userEvent.type(within(dialog).getByLabelText(/^Name/), 'Annual licence');
    await userEvent.type(within(dialog).getByLabelText(/^Value/), '12000');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add a contact' }));
    await userEvent.click(within(dialog).getAllByLabelText('Further contact 1')[0]!);
    await userEvent.click(await screen.findByRole('option', { name: /Greta Lindqvist/ }));
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Role of further contact 1' }), 'Decision maker');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create opportunity' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')!.body).toMatchObject({
      name: 'Annual licence',
      contactId: CONTACT_ID,
      value: 12000,
      pipelineId: pipeline.id,
      stageId: STAGES[0]!.id,
      contacts: [{ contactId: GRETA, role: 'Decision maker' }],
    });
  });

  it('lists deals with stage, value and status, moves the stage and marks one lost with a reason', async () => {
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/opportunities`]: () =>
        json(200, {
          data: [deal(1), deal(2, { status: 'won', name: 'Old deal', closedAt: '2026-02-01T10:00:00.000Z' })],
        }),
      'GET /api/v1/pipelines': () => json(200, { data: [pipeline] }),
      ...noFields,
      [`PATCH /api/v1/opportunities/${deal(1).id}`]: (req) =>
        json(200, deal(1, { ...(req.body as object), version: 2 })),
    });
    await renderWithApp(<OpportunitiesTab contact={makeProfile()} />, { session: makeSession() });
    const [open, won] = await screen.findAllByTestId('contact-opportunity');
    expect(within(open!).getByText('Deal 1')).toBeInTheDocument();
    expect(within(open!).getByText('Open')).toBeInTheDocument();
    expect(within(open!).getByText(/€1,000/)).toBeInTheDocument();
    expect(within(won!).getByText('Won')).toBeInTheDocument();

    await userEvent.click(within(open!).getByRole('combobox', { name: 'Stage of Deal 1' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Proposal' }));
    await waitFor(() => expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ stageId: STAGES[1]!.id }));
    expect(requests.find((r) => r.method === 'PATCH')!.headers.get('if-match')).toBe('"1"');

    await userEvent.click(within(open!).getByRole('button', { name: 'Actions for Deal 1' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Mark as lost…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Why was Deal 1 lost?' });
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'Too expensive');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Mark as lost' }));
    await waitFor(() =>
      expect(requests.filter((r) => r.method === 'PATCH').at(-1)?.body).toEqual({
        status: 'lost',
        lostReason: 'Too expensive',
      }),
    );
  });

  it('fills the opportunity custom fields, shows the API’s refusal on the field and the saved values on the deal', async () => {
    let saved: unknown[] = [];
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/opportunities`]: () => json(200, { data: saved }),
      'GET /api/v1/pipelines': () => json(200, { data: [pipeline] }),
      'GET /api/v1/users': () => json(200, { data: [] }),
      'GET /api/v1/custom-fields': () => json(200, { data: [DEAL_TYPE, SEATS] }),
      'GET /api/v1/custom-field-folders': () => json(200, { data: [] }),
      'POST /api/v1/opportunities': (req) => {
        const body = req.body as { custom?: Record<string, unknown> };
        if (!body.custom?.deal_type) {
          return json(422, {
            type: 'about:blank',
            title: 'Unprocessable Entity',
            status: 422,
            code: 'field_required',
            detail: 'Deal type is required',
            field: 'deal_type',
          });
        }
        saved = [{ ...deal(1), custom: body.custom, via: null }];
        return json(201, saved[0]);
      },
    });
    await renderWithApp(<OpportunitiesTab contact={makeProfile()} />, { session: makeSession() });
    await userEvent.click(await screen.findByRole('button', { name: 'New opportunity' }));
    const dialog = await screen.findByRole('dialog', { name: 'New opportunity' });
    await userEvent.type(within(dialog).getByLabelText(/^Name/), 'Annual licence');
    await userEvent.type(await within(dialog).findByRole('textbox', { name: 'Seats' }), '25');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create opportunity' }));
    // The refusal names the field: it is shown under it, not as a banner.
    expect(await within(dialog).findByText('Deal type is required')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST')[0]!.body).toMatchObject({ custom: { seats: 25 } });

    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Deal type' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Upsell' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create opportunity' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'POST')).toHaveLength(2));
    expect(requests.filter((r) => r.method === 'POST')[1]!.body).toMatchObject({
      name: 'Annual licence',
      contactId: CONTACT_ID,
      custom: { deal_type: 'upsell', seats: 25 },
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const values = await screen.findByTestId('opportunity-custom-values');
    expect(within(values).getByText('Upsell')).toBeInTheDocument();
    expect(within(values).getByText('25')).toBeInTheDocument();
  });

  it('edits a deal’s custom values, sending only those changed', async () => {
    const stored = deal(1, { custom: { seats: 10 } });
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/opportunities`]: () => json(200, { data: [{ ...stored, via: null }] }),
      'GET /api/v1/pipelines': () => json(200, { data: [pipeline] }),
      'GET /api/v1/users': () => json(200, { data: [] }),
      // Deal type is required but empty on this deal: an edit of another field must not trip over it.
      'GET /api/v1/custom-fields': () => json(200, { data: [DEAL_TYPE, SEATS] }),
      'GET /api/v1/custom-field-folders': () => json(200, { data: [] }),
      [`PATCH /api/v1/opportunities/${stored.id}`]: (req) =>
        json(200, { ...stored, ...(req.body as object), version: 2 }),
    });
    await renderWithApp(<OpportunitiesTab contact={makeProfile()} />, { session: makeSession() });
    await userEvent.click(await screen.findByRole('button', { name: 'Actions for Deal 1' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit opportunity' });
    const seats = await within(dialog).findByRole('textbox', { name: 'Seats' });
    expect(seats).toHaveValue('10');
    await userEvent.clear(seats);
    await userEvent.type(seats, '12');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    expect(requests.find((r) => r.method === 'PATCH')!.body).toMatchObject({ custom: { seats: 12 } });
    expect((requests.find((r) => r.method === 'PATCH')!.body as { custom: object }).custom).not.toHaveProperty(
      'deal_type',
    );
  });

  it('marks a business’s deal on a linked person “via” the business, linking to it', async () => {
    const ACME = '0190a0b0-0000-7000-8000-0000000000b9';
    const acme = { id: ACME, displayName: 'Acme GmbH', kind: 'business' as const };
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/opportunities`]: () =>
        json(200, { data: [{ ...deal(1, { contact: acme }), via: acme }] }),
      'GET /api/v1/pipelines': () => json(200, { data: [pipeline] }),
      ...noFields,
    });
    await renderWithApp(
      <>
        <OpenDealLine contactId={CONTACT_ID} />
        <OpportunitiesTab contact={makeProfile()} />
      </>,
      { session: makeSession() },
    );
    // The header's open deal says whose it is, as the tab does (with a link to the business).
    expect(await screen.findByTestId('open-deal')).toHaveTextContent('Open deal: Lead in · €1,000 · via Acme GmbH');
    const via = await screen.findByTestId('deal-via');
    expect(via).toHaveTextContent('via Acme GmbH');
    expect(within(via).getByRole('link', { name: 'Acme GmbH' })).toHaveAttribute('href', `/contacts/${ACME}`);
    expect(requests[0]!.path).toBe(`/api/v1/contacts/${CONTACT_ID}/opportunities?linked=true`);
  });
});
