import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';
import { UserRef } from '../notes/notes.schemas.ts';

export const UpcomingItem = z
  .object({
    type: z.enum(['task', 'appointment', 'message']),
    id: z.uuid(),
    title: z.string(),
    at: Timestamp.nullable().describe(
      'A task’s due time (null: no due date), an appointment’s start, or when a scheduled message goes out',
    ),
    endsAt: Timestamp.nullable().describe('An appointment’s end; null for tasks'),
    assignee: UserRef,
    status: z
      .string()
      .describe(
        'Task: pending. Appointment: scheduled or confirmed (or showed/no_show while running). Message: scheduled',
      ),
    overdue: z.boolean().describe('A task due before now'),
  })
  .meta({ id: 'UpcomingItem' });
export type UpcomingItemDto = z.infer<typeof UpcomingItem>;

export const UpcomingList = z.object({
  data: z.array(UpcomingItem).describe('Soonest first; overdue tasks lead, undated tasks come last'),
});
