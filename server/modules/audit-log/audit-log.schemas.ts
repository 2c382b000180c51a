import { z } from 'zod';
import { actorTypes, journalCategories } from '../../db/schema/journal.ts';
import { Timestamp } from '../../platform/http/schemas.ts';
import { ContactRef } from '../tasks/tasks.schemas.ts';
import { JournalEntry } from '../timeline/timeline.schemas.ts';

export const AuditEntry = JournalEntry.extend({
  contact: ContactRef.nullable().describe('The contact the entry is about, while it still exists'),
}).meta({ id: 'AuditEntry' });
export type AuditEntryDto = z.infer<typeof AuditEntry>;

const csv = z
  .string()
  .max(2000)
  .transform((s) =>
    s
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  );

export const AuditFilterQuery = z.object({
  actorId: z.uuid().optional().describe('A user’s or an API key’s id'),
  actorType: z.enum(actorTypes).optional(),
  kinds: csv.optional().describe('Comma-separated kinds, e.g. contact.owner_changed,note.deleted'),
  contactId: z.uuid().optional(),
  category: z.enum(journalCategories).optional(),
  from: Timestamp.optional().describe('Entries that occurred at or after'),
  to: Timestamp.optional().describe('Entries that occurred before'),
});
export type AuditFilter = z.infer<typeof AuditFilterQuery>;

export const AuditLogQuery = AuditFilterQuery.extend({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AuditLogPage = z.object({
  data: z.array(AuditEntry).describe('Newest first, in the order they were recorded'),
  nextCursor: z.string().nullable(),
});
