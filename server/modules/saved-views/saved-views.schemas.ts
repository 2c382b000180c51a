import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';

export const SavedView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    query: z
      .record(z.string(), z.unknown())
      .describe('The list query as GET /contacts takes it (q, filters, tags, sort…)'),
    columns: z.array(z.string()).describe('Columns shown, in order'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'SavedView' });
export type SavedViewDto = z.infer<typeof SavedView>;

const fields = {
  name: z.string().trim().min(1).max(80),
  query: z.record(z.string(), z.unknown()),
  columns: z.array(z.string().min(1).max(100)).max(50),
};

export const CreateSavedViewBody = z.object({ ...fields, columns: fields.columns.default([]) });
export const UpdateSavedViewBody = z.strictObject(fields).partial();
