// Keeps target markets current as contacts change: a journal subscriber (delivered by a durable,
// retried job after the change committed), never a step of the contact's own write. For the contacts
// in a batch of entries it evaluates each market's rules restricted to them and inserts or deletes
// membership rows; a retried delivery changes nothing twice (the sync compares with what is stored).
import { eq } from 'drizzle-orm';
import type { JournalEntryRow } from '../../db/schema/journal.ts';
import { targetMarkets } from '../../db/schema/relationships.ts';
import { inTransaction, systemCtx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { JournalSubscriber } from '../../platform/journal/subscribers.ts';
import { loadFieldDefs } from '../custom-fields/custom-field-values.ts';
import { parseRules, rulesCondition, syncMembership } from './market-membership.ts';

/** The subscriber's own entries: reacting to them would only confirm what it just did. */
const OWN_KINDS = new Set(['contact.target_market_entered', 'contact.target_market_left']);

/**
 * What can change a market's membership: the rules are list filters, which test the contact's own record (fields,
 * emails, phones, locations, tags, groups, markets, archive; every change to it is journaled as contact.*) and its
 * open opportunities. A note, task, appointment, message or call on the contact changes none of it.
 */
const CHANGES_MEMBERSHIP = /^(contact|opportunity)\./;

function changesMembership(e: { kind: string; contactId: string | null }): boolean {
  return Boolean(e.contactId) && CHANGES_MEMBERSHIP.test(e.kind) && !OWN_KINDS.has(e.kind);
}

export function touchedContacts(entries: JournalEntryRow[]): string[] {
  return [...new Set(entries.filter(changesMembership).map((e) => e.contactId!))];
}

export const targetMarketsSubscriber: JournalSubscriber = {
  name: 'target-markets',
  wants: changesMembership,
  async handle(entries, deps) {
    const contactIds = touchedContacts(entries);
    if (contactIds.length === 0) return;
    const ctx = systemCtx(deps, entries[0]!.workspaceId);
    await inTransaction(ctx, async (tx) => {
      // A shared lock: a rules change (which rebuilds the membership) waits for this, and this for it.
      const markets = await tx.db
        .select()
        .from(targetMarkets)
        .where(eq(targetMarkets.workspaceId, ctx.workspaceId))
        .orderBy(targetMarkets.id)
        .for('share');
      if (markets.length === 0) return;
      // One read of the field definitions for every market's rules.
      const fieldDefs = await loadFieldDefs(tx);
      for (const market of markets) {
        let condition;
        try {
          condition = await rulesCondition(tx, parseRules(market.rules), fieldDefs);
        } catch (err) {
          // Rules that stopped making sense (a custom field deleted since) match no one new; retrying
          // would not help, so the other markets go on. The market's page shows its rules for fixing.
          if (!(err instanceof AppError)) throw err;
          deps.logger.warn({ marketId: market.id, err: err.message }, 'target market rules cannot be evaluated');
          continue;
        }
        await syncMembership(tx, market, condition, { contactIds });
      }
    });
  },
};
