import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';
import { Color, FieldKey } from '../custom-fields/custom-fields.schemas.ts';

export const ContactType = z
  .object({
    key: z.string().describe('Stored on contacts as contactType; never changes'),
    label: z.string(),
    color: z.string(),
    position: z.number().int(),
    createdAt: Timestamp,
  })
  .meta({ id: 'ContactType' });
export type ContactTypeDto = z.infer<typeof ContactType>;

export const CreateContactTypeBody = z.object({
  key: FieldKey.optional().describe('Derived from the label when left out'),
  label: z.string().trim().min(1).max(60),
  color: Color.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

export const UpdateContactTypeBody = z.strictObject({
  label: z.string().trim().min(1).max(60).optional(),
  color: Color.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

export const ContactTypeParams = z.object({ key: z.string().min(1).max(64) });
export const DeleteContactTypeQuery = z.object({
  reassignTo: z.string().min(1).max(64).optional().describe('Move contacts of this type to another type first'),
});
