import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { makeSession, renderWithApp } from '../../../test/render.tsx';
import type { AppointmentDto } from '../calendar.api.ts';
import { addDays, zonedInstant } from '../../../lib/zoned.ts';
import { layoutDay, segmentsForDay } from './layout.ts';
import { HOUR_HEIGHT, WeekGrid } from './WeekGrid.tsx';

const ZONE = 'Europe/Berlin';
const MONDAY = '2026-03-02';
const zone = { locale: 'en', timeZone: ZONE };

let n = 0;
/** An appointment on `day` (0 = Monday) from h:m for `minutes`, in Berlin time. */
function appt(
  title: string,
  day: number,
  start: [number, number],
  minutes: number,
  extra: Partial<AppointmentDto> = {},
) {
  const startsAt = zonedInstant(addDays(MONDAY, day), start[0] * 60 + start[1], ZONE);
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    calendar: { id: 'c1', name: 'Viewings', color: 'blue' },
    contact: { id: 'k1', displayName: 'Lena Hoffmann' },
    assignedUser: { id: 'u1', name: 'Ada Admin' },
    title,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + minutes * 60_000).toISOString(),
    location: null,
    meetingUrl: null,
    description: '',
    status: 'scheduled',
    createdBy: null,
    version: 1,
    createdAt: startsAt.toISOString(),
    updatedAt: startsAt.toISOString(),
    ...extra,
  } satisfies AppointmentDto;
}

const week = Array.from({ length: 7 }, (_, i) => addDays(MONDAY, i));

describe('layoutDay', () => {
  it('puts overlapping appointments side by side and lets a free one use the whole width', () => {
    const a = appt('A', 0, [9, 0], 60);
    const b = appt('B', 0, [9, 30], 60);
    const c = appt('C', 0, [10, 0], 60);
    const lone = appt('Lone', 0, [14, 0], 30);
    const placed = layoutDay(segmentsForDay([c, lone, b, a], MONDAY, ZONE));
    const byTitle = Object.fromEntries(placed.map((p) => [p.appointment.title, p]));

    expect(byTitle.A).toMatchObject({ start: 540, end: 600, column: 0, columns: 2, span: 1 });
    expect(byTitle.B).toMatchObject({ start: 570, end: 630, column: 1, columns: 2, span: 1 });
    // C starts when A ends, so it reuses A's column; B still runs beside it.
    expect(byTitle.C).toMatchObject({ start: 600, end: 660, column: 0, columns: 2, span: 1 });
    expect(byTitle.Lone).toMatchObject({ column: 0, columns: 1, span: 1 });
  });

  it('widens an appointment into columns nobody else uses at its time', () => {
    const long = appt('Long', 0, [8, 0], 180);
    const early = appt('Early', 0, [8, 0], 30);
    const late = appt('Late', 0, [10, 0], 30);
    const middle = appt('Middle', 0, [8, 15], 30);
    const placed = layoutDay(segmentsForDay([long, early, late, middle], MONDAY, ZONE));
    const byTitle = Object.fromEntries(placed.map((p) => [p.appointment.title, p]));
    expect(byTitle.Long).toMatchObject({ column: 0, columns: 3, span: 1 });
    expect(byTitle.Early).toMatchObject({ column: 1, columns: 3 });
    expect(byTitle.Middle).toMatchObject({ column: 2, columns: 3 });
    // At 10:00 only "Long" runs beside it: "Late" takes the two free columns.
    expect(byTitle.Late).toMatchObject({ column: 1, span: 2 });
  });

  it('treats very short appointments as tall enough to read when judging overlaps', () => {
    const first = appt('Quick', 0, [11, 0], 5);
    const second = appt('Next', 0, [11, 10], 30);
    const placed = layoutDay(segmentsForDay([first, second], MONDAY, ZONE));
    expect(placed.map((p) => p.columns)).toEqual([2, 2]);
  });

  it('splits an appointment over midnight into the part on each day', () => {
    const overnight = appt('Night shift', 0, [22, 0], 240);
    const monday = segmentsForDay([overnight], MONDAY, ZONE);
    const tuesday = segmentsForDay([overnight], addDays(MONDAY, 1), ZONE);
    expect(monday[0]).toMatchObject({ start: 22 * 60, end: 24 * 60, continuesAfter: true, continuesBefore: false });
    expect(tuesday[0]).toMatchObject({ start: 0, end: 120, continuesBefore: true, continuesAfter: false });
  });
});

describe('WeekGrid', () => {
  const now = zonedInstant(addDays(MONDAY, 2), 10 * 60 + 30, ZONE); // Wednesday 10:30

  it('places appointments by time and length, overlapping ones side by side', async () => {
    const a = appt('Viewing Elbchaussee', 0, [9, 0], 60);
    const b = appt('Intro call', 0, [9, 30], 60);
    const wed = appt('Valuation', 2, [14, 0], 90);
    await renderWithApp(
      <WeekGrid days={week} appointments={[a, b, wed]} zone={zone} now={now} onSlotSelect={vi.fn()} onOpen={vi.fn()} />,
      { session: makeSession() },
    );

    const monday = screen.getByTestId(`day-${MONDAY}`);
    const [first, second] = within(monday).getAllByTestId('calendar-event');
    expect(first).toHaveAccessibleName(/Viewing Elbchaussee, 9:00 AM – 10:00 AM, with Lena Hoffmann, Scheduled/);
    expect(first!.style.top).toBe(`${9 * HOUR_HEIGHT + 1}px`);
    expect(first!.style.height).toBe(`${HOUR_HEIGHT - 2}px`);
    expect(first!.style.left).toBe('calc(0% + 2px)');
    expect(first!.style.width).toBe('calc(50% - 4px)');
    expect(second!.style.top).toBe(`${9.5 * HOUR_HEIGHT + 1}px`);
    expect(second!.style.left).toBe('calc(50% + 2px)');
    expect(second!.style.width).toBe('calc(50% - 4px)');

    const wednesday = within(screen.getByTestId(`day-${addDays(MONDAY, 2)}`)).getByTestId('calendar-event');
    expect(wednesday.style.top).toBe(`${14 * HOUR_HEIGHT + 1}px`);
    expect(wednesday.style.height).toBe(`${1.5 * HOUR_HEIGHT - 2}px`);
    expect(wednesday.style.width).toBe('calc(100% - 4px)');
  });

  it('marks today and draws the current-time line only in its column', async () => {
    await renderWithApp(
      <WeekGrid days={week} appointments={[]} zone={zone} now={now} onSlotSelect={vi.fn()} onOpen={vi.fn()} />,
      { session: makeSession() },
    );
    expect(screen.getByText('4', { selector: 'span' }).closest('[aria-current="date"]')).not.toBeNull();
    const lines = screen.getAllByTestId('now-line');
    expect(lines).toHaveLength(1);
    expect(screen.getByTestId(`day-${addDays(MONDAY, 2)}`)).toContainElement(lines[0]!);
    expect(lines[0]!.style.top).toBe(`${10.5 * HOUR_HEIGHT}px`);
  });

  it('books from a click on free time and opens an appointment on click', async () => {
    const onSlotSelect = vi.fn();
    const onOpen = vi.fn();
    const a = appt('Viewing', 1, [9, 0], 60);
    await renderWithApp(
      <WeekGrid days={week} appointments={[a]} zone={zone} now={now} onSlotSelect={onSlotSelect} onOpen={onOpen} />,
      { session: makeSession() },
    );
    const tuesday = screen.getByTestId(`day-${addDays(MONDAY, 1)}`);
    tuesday.getBoundingClientRect = () => ({
      top: 0,
      left: 0,
      right: 100,
      bottom: 1152,
      width: 100,
      height: 1152,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    });
    tuesday.setPointerCapture = () => undefined;
    // 15:10 lies in the 15:00 half hour; a click books an hour from there.
    fireEvent.pointerDown(tuesday, { button: 0, clientY: 15 * HOUR_HEIGHT + 8, pointerType: 'mouse', pointerId: 1 });
    fireEvent.pointerUp(tuesday, { button: 0, clientY: 15 * HOUR_HEIGHT + 8, pointerType: 'mouse', pointerId: 1 });
    expect(onSlotSelect).toHaveBeenCalledWith({
      start: zonedInstant(addDays(MONDAY, 1), 15 * 60, ZONE),
      end: zonedInstant(addDays(MONDAY, 1), 16 * 60, ZONE),
    });

    fireEvent.click(within(tuesday).getByTestId('calendar-event'));
    expect(onOpen).toHaveBeenCalledWith(a);
  });

  it('drags out a range of half hours', async () => {
    const onSlotSelect = vi.fn();
    await renderWithApp(
      <WeekGrid days={week} appointments={[]} zone={zone} now={now} onSlotSelect={onSlotSelect} onOpen={vi.fn()} />,
      { session: makeSession() },
    );
    const friday = screen.getByTestId(`day-${addDays(MONDAY, 4)}`);
    friday.getBoundingClientRect = () => ({
      top: 0,
      left: 0,
      right: 100,
      bottom: 1152,
      width: 100,
      height: 1152,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    });
    friday.setPointerCapture = () => undefined;
    fireEvent.pointerDown(friday, { button: 0, clientY: 13 * HOUR_HEIGHT + 2, pointerType: 'mouse', pointerId: 1 });
    fireEvent.pointerMove(friday, { clientY: 14 * HOUR_HEIGHT + 30, pointerType: 'mouse', pointerId: 1 });
    expect(friday).toHaveTextContent('13:00 – 15:00');
    fireEvent.pointerUp(friday, { clientY: 14 * HOUR_HEIGHT + 30, pointerType: 'mouse', pointerId: 1 });
    expect(onSlotSelect).toHaveBeenCalledWith({
      start: zonedInstant(addDays(MONDAY, 4), 13 * 60, ZONE),
      end: zonedInstant(addDays(MONDAY, 4), 15 * 60, ZONE),
    });
  });
});
