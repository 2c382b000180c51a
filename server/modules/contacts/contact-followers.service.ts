// Followers: users who also hear about a contact (notifications read the journal entries).
import { and, eq } from 'drizzle-orm';
import { contactFollowers } from '../../db/schema/contacts.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { record } from '../../platform/journal/journal.ts';
import { buildProfile, userNames } from './contact-profile.ts';
import { lockContact, requireActiveUser, saveContact } from './contact-write.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';

export async function addFollower({
  ctx,
  contactId,
  userId,
  ifMatch,
}: {
  ctx: Ctx;
  contactId: string;
  userId: string;
  ifMatch?: number;
}): Promise<ContactProfileDto> {
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    const user = await requireActiveUser(tx, userId, 'userId');
    const [added] = await tx.db
      .insert(contactFollowers)
      .values({ workspaceId: ctx.workspaceId, contactId, userId })
      .onConflictDoNothing()
      .returning();
    if (!added) return before;
    await record(tx, {
      contactId,
      kind: 'contact.follower_added',
      category: 'admin',
      subject: { type: 'user', id: userId },
      data: { user },
    });
    return saveContact(tx, before);
  });
  return buildProfile(ctx, saved);
}

export async function removeFollower({
  ctx,
  contactId,
  userId,
  ifMatch,
}: {
  ctx: Ctx;
  contactId: string;
  userId: string;
  ifMatch?: number;
}): Promise<ContactProfileDto> {
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    const [removed] = await tx.db
      .delete(contactFollowers)
      .where(
        and(
          eq(contactFollowers.workspaceId, ctx.workspaceId),
          eq(contactFollowers.contactId, contactId),
          eq(contactFollowers.userId, userId),
        ),
      )
      .returning();
    if (!removed) throw notFound('Follower');
    const names = await userNames(tx, [userId]);
    await record(tx, {
      contactId,
      kind: 'contact.follower_removed',
      category: 'admin',
      subject: { type: 'user', id: userId },
      data: { user: { id: userId, name: names.get(userId) ?? 'Unknown user' } },
    });
    return saveContact(tx, before);
  });
  return buildProfile(ctx, saved);
}
