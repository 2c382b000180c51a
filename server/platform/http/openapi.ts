// What every route of the API can answer besides its own results, added to each route's response
// schemas in one place: the errors (application/problem+json) that come from the platform itself
// (validation, sign-in, CSRF, body limits, unknown ids) and the helpers routes use to declare
// downloads and streams. The OpenAPI document and the response serializers both read these.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from './schemas.ts';

export const PROBLEM_JSON = 'application/problem+json';

type ResponseEntry = z.ZodType | { description?: string; content: Record<string, { schema: z.ZodType }> };

const descriptions: Record<number, string> = {
  400: 'Bad request: validation_failed (with `errors`), bad_url, bad_multipart, invalid_if_match…',
  401: 'unauthorized: sign in or send an API key',
  403: 'forbidden (role) or csrf_failed (a cookie-authenticated write without X-CSRF-Token)',
  404: 'not_found: no such record in your workspace (or one you may not see)',
  409: 'A conflict: version_conflict, contact_archived, email_taken…',
  412: 'Precondition failed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'A rule of the data was broken (invalid_reference, field_invalid…)',
  428: 'precondition_required',
  429: 'rate_limited',
  500: 'internal_error',
  503: 'not_ready: a dependency is unavailable; retry shortly',
};

/** One error status as a response entry: problem+json with the Problem schema. */
export const problemResponse = (status: number) => ({
  description: descriptions[status] ?? 'An error',
  content: { [PROBLEM_JSON]: { schema: Problem } },
});

/** A download or stream whose body is not JSON (CSV, a file, server-sent events). */
export const rawResponse = (description: string, ...contentTypes: string[]) => ({
  description,
  content: Object.fromEntries(
    contentTypes.map((type) => [type, { schema: type === 'application/json' ? z.unknown() : z.string() }]),
  ),
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The error statuses the platform can answer on a route, whatever the route does itself. */
export function platformErrorStatuses(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): number[] {
  const methods = [route.method].flat().map(String);
  const writes = methods.some((m) => !SAFE_METHODS.has(m));
  const isPublic = (route.config as { public?: boolean } | undefined)?.public === true;
  const statuses = [400, 500];
  if (!isPublic) statuses.push(401);
  if (writes && !isPublic) statuses.push(403);
  if (route.url.includes(':')) statuses.push(404);
  if (writes) statuses.push(413, 415);
  return statuses;
}

/**
 * Adds the platform's error responses to every API route, and turns every error status a route
 * declares into problem+json — so the document says what is really sent. Register before routes.
 */
export function registerStandardResponses(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const schema = (route.schema ??= {}) as { hide?: boolean; response?: Record<string, ResponseEntry> };
    if (schema.hide) return;
    const response = { ...schema.response };
    for (const [status, entry] of Object.entries(response)) {
      if (Number(status) >= 400 && entry instanceof z.ZodType) response[status] = problemResponse(Number(status));
    }
    for (const status of platformErrorStatuses(route)) response[status] ??= problemResponse(status);
    schema.response = response;
  });
}

/**
 * The swagger transform: zod schemas to JSON Schema, plus the request body of upload routes
 * (declared with `consumes: ['multipart/form-data']`, read with req.file(), so without a body schema).
 */
export const documentTransform: typeof jsonSchemaTransform = (input) => {
  const out = jsonSchemaTransform(input);
  const consumes = (input.schema as { consumes?: string[] } | undefined)?.consumes;
  if (consumes?.includes('multipart/form-data') && out.schema) {
    (out.schema as Record<string, unknown>).body = {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'The file, in the field named "file"' } },
    };
  }
  return out;
};
