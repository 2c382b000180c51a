// The shapes of duplicates, merges and their undo, for the routes, the OpenAPI document and the web app.
import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';
import { MAX_MERGED, mergeableFields } from './merge.service.ts';

export const DuplicateCandidate = z
  .object({
    id: z.uuid(),
    displayName: z.string(),
    kind: z.string(),
    businessName: z.string().nullable(),
    archived: z.boolean(),
    reasons: z.array(z.enum(['email', 'similar_name_same_business', 'similar_name_same_city'])),
    sharedEmails: z.array(z.string()),
    nameSimilarity: z.number(),
    score: z.number().min(0).max(1),
  })
  .meta({ id: 'DuplicateCandidate' });

export const DuplicateGroup = z
  .object({
    reason: z.enum(['email', 'same_name_same_business']),
    key: z.string().describe('The shared normalised address, or the shared name and business'),
    contacts: z.array(
      z.object({ id: z.uuid(), displayName: z.string(), businessName: z.string().nullable(), archived: z.boolean() }),
    ),
  })
  .meta({ id: 'DuplicateGroup' });

export const ContactName = z.object({ id: z.uuid(), displayName: z.string() });

export const Merge = z
  .object({
    id: z.uuid(),
    survivor: ContactName,
    merged: z.array(ContactName),
    mergedBy: z.uuid().nullable(),
    createdAt: Timestamp,
    undoUntil: Timestamp.describe('Until when the merge can be undone (30 days)'),
    undoneAt: Timestamp.nullable(),
    undoable: z.boolean(),
  })
  .meta({ id: 'ContactMerge' });

export const MergeBody = z
  .object({
    survivorId: z.uuid().describe('The contact that remains'),
    mergedIds: z
      .array(z.uuid())
      .min(1)
      .max(MAX_MERGED)
      .describe('The contacts merged into it: archived, their related records moved over'),
    fields: z
      .partialRecord(z.enum(mergeableFields), z.uuid())
      .optional()
      .describe(
        "Per field, the id of the contact whose value is kept (default: the survivor's, else the first that has one)",
      ),
    custom: z
      .record(z.string(), z.uuid())
      .optional()
      .describe('Per custom-field key, the id of the contact whose value is kept'),
  })
  .meta({ id: 'MergeContactsInput' });

export const UndoNote = z.object({
  contactId: z.uuid(),
  code: z.enum(['field_changed_since', 'items_gone_since']),
  message: z.string(),
});

export const UndoMergeResult = z.object({ merge: Merge, notes: z.array(UndoNote) }).meta({ id: 'UndoMergeResult' });

export type DuplicateCandidateDto = z.infer<typeof DuplicateCandidate>;
export type MergeDto = z.infer<typeof Merge>;
export type MergeInputDto = z.input<typeof MergeBody>;
export type UndoMergeResultDto = z.infer<typeof UndoMergeResult>;
export type DuplicateGroupDto = z.infer<typeof DuplicateGroup>;
