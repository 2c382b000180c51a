import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { CreateTagBody, Tag, TagListQuery, UpdateTagBody } from './tags.schemas.ts';
import { createTag, deleteTag, listTags, updateTag } from './tags.service.ts';

const tags = ['Tags'];

export const tagsRoutes: RoutePlugin = async (app) => {
  app.get(
    '/tags',
    {
      schema: {
        tags,
        summary: 'The workspace tag list with usage counts',
        querystring: TagListQuery,
        response: { 200: z.object({ data: z.array(Tag) }) },
      },
    },
    async (req) => ({ data: await listTags({ ctx: req.ctx, q: req.query.q }) }),
  );
  app.post(
    '/tags',
    {
      schema: {
        tags,
        summary: 'Create a tag (anyone; tagging a contact with a new name also creates it)',
        body: CreateTagBody,
        response: { 201: Tag, ...errors(409) },
      },
    },
    async (req, reply) => reply.status(201).send(await createTag({ ctx: req.ctx, input: req.body })),
  );
  app.patch(
    '/tags/:id',
    {
      schema: {
        tags,
        summary: 'Rename or recolour a tag (admins only)',
        params: IdParams,
        body: UpdateTagBody,
        response: { 200: Tag, ...errors(403, 404, 409) },
      },
    },
    async (req) => updateTag({ ctx: req.ctx, tagId: req.params.id, input: req.body }),
  );
  app.delete(
    '/tags/:id',
    {
      schema: {
        tags,
        summary: 'Delete a tag, removing it from every contact (admins only)',
        params: IdParams,
        response: { 204: z.undefined(), ...errors(403, 404) },
      },
    },
    async (req, reply) => {
      await deleteTag({ ctx: req.ctx, tagId: req.params.id });
      return reply.status(204).send();
    },
  );
};
