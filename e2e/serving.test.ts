// How the server delivers the web app and its own paths: HEAD, 404s that never turn into the app's
// HTML, compression, caching, security headers, and the branded API docs working under the policy.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../server/app.ts';
import { savePicture, startE2E, type E2E } from './harness.ts';
import { t } from './i18n.ts';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

const request = (method: 'GET' | 'HEAD', url: string, headers: Record<string, string> = {}) =>
  e2e.server.app.inject({ method, url, headers });

function someAsset(ext: string): string {
  const file = fs
    .readdirSync(path.join(dist, 'assets'))
    .filter((f) => f.endsWith(ext))
    .map((f) => ({ f, size: fs.statSync(path.join(dist, 'assets', f)).size }))
    .sort((a, b) => b.size - a.size)[0]!.f;
  return `/assets/${file}`;
}

describe('serving the web app', () => {
  test('HEAD answers like GET on the app’s pages', async () => {
    for (const url of ['/', '/contacts', '/settings/users']) {
      const head = await request('HEAD', url);
      expect(head.statusCode, url).toBe(200);
      expect(head.headers['content-type']).toContain('text/html');
      expect(head.body).toBe('');
    }
  });

  test('unknown server paths answer a 404 problem, never the app’s HTML', async () => {
    const paths = [
      '/api',
      '/api/nope',
      '/api/v1/nope',
      '/api/v2/contacts',
      '/metrics/extra',
      '/healthz/x',
      '/readyz/x',
      '/docs/nope',
      '/assets/gone-0123abcd.js',
    ];
    for (const url of paths) {
      for (const method of ['GET', 'HEAD'] as const) {
        const res = await request(method, url);
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.headers['content-type'], `${method} ${url}`).toContain('application/problem+json');
        if (method === 'GET') expect(res.json().code).toBe('not_found');
      }
    }
  });

  test('hashed assets are pre-compressed (brotli, else gzip) and cached for good; index.html is revalidated', async () => {
    const js = someAsset('.js');
    const original = fs.readFileSync(path.join(dist, js));

    const br = await e2e.server.app.inject({ method: 'GET', url: js, headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(zlib.brotliDecompressSync(br.rawPayload).equals(original)).toBe(true);

    const gz = await request('GET', js, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).equals(original)).toBe(true);

    const plain = await request('GET', js);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(original)).toBe(true);

    const css = await request('GET', someAsset('.css'), { 'accept-encoding': 'br' });
    expect(css.headers['content-encoding']).toBe('br');
    expect(css.headers['cache-control']).toContain('immutable');

    for (const url of ['/', '/contacts']) {
      const page = await request('GET', url, { 'accept-encoding': 'br, gzip' });
      expect(page.headers['cache-control'], url).toBe('no-cache');
      expect(page.headers['content-encoding'], url).toBe('br');
      expect(zlib.brotliDecompressSync(page.rawPayload).toString()).toContain('<div id="root">');
    }
  });

  test('JSON answers over 1 KB are compressed; small ones are not', async () => {
    const big = await request('GET', '/api/v1/openapi.json', { 'accept-encoding': 'br' });
    expect(big.statusCode).toBe(200);
    expect(big.headers['content-encoding']).toBe('br');
    expect(JSON.parse(zlib.brotliDecompressSync(big.rawPayload).toString()).openapi).toBe('3.1.0');
    const gz = await request('GET', '/api/v1/openapi.json', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');

    const small = await request('GET', '/healthz', { 'accept-encoding': 'br, gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toEqual({ status: 'ok' });
  });

  test('every response carries the security headers; HSTS only over https', async () => {
    const urls = ['/', '/contacts', '/favicon.svg', '/api/v1/openapi.json', '/api/v1/nope', '/healthz', '/docs'];
    for (const url of urls) {
      const res = await request('GET', url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toMatch(/script-src 'self'( 'sha256-[^']+')*;/);
      expect(csp, url).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
    }
    // A hashed script or stylesheet is never a page: it keeps nosniff and drops the page's policy (a fifth of the
    // first load's bytes when repeated on every file).
    for (const url of [someAsset('.js'), someAsset('.css')]) {
      const res = await request('GET', url);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      for (const name of [
        'content-security-policy',
        'x-frame-options',
        'cross-origin-opener-policy',
        'referrer-policy',
      ]) {
        expect(res.headers[name], `${url} ${name}`).toBeUndefined();
      }
    }
    const https = await buildApp(
      { ...e2e.server.deps, config: { ...e2e.server.deps.config, PUBLIC_URL: 'https://crm.example.test' } },
      { serveWeb: true },
    );
    try {
      const res = await https.inject({ method: 'GET', url: '/' });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const login = await https.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'nobody@example.test', password: 'wrong-password-1' },
      });
      expect(login.headers['strict-transport-security']).toBeDefined();
    } finally {
      await https.close();
    }
  });

  test('the app runs in Chromium under its Content-Security-Policy', async () => {
    const admin = await e2e.server.signup();
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/contacts');
    await page
      .getByRole('heading', { name: t('contactList.title') })
      .first()
      .waitFor();
    await page.goto('/settings/users');
    await page.getByText(admin.user.email).first().waitFor();
    // The colour-scheme snippet in index.html ran (it is allowed by its hash).
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'))).toBe('light');
    expect(e2e.pageErrors).toEqual([]);
    // The harness fails this test on any violation the pages reported.
  });

  test('/docs is the branded Swagger UI reading /api/v1/openapi.json, under the policy', async () => {
    const html = await request('GET', '/docs');
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('<title>Dossier API</title>');
    expect(html.body).toContain('favicon.svg');

    const page = await e2e.newPage();
    const specs: string[] = [];
    page.on('request', (r) => {
      if (/openapi\.json|\/docs\/json/.test(r.url())) specs.push(new URL(r.url()).pathname);
    });
    await page.goto('/docs');
    await page.getByText('/api/v1/auth/session', { exact: true }).first().waitFor();
    // The UI renders only the operations near the viewport: scroll down to the contacts.
    const contacts = page.getByText('/api/v1/contacts', { exact: true }).first();
    for (let i = 0; i < 60 && !(await contacts.isVisible()); i++) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(150);
    }
    await contacts.waitFor();
    expect(specs).toEqual(['/api/v1/openapi.json']);
    expect(await page.title()).toBe('Dossier API');
    await savePicture(page, 'api-docs', { fullPage: false });
  });
});
