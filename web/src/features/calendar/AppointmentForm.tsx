// The fields of an appointment — who, when, where — for booking one and for rescheduling or editing it.
// Before saving it already warns when the assigned user is booked at that time; the server has the last word.
import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { DatePickerInput, TimeInput } from '@mantine/dates';
import { IconAlertTriangle, IconCalendar, IconClock } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../app/i18n.ts';
import { useState, type FormEvent } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api.ts';
import { splitProblem } from '../../lib/forms.ts';
import { useSession, useUserZone } from '../auth/useSession.ts';
import {
  busyQuery,
  calendarsQuery,
  type AppointmentDto,
  type AppointmentResultDto,
  type CalendarDto,
} from './calendar.api.ts';
import { calendarColor } from './appearance.tsx';
import { ContactSelect, UserSelect, type ContactRef } from './pickers.tsx';
import {
  formatTime,
  hhmm,
  localDateOf,
  minutesOfDay,
  parseHhmm,
  zonedInstant,
  type LocalDate,
} from '../../lib/zoned.ts';

export interface AppointmentFormValues {
  contact: ContactRef | null;
  title: string;
  calendarId: string | null;
  assignedUserId: string | null;
  date: LocalDate | null;
  startTime: string;
  endDate: LocalDate | null;
  endTime: string;
  location: string;
  meetingUrl: string;
  description: string;
}

export interface AppointmentDraft {
  contactId: string;
  calendarId: string;
  assignedUserId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  location: string | null;
  meetingUrl: string | null;
  description: string;
}

type Field =
  | 'contact'
  | 'title'
  | 'calendarId'
  | 'assignedUserId'
  | 'date'
  | 'startTime'
  | 'endTime'
  | 'location'
  | 'meetingUrl'
  | 'description';

/** Server paths (body.startsAt …) and codes to the field that shows them. */
const SERVER_FIELDS: Record<string, Field> = {
  startsAt: 'startTime',
  endsAt: 'endTime',
  calendarId: 'calendarId',
  assignedUserId: 'assignedUserId',
  title: 'title',
  location: 'location',
  meetingUrl: 'meetingUrl',
  description: 'description',
};
const CODE_FIELDS: Partial<Record<string, Field>> = {
  calendar_not_found: 'calendarId',
  user_not_found: 'assignedUserId',
  user_deactivated: 'assignedUserId',
};

/** Initial values for a new booking in a time range, or for an existing appointment. */
export function initialValues(
  zoneId: string,
  from: { start: Date; end: Date; calendar?: CalendarDto; userId: string } | { appointment: AppointmentDto },
): AppointmentFormValues {
  if ('appointment' in from) {
    const a = from.appointment;
    return {
      contact: a.contact,
      title: a.title,
      calendarId: a.calendar.id,
      assignedUserId: a.assignedUser.id,
      date: localDateOf(a.startsAt, zoneId),
      startTime: hhmm(minutesOfDay(a.startsAt, zoneId)),
      endDate: localDateOf(a.endsAt, zoneId),
      endTime: hhmm(minutesOfDay(a.endsAt, zoneId)),
      location: a.location ?? '',
      meetingUrl: a.meetingUrl ?? '',
      description: a.description,
    };
  }
  return {
    contact: null,
    title: '',
    calendarId: from.calendar?.id ?? null,
    assignedUserId: from.calendar?.owner?.id ?? from.userId,
    date: localDateOf(from.start, zoneId),
    startTime: hhmm(minutesOfDay(from.start, zoneId)),
    endDate: localDateOf(from.end, zoneId),
    endTime: hhmm(minutesOfDay(from.end, zoneId)),
    location: '',
    meetingUrl: '',
    description: '',
  };
}

/** The start and end instants the values describe, or null while they are incomplete. */
export function timesOf(v: AppointmentFormValues, zoneId: string): { start: Date; end: Date } | null {
  const startMinutes = parseHhmm(v.startTime);
  const endMinutes = parseHhmm(v.endTime);
  if (!v.date || startMinutes === null || endMinutes === null) return null;
  return {
    start: zonedInstant(v.date, startMinutes, zoneId),
    end: zonedInstant(v.endDate ?? v.date, endMinutes, zoneId),
  };
}

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

export function AppointmentForm({
  initial,
  mode,
  appointmentId,
  submitLabel,
  onSubmit,
  onSaved,
  onCancel,
}: {
  initial: AppointmentFormValues;
  mode: 'book' | 'edit';
  /** When editing: the appointment itself is no clash with its own new time. */
  appointmentId?: string;
  submitLabel: string;
  onSubmit(draft: AppointmentDraft): Promise<AppointmentResultDto>;
  onSaved(result: AppointmentResultDto): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const { user: me } = useSession();
  const calendars = useQuery(calendarsQuery);
  const mutation = useMutation({ mutationFn: onSubmit, onSuccess: onSaved });
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [titleTouched, setTitleTouched] = useState(mode === 'edit');
  const [assigneeTouched, setAssigneeTouched] = useState(mode === 'edit');
  const multiDay = Boolean(initial.endDate && initial.date && initial.endDate !== initial.date);

  const set = <K extends keyof AppointmentFormValues>(key: K, value: AppointmentFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    mutation.reset();
  };

  const calendarList = calendars.data ?? [];
  const calendarOptions = calendarList.map((c) => ({ value: c.id, label: c.name }));
  if (values.calendarId && !calendarOptions.some((o) => o.value === values.calendarId)) {
    calendarOptions.push({ value: values.calendarId, label: t('appointments.form.calendar') });
  }
  const colorOf = new Map(calendarList.map((c) => [c.id, c.color]));

  const times = timesOf(values, zone.timeZone);
  const validRange = times && times.end > times.start;
  const busy = useQuery({
    ...busyQuery(values.assignedUserId ?? '', times?.start.toISOString() ?? '', times?.end.toISOString() ?? ''),
    enabled: Boolean(values.assignedUserId && validRange),
  });
  const clashes = (busy.data ?? []).filter((a) => a.id !== appointmentId);

  const server = splitProblem(mutation.error, Object.keys(SERVER_FIELDS), {});
  const serverFields: Partial<Record<Field, string>> = {};
  for (const [path, message] of Object.entries(server.fields)) {
    const field = SERVER_FIELDS[path];
    if (field && message) serverFields[field] ??= message;
  }
  const codeField = mutation.error instanceof ApiError ? CODE_FIELDS[mutation.error.code] : undefined;
  if (codeField && mutation.error) serverFields[codeField] ??= mutation.error.message;
  const fieldError = (f: Field) => errors[f] ?? serverFields[f];
  const general = codeField ? null : server.general;

  const chooseContact = (contact: ContactRef | null) => {
    setValues((v) => ({
      ...v,
      contact,
      title: titleTouched ? v.title : contact ? t('appointments.form.defaultTitle', { name: contact.displayName }) : '',
    }));
    setErrors((e) => ({ ...e, contact: undefined, title: undefined }));
    mutation.reset();
  };
  const chooseCalendar = (calendarId: string | null) => {
    const calendar = calendarList.find((c) => c.id === calendarId);
    setValues((v) => ({
      ...v,
      calendarId,
      // A personal calendar's bookings go to its owner unless someone was picked on purpose.
      assignedUserId: assigneeTouched ? v.assignedUserId : (calendar?.owner?.id ?? v.assignedUserId ?? me.id),
    }));
    setErrors((e) => ({ ...e, calendarId: undefined }));
    mutation.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Partial<Record<Field, string>> = {};
    if (!values.contact) next.contact = t('calendar.form.contactRequired');
    if (!values.title.trim()) next.title = t('appointments.form.titleRequired');
    if (!values.calendarId) next.calendarId = t('appointments.form.calendarRequired');
    if (!values.assignedUserId) next.assignedUserId = t('calendar.form.assigneeRequired');
    if (!values.date) next.date = t('calendar.form.dayRequired');
    if (parseHhmm(values.startTime) === null) next.startTime = t('calendar.form.startTimeRequired');
    if (parseHhmm(values.endTime) === null) next.endTime = t('calendar.form.endTimeRequired');
    else if (times && times.end <= times.start) next.endTime = t('calendar.form.afterStart');
    if (values.meetingUrl.trim() && !isHttpUrl(values.meetingUrl.trim())) {
      next.meetingUrl = t('calendar.form.urlInvalid');
    }
    setErrors(next);
    if (Object.keys(next).length > 0 || !times) return;
    mutation.mutate({
      contactId: values.contact!.id,
      calendarId: values.calendarId!,
      assignedUserId: values.assignedUserId!,
      title: values.title.trim(),
      startsAt: times.start.toISOString(),
      endsAt: times.end.toISOString(),
      location: values.location.trim() || null,
      meetingUrl: values.meetingUrl.trim() || null,
      description: values.description,
    });
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={mode === 'book' ? t('appointments.book') : t('appointments.form.editLabel')}
    >
      <Stack gap="md">
        {mode === 'book' && (
          <ContactSelect
            label={t('calendar.drawer.contact')}
            placeholder={t('calendar.form.contactPlaceholder')}
            value={values.contact}
            onChange={chooseContact}
            error={fieldError('contact')}
            withAsterisk
            data-autofocus
          />
        )}
        <TextInput
          label={t('appointments.form.title')}
          placeholder={t('calendar.form.titlePlaceholder')}
          value={values.title}
          onChange={(e) => {
            setTitleTouched(true);
            set('title', e.currentTarget.value);
          }}
          error={fieldError('title')}
          maxLength={300}
          withAsterisk
        />
        <SimpleGrid cols={{ base: 1, xs: multiDay ? 2 : 3 }} spacing="sm">
          <DatePickerInput
            label={multiDay ? t('calendar.form.startsOn') : t('calendar.form.day')}
            value={values.date}
            onChange={(d) => {
              // Moving the day moves the end with it, unless the appointment spans several days.
              setValues((v) => ({ ...v, date: d, endDate: multiDay ? v.endDate : d }));
              setErrors((e) => ({ ...e, date: undefined }));
              mutation.reset();
            }}
            valueFormat="ddd D MMM YYYY"
            leftSection={<IconCalendar size={16} />}
            error={fieldError('date')}
            firstDayOfWeek={1}
            withAsterisk
            popoverProps={{ withinPortal: true }}
          />
          <TimeInput
            label={t('appointments.form.starts')}
            value={values.startTime}
            onChange={(e) => {
              const startTime = e.currentTarget.value;
              // Keep the length when the start moves, as a calendar does.
              const before = timesOf(values, zone.timeZone);
              const start = parseHhmm(startTime);
              const oldStart = parseHhmm(values.startTime);
              const end = parseHhmm(values.endTime);
              if (!multiDay && before && start !== null && oldStart !== null && end !== null && end > oldStart) {
                const nextEnd = Math.min(start + (end - oldStart), 24 * 60 - 1);
                setValues((v) => ({ ...v, startTime, endTime: hhmm(nextEnd) }));
                setErrors((er) => ({ ...er, startTime: undefined, endTime: undefined }));
                mutation.reset();
              } else {
                set('startTime', startTime);
              }
            }}
            leftSection={<IconClock size={16} />}
            error={fieldError('startTime')}
            withAsterisk
          />
          {multiDay && (
            <DatePickerInput
              label={t('calendar.form.endsOn')}
              value={values.endDate}
              onChange={(d) => set('endDate', d)}
              valueFormat="ddd D MMM YYYY"
              leftSection={<IconCalendar size={16} />}
              firstDayOfWeek={1}
              popoverProps={{ withinPortal: true }}
            />
          )}
          <TimeInput
            label={t('appointments.form.ends')}
            value={values.endTime}
            onChange={(e) => set('endTime', e.currentTarget.value)}
            leftSection={<IconClock size={16} />}
            error={fieldError('endTime')}
            withAsterisk
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t('appointments.form.calendar')}
            placeholder={calendars.isPending ? t('common.loading') : t('appointments.form.calendarRequired')}
            data={calendarOptions}
            value={values.calendarId}
            onChange={chooseCalendar}
            error={fieldError('calendarId')}
            withAsterisk
            allowDeselect={false}
            nothingFoundMessage={t('calendar.form.noCalendars')}
            leftSection={
              values.calendarId ? (
                <span
                  aria-hidden="true"
                  style={{
                    width: 10,
                    height: 10,
                    borderRadius: 3,
                    background: calendarColor(colorOf.get(values.calendarId) ?? 'gray'),
                  }}
                />
              ) : undefined
            }
          />
          <UserSelect
            label={t('calendar.drawer.assignedTo')}
            value={values.assignedUserId}
            onChange={(id) => {
              setAssigneeTouched(true);
              set('assignedUserId', id);
            }}
            error={fieldError('assignedUserId')}
            withAsterisk
            allowDeselect={false}
          />
        </SimpleGrid>
        {clashes.length > 0 && <BusyWarning clashes={clashes} zone={zone} />}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label={t('appointments.form.location')}
            placeholder={t('appointments.form.locationPlaceholder')}
            value={values.location}
            onChange={(e) => set('location', e.currentTarget.value)}
            error={fieldError('location')}
            maxLength={500}
          />
          <TextInput
            label={t('appointments.form.meetingLink')}
            placeholder="https://meet.example.com/…"
            value={values.meetingUrl}
            onChange={(e) => set('meetingUrl', e.currentTarget.value)}
            error={fieldError('meetingUrl')}
            type="url"
            maxLength={2000}
          />
        </SimpleGrid>
        <Textarea
          label={t('appointments.form.description')}
          placeholder={t('appointments.form.descriptionPlaceholder')}
          value={values.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          error={fieldError('description')}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={10_000}
        />
        {general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Already booked then": the assigned user's other appointments that overlap the chosen time. */
export function BusyWarning({
  clashes,
  zone,
  title,
  detail,
  footnote,
}: {
  clashes: { id: string; title: string; startsAt: string; endsAt: string; contact: ContactRef | null }[];
  zone: { locale: string; timeZone: string };
  title?: string;
  detail?: string;
  footnote?: string;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={title ?? t('calendar.busy.title')}
      role="status"
    >
      <Stack gap={4}>
        {detail && <Text size="sm">{detail}</Text>}
        {clashes.slice(0, 5).map((c) => (
          <Text size="sm" key={c.id}>
            <Text span fw={600} size="sm">
              {formatTime(c.startsAt, zone)}–{formatTime(c.endsAt, zone)}
            </Text>{' '}
            {c.title}
            {c.contact ? ` · ${c.contact.displayName}` : ''}
          </Text>
        ))}
        {clashes.length > 5 && (
          <Text size="sm" c="dimmed">
            {t('appointments.andMore', { count: clashes.length - 5 })}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {footnote ?? t('calendar.busy.footnote')}
        </Text>
      </Stack>
    </Alert>
  );
}
