// Demo groups and target markets: a few hand-made lists filled from the demo contacts, and rule-based
// segments whose membership is built from their rules (as an admin creating them would see it).
import type { Ctx } from '../platform/context.ts';
import { ListQuery } from '../modules/contacts/contacts.schemas.ts';
import { addGroupMembers, createGroup } from '../modules/segments/groups.service.ts';
import { rebuildMembership } from '../modules/segments/rebuild-membership.job.ts';
import { createTargetMarket } from '../modules/segments/target-markets.service.ts';
import type { DemoPeople } from './seed.ts';

const groups = [
  {
    name: 'Expo 2026 guests',
    description: 'Met at our stand at the expo',
    color: 'orange',
    query: { source: 'Trade show' },
  },
  {
    name: 'Customer advisory board',
    description: 'Customers who review the roadmap with us each quarter',
    color: 'indigo',
    query: { contactType: 'customer', tags: 'VIP' },
  },
  { name: 'Golf day', description: 'Invited to the summer golf day', color: 'teal', query: { source: 'Referral' } },
];

const markets = [
  {
    name: 'VIP customers',
    description: 'Customers tagged VIP',
    color: 'grape',
    rules: { contactType: ['customer'], tags: ['VIP'] },
  },
  {
    name: 'Businesses from events',
    description: 'Companies that found us at a trade show',
    color: 'cyan',
    rules: { kind: 'business', source: 'Trade show' },
  },
  {
    name: 'Prospects without a team',
    description: 'Prospects nobody’s team looks after yet',
    color: 'yellow',
    rules: { contactType: ['prospect'], teamId: ['none'] },
  },
];

export async function seedSegments(ctx: Ctx, _people: DemoPeople): Promise<void> {
  for (const g of groups) {
    const group = await createGroup({ ctx, input: { name: g.name, description: g.description, color: g.color } });
    // Filled the way a user would: select what a list query shows, then "Add to group".
    const query = ListQuery.parse(g.query);
    await addGroupMembers({ ctx, groupId: group.id, input: { selection: { all: true, query } } });
  }
  for (const m of markets) {
    const market = await createTargetMarket({ ctx, input: m });
    // The job would rebuild it once a worker runs; the demo shows the markets current at once.
    await rebuildMembership(ctx.deps, { workspaceId: ctx.workspaceId, marketId: market.id, version: market.version });
  }
}
