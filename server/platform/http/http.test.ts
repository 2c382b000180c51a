import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('HTTP platform', () => {
  it('answers malformed JSON with 400 problem+json', async () => {
    const admin = await t.signup();
    const res = await admin.post('/api/v1/teams', '{"name": "unterminated');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 400, code: 'validation_failed', detail: expect.stringMatching(/JSON/) });
  });

  it('answers a wrong content type with 415', async () => {
    const admin = await t.signup();
    const res = await admin.post('/api/v1/teams', 'name=x', { 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
  });

  it('answers a malformed id with 400, not 500', async () => {
    const admin = await t.signup();
    const res = await admin.get('/api/v1/users/not-a-uuid');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
  });

  it('maps a database refusal of user input (a NUL byte) to 400, not 500', async () => {
    const admin = await t.signup();
    const res = await admin.post('/api/v1/teams', { name: 'Nul\u0000byte' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
  });

  it('answers an unknown API route with 404 problem+json', async () => {
    const admin = await t.signup();
    const res = await admin.get('/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });

  it('answers an oversized body with 413', async () => {
    const admin = await t.signup();
    const res = await admin.post('/api/v1/teams', { name: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });

  it('serves an OpenAPI 3.1 document generated from the schemas', async () => {
    const res = await t.anonymous.get('/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/auth/signup'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['workspaceName', 'name', 'email', 'password']),
    );
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/users', '/api/v1/api-keys']));
  });

  it('serves interactive docs at /docs', async () => {
    const res = await t.anonymous.get('/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/swagger/i);
  });

  it('reports health and readiness', async () => {
    expect((await t.anonymous.get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.anonymous.get('/readyz')).json()).toEqual({ status: 'ready' });
  });
});
