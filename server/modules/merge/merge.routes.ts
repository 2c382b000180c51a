import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams, Timestamp } from '../../platform/http/schemas.ts';
import { findDuplicates } from './duplicates.service.ts';
import { listMerges, MAX_MERGED, mergeableFields, mergeContacts, undoMerge } from './merge.service.ts';

const tags = ['Duplicates'];

const DuplicateCandidate = z
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

const ContactName = z.object({ id: z.uuid(), displayName: z.string() });

const Merge = z
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

const MergeBody = z
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

const UndoNote = z.object({
  contactId: z.uuid(),
  code: z.enum(['field_changed_since', 'items_gone_since']),
  message: z.string(),
});

export const mergeRoutes: RoutePlugin = async (app) => {
  app.get(
    '/contacts/:id/duplicates',
    {
      schema: {
        tags,
        summary: "A contact's likely duplicates, best first, with the reasons for each",
        params: IdParams,
        response: { 200: z.object({ data: z.array(DuplicateCandidate) }), ...errors(404) },
      },
    },
    async (req) => ({ data: await findDuplicates({ ctx: req.ctx, contactId: req.params.id }) }),
  );

  app.post(
    '/contact-merges',
    {
      schema: {
        tags,
        summary: 'Merge 2–5 contacts of one kind into one',
        description:
          'Emails, phones, locations, tags, followers and custom values are unioned; notes, tasks, appointments, ' +
          'messages, deals, relations and group memberships move to the survivor; the timelines show as one. ' +
          'The merged contacts are archived and can be given back exactly by undoing the merge within 30 days.',
        body: MergeBody,
        response: { 201: Merge, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await mergeContacts({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    '/contacts/:id/merges',
    {
      schema: {
        tags,
        summary: 'The merges a contact took part in, newest first',
        params: IdParams,
        response: { 200: z.object({ data: z.array(Merge) }), ...errors(404) },
      },
    },
    async (req) => ({ data: await listMerges({ ctx: req.ctx, contactId: req.params.id }) }),
  );

  app.post(
    '/contact-merges/:id/undo',
    {
      schema: {
        tags,
        summary: 'Undo a merge: every contact comes back with its own details and related records',
        description:
          'Fields changed on the survivor since the merge keep their new value, and related records deleted ' +
          'since stay deleted; each such case is listed in notes.',
        params: IdParams,
        response: { 200: z.object({ merge: Merge, notes: z.array(UndoNote) }), ...errors(404, 409) },
      },
    },
    async (req) => undoMerge({ ctx: req.ctx, mergeId: req.params.id }),
  );
};
