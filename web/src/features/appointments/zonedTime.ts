// Times in the signed-in user's zone (not the browser's): the wall-clock strings Mantine's date pickers speak
// ('YYYY-MM-DD HH:mm:ss'), converted to and from instants, and short "Today, 14:00"-style labels.
import type { Zone } from '../../lib/format.ts';

interface Parts {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partFormatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      f = partsFormatter('UTC');
    }
    partFormatters.set(timeZone, f);
  }
  return f;
}

function partsIn(at: Date, timeZone: string): Parts {
  const parts = partsFormatter(timeZone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour') % 24, min: get('minute'), s: get('second') };
}

/** How far the zone's wall clock is ahead of UTC at `at`, in milliseconds. */
function offsetMs(at: Date, timeZone: string): number {
  const p = partsIn(at, timeZone);
  const wallAsUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
  return wallAsUtc - Math.floor(at.getTime() / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD HH:mm:ss' in `timeZone` for an instant. */
export function isoToWall(iso: string | Date, timeZone: string): string {
  const p = partsIn(typeof iso === 'string' ? new Date(iso) : iso, timeZone);
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)} ${pad(p.h)}:${pad(p.min)}:${pad(p.s)}`;
}

/** The instant a wall-clock time ('YYYY-MM-DD', 'YYYY-MM-DD HH:mm' or with seconds) in `timeZone` names. */
export function wallToIso(wall: string, timeZone: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(wall.trim());
  if (!match) throw new Error(`Not a date: ${wall}`);
  const [, y, m, d, h = '0', min = '0', s = '0'] = match;
  const asUtc = Date.UTC(Number(y), Number(m) - 1, Number(d), Number(h), Number(min), Number(s));
  // The offset at the guess, then again at the corrected instant (they differ only across a DST change).
  const first = asUtc - offsetMs(new Date(asUtc), timeZone);
  const second = asUtc - offsetMs(new Date(first), timeZone);
  return new Date(second).toISOString();
}

/** The calendar day of an instant in `timeZone`, as 'YYYY-MM-DD'. */
export function dayOf(iso: string | Date, timeZone: string): string {
  return isoToWall(iso, timeZone).slice(0, 10);
}

/** 'YYYY-MM-DD' plus `days`. */
export function addDays(day: string, days: number): string {
  const [y = 1970, m = 1, d = 1] = day.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** The instant a day begins in `timeZone`. */
export const startOfDay = (day: string, timeZone: string) => wallToIso(`${day} 00:00:00`, timeZone);

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

/** "45 min", "1 h 30 min", "2 days". */
export function formatDuration(startsAt: string, endsAt: string): string {
  const minutes = Math.round((new Date(endsAt).getTime() - new Date(startsAt).getTime()) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} ${minutes === 24 * 60 ? 'day' : 'days'}`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}
