import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { UpcomingList } from './upcoming.schemas.ts';
import { listUpcoming } from './upcoming.service.ts';

export const upcomingRoutes: RoutePlugin = async (app) => {
  app.get(
    '/contacts/:id/upcoming',
    {
      schema: {
        tags: ['Upcoming actions'],
        summary: 'Open tasks and future appointments of a contact in one list, soonest first',
        params: IdParams,
        response: { 200: UpcomingList, ...errors(404) },
      },
    },
    async (req) => ({ data: await listUpcoming({ ctx: req.ctx, contactId: req.params.id }) }),
  );
};
