// Ownership across users and teams: reassigning a user's contacts in bulk, refusing to deactivate
// a user who still owns contacts, and releasing the contacts of a deleted team.
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { teams } from '../../db/schema/platform.ts';
import { inTransaction, requireAdmin, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { record, recordMany } from '../../platform/journal/journal.ts';
import type { Handover, UserRef } from '../users/deactivate-user.ts';
import { findUser } from '../users/users.service.ts';
import { requireActiveUser } from './contact-write.ts';

const BATCH = 1000;

export async function countOwnedContacts(ctx: Ctx, userId: string): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.ownerId, userId)));
  return row?.n ?? 0;
}

/** Moves every contact (archived ones too) of one user to another, journaling each owner change. */
export async function reassignContacts({
  ctx,
  fromUserId,
  toUserId,
}: {
  ctx: Ctx;
  fromUserId: string;
  toUserId: string;
}): Promise<{ affected: number }> {
  requireAdmin(ctx);
  const from = await findUser(ctx, fromUserId);
  if (!from) throw notFound('User');
  if (fromUserId === toUserId) throw invalid('Choose another user to take over the contacts');
  return inTransaction(ctx, async (tx) => {
    const to = await requireActiveUser(tx, toUserId, 'toUserId');
    const fromRef = { id: from.id, name: from.name };
    const affected = await moveOwnedContacts(tx, fromRef, to);
    await recordReassigned(tx, fromRef, to, affected);
    return { affected };
  });
}

/** The contacts' part of a user's deactivation: moved, and said once on the user when there were any. */
export const contactsHandover: Handover = {
  kind: 'contacts',
  count: countOwnedContacts,
  reassign: async (tx, from, to) => {
    const affected = await moveOwnedContacts(tx, from, to);
    if (affected > 0) await recordReassigned(tx, from, to, affected);
    return affected;
  },
};

async function recordReassigned(tx: Ctx, from: UserRef, to: UserRef, count: number): Promise<void> {
  await record(tx, {
    kind: 'user.contacts_reassigned',
    category: 'admin',
    subject: { type: 'user', id: from.id },
    data: { from, to, count },
  });
}

/**
 * Inside the caller's transaction: every contact (archived ones too) of one user goes to another, each owner
 * change journaled on the contact.
 */
export async function moveOwnedContacts(tx: Ctx, from: UserRef, to: UserRef): Promise<number> {
  let affected = 0;
  for (;;) {
    const batch = await tx.db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, tx.workspaceId), eq(contacts.ownerId, from.id)))
      .orderBy(asc(contacts.id))
      .limit(BATCH)
      .for('update');
    if (batch.length === 0) break;
    const moved = await tx.db
      .update(contacts)
      .set({ ownerId: to.id, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` })
      .where(
        and(
          eq(contacts.workspaceId, tx.workspaceId),
          inArray(
            contacts.id,
            batch.map((b) => b.id),
          ),
        ),
      )
      .returning({ id: contacts.id });
    await recordMany(
      tx,
      moved.map((c) => ({
        contactId: c.id,
        kind: 'contact.owner_changed',
        category: 'admin' as const,
        data: { from, to, reassigned: true },
      })),
    );
    affected += moved.length;
  }
  return affected;
}

/** Registered with the users module: a user who owns contacts cannot be deactivated. */
export async function ownerDeactivationGuard(ctx: Ctx, userId: string): Promise<AppError | null> {
  const owned = await countOwnedContacts(ctx, userId);
  if (owned === 0) return null;
  return new AppError(
    'user_owns_contacts',
    409,
    `This user owns ${owned} contact(s); reassign them first (POST /api/v1/users/${userId}/reassign-contacts)`,
    { count: owned },
  );
}

/** Registered with the teams module: the contacts of a deleted team keep their owner and lose the team. */
export async function releaseTeamContacts(ctx: Ctx, teamId: string): Promise<void> {
  const [team] = await ctx.db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, teamId)));
  await inTransaction(ctx, async (tx) => {
    const released = await tx.db
      .update(contacts)
      .set({ teamId: null, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.teamId, teamId)))
      .returning({ id: contacts.id });
    await recordMany(
      tx,
      released.map((c) => ({
        contactId: c.id,
        kind: 'contact.team_changed',
        category: 'admin' as const,
        data: { from: team ?? { id: teamId, name: '' }, to: null, reason: 'team_deleted' },
      })),
    );
  });
}
