// Groups (hand-made lists) and target markets (rule-based segments): requests and responses.
import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';
import { ListQuery } from '../contacts/contacts.schemas.ts';
import { Color } from '../custom-fields/custom-fields.schemas.ts';

const Name = z.string().trim().min(1).max(80);
const Description = z.string().trim().max(500).nullable();

export const Group = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    color: z.string(),
    memberCount: z.number().int().describe('Members the caller may see'),
    version: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Group' });
export type GroupDto = z.infer<typeof Group>;

export const CreateGroupBody = z.strictObject({
  name: Name,
  description: Description.optional(),
  color: Color.optional(),
});
export const UpdateGroupBody = z.strictObject({
  name: Name.optional(),
  description: Description.optional(),
  color: Color.optional(),
});

/**
 * Target-market rules: the contact list's query as the filter bar sends it (GET /contacts's kind,
 * contactType, ownerId, teamId, tags, dnd, source, language, dates and `filters`), without search,
 * sort or the archive — a segment is always over the active contacts.
 */
export const MarketRules = ListQuery.omit({ q: true, sort: true, archived: true }).strict();
export type MarketRulesInput = z.infer<typeof MarketRules>;

const RulesDoc = z
  .record(z.string(), z.unknown())
  .describe('The contact list query (as GET /contacts takes it, without q, sort and archived)');

export const TargetMarket = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    color: z.string(),
    rules: RulesDoc,
    memberCount: z.number().int().describe('Members the caller may see'),
    evaluatedAt: Timestamp.nullable().describe(
      'When the whole membership was last rebuilt from the rules; null while it is being rebuilt',
    ),
    evaluation: z
      .enum(['evaluating', 'current'])
      .describe(
        'evaluating: the rules were set or changed and the membership is being rebuilt in the background ' +
          '(memberCount counts the members found so far); current: the membership follows the rules',
      ),
    version: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'TargetMarket' });
export type TargetMarketDto = z.infer<typeof TargetMarket>;

export const CreateTargetMarketBody = z.strictObject({
  name: Name,
  description: Description.optional(),
  color: Color.optional(),
  rules: RulesDoc,
});
export const UpdateTargetMarketBody = z.strictObject({
  name: Name.optional(),
  description: Description.optional(),
  color: Color.optional(),
  rules: RulesDoc.optional(),
});

export const RulesPreviewBody = z.strictObject({ rules: RulesDoc });
export const RulesPreview = z.object({ count: z.number().int().describe('Active contacts the rules match') });

/** Chosen contacts, or everything a list query matches (like the list's bulk actions). */
export const MembersBody = z
  .strictObject({
    ids: z.array(z.uuid()).min(1).max(10_000).optional(),
    selection: z
      .object({ all: z.literal(true), query: ListQuery.prefault({}) })
      .optional()
      .describe('Everything the list query matches (at most 10,000 per request)'),
  })
  .refine((b) => Boolean(b.ids) !== Boolean(b.selection), 'Send either ids or selection');
export type MembersInput = z.infer<typeof MembersBody>;

export const MembersResult = z.object({ affected: z.number().int() });

export const SegmentRef = z.object({ id: z.uuid(), name: z.string(), color: z.string() });
export const ContactSegments = z
  .object({
    groups: z.array(SegmentRef),
    targetMarkets: z.array(SegmentRef).describe('Automatic: kept by the rules, never removed by hand'),
  })
  .meta({ id: 'ContactSegments' });
export type ContactSegmentsDto = z.infer<typeof ContactSegments>;

export const ContactMemberParams = z.object({ id: z.uuid(), contactId: z.uuid() });
