// The workspace tag list. Anyone may create a tag (tagging a contact with a new name does it on
// the fly); renaming, recolouring and deleting are for admins.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { uuidArray } from '../../db/schema/columns.ts';
import { contacts, tags } from '../../db/schema/contacts.ts';
import { inTransaction, requireAdmin, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { toIso } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { diffFields, record, recordMany } from '../../platform/journal/journal.ts';
import type { TagDto } from './tags.schemas.ts';

export type TagRow = typeof tags.$inferSelect;

const PALETTE = [
  'blue',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'cyan',
];

/** New tags get a colour from the palette, the same one for the same name. */
export function colorFor(name: string): string {
  let h = 0;
  for (const ch of name.toLowerCase()) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

export async function listTags({ ctx, q }: { ctx: Ctx; q?: string }): Promise<TagDto[]> {
  const rows = await ctx.db
    .select()
    .from(tags)
    .where(
      and(
        eq(tags.workspaceId, ctx.workspaceId),
        q ? sql`${tags.name} ilike ${'%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}` : undefined,
      ),
    )
    .orderBy(asc(tags.name));
  return rows.map(toTagDto);
}

// usageCount is kept by triggers on contacts (see tags.usage_count): reading it costs nothing.
const toTagDto = (t: TagRow): TagDto => ({
  id: t.id,
  name: t.name,
  color: t.color,
  usageCount: t.usageCount,
  createdAt: toIso(t.createdAt),
});

async function tagDto(ctx: Ctx, tagId: string): Promise<TagDto> {
  const [row] = await ctx.db
    .select()
    .from(tags)
    .where(and(eq(tags.workspaceId, ctx.workspaceId), eq(tags.id, tagId)));
  if (!row) throw notFound('Tag');
  return toTagDto(row);
}

async function findTagByName(ctx: Ctx, name: string): Promise<TagRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(tags)
    .where(and(eq(tags.workspaceId, ctx.workspaceId), eq(tags.name, name)));
  return row;
}

const nameTaken = (name: string) => new AppError('name_taken', 409, `A tag named "${name}" already exists`);

export async function createTag({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { name: string; color?: string };
}): Promise<TagDto> {
  const id = await inTransaction(ctx, async (tx) => {
    if (await findTagByName(tx, input.name)) throw nameTaken(input.name);
    const [row] = await tx.db
      .insert(tags)
      .values({
        workspaceId: ctx.workspaceId,
        id: newId(),
        name: input.name,
        color: input.color ?? colorFor(input.name),
      })
      .onConflictDoNothing({ target: [tags.workspaceId, tags.name] })
      .returning();
    if (!row) throw nameTaken(input.name);
    await record(tx, {
      kind: 'tag.created',
      category: 'admin',
      subject: { type: 'tag', id: row.id },
      data: { name: row.name, color: row.color },
    });
    return row.id;
  });
  return tagDto(ctx, id);
}

/**
 * The tags with these names (case-insensitive), creating the missing ones. Safe under concurrency:
 * a tag created meanwhile by another request is picked up instead of failing.
 */
export async function ensureTags(ctx: Ctx, names: string[]): Promise<TagRow[]> {
  // The first spelling of a name wins ("VIP, vip" creates "VIP").
  const byKey = new Map<string, string>();
  for (const n of names.map((x) => x.trim()).filter(Boolean))
    if (!byKey.has(n.toLowerCase())) byKey.set(n.toLowerCase(), n);
  const wanted = [...byKey.values()];
  if (wanted.length === 0) return [];
  return inTransaction(ctx, async (tx) => {
    const created = await tx.db
      .insert(tags)
      .values(wanted.map((name) => ({ workspaceId: ctx.workspaceId, id: newId(), name, color: colorFor(name) })))
      .onConflictDoNothing({ target: [tags.workspaceId, tags.name] })
      .returning();
    await recordMany(
      tx,
      created.map((t) => ({
        kind: 'tag.created',
        category: 'admin' as const,
        subject: { type: 'tag', id: t.id },
        data: { name: t.name, color: t.color },
      })),
    );
    const rows = await tx.db
      .select()
      .from(tags)
      .where(and(eq(tags.workspaceId, ctx.workspaceId), inArray(tags.name, wanted)));
    return wanted.map((n) => rows.find((r) => r.name.toLowerCase() === n.toLowerCase())!).filter(Boolean);
  });
}

/** Tags of this workspace by id; an unknown id is refused with the field named. */
export async function requireTags(ctx: Ctx, tagIds: string[]): Promise<TagRow[]> {
  const unique = [...new Set(tagIds)];
  if (unique.length === 0) return [];
  const rows = await ctx.db
    .select()
    .from(tags)
    .where(and(eq(tags.workspaceId, ctx.workspaceId), inArray(tags.id, unique)));
  const missing = unique.find((id) => !rows.some((r) => r.id === id));
  if (missing) throw new AppError('invalid_reference', 422, `No tag with the id ${missing}`, { field: 'tagIds' });
  return rows;
}

async function lockTag(ctx: Ctx, tagId: string): Promise<TagRow> {
  const [row] = await ctx.db
    .select()
    .from(tags)
    .where(and(eq(tags.workspaceId, ctx.workspaceId), eq(tags.id, tagId)))
    .for('update');
  if (!row) throw notFound('Tag');
  return row;
}

export async function updateTag({
  ctx,
  tagId,
  input,
}: {
  ctx: Ctx;
  tagId: string;
  input: { name?: string; color?: string };
}): Promise<TagDto> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const before = await lockTag(tx, tagId);
    if (input.name !== undefined && input.name.toLowerCase() !== before.name.toLowerCase()) {
      if (await findTagByName(tx, input.name)) throw nameTaken(input.name);
    }
    const changes = diffFields(before, input, ['name', 'color']);
    if (changes.length === 0) return;
    await tx.db
      .update(tags)
      .set(input)
      .where(and(eq(tags.workspaceId, ctx.workspaceId), eq(tags.id, tagId)));
    await record(tx, {
      kind: 'tag.updated',
      category: 'admin',
      subject: { type: 'tag', id: tagId },
      data: { name: input.name ?? before.name, changes },
    });
  });
  return tagDto(ctx, tagId);
}

/** Deletes a tag: it leaves every contact (each journals the removal), then the list. */
export async function deleteTag({ ctx, tagId }: { ctx: Ctx; tagId: string }): Promise<{ contactCount: number }> {
  requireAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    const tag = await lockTag(tx, tagId);
    const touched = await tx.db
      .update(contacts)
      .set({
        tagIds: sql`array_remove(${contacts.tagIds}, ${tagId}::uuid)`,
        version: sql`${contacts.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(contacts.workspaceId, ctx.workspaceId), sql`${contacts.tagIds} @> ${uuidArray([tagId])}`))
      .returning({ id: contacts.id });
    await recordMany(
      tx,
      touched.map((c) => ({
        contactId: c.id,
        kind: 'contact.tag_removed',
        category: 'admin' as const,
        subject: { type: 'tag', id: tagId },
        data: { tag: { id: tagId, name: tag.name }, reason: 'tag_deleted' },
      })),
    );
    await tx.db.delete(tags).where(and(eq(tags.workspaceId, ctx.workspaceId), eq(tags.id, tagId)));
    await record(tx, {
      kind: 'tag.deleted',
      category: 'admin',
      subject: { type: 'tag', id: tagId },
      data: { name: tag.name, contactCount: touched.length },
    });
    return { contactCount: touched.length };
  });
}
