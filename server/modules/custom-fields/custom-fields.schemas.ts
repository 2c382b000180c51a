import { z } from 'zod';
import { customFieldEntities, customFieldTypes } from '../../db/schema/contacts.ts';
import { Timestamp } from '../../platform/http/schemas.ts';

/** A palette colour name (Mantine's: blue, teal, grape…) or #rrggbb. */
export const Color = z
  .string()
  .trim()
  .regex(/^([a-z]{3,12}|#[0-9a-fA-F]{6})$/, 'Use a colour name like "blue" or #rrggbb');

export const CustomFieldType = z.enum(customFieldTypes);
export const CustomFieldEntity = z
  .enum(customFieldEntities)
  .describe('What the field describes: contacts or opportunities');

/** Keys are slugs: lower-case letters, digits and underscores, starting with a letter. */
export const FieldKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'Use lower-case letters, digits and underscores, starting with a letter');

export const SelectOption = z.object({
  value: z.string().trim().min(1).max(100),
  label: z.string().trim().min(1).max(100),
  color: Color.optional(),
});

export const CustomField = z
  .object({
    id: z.uuid(),
    key: z.string().describe('Stable identifier; the contact’s `custom` object is keyed by it'),
    label: z.string(),
    type: CustomFieldType,
    entity: CustomFieldEntity,
    options: z.array(SelectOption).describe('Choices of single_select and multi_select fields'),
    currency: z.string().nullable().describe('ISO 4217 code of a currency field; null: the workspace currency'),
    folderId: z.uuid().nullable(),
    required: z.boolean(),
    appliesToAll: z.boolean().describe('false: only on contacts it was added to'),
    description: z.string().nullable(),
    position: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    archivedAt: Timestamp.nullable(),
  })
  .meta({ id: 'CustomField' });
export type CustomFieldDto = z.infer<typeof CustomField>;

const fieldProps = {
  label: z.string().trim().min(1).max(100),
  options: z.array(SelectOption).max(200),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code like EUR')
    .nullable(),
  folderId: z.uuid().nullable(),
  required: z.boolean(),
  appliesToAll: z.boolean(),
  description: z.string().trim().max(500).nullable(),
  position: z.number().int().min(0).max(100_000),
};

export const CreateCustomFieldBody = z.object({
  key: FieldKey.optional().describe('Derived from the label when left out; can never change'),
  type: CustomFieldType,
  entity: CustomFieldEntity.default('contact').describe('Can never change'),
  label: fieldProps.label,
  options: fieldProps.options.optional(),
  currency: fieldProps.currency.optional(),
  folderId: fieldProps.folderId.optional(),
  required: fieldProps.required.default(false),
  appliesToAll: fieldProps.appliesToAll.default(true),
  description: fieldProps.description.optional(),
  position: fieldProps.position.optional(),
});
export type CreateCustomFieldInput = z.infer<typeof CreateCustomFieldBody>;

/** The key and the type never change (stored values depend on them). */
export const UpdateCustomFieldBody = z.strictObject(fieldProps).partial();
export type UpdateCustomFieldInput = z.infer<typeof UpdateCustomFieldBody>;

export const CustomFieldListQuery = z.object({
  archived: z.enum(['true', 'false', 'all']).default('false').describe('true: only archived fields; all: both'),
  entity: CustomFieldEntity.optional().describe('Only the fields of contacts or of opportunities; both when left out'),
});

export const CustomFieldFolder = z
  .object({
    id: z.uuid(),
    name: z.string(),
    position: z.number().int(),
    builtIn: z.boolean().describe('Shipped with Dossier (Demographics): can be hidden, not deleted'),
    hidden: z.boolean().describe('Its fields are not shown on contacts; their values are kept'),
    fieldCount: z.number().int(),
    createdAt: Timestamp,
  })
  .meta({ id: 'CustomFieldFolder' });
export type CustomFieldFolderDto = z.infer<typeof CustomFieldFolder>;

export const CreateFolderBody = z.object({
  name: z.string().trim().min(1).max(80),
  position: z.number().int().min(0).max(100_000).optional(),
});

export const UpdateFolderBody = z.strictObject({
  name: z.string().trim().min(1).max(80).optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  hidden: z.boolean().optional(),
});

export const UploadedFile = z
  .object({
    fileId: z.uuid().describe('Use as the value of a file field'),
    filename: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    url: z.string(),
  })
  .meta({ id: 'UploadedFile' });
