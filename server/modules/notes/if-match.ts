// Optimistic concurrency for notes, tasks and appointments: If-Match carries the version the
// client last saw; a stale one is refused instead of silently overwriting someone else's edit.
import { AppError, invalid } from '../../platform/errors.ts';

/** Parses `If-Match: 3`, `"3"` or `W/"3"`; absent → undefined (the check is optional). */
export function versionFromIfMatch(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '' || value.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!match) throw invalid('If-Match must be the record’s version, e.g. "3"');
  return Number(match[1]);
}

export function assertVersion(what: string, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new AppError(
      'version_conflict',
      409,
      `This ${what} was changed by someone else in the meantime (version ${current}); reload it and try again`,
      { currentVersion: current },
    );
  }
}

export const etag = (version: number) => `"${version}"`;
