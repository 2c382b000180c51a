import { waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeSession, renderWithApp } from '../../test/render.tsx';
import { keysForJournal } from './liveEvents.ts';
import { LiveUpdates } from './LiveUpdates.tsx';

/** A stand-in for the browser's EventSource that the test drives by hand. */
class FakeEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.OPEN;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((e: MessageEvent) => void)[]>();

  constructor(public url: string) {
    FakeEventSource.instances.push(this);
  }

  addEventListener(name: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
  }

  emit(name: string, data: unknown, lastEventId = '') {
    const event = new MessageEvent(name, { data: JSON.stringify(data), lastEventId });
    for (const fn of this.listeners.get(name) ?? []) fn(event);
  }

  fail() {
    this.readyState = FakeEventSource.CLOSED;
    this.onerror?.();
  }

  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
}

const CONTACT = '0190a0b0-0000-7000-8000-000000000c01';

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(makeSession()), { headers: { 'content-type': 'application/json' } })),
  );
});

afterEach(() => {
  vi.useRealTimers();
});

async function mount() {
  const app = await renderWithApp(<LiveUpdates />, { session: makeSession() });
  const invalidate = vi.spyOn(app.queryClient, 'invalidateQueries');
  const source = FakeEventSource.instances[0]!;
  return { ...app, invalidate, source };
}

const invalidatedKeys = (spy: ReturnType<typeof vi.fn>) =>
  spy.mock.calls.map(([filters]) => (filters as { queryKey?: unknown }).queryKey).filter(Boolean);

describe('LiveUpdates', () => {
  it('opens one stream on /api/v1/events', async () => {
    await mount();
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.instances[0]!.url).toBe('/api/v1/events');
  });

  it("refreshes the contact and the contact lists when the contact's journal moves", async () => {
    const { source, invalidate } = await mount();
    source.emit('journal', { id: 'e1', contactId: CONTACT, kind: 'note.created' }, 'e1');
    await waitFor(() => expect(invalidatedKeys(invalidate)).toContainEqual(['contact', CONTACT]));
    expect(invalidatedKeys(invalidate)).toContainEqual(['contacts']);
  });

  it('collapses a burst into one refresh per key', async () => {
    const { source, invalidate } = await mount();
    for (let i = 0; i < 50; i++) source.emit('journal', { id: `e${i}`, contactId: CONTACT, kind: 'task.updated' });
    await waitFor(() => expect(invalidatedKeys(invalidate)).toContainEqual(['tasks']));
    const keys = invalidatedKeys(invalidate).map((k) => JSON.stringify(k));
    expect(keys.filter((k) => k === JSON.stringify(['contact', CONTACT]))).toHaveLength(1);
  });

  it('refreshes the bell on notification events', async () => {
    const { source, invalidate } = await mount();
    source.emit('notification', { id: 'n1' }, 'n1');
    await waitFor(() => expect(invalidatedKeys(invalidate)).toContainEqual(['notifications']));
  });

  it('refetches everything on resync', async () => {
    const { source, invalidate } = await mount();
    source.emit('resync', { reason: 'too_many_missed' });
    await waitFor(() =>
      expect(invalidate).toHaveBeenCalledWith(expect.objectContaining({ predicate: expect.any(Function) })),
    );
  });

  it('opens a new stream with the last event id after the server refused it', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { source } = await mount();
    source.emit(
      'journal',
      { id: 'e7', contactId: CONTACT, kind: 'note.created' },
      '0190a0b0-0000-7000-8000-0000000000e7',
    );
    source.fail();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.instances[1]!.url).toBe('/api/v1/events?lastEventId=0190a0b0-0000-7000-8000-0000000000e7');
  });

  it('closes the stream when the app unmounts', async () => {
    const { source, unmount } = await mount();
    unmount();
    expect(source.readyState).toBe(FakeEventSource.CLOSED);
  });
});

describe('keysForJournal', () => {
  it('names what an entry makes stale', () => {
    expect(keysForJournal({ contactId: CONTACT, kind: 'appointment.booked' })).toEqual([
      ['contact', CONTACT],
      ['contacts'],
      ['appointments'],
    ]);
    expect(keysForJournal({ contactId: null, kind: 'tag.created' })).toEqual([['tags']]);
  });
});
