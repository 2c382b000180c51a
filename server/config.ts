// Environment parsed once, with defaults that make `npm start` work with no configuration.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** proxy-addr's names for address ranges, an address, or an address/prefix-length range. */
function isAddressOrRange(value: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(value)) return true;
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Off, `true` (any proxy), a hop count, or a comma list of proxy addresses/CIDRs, as Fastify's
 * trustProxy. Fastify ignores a bare number, so a hop count becomes "trust the n nearest hops".
 */
const TrustProxy = z
  .string()
  .trim()
  .default('false')
  .transform((value, ctx): boolean | string[] | ((address: string, hop: number) => boolean) => {
    if (['', 'false', 'no', '0'].includes(value)) return false;
    if (value === 'true' || value === 'yes') return true;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      return (_address, hop) => hop < hops;
    }
    const list = value.split(',').map((a) => a.trim());
    const bad = list.filter((a) => !isAddressOrRange(a));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `use true, a hop count, or proxy addresses/CIDR ranges separated by commas (not: ${bad.join(', ')})`,
      });
      return z.NEVER;
    }
    return list;
  });

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  /** Connections the server opens to PostgreSQL; see poolSize (db/client.ts). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** Where the embedded cluster lives; DATA_DIR/pg by default. */
  EMBEDDED_PG_DIR: z.string().optional(),
  ALLOW_SIGNUP: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** json (one object a line, for log collectors) or pretty (readable); pretty when stdout is a terminal. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** Sign-ups allowed per client address and hour (abuse protection on public servers). */
  SIGNUP_RATE_LIMIT: z.coerce.number().int().positive().default(20),
  SESSION_TTL_DAYS: z.coerce.number().positive().default(30),
  SECURE_COOKIES: bool.optional(),
  /** Whose X-Forwarded-For/-Proto to believe. Off by default: otherwise any client picks its own address. */
  TRUST_PROXY: TrustProxy,
  RUN_WORKER: bool.default(true),
  SEED_DEMO: bool.default(true),
  /** Port of the built-in SMTP listener for inbound mail; off unless set (25 needs root or a capability). */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  INBOUND_SMTP_HOST: z.string().default('0.0.0.0'),
  /** Largest inbound email (SMTP listener, raw-MIME webhook, IMAP), attachments included. */
  INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  PUBLIC_URL: z.string().url().optional(),
  /** Prometheus metrics at /metrics: on (loopback, or anywhere with METRICS_TOKEN) or off. */
  METRICS: z.enum(['on', 'off']).default('on'),
  /** Bearer token that opens /metrics to scrapers that are not on this machine. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** The instance's outgoing mail server (smtp[s]://user:pass@host:port), for workspaces without their own. */
  SMTP_URL: z.string().url().optional(),
  /** The sender address used with SMTP_URL when a workspace has not set its own. */
  SMTP_FROM: z.string().email().optional(),
  /** Signs tracking and unsubscribe links; without it a random one is kept in DATA_DIR/app-secret. */
  APP_SECRET: z.string().min(32).optional(),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** The largest contact import file (CSV or vCard) accepted. */
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
});

export type Config = z.infer<typeof ConfigSchema> & { dataDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
