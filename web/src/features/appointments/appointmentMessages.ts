// What the UI says after an appointment write: the toast confirming a status change, and the server's refusals
// in the user's language (the API's codes stay English; an unknown code falls back to the server's detail).
import type { NotificationData } from '@mantine/notifications';
import { i18n } from '../../app/i18n.ts';
import { problemMessage } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api.ts';
import type { AppointmentDto } from './appointments.api.ts';
import { STATUS_LOOKS } from './appointmentStatus.ts';

/** Codes the appointment screens put into their own words. */
const KNOWN_CODES = ['appointment_not_started', 'version_conflict', 'calendar_not_found'] as const;

export function appointmentProblem(error: unknown): string {
  if (error instanceof ApiError && (KNOWN_CODES as readonly string[]).includes(error.code)) {
    return i18n.t(`appointments.errors.${error.code as (typeof KNOWN_CODES)[number]}`);
  }
  return problemMessage(error);
}

export function statusChangedToast(a: Pick<AppointmentDto, 'title' | 'status'>): NotificationData {
  const look = STATUS_LOOKS[a.status];
  return {
    color: look.color,
    message: i18n.t('appointments.statusChanged', { title: a.title, status: look.label }),
  };
}
