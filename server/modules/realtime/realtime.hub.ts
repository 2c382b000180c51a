// Live updates fan-out. One dedicated PostgreSQL connection per server process LISTENs on the
// events channel; every committed journal entry and new notification is announced there (by
// whichever process made the change), and the hub passes it on to the streams open in this
// process. Payloads carry only ids, so any number of processes can serve streams side by side.
import { and, eq, inArray } from 'drizzle-orm';
import pg from 'pg';
import { contacts } from '../../db/schema/contacts.ts';
import { contactScope, type Ctx, type Deps } from '../../platform/context.ts';
import { EVENTS_CHANNEL } from '../../platform/journal/journal.ts';
import { contactVisibility } from '../contacts/contact-access.ts';

export interface StreamEvent {
  /** Journal entry or notification id (both UUIDv7, time-ordered); becomes the SSE `id:`. */
  id?: string;
  event: string;
  data: unknown;
}

export interface StreamClient {
  ctx: Ctx;
  send(event: StreamEvent): void;
  close(): void;
}

type Announcement =
  | { type: 'journal'; w: string; e: { id: string; c: string | null; k: string }[] }
  | { type: 'notification'; w: string; u: string; id: string }
  /** A message changed without a journal entry of its own (queued → sent, counted opens). */
  | { type: 'message'; w: string; c: string | null; id: string; s: string }
  | { type: 'notifications_read'; w: string; u: string; ids: string[] | 'all' };

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

const restricted = (ctx: Ctx) => contactScope(ctx) !== null;

/** Of these contacts, the ones the caller may see. */
export async function visibleContactIds(ctx: Ctx, contactIds: string[]): Promise<Set<string>> {
  if (contactIds.length === 0) return new Set();
  const rows = await ctx.db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(contactVisibility(ctx), inArray(contacts.id, contactIds), eq(contacts.workspaceId, ctx.workspaceId)));
  return new Set(rows.map((r) => r.id));
}

export class RealtimeHub {
  private listener: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly byWorkspace = new Map<string, Set<StreamClient>>();
  /** Per client, deliveries run one after another so events keep their order. */
  private readonly queues = new WeakMap<StreamClient, Promise<void>>();
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = RECONNECT_MIN_MS;

  constructor(private readonly deps: Deps) {}

  get size(): number {
    let n = 0;
    for (const set of this.byWorkspace.values()) n += set.size;
    return n;
  }

  /** Registers a stream; resolves once this process is listening, so nothing committed later is missed. */
  async add(client: StreamClient): Promise<void> {
    if (this.closed) throw new Error('The server is shutting down');
    await this.listen();
    const set = this.byWorkspace.get(client.ctx.workspaceId) ?? new Set();
    set.add(client);
    this.byWorkspace.set(client.ctx.workspaceId, set);
  }

  remove(client: StreamClient): void {
    const set = this.byWorkspace.get(client.ctx.workspaceId);
    if (!set) return;
    set.delete(client);
    if (set.size === 0) this.byWorkspace.delete(client.ctx.workspaceId);
  }

  private listen(): Promise<void> {
    if (this.listener) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.deps.database.url,
      application_name: 'dossier-realtime',
      keepAlive: true,
    });
    client.on('notification', (msg) => {
      if (msg.channel === EVENTS_CHANNEL && msg.payload) this.dispatch(msg.payload);
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${EVENTS_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
  }

  /**
   * The LISTEN connection dropped: announcements may have been missed, so every stream is closed.
   * Browsers reconnect on their own with Last-Event-ID and catch up from the journal.
   */
  private lost(client: pg.Client, err?: Error): void {
    if (this.listener !== client) return;
    this.listener = null;
    if (this.closed) return;
    if (err) this.deps.logger.warn({ err }, 'live updates: lost the LISTEN connection; streams will reconnect');
    this.closeStreams();
    this.scheduleReconnect();
  }

  /**
   * Listens again as soon as the database is back (the database restarted, a failover), pausing
   * longer after each failed attempt, so reconnecting browsers find the stream ready.
   */
  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.closed || this.listener) return;
      this.listen().then(
        () => {
          this.reconnectDelay = RECONNECT_MIN_MS;
          this.deps.logger.info('live updates: listening again');
        },
        () => {
          this.reconnectDelay = Math.min(RECONNECT_MAX_MS, this.reconnectDelay * 2);
          this.scheduleReconnect();
        },
      );
    }, this.reconnectDelay);
    this.reconnectTimer.unref();
  }

  private dispatch(payload: string): void {
    let msg: Announcement;
    try {
      msg = JSON.parse(payload) as Announcement;
    } catch {
      return;
    }
    const clients = this.byWorkspace.get(msg.w);
    if (!clients) return;
    for (const client of clients) {
      const previous = this.queues.get(client) ?? Promise.resolve();
      const next = previous
        .then(() => this.deliver(client, msg))
        .catch((err: unknown) => this.deps.logger.warn({ err }, 'live updates: delivery failed'));
      this.queues.set(client, next);
    }
  }

  private async deliver(client: StreamClient, msg: Announcement): Promise<void> {
    const userId = client.ctx.principal.userId;
    switch (msg.type) {
      case 'journal': {
        let entries = msg.e;
        if (restricted(client.ctx)) {
          // A restricted member hears only of contacts they own or follow.
          const visible = await visibleContactIds(client.ctx, [
            ...new Set(entries.map((e) => e.c).filter((c): c is string => !!c)),
          ]);
          entries = entries.filter((e) => !e.c || visible.has(e.c));
        }
        for (const e of entries)
          client.send({ id: e.id, event: 'journal', data: { id: e.id, contactId: e.c, kind: e.k } });
        return;
      }
      case 'message': {
        // Unmatched messages are for those who see every contact; the rest as their contact.
        if (restricted(client.ctx) && (!msg.c || !(await visibleContactIds(client.ctx, [msg.c])).has(msg.c))) return;
        client.send({ event: 'message', data: { id: msg.id, contactId: msg.c, status: msg.s } });
        return;
      }
      case 'notification':
        if (userId && msg.u === userId) client.send({ id: msg.id, event: 'notification', data: { id: msg.id } });
        return;
      case 'notifications_read':
        if (userId && msg.u === userId) {
          client.send({ event: 'notifications_read', data: msg.ids === 'all' ? { all: true } : { ids: msg.ids } });
        }
        return;
    }
  }

  /** Ends every open stream (shutdown, or a lost LISTEN connection). */
  closeStreams(): void {
    for (const set of this.byWorkspace.values()) for (const client of set) client.close();
    this.byWorkspace.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.closeStreams();
    await this.connecting?.catch(() => undefined);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }
}
