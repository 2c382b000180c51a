// Where appointments sit in a day column: each one's part of the day (in minutes), and side-by-side
// columns for the ones that overlap — the layout every week view uses, kept pure so it can be tested.
import type { AppointmentDto } from '../calendar.api.ts';
import { addDays, minutesOfDay, zonedInstant, type LocalDate } from '../../../lib/zoned.ts';

export const DAY_MINUTES = 24 * 60;
/** Short appointments still get a block tall enough to read and to click; overlaps are judged on that block. */
export const MIN_BLOCK_MINUTES = 20;

export interface DaySegment {
  appointment: AppointmentDto;
  /** Minutes after local midnight, clipped to the day. */
  start: number;
  end: number;
  /** The appointment began on an earlier day / goes on past midnight. */
  continuesBefore: boolean;
  continuesAfter: boolean;
}

export interface PlacedSegment extends DaySegment {
  /** The column inside its group of overlapping appointments (0-based) and how many columns it spans. */
  column: number;
  span: number;
  /** How many columns the group has. */
  columns: number;
}

/** The part of each appointment that falls on `date` in the user's zone. */
export function segmentsForDay(appointments: AppointmentDto[], date: LocalDate, timeZone: string): DaySegment[] {
  const dayStart = zonedInstant(date, 0, timeZone).getTime();
  const dayEnd = zonedInstant(addDays(date, 1), 0, timeZone).getTime();
  const out: DaySegment[] = [];
  for (const a of appointments) {
    const s = new Date(a.startsAt).getTime();
    const e = new Date(a.endsAt).getTime();
    if (e <= dayStart || s >= dayEnd) continue;
    const continuesBefore = s < dayStart;
    const continuesAfter = e > dayEnd;
    const start = continuesBefore ? 0 : minutesOfDay(a.startsAt, timeZone);
    let end = continuesAfter || e === dayEnd ? DAY_MINUTES : minutesOfDay(a.endsAt, timeZone);
    // A daylight-saving day can make the wall clock run backwards; never let a block end before it starts.
    if (end <= start) end = Math.min(DAY_MINUTES, start + Math.max(1, Math.round((e - s) / 60_000)));
    out.push({ appointment: a, start, end, continuesBefore, continuesAfter });
  }
  return out;
}

const visualEnd = (s: DaySegment) => Math.min(DAY_MINUTES, Math.max(s.end, s.start + MIN_BLOCK_MINUTES));
const overlaps = (a: DaySegment, b: DaySegment) => a.start < visualEnd(b) && b.start < visualEnd(a);

/**
 * Lays out one day: appointments that overlap (directly or through a chain) form a group whose width is shared
 * by as many columns as the most that run at once; each takes the first free column, then widens to its right
 * while nothing there overlaps it.
 */
export function layoutDay(segments: DaySegment[]): PlacedSegment[] {
  const sorted = [...segments].sort(
    (a, b) => a.start - b.start || b.end - a.end || a.appointment.id.localeCompare(b.appointment.id),
  );
  const placed: PlacedSegment[] = [];
  let group: PlacedSegment[] = [];
  let groupEnd = -1;
  let columnEnds: number[] = [];

  const closeGroup = () => {
    const columns = columnEnds.length;
    for (const p of group) {
      p.columns = columns;
      let span = 1;
      while (
        p.column + span < columns &&
        !group.some((q) => q !== p && q.column === p.column + span && overlaps(p, q))
      ) {
        span++;
      }
      p.span = span;
    }
    placed.push(...group);
    group = [];
    columnEnds = [];
    groupEnd = -1;
  };

  for (const s of sorted) {
    if (group.length && s.start >= groupEnd) closeGroup();
    let column = columnEnds.findIndex((end) => end <= s.start);
    if (column === -1) {
      column = columnEnds.length;
      columnEnds.push(visualEnd(s));
    } else {
      columnEnds[column] = visualEnd(s);
    }
    group.push({ ...s, column, span: 1, columns: 1 });
    groupEnd = Math.max(groupEnd, visualEnd(s));
  }
  if (group.length) closeGroup();
  return placed;
}
