import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { etag, versionFromIfMatch } from '../notes/if-match.ts';
import { IfMatchHeaders } from '../notes/notes.schemas.ts';
import {
  Appointment,
  AppointmentListQuery,
  AppointmentRange,
  AppointmentResult,
  Calendar,
  ContactAppointments,
  CreateAppointmentBody,
  CreateCalendarBody,
  ShowRateQuery,
  ShowRateReport,
  StatusBody,
  UpdateAppointmentBody,
  UpdateCalendarBody,
} from './calendar.schemas.ts';
import {
  createAppointment,
  getAppointment,
  listAppointments,
  listContactAppointments,
  setAppointmentStatus,
  updateAppointment,
} from './appointments.service.ts';
import { createCalendar, deleteCalendar, getCalendar, listCalendars, updateCalendar } from './calendars.service.ts';
import { showRateReport } from './show-rate.service.ts';

const calendarTags = ['Calendars'];
const tags = ['Appointments'];

export const calendarRoutes: RoutePlugin = async (app) => {
  app.get(
    '/calendars',
    {
      schema: {
        tags: calendarTags,
        summary: 'The workspace’s calendars (personal and team)',
        response: { 200: z.object({ data: z.array(Calendar) }) },
      },
    },
    async (req) => ({ data: await listCalendars({ ctx: req.ctx }) }),
  );

  app.post(
    '/calendars',
    {
      schema: {
        tags: calendarTags,
        summary: 'Create a calendar for a user (members: only their own) or a team (admins)',
        body: CreateCalendarBody,
        response: { 201: Calendar, ...errors(403) },
      },
    },
    async (req, reply) => reply.status(201).send(await createCalendar({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    '/calendars/:id',
    {
      schema: {
        tags: calendarTags,
        summary: 'One calendar',
        params: IdParams,
        response: { 200: Calendar, ...errors(404) },
      },
    },
    async (req) => getCalendar({ ctx: req.ctx, calendarId: req.params.id }),
  );

  app.patch(
    '/calendars/:id',
    {
      schema: {
        tags: calendarTags,
        summary: 'Rename, recolour or give a calendar to another user or team',
        params: IdParams,
        body: UpdateCalendarBody,
        response: { 200: Calendar, ...errors(403, 404) },
      },
    },
    async (req) => updateCalendar({ ctx: req.ctx, calendarId: req.params.id, input: req.body }),
  );

  app.delete(
    '/calendars/:id',
    {
      schema: {
        tags: calendarTags,
        summary: 'Delete a calendar with its past and cancelled appointments',
        description:
          'Refused with 409 calendar_has_appointments while appointments that have not ended are booked on it.',
        params: IdParams,
        response: { 204: z.undefined(), ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await deleteCalendar({ ctx: req.ctx, calendarId: req.params.id });
      return reply.status(204).send();
    },
  );

  app.get(
    '/appointments',
    {
      schema: {
        tags,
        summary: 'Appointments overlapping a time range (the week and day calendar views)',
        querystring: AppointmentListQuery,
        response: { 200: AppointmentRange },
      },
    },
    async (req) => listAppointments({ ctx: req.ctx, ...req.query }),
  );

  app.get(
    '/contacts/:id/appointments',
    {
      schema: {
        tags,
        summary: 'A contact’s appointments: upcoming (soonest first) and past (latest first)',
        params: IdParams,
        response: { 200: ContactAppointments, ...errors(404) },
      },
    },
    async (req) => listContactAppointments({ ctx: req.ctx, contactId: req.params.id }),
  );

  app.post(
    '/contacts/:id/appointments',
    {
      schema: {
        tags,
        summary: 'Book an appointment; an overlap for the assigned user is a warning, not a refusal',
        params: IdParams,
        body: CreateAppointmentBody,
        response: { 201: AppointmentResult, ...errors(404, 409) },
      },
    },
    async (req, reply) => {
      const res = await createAppointment({ ctx: req.ctx, contactId: req.params.id, input: req.body });
      return reply.status(201).header('etag', etag(res.appointment.version)).send(res);
    },
  );

  app.get(
    '/appointments/:id',
    {
      schema: {
        tags,
        summary: 'One appointment',
        params: IdParams,
        response: { 200: Appointment, ...errors(404) },
      },
    },
    async (req, reply) => {
      const appointment = await getAppointment({ ctx: req.ctx, appointmentId: req.params.id });
      return reply.header('etag', etag(appointment.version)).send(appointment);
    },
  );

  app.patch(
    '/appointments/:id',
    {
      schema: {
        tags,
        summary: 'Reschedule or edit an appointment (If-Match with its version refuses a stale edit)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateAppointmentBody,
        response: { 200: AppointmentResult, ...errors(404, 409) },
      },
    },
    async (req, reply) => {
      const res = await updateAppointment({
        ctx: req.ctx,
        appointmentId: req.params.id,
        input: req.body,
        expectedVersion: versionFromIfMatch(req.headers['if-match']),
      });
      return reply.header('etag', etag(res.appointment.version)).send(res);
    },
  );

  app.post(
    '/appointments/:id/status',
    {
      schema: {
        tags,
        summary: 'Set the status: scheduled, confirmed, showed, no_show or cancelled',
        description:
          'Every change writes appointment.status_changed {from, to} (the workflow trigger); cancelling also writes appointment.cancelled. ' +
          'Showed and no_show are refused with 409 appointment_not_started while the appointment has not started.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: StatusBody,
        response: { 200: AppointmentResult, ...errors(404, 409) },
      },
    },
    async (req, reply) => {
      const res = await setAppointmentStatus({
        ctx: req.ctx,
        appointmentId: req.params.id,
        status: req.body.status,
        expectedVersion: versionFromIfMatch(req.headers['if-match']),
      });
      return reply.header('etag', etag(res.appointment.version)).send(res);
    },
  );

  app.get(
    '/reports/show-rate',
    {
      schema: {
        tags: ['Reports'],
        summary: 'Show rate per calendar or per user over appointments starting in a range',
        querystring: ShowRateQuery,
        response: { 200: ShowRateReport },
      },
    },
    async (req) => showRateReport({ ctx: req.ctx, ...req.query }),
  );
};
