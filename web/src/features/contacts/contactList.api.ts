// Calls and cache keys for the contact list, its bulk actions, saved views, the archive and the create dialog.
// Every type comes from the server's zod schemas. Lists live under ['contacts', …]; one contact under ['contact', id].
import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  BulkBody,
  ContactKind as ContactKindSchema,
  ContactListPage,
  ContactProfile,
  ContactSummary,
  CreateContactBody,
  DndChannel,
  ListFilter as ListFilterSchema,
} from '@dossier/contract';
import type { CreateSavedViewBody, SavedViewDto, UpdateSavedViewBody } from '@dossier/contract';
import { api, qs } from '../../lib/api.ts';
import { apiQueryString, type ContactListSearch } from './list/listSearch.ts';

export type { SavedViewDto };
export type ContactKind = z.infer<typeof ContactKindSchema>;
export type DndChannelValue = z.infer<typeof DndChannel>;
export type ListFilter = z.infer<typeof ListFilterSchema>;
export type FilterOp = ListFilter['op'];
export type ContactSummaryDto = z.infer<typeof ContactSummary>;
export type ContactListPageDto = z.infer<typeof ContactListPage>;
export type ContactProfileDto = z.infer<typeof ContactProfile>;
export type CreateContactInput = z.input<typeof CreateContactBody>;
export type BulkInput = z.input<typeof BulkBody>;
export type CreateSavedViewInput = z.input<typeof CreateSavedViewBody>;
export type UpdateSavedViewInput = z.input<typeof UpdateSavedViewBody>;

interface List<T> {
  data: T[];
}

/** Rows per page: a screenful and a little more (the next page loads as the list is scrolled). */
export const PAGE_SIZE = 25;

// The list -------------------------------------------------------------------------------------------------------

/** One list state, page after page on its cursor. */
export const contactListQuery = (search: ContactListSearch) => {
  // Columns and the open view change what is shown, not what is fetched.
  const { cols: _cols, viewId: _viewId, ...query } = search;
  return infiniteQueryOptions({
    queryKey: ['contacts', 'list', query],
    // A search typed further abandons the request of what was typed before.
    queryFn: ({ pageParam, signal }) =>
      api.get<ContactListPageDto>(`/contacts${apiQueryString(query, { cursor: pageParam, limit: PAGE_SIZE })}`, {
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
};

/** The search palette: the best few matches for what was typed. */
export const paletteSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ['contacts', 'palette', q],
    queryFn: () => api.get<ContactListPageDto>(`/contacts${qs({ q, limit: 8 })}`),
    staleTime: 15_000,
  });

/** After a change to contacts: every list, and every open contact page (they show the same fields). */
export async function refreshContacts(queryClient: QueryClient, opts: { tags?: boolean } = {}): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['contacts'] }),
    queryClient.invalidateQueries({ queryKey: ['contact'] }),
    opts.tags ? queryClient.invalidateQueries({ queryKey: ['tags'] }) : undefined,
  ]);
}

// Writes ---------------------------------------------------------------------------------------------------------

export const createContact = (input: CreateContactInput) => api.post<ContactProfileDto>('/contacts', input);
export const bulkUpdateContacts = (input: BulkInput) => api.post<{ affected: number }>('/contacts/bulk', input);
export const archiveContact = (id: string) => api.delete(`/contacts/${id}`);
export const restoreContact = (id: string) => api.post<ContactProfileDto>(`/contacts/${id}/restore`);
/** Only archived contacts; the server wants the id repeated as the confirmation. */
export const deleteContactPermanently = (id: string) =>
  api.delete(`/contacts/${id}${qs({ permanent: 'true', confirm: id })}`);

// Saved views ----------------------------------------------------------------------------------------------------

export const savedViewsQuery = queryOptions({
  queryKey: ['saved-views'],
  queryFn: async () => (await api.get<List<SavedViewDto>>('/saved-views')).data,
});
export const createSavedView = (input: CreateSavedViewInput) => api.post<SavedViewDto>('/saved-views', input);
export const updateSavedView = (id: string, input: UpdateSavedViewInput) =>
  api.patch<SavedViewDto>(`/saved-views/${id}`, input);
export const deleteSavedView = (id: string) => api.delete(`/saved-views/${id}`);
