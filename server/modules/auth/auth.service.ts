// Sign-up (a new workspace and its first admin), sign-in and sign-out.
import { eq } from 'drizzle-orm';
import { users, workspaces } from '../../db/schema/platform.ts';
import { createSession, deleteSession } from '../../platform/auth/principal.ts';
import { decoyHash, verifyPassword } from '../../platform/auth/secrets.ts';
import { throttledPasswordCheck } from '../../platform/auth/sign-in-throttle.ts';
import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { toUserDto, insertUser } from '../users/users.service.ts';
import { createWorkspace, toWorkspaceDto } from '../workspaces/workspaces.service.ts';
import type { SessionDto } from './auth.schemas.ts';
import { isUniqueViolation } from '../../db/client.ts';

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
  // A taken email is refused only after the password is hashed and the workspace is set up (then
  // rolled back), so the refusal takes as long as a success, and it names no reason: sign-up must not
  // tell a stranger which emails have an account.
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
  }).catch((err: unknown) => {
    throw isEmailTaken(err) ? signupRefused() : err;
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

const signupRefused = () =>
  new AppError(
    'signup_refused',
    409,
    'Could not create an account with these details. If you already have an account, sign in.',
  );

/** Our own check, or the unique index when two sign-ups with one email race. */
function isEmailTaken(err: unknown): boolean {
  if (err instanceof AppError) return err.code === 'email_taken';
  return isUniqueViolation(err, 'users_email_key');
}

export async function login({
  deps,
  input,
  userAgent,
  clientAddress,
}: {
  deps: Deps;
  input: { email: string; password: string };
  userAgent?: string;
  clientAddress: string;
}): Promise<SignedIn> {
  const db = deps.database.db;
  const [found] = await db
    .select({ user: users, workspace: workspaces })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(eq(users.email, input.email))
    .limit(1);
  // Verify against a decoy when the email is unknown, so timing does not reveal which emails exist.
  const decoy = await decoyHash();
  const ok = await throttledPasswordCheck(db, { email: input.email, clientAddress }, () =>
    verifyPassword(found?.user.passwordHash ?? decoy, input.password).then((match) => match && !!found),
  );
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
