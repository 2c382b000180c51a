// Helpers for the contact tests: creating contacts through the API, reading the journal, sending
// multipart uploads.
import { expect } from 'vitest';
import type { Res, Session, TestApp } from '../../test/harness.ts';

export async function newContact(session: Session, body: Record<string, unknown> = {}) {
  const res = await session.post('/api/v1/contacts', {
    firstName: 'Test',
    lastName: `Person ${Math.random().toString(36).slice(2, 8)}`,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** What `action` gave, and the text of every statement the app's pool was sent while it ran. */
export async function sending<T>(t: TestApp, action: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
  const pool = t.deps.database.pool;
  const sent: string[] = [];
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { query: unknown }).query = (...args: unknown[]) => {
    const config = args[0] as string | { text: string };
    sent.push(typeof config === 'string' ? config : config.text);
    return query(...args);
  };
  try {
    return { result: await action(), sent };
  } finally {
    delete (pool as { query?: unknown }).query;
  }
}

export interface JournalRow {
  kind: string;
  category: string;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  contact_id: string | null;
  data: Record<string, any>;
}

export async function journalOf(t: TestApp, contactId: string, kind?: string): Promise<JournalRow[]> {
  const { rows } = await t.deps.database.pool.query<JournalRow>(
    `select kind, category, actor_type, actor_id, actor_label, contact_id, data from journal_entries
     where contact_id = $1 ${kind ? 'and kind = $2' : ''} order by occurred_at, id`,
    kind ? [contactId, kind] : [contactId],
  );
  return rows;
}

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function multipart(
  field: string,
  file: { filename: string; contentType: string; data: Buffer },
): { payload: Buffer; contentType: string } {
  const boundary = `----dossier${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.filename}"\r\n` +
      `Content-Type: ${file.contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, file.data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Sends a multipart upload as a signed-in user (cookie + CSRF token). */
export async function upload(
  t: TestApp,
  session: Session,
  method: 'PUT' | 'POST',
  url: string,
  file: { filename: string; contentType: string; data: Buffer },
  extraHeaders: Record<string, string> = {},
): Promise<Res> {
  const body = multipart('file', file);
  return (await t.app.inject({
    method,
    url,
    payload: body.payload,
    headers: {
      'content-type': body.contentType,
      cookie: `dossier_session=${session.cookie}`,
      'x-csrf-token': session.csrfToken,
      ...extraHeaders,
    },
  })) as Res;
}
