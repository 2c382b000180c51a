import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json } from '../../../test/render.tsx';
import { contactQuery } from '../contact.api.ts';
import { FIRST_VIEW_WAIT, prefetchContactPage } from './prefetchContactPage.ts';
import { CONTACT_ID, makeProfile } from './testing/profile.ts';

const base = `/api/v1/contacts/${CONTACT_ID}`;

function answerEverything(
  kind: 'person' | 'business',
  journal: () => Promise<Response> | Response = () => json(200, { data: [], nextCursor: null }),
) {
  const list = () => json(200, { data: [], nextCursor: null });
  return fakeFetch({
    [`GET ${base}`]: () => json(200, makeProfile({ kind })),
    ...Object.fromEntries(
      ['upcoming', 'segments', 'opportunities', 'messages/channels', 'messages', 'notes', 'businesses'].map((part) => [
        `GET ${base}/${part}`,
        list,
      ]),
    ),
    [`GET ${base}/timeline`]: journal,
    'GET /api/v1/message-templates': list,
    'GET /api/v1/users': list,
  });
}

const paths = (requests: { path: string }[]) => requests.map((r) => r.path.split('?')[0]).sort();

afterEach(() => {
  vi.useRealTimers();
});

describe('prefetchContactPage', () => {
  it('asks for the whole first view at once, a person’s businesses included, and the journal only for Activity', async () => {
    const queryClient = new QueryClient();
    const requests = answerEverything('person');
    prefetchContactPage(queryClient, CONTACT_ID);
    // Everything leaves before any answer is in: the businesses do not wait for the profile to tell the kind.
    expect(paths(requests)).toEqual(
      [
        base,
        `${base}/businesses`,
        `${base}/messages`,
        `${base}/messages/channels`,
        `${base}/notes`,
        `${base}/opportunities`,
        `${base}/segments`,
        `${base}/timeline`,
        `${base}/upcoming`,
        '/api/v1/message-templates',
        '/api/v1/users',
      ].sort(),
    );

    const business = new QueryClient();
    const asked = answerEverything('business');
    prefetchContactPage(business, CONTACT_ID, 'notes');
    // No journal when the page opens on another tab.
    expect(paths(asked)).toContain(`${base}/notes`);
    expect(paths(asked)).not.toContain(`${base}/timeline`);
  });

  it('uses a fresh profile from the cache and asks again for a stale one', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } });
    queryClient.setQueryData(contactQuery(CONTACT_ID).queryKey, makeProfile({ kind: 'business' }));
    const fresh = answerEverything('business');
    prefetchContactPage(queryClient, CONTACT_ID);
    expect(paths(fresh)).not.toContain(base);

    queryClient.setQueryData(contactQuery(CONTACT_ID).queryKey, makeProfile({ kind: 'business' }), {
      updatedAt: Date.now() - 60_000,
    });
    const stale = answerEverything('business');
    prefetchContactPage(queryClient, CONTACT_ID);
    expect(paths(stale)).toContain(base);
  });

  it('resolves once every answer the cache lacked is in, so the page draws once', async () => {
    const queryClient = new QueryClient();
    let answerJournal: () => void = () => undefined;
    answerEverything(
      'person',
      () => new Promise((resolve) => (answerJournal = () => resolve(json(200, { data: [], nextCursor: null })))),
    );
    let settled = false;
    const ready = prefetchContactPage(queryClient, CONTACT_ID).then(() => (settled = true));
    await vi.waitFor(() => expect(queryClient.getQueryData(contactQuery(CONTACT_ID).queryKey)).toBeDefined());
    await new Promise((r) => setTimeout(r, 20));
    // The profile and the rest are in; the journal is not, so the page still waits.
    expect(settled).toBe(false);
    answerJournal();
    await ready;
    expect(settled).toBe(true);
  });

  it('stops waiting after FIRST_VIEW_WAIT for an answer that is late, and at once when everything is cached', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } });
    answerEverything('person', () => new Promise(() => undefined));
    let settled = false;
    const ready = prefetchContactPage(queryClient, CONTACT_ID).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(FIRST_VIEW_WAIT - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await ready;
    expect(settled).toBe(true);
    vi.useRealTimers();

    // Everything but the hanging journal is now cached: a page opened on another tab does not wait at all.
    const again = answerEverything('person');
    await prefetchContactPage(queryClient, CONTACT_ID, 'notes');
    expect(paths(again)).toEqual([]);
  });
});
