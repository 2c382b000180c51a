// Everything the contact page shows when it opens, asked for at once as soon as the user heads for it (a hover on a
// link to it, a press on its row, then the click). Left to the page, its parts would ask one after another as they
// appear: the profile first, then — once it has drawn — the thread, the journal, the counts, the groups… a second
// round trip after the first, on every contact opened.
//
// The route waits for what is not in the cache yet, up to FIRST_VIEW_WAIT, and the page then draws once, whole. Drawn
// as each answer came in, the page was laid out six or seven times in its first half second (a skeleton, the profile,
// then one part per answer), and that, not the answers, was most of the wait on a two-core machine.
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { channelOptionsQuery, templatesQuery, threadQuery } from '../../conversations/conversations.api.ts';
import { notesQuery } from '../../notes/notes.api.ts';
import { contactOpportunitiesQuery } from '../../pipelines/pipelines.api.ts';
import { businessesQuery } from '../../relationships/relationships.api.ts';
import { contactSegmentsQuery } from '../../segments/segments.api.ts';
import { usersQuery } from '../../settings/settings.api.ts';
import { upcomingQuery } from '../../timeline/upcoming.api.ts';
import { contactQuery, contactTimelineQuery, FIRST_TIMELINE_VIEW } from '../contact.api.ts';

/** The longest the page holds back for answers: past it, it draws with what it has and shows the rest as it comes. */
export const FIRST_VIEW_WAIT = 400;

/**
 * Starts the requests (each only if its answer is not already fresh in the cache) and resolves once every answer the
 * cache did not have has arrived, or after FIRST_VIEW_WAIT. It never rejects: the page shows a failure where it
 * belongs. A contact seen before opens at once from the cache, refreshed behind it.
 */
export function prefetchContactPage(queryClient: QueryClient, contactId: string, tab?: string): Promise<void> {
  const awaited: Promise<unknown>[] = [];
  /** Asks, and returns what to wait for: the answer if the cache has none, else nothing. */
  const ask = (queryKey: QueryKey, request: () => Promise<unknown>) => {
    const missing = queryClient.getQueryData(queryKey) === undefined;
    const done = request().catch(() => undefined);
    return missing ? done : undefined;
  };
  const start = (queryKey: QueryKey, request: () => Promise<unknown>) => {
    const wait = ask(queryKey, request);
    if (wait) awaited.push(wait);
  };
  const prefetch = <T extends { queryKey: QueryKey }>(options: T, run: (options: T) => Promise<unknown>) =>
    start(options.queryKey, () => run(options));
  prefetch(contactQuery(contactId), (o) => queryClient.prefetchQuery(o));
  // A person's businesses show in the first view; a business has none (the answer is empty) and its Associations tab
  // asks the same. Asked beside the profile rather than once it tells the kind: waiting for it made this the last
  // answer of many opens.
  prefetch(businessesQuery(contactId), (o) => queryClient.prefetchQuery(o));
  prefetch(upcomingQuery(contactId), (o) => queryClient.prefetchQuery(o));
  prefetch(contactSegmentsQuery(contactId), (o) => queryClient.prefetchQuery(o));
  prefetch(contactOpportunitiesQuery(contactId), (o) => queryClient.prefetchQuery(o));
  prefetch(channelOptionsQuery(contactId), (o) => queryClient.prefetchQuery(o));
  prefetch(templatesQuery, (o) => queryClient.prefetchQuery(o));
  prefetch(usersQuery('active'), (o) => queryClient.prefetchQuery(o));
  prefetch(threadQuery(contactId, null), (o) => queryClient.prefetchInfiniteQuery(o));
  prefetch(notesQuery(contactId, ''), (o) => queryClient.prefetchInfiniteQuery(o));
  // The journal's first view belongs to the Activity tab, the one a contact opens on.
  if (!tab || tab === 'activity') {
    prefetch(contactTimelineQuery(contactId, FIRST_TIMELINE_VIEW), (o) => queryClient.prefetchInfiniteQuery(o));
  }
  if (awaited.length === 0) return Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    Promise.all(awaited),
    new Promise((resolve) => (timer = setTimeout(resolve, FIRST_VIEW_WAIT))),
  ]).then(() => clearTimeout(timer));
}
