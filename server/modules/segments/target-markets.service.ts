// Target markets: rule-based segments, managed by admins. Setting or changing the rules saves them and
// sends a rebuild job (rebuild-membership.job.ts) in the same transaction; the market is "evaluating"
// (evaluated_at null) until the job has walked every contact (measured in bench/segments.ts).
// Afterwards the journal subscriber (target-markets.subscriber.ts) keeps it current as contacts
// change. Nobody adds or removes a member by hand.
import { and, eq, sql } from 'drizzle-orm';
import { targetMarketMembers, targetMarkets } from '../../db/schema/relationships.ts';
import { inTransaction, requireAdmin, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { diffFields, record } from '../../platform/journal/journal.ts';
import { requireContact } from '../contacts/contact-access.ts';
import { assertVersion } from '../notes/if-match.ts';
import { colorFor } from '../tags/tags.service.ts';
import { countMatches, parseRules, rulesCondition, type MarketRow } from './market-membership.ts';
import { enqueueRebuild } from './rebuild-membership.job.ts';
import { segmentTable } from './segment-table.ts';
import type { TargetMarketDto } from './segments.schemas.ts';

const nameTaken = (name: string) => new AppError('name_taken', 409, `A target market named "${name}" already exists`);

const toDto = (m: MarketRow, memberCount: number): TargetMarketDto => ({
  id: m.id,
  name: m.name,
  description: m.description,
  color: m.color,
  rules: m.rules,
  memberCount,
  evaluatedAt: toIsoOrNull(m.evaluatedAt),
  evaluation: m.evaluatedAt ? 'current' : 'evaluating',
  version: m.version,
  createdAt: toIso(m.createdAt),
  updatedAt: toIso(m.updatedAt),
});

const table = segmentTable(targetMarkets, targetMarketMembers, 'Target market');
const findMarket = (ctx: Ctx, id: string, lock = false): Promise<MarketRow> => table.find(ctx, id, lock);
const nameUsed = (ctx: Ctx, name: string, exceptId?: string) => table.nameUsed(ctx, name, exceptId);

export async function listTargetMarkets({ ctx }: { ctx: Ctx }): Promise<TargetMarketDto[]> {
  return (await table.list(ctx)).map((r) => toDto(r.row, r.memberCount));
}

export async function getTargetMarket({ ctx, marketId }: { ctx: Ctx; marketId: string }): Promise<TargetMarketDto> {
  const r = await table.withCount(ctx, marketId);
  return toDto(r.row, r.memberCount);
}

/** Checks rules as the list would (an unknown field, a wrong value → 400) and returns them as parsed. */
async function checkedRules(ctx: Ctx, raw: unknown): Promise<Record<string, unknown>> {
  const rules = parseRules(raw);
  await rulesCondition(ctx, rules);
  return rules as Record<string, unknown>;
}

export async function previewRules({ ctx, rules }: { ctx: Ctx; rules: unknown }): Promise<{ count: number }> {
  return { count: await countMatches(ctx, parseRules(rules)) };
}

export async function createTargetMarket({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { name: string; description?: string | null; color?: string; rules: Record<string, unknown> };
}): Promise<TargetMarketDto> {
  requireAdmin(ctx);
  const rules = await checkedRules(ctx, input.rules);
  const id = await inTransaction(ctx, async (tx) => {
    if (await nameUsed(tx, input.name)) throw nameTaken(input.name);
    const [row] = await tx.db
      .insert(targetMarkets)
      .values({
        workspaceId: ctx.workspaceId,
        id: newId(),
        name: input.name,
        description: input.description || null,
        color: input.color ?? colorFor(input.name),
        rules,
        createdBy: ctx.principal.userId,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw nameTaken(input.name);
    await record(tx, {
      kind: 'target_market.created',
      category: 'admin',
      subject: { type: 'target_market', id: row.id },
      data: { name: row.name, rules },
    });
    await enqueueRebuild(tx, row.id, row.version);
    return row.id;
  });
  return getTargetMarket({ ctx, marketId: id });
}

export async function updateTargetMarket({
  ctx,
  marketId,
  input,
  expectedVersion,
}: {
  ctx: Ctx;
  marketId: string;
  input: { name?: string; description?: string | null; color?: string; rules?: Record<string, unknown> };
  expectedVersion?: number;
}): Promise<TargetMarketDto> {
  requireAdmin(ctx);
  const rules = input.rules === undefined ? undefined : await checkedRules(ctx, input.rules);
  await inTransaction(ctx, async (tx) => {
    const before = await findMarket(tx, marketId, true);
    assertVersion('target market', before.version, expectedVersion);
    const after = {
      ...input,
      ...(input.description !== undefined ? { description: input.description || null } : {}),
      ...(rules ? { rules } : {}),
    };
    if (after.name !== undefined && (await nameUsed(tx, after.name, marketId))) throw nameTaken(after.name);
    const changes = diffFields(before, after, ['name', 'description', 'color', 'rules']);
    if (changes.length === 0) return;
    const rulesChanged = changes.some((c) => c.field === 'rules');
    const [row] = await tx.db
      .update(targetMarkets)
      .set({
        ...after,
        version: sql`${targetMarkets.version} + 1`,
        updatedAt: sql`now()`,
        // New rules make the membership stale until the rebuild has walked every contact.
        ...(rulesChanged ? { evaluatedAt: null } : {}),
      })
      .where(and(eq(targetMarkets.workspaceId, ctx.workspaceId), eq(targetMarkets.id, marketId)))
      .returning();
    await record(tx, {
      kind: 'target_market.updated',
      category: 'admin',
      subject: { type: 'target_market', id: marketId },
      data: { name: row!.name, changes },
    });
    // A new name is carried by later journal entries; only new rules change who is in. A rebuild still
    // running checks the version it was sent for and stops, so the new version gets its own.
    if (rulesChanged || !row!.evaluatedAt) await enqueueRebuild(tx, marketId, row!.version);
  });
  return getTargetMarket({ ctx, marketId });
}

/** Deletes a market; its members simply stop being in it (nobody "left" by changing). */
export async function deleteTargetMarket({
  ctx,
  marketId,
  expectedVersion,
}: {
  ctx: Ctx;
  marketId: string;
  expectedVersion?: number;
}): Promise<void> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const market = await findMarket(tx, marketId, true);
    assertVersion('target market', market.version, expectedVersion);
    await tx.db
      .delete(targetMarkets)
      .where(and(eq(targetMarkets.workspaceId, ctx.workspaceId), eq(targetMarkets.id, marketId)));
    await record(tx, {
      kind: 'target_market.deleted',
      category: 'admin',
      subject: { type: 'target_market', id: marketId },
      data: { name: market.name },
    });
  });
}

/**
 * Adding or removing a member by hand is refused: the rules decide. The refusal names the market and,
 * for a member, why they are in it, so a client can say so.
 */
export async function refuseManualMembership({
  ctx,
  marketId,
  contactId,
}: {
  ctx: Ctx;
  marketId: string;
  contactId?: string;
}): Promise<never> {
  const market = await findMarket(ctx, marketId);
  if (contactId) await requireContact(ctx, contactId);
  throw new AppError(
    'membership_automatic',
    409,
    `Membership of "${market.name}" follows its rules: change the contact or the rules instead`,
    { targetMarketId: market.id },
  );
}
