import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp } from '../../test/render.tsx';
import { CONTACT_ID, makeProfile } from '../contacts/record/testing/profile.ts';
import { OpportunitiesTab } from './OpportunitiesTab.tsx';
import { deal, pipeline, STAGES } from './testing.ts';

const GRETA = '0190a0b0-0000-7000-8000-0000000000c1';

describe('OpportunitiesTab', () => {
  it('says what to do when the contact has no deals, and opens one with the contact preset', async () => {
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/opportunities`]: () => json(200, { data: [] }),
      'GET /api/v1/pipelines': () => json(200, { data: [pipeline] }),
      'GET /api/v1/users': () => json(200, { data: [] }),
      'POST /api/v1/opportunities': () => json(201, deal(1)),
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
});
