// A contact's locations (HQ, branch, delivery site, home): address and coordinates, one primary.
import { and, eq } from 'drizzle-orm';
import { contactLocations } from '../../db/schema/contacts.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { diffFields, record } from '../../platform/journal/journal.ts';
import { demote, ensurePrimary, makePrimary, nextSlot } from './contact-collections.ts';
import { buildProfile, type LocationRow } from './contact-profile.ts';
import { lockContact, saveContact } from './contact-write.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';

export interface LocationInput {
  label: string;
  address: string;
  street?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
  lat?: number | null;
  lng?: number | null;
  isPrimary?: boolean;
}

const locationFields = [
  'label',
  'address',
  'street',
  'city',
  'region',
  'postalCode',
  'country',
  'lat',
  'lng',
  'isPrimary',
] as const;

function checkCoordinates(l: { lat?: number | null; lng?: number | null }): void {
  if ((l.lat === null || l.lat === undefined) !== (l.lng === null || l.lng === undefined)) {
    throw invalid('Send both lat and lng, or neither', [{ path: 'body.lat', message: 'lat and lng go together' }]);
  }
}

export async function insertLocation(tx: TxCtx, contactId: string, input: LocationInput): Promise<LocationRow> {
  checkCoordinates(input);
  const slot = await nextSlot(tx, contactLocations, contactId);
  const [row] = await tx.db
    .insert(contactLocations)
    .values({
      workspaceId: tx.workspaceId,
      id: newId(),
      contactId,
      label: input.label,
      address: input.address,
      street: input.street ?? null,
      city: input.city ?? null,
      region: input.region ?? null,
      postalCode: input.postalCode ?? null,
      country: input.country ?? null,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      isPrimary: slot.isFirst || Boolean(input.isPrimary),
      position: slot.position,
    })
    .returning();
  if (input.isPrimary && !slot.isFirst) await makePrimary(tx, contactLocations, contactId, row!.id);
  return row!;
}

async function findLocation(tx: TxCtx, contactId: string, locationId: string): Promise<LocationRow> {
  const [row] = await tx.db
    .select()
    .from(contactLocations)
    .where(
      and(
        eq(contactLocations.workspaceId, tx.workspaceId),
        eq(contactLocations.contactId, contactId),
        eq(contactLocations.id, locationId),
      ),
    );
  if (!row) throw notFound('Location');
  return row;
}

const locationData = (l: LocationRow) => ({ label: l.label, address: l.address, lat: l.lat, lng: l.lng });

export async function addLocation({
  ctx,
  contactId,
  ifMatch,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  ifMatch?: number;
  input: LocationInput;
}): Promise<ContactProfileDto> {
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    const location = await insertLocation(tx, contactId, input);
    const after = await saveContact(tx, before);
    await record(tx, {
      contactId,
      kind: 'contact.location_added',
      category: 'admin',
      subject: { type: 'contact_location', id: location.id },
      data: locationData(location),
    });
    return after;
  });
  return buildProfile(ctx, saved);
}

export async function updateLocation({
  ctx,
  contactId,
  locationId,
  ifMatch,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  locationId: string;
  ifMatch?: number;
  input: Partial<LocationInput>;
}): Promise<ContactProfileDto> {
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    const location = await findLocation(tx, contactId, locationId);
    const { isPrimary, ...fields } = input;
    checkCoordinates({
      lat: fields.lat !== undefined ? fields.lat : location.lat,
      lng: fields.lng !== undefined ? fields.lng : location.lng,
    });
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length) {
      await tx.db
        .update(contactLocations)
        .set(set)
        .where(
          and(
            eq(contactLocations.workspaceId, tx.workspaceId),
            eq(contactLocations.contactId, contactId),
            eq(contactLocations.id, locationId),
          ),
        );
    }
    if (isPrimary === true && !location.isPrimary) await makePrimary(tx, contactLocations, contactId, locationId);
    if (isPrimary === false && location.isPrimary) await demote(tx, contactLocations, contactId, locationId);
    const after = await findLocation(tx, contactId, locationId);
    const changes = diffFields(location, after, locationFields);
    if (changes.length === 0) return before;
    const saved = await saveContact(tx, before);
    await record(tx, {
      contactId,
      kind: 'contact.location_changed',
      category: 'admin',
      subject: { type: 'contact_location', id: locationId },
      data: { label: after.label, changes },
    });
    return saved;
  });
  return buildProfile(ctx, saved);
}

export async function removeLocation({
  ctx,
  contactId,
  locationId,
  ifMatch,
}: {
  ctx: Ctx;
  contactId: string;
  locationId: string;
  ifMatch?: number;
}): Promise<ContactProfileDto> {
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    const location = await findLocation(tx, contactId, locationId);
    await tx.db
      .delete(contactLocations)
      .where(
        and(
          eq(contactLocations.workspaceId, tx.workspaceId),
          eq(contactLocations.contactId, contactId),
          eq(contactLocations.id, locationId),
        ),
      );
    if (location.isPrimary) await ensurePrimary(tx, contactLocations, contactId);
    const after = await saveContact(tx, before);
    await record(tx, {
      contactId,
      kind: 'contact.location_removed',
      category: 'admin',
      subject: { type: 'contact_location', id: locationId },
      data: locationData(location),
    });
    return after;
  });
  return buildProfile(ctx, saved);
}
