// Creating contacts: one from the API, or many at once (demo seed, later CSV import) through the
// same preparation and the same multi-row writes, each with its contact.created journal entry.
import { and, eq, inArray, type Table } from 'drizzle-orm';
import { copyRows } from '../../db/copy.ts';
import {
  contactEmails,
  contactFollowers,
  contactLocations,
  contactPhones,
  contacts,
  contactTypes,
} from '../../db/schema/contacts.ts';
import { teams, users } from '../../db/schema/platform.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordMany } from '../../platform/journal/journal.ts';
import { loadFieldDefs, validateCustomValues, type FieldDef } from '../custom-fields/custom-field-values.ts';
import { ensureTags } from '../tags/tags.service.ts';
import { isTimeZone } from '../users/users.service.ts';
import { buildSearchText, deriveDisplayName, normalizeKeywords } from './contact-derive.ts';
import { preparePhone, type PreparedPhone } from './contact-phones.service.ts';
import { buildProfile } from './contact-profile.ts';
import {
  assertChannelsFree,
  defaultContactType,
  invalidReference,
  isLanguage,
  makeAttribution,
  nameRequired,
  withUniqueChannels,
  type ContactInsert,
} from './contact-write.ts';
import type { CreateContactInput, ContactProfileDto } from './contacts.schemas.ts';
import type { LineTypeProvider } from './line-type.ts';
import type { LocationInput } from './contact-locations.service.ts';

export interface PreparedContact {
  row: ContactInsert & { id: string };
  emails: { email: string; type: 'work' | 'personal' | 'other'; isPrimary: boolean }[];
  phones: (PreparedPhone & { isPrimary: boolean })[];
  locations: (LocationInput & { isPrimary: boolean })[];
  tagNames: string[];
  followerIds: string[];
  /** Extra data for the contact.created entry (e.g. duplicatedFrom). */
  journal?: Record<string, unknown>;
}

/** Marks exactly one entry primary: the first one flagged, else the first. */
function withOnePrimary<T extends { isPrimary?: boolean }>(items: T[]): (T & { isPrimary: boolean })[] {
  const primary = Math.max(
    0,
    items.findIndex((i) => i.isPrimary),
  );
  return items.map((i, n) => ({ ...i, isPrimary: n === primary }));
}

export function checkScalars(input: { language?: string | null; timezone?: string | null }): void {
  if (input.language && !isLanguage(input.language)) {
    throw invalid(`"${input.language}" is not an ISO 639-1 language code`, [
      { path: 'body.language', message: 'Unknown language code' },
    ]);
  }
  if (input.timezone && !isTimeZone(input.timezone)) {
    throw invalid(`"${input.timezone}" is not an IANA time zone`, [
      { path: 'body.timezone', message: 'Unknown time zone' },
    ]);
  }
}

export interface PrepareOptions {
  defs?: FieldDef[];
  defaultType?: string;
  lineTypeProvider?: LineTypeProvider;
  /** Skip the required-field check (a duplicate copies what the original has). */
  skipRequired?: boolean;
  createdAt?: Date;
}

/**
 * Validates and normalises one new contact: names, keywords, custom values, phones (parsed and
 * line-checked, possibly over the network, so before any transaction).
 */
export async function prepareContact(
  ctx: Ctx,
  input: CreateContactInput,
  opts: PrepareOptions = {},
): Promise<PreparedContact> {
  checkScalars(input);
  const ownerId = input.ownerId ?? ctx.principal.userId;
  if (!ownerId) {
    throw new AppError('owner_required', 422, 'Send ownerId: an API key has no user to own the contact', {
      field: 'ownerId',
    });
  }
  const emails = withOnePrimary(
    [...new Map((input.emails ?? []).map((e) => [e.email, e])).values()].map((e) => ({
      email: e.email,
      type: e.type,
      isPrimary: e.isPrimary,
    })),
  );
  const kind = input.kind;
  if (kind === 'business' ? !input.businessName : !input.firstName && !input.lastName && emails.length === 0) {
    throw nameRequired(kind);
  }
  const locations = withOnePrimary(input.locations ?? []);
  const locationCountry = locations
    .map((l) => l.country?.trim().toUpperCase())
    .find((c): c is string => Boolean(c && /^[A-Z]{2}$/.test(c)));
  const phoneList: PreparedPhone[] = [];
  for (const p of input.phones ?? []) {
    const prepared = await preparePhone(ctx, p, p.country ? undefined : locationCountry, opts.lineTypeProvider);
    if (!phoneList.some((x) => x.e164 === prepared.e164)) phoneList.push(prepared);
  }
  const phones = withOnePrimary(phoneList);
  const defs = opts.defs ?? (await loadFieldDefs(ctx));
  const custom = await validateCustomValues(ctx, {
    defs,
    input: input.custom ?? {},
    mode: opts.skipRequired ? 'update' : 'create',
    extraFieldIds: [],
    defaultCountry: locationCountry,
  });
  const keywords = normalizeKeywords(input.keywords ?? []);
  const emailValues = emails.map((e) => e.email);
  const names = {
    kind,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    businessName: input.businessName ?? null,
    keywords,
  };
  // Dated when the contact came in: an import or the demo seed backdates both.
  const attribution = input.attribution ? makeAttribution(input.attribution, opts.createdAt) : null;
  const id = newId();
  return {
    row: {
      workspaceId: ctx.workspaceId,
      id,
      kind,
      displayName: deriveDisplayName(names, emailValues),
      firstName: names.firstName,
      lastName: names.lastName,
      title: input.title ?? null,
      businessName: names.businessName,
      birthday: input.birthday ?? null,
      gender: input.gender ?? null,
      registrationNumber: input.registrationNumber ?? null,
      legalForm: input.legalForm ?? null,
      vatId: input.vatId ?? null,
      contactType: input.contactType ?? opts.defaultType ?? '',
      language: input.language ?? null,
      timezone: input.timezone ?? null,
      source: input.source ?? attribution?.source ?? null,
      firstAttribution: attribution,
      lastAttribution: null,
      publicLinks: input.publicLinks ?? [],
      keywords,
      ownerId,
      teamId: input.teamId ?? null,
      custom: custom.set,
      extraFieldIds: custom.attach,
      searchText: buildSearchText(
        names,
        emailValues,
        phones.map((p) => p.e164),
      ),
      createdBy: ctx.principal.userId,
      ...(opts.createdAt ? { createdAt: opts.createdAt, updatedAt: opts.createdAt } : {}),
    },
    emails,
    phones,
    locations,
    tagNames: input.tags ?? [],
    followerIds: [...new Set(input.followerIds ?? [])],
  };
}

/** Checks owners, followers, teams and contact types of a batch with one query each. */
async function checkReferences(tx: TxCtx, items: PreparedContact[]): Promise<void> {
  const userIds = [...new Set(items.flatMap((i) => [i.row.ownerId, ...i.followerIds]))];
  const active = await tx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, tx.workspaceId), inArray(users.id, userIds), eq(users.status, 'active')));
  const activeIds = new Set(active.map((u) => u.id));
  for (const i of items) {
    if (!activeIds.has(i.row.ownerId)) throw invalidReference('ownerId', `No active user with the id ${i.row.ownerId}`);
    const follower = i.followerIds.find((f) => !activeIds.has(f));
    if (follower) throw invalidReference('followerIds', `No active user with the id ${follower}`);
  }
  const teamIds = [...new Set(items.map((i) => i.row.teamId).filter((t): t is string => Boolean(t)))];
  if (teamIds.length) {
    const found = await tx.db
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.workspaceId, tx.workspaceId), inArray(teams.id, teamIds)));
    const missing = teamIds.find((t) => !found.some((f) => f.id === t));
    if (missing) throw invalidReference('teamId', `No team with the id ${missing}`);
  }
  const fallback = items.some((i) => !i.row.contactType) ? await defaultContactType(tx) : '';
  for (const i of items) if (!i.row.contactType) i.row.contactType = fallback;
  const typeKeys = [...new Set(items.map((i) => i.row.contactType))];
  const types = await tx.db
    .select({ key: contactTypes.key })
    .from(contactTypes)
    .where(and(eq(contactTypes.workspaceId, tx.workspaceId), inArray(contactTypes.key, typeKeys)));
  const missingType = typeKeys.find((k) => !types.some((t) => t.key === k));
  if (missingType) throw invalidReference('contactType', `No contact type with the key "${missingType}"`);
}

const CHUNK = 500;

/**
 * Writes prepared contacts with multi-row inserts (or, with `copy`, with COPY: thousands at once, as an import
 * writes them): the contacts, their emails, phones, locations, tags and followers, and one contact.created entry
 * each. Joins the caller's transaction.
 */
export async function writeContacts(
  ctx: Ctx,
  items: PreparedContact[],
  opts: { copy?: boolean } = {},
): Promise<string[]> {
  if (items.length === 0) return [];
  return inTransaction(ctx, async (tx) => {
    async function insertChunked<T extends Table>(table: T, rows: T['$inferInsert'][]): Promise<void> {
      if (opts.copy) return copyRows(tx.tx.client, table, rows);
      for (let i = 0; i < rows.length; i += CHUNK) await tx.db.insert(table).values(rows.slice(i, i + CHUNK));
    }
    await checkReferences(tx, items);
    const w = tx.workspaceId;
    const tagRows = await ensureTags(
      tx,
      items.flatMap((i) => i.tagNames),
    );
    const tagByName = new Map(tagRows.map((t) => [t.name.toLowerCase(), t]));
    for (const i of items) {
      const ids = i.tagNames.map((n) => tagByName.get(n.trim().toLowerCase())?.id).filter((id) => id !== undefined);
      i.row.tagIds = [...new Set(ids)];
    }
    await insertChunked(
      contacts,
      items.map((i) => i.row),
    );
    await insertChunked(
      contactEmails,
      items.flatMap((i) =>
        i.emails.map((e, position) => ({ workspaceId: w, id: newId(), contactId: i.row.id, ...e, position })),
      ),
    );
    await insertChunked(
      contactPhones,
      items.flatMap((i) =>
        i.phones.map((p, position) => ({
          workspaceId: w,
          id: newId(),
          contactId: i.row.id,
          e164: p.e164,
          type: p.type,
          isPrimary: p.isPrimary,
          lineType: p.check.lineType,
          lineTypeSource: p.check.source,
          lineTypeCheckedAt: p.check.checkedAt,
          carrier: p.check.carrier ?? null,
          smsAllowed: p.smsAllowed,
          position,
        })),
      ),
    );
    await insertChunked(
      contactLocations,
      items.flatMap((i) =>
        i.locations.map((l, position) => {
          if ((l.lat == null) !== (l.lng == null)) throw invalid('Send both lat and lng of a location, or neither');
          return {
            workspaceId: w,
            id: newId(),
            contactId: i.row.id,
            label: l.label,
            address: l.address,
            street: l.street ?? null,
            city: l.city ?? null,
            region: l.region ?? null,
            postalCode: l.postalCode ?? null,
            country: l.country ?? null,
            lat: l.lat ?? null,
            lng: l.lng ?? null,
            isPrimary: l.isPrimary,
            position,
          };
        }),
      ),
    );
    await insertChunked(
      contactFollowers,
      items.flatMap((i) => i.followerIds.map((userId) => ({ workspaceId: w, contactId: i.row.id, userId }))),
    );
    await recordMany(
      tx,
      items.map((i) => ({
        contactId: i.row.id,
        kind: 'contact.created',
        category: 'admin' as const,
        subject: { type: 'contact', id: i.row.id },
        occurredAt: i.row.createdAt instanceof Date ? i.row.createdAt : undefined,
        data: {
          displayName: i.row.displayName,
          kind: i.row.kind,
          contactType: i.row.contactType,
          ownerId: i.row.ownerId,
          emails: i.emails.map((e) => e.email),
          phones: i.phones.map((p) => p.e164),
          tags: i.tagNames,
          source: i.row.source ?? null,
          ...i.journal,
        },
      })),
      { copy: opts.copy },
    );
    return items.map((i) => i.row.id);
  });
}

export async function createContact({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateContactInput;
}): Promise<ContactProfileDto> {
  const prepared = await prepareContact(ctx, input);
  const id = await withUniqueChannels(ctx, () =>
    inTransaction(ctx, async (tx) => {
      await assertChannelsFree(
        tx,
        prepared.emails.map((e) => e.email),
        prepared.phones.map((p) => p.e164),
      );
      const [created] = await writeContacts(tx, [prepared]);
      return created!;
    }),
  );
  const [row] = await ctx.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, id)));
  return buildProfile(ctx, row!);
}
