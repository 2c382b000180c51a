// Prometheus metrics at /metrics: HTTP traffic by route, the database pool, job queues, live-update
// streams, and Node's own (memory, event-loop lag). Served to this machine only unless a token is set.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import client from 'prom-client';
import type { Config } from '../../config.ts';
import type { Deps } from '../context.ts';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Adds a gauge read at scrape time (e.g. open live-update streams); a no-op when metrics are off. */
    metricsGauge(name: string, help: string, read: () => number): void;
  }
}

export function describeMetrics(config: Config): string {
  if (config.METRICS === 'off') return 'off (METRICS=off)';
  return config.METRICS_TOKEN
    ? '/metrics (this machine, or anywhere with the METRICS_TOKEN bearer token)'
    : '/metrics (this machine only; set METRICS_TOKEN to scrape from elsewhere)';
}

/** Registers /metrics and the hooks that count requests. Each app has its own registry. */
export function registerMetrics(app: FastifyInstance, deps: Deps): void {
  const { config } = deps;
  if (config.METRICS === 'off') {
    app.decorate('metricsGauge', () => undefined);
    return;
  }
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  app.decorate('metricsGauge', (name: string, help: string, read: () => number) => {
    new client.Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  });

  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route pattern and status',
    labelNames,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    const labels = { method: req.method, route: routeLabel(req), status: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });

  const pool = deps.database.pool;
  new client.Gauge({
    name: 'dossier_db_pool_connections',
    help: 'Connections of the database pool, by state (total, idle, waiting = requests queued for one)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });

  const jobs = new client.Gauge({
    name: 'dossier_jobs',
    help: 'Background jobs per queue and state: created/retry = waiting (queue depth), active, failed',
    labelNames: ['queue', 'state'],
    registers: [registry],
  });

  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    authorize(req, config);
    jobs.reset();
    for (const row of await jobCounts(deps)) jobs.set({ queue: row.name, state: row.state }, row.count);
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

/** The route pattern (/api/v1/contacts/:id), never the raw URL, so ids do not make new series. */
function routeLabel(req: FastifyRequest): string {
  const pattern = req.routeOptions.url;
  if (pattern && pattern !== '/*') return pattern;
  return pattern === '/*' ? 'static' : 'unmatched';
}

async function jobCounts(deps: Deps): Promise<{ name: string; state: string; count: number }[]> {
  // Completed and cancelled jobs are history, not load; they are left out.
  const { rows } = await deps.database.pool.query<{ name: string; state: string; count: number }>(
    `select name, state::text as state, count(*)::int as count from pgboss.job
      where state in ('created', 'retry', 'active', 'failed') and name not like '\\_\\_pgboss%'
      group by name, state`,
  );
  return rows;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Loopback callers may read metrics, unless the request came through a proxy (a reverse proxy on
 * this machine connects from 127.0.0.1 on behalf of the whole internet). Anyone with the token may.
 */
function authorize(req: FastifyRequest, config: Config): void {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (config.METRICS_TOKEN && bearer) {
    if (sameSecret(bearer, config.METRICS_TOKEN)) return;
    throw new AppError('unauthorized', 401, 'The metrics token is not valid');
  }
  const proxied = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => req.headers[h] !== undefined);
  if (!proxied && LOOPBACK.test(req.socket.remoteAddress ?? '')) return;
  throw new AppError(
    'forbidden',
    403,
    config.METRICS_TOKEN
      ? 'Metrics need the METRICS_TOKEN bearer token from outside this machine'
      : 'Metrics are served to this machine only; set METRICS_TOKEN to scrape them from elsewhere',
  );
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
