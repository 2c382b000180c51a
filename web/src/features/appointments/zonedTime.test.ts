import { describe, expect, it } from 'vitest';
import { addDays, formatDayLabel, formatDuration, formatSpan, isoToWall, wallToIso } from './zonedTime.ts';

describe('wall-clock times in a zone', () => {
  it('converts both ways, across daylight saving changes', () => {
    expect(wallToIso('2026-03-29 01:30:00', 'Europe/Berlin')).toBe('2026-03-29T00:30:00.000Z');
    expect(wallToIso('2026-03-29 03:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(wallToIso('2026-07-01', 'America/New_York')).toBe('2026-07-01T04:00:00.000Z');
    expect(isoToWall('2026-10-25T00:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-25 02:30:00');
    expect(isoToWall('2026-01-01T00:00:00.000Z', 'Asia/Kolkata')).toBe('2026-01-01 05:30:00');
  });

  it('walks days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('labels days relative to today in the user’s zone', () => {
    const zone = { locale: 'en', timeZone: 'Europe/Berlin' };
    const now = new Date('2026-03-10T10:00:00.000Z');
    expect(formatDayLabel('2026-03-10T23:30:00.000Z', zone, now)).toBe('Tomorrow');
    expect(formatDayLabel('2026-03-10T05:00:00.000Z', zone, now)).toBe('Today');
    expect(formatDayLabel('2026-03-09T12:00:00.000Z', zone, now)).toBe('Yesterday');
    expect(formatDayLabel('2026-03-13T12:00:00.000Z', zone, now)).toBe('Friday');
    expect(formatDayLabel('2027-01-05T12:00:00.000Z', zone, now)).toMatch(/2027/);
    expect(formatSpan('2026-03-10T13:00:00.000Z', '2026-03-10T14:30:00.000Z', { ...zone, locale: 'en-GB' }, now)).toBe(
      'Today, 14:00 – 15:30',
    );
  });

  it('says how long', () => {
    expect(formatDuration('2026-03-10T13:00:00.000Z', '2026-03-10T13:45:00.000Z')).toBe('45 min');
    expect(formatDuration('2026-03-10T13:00:00.000Z', '2026-03-10T14:30:00.000Z')).toBe('1 h 30 min');
    expect(formatDuration('2026-03-10T00:00:00.000Z', '2026-03-12T00:00:00.000Z')).toBe('2 days');
  });
});
