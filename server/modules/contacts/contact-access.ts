// Who may see which contact, and the lookup every contact-scoped endpoint starts with.
import { and, eq, exists, sql, type SQL } from 'drizzle-orm';
import { contactFollowers, contacts } from '../../db/schema/contacts.ts';
import { contactScope, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';

export type ContactRow = typeof contacts.$inferSelect;

/**
 * The visibility rule as a SQL condition on `contacts`: everyone sees every contact of the
 * workspace, except a member restricted to "own", who sees contacts they own or follow.
 */
export function contactVisibility(ctx: Ctx): SQL {
  const inWorkspace = eq(contacts.workspaceId, ctx.workspaceId);
  const userId = contactScope(ctx);
  if (!userId) return inWorkspace;
  return and(
    inWorkspace,
    sql`(${contacts.ownerId} = ${userId} or ${exists(
      ctx.db
        .select({ one: sql`1` })
        .from(contactFollowers)
        .where(
          and(
            eq(contactFollowers.workspaceId, contacts.workspaceId),
            eq(contactFollowers.contactId, contacts.id),
            eq(contactFollowers.userId, userId),
          ),
        ),
    )})`,
  )!;
}

/**
 * The "own" half of the rule for prepared statements: the user is the placeholder `userId`.
 * Add it (with the workspace condition) when contactScope(ctx) is not null.
 */
export const ownedOrFollowedByPlaceholderUser = sql`(${contacts.ownerId} = ${sql.placeholder('userId')} or exists(
  select 1 from contact_followers vf where vf.workspace_id = ${contacts.workspaceId}
    and vf.contact_id = ${contacts.id} and vf.user_id = ${sql.placeholder('userId')}))`;

/**
 * Loads a contact the caller may see, or throws 404 (another workspace's id looks exactly like
 * a missing one). `writable` refuses archived contacts with 409; `lock` takes a row lock so that
 * checks like "at most two pinned notes" hold under concurrent requests.
 */
export async function requireContact(
  ctx: Ctx,
  contactId: string,
  opts: { writable?: boolean; lock?: boolean } = {},
): Promise<ContactRow> {
  const query = ctx.db
    .select()
    .from(contacts)
    .where(and(contactVisibility(ctx), eq(contacts.id, contactId)));
  const [row] = opts.lock ? await query.for('update', { of: contacts }) : await query;
  if (!row) throw notFound('Contact');
  if (opts.writable && row.archivedAt) {
    throw new AppError('contact_archived', 409, `${row.displayName} is archived; restore the contact to change it`);
  }
  return row;
}
