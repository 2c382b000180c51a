import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { ApiKey, CreateApiKeyBody, CreatedApiKey } from './api-keys.schemas.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.ts';

const tags = ['API keys'];

export const apiKeysRoutes: RoutePlugin = async (app) => {
  app.get(
    '/api-keys',
    {
      schema: {
        tags,
        summary: 'List API keys, revoked ones included (admins only)',
        response: { 200: z.object({ data: z.array(ApiKey) }), ...errors(403) },
      },
    },
    async (req) => ({ data: await listApiKeys({ ctx: req.ctx }) }),
  );
  app.post(
    '/api-keys',
    {
      schema: {
        tags,
        summary: 'Create an API key; the secret is in this response only (admins only)',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey, ...errors(403) },
      },
    },
    async (req, reply) => reply.status(201).send(await createApiKey({ ctx: req.ctx, input: req.body })),
  );
  app.delete(
    '/api-keys/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API key (admins only)',
        params: IdParams,
        response: { 200: ApiKey, ...errors(403, 404) },
      },
    },
    async (req) => revokeApiKey({ ctx: req.ctx, keyId: req.params.id }),
  );
};
