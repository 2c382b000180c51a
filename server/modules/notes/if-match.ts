// Optimistic concurrency for notes, tasks and appointments: If-Match carries the version the
// client last saw; a stale one is refused instead of silently overwriting someone else's edit.
import { AppError } from '../../platform/errors.ts';

export { versionFromIfMatch } from '../../platform/http/if-match.ts';

/** `extra` adds members to the refusal, e.g. the record as it is now so a client can refresh without a reload. */
export function assertVersion(
  what: string,
  current: number,
  expected: number | undefined,
  extra?: () => Record<string, unknown>,
): void {
  if (expected !== undefined && expected !== current) {
    throw new AppError(
      'version_conflict',
      409,
      `This ${what} was changed by someone else in the meantime (version ${current}); reload it and try again`,
      { currentVersion: current, ...extra?.() },
    );
  }
}

export const etag = (version: number) => `"${version}"`;
