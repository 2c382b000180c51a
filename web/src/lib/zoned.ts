// Wall-clock arithmetic in the signed-in user's time zone (not the browser's): which local day an
// instant falls on, when a local day or time begins, and the 'YYYY-MM-DD' days the calendar walks.
import { dateFormat } from './format.ts';

/** A calendar day in the user's zone, as 'YYYY-MM-DD'. */
export type LocalDate = string;

interface Parts {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
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
      // A zone this browser does not know: UTC is the honest fallback.
      f = formatter('UTC');
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function zonedParts(at: Date, timeZone: string): Parts {
  const parts = formatter(timeZone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour') % 24, min: get('minute'), s: get('second') };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const toLocalDate = (y: number, m: number, d: number): LocalDate => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};

function parseLocalDate(date: LocalDate): { y: number; m: number; d: number } {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return { y, m, d };
}

export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** The local day an instant falls on. */
export function localDateOf(at: Date | string, timeZone: string): LocalDate {
  const p = zonedParts(new Date(at), timeZone);
  return toLocalDate(p.y, p.m, p.d);
}

/** Minutes since local midnight of an instant (0–1439). */
export function minutesOfDay(at: Date | string, timeZone: string): number {
  const p = zonedParts(new Date(at), timeZone);
  return p.h * 60 + p.min;
}

/** The instant at `minutes` past local midnight of `date`, daylight-saving switches included. */
export function zonedInstant(date: LocalDate, minutes: number, timeZone: string): Date {
  const { y, m, d } = parseLocalDate(date);
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  const offset = (at: number) => {
    const p = zonedParts(new Date(at), timeZone);
    return Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s) - Math.floor(at / 1000) * 1000;
  };
  // Two passes settle the offset when the wall time sits next to a switch.
  let instant = wall - offset(wall);
  instant = wall - offset(instant);
  return new Date(instant);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const { y, m, d } = parseLocalDate(date);
  return toLocalDate(y, m, d + days);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayIndex(date: LocalDate): number {
  const { y, m, d } = parseLocalDate(date);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** The Monday of the week `date` is in. */
export function startOfWeek(date: LocalDate): LocalDate {
  return addDays(date, -weekdayIndex(date));
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  const a = parseLocalDate(from);
  const b = parseLocalDate(to);
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000);
}

/** 'YYYY-MM-DD HH:mm:ss' in the zone — the value format of Mantine's date-time pickers. */
export function toPickerValue(at: Date | string, timeZone: string): string {
  const p = zonedParts(new Date(at), timeZone);
  return `${toLocalDate(p.y, p.m, p.d)} ${pad(p.h)}:${pad(p.min)}:00`;
}

/** Reads a picker value ('YYYY-MM-DD HH:mm[:ss]') as a wall-clock time in the zone. */
export function fromPickerValue(value: string, timeZone: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  return zonedInstant(match[1]!, Number(match[2]) * 60 + Number(match[3]), timeZone);
}

/** 'HH:mm' of minutes since midnight. */
export function hhmm(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Minutes since midnight of an 'HH:mm' string, or null. */
export function parseHhmm(value: string): number | null {
  const match = /^(\d{1,2}):(\d{2})/.exec(value.trim());
  if (!match) return null;
  const h = Number(match[1]);
  const m = Number(match[2]);
  return h < 24 && m < 60 ? h * 60 + m : null;
}

/** A date-only label in the user's locale for a local day (formatted at noon UTC so no zone shifts it). */
export function formatLocalDate(date: LocalDate, locale: string, options: Intl.DateTimeFormatOptions): string {
  const { y, m, d } = parseLocalDate(date);
  return dateFormat(locale || 'en', { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** "09:30" or "9:30 AM", as the user's locale writes times, for an instant in the zone. */
export function formatTime(at: Date | string, zone: { locale: string; timeZone: string }): string {
  return dateFormat(zone.locale || 'en', {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: zone.timeZone || 'UTC',
  }).format(new Date(at));
}
