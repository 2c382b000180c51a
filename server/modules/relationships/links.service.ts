// People working for businesses: a many-to-many link with a role, a note, a primary flag (at most
// one primary business per person) and references to the business's own emails, phones and
// locations, resolved when read so they follow the business's edits. Every change is journaled on
// both contacts.
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { contactEmails, contactLocations, contactPhones, contacts } from '../../db/schema/contacts.ts';
import { contactLinks } from '../../db/schema/relationships.ts';
import type { FieldChange } from '../../db/schema/journal.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, toIso } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { recordMany } from '../../platform/journal/journal.ts';
import { requireContact, type ContactRow } from '../contacts/contact-access.ts';
import { phoneFacts } from '../contacts/phone-numbers.ts';
import { assertChannelsFree, withUniqueChannels } from '../contacts/contact-write.ts';
import { prepareContact, writeContacts } from '../contacts/create-contact.ts';
import { assertVersion } from '../notes/if-match.ts';
import { journalRef, refOf, visibleContact } from './contact-refs.ts';
import type { ContactLinkDto, CreateLinkInput, CreatePersonInput, UpdateLinkInput } from './relationships.schemas.ts';

type LinkRow = typeof contactLinks.$inferSelect;
type Refs = Pick<LinkRow, 'emailIds' | 'phoneIds' | 'locationIds'>;

const person = alias(contacts, 'person');
const business = alias(contacts, 'business');
const refColumns = (c: typeof person | typeof business) => ({
  id: c.id,
  kind: c.kind,
  displayName: c.displayName,
  pictureFileId: c.pictureFileId,
});

function linkQuery(ctx: Ctx) {
  return ctx.db
    .select({ link: contactLinks, person: refColumns(person), business: refColumns(business) })
    .from(contactLinks)
    .innerJoin(person, and(eq(person.workspaceId, contactLinks.workspaceId), eq(person.id, contactLinks.personId)))
    .innerJoin(
      business,
      and(eq(business.workspaceId, contactLinks.workspaceId), eq(business.id, contactLinks.businessId)),
    );
}
type Joined = Awaited<ReturnType<ReturnType<typeof linkQuery>['execute']>>[number];

/** The links as the API shows them, the referenced details read now (they follow the business). */
async function toLinkDtos(ctx: Ctx, rows: Joined[]): Promise<ContactLinkDto[]> {
  const emailIds = rows.flatMap((r) => r.link.emailIds);
  const phoneIds = rows.flatMap((r) => r.link.phoneIds);
  const locationIds = rows.flatMap((r) => r.link.locationIds);
  const [emails, phones, locations] = await Promise.all([
    emailIds.length
      ? ctx.db
          .select()
          .from(contactEmails)
          .where(and(eq(contactEmails.workspaceId, ctx.workspaceId), inArray(contactEmails.id, emailIds)))
      : [],
    phoneIds.length
      ? ctx.db
          .select()
          .from(contactPhones)
          .where(and(eq(contactPhones.workspaceId, ctx.workspaceId), inArray(contactPhones.id, phoneIds)))
      : [],
    locationIds.length
      ? ctx.db
          .select()
          .from(contactLocations)
          .where(and(eq(contactLocations.workspaceId, ctx.workspaceId), inArray(contactLocations.id, locationIds)))
      : [],
  ]);
  // Only details still under the link's business count (the service keeps it so; this is the read's guard).
  const pick = <T extends { id: string; contactId: string }>(all: T[], ids: string[], businessId: string) =>
    ids.flatMap((id) => all.find((x) => x.id === id && x.contactId === businessId) ?? []);
  return rows.map(({ link, person: p, business: b }) => ({
    id: link.id,
    person: refOf(p),
    business: refOf(b),
    role: link.role,
    note: link.note,
    isPrimary: link.isPrimary,
    references: {
      emails: pick(emails, link.emailIds, b.id).map((e) => ({ id: e.id, email: e.email, type: e.type })),
      phones: pick(phones, link.phoneIds, b.id).map((ph) => ({
        id: ph.id,
        e164: ph.e164,
        international: phoneFacts(ph.e164).international,
        type: ph.type,
      })),
      locations: pick(locations, link.locationIds, b.id).map((l) => ({ id: l.id, label: l.label, address: l.address })),
    },
    version: link.version,
    createdAt: toIso(link.createdAt),
    updatedAt: toIso(link.updatedAt),
  }));
}

async function linkDto(ctx: Ctx, linkId: string): Promise<ContactLinkDto> {
  const rows = await linkQuery(ctx).where(
    and(eq(contactLinks.workspaceId, ctx.workspaceId), eq(contactLinks.id, linkId)),
  );
  if (!rows[0]) throw notFound('Link');
  return (await toLinkDtos(ctx, rows))[0]!;
}

/** A person's businesses, primary first then by name. */
export async function listBusinesses({ ctx, contactId }: { ctx: Ctx; contactId: string }): Promise<ContactLinkDto[]> {
  await requireContact(ctx, contactId);
  const rows = await linkQuery(ctx)
    .where(
      and(
        eq(contactLinks.workspaceId, ctx.workspaceId),
        eq(contactLinks.personId, contactId),
        visibleContact(ctx, contactLinks.businessId),
      ),
    )
    .orderBy(sql`${contactLinks.isPrimary} desc`, sql`lower(${business.displayName})`, asc(business.id))
    .limit(500);
  return toLinkDtos(ctx, rows);
}

/**
 * A business's contact persons, a page at a time: those who have it as their primary business
 * first, then by name (keyset on not-primary, the person's sort key, id — contact_links_persons_page_idx).
 */
export async function listPersons({
  ctx,
  contactId,
  cursor,
  limit,
}: {
  ctx: Ctx;
  contactId: string;
  cursor?: string;
  limit: number;
}): Promise<{ data: ContactLinkDto[]; nextCursor: string | null; total: number }> {
  await requireContact(ctx, contactId);
  const after = decodeCursor(cursor, 3) as [boolean, string, string] | null;
  if (cursor && (!after || typeof after[0] !== 'boolean' || typeof after[1] !== 'string' || !isUuid(after[2])))
    throw invalid('The cursor is not valid; start again without it');
  const matching = and(
    eq(contactLinks.workspaceId, ctx.workspaceId),
    eq(contactLinks.businessId, contactId),
    visibleContact(ctx, contactLinks.personId),
  );
  const keyset = after
    ? sql`(not ${contactLinks.isPrimary}, ${contactLinks.personSortKey}, ${contactLinks.personId}) > (${after[0]}, ${after[1]}, ${after[2]}::uuid)`
    : undefined;
  const [rows, [counted]] = await Promise.all([
    linkQuery(ctx)
      .where(and(matching, keyset))
      .orderBy(sql`not ${contactLinks.isPrimary}`, asc(contactLinks.personSortKey), asc(contactLinks.personId))
      .limit(limit + 1),
    ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(contactLinks)
      .where(matching),
  ]);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: await toLinkDtos(ctx, page),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor([!last.link.isPrimary, last.link.personSortKey, last.link.personId])
        : null,
    total: counted?.n ?? 0,
  };
}

const isUuid = (v: unknown) => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v);

/** Refuses ids that are not the business's own emails, phones or locations (a stable code names the field). */
async function assertOwnDetails(tx: Ctx, businessId: string, refs: Partial<Refs>): Promise<void> {
  const checks = [
    ['emailIds', contactEmails, refs.emailIds],
    ['phoneIds', contactPhones, refs.phoneIds],
    ['locationIds', contactLocations, refs.locationIds],
  ] as const;
  for (const [field, table, ids] of checks) {
    const unique = [...new Set(ids ?? [])];
    if (!unique.length) continue;
    const t = table as typeof contactEmails;
    const found = await tx.db
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.workspaceId, tx.workspaceId), eq(t.contactId, businessId), inArray(t.id, unique)));
    const missing = unique.find((id) => !found.some((f) => f.id === id));
    if (missing) {
      throw new AppError(
        'reference_not_of_business',
        422,
        `${missing} is not one of this business’s own ${field.replace('Ids', 's')}; a link may only reference the linked business’s details`,
        { field },
      );
    }
  }
}

const dedupe = (ids: string[] | undefined) => (ids ? [...new Set(ids)] : undefined);

/** Makes this link the person's only primary one; the one it replaces is journaled on both of its sides. */
async function takePrimary(tx: TxCtx, personId: string, linkId: string): Promise<void> {
  const demoted = await tx.db
    .update(contactLinks)
    .set({ isPrimary: false, version: sql`${contactLinks.version} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        eq(contactLinks.workspaceId, tx.workspaceId),
        eq(contactLinks.personId, personId),
        eq(contactLinks.isPrimary, true),
        ne(contactLinks.id, linkId),
      ),
    )
    .returning();
  for (const link of demoted) {
    const [p, b] = await twoSides(tx, link);
    await journalBoth(tx, 'contact.link_changed', link.id, p, b, {
      changes: [{ field: 'isPrimary', old: true, new: false }],
    });
  }
}

async function twoSides(tx: Ctx, link: Pick<LinkRow, 'personId' | 'businessId'>): Promise<[ContactRow, ContactRow]> {
  const rows = await tx.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, tx.workspaceId), inArray(contacts.id, [link.personId, link.businessId])));
  return [rows.find((r) => r.id === link.personId)!, rows.find((r) => r.id === link.businessId)!];
}

/** One entry on the person (naming the business) and one on the business (naming the person). */
export async function journalBoth(
  tx: Ctx,
  kind: string,
  linkId: string,
  p: ContactRow,
  b: ContactRow,
  data: Record<string, unknown>,
): Promise<void> {
  await recordMany(tx, [
    {
      contactId: p.id,
      kind,
      category: 'admin',
      subject: { type: 'contact_link', id: linkId },
      data: { ...data, other: journalRef(b) },
    },
    {
      contactId: b.id,
      kind,
      category: 'admin',
      subject: { type: 'contact_link', id: linkId },
      data: { ...data, other: journalRef(p) },
    },
  ]);
}

/** Which of two contacts is the person and which the business; refuses anything else. */
function sides(a: ContactRow, b: ContactRow): { p: ContactRow; b: ContactRow } {
  if (a.id === b.id)
    throw new AppError('link_self', 422, 'A contact cannot be linked to itself', { field: 'contactId' });
  if (a.kind === b.kind) {
    throw new AppError(
      'link_kinds',
      422,
      a.kind === 'person'
        ? 'Two persons cannot be linked as person and business; relate them with a relation instead'
        : 'Two businesses cannot be linked as person and business; relate them with a relation instead',
      { field: 'contactId' },
    );
  }
  return a.kind === 'person' ? { p: a, b } : { p: b, b: a };
}

const linkExists = (p: ContactRow, b: ContactRow) =>
  new AppError('link_exists', 409, `${p.displayName} is already linked to ${b.displayName}`, { field: 'contactId' });

/** Locks both contacts (person first, so concurrent writers queue in one order) and inserts the link. */
async function insertLink(
  tx: TxCtx,
  p: ContactRow,
  b: ContactRow,
  input: Omit<CreateLinkInput, 'contactId'>,
): Promise<string> {
  await requireContact(tx, p.id, { writable: true, lock: true });
  await requireContact(tx, b.id, { writable: true, lock: true });
  const refs = {
    emailIds: dedupe(input.emailIds) ?? [],
    phoneIds: dedupe(input.phoneIds) ?? [],
    locationIds: dedupe(input.locationIds) ?? [],
  };
  await assertOwnDetails(tx, b.id, refs);
  const id = newId();
  const [row] = await tx.db
    .insert(contactLinks)
    .values({
      workspaceId: tx.workspaceId,
      id,
      personId: p.id,
      businessId: b.id,
      role: input.role || null,
      note: input.note || null,
      isPrimary: Boolean(input.isPrimary),
      ...refs,
      createdBy: tx.principal.userId,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw linkExists(p, b);
  if (row.isPrimary) await takePrimary(tx, p.id, id);
  await journalBoth(tx, 'contact.link_added', id, p, b, { role: row.role, isPrimary: row.isPrimary });
  return id;
}

export async function createLink({
  ctx,
  contactId,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  input: CreateLinkInput;
}): Promise<ContactLinkDto> {
  const id = await inTransaction(ctx, async (tx) => {
    const self = await requireContact(tx, contactId, { writable: true });
    const other = await requireContact(tx, input.contactId, { writable: true });
    const { p, b } = sides(self, other);
    return insertLink(tx, p, b, input);
  });
  return linkDto(ctx, id);
}

/** "Add person" on a business: the new person and their link in one transaction. */
export async function createPerson({
  ctx,
  contactId,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  input: CreatePersonInput;
}): Promise<ContactLinkDto> {
  const b = await requireContact(ctx, contactId, { writable: true });
  if (b.kind !== 'business') {
    throw new AppError('link_kinds', 422, 'Persons are added to a business; this contact is a person');
  }
  const { person: personInput, ...link } = input;
  const prepared = await prepareContact(ctx, { ...personInput, kind: 'person' });
  const id = await withUniqueChannels(ctx, () =>
    inTransaction(ctx, async (tx) => {
      await assertChannelsFree(
        tx,
        prepared.emails.map((e) => e.email),
        prepared.phones.map((ph) => ph.e164),
      );
      const [personId] = await writeContacts(tx, [prepared]);
      const p = await requireContact(tx, personId!);
      return insertLink(tx, p, b, link);
    }),
  );
  return linkDto(ctx, id);
}

/** A link of this contact (either side) whose both contacts the caller may see. */
async function findLink(ctx: Ctx, contactId: string, linkId: string, opts: { lock?: boolean } = {}) {
  const query = ctx.db
    .select()
    .from(contactLinks)
    .where(
      and(
        eq(contactLinks.workspaceId, ctx.workspaceId),
        eq(contactLinks.id, linkId),
        sql`(${contactLinks.personId} = ${contactId}::uuid or ${contactLinks.businessId} = ${contactId}::uuid)`,
      ),
    );
  const [link] = opts.lock ? await query.for('update') : await query;
  if (!link) throw notFound('Link');
  return link;
}

export async function updateLink({
  ctx,
  contactId,
  linkId,
  input,
  expectedVersion,
}: {
  ctx: Ctx;
  contactId: string;
  linkId: string;
  input: UpdateLinkInput;
  expectedVersion?: number;
}): Promise<ContactLinkDto> {
  await inTransaction(ctx, async (tx) => {
    await requireContact(tx, contactId);
    const found = await findLink(tx, contactId, linkId);
    const p = await requireContact(tx, found.personId, { writable: true, lock: true });
    const b = await requireContact(tx, found.businessId, { writable: true });
    const before = await findLink(tx, contactId, linkId, { lock: true });
    assertVersion('link', before.version, expectedVersion);
    const set: Partial<LinkRow> = {};
    if (input.role !== undefined) set.role = input.role || null;
    if (input.note !== undefined) set.note = input.note || null;
    if (input.isPrimary !== undefined) set.isPrimary = input.isPrimary;
    if (input.emailIds) set.emailIds = dedupe(input.emailIds);
    if (input.phoneIds) set.phoneIds = dedupe(input.phoneIds);
    if (input.locationIds) set.locationIds = dedupe(input.locationIds);
    await assertOwnDetails(tx, b.id, set);
    const changes: FieldChange[] = [];
    for (const field of ['role', 'note', 'isPrimary', 'emailIds', 'phoneIds', 'locationIds'] as const) {
      if (field in set && JSON.stringify(set[field]) !== JSON.stringify(before[field]))
        changes.push({ field, old: before[field], new: set[field] });
    }
    if (changes.length === 0) return;
    await tx.db
      .update(contactLinks)
      .set({ ...set, version: sql`${contactLinks.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(contactLinks.workspaceId, tx.workspaceId), eq(contactLinks.id, linkId)));
    if (set.isPrimary && !before.isPrimary) await takePrimary(tx, p.id, linkId);
    await journalBoth(tx, 'contact.link_changed', linkId, p, b, { role: set.role ?? before.role, changes });
  });
  return linkDto(ctx, linkId);
}

export async function deleteLink({
  ctx,
  contactId,
  linkId,
}: {
  ctx: Ctx;
  contactId: string;
  linkId: string;
}): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await requireContact(tx, contactId);
    const found = await findLink(tx, contactId, linkId);
    const p = await requireContact(tx, found.personId, { writable: true, lock: true });
    const b = await requireContact(tx, found.businessId, { writable: true });
    const link = await findLink(tx, contactId, linkId, { lock: true });
    await tx.db
      .delete(contactLinks)
      .where(and(eq(contactLinks.workspaceId, tx.workspaceId), eq(contactLinks.id, linkId)));
    await journalBoth(tx, 'contact.link_removed', linkId, p, b, { role: link.role, wasPrimary: link.isPrimary });
  });
}

const referenceColumn = {
  contact_email: { column: 'email_ids', field: 'emailIds', detail: 'email' },
  contact_phone: { column: 'phone_ids', field: 'phoneIds', detail: 'phone' },
  contact_location: { column: 'location_ids', field: 'locationIds', detail: 'location' },
} as const;

/**
 * A business's email, phone or location was removed: the links referencing it drop the reference
 * in the same transaction, journaled on the person and on the business (never a dangling reference).
 */
export async function clearRemovedReference(
  tx: TxCtx,
  removed: { contact: ContactRow; subject: string; entryId: string; entry: Record<string, unknown> },
): Promise<void> {
  const ref = referenceColumn[removed.subject as keyof typeof referenceColumn];
  if (!ref || removed.contact.kind !== 'business') return;
  const col = sql.identifier(ref.column);
  const cleared = await tx.db.execute<{ id: string; person_id: string }>(sql`
    update contact_links set ${col} = array_remove(${col}, ${removed.entryId}::uuid),
      version = version + 1, updated_at = now()
    where workspace_id = ${tx.workspaceId} and business_id = ${removed.contact.id}
      and ${col} @> array[${removed.entryId}::uuid]
    returning id, person_id`);
  if (!cleared.rows.length) return;
  const value =
    (removed.entry.email as string | undefined) ??
    (removed.entry.e164 as string | undefined) ??
    (removed.entry.address as string | undefined) ??
    null;
  const persons = await tx.db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, tx.workspaceId),
        inArray(
          contacts.id,
          cleared.rows.map((r) => r.person_id),
        ),
      ),
    );
  for (const row of cleared.rows) {
    const p = persons.find((x) => x.id === row.person_id)!;
    await journalBoth(tx, 'contact.link_reference_cleared', row.id, p, removed.contact, {
      detail: { type: ref.detail, id: removed.entryId, value },
    });
  }
}

/**
 * A contact linked as a person to businesses, or as a business to persons, stays what it is: changing its kind is
 * refused (409 kind_change_linked, with the number of links) until the links are removed on its Associations tab,
 * each removal journaled on both contacts as usual. Nothing is unlinked behind the user's back.
 */
export async function refuseKindChangeWhileLinked(
  tx: TxCtx,
  before: ContactRow,
  set: Readonly<{ kind?: ContactRow['kind'] }>,
): Promise<void> {
  if (set.kind === undefined || set.kind === before.kind) return;
  const side = before.kind === 'business' ? contactLinks.businessId : contactLinks.personId;
  const [row] = await tx.db
    .select({ links: sql<number>`count(*)::int` })
    .from(contactLinks)
    .where(and(eq(contactLinks.workspaceId, tx.workspaceId), eq(side, before.id)));
  const links = row?.links ?? 0;
  if (links === 0) return;
  const what =
    before.kind === 'business'
      ? `${links} contact ${links === 1 ? 'person' : 'persons'}`
      : `${links} ${links === 1 ? 'business' : 'businesses'}`;
  throw new AppError(
    'kind_change_linked',
    409,
    `This ${before.kind} is linked to ${what}. Remove ${links === 1 ? 'that link' : 'those links'} on the Associations tab before making it a ${before.kind === 'person' ? 'business' : 'person'}.`,
    { field: 'kind', kind: before.kind, links },
  );
}
