// Contact imports: the history, one import (polled every second while it runs, for the progress bar), its
// preview, the writes with If-Match, the upload and the rejects download. All under ['imports'].
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Import, ImportMapping, ImportOptions, KeptContacts, Preview, UpdateImportBody } from '@dossier/contract';
import { api, API_BASE } from '../../lib/api.ts';
import { upload } from '../contacts/contact.api.ts';

export type ImportDto = z.infer<typeof Import>;
export type ImportOptionsDto = z.infer<typeof ImportOptions>;
export type PreviewDto = z.infer<typeof Preview>;
export type ImportMappingDto = z.infer<typeof ImportMapping>;
export type KeptDto = z.infer<typeof KeptContacts>;

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const ACTIVE = ['queued', 'running', 'undoing'];
export const isActive = (imp: Pick<ImportDto, 'status'>) => ACTIVE.includes(imp.status);

export const importsQuery = queryOptions({
  queryKey: ['imports'],
  queryFn: async () => (await api.get<{ data: ImportDto[] }>('/imports')).data,
  refetchInterval: (q) => (q.state.data?.some(isActive) ? 2000 : false),
});
export const importQuery = (id: string) =>
  queryOptions({
    queryKey: ['imports', id],
    queryFn: () => api.get<ImportDto>(`/imports/${id}`),
    refetchInterval: (q) => (q.state.data && isActive(q.state.data) ? 1000 : false),
  });
export const previewQuery = (imp: Pick<ImportDto, 'id' | 'version'>) =>
  queryOptions({
    queryKey: ['imports', imp.id, 'preview', imp.version],
    queryFn: () => api.get<PreviewDto>(`/imports/${imp.id}/preview`),
    placeholderData: (previous) => previous,
  });
export const keptQuery = (id: string) =>
  queryOptions({
    queryKey: ['imports', id, 'kept'],
    queryFn: async () => (await api.get<KeptDto>(`/imports/${id}/kept`)).data,
  });
export const targetsQuery = queryOptions({
  queryKey: ['imports', 'targets'],
  queryFn: async () => (await api.get<{ standard: string[] }>('/imports/targets')).standard,
  staleTime: Infinity,
});
export const mappingsQuery = queryOptions({
  queryKey: ['imports', 'mappings'],
  queryFn: async () => (await api.get<{ data: ImportMappingDto[] }>('/import-mappings')).data,
});

export const uploadImport = (file: File, csrfToken: string | undefined) =>
  upload<ImportDto>('POST', '/imports', file, { csrfToken });
export const updateImport = (imp: Pick<ImportDto, 'id' | 'version'>, input: z.input<typeof UpdateImportBody>) =>
  api.patch<ImportDto>(`/imports/${imp.id}`, input, ifMatch(imp.version));
export const startImport = (imp: Pick<ImportDto, 'id' | 'version'>) =>
  api.post<ImportDto>(`/imports/${imp.id}/start`, undefined, ifMatch(imp.version));
export const cancelImport = (id: string) => api.post<ImportDto>(`/imports/${id}/cancel`);
export const undoImport = (id: string) => api.post<ImportDto>(`/imports/${id}/undo`);
export const saveMapping = (name: string, importId: string) =>
  api.post<ImportMappingDto>('/import-mappings', { name, importId });
export const applyMapping = (imp: Pick<ImportDto, 'id' | 'version'>, mappingId: string) =>
  api.post<ImportDto>(`/imports/${imp.id}/apply-mapping`, { mappingId }, ifMatch(imp.version));
export const rejectsUrl = (id: string) => `${API_BASE}/imports/${id}/rejects.csv`;
