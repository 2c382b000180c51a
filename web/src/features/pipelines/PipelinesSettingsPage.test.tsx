import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp } from '../../test/render.tsx';
import { PipelinesSettingsPage } from './PipelinesSettingsPage.tsx';
import { pipeline, PIPELINE_ID, STAGES } from './testing.ts';

/** happy-dom lays nothing out: the stage rows 40 px apart, one under the other. */
function layOut(this: HTMLElement): DOMRect {
  const row = this.closest('[data-testid="stage-row"]');
  const index = row ? [...document.querySelectorAll('[data-testid="stage-row"]')].indexOf(row) : -1;
  const top = index < 0 ? 0 : index * 40;
  return {
    left: 0,
    top,
    width: 600,
    height: index < 0 ? 0 : 36,
    right: 600,
    bottom: top + 36,
    x: 0,
    y: top,
  } as DOMRect;
}
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(layOut);
});
afterEach(() => vi.restoreAllMocks());

describe('PipelinesSettingsPage', () => {
  it('reorders stages with the keyboard on the drag handle, sending the new order with If-Match', async () => {
    const requests = fakeFetch({
      'GET /api/v1/pipelines': () => json(200, { data: [pipeline] }),
      [`PUT /api/v1/pipelines/${PIPELINE_ID}/stages/order`]: () => json(200, { ...pipeline, version: 2 }),
    });
    await renderWithApp(<PipelinesSettingsPage />, { session: makeSession() });
    const handle = await screen.findByRole('button', { name: /Move Lead in/ });
    const press = async (code: string, target: Element | Document = document) => {
      await act(async () => {
        fireEvent.keyDown(target, { code, key: code === 'Space' ? ' ' : code });
        await new Promise((r) => setTimeout(r, 20));
      });
    };
    handle.focus();
    await press('Space', handle);
    await press('ArrowDown');
    await press('Space');
    await waitFor(() => expect(requests.some((r) => r.method === 'PUT')).toBe(true));
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(put.body).toEqual({ stageIds: [STAGES[1]!.id, STAGES[0]!.id, STAGES[2]!.id] });
    expect(put.headers.get('if-match')).toBe('"1"');
  });
});
