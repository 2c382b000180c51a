import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';
import { ContactKind, CreateContactBody } from '../contacts/contacts.schemas.ts';

/** The other side of a link or relation, as much as a list row shows of it. */
export const LinkedContact = z
  .object({ id: z.uuid(), kind: ContactKind, displayName: z.string(), pictureUrl: z.string().nullable() })
  .meta({ id: 'LinkedContact' });

/** A business's detail the person uses as their own, resolved when read (it follows the business's edits). */
export const ReferencedDetails = z
  .object({
    emails: z.array(z.object({ id: z.uuid(), email: z.string(), type: z.string() })),
    phones: z.array(z.object({ id: z.uuid(), e164: z.string(), international: z.string(), type: z.string() })),
    locations: z.array(z.object({ id: z.uuid(), label: z.string(), address: z.string() })),
  })
  .meta({ id: 'ReferencedDetails' });

export const ContactLink = z
  .object({
    id: z.uuid(),
    person: LinkedContact,
    business: LinkedContact,
    role: z.string().nullable().describe('Role or position of the person at the business'),
    note: z.string().nullable(),
    isPrimary: z.boolean().describe('The person’s primary business (at most one per person)'),
    references: ReferencedDetails.describe('The business’s emails, phones and locations the person uses'),
    version: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'ContactLink' });
export type ContactLinkDto = z.infer<typeof ContactLink>;

const Role = z.string().trim().max(120);
const Note = z.string().trim().max(2000);
const Ids = z.array(z.uuid()).max(20);

const linkFields = {
  role: Role.nullable().optional(),
  note: Note.nullable().optional(),
  isPrimary: z.boolean().optional(),
  emailIds: Ids.optional().describe('Ids of the business’s own emails the person uses'),
  phoneIds: Ids.optional().describe('Ids of the business’s own phones the person uses'),
  locationIds: Ids.optional().describe('Ids of the business’s own locations the person uses'),
};

export const CreateLinkBody = z.strictObject({
  contactId: z.uuid().describe('The other side: a business when linking a person, a person when linking a business'),
  ...linkFields,
});
export type CreateLinkInput = z.infer<typeof CreateLinkBody>;

export const UpdateLinkBody = z.strictObject(linkFields);
export type UpdateLinkInput = z.infer<typeof UpdateLinkBody>;

export const LinkPage = z.object({
  data: z.array(ContactLink),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});

export const PersonsQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const LinkParams = z.object({ id: z.uuid(), linkId: z.uuid() });
export const RelationParams = z.object({ id: z.uuid(), relationId: z.uuid() });

export const RelationType = z
  .object({
    id: z.uuid(),
    label: z.string(),
    inverseLabel: z.string(),
    symmetric: z.boolean().describe('The label reads the same from both sides (spouse ↔ spouse)'),
    position: z.number().int(),
    usageCount: z.number().int().describe('Relations of this type'),
    version: z.number().int(),
  })
  .meta({ id: 'RelationType' });
export type RelationTypeDto = z.infer<typeof RelationType>;

const Label = z.string().trim().min(1).max(60);
export const CreateRelationTypeBody = z.strictObject({
  label: Label,
  inverseLabel: Label.optional().describe('Defaults to the label (a symmetric relation)'),
});
export const UpdateRelationTypeBody = z.strictObject({
  label: Label.optional(),
  inverseLabel: Label.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

export const ContactRelation = z
  .object({
    id: z.uuid(),
    typeId: z.uuid(),
    label: z.string().describe('As seen from the contact asked about: "<contact> is <label> <other>"'),
    other: LinkedContact,
    note: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'ContactRelation' });
export type ContactRelationDto = z.infer<typeof ContactRelation>;

export const CreateRelationBody = z.strictObject({
  typeId: z.uuid(),
  otherContactId: z.uuid(),
  direction: z
    .enum(['forward', 'inverse'])
    .default('forward')
    .describe('forward: this contact is <label> the other; inverse: this contact is <inverse label> the other'),
  note: Note.nullable().optional(),
});
export type CreateRelationInput = z.infer<typeof CreateRelationBody>;

export const CreatePersonBody = z.strictObject({
  person: CreateContactBody.omit({ kind: true }).describe('The new person, as POST /contacts takes it'),
  ...linkFields,
});
export type CreatePersonInput = z.infer<typeof CreatePersonBody>;
