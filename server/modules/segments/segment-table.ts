// What groups and target markets share: a named list per workspace (names unique whatever their case)
// with members, counted as the caller sees them — active contacts only, and for a member limited to
// their own contacts, only those.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import {
  contactGroupMembers,
  contactGroups,
  targetMarketMembers,
  targetMarkets,
} from '../../db/schema/relationships.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
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

/**
 * Reading one kind of segment: all of them by name with their member counts, one (locked for an
 * update if asked; 404 named after `label` when absent), and whether a name is taken.
 */
export function segmentTable<T extends typeof contactGroups | typeof targetMarkets>(
  table: T,
  members: Members,
  label: string,
) {
  type Row = T['$inferSelect'];
  // The two tables share these columns; Drizzle's types cannot follow a union through a query.
  const t = table as typeof contactGroups;
  const inWorkspace = (ctx: Ctx) => eq(t.workspaceId, ctx.workspaceId);
  return {
    async list(ctx: Ctx): Promise<{ row: Row; memberCount: number }[]> {
      const rows = (await ctx.db
        .select()
        .from(t)
        .where(inWorkspace(ctx))
        .orderBy(asc(sql`lower(${t.name})`))) as Row[];
      const counts = await memberCounts(
        ctx,
        members,
        rows.map((r) => r.id),
      );
      return rows.map((row) => ({ row, memberCount: counts.get(row.id) ?? 0 }));
    },
    async find(ctx: Ctx, id: string, lock = false): Promise<Row> {
      const query = ctx.db
        .select()
        .from(t)
        .where(and(inWorkspace(ctx), eq(t.id, id)));
      const [row] = lock ? await query.for('update') : await query;
      if (!row) throw notFound(label);
      return row as Row;
    },
    async withCount(ctx: Ctx, id: string): Promise<{ row: Row; memberCount: number }> {
      const row = await this.find(ctx, id);
      const counts = await memberCounts(ctx, members, [row.id]);
      return { row, memberCount: counts.get(row.id) ?? 0 };
    },
    async nameUsed(ctx: Ctx, name: string, exceptId?: string): Promise<boolean> {
      const [row] = await ctx.db
        .select({ id: t.id })
        .from(t)
        .where(
          and(
            inWorkspace(ctx),
            sql`lower(${t.name}) = lower(${name})`,
            exceptId ? sql`${t.id} <> ${exceptId}` : undefined,
          ),
        );
      return Boolean(row);
    },
  };
}
