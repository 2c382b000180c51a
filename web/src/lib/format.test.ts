import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatRelative, timeZoneLabel } from './format.ts';

describe('formatting in the user’s zone', () => {
  // 23:30 UTC on 1 March is already 2 March in Berlin and still 1 March in New York.
  const instant = '2026-03-01T23:30:00.000Z';

  it('uses the user’s time zone, not the machine’s', () => {
    expect(formatDate(instant, { locale: 'en', timeZone: 'Europe/Berlin' })).toBe('Mar 2, 2026');
    expect(formatDate(instant, { locale: 'en', timeZone: 'America/New_York' })).toBe('Mar 1, 2026');
    const thatYear = new Date('2026-06-01T00:00:00Z');
    expect(formatDateTime(instant, { locale: 'en', timeZone: 'Europe/Berlin' }, thatYear)).toMatch(
      /^Mon, Mar 2, 12:30\sAM$/,
    );
  });

  it('writes a moment one way everywhere, with the year only when it is not this year', () => {
    const zone = { locale: 'en', timeZone: 'Europe/Berlin' };
    expect(formatDateTime('2026-12-16T09:10:00Z', zone, new Date('2026-12-01T00:00:00Z'))).toMatch(
      /^Wed, Dec 16, 10:10\sAM$/,
    );
    expect(formatDateTime('2026-12-16T09:10:00Z', zone, new Date('2027-01-05T00:00:00Z'))).toMatch(
      /^Wed, Dec 16, 2026, 10:10\sAM$/,
    );
    expect(
      formatDateTime(
        '2026-12-16T09:10:00Z',
        { locale: 'de', timeZone: 'Europe/Berlin' },
        new Date('2026-12-01T00:00:00Z'),
      ),
    ).toBe('Mi., 16. Dez., 10:10');
  });

  it('writes dates the way the user’s language does', () => {
    expect(formatDate(instant, { locale: 'de', timeZone: 'Europe/Berlin' })).toBe('02.03.2026');
  });

  it('describes recency relative to now', () => {
    const now = new Date('2026-03-04T12:00:00.000Z');
    expect(formatRelative('2026-03-01T12:00:00.000Z', { locale: 'en' }, now)).toBe('3 days ago');
    expect(formatRelative('2026-03-04T11:59:40.000Z', { locale: 'en' }, now)).toBe('now');
    expect(formatRelative('2026-03-04T10:00:00.000Z', { locale: 'de' }, now)).toBe('vor 2 Stunden');
  });

  it('labels a time zone with its current offset', () => {
    expect(timeZoneLabel('America/New_York', new Date('2026-01-15T12:00:00Z'))).toBe('America/New York (GMT-5)');
  });
});
