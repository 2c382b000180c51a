// The week and day views: day columns by hours on a 30-minute grid, appointments placed by time and length,
// overlapping ones side by side, today and the current time marked. Click or drag on empty time to book.
import { useLayoutEffect, useRef, useState, type CSSProperties, type PointerEvent } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import type { AppointmentDto } from '../calendar.api.ts';
import { APPOINTMENT_STATUS, calendarColor } from '../appearance.tsx';
import {
  formatLocalDate,
  formatTime,
  hhmm,
  localDateOf,
  minutesOfDay,
  zonedInstant,
  type LocalDate,
} from '../../../lib/zoned.ts';
import { DAY_MINUTES, layoutDay, MIN_BLOCK_MINUTES, segmentsForDay, type PlacedSegment } from './layout.ts';
import classes from './WeekGrid.module.css';

// Tall enough that a 30-minute appointment holds a readable line of its title.
export const HOUR_HEIGHT = 56;
const SLOT_MINUTES = 30;
const SLOTS = DAY_MINUTES / SLOT_MINUTES;
/** A click (not a drag) books this long. */
const CLICK_MINUTES = 60;
/** Where the grid opens when nothing starts earlier. */
const WORKDAY_START = 8 * 60;

export interface Zone {
  locale: string;
  timeZone: string;
}

export interface WeekGridProps {
  days: LocalDate[];
  appointments: AppointmentDto[];
  zone: Zone;
  now: Date;
  onSlotSelect(range: { start: Date; end: Date }): void;
  onOpen(appointment: AppointmentDto): void;
  /** The grid's visible height (CSS length); it scrolls inside. */
  height?: string;
}

export function WeekGrid({ days, appointments, zone, now, onSlotSelect, onOpen, height = '70vh' }: WeekGridProps) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const today = localDateOf(now, zone.timeZone);
  const perDay = days.map((date) => ({ date, placed: layoutDay(segmentsForDay(appointments, date, zone.timeZone)) }));

  // Open at the working day (8:00), or earlier when an appointment starts earlier, whenever the shown days
  // change — and once more when the first appointments arrive, as long as the user has not scrolled yet. A
  // block carried over from the previous day starts at midnight but says nothing about the working day.
  const firstDay = days[0];
  const earliest = Math.min(
    ...perDay.flatMap((d) => d.placed.filter((p) => !p.continuesBefore).map((p) => p.start)),
    WORKDAY_START,
  );
  const autoScrolled = useRef<number | null>(null);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const top = Math.max(0, ((earliest - 30) / 60) * HOUR_HEIGHT);
    const rangeChanged = autoScrolled.current === null || el.dataset.range !== `${firstDay}/${days.length}`;
    // New data must not yank the view away from where the user scrolled.
    if (rangeChanged || el.scrollTop === autoScrolled.current) {
      el.scrollTop = top;
      autoScrolled.current = el.scrollTop;
      el.dataset.range = `${firstDay}/${days.length}`;
    }
  }, [firstDay, days.length, earliest]);

  const style = {
    '--days': days.length,
    '--hour-height': `${HOUR_HEIGHT}px`,
    '--gutter-width': '56px',
    '--grid-min-width': days.length > 1 ? '720px' : '0',
    maxHeight: height,
  } as CSSProperties;

  return (
    <div className={classes.scroller} style={style} ref={scroller} data-testid="calendar-grid">
      <div className={classes.inner}>
        <div className={classes.head}>
          <div className={classes.zoneLabel} title={t('appointments.timesIn', { zone: zone.timeZone })}>
            {zoneAbbreviation(zone.timeZone, now)}
          </div>
          {days.map((date) => (
            <div
              key={date}
              className={classes.dayHead}
              data-today={date === today || undefined}
              aria-current={date === today ? 'date' : undefined}
            >
              <span className={classes.weekday}>{formatLocalDate(date, zone.locale, { weekday: 'short' })}</span>
              <span className={classes.dayNumber}>{formatLocalDate(date, zone.locale, { day: 'numeric' })}</span>
            </div>
          ))}
        </div>
        <div className={classes.body}>
          <div className={classes.gutter} aria-hidden="true">
            {Array.from({ length: 23 }, (_, i) => (
              <span key={i} className={classes.hourLabel} style={{ top: (i + 1) * HOUR_HEIGHT }}>
                {hourLabel(i + 1, zone.locale)}
              </span>
            ))}
          </div>
          {perDay.map(({ date, placed }) => (
            <DayColumn
              key={date}
              date={date}
              placed={placed}
              zone={zone}
              isToday={date === today}
              nowMinutes={date === today ? minutesOfDay(now, zone.timeZone) : null}
              onSlotSelect={onSlotSelect}
              onOpen={onOpen}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

function DayColumn({
  date,
  placed,
  zone,
  isToday,
  nowMinutes,
  onSlotSelect,
  onOpen,
}: {
  date: LocalDate;
  placed: PlacedSegment[];
  zone: Zone;
  isToday: boolean;
  nowMinutes: number | null;
  onSlotSelect: WeekGridProps['onSlotSelect'];
  onOpen: WeekGridProps['onOpen'];
}) {
  const [drag, setDrag] = useState<{ anchor: number; current: number; moved: boolean } | null>(null);

  const slotAt = (e: PointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return Math.min(SLOTS - 1, Math.max(0, Math.floor((e.clientY - rect.top) / (HOUR_HEIGHT / 2))));
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || e.target !== e.currentTarget) return;
    const slot = slotAt(e);
    // Touch keeps scrolling the grid; a mouse or pen can drag out a range.
    if (e.pointerType === 'mouse' || e.pointerType === 'pen') e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ anchor: slot, current: slot, moved: false });
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const slot = slotAt(e);
    if (slot !== drag.current) setDrag({ ...drag, current: slot, moved: true });
  };
  const onPointerUp = () => {
    if (!drag) return;
    setDrag(null);
    const first = Math.min(drag.anchor, drag.current);
    const last = Math.max(drag.anchor, drag.current);
    const startMinutes = first * SLOT_MINUTES;
    const endMinutes = drag.moved ? (last + 1) * SLOT_MINUTES : Math.min(DAY_MINUTES, startMinutes + CLICK_MINUTES);
    onSlotSelect({
      start: zonedInstant(date, startMinutes, zone.timeZone),
      end: zonedInstant(date, endMinutes, zone.timeZone),
    });
  };

  const selection = drag && {
    start: Math.min(drag.anchor, drag.current) * SLOT_MINUTES,
    end: (Math.max(drag.anchor, drag.current) + 1) * SLOT_MINUTES,
  };

  return (
    <div
      className={classes.column}
      data-today={isToday || undefined}
      data-testid={`day-${date}`}
      role="group"
      aria-label={formatLocalDate(date, zone.locale, { weekday: 'long', day: 'numeric', month: 'long' })}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => setDrag(null)}
    >
      {placed.map((p) => (
        <EventBlock key={p.appointment.id} placed={p} zone={zone} onOpen={onOpen} />
      ))}
      {selection && (
        <div
          className={classes.selection}
          style={{
            top: (selection.start / 60) * HOUR_HEIGHT,
            height: ((selection.end - selection.start) / 60) * HOUR_HEIGHT,
          }}
        >
          {hhmm(selection.start)} – {hhmm(selection.end === DAY_MINUTES ? 0 : selection.end)}
        </div>
      )}
      {nowMinutes !== null && (
        <div className={classes.nowLine} style={{ top: (nowMinutes / 60) * HOUR_HEIGHT }} data-testid="now-line" />
      )}
    </div>
  );
}

function EventBlock({ placed, zone, onOpen }: { placed: PlacedSegment; zone: Zone; onOpen(a: AppointmentDto): void }) {
  const { t } = useTranslation();
  const a = placed.appointment;
  const minutes = Math.max(placed.end - placed.start, MIN_BLOCK_MINUTES);
  const height = (minutes / 60) * HOUR_HEIGHT - 2;
  // Short blocks get one line: the title (wrapping to a second one where there is room), the time in the tooltip.
  const compact = height < 46;
  const narrow = placed.span / placed.columns < 1;
  const status = APPOINTMENT_STATUS[a.status];
  const StatusIcon = status.icon;
  const time = `${formatTime(a.startsAt, zone)} – ${formatTime(a.endsAt, zone)}`;
  const style = {
    '--event-color': calendarColor(a.calendar.color),
    top: (placed.start / 60) * HOUR_HEIGHT + 1,
    height,
    left: `calc(${(placed.column / placed.columns) * 100}% + 2px)`,
    width: `calc(${(placed.span / placed.columns) * 100}% - 4px)`,
  } as CSSProperties;

  return (
    <button
      type="button"
      className={classes.event}
      style={style}
      data-status={a.status}
      data-compact={compact || undefined}
      data-narrow={narrow || undefined}
      title={`${a.title}\n${time} · ${a.contact.displayName}\n${status.label}`}
      data-continues-before={placed.continuesBefore || undefined}
      data-continues-after={placed.continuesAfter || undefined}
      data-testid="calendar-event"
      data-column={placed.column}
      data-columns={placed.columns}
      aria-label={t('calendar.grid.eventLabel', {
        title: a.title,
        time,
        name: a.contact.displayName,
        status: status.label,
      })}
      onPointerDown={(e) => e.stopPropagation()}
      onClick={() => onOpen(a)}
    >
      <span className={classes.eventTitle}>
        {a.status !== 'scheduled' && <StatusIcon size={12} stroke={2.2} aria-hidden="true" style={{ flex: 'none' }} />}
        <span className={classes.eventTitleText}>{a.title}</span>
      </span>
      {/* A short block keeps its line for the title; its place on the grid and the tooltip give the time. */}
      {!compact && <span className={classes.eventMeta}>{narrow ? formatTime(a.startsAt, zone) : time}</span>}
      {!compact && height > 76 && <span className={classes.eventMeta}>{a.contact.displayName}</span>}
    </button>
  );
}

function hourLabel(hour: number, locale: string): string {
  return new Intl.DateTimeFormat(locale || 'en', { hour: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, 1, hour)),
  );
}

/** "GMT+1" for the zone at this moment, shown above the hour labels. */
function zoneAbbreviation(timeZone: string, at: Date): string {
  try {
    const parts = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(at);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}
