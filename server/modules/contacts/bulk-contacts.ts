// Bulk actions on many contacts (chosen ids, or everything a list query matches, at most 10,000):
// one transaction per request, worked in batches, each affected contact journaled and versioned.
import { and, asc, inArray, sql } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { recordMany } from '../../platform/journal/journal.ts';
import { ensureTags, requireTags, type TagRow } from '../tags/tags.service.ts';
import { contactVisibility, type ContactRow } from './contact-access.ts';
import { resolveTagRefs } from './contact-filters.ts';
import { userNames } from './contact-profile.ts';
import { linkTags, unlinkTags } from './contact-tags.service.ts';
import { requireActiveUser } from './contact-write.ts';
import type { BulkInput } from './contacts.schemas.ts';
import { countContacts, listTooLarge, selectionConditionList } from './list-contacts.ts';

export const BULK_MAX = 10_000;
const BATCH = 500;

/** The ids of the chosen contacts the caller may see, or of everything a list query matches (at most BULK_MAX). */
export async function selectedIds(ctx: Ctx, input: Pick<BulkInput, 'ids' | 'selection'>): Promise<string[]> {
  if (input.ids) {
    const rows = await ctx.db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(contactVisibility(ctx), inArray(contacts.id, [...new Set(input.ids)])))
      .orderBy(asc(contacts.id));
    return rows.map((r) => r.id);
  }
  const where = await selectionConditionList(ctx, input.selection!.query);
  return inTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(...where))
      .orderBy(asc(contacts.id))
      .limit(BULK_MAX + 1);
    if (rows.length > BULK_MAX) throw listTooLarge(await countContacts(tx, where));
    return rows.map((r) => r.id);
  });
}

/** Bumps version and updatedAt of contacts changed by a bulk action (no field they derive from changed). */
async function touch(tx: TxCtx, ids: string[], set: Record<string, unknown> = {}): Promise<void> {
  if (ids.length === 0) return;
  await tx.db
    .update(contacts)
    .set({ ...set, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` })
    .where(and(sql`${contacts.workspaceId} = ${tx.workspaceId}`, inArray(contacts.id, ids)));
}

async function applyBatch(
  tx: TxCtx,
  input: BulkInput,
  rows: ContactRow[],
  tagRows: TagRow[],
  owner: { id: string; name: string } | null,
): Promise<number> {
  const active = rows.filter((r) => !r.archivedAt);
  switch (input.action) {
    case 'add_tags':
    case 'remove_tags': {
      const ids = active.map((r) => r.id);
      const links = input.action === 'add_tags' ? await linkTags(tx, ids, tagRows) : await unlinkTags(tx, ids, tagRows);
      const changed = [...new Set(links.map((l) => l.contactId))];
      await touch(tx, changed);
      return changed.length;
    }
    case 'assign_owner': {
      const moving = active.filter((r) => r.ownerId !== owner!.id);
      const names = await userNames(
        tx,
        moving.map((r) => r.ownerId),
      );
      await touch(
        tx,
        moving.map((r) => r.id),
        { ownerId: owner!.id },
      );
      await recordMany(
        tx,
        moving.map((r) => ({
          contactId: r.id,
          kind: 'contact.owner_changed',
          category: 'admin' as const,
          data: { from: { id: r.ownerId, name: names.get(r.ownerId) ?? '' }, to: owner, bulk: true },
        })),
      );
      return moving.length;
    }
    case 'archive':
    case 'restore': {
      const archive = input.action === 'archive';
      const changing = rows.filter((r) => Boolean(r.archivedAt) !== archive);
      await touch(
        tx,
        changing.map((r) => r.id),
        archive ? { archivedAt: new Date(), archivedBy: tx.principal.userId } : { archivedAt: null, archivedBy: null },
      );
      await recordMany(
        tx,
        changing.map((r) => ({
          contactId: r.id,
          kind: archive ? 'contact.archived' : 'contact.restored',
          category: 'admin' as const,
          data: { displayName: r.displayName, bulk: true },
        })),
      );
      return changing.length;
    }
  }
}

export async function bulkUpdateContacts({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: BulkInput;
}): Promise<{ affected: number }> {
  if (
    (input.action === 'add_tags' || input.action === 'remove_tags') &&
    !input.tagNames?.length &&
    !input.tagIds?.length
  ) {
    throw invalid('Send tagNames or tagIds for a tag action');
  }
  if (input.action === 'assign_owner' && !input.ownerId) throw invalid('Send ownerId to assign an owner');
  const ids = await selectedIds(ctx, input);
  return inTransaction(ctx, async (tx) => {
    const owner =
      input.ownerId && input.action === 'assign_owner' ? await requireActiveUser(tx, input.ownerId, 'ownerId') : null;
    let tagRows: TagRow[] = [];
    if (input.action === 'add_tags') {
      tagRows = [...(await requireTags(tx, input.tagIds ?? [])), ...(await ensureTags(tx, input.tagNames ?? []))];
    } else if (input.action === 'remove_tags') {
      tagRows = await requireTags(tx, input.tagIds ?? []);
      if (input.tagNames?.length) tagRows.push(...(await requireTags(tx, await resolveTagRefs(tx, input.tagNames))));
    }
    let affected = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      // Locked in id order, so concurrent bulk requests cannot deadlock each other.
      const rows = await tx.db
        .select()
        .from(contacts)
        .where(and(contactVisibility(tx), inArray(contacts.id, ids.slice(i, i + BATCH))))
        .orderBy(asc(contacts.id))
        .for('update', { of: contacts });
      affected += await applyBatch(tx, input, rows, tagRows, owner);
    }
    return { affected };
  });
}
