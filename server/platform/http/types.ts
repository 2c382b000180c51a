import type { Caller } from '../auth/principal.ts';
import type { Ctx } from '../context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
    /** Present on every authenticated route; public routes must not touch it. */
    ctx: Ctx;
  }
  interface FastifyContextConfig {
    /** Routes reachable without signing in. */
    public?: boolean;
  }
}
