// The instance's signing key (tracking and unsubscribe links): APP_SECRET, or a random key created
// once in DATA_DIR, so links stay valid across restarts. Several hosts sharing a database set APP_SECRET.
import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.ts';

const cache = new Map<string, string>();

export function appSecret(config: Config): string {
  if (config.APP_SECRET) return config.APP_SECRET;
  const file = path.join(config.dataDir, 'app-secret');
  const cached = cache.get(file);
  if (cached) return cached;
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    // Another process made it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  cache.set(file, secret);
  return secret;
}

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest().subarray(0, 18);

/** `<base64url JSON>.<base64url HMAC>`: a value anyone may read but only this instance can have written. */
export function signToken(secret: string, payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

export function verifyToken<T extends Record<string, unknown>>(secret: string, token: string): T | null {
  const [body, sig, ...rest] = token.split('.');
  if (!body || !sig || rest.length > 0 || token.length > 1000) return null;
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as T) : null;
  } catch {
    return null;
  }
}
