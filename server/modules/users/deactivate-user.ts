// Deactivating a user and handing over what they are responsible for — the contacts they own, their open
// tasks, the calendars they own — to colleagues in the same transaction. Modules that keep such work register
// a handover here (the users module does not know their tables); a module can also refuse deactivation.
import { and, eq, sql } from 'drizzle-orm';
import { users } from '../../db/schema/platform.ts';
import { inTransaction, requireAdmin, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { record } from '../../platform/journal/journal.ts';
import { assertAnotherAdmin, findUser, getUser, lockUser } from './users.service.ts';
import type { UserDto } from './users.schemas.ts';

export const handoverKinds = ['contacts', 'openTasks', 'calendars'] as const;
export type HandoverKind = (typeof handoverKinds)[number];

export interface UserRef {
  id: string;
  name: string;
}

/** One kind of work a user is responsible for: how much there is, and how it moves to another user. */
export interface Handover {
  kind: HandoverKind;
  count(ctx: Ctx, userId: string): Promise<number>;
  /** Runs inside the deactivation's transaction; journals each change and returns how many moved. */
  reassign(ctx: Ctx, from: UserRef, to: UserRef): Promise<number>;
}

const handovers: Handover[] = [];
export function registerHandover(handover: Handover): void {
  handovers.push(handover);
}

/** A module that keeps records tied to a user (contacts they own) can refuse deactivation. */
export type DeactivationGuard = (ctx: Ctx, userId: string) => Promise<AppError | null>;
const deactivationGuards: DeactivationGuard[] = [];
export function registerDeactivationGuard(guard: DeactivationGuard): void {
  deactivationGuards.push(guard);
}

export type DeactivationImpact = Record<HandoverKind, number>;

/** What deactivating the user leaves behind, for the admin to hand over. */
export async function getDeactivationImpact({
  ctx,
  userId,
}: {
  ctx: Ctx;
  userId: string;
}): Promise<DeactivationImpact> {
  requireAdmin(ctx);
  if (!(await findUser(ctx, userId))) throw notFound('User');
  const impact: DeactivationImpact = { contacts: 0, openTasks: 0, calendars: 0 };
  for (const h of handovers) impact[h.kind] += await h.count(ctx, userId);
  return impact;
}

/** Who takes over: one user for everything, or one per kind (a kind's own choice wins). */
export interface HandoverTargets {
  reassignTo?: string;
  contactsTo?: string;
  openTasksTo?: string;
  calendarsTo?: string;
}

function targetFor(kind: HandoverKind, targets: HandoverTargets): string | undefined {
  return targets[`${kind}To`] ?? targets.reassignTo;
}

/** The colleague taking over: an active user of this workspace; anyone else looks like no one (404). */
async function lockTarget(ctx: Ctx, userId: string): Promise<UserRef> {
  const [user] = await ctx.db
    .select({ id: users.id, name: users.name, status: users.status })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)))
    .for('share');
  if (!user || user.status !== 'active') throw notFound('User to hand over to');
  return { id: user.id, name: user.name };
}

export async function deactivateUser({
  ctx,
  userId,
  targets = {},
}: {
  ctx: Ctx;
  userId: string;
  targets?: HandoverTargets;
}): Promise<UserDto> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const before = await lockUser(tx, userId);
    if (before.status === 'deactivated') return;
    if (userId === ctx.principal.userId) {
      throw new AppError('conflict', 409, 'You cannot deactivate yourself');
    }
    if (before.role === 'admin') await assertAnotherAdmin(tx, userId);
    const from = { id: before.id, name: before.name };
    const handedOver: Partial<Record<HandoverKind, { to: UserRef; count: number }>> = {};
    for (const h of handovers) {
      const targetId = targetFor(h.kind, targets);
      if (!targetId) continue;
      if (targetId === userId) throw invalid('Choose another user to take over');
      const to = await lockTarget(tx, targetId);
      const count = await h.reassign(tx, from, to);
      if (count > 0) handedOver[h.kind] = { to, count };
    }
    for (const guard of deactivationGuards) {
      const refusal = await guard(tx, userId);
      if (refusal) throw refusal;
    }
    await tx.db
      .update(users)
      .set({ status: 'deactivated', deactivatedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)));
    // Signing out everywhere is part of deactivation: the session lookup also checks the status.
    await record(tx, {
      kind: 'user.deactivated',
      category: 'admin',
      subject: { type: 'user', id: userId },
      data: { name: before.name, handedOver },
    });
  });
  return getUser({ ctx, userId });
}
