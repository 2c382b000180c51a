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

const MAC_BYTES = 12;
const mac = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest().subarray(0, MAC_BYTES);

/** Bytes plus a truncated HMAC, base64url: short enough for a URL path, impossible to forge. */
export function signToken(secret: string, payload: Buffer): string {
  return Buffer.concat([payload, mac(secret, payload)]).toString('base64url');
}

/** The payload of a token this instance signed, or null. */
export function verifyToken(secret: string, token: string): Buffer | null {
  if (token.length > 400 || !/^[\w-]+$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length <= MAC_BYTES) return null;
  const payload = raw.subarray(0, raw.length - MAC_BYTES);
  const given = raw.subarray(raw.length - MAC_BYTES);
  return timingSafeEqual(given, mac(secret, payload)) ? payload : null;
}
