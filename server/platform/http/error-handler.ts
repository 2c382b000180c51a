// Maps every error to application/problem+json. User input never produces a 500, and errors that
// happen before routing (a bad URL, a malformed or oversized header) get the same shape.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { DrizzleQueryError } from 'drizzle-orm';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable, type PgError } from '../../db/client.ts';
import { AppError } from '../errors.ts';

export function sendProblem(reply: FastifyReply, error: AppError) {
  // A problem that says how long to wait says it in the standard header too.
  const { retryAfter } = error.extra;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply.status(error.status).type('application/problem+json').send(error.toProblem());
}

export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  // Drizzle wraps the driver's error (DrizzleQueryError); the PostgreSQL code is on its cause.
  const cause = (err as { cause?: unknown })?.cause;
  if (err instanceof DrizzleQueryError && cause) return toAppError(cause);
  const e = err as FastifyError & PgError;
  if (isDatabaseUnavailable(e)) {
    return new AppError('database_unavailable', 503, 'The database is not reachable right now; retry shortly');
  }
  if (hasZodFastifySchemaValidationErrors(e)) {
    const where = e.validationContext ?? 'request';
    const errors = e.validation.map((v) => ({
      path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'Invalid value',
    }));
    const first = errors[0];
    const detail = first ? `${first.path}: ${first.message}` : 'The request is not valid';
    return new AppError('validation_failed', 400, detail, { errors });
  }
  if (isMultipartSyntaxError(e)) {
    return new AppError(
      'bad_multipart',
      400,
      'The multipart body is malformed or ends early; send the whole upload again',
    );
  }
  switch (e.code) {
    case 'FST_ERR_BAD_URL':
      return new AppError('bad_url', 400, 'The URL is not validly encoded (a % must start a UTF-8 escape like %20)');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('uri_too_long', 414, 'A path segment of the URL is too long');
    case 'FST_MP_PREMATURE_CLOSE':
      return new AppError('bad_multipart', 400, 'The upload was cut off before it was complete');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('validation_failed', 400, 'The request body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('unsupported_media_type', 415, 'This content type is not accepted here');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('payload_too_large', 413, 'The request is too large or has too many parts');
    case 'FST_ERR_VALIDATION':
      return new AppError('validation_failed', 400, e.message);
    // PostgreSQL: a constraint caught what the service did not check first.
    case '23505':
      return new AppError('conflict', 409, 'A record with the same unique value already exists');
    case '23503':
      return new AppError('conflict', 409, 'A referenced record does not exist or is still in use');
    case '22P05':
    case '22021':
      return new AppError('validation_failed', 400, 'A text contains a character that cannot be stored (e.g. NUL)');
    case '22P02':
    case '22001':
    case '22023':
    case '22007':
    case '22008':
    case '22003':
      return new AppError('validation_failed', 400, 'A value has the wrong format or is out of range');
    case '40001':
    case '40P01':
      return new AppError('conflict', 409, 'A concurrent change got in the way; please retry');
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(codeForStatus[e.statusCode] ?? 'validation_failed', e.statusCode, e.message);
  }
  return null;
}

/** The stable code of a client error that carries only a status (framework and plugin errors). */
const codeForStatus: Record<number, string> = {
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'unsupported_media_type',
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
};

/** Busboy (behind @fastify/multipart) reports a broken body with plain errors, without a code. */
function isMultipartSyntaxError(e: { code?: unknown; message?: unknown }): boolean {
  return (
    e.code === undefined &&
    typeof e.message === 'string' &&
    /unexpected end of multipart data|Multipart: Boundary not found|Malformed part header/i.test(e.message)
  );
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const mapped = toAppError(err);
  if (mapped) {
    if (mapped.status >= 500) req.log.error({ err }, 'request failed');
    return sendProblem(reply, mapped);
  }
  req.log.error({ err }, 'unhandled error');
  return sendProblem(reply, new AppError('internal_error', 500, 'Something went wrong on our side'));
}

/** Errors Fastify raises before routing (a URL that does not decode, a too long path segment). */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const mapped = toAppError(err) ?? new AppError('bad_request', 400, 'The request is malformed');
  return sendProblem(reply, mapped);
}

/**
 * Requests Node's HTTP parser refuses (control characters in a header, headers too large, a
 * timeout) never reach Fastify: the answer is written on the socket, still as problem+json.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const problem =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new AppError('headers_too_large', 431, 'The request headers are too large')
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new AppError('request_timeout', 408, 'The request took too long to arrive')
        : new AppError('bad_request', 400, 'The request is malformed (e.g. a control character in a header)');
  this.log.debug({ err }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(problem.toProblem());
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
