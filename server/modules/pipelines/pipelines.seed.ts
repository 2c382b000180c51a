// Demo deals on the demo contacts: open ones spread over the Sales stages (some rotting), a few won
// and lost, each created through the service so the contacts' timelines show them.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { opportunities } from '../../db/schema/revenue.ts';
import type { Ctx } from '../../platform/context.ts';
import { createOpportunity, updateOpportunity } from './opportunities.service.ts';
import { listPipelines } from './pipelines.service.ts';

const products = ['Platform licence', 'Onboarding package', 'Support renewal', 'Team expansion', 'Pilot project'];
const lostReasons = ['Went with a competitor', 'No budget this year', 'Project postponed'];

export async function seedOpportunities(ctx: Ctx): Promise<void> {
  const [sales] = await listPipelines({ ctx });
  if (!sales) return;
  const demo = await ctx.db
    .select({ id: contacts.id, displayName: contacts.displayName, kind: contacts.kind })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), isNull(contacts.archivedAt)))
    .orderBy(sql`${contacts.kind} = 'business' desc`, asc(contacts.displayName))
    .limit(36);
  for (const [i, c] of demo.entries()) {
    const stage = sales.stages[i % sales.stages.length]!;
    const month = String((i % 6) + 1).padStart(2, '0');
    const deal = await createOpportunity({
      ctx,
      input: {
        name: `${c.kind === 'business' ? c.displayName : c.displayName.split(' ')[0]} – ${products[i % products.length]}`,
        contactId: c.id,
        stageId: stage.id,
        value: 1500 + ((i * 3797) % 48) * 500,
        status: 'open',
        expectedCloseDate: `2027-${month}-${String(10 + (i % 18)).padStart(2, '0')}`,
        source: i % 3 === 0 ? 'Referral' : i % 3 === 1 ? 'Website' : 'Trade show',
      },
    });
    if (i % 9 === 4) await updateOpportunity({ ctx, opportunityId: deal.id, input: { status: 'won' } });
    else if (i % 9 === 7) {
      const lostReason = lostReasons[i % lostReasons.length]!;
      await updateOpportunity({ ctx, opportunityId: deal.id, input: { status: 'lost', lostReason } });
    } else if (i % 4 === 1) {
      // Some deals have sat in their stage for a while: the board shows them rotting.
      await ctx.db
        .update(opportunities)
        .set({ stageEnteredAt: sql`now() - make_interval(days => ${20 + i})` })
        .where(and(eq(opportunities.workspaceId, ctx.workspaceId), eq(opportunities.id, deal.id)));
    }
  }
}
