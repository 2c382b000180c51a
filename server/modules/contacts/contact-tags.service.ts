// Tagging a contact: by name (unknown names become new tags) or by id; each tag added or removed
// is journaled on the contact.
import { uuidArray } from '../../db/schema/columns.ts';
import { inArray, sql } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { recordMany, type NewEntry } from '../../platform/journal/journal.ts';
import { ensureTags, requireTags, type TagRow } from '../tags/tags.service.ts';
import { buildProfile } from './contact-profile.ts';
import { lockContact, saveContact } from './contact-write.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';

interface TagLink {
  contactId: string;
  tagId: string;
}

/**
 * Adds (or removes) tags on contacts' tag arrays and answers which links changed. The change is
 * one UPDATE; "which changed" is the difference between the arrays before and after, read from
 * the same statement (the old array comes from a self-join on the locked row).
 */
async function changeTags(tx: TxCtx, contactIds: string[], tagIds: string[], add: boolean): Promise<TagLink[]> {
  const w = tx.workspaceId;
  const ids = uuidArray(tagIds);
  const rows = await tx.db.execute<{ contact_id: string; changed: string[] }>(sql`
    with old as (
      select ${contacts.id} as id, ${contacts.tagIds} as tag_ids from ${contacts}
      where ${contacts.workspaceId} = ${w} and ${inArray(contacts.id, contactIds)}
        and ${add ? sql`not (${contacts.tagIds} @> ${ids})` : sql`${contacts.tagIds} && ${ids}`}
      for update
    )
    update ${contacts} c set tag_ids = ${
      add
        ? sql`array(select distinct t from unnest(old.tag_ids || ${ids}) t)`
        : sql`array(select t from unnest(old.tag_ids) t where t <> all(${ids}))`
    }
    from old where c.workspace_id = ${w} and c.id = old.id
    returning c.id as contact_id, array(
      select t from unnest(${ids}) t where ${add ? sql`t <> all(old.tag_ids)` : sql`t = any(old.tag_ids)`}
    ) as changed`);
  return rows.rows.flatMap((r) => r.changed.map((tagId) => ({ contactId: r.contact_id, tagId })));
}

/** The journal entries of tags added to (or removed from) contacts, one per link. */
export function tagLinkEntries(links: TagLink[], tagRows: TagRow[], added: boolean): NewEntry[] {
  const byId = new Map(tagRows.map((t) => [t.id, t]));
  return links.map((l) => ({
    contactId: l.contactId,
    kind: added ? 'contact.tag_added' : 'contact.tag_removed',
    category: 'admin' as const,
    subject: { type: 'tag', id: l.tagId },
    data: { tag: { id: l.tagId, name: byId.get(l.tagId)!.name } },
  }));
}

const journalLinks = (tx: TxCtx, links: TagLink[], tagRows: TagRow[], added: boolean) =>
  recordMany(tx, tagLinkEntries(links, tagRows, added));

/** Adds tags to contacts (ignoring ones they have) and journals each new one. */
export async function linkTags(tx: TxCtx, contactIds: string[], tagRows: TagRow[]): Promise<TagLink[]> {
  if (contactIds.length === 0 || tagRows.length === 0) return [];
  const added = await changeTags(
    tx,
    contactIds,
    tagRows.map((t) => t.id),
    true,
  );
  await journalLinks(tx, added, tagRows, true);
  return added;
}

/** Removes tags from contacts and journals each removed one. */
export async function unlinkTags(tx: TxCtx, contactIds: string[], tagRows: TagRow[]): Promise<TagLink[]> {
  if (contactIds.length === 0 || tagRows.length === 0) return [];
  const removed = await changeTags(
    tx,
    contactIds,
    tagRows.map((t) => t.id),
    false,
  );
  await journalLinks(tx, removed, tagRows, false);
  return removed;
}

export async function tagContact({
  ctx,
  contactId,
  ifMatch,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  ifMatch?: number;
  input: { names?: string[]; tagIds?: string[] };
}): Promise<ContactProfileDto> {
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    const tagRows = [...(await requireTags(tx, input.tagIds ?? [])), ...(await ensureTags(tx, input.names ?? []))];
    const added = await linkTags(tx, [contactId], tagRows);
    return added.length ? saveContact(tx, before) : before;
  });
  return buildProfile(ctx, saved);
}

export async function untagContact({
  ctx,
  contactId,
  tagId,
  ifMatch,
}: {
  ctx: Ctx;
  contactId: string;
  tagId: string;
  ifMatch?: number;
}): Promise<ContactProfileDto> {
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    const tagRows = await requireTags(tx, [tagId]).catch(() => {
      throw notFound('Tag');
    });
    const removed = await unlinkTags(tx, [contactId], tagRows);
    if (removed.length === 0) throw notFound('Tag on this contact');
    return saveContact(tx, before);
  });
  return buildProfile(ctx, saved);
}
