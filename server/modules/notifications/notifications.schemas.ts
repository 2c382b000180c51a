import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';
import { ContactRef } from '../tasks/tasks.schemas.ts';

export const notificationKinds = [
  'owner_changed',
  'mentioned',
  'task_assigned',
  'task_due',
  'appointment_booked',
  'message_received',
  'export_ready',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const Notification = z
  .object({
    id: z.uuid(),
    kind: z.enum(notificationKinds),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable().describe('Where to go in the web app, e.g. /contacts/<id>'),
    contact: ContactRef.nullable().describe('null when the contact no longer exists'),
    actor: z
      .object({
        type: z.enum(['user', 'automation', 'contact', 'import', 'api', 'system']),
        id: z.uuid().nullable(),
        label: z.string(),
      })
      .nullable()
      .describe('Who caused it (from the journal entry)'),
    entryId: z.uuid().nullable().describe('The journal entry that caused it'),
    createdAt: Timestamp,
    readAt: Timestamp.nullable(),
  })
  .meta({ id: 'Notification' });
export type NotificationDto = z.infer<typeof Notification>;

export const NotificationListQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only unread ones'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const NotificationPage = z.object({
  data: z.array(Notification).describe('Newest first'),
  nextCursor: z.string().nullable(),
});

export const UnreadCount = z.object({ count: z.number().int() });
export const ReadAllResult = z.object({ updated: z.number().int() });
