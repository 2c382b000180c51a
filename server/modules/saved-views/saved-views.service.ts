// Saved list views: a user's named list queries and column choices. Each user sees only their own.
import { and, asc, eq, sql } from 'drizzle-orm';
import { savedViews } from '../../db/schema/contacts.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { toIso } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { ListQuery } from '../contacts/contacts.schemas.ts';
import type { SavedViewDto } from './saved-views.schemas.ts';

type SavedViewRow = typeof savedViews.$inferSelect;

const toDto = (v: SavedViewRow): SavedViewDto => ({
  id: v.id,
  name: v.name,
  query: v.query,
  columns: v.columns,
  createdAt: toIso(v.createdAt),
  updatedAt: toIso(v.updatedAt),
});

function ownerOf(ctx: Ctx): string {
  if (!ctx.principal.userId) throw new AppError('forbidden', 403, 'Saved views belong to a signed-in user');
  return ctx.principal.userId;
}

/** The query is stored as sent, after checking that the list would accept it. */
function checkQuery(query: Record<string, unknown>): void {
  const { cursor: _cursor, limit: _limit, ...rest } = query;
  const result = ListQuery.safeParse(rest);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalid(`The saved query is not valid: ${issue?.path.join('.') || 'query'}: ${issue?.message ?? ''}`);
  }
}

export async function listSavedViews({ ctx }: { ctx: Ctx }): Promise<SavedViewDto[]> {
  const userId = ownerOf(ctx);
  const rows = await ctx.db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.workspaceId, ctx.workspaceId), eq(savedViews.userId, userId)))
    .orderBy(asc(savedViews.name));
  return rows.map(toDto);
}

export async function createSavedView({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { name: string; query: Record<string, unknown>; columns: string[] };
}): Promise<SavedViewDto> {
  const userId = ownerOf(ctx);
  checkQuery(input.query);
  const [row] = await ctx.db
    .insert(savedViews)
    .values({ workspaceId: ctx.workspaceId, id: newId(), userId, ...input })
    .returning();
  return toDto(row!);
}

export async function updateSavedView({
  ctx,
  viewId,
  input,
}: {
  ctx: Ctx;
  viewId: string;
  input: { name?: string; query?: Record<string, unknown>; columns?: string[] };
}): Promise<SavedViewDto> {
  const userId = ownerOf(ctx);
  if (input.query) checkQuery(input.query);
  const [row] = await ctx.db
    .update(savedViews)
    .set({ ...input, updatedAt: sql`now()` })
    .where(and(eq(savedViews.workspaceId, ctx.workspaceId), eq(savedViews.userId, userId), eq(savedViews.id, viewId)))
    .returning();
  if (!row) throw notFound('Saved view');
  return toDto(row);
}

export async function deleteSavedView({ ctx, viewId }: { ctx: Ctx; viewId: string }): Promise<void> {
  const userId = ownerOf(ctx);
  const [row] = await ctx.db
    .delete(savedViews)
    .where(and(eq(savedViews.workspaceId, ctx.workspaceId), eq(savedViews.userId, userId), eq(savedViews.id, viewId)))
    .returning({ id: savedViews.id });
  if (!row) throw notFound('Saved view');
}
