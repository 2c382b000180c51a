// Sales teams: named groups of users; a contact may belong to one team.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { teamMembers, teams, users } from '../../db/schema/platform.ts';
import { inTransaction, requireAdmin, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { toIso } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { record } from '../../platform/journal/journal.ts';
import type { TeamDto } from './teams.schemas.ts';

export async function listTeams({ ctx, teamId }: { ctx: Ctx; teamId?: string }): Promise<TeamDto[]> {
  const rows = await ctx.db
    .select()
    .from(teams)
    .where(and(eq(teams.workspaceId, ctx.workspaceId), teamId ? eq(teams.id, teamId) : undefined))
    .orderBy(asc(teams.name));
  if (rows.length === 0) return [];
  const members = await ctx.db
    .select({ teamId: teamMembers.teamId, id: users.id, name: users.name, isLeader: teamMembers.isLeader })
    .from(teamMembers)
    .innerJoin(users, and(eq(users.workspaceId, teamMembers.workspaceId), eq(users.id, teamMembers.userId)))
    .where(
      and(
        eq(teamMembers.workspaceId, ctx.workspaceId),
        inArray(
          teamMembers.teamId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(users.name));
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    createdAt: toIso(t.createdAt),
    members: members.filter((m) => m.teamId === t.id).map(({ id, name, isLeader }) => ({ id, name, isLeader })),
  }));
}

export async function getTeam({ ctx, teamId }: { ctx: Ctx; teamId: string }): Promise<TeamDto> {
  const [team] = await listTeams({ ctx, teamId });
  if (!team) throw notFound('Team');
  return team;
}

async function assertUsersExist(ctx: Ctx, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const found = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), inArray(users.id, userIds)));
  const missing = userIds.filter((id) => !found.some((f) => f.id === id));
  if (missing.length)
    throw invalid(`Unknown user ${missing[0]}`, [{ path: 'body.memberIds', message: 'Unknown user' }]);
}

async function assertNameFree(ctx: Ctx, name: string, exceptId?: string): Promise<void> {
  const [taken] = await ctx.db
    .select({ id: teams.id })
    .from(teams)
    .where(
      and(
        eq(teams.workspaceId, ctx.workspaceId),
        sql`lower(${teams.name}) = lower(${name})`,
        exceptId ? sql`${teams.id} <> ${exceptId}` : undefined,
      ),
    );
  if (taken) throw new AppError('conflict', 409, `A team named "${name}" already exists`);
}

async function setMembers(ctx: Ctx, teamId: string, memberIds: string[], leaderId: string | null | undefined) {
  const unique = [...new Set(memberIds)];
  await assertUsersExist(ctx, unique);
  if (leaderId && !unique.includes(leaderId)) throw invalid('The team leader must be one of its members');
  await ctx.db
    .delete(teamMembers)
    .where(and(eq(teamMembers.workspaceId, ctx.workspaceId), eq(teamMembers.teamId, teamId)));
  if (unique.length) {
    await ctx.db
      .insert(teamMembers)
      .values(
        unique.map((userId) => ({ workspaceId: ctx.workspaceId, teamId, userId, isLeader: userId === leaderId })),
      );
  }
}

export async function createTeam({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { name: string; memberIds: string[]; leaderId?: string | null };
}): Promise<TeamDto> {
  requireAdmin(ctx);
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    await assertNameFree(tx, input.name);
    await tx.db.insert(teams).values({ workspaceId: ctx.workspaceId, id, name: input.name });
    await setMembers(tx, id, input.memberIds, input.leaderId);
    await record(tx, {
      kind: 'team.created',
      category: 'admin',
      subject: { type: 'team', id },
      data: { name: input.name, memberIds: input.memberIds },
    });
  });
  return getTeam({ ctx, teamId: id });
}

export async function updateTeam({
  ctx,
  teamId,
  input,
}: {
  ctx: Ctx;
  teamId: string;
  input: { name?: string; memberIds?: string[]; leaderId?: string | null };
}): Promise<TeamDto> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const before = await getTeam({ ctx: tx, teamId });
    const changes = [];
    if (input.name !== undefined && input.name !== before.name) {
      await assertNameFree(tx, input.name, teamId);
      await tx.db
        .update(teams)
        .set({ name: input.name })
        .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, teamId)));
      changes.push({ field: 'name', old: before.name, new: input.name });
    }
    if (input.memberIds !== undefined || input.leaderId !== undefined) {
      const memberIds = input.memberIds ?? before.members.map((m) => m.id);
      const leaderId = input.leaderId !== undefined ? input.leaderId : before.members.find((m) => m.isLeader)?.id;
      await setMembers(tx, teamId, memberIds, leaderId);
      changes.push({ field: 'members', old: before.members.map((m) => m.id), new: memberIds });
    }
    if (changes.length) {
      await record(tx, {
        kind: 'team.updated',
        category: 'admin',
        subject: { type: 'team', id: teamId },
        data: { name: input.name ?? before.name, changes },
      });
    }
  });
  return getTeam({ ctx, teamId });
}

/** Modules holding a reference to a team (contacts) release it before the team is deleted. */
type TeamDeletionHook = (ctx: Ctx, teamId: string) => Promise<void>;
const deletionHooks: TeamDeletionHook[] = [];
export function registerTeamDeletionHook(hook: TeamDeletionHook): void {
  deletionHooks.push(hook);
}

export async function deleteTeam({ ctx, teamId }: { ctx: Ctx; teamId: string }): Promise<void> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const before = await getTeam({ ctx: tx, teamId });
    for (const hook of deletionHooks) await hook(tx, teamId);
    await tx.db.delete(teams).where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, teamId)));
    await record(tx, {
      kind: 'team.deleted',
      category: 'admin',
      subject: { type: 'team', id: teamId },
      data: { name: before.name },
    });
  });
}
