// Times in the signed-in user's zone (not the browser's): the wall-clock strings Mantine's date pickers speak
// ('YYYY-MM-DD HH:mm:ss'), converted to and from instants, and short "Today, 14:00"-style labels.
import { i18n } from '../../app/i18n.ts';
import type { Zone } from '../../lib/format.ts';
import { addDays, localDateOf, zonedInstant, zonedParts } from '../../lib/zoned.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD HH:mm:ss' in `timeZone` for an instant. */
export function isoToWall(iso: string | Date, timeZone: string): string {
  const p = zonedParts(typeof iso === 'string' ? new Date(iso) : iso, timeZone);
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)} ${pad(p.h)}:${pad(p.min)}:${pad(p.s)}`;
}

/** The instant a wall-clock time ('YYYY-MM-DD', 'YYYY-MM-DD HH:mm' or with seconds) in `timeZone` names. */
export function wallToIso(wall: string, timeZone: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(wall.trim());
  if (!match) throw new Error(`Not a date: ${wall}`);
  const [, day, h = '0', min = '0', s = '0'] = match;
  const instant = zonedInstant(day!, Number(h) * 60 + Number(min), timeZone);
  return new Date(instant.getTime() + Number(s) * 1000).toISOString();
}

/** The calendar day of an instant in `timeZone`, as 'YYYY-MM-DD'. */
export const dayOf = (iso: string | Date, timeZone: string): string => localDateOf(iso, timeZone);

export { addDays };

/** The instant a day begins in `timeZone`. */
export const startOfDay = (day: string, timeZone: string) => zonedInstant(day, 0, timeZone).toISOString();

const safe = (zone: Zone): Zone => ({ locale: zone.locale || 'en', timeZone: zone.timeZone || 'UTC' });

export function formatTime(iso: string, zone: Zone): string {
  const z = safe(zone);
  return new Intl.DateTimeFormat(z.locale, { timeStyle: 'short', timeZone: z.timeZone }).format(new Date(iso));
}

/** "Today", "Tomorrow", "Yesterday", a weekday within the coming week, else a short date (with the year if not this one). */
export function formatDayLabel(iso: string, zone: Zone, now: Date = new Date()): string {
  const z = safe(zone);
  const day = dayOf(iso, z.timeZone);
  const today = dayOf(now, z.timeZone);
  const rtf = new Intl.RelativeTimeFormat(z.locale, { numeric: 'auto' });
  for (const delta of [-1, 0, 1]) {
    if (day === addDays(today, delta)) {
      const word = rtf.format(delta, 'day');
      return word.charAt(0).toUpperCase() + word.slice(1);
    }
  }
  const date = new Date(iso);
  if (day > today && day <= addDays(today, 6)) {
    return new Intl.DateTimeFormat(z.locale, { weekday: 'long', timeZone: z.timeZone }).format(date);
  }
  const sameYear = day.slice(0, 4) === today.slice(0, 4);
  return new Intl.DateTimeFormat(z.locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: z.timeZone,
  }).format(date);
}

/** "Today, 14:00" — a day label and the time. */
export function formatWhen(iso: string, zone: Zone, now: Date = new Date()): string {
  return `${formatDayLabel(iso, zone, now)}, ${formatTime(iso, zone)}`;
}

/** "Tomorrow, 14:00 – 15:00", or both ends in full when they fall on different days. */
export function formatSpan(startsAt: string, endsAt: string, zone: Zone, now: Date = new Date()): string {
  const z = safe(zone);
  if (dayOf(startsAt, z.timeZone) === dayOf(endsAt, z.timeZone)) {
    return `${formatWhen(startsAt, z, now)} – ${formatTime(endsAt, z)}`;
  }
  return `${formatWhen(startsAt, z, now)} – ${formatWhen(endsAt, z, now)}`;
}

/** "45 min", "1 h 30 min", "2 days" (in the UI's language). */
export function formatDuration(startsAt: string, endsAt: string): string {
  const minutes = Math.round((new Date(endsAt).getTime() - new Date(startsAt).getTime()) / 60_000);
  if (minutes < 60) return i18n.t('appointments.duration.minutes', { count: minutes });
  if (minutes % (24 * 60) === 0) return i18n.t('appointments.duration.days', { count: minutes / (24 * 60) });
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m
    ? i18n.t('appointments.duration.hoursMinutes', { hours: h, minutes: m })
    : i18n.t('appointments.duration.hours', { count: h });
}
