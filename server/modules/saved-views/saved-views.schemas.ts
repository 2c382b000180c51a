import { z } from 'zod';
import { jsonDepth } from '../../platform/http/json-body.ts';
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

/** A saved list query is a small document; deeper nesting is a mistake or an attack. */
const MAX_QUERY_DEPTH = 20;

const fields = {
  name: z.string().trim().min(1).max(80),
  query: z
    .record(z.string(), z.unknown())
    .refine((q) => jsonDepth(q, MAX_QUERY_DEPTH) <= MAX_QUERY_DEPTH, `Nested deeper than ${MAX_QUERY_DEPTH} levels`)
    .refine((q) => JSON.stringify(q).length <= 20_000, 'At most 20,000 characters'),
  columns: z.array(z.string().min(1).max(100)).max(50),
};

export const CreateSavedViewBody = z.object({ ...fields, columns: fields.columns.default([]) });
export const UpdateSavedViewBody = z.strictObject(fields).partial();
