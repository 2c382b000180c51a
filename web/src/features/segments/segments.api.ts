// Groups and target markets: their lists, writes with If-Match, membership, the rule editor's live count, and the
// segments of one contact. Groups live under ['groups'], target markets under ['target-markets'].
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ContactSegments,
  CreateGroupBody,
  CreateTargetMarketBody,
  Group,
  MembersBody,
  TargetMarket,
  UpdateGroupBody,
  UpdateTargetMarketBody,
} from '@dossier/contract';
import { api, request } from '../../lib/api.ts';

export type GroupDto = z.infer<typeof Group>;
export type TargetMarketDto = z.infer<typeof TargetMarket>;
export type ContactSegmentsDto = z.infer<typeof ContactSegments>;
export type MembersInput = z.input<typeof MembersBody>;

interface List<T> {
  data: T[];
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export const groupsQuery = queryOptions({
  queryKey: ['groups'],
  queryFn: async () => (await api.get<List<GroupDto>>('/groups')).data,
});
export const createGroup = (input: z.input<typeof CreateGroupBody>) => api.post<GroupDto>('/groups', input);
export const updateGroup = (group: Pick<GroupDto, 'id' | 'version'>, input: z.input<typeof UpdateGroupBody>) =>
  api.patch<GroupDto>(`/groups/${group.id}`, input, ifMatch(group.version));
export const deleteGroup = (group: Pick<GroupDto, 'id' | 'version'>) =>
  api.delete(`/groups/${group.id}`, ifMatch(group.version));
export const addToGroup = (groupId: string, input: MembersInput) =>
  api.post<{ affected: number }>(`/groups/${groupId}/members`, input);
export const removeFromGroup = (groupId: string, input: MembersInput) =>
  api.post<{ affected: number }>(`/groups/${groupId}/members/remove`, input);

export const targetMarketsQuery = queryOptions({
  queryKey: ['target-markets'],
  queryFn: async () => (await api.get<List<TargetMarketDto>>('/target-markets')).data,
});
export const createTargetMarket = (input: z.input<typeof CreateTargetMarketBody>) =>
  api.post<TargetMarketDto>('/target-markets', input);
export const updateTargetMarket = (
  market: Pick<TargetMarketDto, 'id' | 'version'>,
  input: z.input<typeof UpdateTargetMarketBody>,
) => api.patch<TargetMarketDto>(`/target-markets/${market.id}`, input, ifMatch(market.version));
export const deleteTargetMarket = (market: Pick<TargetMarketDto, 'id' | 'version'>) =>
  api.delete(`/target-markets/${market.id}`, ifMatch(market.version));

/** How many active contacts rules match, for the live count under the rule editor. */
export const rulesPreviewQuery = (rules: Record<string, unknown>) =>
  queryOptions({
    queryKey: ['target-markets', 'preview', rules],
    queryFn: ({ signal }) => request<{ count: number }>('POST', '/target-markets/preview', { rules }, {}, signal),
    placeholderData: (previous) => previous,
  });

export const contactSegmentsQuery = (contactId: string) =>
  queryOptions({
    queryKey: ['contact', contactId, 'segments'],
    queryFn: () => api.get<ContactSegmentsDto>(`/contacts/${contactId}/segments`),
  });
