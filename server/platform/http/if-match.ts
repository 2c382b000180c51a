// Optimistic concurrency: If-Match carries the version the client last saw (from the ETag); a stale
// one is refused by the service instead of silently overwriting someone else's edit.
import { AppError } from '../errors.ts';

/**
 * Parses `If-Match: 3`, `"3"` or `W/"3"`. No header or `*` → undefined (the check is optional).
 * An empty header is refused: it is a client bug, and taking it as "no check" would let the write
 * through unchecked.
 */
export function versionFromIfMatch(header: string | string[] | undefined, what = 'record'): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '*') return undefined;
  if (value.trim() === '') {
    throw new AppError(
      'invalid_if_match',
      400,
      `If-Match is empty; send the ${what}’s version you edited (e.g. "3") or leave the header out`,
    );
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!match) throw new AppError('invalid_if_match', 400, `If-Match must be the ${what}’s version, e.g. "3"`);
  return Number(match[1]);
}
