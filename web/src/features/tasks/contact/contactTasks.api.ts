// A contact's tasks: the list by status and the writes (edits and deletes carry If-Match). Keys live under
// ['contact', id, 'tasks', …]; a change also refreshes the My-tasks page (['tasks', …]).
import { infiniteQueryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateTaskBody, TaskDto, TaskPage, UpdateTaskBody } from '@dossier/contract';
import { api, qs } from '../../../lib/api.ts';

export type { TaskDto };
export type CreateTaskInput = z.input<typeof CreateTaskBody>;
export type UpdateTaskInput = z.input<typeof UpdateTaskBody>;
export type TaskStatusFilter = 'pending' | 'completed' | 'all';
type TaskPageDto = z.infer<typeof TaskPage>;

export const TASKS_PAGE_SIZE = 50;

export const contactTasksQuery = (contactId: string, status: TaskStatusFilter) =>
  infiniteQueryOptions({
    queryKey: ['contact', contactId, 'tasks', { status }],
    queryFn: ({ pageParam }) =>
      api.get<TaskPageDto>(`/contacts/${contactId}/tasks${qs({ status, cursor: pageParam, limit: TASKS_PAGE_SIZE })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export const taskWrites = (contactId: string) => ({
  create: (input: CreateTaskInput) => api.post<TaskDto>(`/contacts/${contactId}/tasks`, input),
  update: (task: Pick<TaskDto, 'id' | 'version'>, input: UpdateTaskInput) =>
    api.patch<TaskDto>(`/tasks/${task.id}`, input, ifMatch(task.version)),
  complete: (taskId: string) => api.post<TaskDto>(`/tasks/${taskId}/complete`),
  reopen: (taskId: string) => api.post<TaskDto>(`/tasks/${taskId}/reopen`),
  remove: (task: Pick<TaskDto, 'id' | 'version'>) => api.delete(`/tasks/${task.id}`, ifMatch(task.version)),
});

/** After a task changes: everything about the contact (tasks, upcoming, timeline) and the My-tasks page. */
export async function afterTaskChange(queryClient: QueryClient, contactId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['contact', contactId, 'tasks'] }),
    queryClient.invalidateQueries({ queryKey: ['contact', contactId, 'upcoming'] }),
    queryClient.invalidateQueries({ queryKey: ['contact', contactId, 'timeline'] }),
    queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  ]);
}
