// Maps every error to application/problem+json. User input never produces a 500.
import { DrizzleQueryError } from 'drizzle-orm';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  severity?: string;
}

export function sendProblem(reply: FastifyReply, error: AppError) {
  return reply.status(error.status).type('application/problem+json').send(error.toProblem());
}

export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  // Drizzle wraps the driver's error (DrizzleQueryError); the PostgreSQL code is on its cause.
  const cause = (err as { cause?: unknown })?.cause;
  if (err instanceof DrizzleQueryError && cause) return toAppError(cause);
  const e = err as FastifyError & PgError;
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
  switch (e.code) {
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
      return new AppError('payload_too_large', 413, 'The request is too large');
    case 'FST_ERR_VALIDATION':
      return new AppError('validation_failed', 400, e.message);
    // PostgreSQL: a constraint caught what the service did not check first.
    case '23505':
      return new AppError('conflict', 409, 'A record with the same unique value already exists');
    case '23503':
      return new AppError('conflict', 409, 'A referenced record does not exist or is still in use');
    case '22P02':
    case '22021':
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
    const code = e.statusCode === 404 ? 'not_found' : e.statusCode === 429 ? 'rate_limited' : 'validation_failed';
    return new AppError(code, e.statusCode, e.message);
  }
  return null;
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
