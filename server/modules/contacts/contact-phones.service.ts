// A contact's phone numbers: parsed to E.164, unique per workspace, exactly one primary, and a
// line-type check on add/change that decides whether "OK to SMS" may be on (SPEC 2.2).
import { and, asc, desc, eq } from 'drizzle-orm';
import { contactLocations, contactPhones } from '../../db/schema/contacts.ts';
import type { Ctx, TxCtx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { record } from '../../platform/journal/journal.ts';
import { requireContact } from './contact-access.ts';
import {
  addEntry,
  changeCollection,
  findEntry,
  insertEntry,
  removeEntry,
  updateEntry,
  type CollectionDef,
  type ContactPartWrite,
} from './contact-collections.ts';
import type { PhoneRow } from './contact-profile.ts';
import { assertChannelsFree, saveContact } from './contact-write.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';
import { phoneFacts, validPhone } from './phone-numbers.ts';
import { checkLineType, isTextable, type LineCheck, type LineTypeProvider } from './line-type.ts';

type PhoneType = PhoneRow['type'];

export const phoneInvalid = (detail: string) => new AppError('phone_invalid', 400, detail, { field: 'number' });

export const smsNotAllowed = () =>
  new AppError('sms_not_allowed', 409, 'Landline number, SMS not allowed', { reason: 'landline' });

/** Parses a number written in any common way; without +country code, `country` says where it is from. */
export function parsePhone(number: string, country?: string): { e164: string; country: string | null } {
  const trimmed = number.trim();
  const international = trimmed.startsWith('+') || trimmed.startsWith('00');
  if (!international && !country) {
    throw phoneInvalid(`Write "${trimmed}" with its country code (e.g. +49 30 1234567) or send the country`);
  }
  const normalized = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  const parsed = validPhone(normalized, international ? undefined : country);
  if (!parsed) {
    throw phoneInvalid(`"${trimmed}" is not a valid phone number${country && !international ? ` for ${country}` : ''}`);
  }
  return { e164: parsed.e164, country: parsed.country };
}

/** The country a contact's local numbers are from: its primary location's, else its first phone's. */
export async function contactCountry(ctx: Ctx, contactId: string): Promise<string | undefined> {
  const locations = await ctx.db
    .select({ country: contactLocations.country })
    .from(contactLocations)
    .where(and(eq(contactLocations.workspaceId, ctx.workspaceId), eq(contactLocations.contactId, contactId)))
    .orderBy(desc(contactLocations.isPrimary), asc(contactLocations.position));
  const fromLocation = locations.map((l) => l.country?.trim().toUpperCase()).find((c) => c && /^[A-Z]{2}$/.test(c));
  if (fromLocation) return fromLocation;
  const [phone] = await ctx.db
    .select({ e164: contactPhones.e164 })
    .from(contactPhones)
    .where(and(eq(contactPhones.workspaceId, ctx.workspaceId), eq(contactPhones.contactId, contactId)))
    .orderBy(desc(contactPhones.isPrimary), asc(contactPhones.position))
    .limit(1);
  return phone ? (phoneFacts(phone.e164).country ?? undefined) : undefined;
}

/** "OK to SMS" for a freshly checked number: on for textable lines unless refused, never for landlines. */
export function smsAllowedFor(check: { lineType: PhoneRow['lineType'] }, requested: boolean | undefined): boolean {
  if (check.lineType === 'fixed_line') {
    if (requested === true) throw smsNotAllowed();
    return false;
  }
  if (isTextable(check.lineType)) return requested ?? true;
  return requested ?? false;
}

export function lineCheckFor(ctx: Ctx, e164: string, provider?: LineTypeProvider): Promise<LineCheck> {
  return checkLineType(
    e164,
    (err) => ctx.deps.logger.warn({ err }, 'line-type lookup failed; used offline metadata'),
    provider,
  );
}

export interface PreparedPhone {
  e164: string;
  type: PhoneType;
  isPrimary?: boolean;
  smsAllowed: boolean;
  check: LineCheck;
}

/** Parses and checks a phone before the transaction (a provider lookup may go over the network). */
export async function preparePhone(
  ctx: Ctx,
  input: { number: string; type: PhoneType; isPrimary?: boolean; smsAllowed?: boolean; country?: string },
  fallbackCountry?: string,
  provider?: LineTypeProvider,
): Promise<PreparedPhone> {
  const { e164 } = parsePhone(input.number, input.country ?? fallbackCountry);
  const check = await lineCheckFor(ctx, e164, provider);
  return {
    e164,
    type: input.type,
    isPrimary: input.isPrimary,
    smsAllowed: smsAllowedFor(check, input.smsAllowed),
    check,
  };
}

const phoneData = (p: PhoneRow) => ({
  e164: p.e164,
  type: p.type,
  isPrimary: p.isPrimary,
  lineType: p.lineType,
  smsAllowed: p.smsAllowed,
});

export const phoneCollection: CollectionDef<PhoneRow> = {
  table: contactPhones,
  label: 'Phone',
  subject: 'contact_phone',
  kinds: { added: 'contact.phone_added', changed: 'contact.phone_changed', removed: 'contact.phone_removed' },
  journaled: ['e164', 'type', 'isPrimary', 'lineType', 'smsAllowed'],
  added: phoneData,
  removed: phoneData,
  changed: (p) => ({ e164: p.e164 }),
};

/** The columns a line check sets. */
const lineColumns = (check: LineCheck) => ({
  lineType: check.lineType,
  lineTypeSource: check.source,
  lineTypeCheckedAt: check.checkedAt,
  carrier: check.carrier ?? null,
});

export const phoneValues = (p: PreparedPhone): Partial<PhoneRow> => ({
  e164: p.e164,
  type: p.type,
  ...lineColumns(p.check),
  smsAllowed: p.smsAllowed,
});

/** Inserts a prepared phone of a locked contact (the caller bumps the version and journals). */
export function insertPhone(tx: TxCtx, contactId: string, p: PreparedPhone): Promise<PhoneRow> {
  return insertEntry(tx, phoneCollection, contactId, phoneValues(p), p.isPrimary);
}

export async function addPhone({
  ctx,
  contactId,
  ifMatch,
  input,
}: ContactPartWrite & {
  input: { number: string; type: PhoneType; isPrimary?: boolean; smsAllowed?: boolean; country?: string };
}): Promise<ContactProfileDto> {
  await requireContact(ctx, contactId, { writable: true });
  const prepared = await preparePhone(ctx, input, input.country ? undefined : await contactCountry(ctx, contactId));
  return changeCollection(ctx, contactId, ifMatch, async (tx, before) => {
    await assertChannelsFree(tx, [], [prepared.e164]);
    return addEntry(tx, phoneCollection, before, phoneValues(prepared), prepared.isPrimary);
  });
}

export async function updatePhone({
  ctx,
  contactId,
  phoneId,
  ifMatch,
  input,
}: ContactPartWrite & {
  phoneId: string;
  input: { number?: string; type?: PhoneType; isPrimary?: boolean; smsAllowed?: boolean; country?: string };
}): Promise<ContactProfileDto> {
  await requireContact(ctx, contactId, { writable: true });
  const current = await findEntry(ctx, phoneCollection, contactId, phoneId);
  let recheck: { e164: string; check: LineCheck } | null = null;
  if (input.number !== undefined) {
    const { e164 } = parsePhone(
      input.number,
      input.country ?? phoneFacts(current.e164).country ?? (await contactCountry(ctx, contactId)),
    );
    // Changing the number re-runs the line check (SPEC 2.2).
    if (e164 !== current.e164) recheck = { e164, check: await lineCheckFor(ctx, e164) };
  }
  return changeCollection(ctx, contactId, ifMatch, (tx, before) =>
    updateEntry(tx, phoneCollection, before, phoneId, {
      isPrimary: input.isPrimary,
      async set(phone) {
        const set: Partial<PhoneRow> = {};
        if (recheck && recheck.e164 !== phone.e164) {
          await assertChannelsFree(tx, [], [recheck.e164]);
          Object.assign(set, {
            e164: recheck.e164,
            ...lineColumns(recheck.check),
            smsAllowed: smsAllowedFor(recheck.check, input.smsAllowed),
          });
        } else if (input.smsAllowed !== undefined) {
          if (input.smsAllowed && phone.lineType === 'fixed_line') throw smsNotAllowed();
          set.smsAllowed = input.smsAllowed;
        }
        if (input.type) set.type = input.type;
        return set;
      },
    }),
  );
}

export function removePhone({
  ctx,
  contactId,
  phoneId,
  ifMatch,
}: ContactPartWrite & { phoneId: string }): Promise<ContactProfileDto> {
  return changeCollection(ctx, contactId, ifMatch, (tx, before) => removeEntry(tx, phoneCollection, before, phoneId));
}

/**
 * Re-runs the line-type check of a number. A landline turns "OK to SMS" off; a number that turns
 * out textable after being a landline (or unknown) is switched on, as for a new number.
 */
export async function recheckPhoneLineType({
  ctx,
  contactId,
  phoneId,
  ifMatch,
}: ContactPartWrite & { phoneId: string }): Promise<ContactProfileDto> {
  await requireContact(ctx, contactId, { writable: true });
  const current = await findEntry(ctx, phoneCollection, contactId, phoneId);
  const check = await lineCheckFor(ctx, current.e164);
  return changeCollection(ctx, contactId, ifMatch, async (tx, before) => {
    const phone = await findEntry(tx, phoneCollection, contactId, phoneId);
    const becameTextable = isTextable(check.lineType) && !isTextable(phone.lineType);
    const smsAllowed = check.lineType === 'fixed_line' ? false : becameTextable ? true : phone.smsAllowed;
    await tx.db
      .update(contactPhones)
      .set({ ...lineColumns(check), smsAllowed })
      .where(
        and(
          eq(contactPhones.workspaceId, tx.workspaceId),
          eq(contactPhones.contactId, contactId),
          eq(contactPhones.id, phoneId),
        ),
      );
    const after = await saveContact(tx, before);
    await record(tx, {
      contactId,
      kind: 'contact.phone_line_checked',
      category: 'admin',
      subject: { type: 'contact_phone', id: phoneId },
      data: {
        e164: phone.e164,
        lineType: check.lineType,
        previousLineType: phone.lineType,
        source: check.source,
        carrier: check.carrier ?? null,
        smsAllowed,
        previousSmsAllowed: phone.smsAllowed,
      },
    });
    return after;
  });
}
