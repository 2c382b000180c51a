// Sign-up (a new workspace and its first admin), sign-in and sign-out.
import { eq } from 'drizzle-orm';
import { users, workspaces } from '../../db/schema/platform.ts';
import { createSession, deleteSession } from '../../platform/auth/principal.ts';
import { decoyHash, verifyPassword } from '../../platform/auth/secrets.ts';
import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { toUserDto, insertUser } from '../users/users.service.ts';
import { createWorkspace, toWorkspaceDto } from '../workspaces/workspaces.service.ts';
import type { SessionDto } from './auth.schemas.ts';

export interface SignedIn {
  session: SessionDto;
  cookieToken: string;
}

export async function signup({
  deps,
  input,
  userAgent,
}: {
  deps: Deps;
  input: { workspaceName: string; name: string; email: string; password: string; locale?: 'en' | 'de' };
  userAgent?: string;
}): Promise<SignedIn> {
  if (!deps.config.ALLOW_SIGNUP) {
    throw new AppError('signup_disabled', 403, 'Sign-up is turned off on this server; ask an admin for an account');
  }
  const { workspace, result } = await createWorkspace(deps, input.workspaceName, async (ctx) => {
    const user = await insertUser(
      { ...ctx, actor: { type: 'system', id: null, label: 'Sign-up' } },
      { name: input.name, email: input.email, password: input.password, role: 'admin', locale: input.locale ?? 'en' },
    );
    const tokens = await createSession(ctx.db, {
      workspaceId: ctx.workspaceId,
      userId: user.id,
      ttlDays: deps.config.SESSION_TTL_DAYS,
      userAgent,
    });
    return { user, tokens };
  });
  return {
    session: {
      user: toUserDto(result.user),
      workspace: toWorkspaceDto(workspace),
      csrfToken: result.tokens.csrfToken,
    },
    cookieToken: result.tokens.token,
  };
}

export async function login({
  deps,
  input,
  userAgent,
}: {
  deps: Deps;
  input: { email: string; password: string };
  userAgent?: string;
}): Promise<SignedIn> {
  const db = deps.database.db;
  const [found] = await db
    .select({ user: users, workspace: workspaces })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(eq(users.email, input.email))
    .limit(1);
  // Verify against a decoy when the email is unknown, so timing does not reveal which emails exist.
  const ok = await verifyPassword(found?.user.passwordHash ?? (await decoyHash()), input.password);
  if (!found || !ok) throw new AppError('invalid_credentials', 401, 'The email or password is not correct');
  if (found.user.status !== 'active') {
    throw new AppError('forbidden', 403, 'This account has been deactivated; ask an admin of your workspace');
  }
  const tokens = await createSession(db, {
    workspaceId: found.user.workspaceId,
    userId: found.user.id,
    ttlDays: deps.config.SESSION_TTL_DAYS,
    userAgent,
  });
  return {
    session: { user: toUserDto(found.user), workspace: toWorkspaceDto(found.workspace), csrfToken: tokens.csrfToken },
    cookieToken: tokens.token,
  };
}

export const logout = deleteSession;
