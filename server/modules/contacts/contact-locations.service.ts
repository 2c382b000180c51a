// A contact's locations (HQ, branch, delivery site, home): address and coordinates, one primary.
import { contactLocations } from '../../db/schema/contacts.ts';
import type { TxCtx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import {
  addEntry,
  changeCollection,
  insertEntry,
  removeEntry,
  updateEntry,
  type CollectionDef,
  type ContactPartWrite,
} from './contact-collections.ts';
import type { LocationRow } from './contact-profile.ts';
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

const locationData = (l: LocationRow) => ({ label: l.label, address: l.address, lat: l.lat, lng: l.lng });

export const locationCollection: CollectionDef<LocationRow> = {
  table: contactLocations,
  label: 'Location',
  subject: 'contact_location',
  kinds: { added: 'contact.location_added', changed: 'contact.location_changed', removed: 'contact.location_removed' },
  journaled: ['label', 'address', 'street', 'city', 'region', 'postalCode', 'country', 'lat', 'lng', 'isPrimary'],
  added: locationData,
  removed: locationData,
  changed: (l) => ({ label: l.label }),
};

function checkCoordinates(l: { lat?: number | null; lng?: number | null }): void {
  if ((l.lat === null || l.lat === undefined) !== (l.lng === null || l.lng === undefined)) {
    throw invalid('Send both lat and lng, or neither', [{ path: 'body.lat', message: 'lat and lng go together' }]);
  }
}

function locationValues(input: LocationInput): Partial<LocationRow> {
  checkCoordinates(input);
  return {
    label: input.label,
    address: input.address,
    street: input.street ?? null,
    city: input.city ?? null,
    region: input.region ?? null,
    postalCode: input.postalCode ?? null,
    country: input.country ?? null,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
  };
}

export function insertLocation(tx: TxCtx, contactId: string, input: LocationInput): Promise<LocationRow> {
  return insertEntry(tx, locationCollection, contactId, locationValues(input), input.isPrimary);
}

export function addLocation({
  ctx,
  contactId,
  ifMatch,
  input,
}: ContactPartWrite & { input: LocationInput }): Promise<ContactProfileDto> {
  return changeCollection(ctx, contactId, ifMatch, (tx, before) =>
    addEntry(tx, locationCollection, before, locationValues(input), input.isPrimary),
  );
}

export function updateLocation({
  ctx,
  contactId,
  locationId,
  ifMatch,
  input,
}: ContactPartWrite & { locationId: string; input: Partial<LocationInput> }): Promise<ContactProfileDto> {
  const { isPrimary, ...fields } = input;
  return changeCollection(ctx, contactId, ifMatch, (tx, before) =>
    updateEntry(tx, locationCollection, before, locationId, {
      isPrimary,
      set(location) {
        checkCoordinates({
          lat: fields.lat !== undefined ? fields.lat : location.lat,
          lng: fields.lng !== undefined ? fields.lng : location.lng,
        });
        return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      },
    }),
  );
}

export function removeLocation({
  ctx,
  contactId,
  locationId,
  ifMatch,
}: ContactPartWrite & { locationId: string }): Promise<ContactProfileDto> {
  return changeCollection(ctx, contactId, ifMatch, (tx, before) =>
    removeEntry(tx, locationCollection, before, locationId),
  );
}
