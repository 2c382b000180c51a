// Public links in sent emails, outside the API: the open pixel, the click redirect and the
// unsubscribe page / RFC 8058 one-click POST. Signed tokens stand in for credentials.
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../platform/context.ts';
import { recordClick, recordOpen, unsubscribe, unsubscribeTarget } from './tracking.service.ts';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem">
<h1 style="font-size: 1.4rem">${title}</h1>${body}</body></html>`;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const trackingRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  // The one-click POST is form-encoded (List-Unsubscribe=One-Click); so is the page's button.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  app.get<{ Params: { token: string } }>('/t/o/:token', { schema: { hide: true } }, async (req, reply) => {
    // Whatever happens, the mail client gets its image: a broken pixel is not the reader's problem.
    await recordOpen(deps, req.params.token).catch((err: unknown) => req.log.warn({ err }, 'open tracking failed'));
    return reply.header('content-type', 'image/gif').header('cache-control', 'no-store, max-age=0').send(GIF);
  });

  app.get<{ Params: { token: string } }>('/t/c/:token', { schema: { hide: true } }, async (req, reply) => {
    const url = await recordClick(deps, req.params.token);
    if (!url) {
      return reply
        .status(404)
        .header('content-type', 'text/html; charset=utf-8')
        .send(page('Link not found', '<p>This link is not valid.</p>'));
    }
    return reply.header('cache-control', 'no-store').redirect(url, 302);
  });

  app.get<{ Params: { token: string } }>('/u/:token', { schema: { hide: true } }, async (req, reply) => {
    const target = await unsubscribeTarget(deps, req.params.token);
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    if (!target) return reply.status(404).send(page('Link not valid', '<p>This unsubscribe link is not valid.</p>'));
    // A GET only asks: link scanners fetch every URL in a message and must not unsubscribe anyone.
    return reply.send(
      page(
        'Unsubscribe',
        `<p>Stop emails to <strong>${escapeHtml(target.address ?? 'this address')}</strong>?</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" style="font-size: 1rem; padding: .5rem 1rem">Unsubscribe</button></form>`,
      ),
    );
  });

  app.post<{ Params: { token: string } }>('/u/:token', { schema: { hide: true } }, async (req, reply) => {
    const done = await unsubscribe(deps, req.params.token);
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    if (!done) return reply.status(404).send(page('Link not valid', '<p>This unsubscribe link is not valid.</p>'));
    return reply.send(page('You are unsubscribed', '<p>You will not receive these emails any more.</p>'));
  });
};
