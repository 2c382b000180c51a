// Users of a workspace: listing, creation by admins, role changes, reactivation (deactivation: deactivate-user.ts).
import { and, asc, eq, sql } from 'drizzle-orm';
import { teamMembers, users, workspaces } from '../../db/schema/platform.ts';
import { deleteUserSessions } from '../../platform/auth/principal.ts';
import { hashPassword, verifyPassword } from '../../platform/auth/secrets.ts';
import { throttledPasswordCheck } from '../../platform/auth/sign-in-throttle.ts';
import { inTransaction, requireAdmin, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { diffFields, record } from '../../platform/journal/journal.ts';
import { sanitizeNoteHtml } from '../notes/note-html.ts';
import type { UserDto } from './users.schemas.ts';

type UserRow = typeof users.$inferSelect;

export function toUserDto(row: UserRow, teamIds: string[] = []): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    contactAccess: row.contactAccess,
    status: row.status,
    locale: row.locale,
    timezone: row.timezone,
    emailSignature: row.emailSignature,
    teamIds,
    createdAt: toIso(row.createdAt),
    deactivatedAt: toIsoOrNull(row.deactivatedAt),
  };
}

const teamIdsOf = sql<string[]>`coalesce((select array_agg(${teamMembers.teamId}) from ${teamMembers}
  where ${teamMembers.workspaceId} = ${users.workspaceId} and ${teamMembers.userId} = ${users.id}), '{}')`;

export async function listUsers({ ctx, status }: { ctx: Ctx; status: 'active' | 'deactivated' | 'all' }) {
  const rows = await ctx.db
    .select({ user: users, teamIds: teamIdsOf })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), status === 'all' ? undefined : eq(users.status, status)))
    .orderBy(asc(users.name));
  return rows.map((r) => toUserDto(r.user, r.teamIds));
}

export async function findUser(ctx: Ctx, userId: string): Promise<UserRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)));
  return row;
}

export async function getUser({ ctx, userId }: { ctx: Ctx; userId: string }): Promise<UserDto> {
  const [row] = await ctx.db
    .select({ user: users, teamIds: teamIdsOf })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)));
  if (!row) throw notFound('User');
  return toUserDto(row.user, row.teamIds);
}

export async function assertEmailFree(ctx: Ctx, email: string): Promise<void> {
  const [taken] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (taken) throw new AppError('email_taken', 409, `A user with the email ${email} already exists`);
}

/** A new user speaks the workspace's default language when the UI has it, else English. */
async function workspaceLanguage(ctx: Ctx): Promise<'en' | 'de'> {
  const [w] = await ctx.db
    .select({ language: workspaces.defaultLanguage })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId));
  return w?.language === 'de' ? 'de' : 'en';
}

export interface NewUser {
  name: string;
  email: string;
  password: string;
  role: 'admin' | 'member';
  contactAccess?: 'all' | 'own';
  locale?: 'en' | 'de';
}

/** Inserts a user; callers decide who may do it (admins, or signup for the first admin). */
export async function insertUser(ctx: Ctx, input: NewUser): Promise<UserRow> {
  // Hash first: a taken email then costs as much time as a free one (sign-up relies on it).
  const passwordHash = await hashPassword(input.password);
  await assertEmailFree(ctx, input.email);
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(users)
      .values({
        workspaceId: ctx.workspaceId,
        id: newId(),
        email: input.email,
        name: input.name,
        role: input.role,
        contactAccess: input.contactAccess ?? 'all',
        locale: input.locale ?? (await workspaceLanguage(tx)),
        passwordHash,
      })
      .returning();
    await record(tx, {
      kind: 'user.created',
      category: 'admin',
      subject: { type: 'user', id: row!.id },
      data: { name: row!.name, email: row!.email, role: row!.role },
    });
    return row!;
  });
}

export async function createUser({ ctx, input }: { ctx: Ctx; input: NewUser }): Promise<UserDto> {
  requireAdmin(ctx);
  return toUserDto(await insertUser(ctx, input));
}

export async function updateUser({
  ctx,
  userId,
  input,
}: {
  ctx: Ctx;
  userId: string;
  input: Partial<Pick<UserRow, 'name' | 'role' | 'contactAccess'>>;
}): Promise<UserDto> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const before = await lockUser(tx, userId);
    if (input.role === 'member' && before.role === 'admin') await assertAnotherAdmin(tx, userId);
    const changes = diffFields(before, input, ['name', 'role', 'contactAccess']);
    if (changes.length === 0) return;
    await tx.db
      .update(users)
      .set({ ...input, updatedAt: sql`now()` })
      .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)));
    await record(tx, {
      kind: 'user.updated',
      category: 'admin',
      subject: { type: 'user', id: userId },
      data: { name: before.name, changes },
    });
  });
  return getUser({ ctx, userId });
}

export async function reactivateUser({ ctx, userId }: { ctx: Ctx; userId: string }): Promise<UserDto> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const before = await lockUser(tx, userId);
    if (before.status === 'active') return;
    await tx.db
      .update(users)
      .set({ status: 'active', deactivatedAt: null, updatedAt: sql`now()` })
      .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)));
    await record(tx, {
      kind: 'user.reactivated',
      category: 'admin',
      subject: { type: 'user', id: userId },
      data: { name: before.name },
    });
  });
  return getUser({ ctx, userId });
}

export async function updateMe({
  ctx,
  input,
  sessionId,
  clientAddress,
}: {
  ctx: Ctx;
  input: {
    name?: string;
    locale?: 'en' | 'de';
    timezone?: string;
    emailSignature?: string;
    currentPassword?: string;
    newPassword?: string;
  };
  /** The session making the change: a new password signs out every other one. */
  sessionId: string | null;
  clientAddress: string;
}): Promise<UserDto> {
  const userId = ctx.principal.userId;
  if (!userId) throw new AppError('forbidden', 403, 'Only a signed-in user has a profile');
  if (input.timezone && !isTimeZone(input.timezone)) throw invalid(`Unknown time zone ${input.timezone}`);
  const current = await findUser(ctx, userId);
  if (!current) throw notFound('User');
  let passwordHash: string | undefined;
  if (input.newPassword) {
    // Wrong current passwords count like failed sign-ins: a stolen session must not become a guessing oracle.
    const currentPassword = input.currentPassword;
    const ok =
      !!currentPassword &&
      (await throttledPasswordCheck(ctx.db, { email: current.email, clientAddress }, () =>
        verifyPassword(current.passwordHash, currentPassword),
      ));
    if (!ok) throw new AppError('invalid_credentials', 400, 'The current password is not correct');
    passwordHash = await hashPassword(input.newPassword);
  }
  await inTransaction(ctx, async (tx) => {
    const profile = {
      name: input.name,
      locale: input.locale,
      timezone: input.timezone,
      emailSignature: input.emailSignature === undefined ? undefined : sanitizeNoteHtml(input.emailSignature),
    };
    const changes = diffFields(
      current,
      Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined)),
      ['name', 'locale', 'timezone', 'emailSignature'],
    );
    if (changes.length === 0 && !passwordHash) return;
    await tx.db
      .update(users)
      .set({ ...profile, ...(passwordHash ? { passwordHash } : {}), updatedAt: sql`now()` })
      .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)));
    if (passwordHash) await deleteUserSessions(tx.db, { workspaceId: ctx.workspaceId, userId }, sessionId);
    await record(tx, {
      kind: passwordHash ? 'user.password_changed' : 'user.updated',
      category: 'admin',
      subject: { type: 'user', id: userId },
      data: { name: current.name, changes },
    });
  });
  return getUser({ ctx, userId });
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export async function lockUser(ctx: Ctx, userId: string): Promise<UserRow> {
  const [row] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)))
    .for('update');
  if (!row) throw notFound('User');
  return row;
}

export async function assertAnotherAdmin(ctx: Ctx, userId: string): Promise<void> {
  const [other] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, ctx.workspaceId),
        eq(users.role, 'admin'),
        eq(users.status, 'active'),
        sql`${users.id} <> ${userId}`,
      ),
    )
    .limit(1);
  if (!other) throw new AppError('conflict', 409, 'A workspace needs at least one active admin');
}
