// Groups: hand-made lists of contacts. Anyone creates a group and puts the contacts they see in it or
// takes them out (each contact journals it); renaming, recolouring and deleting a group are for admins.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { contactGroupMembers, contactGroups } from '../../db/schema/relationships.ts';
import { inTransaction, requireAdmin, type Ctx, type TxCtx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { toIso } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { diffFields, record, recordMany } from '../../platform/journal/journal.ts';
import { selectedIds } from '../contacts/bulk-contacts.ts';
import { contactVisibility } from '../contacts/contact-access.ts';
import { assertVersion } from '../notes/if-match.ts';
import { colorFor } from '../tags/tags.service.ts';
import { segmentTable } from './segment-table.ts';
import type { GroupDto, MembersInput } from './segments.schemas.ts';

export type GroupRow = typeof contactGroups.$inferSelect;

const nameTaken = (name: string) => new AppError('name_taken', 409, `A group named "${name}" already exists`);

const toDto = (g: GroupRow, memberCount: number): GroupDto => ({
  id: g.id,
  name: g.name,
  description: g.description,
  color: g.color,
  memberCount,
  version: g.version,
  createdAt: toIso(g.createdAt),
  updatedAt: toIso(g.updatedAt),
});

const table = segmentTable(contactGroups, contactGroupMembers, 'Group');
const findGroup = (ctx: Ctx, id: string, lock = false): Promise<GroupRow> => table.find(ctx, id, lock);
const nameUsed = (ctx: Ctx, name: string, exceptId?: string) => table.nameUsed(ctx, name, exceptId);

export async function listGroups({ ctx }: { ctx: Ctx }): Promise<GroupDto[]> {
  return (await table.list(ctx)).map((r) => toDto(r.row, r.memberCount));
}

export async function getGroup({ ctx, groupId }: { ctx: Ctx; groupId: string }): Promise<GroupDto> {
  const r = await table.withCount(ctx, groupId);
  return toDto(r.row, r.memberCount);
}

export async function createGroup({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { name: string; description?: string | null; color?: string };
}): Promise<GroupDto> {
  const id = await inTransaction(ctx, async (tx) => {
    if (await nameUsed(tx, input.name)) throw nameTaken(input.name);
    const [row] = await tx.db
      .insert(contactGroups)
      .values({
        workspaceId: ctx.workspaceId,
        id: newId(),
        name: input.name,
        description: input.description || null,
        color: input.color ?? colorFor(input.name),
        createdBy: ctx.principal.userId,
      })
      // Two requests creating the same name at once: the unique index decides, the loser hears 409.
      .onConflictDoNothing()
      .returning();
    if (!row) throw nameTaken(input.name);
    await record(tx, {
      kind: 'group.created',
      category: 'admin',
      subject: { type: 'group', id: row.id },
      data: { name: row.name, color: row.color },
    });
    return row.id;
  });
  return getGroup({ ctx, groupId: id });
}

export async function updateGroup({
  ctx,
  groupId,
  input,
  expectedVersion,
}: {
  ctx: Ctx;
  groupId: string;
  input: { name?: string; description?: string | null; color?: string };
  expectedVersion?: number;
}): Promise<GroupDto> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const before = await findGroup(tx, groupId, true);
    assertVersion('group', before.version, expectedVersion);
    const after = { ...input, ...(input.description !== undefined ? { description: input.description || null } : {}) };
    if (after.name !== undefined && (await nameUsed(tx, after.name, groupId))) throw nameTaken(after.name);
    const changes = diffFields(before, after, ['name', 'description', 'color']);
    if (changes.length === 0) return;
    await tx.db
      .update(contactGroups)
      .set({ ...after, version: sql`${contactGroups.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(contactGroups.workspaceId, ctx.workspaceId), eq(contactGroups.id, groupId)));
    await record(tx, {
      kind: 'group.updated',
      category: 'admin',
      subject: { type: 'group', id: groupId },
      data: { name: after.name ?? before.name, changes },
    });
  });
  return getGroup({ ctx, groupId });
}

/** Deletes a group: each member leaves it (journaled on the contact), then the group goes. */
export async function deleteGroup({
  ctx,
  groupId,
  expectedVersion,
}: {
  ctx: Ctx;
  groupId: string;
  expectedVersion?: number;
}): Promise<void> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const group = await findGroup(tx, groupId, true);
    assertVersion('group', group.version, expectedVersion);
    const left = await tx.db
      .delete(contactGroupMembers)
      .where(and(eq(contactGroupMembers.workspaceId, ctx.workspaceId), eq(contactGroupMembers.groupId, groupId)))
      .returning({ contactId: contactGroupMembers.contactId });
    await journalMembership(
      tx,
      group,
      'contact.group_removed',
      left.map((l) => l.contactId),
      { reason: 'group_deleted' },
    );
    await tx.db
      .delete(contactGroups)
      .where(and(eq(contactGroups.workspaceId, ctx.workspaceId), eq(contactGroups.id, groupId)));
    await record(tx, {
      kind: 'group.deleted',
      category: 'admin',
      subject: { type: 'group', id: groupId },
      data: { name: group.name, contactCount: left.length },
    });
  });
}

function journalMembership(
  tx: TxCtx,
  group: GroupRow,
  kind: 'contact.group_added' | 'contact.group_removed',
  contactIds: string[],
  extra: Record<string, unknown> = {},
) {
  return recordMany(
    tx,
    contactIds.map((contactId) => ({
      contactId,
      kind,
      category: 'admin' as const,
      subject: { type: 'group', id: group.id },
      data: { group: { id: group.id, name: group.name }, ...extra },
    })),
  );
}

/**
 * The contacts a membership request names, as the caller sees them. Chosen ids must all be visible
 * (another workspace's contact is 404, never silently skipped); a selection is what the list shows.
 */
async function chosenContacts(ctx: Ctx, input: MembersInput): Promise<string[]> {
  const ids = await selectedIds(ctx, input);
  if (input.ids && ids.length < new Set(input.ids).size) throw notFound('Contact');
  return ids;
}

const BATCH = 1000;

export async function addGroupMembers({
  ctx,
  groupId,
  input,
}: {
  ctx: Ctx;
  groupId: string;
  input: MembersInput;
}): Promise<{ affected: number }> {
  await findGroup(ctx, groupId);
  const ids = await chosenContacts(ctx, input);
  return inTransaction(ctx, async (tx) => {
    const group = await findGroup(tx, groupId, true);
    let affected = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      // Archived contacts stay out: they are restored before anything is done with them.
      const active = await tx.db
        .select({ id: contacts.id })
        .from(contacts)
        .where(
          and(
            contactVisibility(tx),
            inArray(contacts.id, ids.slice(i, i + BATCH)),
            sql`${contacts.archivedAt} is null`,
          ),
        );
      if (active.length === 0) continue;
      const added = await tx.db
        .insert(contactGroupMembers)
        .values(
          active.map((c) => ({
            workspaceId: ctx.workspaceId,
            groupId,
            contactId: c.id,
            addedBy: ctx.principal.userId,
          })),
        )
        .onConflictDoNothing()
        .returning({ contactId: contactGroupMembers.contactId });
      await journalMembership(
        tx,
        group,
        'contact.group_added',
        added.map((a) => a.contactId),
      );
      affected += added.length;
    }
    return { affected };
  });
}

export async function removeGroupMembers({
  ctx,
  groupId,
  input,
}: {
  ctx: Ctx;
  groupId: string;
  input: MembersInput;
}): Promise<{ affected: number }> {
  await findGroup(ctx, groupId);
  const ids = await chosenContacts(ctx, input);
  return inTransaction(ctx, async (tx) => {
    const group = await findGroup(tx, groupId, true);
    let affected = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      const removed = await tx.db
        .delete(contactGroupMembers)
        .where(
          and(
            eq(contactGroupMembers.workspaceId, ctx.workspaceId),
            eq(contactGroupMembers.groupId, groupId),
            inArray(contactGroupMembers.contactId, ids.slice(i, i + BATCH)),
          ),
        )
        .returning({ contactId: contactGroupMembers.contactId });
      await journalMembership(
        tx,
        group,
        'contact.group_removed',
        removed.map((r) => r.contactId),
      );
      affected += removed.length;
    }
    return { affected };
  });
}
