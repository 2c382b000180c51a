// One error type for the whole server; mapped to application/problem+json in one place (app.ts).

export type ErrorCode =
  | 'validation_failed'
  | 'bad_request'
  | 'bad_url'
  | 'bad_multipart'
  | 'invalid_if_match'
  | 'headers_too_large'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'csrf_failed'
  | 'rate_limited'
  | 'signup_disabled'
  | 'invalid_credentials'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'version_conflict'
  | 'precondition_required'
  | 'email_taken'
  | 'phone_taken'
  | 'delete_blocked'
  | 'user_owns_contacts'
  | 'pin_limit'
  | 'field_invalid'
  | 'field_required'
  | 'internal_error'
  | (string & {});

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  [extra: string]: unknown;
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly detail: string,
    /** Extra members of the problem document, e.g. the contact that holds a taken email. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }

  toProblem(): ProblemDetails {
    return {
      type: `https://dossier.dev/problems/${this.code}`,
      title: titles[this.status] ?? 'Error',
      status: this.status,
      code: this.code,
      detail: this.detail,
      ...this.extra,
    };
  }
}

export const notFound = (what: string) => new AppError('not_found', 404, `${what} not found`);
export const forbidden = (detail = 'You do not have permission to do this') => new AppError('forbidden', 403, detail);
export const conflict = (detail: string, extra?: Record<string, unknown>) =>
  new AppError('conflict', 409, detail, extra);
export const invalid = (detail: string, errors?: { path: string; message: string }[]) =>
  new AppError('validation_failed', 400, detail, errors ? { errors } : {});
