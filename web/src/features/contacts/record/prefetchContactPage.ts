// Everything the contact page shows when it opens, asked for at once as soon as the user heads for it (a hover on a
// link to it, then the click). Left to the page, its parts would ask one after another as they appear: the profile
// first, then — once it has drawn — the thread, the journal, the counts, the groups… a second round trip after the
// first, on every contact opened.
import type { QueryClient } from '@tanstack/react-query';
import { channelOptionsQuery, templatesQuery, threadQuery } from '../../conversations/conversations.api.ts';
import { notesQuery } from '../../notes/notes.api.ts';
import { contactOpportunitiesQuery } from '../../pipelines/pipelines.api.ts';
import { businessesQuery } from '../../relationships/relationships.api.ts';
import { contactSegmentsQuery } from '../../segments/segments.api.ts';
import { usersQuery } from '../../settings/settings.api.ts';
import { upcomingQuery } from '../../timeline/upcoming.api.ts';
import { contactQuery, contactTimelineQuery, FIRST_TIMELINE_VIEW } from '../contact.api.ts';

/** Starts the requests (each only if its answer is not already fresh in the cache) and returns at once. */
export function prefetchContactPage(queryClient: QueryClient, contactId: string, tab?: string): void {
  const ignore = () => undefined; // The page asks again and shows the error where it belongs.
  void queryClient
    // A profile already in the cache is used at once for the kind, and asked for again now if it is stale.
    .ensureQueryData({ ...contactQuery(contactId), revalidateIfStale: true })
    // Only a person is linked to businesses; the page asks for them once it knows the kind, as this does.
    .then((contact) => (contact.kind === 'person' ? queryClient.prefetchQuery(businessesQuery(contactId)) : undefined))
    .catch(ignore);
  void queryClient.prefetchQuery(upcomingQuery(contactId));
  void queryClient.prefetchQuery(contactSegmentsQuery(contactId));
  void queryClient.prefetchQuery(contactOpportunitiesQuery(contactId));
  void queryClient.prefetchQuery(channelOptionsQuery(contactId));
  void queryClient.prefetchQuery(templatesQuery);
  void queryClient.prefetchQuery(usersQuery('active'));
  void queryClient.prefetchInfiniteQuery(threadQuery(contactId, null));
  void queryClient.prefetchInfiniteQuery(notesQuery(contactId, ''));
  // The journal's first view belongs to the Activity tab, the one a contact opens on.
  if (!tab || tab === 'activity')
    void queryClient.prefetchInfiniteQuery(contactTimelineQuery(contactId, FIRST_TIMELINE_VIEW));
}
