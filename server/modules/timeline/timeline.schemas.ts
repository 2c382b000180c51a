import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';

export const JournalEntry = z
  .object({
    id: z.uuid(),
    contactId: z.uuid().nullable(),
    kind: z.string().describe('e.g. contact.updated, note.created, tag.added'),
    category: z.enum(['focus', 'admin']),
    occurredAt: Timestamp,
    actor: z.object({
      type: z.enum(['user', 'automation', 'contact', 'import', 'api', 'system']),
      id: z.uuid().nullable(),
      label: z.string().describe('A user’s name, a workflow’s name, an API key’s name, "Import"…'),
    }),
    subject: z.object({ type: z.string(), id: z.uuid() }).nullable(),
    data: z
      .record(z.string(), z.unknown())
      .describe('Kind-specific details; updates carry changes: [{field, old, new}]'),
  })
  .meta({ id: 'JournalEntry' });
export type JournalEntryDto = z.infer<typeof JournalEntry>;

const csv = z
  .string()
  .max(2000)
  .transform((s) =>
    s
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  );

export const TimelineQuery = z.object({
  category: z
    .enum(['focus', 'admin'])
    .optional()
    .describe('focus: relationship work; admin: data changes and admin events'),
  kinds: csv.optional().describe('Comma-separated kinds to keep, e.g. note.created,task.completed'),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const TimelinePage = z.object({
  data: z.array(JournalEntry),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next (older) page; null at the end'),
});
