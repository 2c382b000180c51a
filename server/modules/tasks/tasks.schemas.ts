import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';
import { UserRef } from '../notes/notes.schemas.ts';

export const ContactRef = z.object({ id: z.uuid(), displayName: z.string() }).meta({ id: 'ContactRef' });

export const Task = z
  .object({
    id: z.uuid(),
    contactId: z.uuid().nullable(),
    contact: ContactRef.nullable(),
    title: z.string(),
    description: z.string(),
    assignee: UserRef,
    dueAt: Timestamp.nullable(),
    status: z.enum(['pending', 'completed']),
    overdue: z.boolean().describe('Pending and due before now'),
    completedAt: Timestamp.nullable(),
    completedBy: UserRef.nullable(),
    createdBy: UserRef.nullable(),
    version: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Task' });
export type TaskDto = z.infer<typeof Task>;

export const CreateTaskBody = z.object({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(10_000).default(''),
  assigneeId: z.uuid().optional().describe('Defaults to the contact’s owner'),
  dueAt: Timestamp.nullable().optional(),
});
export type CreateTaskInput = z.infer<typeof CreateTaskBody>;

export const UpdateTaskBody = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().max(10_000),
    assigneeId: z.uuid(),
    dueAt: Timestamp.nullable(),
  })
  .partial();
export type UpdateTaskInput = z.infer<typeof UpdateTaskBody>;

export const ContactTasksQuery = z.object({
  status: z.enum(['pending', 'completed', 'all']).default('all'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const taskBuckets = ['overdue', 'today', 'upcoming', 'no_date', 'completed'] as const;
export type TaskBucket = (typeof taskBuckets)[number];

export const AssigneeParam = z
  .union([z.literal('me'), z.uuid()])
  .optional()
  .describe('A user id or "me"; omitted: every assignee');

export const MyTasksQuery = z.object({
  assigneeId: AssigneeParam,
  bucket: z
    .enum(taskBuckets)
    .optional()
    .describe(
      'overdue: pending, due before now; today: due from now until midnight in your time zone; upcoming: due later; no_date: pending without due date; completed. Omitted: all, pending first.',
    ),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const TaskPage = z.object({
  data: z.array(Task).describe('Pending by due date (undated last), then completed, newest first'),
  nextCursor: z.string().nullable(),
});

export const TaskSummaryQuery = z.object({ assigneeId: AssigneeParam });
export const TaskSummary = z
  .object(Object.fromEntries(taskBuckets.map((b) => [b, z.number().int()])) as Record<TaskBucket, z.ZodNumber>)
  .meta({ id: 'TaskSummary' });
