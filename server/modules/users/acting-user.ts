// Background work done for a user (an import, an export) runs with that user's rights: their role and
// contact access, so a member limited to their own contacts reaches no more from a job than from a page.
import { and, eq } from 'drizzle-orm';
import { users } from '../../db/schema/platform.ts';
import { systemCtx, type Actor, type Ctx, type Deps } from '../../platform/context.ts';

/** The context of a job asked for by `userId`; the system's when there is no such user (left the workspace). */
export async function actingUserCtx(
  deps: Deps,
  workspaceId: string,
  userId: string | null,
  actor: Actor,
): Promise<Ctx> {
  const base = systemCtx(deps, workspaceId, actor);
  if (!userId) return base;
  const [u] = await base.db
    .select({ id: users.id, role: users.role, contactAccess: users.contactAccess })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)));
  if (!u) return base;
  return { ...base, principal: { userId: u.id, role: u.role, contactAccess: u.contactAccess, actsFor: u.id } };
}
