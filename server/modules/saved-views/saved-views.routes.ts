import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { CreateSavedViewBody, SavedView, UpdateSavedViewBody } from './saved-views.schemas.ts';
import { createSavedView, deleteSavedView, listSavedViews, updateSavedView } from './saved-views.service.ts';

const tags = ['Saved views'];

export const savedViewsRoutes: RoutePlugin = async (app) => {
  app.get(
    '/saved-views',
    {
      schema: {
        tags,
        summary: 'Your saved contact-list views',
        response: { 200: z.object({ data: z.array(SavedView) }), ...errors(403) },
      },
    },
    async (req) => ({ data: await listSavedViews({ ctx: req.ctx }) }),
  );
  app.post(
    '/saved-views',
    {
      schema: {
        tags,
        summary: 'Save a list view (name, list query, columns)',
        body: CreateSavedViewBody,
        response: { 201: SavedView, ...errors(403) },
      },
    },
    async (req, reply) => reply.status(201).send(await createSavedView({ ctx: req.ctx, input: req.body })),
  );
  app.patch(
    '/saved-views/:id',
    {
      schema: {
        tags,
        summary: 'Rename a view or change its query or columns',
        params: IdParams,
        body: UpdateSavedViewBody,
        response: { 200: SavedView, ...errors(403, 404) },
      },
    },
    async (req) => updateSavedView({ ctx: req.ctx, viewId: req.params.id, input: req.body }),
  );
  app.delete(
    '/saved-views/:id',
    {
      schema: {
        tags,
        summary: 'Delete one of your views',
        params: IdParams,
        response: { 204: z.undefined(), ...errors(403, 404) },
      },
    },
    async (req, reply) => {
      await deleteSavedView({ ctx: req.ctx, viewId: req.params.id });
      return reply.status(204).send();
    },
  );
};
