// Duplicates and merges: a contact's likely duplicates, the merges it took part in, merging and undoing.
// A merge or its undo changes every contact involved and the lists, so both refresh ['contact'] and ['contacts'].
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type {
  DuplicateCandidateDto,
  DuplicateGroupDto,
  MergeDto,
  MergeInputDto,
  UndoMergeResultDto,
} from '@dossier/contract';
import { api } from '../../lib/api.ts';

export type DuplicateCandidate = DuplicateCandidateDto;
export type Merge = MergeDto;
export type DuplicateGroup = DuplicateGroupDto;
export type MergeInput = MergeInputDto;
export type UndoMergeResult = UndoMergeResultDto;

export const duplicatesQuery = (contactId: string) =>
  queryOptions({
    queryKey: ['contact', contactId, 'duplicates'],
    queryFn: async () => (await api.get<{ data: DuplicateCandidate[] }>(`/contacts/${contactId}/duplicates`)).data,
  });

/** The workspace's duplicate groups, for the review page (under ['contacts'] so merges refresh it). */
export const duplicateGroupsQuery = queryOptions({
  queryKey: ['contacts', 'duplicate-groups'],
  queryFn: async () => (await api.get<{ data: DuplicateGroup[] }>('/duplicates')).data,
});

export const mergesQuery = (contactId: string) =>
  queryOptions({
    queryKey: ['contact', contactId, 'merges'],
    queryFn: async () => (await api.get<{ data: Merge[] }>(`/contacts/${contactId}/merges`)).data,
  });

function refresh(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: ['contact'] });
  void queryClient.invalidateQueries({ queryKey: ['contacts'] });
}

export async function mergeContacts(queryClient: QueryClient, input: MergeInput): Promise<Merge> {
  const merge = await api.post<Merge>('/contact-merges', input);
  refresh(queryClient);
  return merge;
}

export async function undoMerge(queryClient: QueryClient, mergeId: string): Promise<UndoMergeResult> {
  const result = await api.post<UndoMergeResult>(`/contact-merges/${mergeId}/undo`);
  refresh(queryClient);
  return result;
}
