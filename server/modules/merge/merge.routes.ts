import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { findDuplicates, listDuplicateGroups } from './duplicates.service.ts';
import { listMerges, mergeContacts, undoMerge } from './merge.service.ts';
import { DuplicateCandidate, DuplicateGroup, Merge, MergeBody, UndoMergeResult } from './merge.schemas.ts';

const tags = ['Duplicates'];

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

  app.get(
    '/duplicates',
    {
      schema: {
        tags,
        summary: "The workspace's groups of likely duplicates, for review",
        description:
          'Contacts sharing a normalised email address, then contacts of the same name in the same business; ' +
          'merged contacts are left out. Reads the whole workspace: bounded by limit.',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ data: z.array(DuplicateGroup) }) },
      },
    },
    async (req) => ({ data: await listDuplicateGroups({ ctx: req.ctx, limit: req.query.limit }) }),
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
        response: { 200: UndoMergeResult, ...errors(404, 409) },
      },
    },
    async (req) => undoMerge({ ctx: req.ctx, mergeId: req.params.id }),
  );
};
