// Duplicating a contact: its details, tags, custom fields, owner, team, followers, locations and
// picture are copied; its history is not, nor its emails and phones (they must stay unique).
import { and, eq, inArray } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { users } from '../../db/schema/platform.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { record } from '../../platform/journal/journal.ts';
import { loadFieldDefs } from '../custom-fields/custom-field-values.ts';
import { getFile, storeFile } from '../files/files.service.ts';
import { requireContact } from './contact-access.ts';
import { inParallel } from './parallel.ts';
import { dropFileRow, removeStoredFile } from './contact-picture.service.ts';
import {
  buildProfile,
  listContactTags,
  listEmails,
  listFollowers,
  listLocations,
  listPhones,
} from './contact-profile.ts';
import { prepareContact, writeContacts } from './create-contact.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';

export interface DuplicateResult {
  contact: ContactProfileDto;
  omitted: { field: string; count: number; reason: string }[];
}

async function copyPicture(ctx: Ctx, fileId: string | null): Promise<string | null> {
  if (!fileId) return null;
  const file = await getFile(ctx, fileId);
  const stream = await ctx.deps.storage.get(file.storageKey);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const copy = await storeFile(ctx, {
    filename: file.filename,
    contentType: file.contentType,
    data: Buffer.concat(chunks),
  });
  return copy.id;
}

export async function duplicateContact({ ctx, contactId }: { ctx: Ctx; contactId: string }): Promise<DuplicateResult> {
  const source = await requireContact(ctx, contactId);
  const [emails, phones, locations, tagList, followers, defs] = await inParallel(ctx, [
    () => listEmails(ctx, contactId),
    () => listPhones(ctx, contactId),
    () => listLocations(ctx, contactId),
    () => listContactTags(ctx, source.tagIds),
    () => listFollowers(ctx, contactId),
    () => loadFieldDefs(ctx),
  ] as const);
  if (source.kind === 'person' && !source.firstName && !source.lastName) {
    throw new AppError(
      'name_required',
      422,
      'This contact is known only by its email, which a copy cannot take; give it a name first',
    );
  }
  const liveKeys = new Set(defs.map((d) => d.key));
  const activeFollowers = followers.length
    ? await ctx.db
        .select({ id: users.id })
        .from(users)
        .where(
          and(
            eq(users.workspaceId, ctx.workspaceId),
            eq(users.status, 'active'),
            inArray(
              users.id,
              followers.map((f) => f.id),
            ),
          ),
        )
    : [];
  const prepared = await prepareContact(
    ctx,
    {
      kind: source.kind,
      firstName: source.firstName,
      lastName: source.lastName,
      title: source.title,
      businessName: source.businessName,
      birthday: source.birthday,
      gender: source.gender,
      registrationNumber: source.registrationNumber,
      legalForm: source.legalForm,
      vatId: source.vatId,
      contactType: source.contactType,
      language: source.language,
      timezone: source.timezone,
      source: source.source,
      publicLinks: source.publicLinks,
      keywords: source.keywords,
      ownerId: source.ownerId,
      teamId: source.teamId,
      followerIds: activeFollowers.map((f) => f.id),
      tags: tagList.map((t) => t.name),
      locations: locations.map((l) => ({
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
      })),
      custom: Object.fromEntries(Object.entries(source.custom).filter(([k]) => liveKeys.has(k))),
    },
    { defs, skipRequired: true },
  );
  Object.assign(prepared.row, {
    firstAttribution: source.firstAttribution,
    lastAttribution: source.lastAttribution,
    dndAll: source.dndAll,
    dndEmail: source.dndEmail,
    dndSms: source.dndSms,
    dndWhatsapp: source.dndWhatsapp,
    dndCalls: source.dndCalls,
    dndInboundCalls: source.dndInboundCalls,
    dndInboundSms: source.dndInboundSms,
    extraFieldIds: [...new Set([...source.extraFieldIds, ...(prepared.row.extraFieldIds ?? [])])],
  });
  prepared.journal = { duplicatedFrom: source.id };
  const pictureId = await copyPicture(ctx, source.pictureFileId);
  prepared.row.pictureFileId = pictureId;
  let copyId: string;
  try {
    copyId = await inTransaction(ctx, async (tx) => {
      const [id] = await writeContacts(tx, [prepared]);
      await record(tx, {
        contactId: source.id,
        kind: 'contact.duplicated',
        category: 'admin',
        subject: { type: 'contact', id: id! },
        data: { copyId: id, displayName: source.displayName },
      });
      return id!;
    });
  } catch (err) {
    if (pictureId) {
      const key = await inTransaction(ctx, (tx) => dropFileRow(tx, pictureId)).catch(() => null);
      await removeStoredFile(ctx, key);
    }
    throw err;
  }
  const [row] = await ctx.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, copyId)));
  const omitted: DuplicateResult['omitted'] = [
    { field: 'history', count: 1, reason: 'The timeline, notes, tasks and appointments stay with the original' },
  ];
  if (emails.length) {
    omitted.push({ field: 'emails', count: emails.length, reason: 'An email address belongs to one contact only' });
  }
  if (phones.length) {
    omitted.push({ field: 'phones', count: phones.length, reason: 'A phone number belongs to one contact only' });
  }
  return { contact: await buildProfile(ctx, row!), omitted };
}
