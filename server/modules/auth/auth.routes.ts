import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { SESSION_COOKIE } from '../../platform/auth/principal.ts';
import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors } from '../../platform/http/schemas.ts';
import { isHttps } from '../../platform/http/security-headers.ts';
import { getUser } from '../users/users.service.ts';
import { getWorkspace } from '../workspaces/workspaces.service.ts';
import { AuthConfig, LoginBody, Session, SignupBody } from './auth.schemas.ts';
import { login, logout, signup } from './auth.service.ts';

const tags = ['Auth'];

function setSessionCookie(reply: FastifyReply, deps: Deps, token: string) {
  // Secure when the client came over https (PUBLIC_URL, or a trusted proxy's X-Forwarded-Proto).
  const secure = deps.config.SECURE_COOKIES ?? isHttps(reply.request, deps.config);
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: deps.config.SESSION_TTL_DAYS * 24 * 3600,
  });
}

export const authRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/auth/config',
    {
      config: { public: true },
      schema: { tags, summary: 'What the sign-in page needs to know', response: { 200: AuthConfig } },
    },
    async () => ({ signupAllowed: deps.config.ALLOW_SIGNUP }),
  );

  app.post(
    '/auth/signup',
    {
      config: { public: true, rateLimit: { max: deps.config.SIGNUP_RATE_LIMIT, timeWindow: '1 hour' } },
      schema: {
        tags,
        summary: 'Create a workspace and its first admin, and sign in',
        security: [],
        body: SignupBody,
        response: { 201: Session, ...errors(400, 403, 409, 429) },
      },
    },
    async (req, reply) => {
      const { session, cookieToken } = await signup({ deps, input: req.body, userAgent: req.headers['user-agent'] });
      setSessionCookie(reply, deps, cookieToken);
      return reply.status(201).send(session);
    },
  );

  app.post(
    '/auth/login',
    {
      // Failed attempts are limited per account and per address (platform/auth/sign-in-throttle.ts).
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in with email and password; sets the session cookie',
        security: [],
        body: LoginBody,
        response: { 200: Session, ...errors(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      const { session, cookieToken } = await login({
        deps,
        input: req.body,
        userAgent: req.headers['user-agent'],
        clientAddress: req.ip,
      });
      setSessionCookie(reply, deps, cookieToken);
      return session;
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: { tags, summary: 'Sign out (ends this session)', response: { 204: z.undefined(), ...errors(401, 403) } },
    },
    async (req, reply) => {
      const session = req.caller?.session;
      if (session) await logout(deps.database.db, req.ctx.workspaceId, session.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/session',
    {
      schema: {
        tags,
        summary: 'The signed-in user, their workspace and the CSRF token',
        response: { 200: Session, ...errors(401) },
      },
    },
    async (req) => {
      const caller = req.caller!;
      if (!caller.session || !caller.principal.userId) {
        throw new AppError('unauthorized', 401, 'This endpoint describes a browser session, not an API key');
      }
      return {
        user: await getUser({ ctx: req.ctx, userId: caller.principal.userId }),
        workspace: await getWorkspace({ ctx: req.ctx }),
        csrfToken: caller.session.csrfToken,
      };
    },
  );
};
