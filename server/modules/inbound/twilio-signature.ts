// X-Twilio-Signature: base64(HMAC-SHA1(auth token, full URL + each POST parameter's name and value,
// sorted by name)). Twilio signs the URL it called, so behind a proxy the URL is rebuilt from
// PUBLIC_URL rather than from the Host header a client could choose.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type FormParams = Record<string, string | string[] | undefined>;

export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    if (value === undefined) continue;
    // A repeated parameter is signed once per value, values in order (Twilio's own helpers).
    for (const v of Array.isArray(value) ? [...value].sort() : [value]) data += name + v;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export function isValidTwilioSignature(
  authToken: string,
  url: string,
  params: FormParams,
  signature: string | undefined,
): boolean {
  if (!authToken || !signature) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The URL Twilio called: PUBLIC_URL's origin and path prefix + the request's path and query; without
 * PUBLIC_URL, the request's own protocol and host (correct only without a rewriting proxy).
 */
export function publicRequestUrl(
  publicUrl: string | undefined,
  req: { url: string; protocol: string; host: string },
): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '') + req.url;
  return `${req.protocol}://${req.host}${req.url}`;
}
