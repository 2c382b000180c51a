// Contact values as people read them: languages by name, phone numbers grouped, line types in words, custom-field
// values by their type (select labels, dates, money), and a contact's local time.
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { i18n } from '../../../app/i18n.ts';
import { formatDateTime, type Zone } from '../../../lib/format.ts';
import type { ContactPhone, ProfileField } from '../contact.api.ts';

export type LineType = ContactPhone['lineType'];

export const LINE_TYPES: LineType[] = ['mobile', 'fixed_line', 'fixed_line_or_mobile', 'voip', 'unknown'];
export const PHONE_TYPES: ContactPhone['type'][] = ['mobile', 'office', 'home', 'fax', 'other'];
export const EMAIL_TYPES = ['work', 'personal', 'other'] as const;
export const VERIFICATIONS = ['verified', 'unverified', 'invalid'] as const;

/** An enum value in words ("fixed_line" → "Landline"); a value the UI does not know yet as stored. */
function enumLabel(group: string, value: unknown): string {
  const key = `contactPage.${group}.${String(value)}`;
  return i18n.exists(key) ? i18n.t(key) : String(value);
}
export const lineTypeLabel = (value: unknown) => enumLabel('lineTypes', value);
export const phoneTypeLabel = (value: unknown) => enumLabel('phoneTypes', value);
export const emailTypeLabel = (value: unknown) => enumLabel('emailTypes', value);
export const verificationLabel = (value: unknown) => enumLabel('verifications', value);

/** "+4930123456" → "+49 30 123456"; anything unparseable as stored. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

const languageNames = new Map<string, Intl.DisplayNames>();

/** "de" → "German" (in the reader's locale); unknown codes as they are. */
export function languageName(code: string, locale = 'en'): string {
  let names = languageNames.get(locale);
  if (!names) {
    try {
      names = new Intl.DisplayNames([locale], { type: 'language' });
    } catch {
      names = new Intl.DisplayNames(['en'], { type: 'language' });
    }
    languageNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A calendar day ("1985-04-12") in the reader's locale, without shifting it through a time zone. */
export function formatDay(day: string, locale = 'en'): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(locale || 'en', { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  try {
    return new Intl.NumberFormat(locale || 'en', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** The wall-clock time in a zone now, e.g. "14:05" plus the zone's offset; null for an unknown zone. */
export function localTimeIn(timeZone: string, locale = 'en', now: Date = new Date()): string | null {
  try {
    return new Intl.DateTimeFormat(locale || 'en', { timeStyle: 'short', timeZone }).format(now);
  } catch {
    return null;
  }
}

/** Whole hours (and minutes) between the reader's zone and another, e.g. "2 h ahead of you". */
export function offsetFromReader(timeZone: string, readerZone: string, now: Date = new Date()): string | null {
  const minutes = (zone: string) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    }).formatToParts(now);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) / 60_000;
  };
  try {
    const diff = minutes(timeZone) - minutes(readerZone);
    if (diff === 0) return 'same time as you';
    const h = Math.floor(Math.abs(diff) / 60);
    const m = Math.abs(diff) % 60;
    const amount = m ? `${h} h ${m} min` : `${h} h`;
    return `${amount} ${diff > 0 ? 'ahead of' : 'behind'} you`;
  } catch {
    return null;
  }
}

/** What a custom field's stored value reads as; null for an empty value. */
export function formatFieldValue(
  field: Pick<ProfileField, 'type' | 'options' | 'currency'>,
  value: unknown,
  ctx: { zone: Zone; currency: string },
): string | null {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return null;
  }
  const optionLabel = (v: unknown) => field.options.find((o) => o.value === v)?.label ?? String(v);
  switch (field.type) {
    case 'checkbox':
      return value === true ? i18n.t('common.yes') : value === false ? i18n.t('common.no') : String(value);
    case 'single_select':
      return optionLabel(value);
    case 'multi_select':
      return (Array.isArray(value) ? value : [value]).map(optionLabel).join(', ');
    case 'date':
      return typeof value === 'string' ? formatDay(value, ctx.zone.locale) : String(value);
    case 'datetime':
      return typeof value === 'string' ? formatDateTime(value, ctx.zone) : String(value);
    case 'number':
      return typeof value === 'number' ? new Intl.NumberFormat(ctx.zone.locale || 'en').format(value) : String(value);
    case 'currency':
      return typeof value === 'number'
        ? formatMoney(value, field.currency ?? ctx.currency, ctx.zone.locale)
        : String(value);
    case 'phone':
      return typeof value === 'string' ? formatPhone(value) : String(value);
    case 'file':
      return i18n.t('contactPage.customFields.file');
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** Google Maps directions to a location: its coordinates when known, else its address. */
export function directionsUrl(location: { lat: number | null; lng: number | null; address: string }): string {
  const destination =
    location.lat !== null && location.lng !== null ? `${location.lat},${location.lng}` : location.address;
  return `https://www.google.com/maps/dir/?api=1&destination=${encodeURIComponent(destination)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

function wallParts(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour') % 24, min: get('minute'), s: get('second') };
}

/** An instant as the wall-clock time of a zone, "YYYY-MM-DD HH:mm:ss" (what the date-time pickers edit). */
export function isoToWall(iso: string, timeZone: string): string | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const p = wallParts(at, timeZone);
  return `${p.y}-${pad(p.m)}-${pad(p.d)} ${pad(p.h)}:${pad(p.min)}:${pad(p.s)}`;
}

/** A wall-clock time in a zone ("YYYY-MM-DD HH:mm[:ss]") as an ISO instant. */
export function wallToIso(wall: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(wall);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  // The zone's offset at the guessed instant, applied twice to settle across a DST change.
  let at = asUtc;
  for (let i = 0; i < 2; i++) {
    const p = wallParts(new Date(at), timeZone);
    const shown = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
    at -= shown - asUtc;
  }
  return new Date(at).toISOString();
}
