import { z } from 'zod';
import { opportunityStatuses } from '../../db/schema/revenue.ts';
import { Timestamp } from '../../platform/http/schemas.ts';

export const OpportunityStatus = z.enum(opportunityStatuses);

const ContactRef = z.object({ id: z.uuid(), displayName: z.string(), kind: z.enum(['person', 'business']) });
const UserRef = z.object({ id: z.uuid(), name: z.string() });
const Day = z.iso.date();

/** What a board card shows; the full opportunity extends it. */
export const OpportunityCard = z
  .object({
    id: z.uuid(),
    name: z.string(),
    value: z.number(),
    currency: z.string(),
    status: OpportunityStatus,
    pipelineId: z.uuid(),
    stageId: z.uuid(),
    contact: ContactRef,
    owner: UserRef,
    expectedCloseDate: Day.nullable(),
    stageEnteredAt: Timestamp,
    rotting: z.boolean().describe('Open and longer in its stage than the stage’s rotting days'),
    version: z.number().int().describe('Send it as If-Match to change the opportunity'),
  })
  .meta({ id: 'OpportunityCard' });
export type OpportunityCardDto = z.infer<typeof OpportunityCard>;

export const Opportunity = OpportunityCard.extend({
  stage: z.object({ id: z.uuid(), name: z.string(), probability: z.number().int() }),
  pipeline: z.object({ id: z.uuid(), name: z.string() }),
  contacts: z
    .array(z.object({ contact: ContactRef, role: z.string().nullable() }))
    .describe('Further contacts with their roles'),
  lostReason: z.string().nullable(),
  team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  likelihood: z.number().int().nullable().describe('Percent; null means the stage’s probability'),
  probability: z.number().int().describe('The likelihood, or the stage’s probability when it has none'),
  source: z.string().nullable(),
  notes: z.string().nullable(),
  custom: z.record(z.string(), z.unknown()).describe('Values of the opportunity custom fields, by key'),
  closedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).meta({ id: 'Opportunity' });
export type OpportunityDto = z.infer<typeof Opportunity>;

const Name = z.string().trim().min(1).max(200);
const Money = z.number().min(0).max(99_999_999_999_999);
const Currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'An ISO 4217 code like EUR')
  .transform((s) => s.toUpperCase());
const OtherContacts = z
  .array(z.object({ contactId: z.uuid(), role: z.string().trim().max(80).nullable().optional() }))
  .max(50);

const editable = {
  name: Name,
  value: Money,
  currency: Currency,
  pipelineId: z.uuid(),
  stageId: z.uuid(),
  status: OpportunityStatus,
  lostReason: z.string().trim().max(500).nullable(),
  ownerId: z.uuid(),
  teamId: z.uuid().nullable(),
  expectedCloseDate: Day.nullable(),
  likelihood: z.number().int().min(0).max(100).nullable(),
  source: z.string().trim().max(200).nullable(),
  notes: z.string().max(20_000).nullable(),
  custom: z.record(z.string(), z.unknown()),
  contacts: OtherContacts.describe('Replaces the further contacts'),
};

export const CreateOpportunityBody = z.object({
  ...editable,
  contactId: z.uuid().describe('The person or business the deal is with'),
  value: Money.default(0),
  currency: Currency.optional().describe('The workspace currency when left out'),
  pipelineId: z.uuid().optional().describe('The first pipeline when left out'),
  stageId: z.uuid().optional().describe('The pipeline’s first stage when left out'),
  status: OpportunityStatus.default('open'),
  lostReason: editable.lostReason.optional(),
  ownerId: z.uuid().optional().describe('The contact’s owner when left out'),
  teamId: editable.teamId.optional().describe('The owner’s team (else the contact’s) when left out'),
  expectedCloseDate: editable.expectedCloseDate.optional(),
  likelihood: editable.likelihood.optional(),
  source: editable.source.optional(),
  notes: editable.notes.optional(),
  custom: editable.custom.optional(),
  contacts: OtherContacts.optional(),
});
export type CreateOpportunityInput = z.infer<typeof CreateOpportunityBody>;

export const UpdateOpportunityBody = z.strictObject(editable).partial();
export type UpdateOpportunityInput = z.infer<typeof UpdateOpportunityBody>;

export const OpportunityListQuery = z.object({
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  status: OpportunityStatus.optional(),
  ownerId: z.uuid().optional(),
  contactId: z.uuid().optional().describe('The main contact or one of the further contacts'),
  q: z.string().trim().max(200).optional().describe('Name contains'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type OpportunityListQueryInput = z.infer<typeof OpportunityListQuery>;

const Totals = z.object({
  count: z.number().int(),
  value: z.number(),
  weighted: z.number().describe('Σ value × probability of the open ones'),
});

export const OpportunityPage = z.object({
  data: z.array(Opportunity),
  nextCursor: z.string().nullable(),
  totals: Totals.describe('Over every opportunity matching the filters, not only this page'),
});

export const BoardColumn = z.object({
  stageId: z.uuid(),
  count: z.number().int(),
  value: z.number(),
  cards: z.array(OpportunityCard),
  nextCursor: z.string().nullable(),
});

export const Board = z
  .object({ pipelineId: z.uuid(), currency: z.string(), columns: z.array(BoardColumn) })
  .meta({ id: 'Board' });
export type BoardDto = z.infer<typeof Board>;

export const ColumnQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export const BoardQuery = z.object({
  ownerId: z.uuid().optional().describe('Only this owner’s cards'),
  limit: z.coerce.number().int().min(1).max(100).default(25).describe('Cards per column'),
});

export const ColumnPage = z.object({ cards: z.array(OpportunityCard), nextCursor: z.string().nullable() });

export const Forecast = z
  .object({
    pipelineId: z.uuid(),
    currency: z.string(),
    total: Totals,
    byStage: z.array(Totals.extend({ stageId: z.uuid(), name: z.string(), probability: z.number().int() })),
    byOwner: z.array(Totals.extend({ owner: UserRef })),
  })
  .meta({ id: 'Forecast' });
export type ForecastDto = z.infer<typeof Forecast>;

export const ContactOpportunitiesQuery = z.object({
  linked: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe(
      'true: a person’s list also holds the deals of the businesses they are linked to (those the caller may see), marked with `via`',
    ),
});

export const ContactOpportunity = Opportunity.extend({
  via: ContactRef.nullable().describe(
    'Listed because the person is linked to this business (the deal’s contact); null when the contact is on the deal itself',
  ),
}).meta({ id: 'ContactOpportunity' });
export type ContactOpportunityDto = z.infer<typeof ContactOpportunity>;

export const ContactOpportunities = z.object({ data: z.array(ContactOpportunity) });
