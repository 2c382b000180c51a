// A contact's phone numbers: parsed to E.164, unique per workspace, exactly one primary, and a
// line-type check on add/change that decides whether "OK to SMS" may be on (SPEC 2.2).
import { and, asc, desc, eq } from 'drizzle-orm';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { contactLocations, contactPhones } from '../../db/schema/contacts.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { diffFields, record } from '../../platform/journal/journal.ts';
import { requireContact } from './contact-access.ts';
import { demote, ensurePrimary, makePrimary, nextSlot } from './contact-collections.ts';
import { buildProfile, type PhoneRow } from './contact-profile.ts';
import { assertChannelsFree, lockContact, saveContact, withUniqueChannels } from './contact-write.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';
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
  const parsed = parsePhoneNumberFromString(normalized, international ? undefined : (country as CountryCode));
  if (!parsed || !parsed.isValid()) {
    throw phoneInvalid(`"${trimmed}" is not a valid phone number${country && !international ? ` for ${country}` : ''}`);
  }
  return { e164: parsed.number, country: parsed.country ?? null };
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
  return phone ? (parsePhoneNumberFromString(phone.e164)?.country ?? undefined) : undefined;
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

/** Inserts a prepared phone of a locked contact (the caller bumps the version and journals). */
export async function insertPhone(tx: TxCtx, contactId: string, p: PreparedPhone): Promise<PhoneRow> {
  const slot = await nextSlot(tx, contactPhones, contactId);
  const [row] = await tx.db
    .insert(contactPhones)
    .values({
      workspaceId: tx.workspaceId,
      id: newId(),
      contactId,
      e164: p.e164,
      type: p.type,
      isPrimary: slot.isFirst || Boolean(p.isPrimary),
      lineType: p.check.lineType,
      lineTypeSource: p.check.source,
      lineTypeCheckedAt: p.check.checkedAt,
      carrier: p.check.carrier ?? null,
      smsAllowed: p.smsAllowed,
      position: slot.position,
    })
    .returning();
  if (p.isPrimary && !slot.isFirst) await makePrimary(tx, contactPhones, contactId, row!.id);
  return row!;
}

async function findPhone(ctx: Ctx, contactId: string, phoneId: string): Promise<PhoneRow> {
  const [row] = await ctx.db
    .select()
    .from(contactPhones)
    .where(
      and(
        eq(contactPhones.workspaceId, ctx.workspaceId),
        eq(contactPhones.contactId, contactId),
        eq(contactPhones.id, phoneId),
      ),
    );
  if (!row) throw notFound('Phone');
  return row;
}

const phoneData = (p: PhoneRow) => ({
  e164: p.e164,
  type: p.type,
  isPrimary: p.isPrimary,
  lineType: p.lineType,
  smsAllowed: p.smsAllowed,
});

export async function addPhone({
  ctx,
  contactId,
  ifMatch,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  ifMatch?: number;
  input: { number: string; type: PhoneType; isPrimary?: boolean; smsAllowed?: boolean; country?: string };
}): Promise<ContactProfileDto> {
  await requireContact(ctx, contactId, { writable: true });
  const prepared = await preparePhone(ctx, input, input.country ? undefined : await contactCountry(ctx, contactId));
  const saved = await withUniqueChannels(ctx, () =>
    inTransaction(ctx, async (tx) => {
      const before = await lockContact(tx, contactId, ifMatch);
      await assertChannelsFree(tx, [], [prepared.e164]);
      const phone = await insertPhone(tx, contactId, prepared);
      const after = await saveContact(tx, before);
      await record(tx, {
        contactId,
        kind: 'contact.phone_added',
        category: 'admin',
        subject: { type: 'contact_phone', id: phone.id },
        data: { ...phoneData(phone), isPrimary: Boolean(input.isPrimary) || phone.isPrimary },
      });
      return after;
    }),
  );
  return buildProfile(ctx, saved);
}

export async function updatePhone({
  ctx,
  contactId,
  phoneId,
  ifMatch,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  phoneId: string;
  ifMatch?: number;
  input: { number?: string; type?: PhoneType; isPrimary?: boolean; smsAllowed?: boolean; country?: string };
}): Promise<ContactProfileDto> {
  await requireContact(ctx, contactId, { writable: true });
  const current = await findPhone(ctx, contactId, phoneId);
  let recheck: { e164: string; check: LineCheck } | null = null;
  if (input.number !== undefined) {
    const { e164 } = parsePhone(
      input.number,
      input.country ?? parsePhoneNumberFromString(current.e164)?.country ?? (await contactCountry(ctx, contactId)),
    );
    // Changing the number re-runs the line check (SPEC 2.2).
    if (e164 !== current.e164) recheck = { e164, check: await lineCheckFor(ctx, e164) };
  }
  const saved = await withUniqueChannels(ctx, () =>
    inTransaction(ctx, async (tx) => {
      const before = await lockContact(tx, contactId, ifMatch);
      const phone = await findPhone(tx, contactId, phoneId);
      const set: Partial<PhoneRow> = {};
      if (recheck && recheck.e164 !== phone.e164) {
        await assertChannelsFree(tx, [], [recheck.e164]);
        Object.assign(set, {
          e164: recheck.e164,
          lineType: recheck.check.lineType,
          lineTypeSource: recheck.check.source,
          lineTypeCheckedAt: recheck.check.checkedAt,
          carrier: recheck.check.carrier ?? null,
          smsAllowed: smsAllowedFor(recheck.check, input.smsAllowed),
        });
      } else if (input.smsAllowed !== undefined) {
        if (input.smsAllowed && phone.lineType === 'fixed_line') throw smsNotAllowed();
        set.smsAllowed = input.smsAllowed;
      }
      if (input.type) set.type = input.type;
      if (Object.keys(set).length) {
        await tx.db
          .update(contactPhones)
          .set(set)
          .where(
            and(
              eq(contactPhones.workspaceId, tx.workspaceId),
              eq(contactPhones.contactId, contactId),
              eq(contactPhones.id, phoneId),
            ),
          );
      }
      if (input.isPrimary === true && !phone.isPrimary) await makePrimary(tx, contactPhones, contactId, phoneId);
      if (input.isPrimary === false && phone.isPrimary) await demote(tx, contactPhones, contactId, phoneId);
      const after = await findPhone(tx, contactId, phoneId);
      const changes = diffFields(phone, after, ['e164', 'type', 'isPrimary', 'lineType', 'smsAllowed']);
      if (changes.length === 0) return before;
      const saved = await saveContact(tx, before);
      await record(tx, {
        contactId,
        kind: 'contact.phone_changed',
        category: 'admin',
        subject: { type: 'contact_phone', id: phoneId },
        data: { e164: after.e164, changes },
      });
      return saved;
    }),
  );
  return buildProfile(ctx, saved);
}

export async function removePhone({
  ctx,
  contactId,
  phoneId,
  ifMatch,
}: {
  ctx: Ctx;
  contactId: string;
  phoneId: string;
  ifMatch?: number;
}): Promise<ContactProfileDto> {
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    const phone = await findPhone(tx, contactId, phoneId);
    await tx.db
      .delete(contactPhones)
      .where(
        and(
          eq(contactPhones.workspaceId, tx.workspaceId),
          eq(contactPhones.contactId, contactId),
          eq(contactPhones.id, phoneId),
        ),
      );
    if (phone.isPrimary) await ensurePrimary(tx, contactPhones, contactId);
    const after = await saveContact(tx, before);
    await record(tx, {
      contactId,
      kind: 'contact.phone_removed',
      category: 'admin',
      subject: { type: 'contact_phone', id: phoneId },
      data: phoneData(phone),
    });
    return after;
  });
  return buildProfile(ctx, saved);
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
}: {
  ctx: Ctx;
  contactId: string;
  phoneId: string;
  ifMatch?: number;
}): Promise<ContactProfileDto> {
  await requireContact(ctx, contactId, { writable: true });
  const current = await findPhone(ctx, contactId, phoneId);
  const check = await lineCheckFor(ctx, current.e164);
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    const phone = await findPhone(tx, contactId, phoneId);
    const becameTextable = isTextable(check.lineType) && !isTextable(phone.lineType);
    const smsAllowed = check.lineType === 'fixed_line' ? false : becameTextable ? true : phone.smsAllowed;
    await tx.db
      .update(contactPhones)
      .set({
        lineType: check.lineType,
        lineTypeSource: check.source,
        lineTypeCheckedAt: check.checkedAt,
        carrier: check.carrier ?? null,
        smsAllowed,
      })
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
  return buildProfile(ctx, saved);
}
