// Member counts of groups and target markets as the caller sees them: active contacts only, and for a
// member limited to their own contacts, only those.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { contactGroupMembers, targetMarketMembers } from '../../db/schema/relationships.ts';
import type { Ctx } from '../../platform/context.ts';
import { contactVisibility } from '../contacts/contact-access.ts';

type Members = typeof contactGroupMembers | typeof targetMarketMembers;

export async function memberCounts(ctx: Ctx, members: Members, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const setColumn = members === contactGroupMembers ? contactGroupMembers.groupId : targetMarketMembers.marketId;
  const rows = await ctx.db
    .select({ id: sql<string>`${setColumn}`, n: sql<number>`count(*)::int` })
    .from(members)
    .innerJoin(contacts, and(eq(contacts.workspaceId, members.workspaceId), eq(contacts.id, members.contactId)))
    .where(
      and(
        eq(members.workspaceId, ctx.workspaceId),
        inArray(setColumn, ids),
        contactVisibility(ctx),
        isNull(contacts.archivedAt),
      ),
    )
    .groupBy(sql`${setColumn}`);
  return new Map(rows.map((r) => [r.id, r.n]));
}
