// Pipelines, their boards and forecasts, and opportunities. Keys live under ['pipelines'] and
// ['opportunities']; a contact's deals under ['contact', id, 'opportunities'] so a live update of the
// contact refreshes them.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  BoardDto,
  ColumnPage,
  ContactOpportunityDto,
  CreateOpportunityBody,
  CreatePipelineBody,
  CreateStageBody,
  ForecastDto,
  OpportunityCardDto,
  OpportunityDto,
  OpportunityPage,
  PipelineDto,
  UpdateOpportunityBody,
  UpdateStageBody,
} from '@dossier/contract';
import { ApiError, api, qs } from '../../lib/api.ts';

export type { BoardDto, ContactOpportunityDto, ForecastDto, OpportunityCardDto, OpportunityDto, PipelineDto };
export type StageDto = PipelineDto['stages'][number];
export type OpportunityStatus = OpportunityDto['status'];
export type CreateOpportunityInput = z.input<typeof CreateOpportunityBody>;
export type UpdateOpportunityInput = z.input<typeof UpdateOpportunityBody>;
export type OpportunityPageDto = z.infer<typeof OpportunityPage>;
export type ColumnPageDto = z.infer<typeof ColumnPage>;

interface List<T> {
  data: T[];
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export const pipelinesQuery = queryOptions({
  queryKey: ['pipelines'],
  queryFn: async () => (await api.get<List<PipelineDto>>('/pipelines')).data,
});

export const boardQuery = (pipelineId: string, ownerId: string | null) =>
  queryOptions({
    queryKey: ['pipelines', pipelineId, 'board', { ownerId }],
    queryFn: () => api.get<BoardDto>(`/pipelines/${pipelineId}/board${qs({ ownerId: ownerId ?? undefined })}`),
  });

export const columnPage = (pipelineId: string, stageId: string, cursor: string, ownerId: string | null) =>
  api.get<ColumnPageDto>(`/pipelines/${pipelineId}/board/${stageId}${qs({ cursor, ownerId: ownerId ?? undefined })}`);

export const forecastQuery = (pipelineId: string) =>
  queryOptions({
    queryKey: ['pipelines', pipelineId, 'forecast'],
    queryFn: () => api.get<ForecastDto>(`/pipelines/${pipelineId}/forecast`),
  });

export interface OpportunityFilters {
  pipelineId?: string;
  stageId?: string;
  status?: OpportunityStatus;
  ownerId?: string;
  q?: string;
}

export const opportunityListQuery = (filters: OpportunityFilters) =>
  queryOptions({
    queryKey: ['opportunities', filters],
    queryFn: () => api.get<OpportunityPageDto>(`/opportunities${qs({ ...filters, limit: 100 })}`),
  });

export const contactOpportunitiesKey = (contactId: string) => ['contact', contactId, 'opportunities'] as const;
/** The contact's deals and, for a person, those of the businesses they are linked to (`via` the business). */
export const contactOpportunitiesQuery = (contactId: string) =>
  queryOptions({
    queryKey: contactOpportunitiesKey(contactId),
    queryFn: async () =>
      (await api.get<List<ContactOpportunityDto>>(`/contacts/${contactId}/opportunities${qs({ linked: 'true' })}`))
        .data,
  });

export const createOpportunity = (input: CreateOpportunityInput) => api.post<OpportunityDto>('/opportunities', input);
export const updateOpportunity = (o: Pick<OpportunityDto, 'id' | 'version'>, input: UpdateOpportunityInput) =>
  api.patch<OpportunityDto>(`/opportunities/${o.id}`, input, ifMatch(o.version));
export const deleteOpportunity = (o: Pick<OpportunityDto, 'id' | 'version'>) =>
  api.delete(`/opportunities/${o.id}`, ifMatch(o.version));

export const createPipeline = (input: z.input<typeof CreatePipelineBody>) => api.post<PipelineDto>('/pipelines', input);
export const renamePipeline = (p: PipelineDto, name: string) =>
  api.patch<PipelineDto>(`/pipelines/${p.id}`, { name }, ifMatch(p.version));
export const deletePipeline = (p: PipelineDto) => api.delete(`/pipelines/${p.id}`, ifMatch(p.version));
export const addStage = (p: PipelineDto, input: z.input<typeof CreateStageBody>) =>
  api.post<PipelineDto>(`/pipelines/${p.id}/stages`, input, ifMatch(p.version));
export const updateStage = (p: PipelineDto, stageId: string, input: z.input<typeof UpdateStageBody>) =>
  api.patch<PipelineDto>(`/pipelines/${p.id}/stages/${stageId}`, input, ifMatch(p.version));
export const reorderStages = (p: PipelineDto, stageIds: string[]) =>
  api.put<PipelineDto>(`/pipelines/${p.id}/stages/order`, { stageIds }, ifMatch(p.version));
export const deleteStage = (p: PipelineDto, stageId: string, moveTo?: string) =>
  api.delete(`/pipelines/${p.id}/stages/${stageId}${qs({ moveTo })}`, ifMatch(p.version));

/** After a deal changes: boards, forecasts and lists, the contact's deals, header and timeline. */
/** Someone else changed it meanwhile (a stale If-Match): 409 version_conflict, with `current` for an opportunity. */
export const isStale = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.code === 'version_conflict';

export async function afterOpportunityChange(queryClient: QueryClient, contactIds: string[]): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['pipelines'] }),
    queryClient.invalidateQueries({ queryKey: ['opportunities'] }),
    // Every contact's deals: a business's deal is also listed on the pages of the people linked to it.
    queryClient.invalidateQueries({
      predicate: (q) => q.queryKey[0] === 'contact' && q.queryKey[2] === 'opportunities',
    }),
    ...contactIds.map((id) => queryClient.invalidateQueries({ queryKey: ['contact', id, 'timeline'] })),
  ]);
}

/** "€12,000" in the reader's language. */
export function formatMoney(value: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
  } catch {
    return `${Math.round(value).toLocaleString(locale)} ${currency}`;
  }
}

/** Whole days since the card entered its stage. */
export function daysSince(iso: string, now: Date = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000));
}
