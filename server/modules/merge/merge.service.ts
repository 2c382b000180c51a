// Merging duplicates into one contact, and undoing it. The survivor takes, per field, the value the
// caller chose (else its own, else the first merged contact's that has one); emails, phones,
// locations, tags, followers and custom values are unioned; every related row moves over. The merged
// contacts stay behind, archived and pointing at the survivor, so an undo within 30 days gives each
// one back exactly what it had: the merge keeps what it moved, removed and rewrote.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { contactMerges, type MergeRecord } from '../../db/schema/merges.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { record as journal } from '../../platform/journal/journal.ts';
import { requireContact, type ContactRow } from '../contacts/contact-access.ts';
import { saveContact, type ContactInsert } from '../contacts/contact-write.ts';
import { plainFields } from '../contacts/update-contact.ts';
import { dndColumns } from '../contacts/contact-dnd.service.ts';
import { relatedTables, replaceableKeys, type RelatedTable } from './related-tables.ts';

export const UNDO_DAYS = 30;
export const MAX_MERGED = 4;

/** A contact's own fields that are not picked but unioned (lists) or must agree (kind). */
const notPicked = ['kind', 'publicLinks', 'keywords'] as const;
type Picked = Exclude<(typeof plainFields)[number], (typeof notPicked)[number]>;

export type MergeableField = Picked | 'ownerId' | 'teamId' | 'pictureFileId';

/** Fields the caller may pick from any of the merged contacts: the owner, team and picture, and the plain ones. */
export const mergeableFields: [MergeableField, ...MergeableField[]] = [
  'ownerId',
  'teamId',
  'pictureFileId',
  ...plainFields.filter((f): f is Picked => !(notPicked as readonly string[]).includes(f)),
];

/** Lists unioned over all merged contacts. */
const unionFields = ['tagIds', 'keywords', 'extraFieldIds'] as const;
const dndFields = dndColumns;

export interface MergeInput {
  survivorId: string;
  mergedIds: string[];
  /** field → the id of the contact whose value the survivor takes. */
  fields?: Partial<Record<MergeableField, string>>;
  /** custom-field key → the id of the contact whose value the survivor takes. */
  custom?: Record<string, string>;
}

export interface MergeDto {
  id: string;
  survivor: { id: string; displayName: string };
  merged: { id: string; displayName: string }[];
  mergedBy: string | null;
  createdAt: string;
  undoUntil: string;
  undoneAt: string | null;
  undoable: boolean;
}

export interface UndoNote {
  contactId: string;
  code: 'field_changed_since' | 'items_gone_since';
  message: string;
}

const json = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v)));
const same = (a: unknown, b: unknown) => JSON.stringify(json(a)) === JSON.stringify(json(b));
const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const union = <T>(lists: T[][]): T[] => [...new Set(lists.flat())];

function refuse(code: string, status: number, detail: string, extra?: Record<string, unknown>): never {
  throw new AppError(code, status, detail, extra);
}

/** Locks every contact in id order (two merges of overlapping contacts wait rather than deadlock). */
async function lockAll(tx: TxCtx, ids: string[]): Promise<Map<string, ContactRow>> {
  const rows = new Map<string, ContactRow>();
  for (const id of [...ids].sort()) rows.set(id, await requireContact(tx, id, { lock: true }));
  return rows;
}

function checkInput(input: MergeInput): void {
  const ids = [input.survivorId, ...input.mergedIds];
  if (input.mergedIds.length === 0 || input.mergedIds.length > MAX_MERGED) {
    refuse('merge_count', 422, `Merge 2 to ${MAX_MERGED + 1} contacts at a time`, { max: MAX_MERGED + 1 });
  }
  if (new Set(ids).size !== ids.length) refuse('merge_same_contact', 422, 'A contact appears twice in the merge');
  for (const [field, from] of Object.entries({ ...input.fields, ...input.custom })) {
    if (!ids.includes(from)) {
      refuse('merge_choice_invalid', 422, `The value of ${field} must come from one of the merged contacts`, {
        field,
      });
    }
  }
  for (const field of Object.keys(input.fields ?? {})) {
    if (!(mergeableFields as readonly string[]).includes(field)) {
      refuse('merge_choice_invalid', 422, `${field} cannot be chosen; it is unioned or kept by rule`, { field });
    }
  }
}

/** What the survivor's row becomes: chosen values, unions, the strictest do-not-disturb. */
function survivorValues(
  input: MergeInput,
  rows: Map<string, ContactRow>,
  all: ContactRow[],
): { set: Partial<ContactInsert>; changed: MergeRecord['changed'] } {
  const [survivor] = all as [ContactRow, ...ContactRow[]];
  const next: Partial<ContactInsert> = {};
  for (const f of mergeableFields) {
    const from = input.fields?.[f];
    const source = from ? rows.get(from)! : all.find((c) => !isEmpty(c[f]));
    if (source) next[f] = source[f] as never;
  }
  for (const f of unionFields) next[f] = union(all.map((c) => c[f]));
  for (const f of dndFields) next[f] = all.some((c) => c[f]);
  const links = new Map<string, ContactRow['publicLinks'][number]>();
  for (const c of all) for (const l of c.publicLinks) if (!links.has(l.url)) links.set(l.url, l);
  next.publicLinks = [...links.values()];
  const byAge = [...all].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  next.firstAttribution = byAge.find((c) => c.firstAttribution)?.firstAttribution ?? null;
  next.lastAttribution = byAge.reverse().find((c) => c.lastAttribution)?.lastAttribution ?? null;

  const custom: Record<string, unknown> = {};
  for (const key of union(all.map((c) => Object.keys(c.custom)))) {
    const from = input.custom?.[key];
    const source = from ? rows.get(from)! : all.find((c) => !isEmpty(c.custom[key]));
    if (source && !isEmpty(source.custom[key])) custom[key] = source.custom[key];
  }

  const set: Partial<ContactInsert> = {};
  const changed: MergeRecord['changed'] = {};
  for (const [f, v] of Object.entries(next) as [keyof ContactInsert, unknown][]) {
    const before = survivor[f as keyof ContactRow];
    if (!same(before, v)) {
      (set as Record<string, unknown>)[f] = v;
      changed[f] = [json(before), json(v)];
    }
  }
  const keys = union([Object.keys(survivor.custom), Object.keys(custom)]);
  for (const key of keys) {
    if (!same(survivor.custom[key], custom[key]))
      changed[`custom.${key}`] = [json(survivor.custom[key]), json(custom[key])];
  }
  if (keys.some((k) => changed[`custom.${k}`])) set.custom = custom;
  return { set, changed };
}

const id = (name: string) => sql.identifier(name);

/** When both have an inbox row, the survivor's takes in the other's (newest message, unread, channels). */
async function absorbInbox(tx: TxCtx, survivorId: string, loserId: string, rec: MergeRecord): Promise<void> {
  const { rows } = await tx.db.execute<{ contact_id: string; row: Record<string, unknown> }>(sql`
    select contact_id, to_jsonb(c.*) as row from conversations c
    where c.workspace_id = ${tx.workspaceId} and c.contact_id in (${survivorId}, ${loserId})`);
  if (rows.length < 2) return;
  if (!rec.replaced.some((r) => r.table === 'conversations')) {
    rec.replaced.push({ table: 'conversations', row: rows.find((r) => r.contact_id === survivorId)!.row });
  }
  await tx.db.execute(sql`
    update conversations s set
      last_message_id = case when l.last_message_at > s.last_message_at then l.last_message_id else s.last_message_id end,
      last_message_preview = case when l.last_message_at > s.last_message_at then l.last_message_preview else s.last_message_preview end,
      last_message_channel = case when l.last_message_at > s.last_message_at then l.last_message_channel else s.last_message_channel end,
      last_message_direction = case when l.last_message_at > s.last_message_at then l.last_message_direction else s.last_message_direction end,
      last_message_at = greatest(s.last_message_at, l.last_message_at),
      channels = s.channels || array(select unnest(l.channels) except select unnest(s.channels)),
      unread_count = s.unread_count + l.unread_count,
      starred = s.starred or l.starred,
      archived = s.archived and l.archived,
      updated_at = now()
    from conversations l
    where s.workspace_id = ${tx.workspaceId} and s.contact_id = ${survivorId}
      and l.workspace_id = s.workspace_id and l.contact_id = ${loserId}`);
}

/** Moves one table's rows from a merged contact to the survivor, dropping those that would clash. */
async function moveRows(tx: TxCtx, def: RelatedTable, survivorId: string, loserId: string, rec: MergeRecord) {
  const table = id(def.table);
  const column = id(def.column);
  const clashes: SQL[] = [];
  if (def.unique) {
    const twins = def.unique.map((u) => sql`and s.${id(u)} = t.${id(u)}`);
    clashes.push(sql`exists(select 1 from ${table} s where s.workspace_id = t.workspace_id
      and s.${column} = ${survivorId} ${sql.join(twins, sql` `)})`);
  }
  if (def.other) clashes.push(sql`t.${id(def.other)} = ${survivorId}`);
  if (clashes.length > 0) {
    const { rows } = await tx.db.execute<{ row: Record<string, unknown> }>(sql`
      delete from ${table} t where t.workspace_id = ${tx.workspaceId} and t.${column} = ${loserId}
        and (${sql.join(clashes, sql` or `)})
      returning to_jsonb(t.*) as row`);
    rec.removed.push(...rows.map((r) => ({ table: def.table, row: r.row })));
  }
  const key = def.key.length
    ? sql`jsonb_build_object(${sql.join(
        def.key.map((k) => sql`${k}::text, ${id(k)}`),
        sql`, `,
      )})`
    : sql`'{}'::jsonb`;
  const { rows } = await tx.db.execute<{ key: Record<string, unknown>; is_primary?: boolean }>(sql`
    update ${table} set ${column} = ${survivorId}
    where workspace_id = ${tx.workspaceId} and ${column} = ${loserId}
    returning ${key} as key ${def.primary ? sql`, ${id(def.primary)} as is_primary` : sql``}`);
  if (rows.length === 0) return;
  rec.moved.push({
    table: def.table,
    column: def.column,
    from: loserId,
    keys: rows.map((r) => r.key),
    ...(def.primary ? { primary: rows.map((r) => Boolean(r.is_primary)) } : {}),
  });
  if (def.primary && rows.some((r) => r.is_primary)) {
    // One primary per contact: the survivor's own stays; a merged one only if the survivor had none.
    const moved = rows.map((r) => String(r.key.id));
    await tx.db.execute(sql`
      update ${table} t set ${id(def.primary)} = false
      where t.workspace_id = ${tx.workspaceId} and t.${column} = ${survivorId} and t.${id(def.primary)}
        and t.id = any(${sql.param(moved)}::uuid[])
        and exists(select 1 from ${table} o where o.workspace_id = t.workspace_id and o.${column} = ${survivorId}
          and o.${id(def.primary)} and not (o.id = any(${sql.param(moved)}::uuid[])))`);
  }
}

export async function mergeContacts({ ctx, input }: { ctx: Ctx; input: MergeInput }): Promise<MergeDto> {
  checkInput(input);
  return inTransaction(ctx, async (tx) => {
    const rows = await lockAll(tx, [input.survivorId, ...input.mergedIds]);
    const survivor = rows.get(input.survivorId)!;
    const losers = input.mergedIds.map((i) => rows.get(i)!);
    const all = [survivor, ...losers];
    const merged = all.find((c) => c.mergedIntoId);
    if (merged) refuse('already_merged', 409, `${merged.displayName} was already merged into another contact`);
    if (survivor.archivedAt) {
      refuse('contact_archived', 409, `${survivor.displayName} is archived; restore it before merging into it`);
    }
    if (losers.some((c) => c.kind !== survivor.kind)) {
      refuse('merge_kinds_differ', 422, 'A person and a business cannot be merged; merge contacts of one kind');
    }

    const { set, changed } = survivorValues(input, rows, all);
    const rec: MergeRecord = {
      before: all.map((c) => json(c) as Record<string, unknown>),
      changed,
      moved: [],
      removed: [],
      replaced: [],
    };
    for (const loser of losers) {
      await absorbInbox(tx, survivor.id, loser.id, rec);
      for (const def of relatedTables) await moveRows(tx, def, survivor.id, loser.id, rec);
    }
    const mergedIds = union([survivor.mergedIds, input.mergedIds, ...losers.map((l) => l.mergedIds)]);
    const after = await saveContact(tx, survivor, { ...set, mergedIds });
    const now = new Date();
    for (const loser of losers) {
      // Not through saveContact: the merged contact keeps its last derived values while it waits.
      await tx.db
        .update(contacts)
        .set({
          mergedIntoId: survivor.id,
          archivedAt: loser.archivedAt ?? now,
          archivedBy: loser.archivedAt ? loser.archivedBy : ctx.principal.userId,
          version: sql`${contacts.version} + 1`,
          updatedAt: now,
        })
        .where(and(eq(contacts.workspaceId, tx.workspaceId), eq(contacts.id, loser.id)));
    }
    const mergeId = newId();
    const [row] = await tx.db
      .insert(contactMerges)
      .values({
        workspaceId: tx.workspaceId,
        id: mergeId,
        survivorId: survivor.id,
        mergedIds: input.mergedIds,
        mergedBy: ctx.principal.userId,
        undoUntil: new Date(now.getTime() + UNDO_DAYS * 86_400_000),
        record: rec,
      })
      .returning();
    const names = losers.map((l) => ({ id: l.id, displayName: l.displayName }));
    // The merged contacts' entries first: the survivor's timeline then opens on the merge.
    for (const loser of losers) {
      await journal(tx, {
        contactId: loser.id,
        kind: 'contact.merged_into',
        category: 'admin',
        subject: { type: 'merge', id: mergeId },
        data: { mergeId, survivor: { id: survivor.id, displayName: after.displayName } },
      });
    }
    await journal(tx, {
      contactId: survivor.id,
      kind: 'contact.merged',
      category: 'admin',
      subject: { type: 'merge', id: mergeId },
      data: { mergeId, merged: names, fields: Object.keys(changed) },
    });
    return toDto(row!, { id: survivor.id, displayName: after.displayName }, names);
  });
}

function toDto(
  m: typeof contactMerges.$inferSelect,
  survivor: MergeDto['survivor'],
  merged: MergeDto['merged'],
): MergeDto {
  return {
    id: m.id,
    survivor,
    merged,
    mergedBy: m.mergedBy,
    createdAt: m.createdAt.toISOString(),
    undoUntil: m.undoUntil.toISOString(),
    undoneAt: m.undoneAt ? m.undoneAt.toISOString() : null,
    undoable: !m.undoneAt && m.undoUntil.getTime() > Date.now(),
  };
}

/** The merges a contact took part in (as survivor or merged), newest first. */
export async function listMerges({ ctx, contactId }: { ctx: Ctx; contactId: string }): Promise<MergeDto[]> {
  await requireContact(ctx, contactId);
  const rows = await ctx.db
    .select()
    .from(contactMerges)
    .where(
      and(
        eq(contactMerges.workspaceId, ctx.workspaceId),
        sql`(${contactMerges.survivorId} = ${contactId} or ${contactMerges.mergedIds} @> array[${contactId}]::uuid[])`,
      ),
    )
    .orderBy(desc(contactMerges.createdAt))
    .limit(50);
  return withNames(ctx, rows);
}

async function withNames(ctx: Ctx, rows: (typeof contactMerges.$inferSelect)[]): Promise<MergeDto[]> {
  const ids = union(rows.map((m) => [m.survivorId, ...m.mergedIds]));
  if (ids.length === 0) return [];
  const names = new Map(
    (
      await ctx.db
        .select({ id: contacts.id, displayName: contacts.displayName })
        .from(contacts)
        .where(and(eq(contacts.workspaceId, ctx.workspaceId), sql`${contacts.id} = any(${sql.param(ids)}::uuid[])`))
    ).map((c) => [c.id, c.displayName]),
  );
  const ref = (i: string) => ({ id: i, displayName: names.get(i) ?? '' });
  return rows.map((m) => toDto(m, ref(m.survivorId), m.mergedIds.map(ref)));
}

/** Where a reverted field's value is read and written: a column, or a custom field's key. */
function fieldValue(c: ContactRow, field: string): unknown {
  return field.startsWith('custom.') ? c.custom[field.slice(7)] : c[field as keyof ContactRow];
}

const listFields = new Set<string>([...unionFields, 'publicLinks']);

export async function undoMerge({
  ctx,
  mergeId,
}: {
  ctx: Ctx;
  mergeId: string;
}): Promise<{ merge: MergeDto; notes: UndoNote[] }> {
  return inTransaction(ctx, async (tx) => {
    const [m] = await tx.db
      .select()
      .from(contactMerges)
      .where(and(eq(contactMerges.workspaceId, tx.workspaceId), eq(contactMerges.id, mergeId)))
      .for('update');
    if (!m) throw notFound('Merge');
    const rows = await lockAll(tx, [m.survivorId, ...m.mergedIds]);
    const survivor = rows.get(m.survivorId)!;
    if (m.undoneAt) refuse('merge_undone', 409, 'This merge was already undone');
    if (m.undoUntil.getTime() <= Date.now()) {
      refuse('merge_undo_expired', 409, `A merge can be undone for ${UNDO_DAYS} days; this one is older`);
    }
    if (survivor.mergedIntoId) {
      refuse('survivor_merged', 409, `${survivor.displayName} was merged again since; undo that merge first`);
    }
    const rec = m.record;
    const notes: UndoNote[] = [];

    for (const move of [...rec.moved].reverse()) {
      const def = relatedTables.find((d) => d.table === move.table && d.column === move.column)!;
      const key = def.key.length
        ? sql`jsonb_build_object(${sql.join(
            def.key.map((k) => sql`${k}::text, t.${id(k)}`),
            sql`, `,
          )})`
        : sql`'{}'::jsonb`;
      const { rowCount } = await tx.db.execute(sql`
        update ${id(move.table)} t set ${id(move.column)} = ${move.from}
        where t.workspace_id = ${tx.workspaceId} and t.${id(move.column)} = ${m.survivorId}
          and ${key} in (select jsonb_array_elements(${JSON.stringify(move.keys)}::jsonb))`);
      if ((rowCount ?? 0) < move.keys.length) {
        const gone = move.keys.length - (rowCount ?? 0);
        notes.push({
          contactId: move.from,
          code: 'items_gone_since',
          message: `${gone} ${move.table.replace(/_/g, ' ')} row(s) were deleted or moved since the merge and stay as they are`,
        });
      }
      if (move.primary && def.primary) {
        const flags = move.keys.map((k, i) => ({ id: k.id, p: move.primary![i] }));
        await tx.db.execute(sql`
          update ${id(move.table)} t set ${id(def.primary)} = v.p
          from jsonb_to_recordset(${JSON.stringify(flags)}::jsonb) as v(id uuid, p boolean)
          where t.workspace_id = ${tx.workspaceId} and t.${id(move.column)} = ${move.from} and t.id = v.id`);
      }
    }
    for (const r of rec.replaced) {
      const keys = replaceableKeys[r.table]!;
      await tx.db.execute(sql`delete from ${id(r.table)} where workspace_id = ${tx.workspaceId}
        and ${sql.join(
          keys.map((k) => sql`${id(k)} = ${String(r.row[k])}`),
          sql` and `,
        )}`);
    }
    for (const r of [...rec.replaced, ...rec.removed]) {
      // Generated columns (an address's match key) are computed again, not written.
      const { rows: stored } = await tx.db.execute<{ name: string }>(sql`
        select attname as name from pg_attribute
        where attrelid = ${r.table}::regclass and attnum > 0 and not attisdropped and attgenerated = ''
        order by attnum`);
      const columns = sql.join(
        stored.map((c) => id(c.name)),
        sql`, `,
      );
      await tx.db.execute(sql`insert into ${id(r.table)} (${columns})
        select ${columns} from jsonb_populate_record(null::${id(r.table)}, ${JSON.stringify(r.row)}::jsonb)
        on conflict do nothing`);
    }

    // The survivor's fields go back where nobody changed them since; lists lose what the merge added.
    const set: Record<string, unknown> = {};
    let custom: Record<string, unknown> | null = null;
    for (const [field, [before, after]] of Object.entries(rec.changed)) {
      const current = fieldValue(survivor, field);
      if (listFields.has(field)) {
        const added = new Set(
          ((after as unknown[]) ?? [])
            .filter((v) => !((before as unknown[]) ?? []).some((b) => same(b, v)))
            .map((v) => JSON.stringify(v)),
        );
        set[field] = ((current as unknown[]) ?? []).filter((v) => !added.has(JSON.stringify(v)));
        continue;
      }
      if (!same(current, after)) {
        notes.push({
          contactId: survivor.id,
          code: 'field_changed_since',
          message: `${field} was changed after the merge; its current value is kept`,
        });
        continue;
      }
      if (field.startsWith('custom.')) {
        custom ??= { ...survivor.custom };
        if (before === null) delete custom[field.slice(7)];
        else custom[field.slice(7)] = before;
      } else {
        set[field] = before;
      }
    }
    if (custom) set.custom = custom;
    const survivorBefore = (rec.before[0]!.mergedIds as string[]) ?? [];
    const addedIds = new Set(
      union([
        m.mergedIds,
        ...m.mergedIds.map((i) => (rec.before.find((b) => b.id === i)!.mergedIds as string[]) ?? []),
      ]),
    );
    for (const i of survivorBefore) addedIds.delete(i);
    set.mergedIds = survivor.mergedIds.filter((i) => !addedIds.has(i));
    const after = await saveContact(tx, survivor, set as Partial<ContactInsert>);

    for (const loserId of m.mergedIds) {
      const loser = rows.get(loserId)!;
      const before = rec.before.find((b) => b.id === loserId)!;
      await saveContact(tx, loser, {
        mergedIntoId: null,
        archivedAt: before.archivedAt ? new Date(String(before.archivedAt)) : null,
        archivedBy: (before.archivedBy as string | null) ?? null,
      });
    }
    const [done] = await tx.db
      .update(contactMerges)
      .set({ undoneAt: new Date(), undoneBy: ctx.principal.userId })
      .where(and(eq(contactMerges.workspaceId, tx.workspaceId), eq(contactMerges.id, m.id)))
      .returning();
    const merged = m.mergedIds.map((i) => ({ id: i, displayName: rows.get(i)!.displayName }));
    await journal(tx, {
      contactId: survivor.id,
      kind: 'contact.merge_undone',
      category: 'admin',
      subject: { type: 'merge', id: m.id },
      data: { mergeId: m.id, merged, notes: notes.filter((n) => n.contactId === survivor.id).map((n) => n.message) },
    });
    for (const loser of merged) {
      await journal(tx, {
        contactId: loser.id,
        kind: 'contact.unmerged',
        category: 'admin',
        subject: { type: 'merge', id: m.id },
        data: { mergeId: m.id, survivor: { id: survivor.id, displayName: after.displayName } },
      });
    }
    return { merge: toDto(done!, { id: survivor.id, displayName: after.displayName }, merged), notes };
  });
}
