import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { findDuplicates } from './duplicates.service.ts';

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
};
