// buildApp(deps): the HTTP server with its plugins, error mapping and every module's routes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
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
import { asSubresource, registerSecurityHeaders } from './platform/http/security-headers.ts';
import { registerMetrics } from './platform/metrics/metrics.ts';
import './platform/http/types.ts';
import { routeModules, trackingRoutes } from './modules/index.ts';

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');
const favicon = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/public/favicon.svg');
/** Paths that belong to the server: an unknown one is a 404 problem, never the web app's HTML. */
const SERVER_PATHS = /^\/(api|metrics|healthz|readyz|docs|assets|t|u)(\/|$)/;

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
    // One line per request, written when it ends (below), instead of Fastify's request/response pair.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onResponse', async (req, reply) => {
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    const line = `${req.method} ${req.url} ${reply.statusCode} ${ms} ms`;
    // Probes and scrapers call every few seconds: their lines only at debug level.
    if (/^\/(healthz|readyz|metrics)(\?|$)/.test(req.url)) req.log.debug(line);
    else req.log.info({ status: reply.statusCode, ms }, line);
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // The API speaks JSON (and multipart for uploads); plain text bodies are refused with 415.
  app.removeContentTypeParser('text/plain');
  registerJsonBodyParser(app);

  const hasWeb = opts.serveWeb !== false && fs.existsSync(path.join(webDist, 'index.html'));
  registerSecurityHeaders(app, deps.config, {
    indexHtml: hasWeb ? fs.readFileSync(path.join(webDist, 'index.html'), 'utf8') : undefined,
  });
  registerMetrics(app, deps);
  // JSON and other text answers over 1 KB are compressed (brotli at a quick level, or gzip); the web
  // app's files are compressed once at build time and served as they are (preCompressed below). Answers
  // up to 64 KB — list pages, profiles, timelines — are compressed in one call on the event loop, where a
  // zlib stream through the thread pool added ~2 ms to each request. Brotli's quality 2: a list page of 50
  // (39 KB) in 177 µs to 6.6 KB, where quality 4 took 395 µs for 6.3 KB (bench/README, 25th session).
  await app.register(fastifyCompress, {
    threshold: 1024,
    syncThreshold: 65_536,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 2 } },
  });
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
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    // `urls` wins over the plugin's own /docs/json: the page reads the document the API serves.
    uiConfig: { deepLinking: true, urls: [{ url: '/api/v1/openapi.json', name: 'Dossier API v1' }] },
    validatorUrl: false,
    theme: {
      title: 'Dossier API',
      favicon: fs.existsSync(favicon)
        ? [
            {
              filename: 'favicon.svg',
              rel: 'icon',
              type: 'image/svg+xml',
              sizes: 'any',
              content: fs.readFileSync(favicon),
            },
          ]
        : undefined,
    },
    logo: fs.existsSync(favicon) ? { type: 'image/svg+xml', content: fs.readFileSync(favicon), href: '/' } : undefined,
  });

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
  await app.register(trackingRoutes, { deps });

  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      // index.js.br / .gz written by the build (scripts/precompress.mjs), chosen by Accept-Encoding.
      preCompressed: true,
      cacheControl: false,
      setHeaders(reply, file) {
        // Files under assets/ carry a content hash in their name: cached for good. The rest (index.html,
        // favicon) must be checked each time, so a new release is seen at once.
        const hashed = file.startsWith(path.join(webDist, 'assets') + path.sep);
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        if (hashed) asSubresource(reply);
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const pathname = req.url.split('?')[0]!;
    const isPage = hasWeb && (req.method === 'GET' || req.method === 'HEAD') && !SERVER_PATHS.test(pathname);
    if (isPage) return reply.sendFile('index.html');
    return sendProblem(reply, new AppError('not_found', 404, `No route for ${req.method} ${pathname}`));
  });

  return app as unknown as FastifyInstance;
}
