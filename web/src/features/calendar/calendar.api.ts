// Calls and cache keys for calendars, appointments and the show-rate report; types come from the server's schemas.
// Keys: ['calendars'] for the calendar library, ['appointments', …] for everything the calendar page shows.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AppointmentDto,
  AppointmentStatus,
  AppointmentWarningDto,
  CalendarDto,
  CreateAppointmentBody,
  CreateCalendarBody,
  ShowRateReportDto,
  UpdateAppointmentBody,
  UpdateCalendarBody,
} from '@dossier/contract';
import { api, qs } from '../../lib/api.ts';

export type { AppointmentDto, AppointmentWarningDto, CalendarDto, ShowRateReportDto };
export type AppointmentStatusValue = z.infer<typeof AppointmentStatus>;
export type CreateCalendarInput = z.input<typeof CreateCalendarBody>;
export type UpdateCalendarInput = z.input<typeof UpdateCalendarBody>;
export type CreateAppointmentInput = z.input<typeof CreateAppointmentBody>;
export type UpdateAppointmentInput = z.input<typeof UpdateAppointmentBody>;
export interface AppointmentResultDto {
  appointment: AppointmentDto;
  warnings: AppointmentWarningDto[];
}
export type ShowRateGroup = 'calendar' | 'user';

// Calendars --------------------------------------------------------------------------------------------------------

export const calendarsQuery = queryOptions({
  queryKey: ['calendars'],
  queryFn: async () => (await api.get<{ data: CalendarDto[] }>('/calendars')).data,
});
export const createCalendar = (input: CreateCalendarInput) => api.post<CalendarDto>('/calendars', input);
export const updateCalendar = (id: string, input: UpdateCalendarInput) =>
  api.patch<CalendarDto>(`/calendars/${id}`, input);
export const deleteCalendar = (id: string) => api.delete(`/calendars/${id}`);

// Appointments -----------------------------------------------------------------------------------------------------

export interface RangeFilter {
  from: string;
  to: string;
  /** A user id, "me", or undefined for everyone. */
  userId?: string;
}

export const appointmentsQuery = (f: RangeFilter) =>
  queryOptions({
    queryKey: ['appointments', 'range', f],
    queryFn: () =>
      api.get<{ data: AppointmentDto[]; truncated: boolean }>(
        `/appointments${qs({ from: f.from, to: f.to, userId: f.userId })}`,
      ),
  });

/** The assigned user's other live bookings in a time range: the warning shown before booking. */
export const busyQuery = (userId: string, from: string, to: string) =>
  queryOptions({
    queryKey: ['appointments', 'busy', userId, from, to],
    queryFn: async () =>
      (
        await api.get<{ data: AppointmentDto[] }>(
          `/appointments${qs({ from, to, userId, status: 'scheduled,confirmed,showed,no_show' })}`,
        )
      ).data,
    staleTime: 10_000,
  });

export const bookAppointment = (contactId: string, input: CreateAppointmentInput) =>
  api.post<AppointmentResultDto>(`/contacts/${contactId}/appointments`, input);
export const updateAppointment = (id: string, input: UpdateAppointmentInput) =>
  api.patch<AppointmentResultDto>(`/appointments/${id}`, input);
export const setAppointmentStatus = (id: string, status: AppointmentStatusValue) =>
  api.post<AppointmentResultDto>(`/appointments/${id}/status`, { status });

/** After any appointment change: the calendar, the report, and the contact's own appointment lists. */
export async function afterAppointmentChange(queryClient: QueryClient, contactId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['appointments'] }),
    queryClient.invalidateQueries({ queryKey: ['contact', contactId] }),
  ]);
}

// Report -----------------------------------------------------------------------------------------------------------

export const showRateQuery = (from: string, to: string, groupBy: ShowRateGroup) =>
  queryOptions({
    queryKey: ['appointments', 'show-rate', { from, to, groupBy }],
    queryFn: () => api.get<ShowRateReportDto>(`/reports/show-rate${qs({ from, to, groupBy })}`),
  });
