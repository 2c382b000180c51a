// Security headers on every response: a Content-Security-Policy the web app and /docs work under,
// no framing, no MIME sniffing, a short referrer, and HSTS when the site is served over https.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';

/**
 * The policy. Scripts only from this origin (plus the hashes of the inline scripts of the built
 * index.html — the colour-scheme snippet that runs before first paint); styles may be inline
 * because Mantine injects <style> tags and style attributes at run time.
 */
export function contentSecurityPolicy(inlineScriptHashes: string[] = []): string {
  const scripts = ["'self'", ...inlineScriptHashes.map((h) => `'${h}'`)].join(' ');
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `sha256-…` sources for every inline <script> of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (match[1]!.trim()) hashes.push(`sha256-${createHash('sha256').update(match[1]!).digest('base64')}`);
  }
  return hashes;
}

/** Whether the client reached us over https: PUBLIC_URL says so, or a trusted proxy's X-Forwarded-Proto. */
export function isHttps(req: FastifyRequest, config: Config): boolean {
  return config.PUBLIC_URL?.startsWith('https:') === true || req.protocol === 'https';
}

export function registerSecurityHeaders(app: FastifyInstance, config: Config, opts: { indexHtml?: string }): void {
  const csp = contentSecurityPolicy(opts.indexHtml ? inlineScriptHashes(opts.indexHtml) : []);
  app.addHook('onRequest', async (req, reply) => {
    // Set on the raw response so they also reach replies written directly (the live-update stream).
    const res = reply.raw;
    res.setHeader('content-security-policy', csp);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    if (isHttps(req, config)) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}

/** The headers that govern a page (what it may load, who may frame it, its opener); a script or stylesheet ignores them. */
const PAGE_ONLY = ['content-security-policy', 'x-frame-options', 'cross-origin-opener-policy', 'referrer-policy'];

/**
 * Leaves only what a script, stylesheet or font needs (nosniff, HSTS). The built app's first load is over a hundred
 * such files, and the page's policy repeated on each was about a fifth of the bytes on the wire.
 */
export function asSubresource(reply: FastifyReply): void {
  // The hook above sets them on the raw response.
  for (const name of PAGE_ONLY) reply.raw.removeHeader(name);
}
