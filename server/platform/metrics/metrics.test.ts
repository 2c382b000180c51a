// /metrics: what a Prometheus scraper reads, and who may read it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../app.ts';
import { insertContact } from '../../test/fixtures.ts';
import { createTestApp, eventually, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (the sample lines; # HELP/# TYPE are skipped). */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of match[2]?.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g) ?? []) labels[k!] = v!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

async function scrape(app = t.app, headers: Record<string, string> = {}, remoteAddress?: string) {
  return app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });
}

describe('/metrics', () => {
  test('counts requests by route pattern and status, with durations, pool, queues, streams and process figures', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    await admin.get(`/api/v1/contacts/${contact.id}`);
    await admin.get(`/api/v1/contacts/${crypto.randomUUID()}`);

    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const samples = parse(res.body);

    const route = '/api/v1/contacts/:id';
    expect(find(samples, 'http_requests_total', { method: 'GET', route, status: '200' })[0]?.value).toBe(1);
    expect(find(samples, 'http_requests_total', { method: 'GET', route, status: '404' })[0]?.value).toBe(1);
    // The raw URL (with the id) never becomes a label.
    expect(samples.some((s) => s.labels.route?.includes(contact.id))).toBe(false);
    expect(find(samples, 'http_request_duration_seconds_count', { route, status: '200' })[0]?.value).toBe(1);
    expect(find(samples, 'http_request_duration_seconds_bucket', { route, le: '+Inf' }).length).toBe(2);

    const pool = find(samples, 'dossier_db_pool_connections');
    expect(pool.map((s) => s.labels.state).sort()).toEqual(['idle', 'total', 'waiting']);
    expect(find(samples, 'dossier_db_pool_connections', { state: 'total' })[0]!.value).toBeGreaterThan(0);
    expect(find(samples, 'dossier_sse_clients')[0]?.value).toBe(0);
    expect(find(samples, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
    expect(find(samples, 'process_resident_memory_bytes')[0]!.value).toBeGreaterThan(0);
  });

  test('reports waiting and failed jobs per queue', async () => {
    const { boss } = t.deps;
    const queue = 'metrics-waiting';
    const failing = 'metrics-failing';
    await boss.createQueue(queue);
    await boss.createQueue(failing, { name: failing, retryLimit: 0 });
    await boss.send(queue, {});
    await boss.send(queue, {});
    await boss.send(failing, {});
    const [job] = await boss.fetch(failing);
    await boss.fail(failing, job!.id);

    const samples = parse((await scrape()).body);
    expect(find(samples, 'dossier_jobs', { queue, state: 'created' })[0]?.value).toBe(2);
    expect(find(samples, 'dossier_jobs', { queue: failing, state: 'failed' })[0]?.value).toBe(1);
    expect(find(samples, 'dossier_jobs', { queue: failing, state: 'created' })).toEqual([]);
  });

  test('counts open live-update streams', async () => {
    const admin = await t.signup();
    const key = await admin.createApiKey();
    const { listen } = await import('../../test/harness.ts');
    const base = await listen(t.app);
    const controller = new AbortController();
    const res = await fetch(`${base}/api/v1/events`, {
      headers: { authorization: `Bearer ${key}` },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    await eventually(async () => find(parse((await scrape()).body), 'dossier_sse_clients')[0]?.value === 1);
    controller.abort();
    await eventually(async () => find(parse((await scrape()).body), 'dossier_sse_clients')[0]?.value === 0);
  });

  test('is refused to other machines and to requests that came through a proxy', async () => {
    const remote = await scrape(t.app, {}, '203.0.113.7');
    expect(remote.statusCode).toBe(403);
    expect(remote.headers['content-type']).toContain('application/problem+json');
    expect(remote.json().code).toBe('forbidden');
    expect(remote.body).not.toContain('http_requests_total');

    const proxied = await scrape(t.app, { 'x-forwarded-for': '203.0.113.7' });
    expect(proxied.statusCode).toBe(403);
    expect((await scrape(t.app, {}, '::1')).statusCode).toBe(200);
  });

  test('METRICS_TOKEN opens it to other machines with the token, and only with it', async () => {
    const token = 'a-long-metrics-token-for-tests';
    const app = await buildApp({ ...t.deps, config: { ...t.deps.config, METRICS_TOKEN: token } });
    try {
      expect((await scrape(app, { authorization: `Bearer ${token}` }, '203.0.113.7')).statusCode).toBe(200);
      const wrong = await scrape(app, { authorization: 'Bearer a-long-but-wrong-token-xx' }, '203.0.113.7');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().code).toBe('unauthorized');
      expect((await scrape(app, {}, '203.0.113.7')).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });

  test('METRICS=off removes the endpoint (a 404 problem, never the web app)', async () => {
    const app = await buildApp({ ...t.deps, config: { ...t.deps.config, METRICS: 'off' } });
    try {
      const res = await scrape(app);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
    } finally {
      await app.close();
    }
  });
});
