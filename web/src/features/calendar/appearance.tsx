// How calendars and appointment statuses look everywhere: a calendar's colour, a status's badge.
import { Badge, type BadgeProps } from '@mantine/core';
import type { TFunction } from 'i18next';
import { STATUS_LOOKS } from '../appointments/appointmentStatus.ts';
import type { AppointmentStatusValue } from './calendar.api.ts';

/** The colours offered when creating a calendar (Mantine palette names; the server also accepts #rrggbb). */
export const CALENDAR_COLORS = [
  'blue',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'cyan',
] as const;

const PALETTE = new Set<string>([...CALENDAR_COLORS, 'gray', 'dark']);

/** A CSS colour for a calendar's stored colour: a palette name at the given shade, or the hex itself. */
export function calendarColor(color: string, shade = 6): string {
  if (/^#[0-9a-f]{6}$/i.test(color)) return color;
  return `var(--mantine-color-${PALETTE.has(color) ? color : 'gray'}-${shade})`;
}

/** A readable name for a stored colour, for labels and screen readers. */
export function colorName(color: string, t: TFunction): string {
  return PALETTE.has(color) ? t(`calendar.colors.${color}`) : color.toUpperCase();
}

/** A status's label, colour and icon: one description shared with the contact's Appointments tab. */
export const APPOINTMENT_STATUS = STATUS_LOOKS;

export function AppointmentStatusBadge({
  status,
  ...props
}: { status: AppointmentStatusValue } & Omit<BadgeProps, 'color' | 'children'>) {
  const meta = APPOINTMENT_STATUS[status];
  const StatusIcon = meta.icon;
  return (
    <Badge color={meta.color} leftSection={<StatusIcon size={12} stroke={2} />} miw="max-content" {...props}>
      {meta.label}
    </Badge>
  );
}
