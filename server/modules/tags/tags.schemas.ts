import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';
import { Color } from '../custom-fields/custom-fields.schemas.ts';

export const Tag = z
  .object({
    id: z.uuid(),
    name: z.string(),
    color: z.string(),
    usageCount: z
      .number()
      .int()
      .describe('Contacts carrying the tag that are not archived, as the contact list counts them'),
    createdAt: Timestamp,
  })
  .meta({ id: 'Tag' });
export type TagDto = z.infer<typeof Tag>;

export const TagName = z.string().trim().min(1).max(60);

export const CreateTagBody = z.object({ name: TagName, color: Color.optional() });
export const UpdateTagBody = z.strictObject({ name: TagName.optional(), color: Color.optional() });
export const TagListQuery = z.object({ q: z.string().trim().max(60).optional().describe('Name contains') });
