// API keys for integrations: the secret is returned once and only its hash is stored.
import { and, desc, eq, sql } from 'drizzle-orm';
import { apiKeys, users } from '../../db/schema/platform.ts';
import { API_KEY_PREFIX, effectiveKeyRole } from '../../platform/auth/principal.ts';
import { randomToken, sha256 } from '../../platform/auth/secrets.ts';
import { inTransaction, requireAdmin, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { record } from '../../platform/journal/journal.ts';
import type { ApiKeyDto } from './api-keys.schemas.ts';

const columns = {
  key: apiKeys,
  creator: { name: users.name, role: users.role, status: users.status },
};

type CreatorRow = { name: string; role: 'admin' | 'member'; status: 'active' | 'deactivated' };

function toDto(row: { key: typeof apiKeys.$inferSelect; creator: CreatorRow }): ApiKeyDto {
  const { key: k, creator } = row;
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: k.role,
    createdBy: { id: k.createdBy, name: creator.name, status: creator.status },
    effectiveRole: creator.status === 'active' ? effectiveKeyRole(k.role, creator.role) : null,
    createdAt: toIso(k.createdAt),
    lastUsedAt: toIsoOrNull(k.lastUsedAt),
    revokedAt: toIsoOrNull(k.revokedAt),
  };
}

function selectKeys(ctx: Ctx) {
  return ctx.db
    .select(columns)
    .from(apiKeys)
    .innerJoin(users, and(eq(users.workspaceId, apiKeys.workspaceId), eq(users.id, apiKeys.createdBy)));
}

export async function listApiKeys({ ctx }: { ctx: Ctx }): Promise<ApiKeyDto[]> {
  requireAdmin(ctx);
  const rows = await selectKeys(ctx).where(eq(apiKeys.workspaceId, ctx.workspaceId)).orderBy(desc(apiKeys.id));
  return rows.map(toDto);
}

export async function createApiKey({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { name: string; role: 'admin' | 'member' };
}): Promise<ApiKeyDto & { key: string }> {
  requireAdmin(ctx);
  const createdBy = ctx.principal.userId;
  if (!createdBy) throw new AppError('forbidden', 403, 'API keys are created by a signed-in admin');
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    await tx.db.insert(apiKeys).values({
      workspaceId: ctx.workspaceId,
      id,
      name: input.name,
      role: input.role,
      prefix: key.slice(0, API_KEY_PREFIX.length + 6),
      keyHash: sha256(key),
      createdBy,
    });
    await record(tx, {
      kind: 'api_key.created',
      category: 'admin',
      subject: { type: 'api_key', id },
      data: { name: input.name, role: input.role },
    });
  });
  const [row] = await selectKeys(ctx).where(and(eq(apiKeys.workspaceId, ctx.workspaceId), eq(apiKeys.id, id)));
  return { ...toDto(row!), key };
}

export async function revokeApiKey({ ctx, keyId }: { ctx: Ctx; keyId: string }): Promise<ApiKeyDto> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
      .where(and(eq(apiKeys.workspaceId, ctx.workspaceId), eq(apiKeys.id, keyId)))
      .returning();
    if (!row) throw notFound('API key');
    await record(tx, {
      kind: 'api_key.revoked',
      category: 'admin',
      subject: { type: 'api_key', id: keyId },
      data: { name: row.name },
    });
  });
  const [row] = await selectKeys(ctx).where(and(eq(apiKeys.workspaceId, ctx.workspaceId), eq(apiKeys.id, keyId)));
  return toDto(row!);
}
