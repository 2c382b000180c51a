// The privacy requests: a contact's personal-data archive (a download), its erasure, and the erasure record.
import { queryOptions } from '@tanstack/react-query';
import type { CreateErasureInput, ErasureRequestDto } from '@dossier/contract';
import { api, API_BASE } from '../../lib/api.ts';

export type { ErasureRequestDto } from '@dossier/contract';

export const personalDataArchiveUrl = (contactId: string) => `${API_BASE}/contacts/${contactId}/personal-data-archive`;

/** The newest erasures; the record is rarely long, so one page of 200 is the page. */
export const ERASURE_PAGE = 200;

export const erasureRequestsQuery = queryOptions({
  queryKey: ['erasure-requests'],
  queryFn: async () =>
    api.get<{ data: ErasureRequestDto[]; nextCursor: string | null }>(`/erasure-requests?limit=${ERASURE_PAGE}`),
});

export const eraseContact = (input: CreateErasureInput) => api.post<ErasureRequestDto>('/erasure-requests', input);
