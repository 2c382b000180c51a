import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { sendTrusted } from '../../platform/http/trusted.ts';
import { TimelinePage, TimelineQuery } from './timeline.schemas.ts';
import { listContactTimeline } from './timeline.service.ts';

export const timelineRoutes: RoutePlugin = async (app) => {
  app.get(
    '/contacts/:id/timeline',
    {
      schema: {
        tags: ['Timeline'],
        summary: 'A contact’s journal, newest first (focus events or data changes & admin events)',
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: TimelinePage, ...errors(404) },
      },
    },
    async (req, reply) =>
      sendTrusted(reply, await listContactTimeline({ ctx: req.ctx, contactId: req.params.id, filter: req.query })),
  );
};
