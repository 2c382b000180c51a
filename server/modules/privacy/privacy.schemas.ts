import { z } from 'zod';
import { CursorQuery, Timestamp } from '../../platform/http/schemas.ts';
import { UserRef } from '../notes/notes.schemas.ts';

export const CreateErasureBody = z.object({
  contactId: z.uuid().describe('The contact whose personal data is erased'),
  reason: z
    .string()
    .trim()
    .min(3, 'Say why the data is erased (e.g. “request by email of 3 May”)')
    .max(2000)
    .describe('Why, for the audit record. The contact’s own name, emails and phones are blanked in it.'),
  confirm: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .describe('The contact’s display name, typed again: erasure cannot be undone'),
});
export type CreateErasureInput = z.infer<typeof CreateErasureBody>;

export const ErasureSummary = z
  .object({
    journalEntries: z.number().int().describe('Journal entries whose personal values were redacted'),
    notifications: z.number().int().describe('Notifications removed'),
    importRows: z.number().int().describe('Import outcome rows whose raw values were removed'),
    importFiles: z.number().int().describe('Imported files written again without the contact’s rows'),
    messages: z.number().int().describe('Messages removed or stripped of the contact’s addresses'),
    files: z.number().int().describe('Stored files removed (picture, note and message attachments)'),
    exports: z
      .number()
      .int()
      .optional()
      .describe('Prepared list exports whose file was removed (they may have held the contact)'),
  })
  .meta({ id: 'ErasureSummary' });

export const ErasureRequest = z
  .object({
    id: z.uuid(),
    contactId: z.uuid().describe('The erased contact’s id (the contact no longer exists)'),
    requestedBy: UserRef.nullable().describe('The admin who erased it; null when that user is gone'),
    reason: z.string(),
    summary: ErasureSummary.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'ErasureRequest' });
export type ErasureRequestDto = z.infer<typeof ErasureRequest>;

export const ErasureRequestQuery = CursorQuery;

export const ErasureRequestPage = z.object({
  data: z.array(ErasureRequest).describe('Newest first'),
  nextCursor: z.string().nullable(),
});
