// Responses the server built itself from its own rows: typed by the route's zod schema at compile
// time, so checking them again at run time would spend CPU on every request to find nothing. The
// schema still generates the OpenAPI document; tests hold the shapes to it.
import type { FastifyReply } from 'fastify';

const stringify = (payload: unknown) => JSON.stringify(payload);

/** Sends `payload` as JSON without the route's response schema re-validating it. */
export function sendTrusted<T>(reply: FastifyReply, payload: T): FastifyReply {
  return reply.type('application/json; charset=utf-8').serializer(stringify).send(payload);
}
