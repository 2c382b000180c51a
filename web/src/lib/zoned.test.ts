import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  fromPickerValue,
  localDateOf,
  minutesOfDay,
  startOfWeek,
  toPickerValue,
  zonedInstant,
} from './zoned.ts';

describe('wall-clock arithmetic in the user’s zone', () => {
  it('finds the local day and time of an instant, not the browser’s', () => {
    const at = '2026-03-01T23:30:00.000Z';
    expect(localDateOf(at, 'Europe/Berlin')).toBe('2026-03-02');
    expect(minutesOfDay(at, 'Europe/Berlin')).toBe(30);
    expect(localDateOf(at, 'America/New_York')).toBe('2026-03-01');
    expect(minutesOfDay(at, 'America/New_York')).toBe(18 * 60 + 30);
  });

  it('turns a local day and time into the right instant, across daylight-saving switches', () => {
    expect(zonedInstant('2026-01-15', 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(zonedInstant('2026-07-15', 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-07-15T07:00:00.000Z');
    // The night Berlin moves its clocks forward: midnight still exists, 09:00 is already summer time.
    expect(zonedInstant('2026-03-29', 0, 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(zonedInstant('2026-03-29', 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('walks days and weeks (weeks start on Monday)', () => {
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(startOfWeek('2026-03-05')).toBe('2026-03-02');
    expect(startOfWeek('2026-03-08')).toBe('2026-03-02');
    expect(startOfWeek('2026-03-02')).toBe('2026-03-02');
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
  });

  it('round-trips the date-time pickers’ value in the user’s zone', () => {
    const value = toPickerValue('2026-05-04T07:15:00.000Z', 'Europe/Berlin');
    expect(value).toBe('2026-05-04 09:15:00');
    expect(fromPickerValue(value, 'Europe/Berlin')?.toISOString()).toBe('2026-05-04T07:15:00.000Z');
    expect(fromPickerValue('not a date', 'Europe/Berlin')).toBeNull();
  });
});
