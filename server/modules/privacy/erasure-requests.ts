// The erasure requests of a workspace, for audit (admins only): who erased which contact id, when, why.
import { and, desc, eq, sql } from 'drizzle-orm';
import { users } from '../../db/schema/platform.ts';
import { erasureRequests } from '../../db/schema/privacy.ts';
import { requireAdmin, type Ctx } from '../../platform/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, toIso } from '../../platform/http/schemas.ts';
import type { ErasureRequestDto } from './privacy.schemas.ts';

const select = (ctx: Ctx) =>
  ctx.db
    .select({ request: erasureRequests, userName: users.name })
    .from(erasureRequests)
    .leftJoin(
      users,
      and(eq(users.workspaceId, erasureRequests.workspaceId), eq(users.id, erasureRequests.requestedBy)),
    );

type Row = Awaited<ReturnType<ReturnType<typeof select>['where']>>[number];

const toDto = ({ request: r, userName }: Row): ErasureRequestDto => ({
  id: r.id,
  contactId: r.contactId,
  requestedBy: userName !== null ? { id: r.requestedBy, name: userName } : null,
  reason: r.reason,
  summary: r.summary ?? null,
  createdAt: toIso(r.createdAt),
});

export async function listErasureRequest(ctx: Ctx, id: string): Promise<ErasureRequestDto> {
  const [row] = await select(ctx).where(
    and(eq(erasureRequests.workspaceId, ctx.workspaceId), eq(erasureRequests.id, id)),
  );
  if (!row) throw notFound('Erasure request');
  return toDto(row);
}

export async function listErasureRequests({
  ctx,
  cursor,
  limit,
}: {
  ctx: Ctx;
  cursor?: string;
  limit: number;
}): Promise<{ data: ErasureRequestDto[]; nextCursor: string | null }> {
  requireAdmin(ctx);
  const after = decodeCursor(cursor, 1);
  if (cursor && (!after || typeof after[0] !== 'string' || !/^[0-9a-f-]{36}$/i.test(after[0]))) {
    throw invalid('The cursor is not valid; start again without it');
  }
  const rows = await select(ctx)
    .where(
      and(
        eq(erasureRequests.workspaceId, ctx.workspaceId),
        after ? sql`${erasureRequests.id} < ${after[0] as string}::uuid` : undefined,
      ),
    )
    .orderBy(desc(erasureRequests.id))
    .limit(limit + 1);
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    data: shown.map(toDto),
    nextCursor: rows.length > limit && last ? encodeCursor([last.request.id]) : null,
  };
}
