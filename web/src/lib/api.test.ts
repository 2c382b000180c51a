import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, problem } from '../test/render.tsx';
import { api, ApiError, configureApi, toApiError } from './api.ts';

afterEach(() => configureApi({ getCsrfToken: () => undefined, onUnauthorized: () => undefined }));

describe('toApiError', () => {
  it('reads a validation problem into status, code, detail, field errors and extras', async () => {
    const res = problem(400, 'validation_failed', 'body.email: Not a valid email address', {
      errors: [
        { path: 'body.email', message: 'Not a valid email address' },
        { path: 'body.password', message: 'Use at least 10 characters' },
        { path: 'body.email', message: 'a second message for the same field is ignored' },
      ],
      contactId: 'c-1',
    });
    const error = await toApiError(res);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.detail).toBe('body.email: Not a valid email address');
    expect(error.fieldErrors).toEqual({ email: 'Not a valid email address', password: 'Use at least 10 characters' });
    expect(error.extras).toEqual({ contactId: 'c-1' });
  });

  it('never shows an HTML error page to the user', async () => {
    const res = new Response('<html><body>502 Bad Gateway</body></html>', {
      status: 502,
      headers: { 'content-type': 'text/html' },
    });
    const error = await toApiError(res);
    expect(error.code).toBe('http_error');
    expect(error.status).toBe(502);
    expect(error.detail).not.toContain('<');
    expect(error.detail).toMatch(/try again/);
  });
});

describe('api client', () => {
  it('sends the CSRF token on writes and not on reads', async () => {
    configureApi({ getCsrfToken: () => 'token-123', onUnauthorized: () => undefined });
    const requests = fakeFetch({
      'GET /api/v1/teams': () => json(200, { data: [] }),
      'POST /api/v1/teams': () => json(201, { id: 't1' }),
    });
    await api.get('/teams');
    await api.post('/teams', { name: 'North' });
    expect(requests[0]!.headers.get('x-csrf-token')).toBeNull();
    expect(requests[1]!.headers.get('x-csrf-token')).toBe('token-123');
    expect(requests[1]!.headers.get('content-type')).toBe('application/json');
    expect(requests[1]!.body).toEqual({ name: 'North' });
  });

  it('reports an expired session once it gets a 401, but not for a wrong password', async () => {
    const onUnauthorized = vi.fn();
    configureApi({ getCsrfToken: () => undefined, onUnauthorized });
    fakeFetch({
      'GET /api/v1/users': () => problem(401, 'unauthorized', 'Sign in or send an API key to use this endpoint'),
      'POST /api/v1/auth/login': () => problem(401, 'invalid_credentials', 'The email or password is not correct'),
    });
    await expect(api.post('/auth/login', { email: 'a@b.c', password: 'x' })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(api.get('/users')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('turns a network failure into an ApiError that says what to do', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const error = await api.get('/workspace').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect((error as ApiError).detail).toMatch(/connection/);
  });

  it('passes the caller’s signal to fetch, and a request given up on rejects as aborted, not as a network failure', async () => {
    const fetchMock = vi.fn((_url: string, init: RequestInit) =>
      init.signal?.aborted
        ? Promise.reject(new DOMException('The operation was aborted.', 'AbortError'))
        : Promise.resolve(json(200, { ok: true })),
    );
    vi.stubGlobal('fetch', fetchMock);
    const controller = new AbortController();
    await expect(api.get('/contacts?q=an', { signal: controller.signal })).resolves.toEqual({ ok: true });
    expect(fetchMock.mock.calls[0]![1].signal).toBe(controller.signal);
    controller.abort();
    const error = await api.get('/contacts?q=and', { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ApiError);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('returns nothing for 204 No Content', async () => {
    fakeFetch({ 'DELETE /api/v1/teams/t1': () => new Response(null, { status: 204 }) });
    await expect(api.delete('/teams/t1')).resolves.toBeUndefined();
  });
});
