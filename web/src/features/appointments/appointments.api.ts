// A contact's appointments: the upcoming and past lists, booking, rescheduling and status changes (with
// If-Match), and the assigned user's other bookings for the warning shown before booking. Keys: the contact's
// list under ['contact', id, 'appointments']; calendars ['calendars']; anything across contacts ['appointments', …].
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AppointmentDto,
  AppointmentWarningDto,
  CalendarDto,
  ContactAppointments,
  CreateAppointmentBody,
  UpdateAppointmentBody,
} from '@dossier/contract';
import { api, qs } from '../../lib/api.ts';
import type { AppointmentStatus } from './appointmentStatus.ts';

export type { AppointmentDto, AppointmentWarningDto, CalendarDto };
export type CreateAppointmentInput = z.input<typeof CreateAppointmentBody>;
export type UpdateAppointmentInput = z.input<typeof UpdateAppointmentBody>;
export interface AppointmentResult {
  appointment: AppointmentDto;
  warnings: AppointmentWarningDto[];
}

export const contactAppointmentsQuery = (contactId: string) =>
  queryOptions({
    queryKey: ['contact', contactId, 'appointments'],
    queryFn: () => api.get<z.infer<typeof ContactAppointments>>(`/contacts/${contactId}/appointments`),
  });

export const calendarsQuery = queryOptions({
  queryKey: ['calendars'],
  queryFn: async () => (await api.get<{ data: CalendarDto[] }>('/calendars')).data,
});

/** The user's live bookings overlapping [from, to): what makes the "already booked" warning before saving. */
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

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export const appointmentWrites = (contactId: string) => ({
  book: (input: CreateAppointmentInput) => api.post<AppointmentResult>(`/contacts/${contactId}/appointments`, input),
  update: (a: Pick<AppointmentDto, 'id' | 'version'>, input: UpdateAppointmentInput) =>
    api.patch<AppointmentResult>(`/appointments/${a.id}`, input, ifMatch(a.version)),
  setStatus: (a: Pick<AppointmentDto, 'id' | 'version'>, status: AppointmentStatus) =>
    api.post<AppointmentResult>(`/appointments/${a.id}/status`, { status }, ifMatch(a.version)),
});

/** After an appointment changes: the contact's lists, upcoming and timeline, and the calendar and its report. */
export async function afterAppointmentChange(queryClient: QueryClient, contactId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['contact', contactId, 'appointments'] }),
    queryClient.invalidateQueries({ queryKey: ['contact', contactId, 'upcoming'] }),
    queryClient.invalidateQueries({ queryKey: ['contact', contactId, 'timeline'] }),
    queryClient.invalidateQueries({ queryKey: ['appointments'] }),
  ]);
}

/** A calendar's colour as CSS: a theme colour name or a hex value. */
export function calendarColor(color: string): string {
  return color.startsWith('#') ? color : `var(--mantine-color-${color}-filled)`;
}
