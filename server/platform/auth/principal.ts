// Resolving who is calling: a session cookie (the web app) or a Bearer API key (integrations).
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { preparedFor } from '../../db/prepared.ts';
import { apiKeys, sessions, users, workspaces } from '../../db/schema/platform.ts';
import type { Actor, Principal } from '../context.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { randomToken, sha256 } from './secrets.ts';

export const SESSION_COOKIE = 'dossier_session';
export const API_KEY_PREFIX = 'dsk_';

export interface Caller {
  workspaceId: string;
  actor: Actor;
  principal: Principal;
  /** Set for cookie sessions: writes must echo it in the X-CSRF-Token header. */
  session: { id: string; csrfToken: string } | null;
  /** The workspace's custom-field version as the request began (see loadFieldDefs). */
  fieldsVersion: number;
  /** The version of the workspace's user, team and tag names as the request began (see workspaceNames). */
  namesVersion: number;
}

type BackgroundErrors = (err: unknown) => void;

/**
 * A session's sliding expiry and a key's "last used" are bookkeeping: written beside the request, not before it
 * (a write would add a commit to a read), and a failure only logged.
 */
function inBackground(write: PromiseLike<unknown>, onError: BackgroundErrors = () => undefined): void {
  Promise.resolve(write).catch(onError);
}

/** Read on every request of the web app: a named statement (see db/prepared.ts). */
export async function callerFromSession(
  db: Db,
  token: string,
  ttlDays: number,
  onError?: BackgroundErrors,
): Promise<Caller | null> {
  const [row] = await preparedFor({ db, tx: null }, 'caller_from_session', (d, name) =>
    d
      .select({
        sessionId: sessions.id,
        csrfToken: sessions.csrfToken,
        lastSeenAt: sessions.lastSeenAt,
        workspaceId: users.workspaceId,
        userId: users.id,
        name: users.name,
        role: users.role,
        contactAccess: users.contactAccess,
        fieldsVersion: workspaces.fieldsVersion,
        namesVersion: workspaces.namesVersion,
      })
      .from(sessions)
      .innerJoin(users, and(eq(users.workspaceId, sessions.workspaceId), eq(users.id, sessions.userId)))
      .innerJoin(workspaces, eq(workspaces.id, sessions.workspaceId))
      .where(
        and(
          eq(sessions.tokenHash, sql.placeholder('tokenHash')),
          gt(sessions.expiresAt, sql`now()`),
          eq(users.status, 'active'),
        ),
      )
      .limit(1)
      .prepare(name),
  ).execute({ tokenHash: sha256(token) });
  if (!row) return null;
  // Sliding expiry, refreshed at most every five minutes to keep reads read-only.
  if (Date.now() - row.lastSeenAt.getTime() > 5 * 60_000) {
    inBackground(
      db
        .update(sessions)
        .set({ lastSeenAt: sql`now()`, expiresAt: sql`now() + make_interval(days => ${ttlDays})` })
        .where(and(eq(sessions.workspaceId, row.workspaceId), eq(sessions.id, row.sessionId))),
      onError,
    );
  }
  return {
    workspaceId: row.workspaceId,
    actor: { type: 'user', id: row.userId, label: row.name },
    principal: { userId: row.userId, role: row.role, contactAccess: row.contactAccess, actsFor: row.userId },
    session: { id: row.sessionId, csrfToken: row.csrfToken },
    fieldsVersion: row.fieldsVersion,
    namesVersion: row.namesVersion,
  };
}

/**
 * A key acts for its creator: it never has more rights than the creator has now (the lower of the
 * key's role and the creator's current role, and the creator's contact access), and it is refused
 * while the creator is deactivated. This is read on every request (a named statement), so a
 * demotion applies at once.
 */
export async function callerFromApiKey(db: Db, key: string, onError?: BackgroundErrors): Promise<Caller | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const [row] = await preparedFor({ db, tx: null }, 'caller_from_api_key', (d, name) =>
    d
      .select({
        key: apiKeys,
        creator: { role: users.role, contactAccess: users.contactAccess, status: users.status },
        fieldsVersion: workspaces.fieldsVersion,
        namesVersion: workspaces.namesVersion,
      })
      .from(apiKeys)
      .innerJoin(users, and(eq(users.workspaceId, apiKeys.workspaceId), eq(users.id, apiKeys.createdBy)))
      .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
      .where(and(eq(apiKeys.keyHash, sql.placeholder('keyHash')), isNull(apiKeys.revokedAt)))
      .limit(1)
      .prepare(name),
  ).execute({ keyHash: sha256(key) });
  if (!row) return null;
  const { key: k, creator } = row;
  if (creator.status !== 'active') {
    throw new AppError(
      'api_key_owner_inactive',
      401,
      'The user who created this API key is deactivated; the key works again if they are reactivated',
    );
  }
  if (!k.lastUsedAt || Date.now() - k.lastUsedAt.getTime() > 60_000) {
    inBackground(
      db
        .update(apiKeys)
        .set({ lastUsedAt: sql`now()` })
        .where(and(eq(apiKeys.workspaceId, k.workspaceId), eq(apiKeys.id, k.id))),
      onError,
    );
  }
  return {
    workspaceId: k.workspaceId,
    actor: { type: 'api', id: k.id, label: k.name },
    principal: {
      userId: null,
      role: effectiveKeyRole(k.role, creator.role),
      contactAccess: creator.contactAccess,
      actsFor: k.createdBy,
    },
    session: null,
    fieldsVersion: row.fieldsVersion,
    namesVersion: row.namesVersion,
  };
}

/** The rights a key has: its own role, capped by its creator's current role. */
export function effectiveKeyRole(keyRole: 'admin' | 'member', creatorRole: 'admin' | 'member'): 'admin' | 'member' {
  return keyRole === 'admin' && creatorRole === 'admin' ? 'admin' : 'member';
}

export async function createSession(
  db: Db,
  input: { workspaceId: string; userId: string; ttlDays: number; userAgent?: string },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  await db.insert(sessions).values({
    workspaceId: input.workspaceId,
    id: newId(),
    userId: input.userId,
    tokenHash: sha256(token),
    csrfToken,
    expiresAt: sql`now() + make_interval(days => ${input.ttlDays})`,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken };
}

export async function deleteSession(db: Db, workspaceId: string, sessionId: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, sessionId)));
}

/** Signs a user out everywhere, or everywhere but `except` (the session that changed the password). */
export async function deleteUserSessions(
  db: Db,
  user: { workspaceId: string; userId: string },
  except: string | null = null,
): Promise<void> {
  await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.workspaceId, user.workspaceId),
        eq(sessions.userId, user.userId),
        except ? ne(sessions.id, except) : undefined,
      ),
    );
}
