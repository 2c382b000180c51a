import { z } from 'zod';
import { appointmentStatuses } from '../../db/schema/activity.ts';
import { Timestamp } from '../../platform/http/schemas.ts';
import { UserRef } from '../notes/notes.schemas.ts';
import { ContactRef } from '../tasks/tasks.schemas.ts';

const Color = z
  .string()
  .trim()
  .regex(/^([a-z]{3,20}|#[0-9a-fA-F]{6})$/, 'A colour name like "blue" or a hex colour like "#1c7ed6"');

export const Calendar = z
  .object({
    id: z.uuid(),
    name: z.string(),
    color: z.string(),
    owner: UserRef.nullable().describe('Set for a personal calendar'),
    team: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('Set for a team calendar'),
    createdAt: Timestamp,
  })
  .meta({ id: 'Calendar' });
export type CalendarDto = z.infer<typeof Calendar>;

export const CreateCalendarBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    ownerUserId: z.uuid().optional().describe('A personal calendar; defaults to you when no team is given'),
    teamId: z.uuid().optional().describe('A team calendar (admins only)'),
    color: Color.default('blue'),
  })
  .refine((b) => !(b.ownerUserId && b.teamId), {
    message: 'A calendar belongs to a user or to a team, not both',
    path: ['teamId'],
  });
export type CreateCalendarInput = z.infer<typeof CreateCalendarBody>;

export const UpdateCalendarBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    ownerUserId: z.uuid(),
    teamId: z.uuid(),
    color: Color,
  })
  .partial()
  .refine((b) => !(b.ownerUserId && b.teamId), {
    message: 'A calendar belongs to a user or to a team, not both',
    path: ['teamId'],
  });
export type UpdateCalendarInput = z.infer<typeof UpdateCalendarBody>;

export const AppointmentStatus = z.enum(appointmentStatuses);

export const Appointment = z
  .object({
    id: z.uuid(),
    calendar: z.object({ id: z.uuid(), name: z.string(), color: z.string() }),
    contact: ContactRef,
    assignedUser: UserRef,
    title: z.string(),
    startsAt: Timestamp,
    endsAt: Timestamp,
    location: z.string().nullable(),
    meetingUrl: z.string().nullable(),
    description: z.string(),
    status: AppointmentStatus,
    createdBy: UserRef.nullable(),
    version: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Appointment' });
export type AppointmentDto = z.infer<typeof Appointment>;

export const Conflict = z.object({
  id: z.uuid(),
  title: z.string().describe('"Busy" when the other appointment’s contact is not visible to you'),
  startsAt: Timestamp,
  endsAt: Timestamp,
  contact: ContactRef.nullable(),
});

export const AppointmentWarning = z
  .object({
    code: z.literal('user_double_booked'),
    detail: z.string(),
    conflicts: z.array(Conflict),
  })
  .meta({ id: 'AppointmentWarning' });
export type AppointmentWarningDto = z.infer<typeof AppointmentWarning>;

export const AppointmentResult = z
  .object({
    appointment: Appointment,
    warnings: z
      .array(AppointmentWarning)
      .describe('The booking is saved; warnings only inform (e.g. the assigned user is already booked then)'),
  })
  .meta({ id: 'AppointmentResult' });

const Url = z.url({ protocol: /^https?$/, message: 'A meeting link must be an http(s) URL' }).max(2000);

export const CreateAppointmentBody = z.object({
  calendarId: z.uuid(),
  assignedUserId: z.uuid().optional().describe('Defaults to the calendar’s owner, else the contact’s owner'),
  title: z.string().trim().min(1).max(300),
  startsAt: Timestamp,
  endsAt: Timestamp.describe('Must be after startsAt'),
  location: z.string().trim().max(500).nullable().optional(),
  meetingUrl: Url.nullable().optional(),
  description: z.string().max(10_000).default(''),
  status: z.enum(['scheduled', 'confirmed']).default('scheduled'),
});
export type CreateAppointmentInput = z.infer<typeof CreateAppointmentBody>;

export const UpdateAppointmentBody = z
  .object({
    calendarId: z.uuid(),
    assignedUserId: z.uuid(),
    title: z.string().trim().min(1).max(300),
    startsAt: Timestamp,
    endsAt: Timestamp,
    location: z.string().trim().max(500).nullable(),
    meetingUrl: Url.nullable(),
    description: z.string().max(10_000),
  })
  .partial();
export type UpdateAppointmentInput = z.infer<typeof UpdateAppointmentBody>;

export const StatusBody = z.object({ status: AppointmentStatus });

const csv = z
  .string()
  .max(200)
  .transform((s) =>
    s
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  )
  .pipe(z.array(AppointmentStatus));

export const AppointmentListQuery = z.object({
  from: Timestamp.describe('Start of the visible range (inclusive)'),
  to: Timestamp.describe('End of the visible range (exclusive); at most 93 days after from'),
  calendarId: z.uuid().optional(),
  userId: z
    .union([z.literal('me'), z.uuid()])
    .optional()
    .describe('The assigned user, or "me"'),
  status: csv.optional().describe('Comma-separated statuses to keep, e.g. scheduled,confirmed'),
});

export const AppointmentRange = z.object({
  data: z.array(Appointment).describe('By start time'),
  truncated: z.boolean().describe('More than 2,000 matched: narrow the range, calendar or user'),
});

export const ContactAppointments = z.object({
  upcoming: z.array(Appointment).describe('Not yet ended, soonest first'),
  past: z.array(Appointment).describe('Ended, most recent first'),
});

export const ShowRateQuery = z.object({
  from: Timestamp,
  to: Timestamp,
  groupBy: z.enum(['calendar', 'user']).default('calendar'),
});

const Counts = {
  showed: z.number().int(),
  noShow: z.number().int(),
  cancelled: z.number().int(),
  scheduled: z.number().int(),
  confirmed: z.number().int(),
  total: z.number().int(),
  showRate: z.number().nullable().describe('showed ÷ (showed + noShow), 0–1; null when both are 0'),
};

export const ShowRateReport = z
  .object({
    groupBy: z.enum(['calendar', 'user']),
    from: Timestamp,
    to: Timestamp,
    rows: z.array(z.object({ id: z.uuid(), name: z.string(), ...Counts })),
    totals: z.object(Counts),
  })
  .meta({ id: 'ShowRateReport' });
export type ShowRateReportDto = z.infer<typeof ShowRateReport>;
