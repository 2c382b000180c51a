// The full contact profile in one request: the record with its emails, phones, locations, tags,
// owner, followers, team, DND, custom values and the field definitions that apply to it.
import { lastAttributionOf } from './contact-derive.ts';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { contactEmails, contactFollowers, contactLocations, contactPhones, tags } from '../../db/schema/contacts.ts';
import { users } from '../../db/schema/platform.ts';
import type { Ctx } from '../../platform/context.ts';
import { toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { fieldsForContact, loadFieldDefs, type FieldDef } from '../custom-fields/custom-field-values.ts';
import { toFieldDto } from '../custom-fields/custom-fields.service.ts';
import { notFound } from '../../platform/errors.ts';
import type { ContactRow } from './contact-access.ts';
import { loadProfileRow, type ProfileParts } from './contact-profile.query.ts';
import { inParallel } from './parallel.ts';
import { phoneFacts } from './phone-numbers.ts';
import type { ContactProfileDto, DndDto } from './contacts.schemas.ts';

export type EmailRow = typeof contactEmails.$inferSelect;
export type PhoneRow = typeof contactPhones.$inferSelect;
export type LocationRow = typeof contactLocations.$inferSelect;
/** What a phone's DTO is built from: a row, or the profile statement's JSON of one. */
type PhoneFields = Omit<PhoneRow, 'workspaceId' | 'contactId' | 'position'>;
type LocationFields = Omit<LocationRow, 'workspaceId' | 'contactId' | 'position' | 'createdAt' | 'contactName'>;

export const fileUrl = (fileId: string | null) => (fileId ? `/api/v1/files/${fileId}` : null);

export function dndOf(c: ContactRow): DndDto {
  return {
    all: c.dndAll,
    email: c.dndEmail,
    sms: c.dndSms,
    whatsapp: c.dndWhatsapp,
    calls: c.dndCalls,
    inboundCalls: c.dndInboundCalls,
    inboundSms: c.dndInboundSms,
  };
}

export function smsBlockedReason(phone: PhoneFields, contact: ContactRow) {
  if (phone.lineType === 'fixed_line') return 'landline' as const;
  if (contact.dndAll || contact.dndSms) return 'dnd' as const;
  if (!phone.smsAllowed) return 'no_permission' as const;
  return null;
}

export function toPhoneDto(p: PhoneFields, contact: ContactRow) {
  const { national, international, country } = phoneFacts(p.e164);
  return {
    id: p.id,
    e164: p.e164,
    national,
    international,
    country,
    type: p.type,
    isPrimary: p.isPrimary,
    lineType: p.lineType,
    lineTypeSource: p.lineTypeSource,
    lineTypeCheckedAt: toIsoOrNull(p.lineTypeCheckedAt),
    carrier: p.carrier,
    smsAllowed: p.smsAllowed,
    smsBlockedReason: smsBlockedReason(p, contact),
    createdAt: toIso(p.createdAt),
  };
}

export function toLocationDto(l: LocationFields) {
  return {
    id: l.id,
    label: l.label,
    address: l.address,
    street: l.street,
    city: l.city,
    region: l.region,
    postalCode: l.postalCode,
    country: l.country,
    lat: l.lat,
    lng: l.lng,
    isPrimary: l.isPrimary,
  };
}

export const listEmails = (ctx: Ctx, contactId: string) =>
  ctx.db
    .select()
    .from(contactEmails)
    .where(and(eq(contactEmails.workspaceId, ctx.workspaceId), eq(contactEmails.contactId, contactId)))
    .orderBy(asc(contactEmails.position), asc(contactEmails.createdAt), asc(contactEmails.id));

export const listPhones = (ctx: Ctx, contactId: string) =>
  ctx.db
    .select()
    .from(contactPhones)
    .where(and(eq(contactPhones.workspaceId, ctx.workspaceId), eq(contactPhones.contactId, contactId)))
    .orderBy(asc(contactPhones.position), asc(contactPhones.createdAt), asc(contactPhones.id));

export const listLocations = (ctx: Ctx, contactId: string) =>
  ctx.db
    .select()
    .from(contactLocations)
    .where(and(eq(contactLocations.workspaceId, ctx.workspaceId), eq(contactLocations.contactId, contactId)))
    .orderBy(asc(contactLocations.position), asc(contactLocations.createdAt), asc(contactLocations.id));

/** A contact's tags (its tagIds) as the tag library has them, by name. */
export const listContactTags = async (ctx: Ctx, tagIds: string[]) =>
  tagIds.length === 0
    ? []
    : ctx.db
        .select({ id: tags.id, name: tags.name, color: tags.color })
        .from(tags)
        .where(and(eq(tags.workspaceId, ctx.workspaceId), inArray(tags.id, tagIds)))
        .orderBy(asc(tags.name));

export const listFollowers = (ctx: Ctx, contactId: string) =>
  ctx.db
    .select({ id: users.id, name: users.name })
    .from(contactFollowers)
    .innerJoin(users, and(eq(users.workspaceId, contactFollowers.workspaceId), eq(users.id, contactFollowers.userId)))
    .where(and(eq(contactFollowers.workspaceId, ctx.workspaceId), eq(contactFollowers.contactId, contactId)))
    .orderBy(asc(users.name));

export async function userNames(ctx: Ctx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), inArray(users.id, wanted)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The contact's values of the fields that apply to it (a value of a field since detached stays stored
 * but is not shown). `keysForAll`: the keys of the fields that apply to every contact, when the caller
 * reads many contacts and computes them once.
 */
export function applicableCustom(
  defs: FieldDef[],
  contact: Pick<ContactRow, 'custom' | 'extraFieldIds'>,
  keysForAll?: ReadonlySet<string>,
): Record<string, unknown> {
  const keys =
    keysForAll && contact.extraFieldIds.length === 0
      ? keysForAll
      : new Set(fieldsForContact(defs, contact.extraFieldIds).map((d) => d.key));
  const custom: Record<string, unknown> = {};
  for (const k in contact.custom) if (keys.has(k)) custom[k] = contact.custom[k];
  return custom;
}

export function profileFields(defs: FieldDef[], contact: ContactRow) {
  const extra = new Set(contact.extraFieldIds);
  const applicable = fieldsForContact(defs, contact.extraFieldIds);
  const custom = applicableCustom(defs, contact);
  const fields = applicable
    .slice()
    .sort((a, b) => (a.folder ? 1 : 0) - (b.folder ? 1 : 0) || a.position - b.position)
    .map((d) => ({
      ...toFieldDto(d),
      folder: d.folder,
      hidden: Boolean(d.folder?.hidden),
      attachedToContact: !d.appliesToAll && extra.has(d.id),
    }));
  return { custom, fields };
}

/** The profile of a contact row from its parts and the workspace's field definitions. */
function assembleProfile(contact: ContactRow, parts: ProfileParts, defs: FieldDef[]): ContactProfileDto {
  const { emails, phones, locations, tags: tagList, followers, names } = parts;
  const teamInfo = { team: parts.team, ownerInTeam: parts.ownerInTeam };
  const ownerName = names.get(contact.ownerId) ?? 'Unknown user';
  const { custom, fields } = profileFields(defs, contact);
  const warnings: ContactProfileDto['warnings'] = [];
  if (teamInfo.team && !teamInfo.ownerInTeam) {
    warnings.push({
      code: 'owner_outside_team',
      detail: `${ownerName} is not a member of the team ${teamInfo.team.name}`,
    });
  }
  return {
    id: contact.id,
    kind: contact.kind,
    displayName: contact.displayName,
    firstName: contact.firstName,
    lastName: contact.lastName,
    title: contact.title,
    businessName: contact.businessName,
    birthday: contact.birthday,
    gender: contact.gender,
    registrationNumber: contact.registrationNumber,
    legalForm: contact.legalForm,
    vatId: contact.vatId,
    contactType: contact.contactType,
    language: contact.language,
    timezone: contact.timezone,
    source: contact.source,
    firstAttribution: contact.firstAttribution ?? null,
    lastAttribution: lastAttributionOf(contact),
    publicLinks: contact.publicLinks,
    keywords: contact.keywords,
    emails: emails.map((e) => ({
      id: e.id,
      email: e.email,
      type: e.type,
      isPrimary: e.isPrimary,
      verification: e.verification,
      createdAt: toIso(e.createdAt),
    })),
    phones: phones.map((p) => toPhoneDto(p, contact)),
    locations: locations.map(toLocationDto),
    tags: tagList,
    owner: { id: contact.ownerId, name: ownerName },
    followers,
    team: teamInfo.team,
    dnd: dndOf(contact),
    custom,
    fields,
    pictureUrl: fileUrl(contact.pictureFileId),
    version: contact.version,
    createdBy: contact.createdBy
      ? { id: contact.createdBy, name: names.get(contact.createdBy) ?? 'Unknown user' }
      : null,
    createdAt: toIso(contact.createdAt),
    updatedAt: toIso(contact.updatedAt),
    archivedAt: toIsoOrNull(contact.archivedAt),
    archivedBy:
      contact.archivedAt && contact.archivedBy
        ? { id: contact.archivedBy, name: names.get(contact.archivedBy) ?? 'Unknown user' }
        : null,
    mergedIntoId: contact.mergedIntoId,
    mergedIds: contact.mergedIds,
    warnings,
  };
}

/** Builds the profile of a contact row the caller may see (typically one just written). */
export async function buildProfile(ctx: Ctx, contact: ContactRow): Promise<ContactProfileDto> {
  const [loaded, defs] = await inParallel(ctx, [
    () => loadProfileRow(ctx, contact.id, { visibleOnly: false }),
    () => loadFieldDefs(ctx),
  ] as const);
  if (!loaded) throw notFound('Contact');
  return assembleProfile(contact, loaded.parts, defs);
}

/** GET of a profile: the contact and its parts in one statement, the field definitions beside it. */
export async function getContactProfile({ ctx, contactId }: { ctx: Ctx; contactId: string }) {
  const [loaded, defs] = await inParallel(ctx, [
    () => loadProfileRow(ctx, contactId, { visibleOnly: true }),
    () => loadFieldDefs(ctx),
  ] as const);
  if (!loaded) throw notFound('Contact');
  return assembleProfile(loaded.contact, loaded.parts, defs);
}
