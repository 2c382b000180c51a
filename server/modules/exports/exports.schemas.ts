// The contract of contact-list exports prepared in the background (large lists), with a download link.
import { z } from 'zod';
import { exportFormats, exportStatuses } from '../../db/schema/exports.ts';
import { Timestamp } from '../../platform/http/schemas.ts';
import { ListQuery } from '../contacts/contacts.schemas.ts';

export const CreateExportBody = z.strictObject({
  format: z
    .enum(exportFormats)
    .default('csv')
    .describe('csv: UTF-8 with a byte-order mark, the columns of the one-contact export; vcard: vCard 4.0'),
  query: ListQuery.prefault({}).describe('The list as GET /contacts takes it: search, filters, archive, owner …'),
});
export type CreateExportInput = z.infer<typeof CreateExportBody>;

export const ContactExport = z
  .object({
    id: z.uuid(),
    format: z.enum(exportFormats),
    status: z.enum(exportStatuses),
    filename: z.string(),
    query: z.record(z.string(), z.unknown()).describe('The list query as given (only what was set)'),
    progress: z.object({
      total: z.number().int().nullable().describe('Contacts in the list when the job began; null before'),
      done: z.number().int(),
      contactsPerSecond: z.number().nullable(),
      secondsLeft: z.number().nullable(),
    }),
    size: z.number().int().nullable().describe('Bytes of the finished file'),
    downloadUrl: z.string().nullable().describe('Where the finished file downloads, until expiresAt'),
    error: z.string().nullable(),
    createdAt: Timestamp,
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
    expiresAt: Timestamp.nullable(),
  })
  .meta({ id: 'ContactExport' });
export type ContactExportDto = z.infer<typeof ContactExport>;
