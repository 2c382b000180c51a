// buildApp(deps): the HTTP server with its plugins, error mapping and every module's routes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Deps } from './platform/context.ts';
import { AppError } from './platform/errors.ts';
import { registerAuthHook } from './platform/http/auth-hook.ts';
import { clientErrorHandler, errorHandler, frameworkErrors, sendProblem } from './platform/http/error-handler.ts';
import { registerJsonBodyParser } from './platform/http/json-body.ts';
import { documentTransform, registerStandardResponses } from './platform/http/openapi.ts';
import './platform/http/types.ts';
import { routeModules } from './modules/index.ts';

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

export interface BuildOptions {
  /** Serve the built web app (web/dist) and fall back to index.html for client routes. */
  serveWeb?: boolean;
}

export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Only configured proxies may say who the client is (the sign-in limits count per address).
    trustProxy: deps.config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // The API speaks JSON (and multipart for uploads); plain text bodies are refused with 415.
  app.removeContentTypeParser('text/plain');
  registerJsonBodyParser(app);

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, {
    limits: { fileSize: deps.config.UPLOAD_MAX_BYTES, files: 5, fields: 20, parts: 30 },
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new AppError('rate_limited', 429, `Too many attempts; try again in ${Math.ceil(ctx.ttl / 1000)} seconds`),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Dossier API',
        version: '1',
        description:
          'The Dossier CRM REST API. Authenticate with `Authorization: Bearer <API key>` or, from the web app, the session cookie plus the `X-CSRF-Token` header on writes. Errors are `application/problem+json` with a stable `code`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key created under Settings > API keys' },
          session: { type: 'apiKey', in: 'cookie', name: 'dossier_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: documentTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } });

  registerAuthHook(app, deps);
  registerStandardResponses(app);

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await deps.database.pool.query('select 1');
      return { status: 'ready' };
    } catch {
      return sendProblem(reply, new AppError('not_ready', 503, 'The database is not reachable'));
    }
  });

  for (const mod of routeModules) {
    await app.register(mod, { prefix: '/api/v1', deps });
  }

  const hasWeb = opts.serveWeb !== false && fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });
  }
  app.setNotFoundHandler((req, reply) => {
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && hasWeb;
    if (isPage) {
      // Hashed assets are cached forever; the shell itself must always be fresh.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(reply, new AppError('not_found', 404, `No route for ${req.method} ${req.url.split('?')[0]}`));
  });

  return app as unknown as FastifyInstance;
}
