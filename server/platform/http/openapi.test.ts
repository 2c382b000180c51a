// Conformance of the server to its own OpenAPI document (what Schemathesis does, without Python):
// every documented operation is driven with real requests — valid ones on real records, and
// invalid ones (no credentials, malformed and unknown ids, bad bodies, a missing CSRF token) — and
// every answer's status and content type must be documented and its body must match the schema.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, newContact, PNG } from '../../modules/contacts/contact-test-helpers.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  op: Schema;
}

const SKIP_VALID = new Set(['GET /api/v1/events']); // an endless stream; its errors are still checked

function operations(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(item)) ops.push({ method: method.toUpperCase(), path, op });
  }
  // Reads first, then writes, deletes last (the parts of a record before the record), and signing
  // out at the very end, so the records and the session the other requests use still exist.
  const order = (o: Operation) =>
    o.path.endsWith('/auth/logout')
      ? 9
      : o.method === 'DELETE' && o.path === '/api/v1/contacts/{id}'
        ? 3
        : ({ GET: 0, POST: 1, PUT: 1, PATCH: 1, DELETE: 2 }[o.method] ?? 1);
  return ops.sort((a, b) => order(a) - order(b) || (a.method === 'DELETE' ? b.path.length - a.path.length : 0));
}

/** Compiles response schemas with the document's components as $defs. */
function validators(doc: Schema) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const rewrite = (s: unknown) => JSON.parse(JSON.stringify(s).replaceAll('"#/components/schemas/', '"#/$defs/'));
  const defs = rewrite(doc.components.schemas);
  const cache = new Map<string, ValidateFunction>();
  return (schema: Schema): ValidateFunction => {
    const key = JSON.stringify(schema);
    let fn = cache.get(key);
    if (!fn) {
      fn = ajv.compile({ ...rewrite(schema), $defs: defs });
      cache.set(key, fn);
    }
    return fn;
  };
}

/** Values a name says more about than its schema (an email address is a plain string there). */
function byName(name: string, n: number): unknown {
  if (/email/i.test(name)) return `conformance${n}.${Date.now()}@example.test`;
  if (/^(number|phone)$/.test(name)) return `+49151123${String(40000 + n).padStart(5, '0')}`;
  if (/password/i.test(name)) return 'conformance-password-1';
  if (name === 'from') return new Date(Date.now() - 86_400_000).toISOString();
  if (name === 'to') return new Date(Date.now() + 30 * 86_400_000).toISOString();
  return undefined;
}

/** A minimal instance of a request schema: required members only, simplest valid values. */
function sample(schema: Schema, defs: Schema, n = { i: 0 }, name = ''): unknown {
  const named = byName(name, ++n.i);
  if (named !== undefined) return named;
  if (schema.$ref) return sample(defs[schema.$ref.split('/').pop()], defs, n);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum.find((v: unknown) => v !== null);
  if (schema.default !== undefined) return schema.default;
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sample(options.find((o: Schema) => o.type !== 'null') ?? options[0], defs, n);
  const type = [schema.type].flat().find((x) => x !== 'null');
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sample(schema.properties?.[key] ?? {}, defs, n, key);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}, defs, n));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'string':
      switch (schema.format) {
        case 'email':
          return `conformance${n.i}.${Date.now()}@example.test`;
        case 'uuid':
          return crypto.randomUUID();
        case 'date-time':
          return new Date(Date.now() + 86_400_000).toISOString();
        case 'date':
          return '2026-06-01';
        case 'uri':
          return 'https://example.test/';
      }
      return `Sample ${n.i}`.padEnd(schema.minLength ?? 0, 'x').slice(0, schema.maxLength ?? 100);
    default:
      return 'x';
  }
}

interface Fixture {
  admin: Session;
  key: string;
  ids: Record<string, string>;
}

/** Real records for the path parameters: a contact with every part, a note, a task, … */
async function fixture(): Promise<Fixture> {
  const admin = await t.signup();
  const member = await admin.addUser('member', 'Conformance Member');
  const key = await admin.createApiKey('Conformance');
  const keys = (await admin.get('/api/v1/api-keys')).json();
  const team = (await admin.post('/api/v1/teams', { name: 'Conformance team' })).json();
  const field = (
    await admin.post('/api/v1/custom-fields', { label: 'Shoe size', type: 'text', appliesToAll: false })
  ).json();
  const folder = (await admin.post('/api/v1/custom-field-folders', { name: 'Conformance folder' })).json();
  const c = await newContact(admin, {
    emails: [{ email: 'conformance@example.test' }],
    phones: [{ number: '+4915112349876' }],
    locations: [{ label: 'HQ', address: 'Main St 1' }],
    tags: ['Conformance'],
    followerIds: [member.user.id],
  });
  await admin.post(`/api/v1/contacts/${c.id}/fields`, { fieldId: field.id });
  const note = (await admin.post(`/api/v1/contacts/${c.id}/notes`, { title: 'Conformance note' })).json();
  const task = (await admin.post(`/api/v1/contacts/${c.id}/tasks`, { title: 'Conformance task' })).json();
  const calendar = (
    await admin.post('/api/v1/calendars', { name: 'Conformance calendar', ownerUserId: admin.user.id })
  ).json();
  const start = new Date(Date.now() + 3 * 86_400_000);
  const { appointment } = (
    await admin.post(`/api/v1/contacts/${c.id}/appointments`, {
      calendarId: calendar.id,
      title: 'Conformance meeting',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    })
  ).json();
  const view = (await admin.post('/api/v1/saved-views', { name: 'Conformance view', query: {} })).json();
  for (const [what, record] of Object.entries({ team, field, folder, note, task, calendar, appointment, view })) {
    expect(record.id, what).toBeTruthy();
  }
  const picture = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/contacts/${c.id}/picture`,
    ...multipartRequest(admin),
  });
  const fileId = /files\/([0-9a-f-]{36})/.exec(picture.json().pictureUrl ?? '')?.[1];
  return {
    admin,
    key,
    ids: {
      contacts: c.id,
      emailId: c.emails[0].id,
      phoneId: c.phones[0].id,
      locationId: c.locations[0].id,
      tagId: c.tags[0].id,
      userId: member.user.id,
      fieldId: field.id,
      users: member.user.id,
      'api-keys': keys.data?.[0]?.id ?? keys[0]?.id,
      teams: team.id,
      tags: c.tags[0].id,
      'custom-fields': field.id,
      'custom-field-folders': folder.id,
      notes: note.id,
      tasks: task.id,
      calendars: calendar.id,
      appointments: appointment.id,
      'saved-views': view.id,
      files: fileId!,
      'contact-types': 'lead',
      adminId: admin.user.id,
    },
  };
}

/** Bodies the schema alone cannot make valid (rules across fields, references to real records). */
const bodies: Record<string, (ids: Record<string, string>) => unknown> = {
  'POST /api/v1/calendars': (ids) => ({ name: 'Second calendar', ownerUserId: ids.adminId }),
  'POST /api/v1/contacts/{id}/appointments': (ids) => ({
    calendarId: ids.calendars,
    title: 'Second meeting',
    startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 5 * 86_400_000 + 1_800_000).toISOString(),
  }),
  'POST /api/v1/contacts/{id}/notes': () => ({ title: 'Second note' }),
  'POST /api/v1/contacts': () => ({ firstName: 'Second', lastName: 'Contact' }),
  'POST /api/v1/contacts/{id}/tags': () => ({ names: ['Second tag'] }),
  'POST /api/v1/contacts/bulk': (ids) => ({ action: 'add_tags', ids: [ids.contacts], tagNames: ['Bulk'] }),
  'POST /api/v1/contacts/{id}/followers': (ids) => ({ userId: ids.adminId }),
  'POST /api/v1/users/{id}/reassign-contacts': (ids) => ({ toUserId: ids.adminId }),
  'POST /api/v1/contacts/{id}/fields': (ids) => ({ fieldId: ids.fieldId }),
};

function multipartRequest(session: Session | null, field = 'file') {
  const body = multipart(field, { filename: 'a.png', contentType: 'image/png', data: PNG });
  const auth: Record<string, string> = session
    ? { cookie: `dossier_session=${session.cookie}`, 'x-csrf-token': session.csrfToken }
    : {};
  return { payload: body.payload, headers: { 'content-type': body.contentType, ...auth } };
}

/** The value of each path parameter: the record of the collection it follows in the path. */
function fillPath(path: string, ids: Record<string, string>, mode: 'real' | 'malformed' | 'unknown'): string {
  return path.replace(/\/([^/]+)\/\{(\w+)\}/g, (_, collection: string, name: string) => {
    const value =
      mode === 'malformed'
        ? 'not-a-uuid'
        : mode === 'unknown'
          ? name === 'key'
            ? 'no-such-key'
            : crypto.randomUUID()
          : name === 'id' || name === 'key'
            ? ids[collection]
            : ids[name];
    return `/${collection}/${encodeURIComponent(value ?? crypto.randomUUID())}`;
  });
}

describe('OpenAPI conformance', () => {
  it('answers every documented operation only as documented', { timeout: 240_000 }, async () => {
    const docRes = await t.anonymous.get('/api/v1/openapi.json');
    const doc = docRes.json();
    const validate = validators(doc);
    const defs = doc.components.schemas;
    const fx = await fixture();
    const problems: string[] = [];
    const seen = new Map<string, number>();

    const check = async (o: Operation, label: string, req: InjectOptions) => {
      const res = await t.app.inject(req);
      const status = String(res.statusCode);
      seen.set(`${o.method} ${o.path} ${status}`, (seen.get(`${o.method} ${o.path} ${status}`) ?? 0) + 1);
      const where = `${o.method} ${o.path} [${label}] → ${status}`;
      const documented = o.op.responses[status] ?? o.op.responses.default;
      if (!documented) return problems.push(`${where}: status not documented (${res.body.slice(0, 160)})`);
      const type = String(res.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim();
      if (!documented.content) {
        if (res.body.length) problems.push(`${where}: a body where none is documented`);
        return;
      }
      const media = documented.content[type] ?? documented.content['*/*'];
      if (!media) return problems.push(`${where}: content type "${type}" not documented`);
      if (!/json$/.test(type) || !media.schema) return;
      const fn = validate(media.schema);
      if (!fn(res.json())) {
        problems.push(`${where}: body does not match: ${JSON.stringify(fn.errors?.slice(0, 3))}`);
      }
    };

    const session = { cookie: `dossier_session=${fx.admin.cookie}`, 'x-csrf-token': fx.admin.csrfToken };
    for (const o of operations(doc)) {
      const id = `${o.method} ${o.path}`;
      const jsonBody = o.op.requestBody?.content?.['application/json']?.schema;
      const isMultipart = Boolean(o.op.requestBody?.content?.['multipart/form-data']);
      const query = new URLSearchParams();
      for (const p of o.op.parameters ?? []) {
        if (p.in === 'query' && p.required) query.set(p.name, String(sample(p.schema, defs, { i: 0 }, p.name)));
      }
      const qs = query.size ? `?${query}` : '';
      const hasParams = /\{\w+\}/.test(o.path);
      const base = (mode: 'real' | 'malformed' | 'unknown', extra: Partial<InjectOptions> = {}): InjectOptions => {
        const body = bodies[id]?.(fx.ids) ?? (jsonBody ? sample(jsonBody, defs) : undefined);
        return {
          method: o.method as InjectOptions['method'],
          url: fillPath(o.path, fx.ids, mode) + qs,
          ...(isMultipart
            ? multipartRequest(null)
            : body !== undefined
              ? { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
              : {}),
          ...extra,
        };
      };
      const withAuth = (req: InjectOptions, headers: Record<string, string> = session): InjectOptions => ({
        ...req,
        headers: { ...(req.headers as Record<string, string>), ...headers },
      });

      await check(o, 'no credentials', base('real'));
      if (SKIP_VALID.has(id)) continue;
      if (hasParams) {
        await check(o, 'malformed id', withAuth(base('malformed')));
        await check(o, 'unknown id', withAuth(base('unknown')));
      }
      if (jsonBody) {
        await check(o, 'broken JSON', withAuth({ ...base('real'), payload: '{"a":' }));
        await check(o, 'wrong types', withAuth({ ...base('real'), payload: JSON.stringify([{ x: 1 }]) }));
      }
      if (o.method !== 'GET') {
        // A cookie-authenticated write without its CSRF token.
        await check(o, 'no CSRF token', withAuth(base('real'), { cookie: session.cookie, 'x-csrf-token': 'wrong' }));
      }
      await check(o, 'valid', withAuth(base('real')));
      await check(o, 'API key', withAuth(base('real'), { authorization: `Bearer ${fx.key}` }));
    }

    expect(problems).toEqual([]);
    // The valid requests really reached the routes: most operations answered with a success.
    const succeeded = new Set([...seen.keys()].filter((k) => /\s2\d\d$/.test(k)).map((k) => k.replace(/\s\d+$/, '')));
    const total = operations(doc).length;
    expect(total).toBeGreaterThan(100);
    expect(succeeded.size / total).toBeGreaterThan(0.6);
  });
});
