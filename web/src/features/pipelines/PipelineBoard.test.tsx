import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, makeSession, problem, renderWithApp } from '../../test/render.tsx';
import { PipelineBoard } from './PipelineBoard.tsx';
import { card, deal, pipeline, PIPELINE_ID, STAGES } from './testing.ts';

const [lead, proposal] = STAGES;

function boardWith(cards: ReturnType<typeof card>[], extra: { nextCursor?: string } = {}) {
  return {
    pipelineId: PIPELINE_ID,
    currency: 'EUR',
    columns: STAGES.map((s) => {
      const mine = cards.filter((c) => c.stageId === s.id);
      return {
        stageId: s.id,
        count: mine.length + (s.id === lead!.id && extra.nextCursor ? 1 : 0),
        value: mine.reduce((n, c) => n + c.value, 0),
        cards: mine,
        nextCursor: s.id === lead!.id ? (extra.nextCursor ?? null) : null,
      };
    }),
  };
}

/** happy-dom lays nothing out: columns side by side (300 px apart), Won and Lost below them. */
function layOut(this: HTMLElement): DOMRect {
  const box = (left: number, top: number, width: number, height: number) =>
    ({ left, top, width, height, right: left + width, bottom: top + height, x: left, y: top }) as DOMRect;
  const testId = this.getAttribute('data-testid');
  if (testId === 'drop-won') return box(0, 1000, 500, 80);
  if (testId === 'drop-lost') return box(600, 1000, 500, 80);
  // The card shown under the pointer while dragging starts where the picked card is: in the first column.
  if (testId === 'card-overlay') return box(10, 60, 260, 90);
  const column = this.closest('section');
  if (!column) return box(0, 0, 0, 0);
  const index = [...document.querySelectorAll('section')].indexOf(column);
  return column === this ? box(index * 300, 0, 280, 600) : box(index * 300 + 10, 60, 260, 90);
}
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(layOut);
});
afterEach(() => vi.restoreAllMocks());

/** Moves a card with the keyboard alone: Space picks it up, the arrows jump between targets, Space drops it. */
async function drag(cardName: string, keys: string[]) {
  const source = screen.getByRole('button', { name: cardName });
  source.focus();
  const press = async (code: string, target: Element | Document = document) => {
    await act(async () => {
      fireEvent.keyDown(target, { code, key: code === 'Space' ? ' ' : code });
      await new Promise((r) => setTimeout(r, 20));
    });
  };
  await press('Space', source);
  for (const key of keys) await press(key);
  await press('Space');
}

describe('PipelineBoard', () => {
  it('shows each column with its count and value, cards with value, contact, owner, days in stage and rotting', async () => {
    fakeFetch({
      [`GET /api/v1/pipelines/${PIPELINE_ID}/board`]: () =>
        json(200, boardWith([card(1), card(2, { rotting: true, stageId: proposal!.id })])),
    });
    await renderWithApp(<PipelineBoard pipeline={pipeline} ownerId={null} />, { session: makeSession() });
    const leadColumn = await screen.findByRole('region', { name: 'Lead in' });
    expect(within(leadColumn).getByText(/1 deal · €1,000/)).toBeInTheDocument();
    expect(within(leadColumn).getByText('Deal 1')).toBeInTheDocument();
    expect(within(leadColumn).getByText('Anna Schmidt')).toBeInTheDocument();
    expect(within(leadColumn).getByText('3 days')).toBeInTheDocument();
    const rotting = screen.getByText('Deal 2').closest('[data-testid="opportunity-card"]')!;
    expect(rotting).toHaveAttribute('data-rotting');
    expect(
      within(screen.getByRole('region', { name: 'Negotiation' })).getByText('No deals in this stage'),
    ).toBeInTheDocument();
  });

  it('moves a card by keyboard with If-Match, and on a stale move says so and reloads the board', async () => {
    let stale = false;
    const requests = fakeFetch({
      [`GET /api/v1/pipelines/${PIPELINE_ID}/board`]: () => json(200, boardWith([card(1)])),
      [`GET /api/v1/pipelines/${PIPELINE_ID}/forecast`]: () => json(200, {}),
      [`PATCH /api/v1/opportunities/${card(1).id}`]: () =>
        stale
          ? problem(409, 'version_conflict', 'changed', { currentVersion: 2, current: deal(1, { version: 2 }) })
          : json(200, deal(1, { stageId: proposal!.id, version: 2 })),
    });
    await renderWithApp(<PipelineBoard pipeline={pipeline} ownerId={null} />, { session: makeSession() });
    await screen.findByText('Deal 1');
    await drag('Deal 1', ['ArrowRight']);
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = requests.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({ stageId: proposal!.id });
    expect(patch.headers.get('if-match')).toBe('"1"');

    stale = true;
    const boardLoads = requests.filter((r) => r.method === 'GET' && r.path.endsWith('/board')).length;
    await drag('Deal 1', ['ArrowRight', 'ArrowRight']);
    expect(await screen.findByText(/was changed by someone else meanwhile/)).toBeInTheDocument();
    await waitFor(() =>
      expect(requests.filter((r) => r.method === 'GET' && r.path.endsWith('/board')).length).toBeGreaterThan(
        boardLoads,
      ),
    );
  });

  it('asks why when a card is dropped on Lost, and wins it on Won', async () => {
    const requests = fakeFetch({
      [`GET /api/v1/pipelines/${PIPELINE_ID}/board`]: () => json(200, boardWith([card(1)])),
      [`PATCH /api/v1/opportunities/${card(1).id}`]: (req) =>
        json(200, deal(1, { ...(req.body as object), version: 2 })),
    });
    await renderWithApp(<PipelineBoard pipeline={pipeline} ownerId={null} />, { session: makeSession() });
    await screen.findByText('Deal 1');
    await drag('Deal 1', ['ArrowDown', 'ArrowRight']);
    const dialog = await screen.findByRole('dialog', { name: 'Why was Deal 1 lost?' });
    const confirm = within(dialog).getByRole('button', { name: 'Mark as lost' });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'No budget');
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ status: 'lost', lostReason: 'No budget' }),
    );
    await drag('Deal 1', ['ArrowDown']);
    await waitFor(() => expect(requests.filter((r) => r.method === 'PATCH').at(-1)?.body).toEqual({ status: 'won' }));
  });

  it('wins, loses (asking why) and abandons a deal from the card’s menu', async () => {
    const requests = fakeFetch({
      [`GET /api/v1/pipelines/${PIPELINE_ID}/board`]: () => json(200, boardWith([card(1)])),
      [`PATCH /api/v1/opportunities/${card(1).id}`]: (req) =>
        json(200, deal(1, { ...(req.body as object), version: 2 })),
    });
    await renderWithApp(<PipelineBoard pipeline={pipeline} ownerId={null} />, { session: makeSession() });
    const actions = await screen.findByRole('button', { name: 'Actions for Deal 1' });
    await userEvent.click(actions);
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Mark as abandoned' }));
    await waitFor(() => expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ status: 'abandoned' }));
    await userEvent.click(screen.getByRole('button', { name: 'Actions for Deal 1' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Mark as lost…' }));
    expect(await screen.findByRole('dialog', { name: 'Why was Deal 1 lost?' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.click(screen.getByRole('button', { name: 'Actions for Deal 1' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Mark as won' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'PATCH').at(-1)?.body).toEqual({ status: 'won' }));
  });

  it('loads more cards of a column after its cursor', async () => {
    const requests = fakeFetch({
      [`GET /api/v1/pipelines/${PIPELINE_ID}/board`]: () => json(200, boardWith([card(1)], { nextCursor: 'abc' })),
      [`GET /api/v1/pipelines/${PIPELINE_ID}/board/${lead!.id}`]: () =>
        json(200, { cards: [card(3, { name: 'Deal 3' })], nextCursor: null }),
    });
    await renderWithApp(<PipelineBoard pipeline={pipeline} ownerId={null} />, { session: makeSession() });
    await userEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Deal 3')).toBeInTheDocument();
    expect(requests.at(-1)!.path).toContain('cursor=abc');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });
});
