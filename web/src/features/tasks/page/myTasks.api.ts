// Calls and cache keys for the "My tasks" page: ['tasks', …]. A change also refreshes the contact's own task
// list (['contact', id, …]), which another page may be showing.
import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateTaskBody, TaskBucket, TaskDto, UpdateTaskBody } from '@dossier/contract';
import { api, qs } from '../../../lib/api.ts';

export type { TaskBucket, TaskDto };
export type CreateTaskInput = z.input<typeof CreateTaskBody>;
export type UpdateTaskInput = z.input<typeof UpdateTaskBody>;
export type TaskSummaryDto = Record<TaskBucket, number>;

interface TaskPage {
  data: TaskDto[];
  nextCursor: string | null;
}

/** A user id, "me", or undefined for every assignee. */
export type AssigneeFilter = string | undefined;

export const PAGE_SIZE = 20;

export const taskSummaryQuery = (assigneeId: AssigneeFilter) =>
  queryOptions({
    queryKey: ['tasks', 'summary', assigneeId ?? 'all'],
    queryFn: () => api.get<TaskSummaryDto>(`/tasks/summary${qs({ assigneeId })}`),
  });

export const taskBucketQuery = (assigneeId: AssigneeFilter, bucket: TaskBucket) =>
  infiniteQueryOptions({
    queryKey: ['tasks', 'bucket', assigneeId ?? 'all', bucket],
    queryFn: ({ pageParam }) =>
      api.get<TaskPage>(`/tasks${qs({ assigneeId, bucket, limit: PAGE_SIZE, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const createTask = (contactId: string, input: CreateTaskInput) =>
  api.post<TaskDto>(`/contacts/${contactId}/tasks`, input);
export const updateTask = (id: string, input: UpdateTaskInput) => api.patch<TaskDto>(`/tasks/${id}`, input);
export const completeTask = (id: string) => api.post<TaskDto>(`/tasks/${id}/complete`);
export const reopenTask = (id: string) => api.post<TaskDto>(`/tasks/${id}/reopen`);
export const deleteTask = (id: string) => api.delete(`/tasks/${id}`);

/** After any task change: every My-tasks list and count, and the contact's tasks and upcoming list. */
export async function afterTaskChange(queryClient: QueryClient, contactId: string | null): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['tasks'] }),
    contactId ? queryClient.invalidateQueries({ queryKey: ['contact', contactId] }) : undefined,
  ]);
}
