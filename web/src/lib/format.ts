// Dates and times in the signed-in user's locale and time zone (not the browser's).

export interface Zone {
  locale: string;
  timeZone: string;
}

const safeZone = (zone: Zone): Zone => ({ locale: zone.locale || 'en', timeZone: zone.timeZone || 'UTC' });

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

/**
 * One Intl.DateTimeFormat per locale and options, made once: making one costs far more than using
 * it, and a page of fifty contacts formats a few hundred dates.
 */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  let f = relativeFormats.get(locale);
  if (!f) relativeFormats.set(locale, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  return f;
}

export function formatDate(iso: string, zone: Zone): string {
  const z = safeZone(zone);
  return dateFormat(z.locale, { dateStyle: 'medium', timeZone: z.timeZone }).format(new Date(iso));
}

/**
 * A moment as the whole app writes it — "Wed, Dec 16, 10:10 AM" / "Mi., 16. Dez., 10:10" — with the year only
 * when it is not this year's. Lists, tooltips, notifications and due dates all use this one form.
 */
export function formatDateTime(iso: string, zone: Zone, now: Date = new Date()): string {
  const z = safeZone(zone);
  const at = new Date(iso);
  const year = (d: Date) => dateFormat('en', { year: 'numeric', timeZone: z.timeZone }).format(d);
  const date = dateFormat(z.locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(year(at) === year(now) ? {} : { year: 'numeric' }),
    timeZone: z.timeZone,
  }).format(at);
  return `${date}, ${formatClock(iso, z)}`;
}

/** "09:30" or "9:30 AM", as the user's locale writes times. */
export function formatClock(iso: string, zone: Zone): string {
  const z = safeZone(zone);
  return dateFormat(z.locale, { hour: 'numeric', minute: '2-digit', timeZone: z.timeZone }).format(new Date(iso));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago", "in 2 hours", "just now" — for recency where the exact instant matters less. */
export function formatRelative(iso: string, zone: Pick<Zone, 'locale'>, now: Date = new Date()): string {
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  const rtf = relativeFormat(zone.locale || 'en');
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return rtf.format(0, 'second');
}

/** Every IANA time zone the runtime knows, for pickers; UTC first because it is not in the list everywhere. */
export function timeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** "Europe/Berlin (GMT+1)"-style label with the zone's current offset. */
export function timeZoneLabel(timeZone: string, now: Date = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(now);
    const offset = parts.find((p) => p.type === 'timeZoneName')?.value;
    return offset ? `${timeZone.replaceAll('_', ' ')} (${offset})` : timeZone;
  } catch {
    return timeZone;
  }
}

/** The browser's own zone, a sensible default for a new user's profile. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * "€125,000" / "125.000 €" as the user's locale writes an amount; cents only when there are any.
 * `compact` writes "€125K" for chart axes. Amounts arrive as decimal strings from the API.
 */
export function formatMoney(
  amount: string | number,
  currency: string,
  locale: string,
  opts: { compact?: boolean } = {},
): string {
  const value = Number(amount);
  const cents = !opts.compact && !Number.isInteger(value);
  const key = `${locale}|${currency}|${opts.compact ? 'c' : cents ? '2' : '0'}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale || 'en', {
      style: 'currency',
      currency,
      ...(opts.compact
        ? { notation: 'compact', maximumFractionDigits: 1 }
        : { minimumFractionDigits: cents ? 2 : 0, maximumFractionDigits: cents ? 2 : 0 }),
    });
    moneyFormats.set(key, f);
  }
  return f.format(value);
}
