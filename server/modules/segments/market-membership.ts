// Keeping target-market membership equal to the rules: the rules are the contact list's query, turned
// into the list's own SQL conditions; a sync inserts the contacts that match and are not members and
// deletes the members that no longer match, each journaled on the contact with the system as actor.
// The whole membership is rebuilt in the background (rebuild-membership.job.ts), range by range.
import { and, sql, type SQL } from 'drizzle-orm';
import { uuidArray } from '../../db/schema/columns.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { journalEntries } from '../../db/schema/journal.ts';
import { targetMarketMembers, targetMarkets } from '../../db/schema/relationships.ts';
import { systemActor, systemPrincipal, type Ctx, type TxCtx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
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
export async function rulesCondition(
  ctx: Ctx,
  rules: MarketRulesInput,
  fieldDefs?: Awaited<ReturnType<typeof loadFieldDefs>>,
): Promise<SQL> {
  const sys: Ctx = { ...ctx, principal: systemPrincipal, actor: systemActor };
  const where = await listConditions(sys, { ...rules, archived: false }, fieldDefs ?? (await loadFieldDefs(sys)));
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

/** A member's entry on the contact's timeline: entered or left, the system as actor. */
const ENTERED = 'contact.target_market_entered';
const LEFT = 'contact.target_market_left';

/**
 * Brings the membership in line with the rules for the active contacts whose id is in `range`
 * (lower bound exclusive, upper inclusive, either open) or in `contactIds` (what a journal batch
 * touched). Set-based: one INSERT … SELECT of the new members, one DELETE of those who no longer
 * match, each writing its journal entries with one INSERT … SELECT over what it changed — the same
 * entries `recordMany` writes, handed to the subscribers and NOTIFY at commit the same way. Running
 * it twice changes nothing the second time, so a retried or restarted rebuild is harmless.
 */
export async function syncMembership(
  tx: TxCtx,
  market: MarketRow,
  condition: SQL,
  scope: { contactIds: string[] } | { after: string | null; upTo: string | null },
): Promise<{ entered: number; left: number }> {
  const w = tx.workspaceId;
  const within = (column: SQL) => {
    if ('contactIds' in scope) return sql`and ${column} = any(${uuidArray(scope.contactIds)})`;
    return sql`${scope.after ? sql`and ${column} > ${scope.after}` : sql``}
      ${scope.upTo ? sql`and ${column} <= ${scope.upTo}` : sql``}`;
  };
  const data = JSON.stringify({ targetMarket: { id: market.id, name: market.name } });
  const journal = (kind: string, changed: SQL) => sql`
    insert into ${journalEntries} (workspace_id, id, contact_id, kind, category, actor_type, actor_id,
      actor_label, subject_type, subject_id, data, occurred_at)
    select ${w}, dossier_uuidv7(), contact_id, ${kind}, 'admin', ${systemActor.type}, null, ${systemActor.label},
      'target_market', ${market.id}, ${data}::jsonb, now()
    from ${changed} order by contact_id
    returning id, contact_id, kind`;
  const entered = await tx.db.execute<JournalRef>(sql`
    with changed as (
      insert into ${targetMarketMembers} (workspace_id, market_id, contact_id)
      select ${w}, ${market.id}, ${contacts.id} from ${contacts} where ${condition} ${within(sql`${contacts.id}`)}
      on conflict do nothing
      returning contact_id)
    ${journal(ENTERED, sql`changed`)}`);
  const left = await tx.db.execute<JournalRef>(sql`
    with changed as (
      delete from ${targetMarketMembers} m
      where m.workspace_id = ${w} and m.market_id = ${market.id} ${within(sql`m.contact_id`)}
        and not exists (select 1 from ${contacts}
          where ${contacts.workspaceId} = m.workspace_id and ${contacts.id} = m.contact_id and ${condition})
      returning m.contact_id)
    ${journal(LEFT, sql`changed`)}`);
  // Journaled like recordMany's entries: at commit the subscribers get their ids, listeners a NOTIFY.
  for (const r of [...entered.rows, ...left.rows]) {
    tx.tx.entries.push({ id: r.id, contactId: r.contact_id, kind: r.kind });
  }
  return { entered: entered.rows.length, left: left.rows.length };
}

type JournalRef = { id: string; contact_id: string; kind: string };
