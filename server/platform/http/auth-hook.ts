// Authenticates each request and builds its context; enforces CSRF on cookie-authenticated writes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerFromApiKey, callerFromSession, SESSION_COOKIE, type Caller } from '../auth/principal.ts';
import type { Ctx, Deps } from '../context.ts';
import { AppError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function identify(req: FastifyRequest, deps: Deps): Promise<Caller | null> {
  const onError = (err: unknown) => req.log.warn({ err }, 'recording when a session or key was last used failed');
  const authz = req.headers.authorization;
  if (authz) {
    const match = /^Bearer\s+(\S+)$/i.exec(authz);
    const caller = match ? await callerFromApiKey(deps.database.db, match[1]!, onError) : null;
    if (!caller) throw new AppError('unauthorized', 401, 'The API key is invalid or has been revoked');
    return caller;
  }
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return null;
  return callerFromSession(deps.database.db, token, deps.config.SESSION_TTL_DAYS, onError);
}

export function contextFor(caller: Caller, deps: Deps): Ctx {
  return {
    workspaceId: caller.workspaceId,
    actor: caller.actor,
    principal: caller.principal,
    deps,
    db: deps.database.db,
    tx: null,
    fieldsVersion: caller.fieldsVersion,
    namesVersion: caller.namesVersion,
  };
}

export function registerAuthHook(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('caller', null);
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.addHook('onRequest', async (req) => {
    // An unknown path answers 404 (the not-found handler) whoever asks.
    if (!req.url.startsWith('/api/') || req.is404) return;
    const isPublic = req.routeOptions.config?.public === true;
    const caller = await identify(req, deps);
    req.caller = caller;
    if (!caller) {
      if (isPublic) return;
      throw new AppError('unauthorized', 401, 'Sign in or send an API key to use this endpoint');
    }
    if (caller.session && !isPublic && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (sent !== caller.session.csrfToken) {
        throw new AppError(
          'csrf_failed',
          403,
          'Missing or invalid X-CSRF-Token header for a cookie-authenticated write',
        );
      }
    }
    req.ctx = contextFor(caller, deps);
  });
}
