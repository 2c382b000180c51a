// A small typed fetch client for /api/v1: JSON in and out, CSRF on writes, problem+json → ApiError.

export interface FieldError {
  path: string;
  message: string;
}

/** A failed request, parsed from the server's application/problem+json answer. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** Members of the problem document beyond the standard ones, e.g. the contact that holds a taken email. */
  readonly extras: Record<string, unknown>;

  constructor(init: {
    status: number;
    code: string;
    title?: string;
    detail: string;
    errors?: FieldError[];
    extras?: Record<string, unknown>;
  }) {
    super(init.detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title ?? '';
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.extras = init.extras ?? {};
  }

  /**
   * Field messages keyed by the field's name inside the request body: the server reports paths such as
   * `body.email` or `body.members.0`; forms only care about the first segment after `body`.
   */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      const segments = e.path.split('.');
      const field = segments[0] === 'body' || segments[0] === 'querystring' ? segments[1] : segments[0];
      if (field && !(field in out)) out[field] = e.message;
    }
    return out;
  }
}

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'code', 'detail', 'errors']);

function isFieldError(v: unknown): v is FieldError {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as FieldError).path === 'string' &&
    typeof (v as FieldError).message === 'string'
  );
}

/** Turns any non-2xx response into an ApiError; bodies that are not problem+json never leak to the UI. */
export async function toApiError(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  let body: unknown = null;
  if (type.includes('json')) {
    try {
      body = await res.json();
    } catch {
      body = null;
    }
  }
  if (body && typeof body === 'object' && typeof (body as { detail?: unknown }).detail === 'string') {
    const doc = body as Record<string, unknown>;
    const extras: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(doc)) if (!STANDARD_MEMBERS.has(k)) extras[k] = v;
    return new ApiError({
      status: typeof doc.status === 'number' ? doc.status : res.status,
      code: typeof doc.code === 'string' ? doc.code : 'http_error',
      title: typeof doc.title === 'string' ? doc.title : res.statusText,
      detail: doc.detail as string,
      errors: Array.isArray(doc.errors) ? doc.errors.filter(isFieldError) : [],
      extras,
    });
  }
  // A proxy's HTML error page or an empty body: say what happened in words, not markup.
  const detail =
    res.status >= 500
      ? 'The server ran into a problem. Please try again in a moment.'
      : `The request failed (HTTP ${res.status}).`;
  return new ApiError({ status: res.status, code: 'http_error', title: res.statusText, detail });
}

export interface ApiHandlers {
  /** The CSRF token of the current session, sent on every write. */
  getCsrfToken(): string | undefined;
  /** Called when the server says the session is gone (401 on an authenticated request). */
  onUnauthorized(): void;
}

let handlers: ApiHandlers = { getCsrfToken: () => undefined, onUnauthorized: () => undefined };

/** Wires the client to the app (session cache, router); main.tsx calls it once, tests call it per case. */
export function configureApi(next: ApiHandlers): void {
  handlers = next;
}

export const API_BASE = '/api/v1';

// Endpoints whose 401 means "wrong credentials" or "not signed in yet", not "your session expired".
const SESSION_ENDPOINTS = ['/auth/login', '/auth/signup', '/auth/session'];

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** `extra` carries per-request headers such as If-Match for optimistic concurrency. */
export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extra };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = handlers.getCsrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    // A request the caller gave up on (a newer search replaced it) is not a network failure.
    if (signal?.aborted) throw error;
    throw new ApiError({
      status: 0,
      code: 'network_error',
      detail: 'Could not reach the server. Check your connection and try again.',
    });
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401 && !SESSION_ENDPOINTS.some((p) => path.startsWith(p))) handlers.onUnauthorized();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : undefined) as T;
}

export const api = {
  /** `signal` lets the caller abandon the request (TanStack Query passes one to each query). */
  get: <T>(path: string, opts: { signal?: AbortSignal } = {}) => request<T>('GET', path, undefined, {}, opts.signal),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>('POST', path, body ?? {}, headers),
  patch: <T>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('PATCH', path, body, headers),
  put: <T>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('PUT', path, body, headers),
  delete: <T = void>(path: string, headers?: Record<string, string>) => request<T>('DELETE', path, undefined, headers),
};

/** Builds a query string from the defined values only. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}
