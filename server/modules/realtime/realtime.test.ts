import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, systemCtx } from '../../platform/context.ts';
import { recordMany } from '../../platform/journal/journal.ts';
import { insertContact } from '../../test/fixtures.ts';
import { createTestApp, eventually, listen, type Session, type TestApp } from '../../test/harness.ts';
import { realtimeOptions } from './realtime.routes.ts';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  base = await listen(t.app);
});
afterAll(() => t.close());

interface Sse {
  id?: string;
  event: string;
  data: any;
}

/** A real HTTP client reading the event stream as a browser's EventSource would. */
class Stream {
  events: Sse[] = [];
  comments: string[] = [];
  ended = false;
  status = 0;
  private controller = new AbortController();

  static async open(url: string, headers: Record<string, string>): Promise<Stream> {
    const s = new Stream();
    const res = await fetch(url, { headers, signal: s.controller.signal });
    s.status = res.status;
    if (res.status !== 200) {
      s.ended = true;
      return s;
    }
    void s.read(res.body!.getReader());
    await s.waitFor((e) => e.event === 'ready');
    return s;
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event: Partial<Sse> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) this.comments.push(line);
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6));
          }
          if (event.event) this.events.push(event as Sse);
        }
      }
    } catch {
      // aborted by close()
    }
    this.ended = true;
  }

  async waitFor(match: (e: Sse) => boolean, timeoutMs = 10_000): Promise<Sse> {
    return eventually(async () => this.events.find(match), timeoutMs);
  }

  of(kind: string) {
    return this.events.filter((e) => e.event === 'journal' && e.data.kind === kind);
  }

  close() {
    this.controller.abort();
  }
}

const streams: Stream[] = [];
afterEach(() => {
  for (const s of streams.splice(0)) s.close();
  Object.assign(realtimeOptions, { heartbeatMs: 15_000, reauthEvery: 4 });
});

async function connect(session: Session | { key: string }, opts: { lastEventId?: string; query?: string } = {}) {
  const headers: Record<string, string> =
    'key' in session ? { authorization: `Bearer ${session.key}` } : { cookie: `dossier_session=${session.cookie}` };
  if (opts.lastEventId) headers['last-event-id'] = opts.lastEventId;
  const s = await Stream.open(`${base}/api/v1/events${opts.query ?? ''}`, headers);
  streams.push(s);
  return s;
}

const settle = () => new Promise((r) => setTimeout(r, 600));

describe('live updates over Server-Sent Events', () => {
  it('delivers a change made through the API within a second, with the entry id as event id', async () => {
    const admin = await t.signup();
    const colleague = await admin.addUser('member');
    const contact = await insertContact(t, admin);
    const stream = await connect(colleague);
    const note = (await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'Live' })).json();
    const event = await stream.waitFor((e) => e.event === 'journal' && e.data.kind === 'note.created', 1000);
    const { rows } = await t.deps.database.pool.query(`select id from journal_entries where subject_id = $1`, [
      note.id,
    ]);
    expect(event).toEqual({
      id: rows[0].id,
      event: 'journal',
      data: { id: rows[0].id, contactId: contact.id, kind: 'note.created' },
    });
  });

  it('sends a notification event only to its user', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const tom = await admin.addUser('member', 'Tom');
    const contact = await insertContact(t, admin);
    const [mariaStream, tomStream] = [await connect(maria), await connect(tom)];
    await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'Call', assigneeId: maria.user.id });
    const event = await mariaStream.waitFor((e) => e.event === 'notification');
    const mine = (await maria.get('/api/v1/notifications')).json().data;
    expect(event).toEqual({ id: mine[0].id, event: 'notification', data: { id: mine[0].id } });
    await tomStream.waitFor((e) => e.data?.kind === 'task.created');
    await settle();
    expect(tomStream.events.filter((e) => e.event === 'notification')).toEqual([]);

    await maria.post('/api/v1/notifications/read-all');
    const cleared = await mariaStream.waitFor((e) => e.event === 'notifications_read');
    expect(cleared.data).toEqual({ all: true });
  });

  it('keeps other workspaces’ and hidden contacts’ changes out of a stream', async () => {
    const admin = await t.signup();
    const restricted = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${restricted.user.id}`, { contactAccess: 'own' });
    const outsider = await t.signup();
    const hidden = await insertContact(t, admin);
    const own = await insertContact(t, restricted);
    const [restrictedStream, outsiderStream] = [await connect(restricted), await connect(outsider)];
    await admin.post(`/api/v1/contacts/${hidden.id}/notes`, { title: 'secret' });
    await admin.post(`/api/v1/contacts/${own.id}/notes`, { title: 'visible' });
    await restrictedStream.waitFor((e) => e.data?.contactId === own.id && e.data.kind === 'note.created');
    await settle();
    expect(restrictedStream.events.filter((e) => e.data?.contactId === hidden.id)).toEqual([]);
    expect(outsiderStream.events.filter((e) => e.event === 'journal')).toEqual([]);
  });

  it('replays what was missed after Last-Event-ID, including unread notifications', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const hidden = await admin.addUser('member', 'Restricted');
    await admin.patch(`/api/v1/users/${hidden.user.id}`, { contactAccess: 'own' });
    const contact = await insertContact(t, admin);
    const first = await connect(maria);
    await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'Seen' });
    const seen = await first.waitFor((e) => e.data?.kind === 'note.created');
    first.close();

    await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'Missed' });
    await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'Missed task', assigneeId: maria.user.id });
    await eventually(async () => (await maria.get('/api/v1/notifications/unread-count')).json().count === 1);

    const again = await connect(maria, { lastEventId: seen.id });
    const ready = again.events.findIndex((e) => e.event === 'ready');
    const replayed = again.events.slice(0, ready);
    expect(replayed.map((e) => (e.event === 'journal' ? e.data.kind : e.event))).toEqual([
      'note.created',
      'task.created',
      'notification',
    ]);
    expect(replayed.every((e) => e.id! > seen.id!)).toBe(true);

    const viaQuery = await connect(maria, { query: `?lastEventId=${seen.id}` });
    expect(viaQuery.events.filter((e) => e.event === 'journal')).toHaveLength(2);
    // A restricted member's replay leaves out contacts they cannot see.
    const restricted = await connect(hidden, { lastEventId: seen.id });
    expect(restricted.events.map((e) => e.event)).toEqual(['ready']);
  });

  it('asks the client to resync when more was missed than can be replayed', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const first = await connect(admin);
    await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'Seen' });
    const seen = await first.waitFor((e) => e.data?.kind === 'note.created');
    first.close();
    // Stays connected through the burst: once it has the last entry live, the server has fanned the burst out, and a
    // client that connects afterwards can only learn of it from the replay.
    const witness = await connect(admin);
    const ids = await inTransaction(systemCtx(t.deps, admin.workspace.id), (tx) =>
      recordMany(
        tx,
        Array.from({ length: 501 }, (_, i) => ({
          contactId: contact.id,
          kind: 'test.bulk',
          category: 'admin' as const,
          data: { i },
        })),
      ),
    );
    await witness.waitFor((e) => e.id === ids[500]);
    witness.close();
    const again = await connect(admin, { lastEventId: seen.id });
    expect(again.events[0]).toEqual({ id: ids[500], event: 'resync', data: { reason: 'too_many_missed' } });
    expect(again.events.filter((e) => e.event === 'journal')).toEqual([]);
  });

  it('sends heartbeats and ends the stream once the session is signed out', async () => {
    Object.assign(realtimeOptions, { heartbeatMs: 100, reauthEvery: 2 });
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const stream = await connect(member);
    await eventually(async () => stream.comments.length >= 2);
    expect(stream.comments[0]).toBe(': ping');
    expect(stream.ended).toBe(false);
    await member.post('/api/v1/auth/logout');
    await eventually(async () => stream.ended);
  });

  it('accepts an API key and refuses an anonymous client', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const key = await admin.createApiKey('Sync');
    const stream = await connect({ key });
    await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'via key' });
    await stream.waitFor((e) => e.data?.kind === 'task.created');
    const anonymous = await fetch(`${base}/api/v1/events`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).code).toBe('unauthorized');
  });

  it('closes streams when the LISTEN connection drops, and serves the reconnect with catch-up', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const stream = await connect(admin);
    await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'Before' });
    const seen = await stream.waitFor((e) => e.data?.kind === 'note.created');
    await t.deps.database.pool.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
       where application_name = 'dossier-realtime' and datname = current_database()`,
    );
    await eventually(async () => stream.ended);
    await admin.post(`/api/v1/contacts/${contact.id}/tasks`, { title: 'While away' });
    const again = await connect(admin, { lastEventId: seen.id });
    expect(again.events.filter((e) => e.event === 'journal').map((e) => e.data.kind)).toEqual(['task.created']);
    await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'After' });
    await again.waitFor((e) => e.data?.kind === 'note.created');
  });

  it('ends open streams when the app closes, so the server stops promptly', async () => {
    const other = await createTestApp();
    const otherBase = await listen(other.app);
    const admin = await other.signup();
    const stream = await Stream.open(`${otherBase}/api/v1/events`, { cookie: `dossier_session=${admin.cookie}` });
    expect(stream.ended).toBe(false);
    await other.close();
    await eventually(async () => stream.ended);
  });
});
