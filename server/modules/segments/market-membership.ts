// Keeping target-market membership equal to the rules: the rules are the contact list's query, turned
// into the list's own SQL conditions; a sync inserts the contacts that match and are not members and
// deletes the members that no longer match, each journaled on the contact with the system as actor.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { uuidArray } from '../../db/schema/columns.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { targetMarketMembers, targetMarkets } from '../../db/schema/relationships.ts';
import { systemActor, systemPrincipal, type Ctx, type TxCtx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { recordMany } from '../../platform/journal/journal.ts';
import { loadFieldDefs } from '../custom-fields/custom-field-values.ts';
import { listConditions } from '../contacts/list-contacts.ts';
import { MarketRules, type MarketRulesInput } from './segments.schemas.ts';

export type MarketRow = typeof targetMarkets.$inferSelect;

const rulesInvalid = (detail: string, extra: Record<string, unknown> = {}) =>
  new AppError('rules_invalid', 400, detail, extra);

/** The rules as the list query they are; what the list would refuse is refused here too. */
export function parseRules(raw: unknown): MarketRulesInput {
  const result = MarketRules.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') || 'rules';
    throw rulesInvalid(`The rules are not a valid list filter: ${path}: ${issue?.message ?? ''}`, {
      errors: result.error.issues.map((i) => ({ path: ['rules', ...i.path].join('.'), message: i.message })),
    });
  }
  // A market defined by markets could never settle (each one's change re-evaluates the other).
  if (result.data.filters?.some((f) => f.field === 'targetMarket')) {
    throw rulesInvalid('A target market cannot be defined by target markets; use its rules instead', {
      field: 'targetMarket',
    });
  }
  return result.data;
}

/**
 * The rules as a condition on `contacts` (active contacts of the workspace), evaluated with the
 * system's rights: membership does not depend on who looks. An unknown field or a wrong value is
 * the list's own 400 (filter_invalid) naming the field.
 */
export async function rulesCondition(ctx: Ctx, rules: MarketRulesInput): Promise<SQL> {
  const sys: Ctx = { ...ctx, principal: systemPrincipal, actor: systemActor };
  const where = await listConditions(sys, { ...rules, archived: false }, await loadFieldDefs(sys));
  return and(...where)!;
}

/** Active contacts the rules match (for the rule editor's live count). */
export async function countMatches(ctx: Ctx, rules: MarketRulesInput): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(contacts)
    .where(await rulesCondition(ctx, rules));
  return row?.n ?? 0;
}

/**
 * Brings the membership in line with the rules — for every contact, or only for `contactIds` (what a
 * journal batch touched). Returns how many contacts entered and left.
 */
export async function syncMembership(
  tx: TxCtx,
  market: MarketRow,
  condition: SQL,
  contactIds?: string[],
): Promise<{ entered: number; left: number }> {
  const w = tx.workspaceId;
  const only = contactIds ? sql`and ${contacts.id} = any(${uuidArray(contactIds)})` : sql``;
  const onlyMembers = contactIds ? sql`and m.contact_id = any(${uuidArray(contactIds)})` : sql``;
  const entered = await tx.db.execute<{ contact_id: string }>(sql`
    insert into ${targetMarketMembers} (workspace_id, market_id, contact_id)
    select ${w}, ${market.id}, ${contacts.id} from ${contacts} where ${condition} ${only}
    on conflict do nothing
    returning contact_id`);
  const left = await tx.db.execute<{ contact_id: string }>(sql`
    delete from ${targetMarketMembers} m
    where m.workspace_id = ${w} and m.market_id = ${market.id} ${onlyMembers}
      and not exists (select 1 from ${contacts}
        where ${contacts.workspaceId} = m.workspace_id and ${contacts.id} = m.contact_id and ${condition})
    returning m.contact_id`);
  const ref = { id: market.id, name: market.name };
  await recordMany(tx, [
    ...entered.rows.map((r) => ({
      contactId: r.contact_id,
      kind: 'contact.target_market_entered',
      category: 'admin' as const,
      actor: systemActor,
      subject: { type: 'target_market', id: market.id },
      data: { targetMarket: ref },
    })),
    ...left.rows.map((r) => ({
      contactId: r.contact_id,
      kind: 'contact.target_market_left',
      category: 'admin' as const,
      actor: systemActor,
      subject: { type: 'target_market', id: market.id },
      data: { targetMarket: ref },
    })),
  ]);
  return { entered: entered.rows.length, left: left.rows.length };
}

/** Rebuilds a market's whole membership from its rules (after they were set or changed). */
export async function rebuildMembership(tx: TxCtx, market: MarketRow): Promise<void> {
  await syncMembership(tx, market, await rulesCondition(tx, parseRules(market.rules)));
  await tx.db
    .update(targetMarkets)
    .set({ evaluatedAt: sql`now()` })
    .where(and(eq(targetMarkets.workspaceId, tx.workspaceId), eq(targetMarkets.id, market.id)));
}
