import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../context.ts';

/** Every module's routes are a plugin mounted under /api/v1 with the process dependencies. */
export type RoutePlugin = FastifyPluginAsyncZod<{ deps: Deps }>;
