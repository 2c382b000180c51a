// A contact's associations: the businesses a person works for (with the business details they use by
// reference), a business's contact persons (paged), labelled relations, and the workspace's relation types.
// Keys live under ['contact', id, …] so a live update of the contact refreshes them.
import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ContactLink,
  ContactRelation,
  CreateContactBody,
  CreateLinkBody,
  CreateRelationBody,
  CreateRelationTypeBody,
  LinkPage,
  RelationType,
  UpdateLinkBody,
  UpdateRelationTypeBody,
} from '@dossier/contract';
import { api, qs } from '../../lib/api.ts';

export type ContactLinkDto = z.infer<typeof ContactLink>;
export type ContactRelationDto = z.infer<typeof ContactRelation>;
export type RelationTypeDto = z.infer<typeof RelationType>;
export type LinkInput = z.input<typeof UpdateLinkBody>;
type LinkPageDto = z.infer<typeof LinkPage>;

export const PERSONS_PAGE_SIZE = 25;

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export const businessesQuery = (contactId: string) =>
  queryOptions({
    queryKey: ['contact', contactId, 'businesses'],
    queryFn: () => api.get<{ data: ContactLinkDto[] }>(`/contacts/${contactId}/businesses`).then((r) => r.data),
  });

export const personsQuery = (contactId: string) =>
  infiniteQueryOptions({
    queryKey: ['contact', contactId, 'persons'],
    queryFn: ({ pageParam }) =>
      api.get<LinkPageDto>(`/contacts/${contactId}/persons${qs({ cursor: pageParam, limit: PERSONS_PAGE_SIZE })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const relationsQuery = (contactId: string) =>
  queryOptions({
    queryKey: ['contact', contactId, 'relations'],
    queryFn: () => api.get<{ data: ContactRelationDto[] }>(`/contacts/${contactId}/relations`).then((r) => r.data),
  });

export const relationTypesQuery = queryOptions({
  queryKey: ['relation-types'],
  queryFn: () => api.get<{ data: RelationTypeDto[] }>('/relation-types').then((r) => r.data),
});

export const linkWrites = (contactId: string) => ({
  create: (input: z.input<typeof CreateLinkBody>) => api.post<ContactLinkDto>(`/contacts/${contactId}/links`, input),
  createPerson: (input: LinkInput & { person: Omit<z.input<typeof CreateContactBody>, 'kind'> }) =>
    api.post<ContactLinkDto>(`/contacts/${contactId}/persons`, input),
  update: (link: Pick<ContactLinkDto, 'id' | 'version'>, input: LinkInput) =>
    api.patch<ContactLinkDto>(`/contacts/${contactId}/links/${link.id}`, input, ifMatch(link.version)),
  remove: (linkId: string) => api.delete(`/contacts/${contactId}/links/${linkId}`),
});

export const relationWrites = (contactId: string) => ({
  create: (input: z.input<typeof CreateRelationBody>) =>
    api.post<ContactRelationDto>(`/contacts/${contactId}/relations`, input),
  remove: (relationId: string) => api.delete(`/contacts/${contactId}/relations/${relationId}`),
});

export const createRelationType = (input: z.input<typeof CreateRelationTypeBody>) =>
  api.post<RelationTypeDto>('/relation-types', input);
export const updateRelationType = (type: RelationTypeDto, input: z.input<typeof UpdateRelationTypeBody>) =>
  api.patch<RelationTypeDto>(`/relation-types/${type.id}`, input, ifMatch(type.version));
export const deleteRelationType = (id: string) => api.delete(`/relation-types/${id}`);

/** After a link or relation changes: both contacts' associations and timelines (both were journaled). */
export async function afterAssociationChange(queryClient: QueryClient, contactIds: string[]): Promise<void> {
  await Promise.all(
    contactIds.flatMap((id) => [
      queryClient.invalidateQueries({ queryKey: ['contact', id, 'businesses'] }),
      queryClient.invalidateQueries({ queryKey: ['contact', id, 'persons'] }),
      queryClient.invalidateQueries({ queryKey: ['contact', id, 'relations'] }),
      queryClient.invalidateQueries({ queryKey: ['contact', id, 'timeline'] }),
    ]),
  );
  await queryClient.invalidateQueries({ queryKey: ['relation-types'] });
}
