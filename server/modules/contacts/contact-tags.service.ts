// Tagging a contact: by name (unknown names become new tags) or by id; each tag added or removed
// is journaled on the contact.
import { and, eq, inArray } from 'drizzle-orm';
import { contactTags } from '../../db/schema/contacts.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { recordMany } from '../../platform/journal/journal.ts';
import { ensureTags, requireTags, type TagRow } from '../tags/tags.service.ts';
import { buildProfile } from './contact-profile.ts';
import { lockContact, saveContact } from './contact-write.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';

/** Links tags to contacts (ignoring links that exist) and journals each new link. */
export async function linkTags(tx: TxCtx, contactIds: string[], tagRows: TagRow[]): Promise<{ contactId: string }[]> {
  if (contactIds.length === 0 || tagRows.length === 0) return [];
  const inserted = await tx.db
    .insert(contactTags)
    .values(
      contactIds.flatMap((contactId) => tagRows.map((t) => ({ workspaceId: tx.workspaceId, contactId, tagId: t.id }))),
    )
    .onConflictDoNothing()
    .returning({ contactId: contactTags.contactId, tagId: contactTags.tagId });
  const byId = new Map(tagRows.map((t) => [t.id, t]));
  await recordMany(
    tx,
    inserted.map((l) => ({
      contactId: l.contactId,
      kind: 'contact.tag_added',
      category: 'admin' as const,
      subject: { type: 'tag', id: l.tagId },
      data: { tag: { id: l.tagId, name: byId.get(l.tagId)!.name } },
    })),
  );
  return inserted;
}

/** Removes tag links and journals each removed one. */
export async function unlinkTags(tx: TxCtx, contactIds: string[], tagRows: TagRow[]): Promise<{ contactId: string }[]> {
  if (contactIds.length === 0 || tagRows.length === 0) return [];
  const removed = await tx.db
    .delete(contactTags)
    .where(
      and(
        eq(contactTags.workspaceId, tx.workspaceId),
        inArray(contactTags.contactId, contactIds),
        inArray(
          contactTags.tagId,
          tagRows.map((t) => t.id),
        ),
      ),
    )
    .returning({ contactId: contactTags.contactId, tagId: contactTags.tagId });
  const byId = new Map(tagRows.map((t) => [t.id, t]));
  await recordMany(
    tx,
    removed.map((l) => ({
      contactId: l.contactId,
      kind: 'contact.tag_removed',
      category: 'admin' as const,
      subject: { type: 'tag', id: l.tagId },
      data: { tag: { id: l.tagId, name: byId.get(l.tagId)!.name } },
    })),
  );
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
