// The users that tasks and appointments may be given to: active users of the same workspace.
import { and, eq, inArray } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { users } from '../../db/schema/platform.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { requireContact } from '../contacts/contact-access.ts';

export interface UserRef {
  id: string;
  name: string;
}

/**
 * Loads a user to assign work to. An id from another workspace looks exactly like an unknown one;
 * a deactivated user is refused with its own code so the UI can say why.
 */
export async function requireAssignableUser(ctx: Ctx, userId: string, field: string): Promise<UserRef> {
  const [user] = await ctx.db
    .select({ id: users.id, name: users.name, status: users.status })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)));
  if (!user) {
    throw new AppError('user_not_found', 400, `There is no user ${userId} in this workspace`, { field });
  }
  if (user.status !== 'active') {
    throw new AppError('user_deactivated', 400, `${user.name} is deactivated and cannot be assigned`, { field });
  }
  return { id: user.id, name: user.name };
}

/** Names of users by id (deactivated ones included: past work keeps its people). */
export async function userRefs(ctx: Ctx, ids: Iterable<string | null | undefined>): Promise<Map<string, UserRef>> {
  const unique = [...new Set([...ids].filter((id): id is string => !!id))];
  if (unique.length === 0) return new Map();
  const rows = await ctx.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), inArray(users.id, unique)));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The ids among `ids` that are active users of the workspace. */
export async function activeUserIds(ctx: Ctx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), inArray(users.id, ids), eq(users.status, 'active')));
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => found.has(id));
}

/**
 * The contact of a task or appointment, checked for the caller. Work assigned to someone stays
 * theirs to see and finish even when, as a restricted member, they cannot open that contact;
 * everyone else needs to see the contact. Writes to an archived contact are refused as usual.
 */
export async function requireWorkContact(
  ctx: Ctx,
  contactId: string,
  assigneeId: string,
  opts: { writable?: boolean } = {},
): Promise<void> {
  if (!ctx.principal.userId || assigneeId !== ctx.principal.userId) {
    await requireContact(ctx, contactId, opts);
    return;
  }
  const [contact] = await ctx.db
    .select({ displayName: contacts.displayName, archivedAt: contacts.archivedAt })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, contactId)));
  if (!contact) throw notFound('Contact');
  if (opts.writable && contact.archivedAt) {
    throw new AppError('contact_archived', 409, `${contact.displayName} is archived; restore the contact to change it`);
  }
}
