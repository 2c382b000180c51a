// Emails, phones and locations are ordered collections with exactly one primary entry each.
import { sql } from 'drizzle-orm';
import { contactEmails, contactLocations, contactPhones } from '../../db/schema/contacts.ts';
import type { TxCtx } from '../../platform/context.ts';

export type Collection = typeof contactEmails | typeof contactPhones | typeof contactLocations;

/** Where the next entry goes, and whether it becomes primary (the first one always does). */
export async function nextSlot(tx: TxCtx, table: Collection, contactId: string) {
  const result = await tx.db.execute<{ n: number; next: number }>(sql`
    select count(*)::int as n, coalesce(max(position) + 1, 0)::int as next
    from ${table} where workspace_id = ${tx.workspaceId} and contact_id = ${contactId}`);
  const row = result.rows[0]!;
  return { isFirst: row.n === 0, position: row.next };
}

/** Makes one entry the primary and every other entry of the contact not. */
export async function makePrimary(tx: TxCtx, table: Collection, contactId: string, id: string): Promise<void> {
  await tx.db.execute(sql`
    update ${table} set is_primary = (id = ${id}::uuid)
    where workspace_id = ${tx.workspaceId} and contact_id = ${contactId}
      and is_primary <> (id = ${id}::uuid)`);
}

/** After the primary entry went away (or was demoted), the first remaining entry takes its place. */
export async function ensurePrimary(tx: TxCtx, table: Collection, contactId: string, exceptId?: string): Promise<void> {
  await tx.db.execute(sql`
    update ${table} set is_primary = true
    where workspace_id = ${tx.workspaceId} and contact_id = ${contactId}
      and not exists (select 1 from ${table} p where p.workspace_id = ${tx.workspaceId}
        and p.contact_id = ${contactId} and p.is_primary)
      and id = (select id from ${table} f where f.workspace_id = ${tx.workspaceId} and f.contact_id = ${contactId}
        ${exceptId ? sql`and f.id <> ${exceptId}::uuid` : sql``}
        order by position, created_at, id limit 1)`);
}

/** Demotes an entry; another one becomes primary, unless it is the only entry (it stays primary). */
export async function demote(tx: TxCtx, table: Collection, contactId: string, id: string): Promise<void> {
  await tx.db.execute(sql`
    update ${table} set is_primary = false
    where workspace_id = ${tx.workspaceId} and contact_id = ${contactId} and id = ${id}::uuid`);
  await ensurePrimary(tx, table, contactId, id);
  await ensurePrimary(tx, table, contactId);
}
