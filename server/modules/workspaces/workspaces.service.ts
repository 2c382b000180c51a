// The workspace (tenant) itself: creation is plain inserts, so a new tenant costs no DDL.
import { eq } from 'drizzle-orm';
import { workspaces } from '../../db/schema/platform.ts';
import { inTransaction, requireAdmin, type Ctx, type Deps, systemCtx } from '../../platform/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { toIso } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { diffFields, record } from '../../platform/journal/journal.ts';
import { isTimeZone } from '../users/users.service.ts';
import type { WorkspaceDto } from './workspaces.schemas.ts';

type WorkspaceRow = typeof workspaces.$inferSelect;

export const toWorkspaceDto = (w: WorkspaceRow): WorkspaceDto => ({
  id: w.id,
  name: w.name,
  defaultLanguage: w.defaultLanguage,
  timezone: w.timezone,
  currency: w.currency,
  createdAt: toIso(w.createdAt),
});

/** Hooks run inside the creating transaction, so a new workspace starts with its defaults. */
type WorkspaceInitializer = (ctx: Ctx) => Promise<void>;
const initializers: WorkspaceInitializer[] = [];
export function registerWorkspaceInitializer(init: WorkspaceInitializer): void {
  initializers.push(init);
}

/** Creates a workspace and runs `then` inside the same transaction (to add its first admin). */
export async function createWorkspace<T>(
  deps: Deps,
  name: string,
  then: (ctx: Ctx, workspace: WorkspaceRow) => Promise<T>,
): Promise<{ workspace: WorkspaceRow; result: T }> {
  const id = newId();
  return inTransaction(systemCtx(deps, id), async (tx) => {
    const [workspace] = await tx.db.insert(workspaces).values({ id, name }).returning();
    await record(tx, {
      kind: 'workspace.created',
      category: 'admin',
      subject: { type: 'workspace', id },
      data: { name },
    });
    for (const init of initializers) await init(tx);
    const result = await then(tx, workspace!);
    return { workspace: workspace!, result };
  });
}

export async function getWorkspace({ ctx }: { ctx: Ctx }): Promise<WorkspaceDto> {
  const [row] = await ctx.db.select().from(workspaces).where(eq(workspaces.id, ctx.workspaceId));
  if (!row) throw notFound('Workspace');
  return toWorkspaceDto(row);
}

export async function updateWorkspace({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: Partial<Pick<WorkspaceRow, 'name' | 'defaultLanguage' | 'timezone' | 'currency'>>;
}): Promise<WorkspaceDto> {
  requireAdmin(ctx);
  if (input.timezone && !isTimeZone(input.timezone)) throw invalid(`Unknown time zone ${input.timezone}`);
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select().from(workspaces).where(eq(workspaces.id, ctx.workspaceId)).for('update');
    if (!before) throw notFound('Workspace');
    const changes = diffFields(before, input, ['name', 'defaultLanguage', 'timezone', 'currency']);
    if (changes.length === 0) return toWorkspaceDto(before);
    const [after] = await tx.db.update(workspaces).set(input).where(eq(workspaces.id, ctx.workspaceId)).returning();
    await record(tx, {
      kind: 'workspace.updated',
      category: 'admin',
      subject: { type: 'workspace', id: ctx.workspaceId },
      data: { changes },
    });
    return toWorkspaceDto(after!);
  });
}
