import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, newContact, PNG } from '../../modules/contacts/contact-test-helpers.ts';
import { createTestApp, listen, type Session, type TestApp } from '../../test/harness.ts';

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

const problemJson = /^application\/problem\+json/;

/** Sends raw bytes over a real socket (what inject cannot: requests Node's HTTP parser refuses). */
async function rawRequest(base: string, request: string): Promise<{ status: number; type: string; body: any }> {
  const { port } = new URL(base);
  const text = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('error', () => resolve(data));
    socket.on('close', () => resolve(data));
    socket.setTimeout(5000, () => reject(new Error(`no answer: ${data}`)));
  });
  const [head, body] = text.split('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d+)/.exec(head!)?.[1]),
    type: /content-type: ([^\r\n]+)/i.exec(head!)?.[1] ?? '',
    body: JSON.parse(body!),
  };
}

function uploadAs(session: Session, url: string, payload: Buffer | string, contentType: string) {
  return t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: {
      'content-type': contentType,
      cookie: `dossier_session=${session.cookie}`,
      'x-csrf-token': session.csrfToken,
    },
  });
}

describe('input the database or the serializer cannot take', () => {
  it('refuses a NUL character anywhere in a JSON body with 400 and writes nothing', async () => {
    const admin = await t.signup();
    const c = await newContact(admin, { firstName: 'Nul' });
    const attempts = [
      admin.patch(`/api/v1/contacts/${c.id}`, { custom: { occupation: 'a\u0000b' } }),
      admin.patch(`/api/v1/contacts/${c.id}`, { publicLinks: [{ label: 'x\u0000', url: 'https://x.test' }] }),
      admin.post('/api/v1/custom-fields', {
        label: 'Pick',
        type: 'single_select',
        options: [{ value: 'a', label: 'A\u0000' }],
      }),
      admin.post('/api/v1/saved-views', { name: 'V', query: { q: 'x\u0000' } }),
      admin.post('/api/v1/saved-views', { name: 'V', query: { ['k\u0000']: 1 } }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toMatch(problemJson);
      expect(res.json()).toMatchObject({ code: 'validation_failed', detail: expect.stringMatching(/NUL/) });
    }
    expect((await admin.get(`/api/v1/contacts/${c.id}`)).json().version).toBe(1);
    expect((await admin.get('/api/v1/saved-views')).json().data).toEqual([]);
  });

  it('refuses a saved-view query nested 10,000 levels deep, or deeper than 20', async () => {
    const admin = await t.signup();
    const nest = (levels: number) => {
      let q: Record<string, unknown> = { q: 'x' };
      for (let i = 1; i < levels; i++) q = { and: q };
      return q;
    };
    const huge = await admin.post(
      '/api/v1/saved-views',
      `{"name":"Deep","query":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
    );
    expect(huge.statusCode).toBe(400);
    expect(huge.json()).toMatchObject({ code: 'validation_failed', detail: expect.stringMatching(/deeper/) });
    const deep = await admin.post('/api/v1/saved-views', { name: 'Deep', query: nest(21) });
    expect(deep.statusCode).toBe(400);
    expect(deep.json().detail).toMatch(/deeper than 20/);
    const fine = await admin.post('/api/v1/saved-views', { name: 'Fine', query: nest(20) });
    expect(fine.statusCode, fine.body).toBe(201);
  });

  it('answers a truncated multipart upload with 400 bad_multipart', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const whole = multipart('file', {
      filename: 'a.pdf',
      contentType: 'application/pdf',
      data: Buffer.alloc(4000, 65),
    });
    const cut = whole.payload.subarray(0, 300);
    const res = await uploadAs(admin, `/api/v1/contacts/${c.id}/notes/attachments`, cut, whole.contentType);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(problemJson);
    expect(res.json().code).toBe('bad_multipart');
  });

  it('takes the file only from the documented multipart field "file"', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const wrong = multipart('avatar', { filename: 'a.png', contentType: 'image/png', data: PNG });
    for (const url of [`/api/v1/contacts/${c.id}/notes/attachments`, '/api/v1/custom-fields/files']) {
      const res = await uploadAs(admin, url, wrong.payload, wrong.contentType);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', detail: expect.stringMatching(/"file"/) });
    }
    const { rows } = await t.deps.database.pool.query('select count(*)::int as n from files where workspace_id = $1', [
      admin.workspace.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('answers too many multipart fields with 413 payload_too_large', async () => {
    const admin = await t.signup();
    const boundary = 'xxLimitxx';
    const fields = Array.from(
      { length: 25 },
      (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`,
    );
    const body = `${fields.join('')}--${boundary}--\r\n`;
    const res = await uploadAs(admin, '/api/v1/custom-fields/files', body, `multipart/form-data; boundary=${boundary}`);
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });
});

describe('errors before routing', () => {
  it('answers a URL that does not decode with 400 bad_url problem+json', async () => {
    const admin = await t.signup();
    const res = await admin.get('/api/v1/contacts/%ff');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(problemJson);
    expect(res.json()).toMatchObject({ status: 400, code: 'bad_url' });
  });

  it('answers a control character in a header and oversized headers with problem+json', async () => {
    const base = await listen(t.app);
    const control = await rawRequest(base, 'GET /api/v1/contacts HTTP/1.1\r\nHost: x\r\nX-Evil: a\u0001b\r\n\r\n');
    expect(control.status).toBe(400);
    expect(control.type).toMatch(problemJson);
    expect(control.body).toMatchObject({ status: 400, code: 'bad_request' });
    const big = await rawRequest(
      base,
      `GET /api/v1/contacts HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`,
    );
    expect(big.status).toBe(431);
    expect(big.type).toMatch(problemJson);
    expect(big.body).toMatchObject({ status: 431, code: 'headers_too_large' });
  });
});

describe('If-Match', () => {
  it('refuses an empty If-Match instead of writing unchecked', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const contact = await admin.patch(`/api/v1/contacts/${c.id}`, { title: 'x' }, { 'if-match': '' });
    expect(contact.statusCode).toBe(400);
    expect(contact.json().code).toBe('invalid_if_match');
    const email = await admin.post(`/api/v1/contacts/${c.id}/emails`, { email: 'e@m.test' }, { 'if-match': ' ' });
    expect(email.json().code).toBe('invalid_if_match');
    expect((await admin.get(`/api/v1/contacts/${c.id}`)).json()).toMatchObject({ version: 1, title: null });
    const note = (await admin.post(`/api/v1/contacts/${c.id}/notes`, { title: 'N' })).json();
    const edit = await admin.patch(`/api/v1/notes/${note.id}`, { title: 'M' }, { 'if-match': '' });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().code).toBe('invalid_if_match');
    expect((await admin.get(`/api/v1/notes/${note.id}`)).json().title).toBe('N');
  });
});

describe('attribution', () => {
  it('takes only http(s) web addresses as attribution.url', async () => {
    const admin = await t.signup();
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x']) {
      const res = await admin.post('/api/v1/contacts', { firstName: 'A', attribution: { source: 'ad', url } });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    const c = await newContact(admin, { attribution: { source: 'ad', url: 'https://shop.test/?utm_source=ad' } });
    expect(c.firstAttribution.url).toBe('https://shop.test/?utm_source=ad');
    const patched = await admin.patch(`/api/v1/contacts/${c.id}`, { attribution: { url: 'JavaScript:alert(1)' } });
    expect(patched.statusCode).toBe(400);
  });
});
