// An appointment's status in words, colour and icon — the one description used by the contact's Appointments
// tab, the calendar and its drawer — and the moves a user makes from each one.
import type { MantineColor } from '@mantine/core';
import {
  IconCalendarCheck,
  IconCalendarEvent,
  IconCalendarX,
  IconCircleCheck,
  IconUserX,
  type Icon,
} from '@tabler/icons-react';
import type { AppointmentDto } from '@dossier/contract';
import { i18n } from '../../app/i18n.ts';

export type AppointmentStatus = AppointmentDto['status'];

export interface StatusLook {
  /** The status's name in the UI's current language. */
  readonly label: string;
  readonly color: MantineColor;
  readonly icon: Icon;
}

const look = (status: AppointmentStatus, color: MantineColor, icon: Icon): StatusLook => ({
  get label() {
    return statusLabel(status);
  },
  color,
  icon,
});

// A no-show is a missed meeting, so it reads as a warning (red), never like the success of "showed".
export const STATUS_LOOKS: Record<AppointmentStatus, StatusLook> = {
  scheduled: look('scheduled', 'blue', IconCalendarEvent),
  confirmed: look('confirmed', 'teal', IconCalendarCheck),
  showed: look('showed', 'green', IconCircleCheck),
  no_show: look('no_show', 'red', IconUserX),
  cancelled: look('cancelled', 'gray', IconCalendarX),
};

export function statusLabel(value: unknown): string {
  return STATUS_ORDER.includes(value as AppointmentStatus)
    ? i18n.t(`appointments.status.${value as AppointmentStatus}`)
    : String(value);
}

/** Statuses in the order an appointment moves through them. */
export const STATUS_ORDER: AppointmentStatus[] = ['scheduled', 'confirmed', 'showed', 'no_show', 'cancelled'];

/** Whether the appointment still lies ahead (it can be confirmed, rescheduled or cancelled). */
export const isOpen = (status: AppointmentStatus) => status === 'scheduled' || status === 'confirmed';

/** Showed and no-show record how it went: the server refuses them before the appointment starts. */
export const isOutcome = (status: AppointmentStatus) => status === 'showed' || status === 'no_show';

/**
 * The one-click status moves shown on an appointment, most likely first: before it starts a scheduled
 * appointment is confirmed; once it has started its outcome is recorded (Showed / No-show). Every other
 * status stays one click away in the status menu; cancelling has its own button and a confirmation.
 */
export function quickStatuses(status: AppointmentStatus, started: boolean): AppointmentStatus[] {
  if (!isOpen(status)) return [];
  if (started) return ['showed', 'no_show'];
  return status === 'scheduled' ? ['confirmed'] : [];
}

/** The words on a button that sets `to`. */
export function statusVerb(to: AppointmentStatus): string {
  return i18n.t(`appointments.statusVerb.${to}`);
}
