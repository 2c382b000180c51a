// An appointment's status in words and colour, and the moves a user makes from each one.
import type { MantineColor } from '@mantine/core';
import type { AppointmentDto } from '@dossier/contract';

export type AppointmentStatus = AppointmentDto['status'];

export const STATUS_LOOKS: Record<AppointmentStatus, { label: string; color: MantineColor }> = {
  scheduled: { label: 'Scheduled', color: 'blue' },
  confirmed: { label: 'Confirmed', color: 'teal' },
  showed: { label: 'Showed', color: 'green' },
  no_show: { label: 'No-show', color: 'orange' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};

export function statusLabel(value: unknown): string {
  return STATUS_LOOKS[value as AppointmentStatus]?.label ?? String(value);
}

/** Statuses in the order an appointment moves through them. */
export const STATUS_ORDER: AppointmentStatus[] = ['scheduled', 'confirmed', 'showed', 'no_show', 'cancelled'];

/** Whether the appointment still lies ahead (it can be confirmed, rescheduled or cancelled). */
export const isOpen = (status: AppointmentStatus) => status === 'scheduled' || status === 'confirmed';

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
export const STATUS_VERBS: Record<AppointmentStatus, string> = {
  scheduled: 'Back to scheduled',
  confirmed: 'Confirm',
  showed: 'Showed',
  no_show: 'No-show',
  cancelled: 'Cancel appointment',
};
