import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { callerFromApiKey, callerFromSession, SESSION_COOKIE } from '../../platform/auth/principal.ts';
import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { rawResponse } from '../../platform/http/openapi.ts';
import { errors } from '../../platform/http/schemas.ts';
import { RealtimeHub, type StreamClient, type StreamEvent } from './realtime.hub.ts';
import { missedEvents } from './realtime.service.ts';

/** Tunables of the stream; tests shorten them. */
export const realtimeOptions = {
  heartbeatMs: 15_000,
  /** Every this many heartbeats the stream checks that its session or API key is still valid. */
  reauthEvery: 4,
  /** A client that stops reading is dropped (it reconnects and catches up) rather than buffered forever. */
  maxBufferedBytes: 1024 * 1024,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EventsQuery = z.object({
  lastEventId: z
    .string()
    .max(100)
    .optional()
    .describe('Same as the Last-Event-ID header, for clients that cannot set headers'),
});

function formatEvent(e: StreamEvent): string {
  return `${e.id ? `id: ${e.id}\n` : ''}event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/** Whether the credentials the stream was opened with would still be accepted now. */
async function stillSignedIn(req: FastifyRequest, deps: Deps): Promise<boolean> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return !!(await callerFromApiKey(deps.database.db, bearer));
  const token = req.cookies[SESSION_COOKIE];
  return !!token && !!(await callerFromSession(deps.database.db, token, deps.config.SESSION_TTL_DAYS));
}

export const realtimeRoutes: RoutePlugin = async (app, { deps }) => {
  const hub = new RealtimeHub(deps);
  app.metricsGauge('dossier_sse_clients', 'Open live-update streams (Server-Sent Events)', () => hub.size);
  // Open streams would keep the HTTP server from closing: end them before it closes, then stop listening.
  app.addHook('preClose', async () => hub.closeStreams());
  app.addHook('onClose', async () => hub.close());

  app.get(
    '/events',
    {
      schema: {
        tags: ['Live updates'],
        summary: 'Server-Sent Events: live journal entries and notifications for the signed-in user',
        description: [
          'A `text/event-stream` (use EventSource; cookies or an API key authenticate it). Events:',
          '`journal` {id, contactId, kind} for every committed journal entry of the workspace you may see;',
          '`notification` {id} for each new notification of yours; `notifications_read` {ids} or {all: true} when',
          'you read them elsewhere; `ready` {} once the stream is live (after any catch-up); `resync` when more',
          'was missed than can be replayed — refetch what is on screen. Each journal/notification event has',
          '`id:` set; on reconnect the browser sends Last-Event-ID and the stream replays what was missed.',
          'A comment line is sent every 15 s as a heartbeat.',
        ].join(' '),
        querystring: EventsQuery,
        produces: ['text/event-stream'],
        response: { 200: rawResponse('The event stream', 'text/event-stream'), ...errors(403) },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx;
      const header = req.headers['last-event-id'];
      const requested = (Array.isArray(header) ? header[0] : header) ?? req.query.lastEventId;
      const lastEventId = requested && UUID.test(requested.trim()) ? requested.trim().toLowerCase() : undefined;

      const raw = reply.raw;
      let open = true;
      let live = false;
      const timers: { heartbeat?: NodeJS.Timeout } = {};
      const pending: StreamEvent[] = [];
      const write = (chunk: string) => {
        if (!open) return;
        raw.write(chunk);
        if (raw.writableLength > realtimeOptions.maxBufferedBytes) client.close();
      };
      const client: StreamClient = {
        ctx,
        send(event) {
          if (live) write(formatEvent(event));
          else pending.push(event);
        },
        close() {
          if (!open) return;
          open = false;
          hub.remove(client);
          clearInterval(timers.heartbeat);
          raw.end();
        },
      };
      // Listening before the catch-up query, so nothing committed in between is lost.
      try {
        await hub.add(client);
      } catch (err) {
        deps.logger.error({ err }, 'live updates: cannot listen for events');
        throw new AppError('not_ready', 503, 'Live updates are not available right now; retry shortly');
      }

      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 3000\n\n');

      let beats = 0;
      timers.heartbeat = setInterval(() => {
        write(': ping\n\n');
        beats += 1;
        if (beats % realtimeOptions.reauthEvery === 0) {
          stillSignedIn(req, deps)
            .then((ok) => {
              if (!ok) client.close();
            })
            .catch(() => undefined);
        }
      }, realtimeOptions.heartbeatMs);
      req.raw.on('close', () => client.close());
      // A socket torn down mid-write must end this stream, never the process.
      raw.on('error', () => client.close());

      try {
        const replayed = lastEventId ? await missedEvents({ ctx, lastEventId }) : [];
        const sent = new Set(replayed.map((e) => e.id));
        for (const e of replayed) write(formatEvent(e));
        live = true;
        for (const e of pending.splice(0)) {
          if (!e.id || !sent.has(e.id)) write(formatEvent(e));
        }
        write(formatEvent({ event: 'ready', data: {} }));
      } catch (err) {
        deps.logger.warn({ err }, 'live updates: catch-up failed');
        client.close();
      }
    },
  );
};
