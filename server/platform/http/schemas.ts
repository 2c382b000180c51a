// Zod building blocks shared by every module's schemas.
import { z } from 'zod';

export const Id = z.uuid();
export const IdParams = z.object({ id: z.uuid() });
export const Timestamp = z.iso.datetime({ offset: true });
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Not a valid email address' }).max(254));

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('Stable machine-readable error code'),
    detail: z.string(),
  })
  .loose()
  .meta({ id: 'Problem' });

/**
 * The error responses particular to a route (403 for admins only, 409, 422, 429…). The platform's
 * own (400, 401, 403 on writes, 404 on ids, 413/415 on bodies, 500) are added to every route by
 * registerStandardResponses (openapi.ts), which also documents them all as problem+json.
 */
export const errors = (...statuses: (400 | 401 | 403 | 404 | 409 | 410 | 412 | 422 | 428 | 429)[]) =>
  Object.fromEntries(statuses.map((s) => [s, Problem])) as Record<number, typeof Problem>;

export const toIso = (d: Date): string => d.toISOString();
export const toIsoOrNull = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** Opaque keyset cursors: base64url JSON of the sort key of the last row returned. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === arity) return parsed;
  } catch {
    // fall through
  }
  return null;
}

export const CursorQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
