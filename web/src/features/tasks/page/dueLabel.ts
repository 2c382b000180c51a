// "Today, 14:00", "Tomorrow, 09:00", "Mon 12 May, 09:00": a due time as people say it, in the user's zone.
import { daysBetween, formatLocalDate, formatTime, localDateOf } from '../../../lib/zoned.ts';

export function dueLabel(iso: string, zone: { locale: string; timeZone: string }, now: Date = new Date()): string {
  const day = localDateOf(iso, zone.timeZone);
  const offset = daysBetween(localDateOf(now, zone.timeZone), day);
  const time = formatTime(iso, zone);
  const relative = new Intl.RelativeTimeFormat(zone.locale || 'en', { numeric: 'auto' });
  if (offset >= -1 && offset <= 1) {
    const word = relative.format(offset, 'day');
    return `${word.charAt(0).toUpperCase()}${word.slice(1)}, ${time}`;
  }
  const sameYear = day.slice(0, 4) === localDateOf(now, zone.timeZone).slice(0, 4);
  const date = formatLocalDate(day, zone.locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
  return `${date}, ${time}`;
}
