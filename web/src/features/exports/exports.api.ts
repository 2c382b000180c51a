// Contact-list exports prepared in the background: one export (polled every second while it is being
// prepared, for its progress bar), the user's recent ones, asking for one and cancelling it.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ContactExport } from '@dossier/contract';
import { api } from '../../lib/api.ts';
import { apiQueryString, type ContactListSearch } from '../contacts/list/listSearch.ts';

export type ExportDto = z.infer<typeof ContactExport>;
export type ExportFormat = ExportDto['format'];

export const isPreparing = (e: Pick<ExportDto, 'status'>) => e.status === 'queued' || e.status === 'running';

export const exportQuery = (id: string) =>
  queryOptions({
    queryKey: ['contact-exports', id],
    queryFn: () => api.get<ExportDto>(`/contact-exports/${id}`),
    refetchInterval: (q) => (q.state.data && isPreparing(q.state.data) ? 1000 : false),
  });

export const recentExportsQuery = queryOptions({
  queryKey: ['contact-exports'],
  queryFn: async () => (await api.get<{ data: ExportDto[] }>('/contact-exports')).data,
  refetchInterval: (q) => (q.state.data?.some(isPreparing) ? 2000 : false),
});

/** The list as it is shown (its search, filters and archive), in the server's order. */
export function prepareExport(search: ContactListSearch, format: ExportFormat): Promise<ExportDto> {
  const query = Object.fromEntries(new URLSearchParams(apiQueryString({ ...search, sort: undefined })));
  return api.post<ExportDto>('/contact-exports', { format, query });
}

export const cancelExport = (id: string) => api.post<ExportDto>(`/contact-exports/${id}/cancel`);
