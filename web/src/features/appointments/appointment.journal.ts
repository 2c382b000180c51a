// Appointments' journal kinds in words (appointment.*): booked, rescheduled, updated, status changed, cancelled.
import {
  IconCalendarCheck,
  IconCalendarEvent,
  IconCalendarPlus,
  IconCalendarTime,
  IconCalendarX,
} from '@tabler/icons-react';
import {
  changesOf,
  edited,
  nameOf,
  newValue,
  oldValue,
  only,
  say,
  sayIf,
  str,
  strong,
  words,
  type Data,
  type DescribeContext,
  type JournalFamily,
} from '../timeline/journal/parts.ts';
import { statusLabel } from './appointmentStatus.ts';
import { formatSpan, formatWhen } from './zonedTime.ts';

const FIELDS = ['title', 'description', 'assignedUser', 'location', 'meetingUrl', 'calendar'];

function when(iso: unknown, ctx: DescribeContext): string | null {
  if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) return null;
  return ctx.zone ? formatWhen(iso, ctx.zone) : iso;
}

function span(startsAt: unknown, endsAt: unknown, ctx: DescribeContext): string | null {
  if (typeof startsAt !== 'string' || typeof endsAt !== 'string') return when(startsAt, ctx);
  return ctx.zone ? formatSpan(startsAt, endsAt, ctx.zone) : `${startsAt} – ${endsAt}`;
}

function appointmentValue(field: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (field === 'description') return String(value).replace(/\s+/g, ' ').trim().slice(0, 240) || null;
  return typeof value === 'object' ? nameOf(value) : String(value);
}

const titleOf = (d: Data) => strong(str(d.title) ?? words('journal.appointment.anAppointment'));

export const appointmentJournal: JournalFamily = {
  family: 'appointment',
  fallback: { icon: IconCalendarEvent, color: 'grape' },
  kinds: {
    'appointment.booked': {
      looks: { icon: IconCalendarPlus, color: 'grape' },
      describe: (d, ctx) => {
        const at = span(d.startsAt, d.endsAt, ctx);
        const who = nameOf(d.assignedUser);
        const calendar = nameOf(d.calendar);
        return only([
          ...say('journal.appointment.booked', { title: titleOf(d) }),
          ...sayIf(at, 'journal.appointment.bookedFor', { at: strong(at ?? '') }),
          ...sayIf(who, 'journal.appointment.bookedWith', { user: strong(who ?? '') }),
          ...sayIf(calendar, 'journal.appointment.inCalendar', { calendar: calendar ?? '' }),
        ]);
      },
    },
    'appointment.rescheduled': {
      looks: { icon: IconCalendarTime, color: 'grape' },
      describe: (d, ctx) => {
        const from = (d.from ?? {}) as Data;
        const to = (d.to ?? {}) as Data;
        const before = span(from.startsAt, from.endsAt, ctx);
        const after = span(to.startsAt, to.endsAt, ctx);
        return only([
          ...say('journal.appointment.rescheduled', { title: titleOf(d) }),
          ...sayIf(before, 'journal.appointment.from', { from: oldValue(before ?? '') }),
          ...sayIf(after, 'journal.appointment.to', { to: newValue(after ?? '') }),
        ]);
      },
    },
    'appointment.updated': {
      looks: { icon: IconCalendarEvent, color: 'grape' },
      describe: (d) => {
        const subject = say('journal.appointment.named', { title: titleOf(d) });
        return edited(
          subject,
          changesOf(
            d,
            (field) => (FIELDS.includes(field) ? words(`journal.appointment.fields.${field}`) : null),
            appointmentValue,
          ),
          say('journal.appointment.updated', { appointment: subject }),
        );
      },
    },
    'appointment.status_changed': {
      looks: { icon: IconCalendarCheck, color: 'grape' },
      describe: (d) =>
        only(
          say('journal.appointment.statusChanged', {
            title: titleOf(d),
            from: oldValue(statusLabel(d.from)),
            to: newValue(statusLabel(d.to)),
          }),
        ),
    },
    'appointment.cancelled': {
      looks: { icon: IconCalendarX, color: 'red' },
      describe: (d, ctx) => {
        const at = when(d.startsAt, ctx);
        return only([
          ...say('journal.appointment.cancelled', { title: titleOf(d) }),
          ...sayIf(at, 'journal.appointment.was', { at: at ?? '' }),
        ]);
      },
    },
  },
};
