// The workspace a command-line command works on, given as its id or its name (case ignored).
import { eq, or, sql } from 'drizzle-orm';
import { workspaces } from '../db/schema/platform.ts';
import type { Deps } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';

export async function findWorkspaceForCli(deps: Deps, idOrName: string): Promise<{ id: string; name: string }> {
  const byName = sql`lower(${workspaces.name}) = lower(${idOrName})`;
  const found = await deps.database.db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(/^[0-9a-f-]{36}$/i.test(idOrName) ? or(eq(workspaces.id, idOrName), byName) : byName);
  if (found.length !== 1) {
    throw new AppError(
      'not_found',
      404,
      found.length ? `Several workspaces are called "${idOrName}"; use its id` : `No workspace "${idOrName}"`,
    );
  }
  return found[0]!;
}
