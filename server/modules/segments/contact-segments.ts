// The groups and target markets a contact is in, for the contact page.
import { and, asc, eq, sql } from 'drizzle-orm';
import {
  contactGroupMembers,
  contactGroups,
  targetMarketMembers,
  targetMarkets,
} from '../../db/schema/relationships.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireContact } from '../contacts/contact-access.ts';
import type { ContactSegmentsDto } from './segments.schemas.ts';

export async function getContactSegments({
  ctx,
  contactId,
}: {
  ctx: Ctx;
  contactId: string;
}): Promise<ContactSegmentsDto> {
  await requireContact(ctx, contactId);
  const w = ctx.workspaceId;
  const [groups, markets] = await Promise.all([
    ctx.db
      .select({ id: contactGroups.id, name: contactGroups.name, color: contactGroups.color })
      .from(contactGroupMembers)
      .innerJoin(
        contactGroups,
        and(
          eq(contactGroups.workspaceId, contactGroupMembers.workspaceId),
          eq(contactGroups.id, contactGroupMembers.groupId),
        ),
      )
      .where(and(eq(contactGroupMembers.workspaceId, w), eq(contactGroupMembers.contactId, contactId)))
      .orderBy(asc(sql`lower(${contactGroups.name})`)),
    ctx.db
      .select({ id: targetMarkets.id, name: targetMarkets.name, color: targetMarkets.color })
      .from(targetMarketMembers)
      .innerJoin(
        targetMarkets,
        and(
          eq(targetMarkets.workspaceId, targetMarketMembers.workspaceId),
          eq(targetMarkets.id, targetMarketMembers.marketId),
        ),
      )
      .where(and(eq(targetMarketMembers.workspaceId, w), eq(targetMarketMembers.contactId, contactId)))
      .orderBy(asc(sql`lower(${targetMarkets.name})`)),
  ]);
  return { groups, targetMarkets: markets };
}
