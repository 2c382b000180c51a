// A contact's child collections — emails, phones, locations — are ordered lists with exactly one
// primary entry each, written the same way: lock the contact, change the entry, keep one primary,
// bump the contact's version and journal the change, all in one transaction. A collection is a
// definition (table, journal kinds, what the journal keeps of an entry); the next one (relations,
// documents) is another definition, not another copy of these functions.
import { and, eq, sql } from 'drizzle-orm';
import { contactEmails, contactLocations, contactPhones } from '../../db/schema/contacts.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { uuidArray } from '../../db/schema/columns.ts';
import { newId } from '../../platform/ids.ts';
import { diffFields, record } from '../../platform/journal/journal.ts';
import type { ContactRow } from './contact-access.ts';
import { buildProfile } from './contact-profile.ts';
import { lockContact, saveContact, withUniqueChannels } from './contact-write.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';

export type Collection = typeof contactEmails | typeof contactPhones | typeof contactLocations;

/** What every write to a contact's collection is called with (plus its input or the entry's id). */
export interface ContactPartWrite {
  ctx: Ctx;
  contactId: string;
  ifMatch?: number;
}

/** The columns every collection has; the rest is the collection's own. */
interface EntryRow {
  id: string;
  isPrimary: boolean;
  [column: string]: unknown;
}

export interface CollectionDef<Row extends EntryRow> {
  table: Collection;
  /** For "Email not found". */
  label: string;
  /** The journal entry's subject type, e.g. contact_email. */
  subject: string;
  kinds: { added: string; changed: string; removed: string };
  /** The columns whose changes are journaled (in this order). */
  journaled: readonly (keyof Row & string)[];
  /** What the journal keeps of an added entry, a removed one, and names a changed one by. */
  added(row: Row): Record<string, unknown>;
  removed(row: Row): Record<string, unknown>;
  changed(after: Row): Record<string, unknown>;
}

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

// The three tables share their key columns; one of them stands for all in the typed queries.
const keyed = (table: Collection) => table as typeof contactEmails;

function entryWhere(ctx: Ctx, table: Collection, contactId: string, entryId: string) {
  const t = keyed(table);
  return and(eq(t.workspaceId, ctx.workspaceId), eq(t.contactId, contactId), eq(t.id, entryId));
}

export async function findEntry<Row extends EntryRow>(
  ctx: Ctx,
  def: CollectionDef<Row>,
  contactId: string,
  entryId: string,
): Promise<Row> {
  const [row] = await ctx.db
    .select()
    .from(keyed(def.table))
    .where(entryWhere(ctx, def.table, contactId, entryId));
  if (!row) throw notFound(def.label);
  return row as unknown as Row;
}

/** Inserts an entry of a locked contact (no version bump, no journal: the caller does both). */
export async function insertEntry<Row extends EntryRow>(
  tx: TxCtx,
  def: CollectionDef<Row>,
  contactId: string,
  values: Partial<Row>,
  isPrimary: boolean | undefined,
): Promise<Row> {
  const slot = await nextSlot(tx, def.table, contactId);
  const [row] = await tx.db
    .insert(keyed(def.table))
    .values({
      ...(values as object),
      workspaceId: tx.workspaceId,
      id: newId(),
      contactId,
      isPrimary: slot.isFirst || Boolean(isPrimary),
      position: slot.position,
    } as typeof contactEmails.$inferInsert)
    .returning();
  if (isPrimary && !slot.isFirst) await makePrimary(tx, def.table, contactId, row!.id);
  return row as unknown as Row;
}

/**
 * insertEntry for entries of many locked contacts at once (a bulk writer such as an import): the contacts' slots
 * read with one statement, the entries inserted with one, in the given order; an entry becomes primary only when
 * its contact had none. No version bump, no journal: the caller does both.
 */
export async function insertEntries<Row extends EntryRow>(
  tx: TxCtx,
  def: CollectionDef<Row>,
  items: { contactId: string; values: Partial<Row> }[],
): Promise<Row[]> {
  if (items.length === 0) return [];
  const t = keyed(def.table);
  const contactIds = [...new Set(items.map((i) => i.contactId))];
  const result = await tx.db.execute<{ contact_id: string; n: number; next: number }>(sql`
    select contact_id, count(*)::int as n, coalesce(max(position) + 1, 0)::int as next
    from ${def.table} where workspace_id = ${tx.workspaceId} and contact_id = any(${uuidArray(contactIds)})
    group by contact_id`);
  const slots = new Map(result.rows.map((r) => [r.contact_id, { n: r.n, next: r.next }]));
  const rows = items.map((i) => {
    const slot = slots.get(i.contactId) ?? { n: 0, next: 0 };
    slots.set(i.contactId, { n: slot.n + 1, next: slot.next + 1 });
    return {
      ...(i.values as object),
      workspaceId: tx.workspaceId,
      id: newId(),
      contactId: i.contactId,
      isPrimary: slot.n === 0,
      position: slot.next,
    } as typeof contactEmails.$inferInsert;
  });
  const inserted = await tx.db.insert(t).values(rows).returning();
  const byId = new Map(inserted.map((r) => [r.id, r]));
  return rows.map((r) => byId.get(r.id)! as unknown as Row);
}

/**
 * Runs one change of a collection: locks the contact (If-Match checked), lets `change` write and
 * journal, and answers with the contact's profile. A concurrent taker of the same email or phone
 * is answered with the contact that holds it.
 */
export async function changeCollection(
  ctx: Ctx,
  contactId: string,
  ifMatch: number | undefined,
  change: (tx: TxCtx, before: ContactRow) => Promise<ContactRow>,
): Promise<ContactProfileDto> {
  const saved = await withUniqueChannels(ctx, () =>
    inTransaction(ctx, async (tx) => change(tx, await lockContact(tx, contactId, ifMatch))),
  );
  return buildProfile(ctx, saved);
}

/** Adds an entry to a locked contact, bumps its version and journals it. */
export async function addEntry<Row extends EntryRow>(
  tx: TxCtx,
  def: CollectionDef<Row>,
  before: ContactRow,
  values: Partial<Row>,
  isPrimary: boolean | undefined,
): Promise<ContactRow> {
  const entry = await insertEntry(tx, def, before.id, values, isPrimary);
  const after = await saveContact(tx, before);
  await record(tx, {
    contactId: before.id,
    kind: def.kinds.added,
    category: 'admin',
    subject: { type: def.subject, id: entry.id },
    data: def.added(entry),
  });
  return after;
}

/**
 * Changes an entry of a locked contact: `set` returns the columns to write (and may refuse);
 * `isPrimary` moves the primary flag. Journals what changed; no change, no new version.
 */
export async function updateEntry<Row extends EntryRow>(
  tx: TxCtx,
  def: CollectionDef<Row>,
  before: ContactRow,
  entryId: string,
  opts: { set: (current: Row) => Promise<Partial<Row>> | Partial<Row>; isPrimary?: boolean },
): Promise<ContactRow> {
  const contactId = before.id;
  const current = await findEntry(tx, def, contactId, entryId);
  const set = await opts.set(current);
  if (Object.keys(set).length) {
    await tx.db
      .update(keyed(def.table))
      .set(set as Partial<typeof contactEmails.$inferInsert>)
      .where(entryWhere(tx, def.table, contactId, entryId));
  }
  if (opts.isPrimary === true && !current.isPrimary) await makePrimary(tx, def.table, contactId, entryId);
  if (opts.isPrimary === false && current.isPrimary) await demote(tx, def.table, contactId, entryId);
  const after = await findEntry(tx, def, contactId, entryId);
  const changes = diffFields(current, after, def.journaled);
  if (changes.length === 0) return before;
  const saved = await saveContact(tx, before);
  await record(tx, {
    contactId,
    kind: def.kinds.changed,
    category: 'admin',
    subject: { type: def.subject, id: entryId },
    data: { ...def.changed(after), changes },
  });
  return saved;
}

/**
 * Told, inside the removing transaction, that a contact's email, phone or location went away (so that
 * what references it — a person's link to a business — is cleared with it, never left dangling).
 */
export type EntryRemovedHook = (
  tx: TxCtx,
  removed: { contact: ContactRow; subject: string; entryId: string; entry: Record<string, unknown> },
) => Promise<void>;
const entryRemovedHooks: EntryRemovedHook[] = [];
export function registerEntryRemovedHook(hook: EntryRemovedHook): () => void {
  entryRemovedHooks.push(hook);
  return () => {
    const i = entryRemovedHooks.indexOf(hook);
    if (i >= 0) entryRemovedHooks.splice(i, 1);
  };
}

/** Removes an entry of a locked contact (the next one becomes primary) and journals it. */
export async function removeEntry<Row extends EntryRow>(
  tx: TxCtx,
  def: CollectionDef<Row>,
  before: ContactRow,
  entryId: string,
): Promise<ContactRow> {
  const contactId = before.id;
  const entry = await findEntry(tx, def, contactId, entryId);
  await tx.db.delete(keyed(def.table)).where(entryWhere(tx, def.table, contactId, entryId));
  if (entry.isPrimary) await ensurePrimary(tx, def.table, contactId);
  for (const hook of entryRemovedHooks) await hook(tx, { contact: before, subject: def.subject, entryId, entry });
  const after = await saveContact(tx, before);
  await record(tx, {
    contactId,
    kind: def.kinds.removed,
    category: 'admin',
    subject: { type: def.subject, id: entryId },
    data: def.removed(entry),
  });
  return after;
}
