// Book an appointment with the contact, or reschedule / edit one: calendar, assigned user, start and end in the
// user's time zone, title, location or meeting link, description. While the form is filled in it checks whether
// the assigned user is already booked then and says so; the server's own warning is shown after saving. Neither
// blocks the booking.
import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { LazyModal } from '../../components/LazyModal.tsx';
import { DateTimePicker } from '@mantine/dates';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCalendarEvent, IconLink, IconMapPin } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Trans } from 'react-i18next';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api.ts';
import { splitProblem } from '../../lib/forms.ts';
import { timeZoneLabel } from '../../lib/format.ts';
import { useSession, useUserZone } from '../auth/useSession.ts';
import type { ContactProfileDto as ContactProfile } from '@dossier/contract';
import { usersQuery } from '../settings/settings.api.ts';
import {
  afterAppointmentChange,
  appointmentWrites,
  busyQuery,
  calendarColor,
  calendarsQuery,
  type AppointmentDto,
  type AppointmentResult,
  type UpdateAppointmentInput,
} from './appointments.api.ts';
import { defaultCalendar } from './defaultCalendar.ts';
import { DoubleBookingAlert } from './DoubleBookingAlert.tsx';
import { formatDuration, formatSpan, isoToWall, wallToIso } from './zonedTime.ts';

const FIELDS = [
  'calendarId',
  'assignedUserId',
  'title',
  'startsAt',
  'endsAt',
  'location',
  'meetingUrl',
  'description',
] as const;

const DEFAULT_MINUTES = 60;

export function AppointmentFormModal({
  contact,
  appointment,
  opened,
  onClose,
}: {
  contact: ContactProfile;
  /** The appointment to reschedule or edit; none books a new one. */
  appointment?: AppointmentDto;
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  return (
    <LazyModal
      opened={opened}
      onClose={onClose}
      title={
        <Text fw={600}>
          {appointment
            ? t('appointments.form.editTitle')
            : t('appointments.form.bookTitle', { name: contact.displayName })}
        </Text>
      }
      size="lg"
      fullScreen={phone}
    >
      {opened && (
        <AppointmentForm
          key={appointment ? `${appointment.id}:${appointment.version}` : 'new'}
          contact={contact}
          appointment={appointment}
          onDone={onClose}
        />
      )}
    </LazyModal>
  );
}

/** The next whole hour from now, in the user's zone, as a wall-clock string. */
function nextHour(timeZone: string): string {
  const next = new Date(Math.ceil((Date.now() + 60_000) / 3_600_000) * 3_600_000);
  return isoToWall(next, timeZone);
}

const plusMinutes = (wall: string, minutes: number, timeZone: string) =>
  isoToWall(new Date(Date.parse(wallToIso(wall, timeZone)) + minutes * 60_000), timeZone);

function AppointmentForm({
  contact,
  appointment,
  onDone,
}: {
  contact: ContactProfile;
  appointment?: AppointmentDto;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const me = useSession().user;
  const queryClient = useQueryClient();
  const writes = appointmentWrites(contact.id);
  const calendars = useQuery(calendarsQuery);
  const users = useQuery(usersQuery('active'));

  const initialStart = appointment ? isoToWall(appointment.startsAt, zone.timeZone) : nextHour(zone.timeZone);
  const [calendarId, setCalendarId] = useState<string | null>(appointment?.calendar.id ?? null);
  // Until someone picks a user, the calendar's owner (else the contact's owner) is assigned, as the server does.
  const [assignedUserId, setAssignedUserId] = useState<string | null>(appointment?.assignedUser.id ?? null);
  const [title, setTitle] = useState(
    appointment?.title ?? t('appointments.form.defaultTitle', { name: contact.displayName }),
  );
  const [start, setStart] = useState<string | null>(initialStart);
  const [end, setEnd] = useState<string | null>(
    appointment
      ? isoToWall(appointment.endsAt, zone.timeZone)
      : plusMinutes(initialStart, DEFAULT_MINUTES, zone.timeZone),
  );
  const [location, setLocation] = useState(appointment?.location ?? '');
  const [meetingUrl, setMeetingUrl] = useState(appointment?.meetingUrl ?? '');
  const [description, setDescription] = useState(appointment?.description ?? '');
  const [localError, setLocalError] = useState<Partial<Record<'title' | 'calendarId' | 'startsAt' | 'endsAt', string>>>(
    {},
  );
  const [saved, setSaved] = useState<AppointmentResult | null>(null);

  const calendarList = calendars.data ?? [];
  const calendar =
    calendarList.find((c) => c.id === calendarId) ??
    (appointment ? undefined : defaultCalendar(calendarList, { ownerId: contact.owner.id, me }));
  const effectiveCalendarId = calendarId ?? calendar?.id ?? null;
  const effectiveUserId = assignedUserId ?? calendar?.owner?.id ?? contact.owner.id;

  const startsAt = start ? safeIso(start, zone.timeZone) : null;
  const endsAt = end ? safeIso(end, zone.timeZone) : null;
  const validRange = startsAt && endsAt && Date.parse(endsAt) > Date.parse(startsAt);

  // Before saving: the assigned user's other bookings in that slot (this appointment aside).
  const [busyKey] = useDebouncedValue(validRange ? `${effectiveUserId}|${startsAt}|${endsAt}` : null, 300);
  const [busyUser, busyFrom, busyTo] = busyKey?.split('|') ?? [];
  const busy = useQuery({
    ...busyQuery(busyUser ?? '', busyFrom ?? '', busyTo ?? ''),
    enabled: Boolean(busyKey) && !saved,
  });
  const overlaps = (busy.data ?? []).filter((a) => a.id !== appointment?.id && a.status !== 'cancelled');

  const mutation = useMutation({
    mutationFn: () => {
      const base = {
        calendarId: effectiveCalendarId!,
        assignedUserId: effectiveUserId,
        title: title.trim(),
        startsAt: startsAt!,
        endsAt: endsAt!,
        location: location.trim() || null,
        meetingUrl: meetingUrl.trim() || null,
        description,
      };
      if (!appointment) return writes.book(base);
      const input: UpdateAppointmentInput = {};
      if (base.calendarId !== appointment.calendar.id) input.calendarId = base.calendarId;
      if (base.assignedUserId !== appointment.assignedUser.id) input.assignedUserId = base.assignedUserId;
      if (base.title !== appointment.title) input.title = base.title;
      if (Date.parse(base.startsAt) !== Date.parse(appointment.startsAt)) input.startsAt = base.startsAt;
      if (Date.parse(base.endsAt) !== Date.parse(appointment.endsAt)) input.endsAt = base.endsAt;
      if (base.location !== appointment.location) input.location = base.location;
      if (base.meetingUrl !== appointment.meetingUrl) input.meetingUrl = base.meetingUrl;
      if (base.description !== appointment.description) input.description = base.description;
      return writes.update(appointment, input);
    },
    onSuccess: async (result) => {
      await afterAppointmentChange(queryClient, contact.id);
      if (result.warnings.length > 0) {
        // Saved, but the user should see what it overlaps before moving on.
        setSaved(result);
        return;
      }
      notifications.show({
        color: 'green',
        message: appointment
          ? t('appointments.form.saved')
          : t('appointments.form.booked', {
              when: formatSpan(result.appointment.startsAt, result.appointment.endsAt, zone),
            }),
      });
      onDone();
    },
  });
  const problem = splitProblem(mutation.error, FIELDS, { calendar_not_found: 'calendarId' });
  const conflict = mutation.error instanceof ApiError && mutation.error.code === 'version_conflict';
  const reset = () => mutation.isError && mutation.reset();

  const changeStart = (value: string | null) => {
    reset();
    setLocalError((e) => ({ ...e, startsAt: undefined, endsAt: undefined }));
    // Moving the start keeps the length, so a reschedule is one change.
    if (value && start && end) {
      const length = Date.parse(safeIso(end, zone.timeZone) ?? '') - Date.parse(safeIso(start, zone.timeZone) ?? '');
      if (Number.isFinite(length) && length > 0) setEnd(plusMinutes(value, length / 60_000, zone.timeZone));
    } else if (value && !end) {
      setEnd(plusMinutes(value, DEFAULT_MINUTES, zone.timeZone));
    }
    setStart(value);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors: typeof localError = {};
    if (!title.trim()) errors.title = t('appointments.form.titleRequired');
    if (!effectiveCalendarId) errors.calendarId = t('appointments.form.calendarRequired');
    if (!startsAt) errors.startsAt = t('appointments.form.startRequired');
    if (!endsAt) errors.endsAt = t('appointments.form.endRequired');
    else if (startsAt && !validRange) errors.endsAt = t('appointments.form.endAfterStart');
    setLocalError(errors);
    if (Object.keys(errors).length === 0) mutation.mutate();
  };

  if (saved) {
    const w = saved.warnings[0]!;
    return (
      <Stack gap="md">
        <Text size="sm">
          <Trans
            i18nKey={appointment ? 'appointments.form.savedFor' : 'appointments.form.bookedFor'}
            values={{
              title: saved.appointment.title,
              when: formatSpan(saved.appointment.startsAt, saved.appointment.endsAt, zone),
              user: saved.appointment.assignedUser.name,
            }}
            components={{ b: <b /> }}
          />
        </Text>
        <DoubleBookingAlert
          title={t('appointments.doubleBooked', { name: saved.appointment.assignedUser.name })}
          conflicts={w.conflicts}
        >
          {t('appointments.form.savedAnyway')}
        </DoubleBookingAlert>
        <Group justify="flex-end">
          <Button onClick={onDone} data-autofocus>
            {t('appointments.done')}
          </Button>
        </Group>
      </Stack>
    );
  }

  const userOptions = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  if (appointment && !userOptions.has(appointment.assignedUser.id)) {
    userOptions.set(appointment.assignedUser.id, appointment.assignedUser.name);
  }
  const calendarOptions = calendarList.map((c) => ({
    value: c.id,
    label: c.team
      ? `${c.name} (${c.team.name})`
      : c.owner && c.owner.id !== me.id
        ? `${c.name} (${c.owner.name})`
        : c.name,
  }));
  const assignedName = userOptions.get(effectiveUserId) ?? t('appointments.form.theAssignedUser');
  const noCalendars = calendars.isSuccess && calendarList.length === 0;

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={appointment ? t('appointments.form.editLabel') : t('appointments.book')}
    >
      <Stack gap="md">
        {noCalendars && (
          <Alert color="blue" variant="light" icon={<IconCalendarEvent size={18} />}>
            <Trans
              i18nKey="appointments.form.noCalendars"
              components={{ link: <AnchorLink to="/calendar" size="sm" /> }}
            />
          </Alert>
        )}
        <TextInput
          label={t('appointments.form.title')}
          value={title}
          onChange={(e) => {
            setTitle(e.currentTarget.value);
            setLocalError((x) => ({ ...x, title: undefined }));
            reset();
          }}
          error={localError.title ?? problem.fields.title}
          maxLength={300}
          required
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <Select
            label={t('appointments.form.calendar')}
            data={calendarOptions}
            value={effectiveCalendarId}
            onChange={(v) => {
              setCalendarId(v);
              setLocalError((x) => ({ ...x, calendarId: undefined }));
              reset();
            }}
            error={localError.calendarId ?? problem.fields.calendarId}
            placeholder={calendars.isPending ? t('common.loading') : t('appointments.form.calendarRequired')}
            leftSection={
              calendar ? (
                <span
                  aria-hidden
                  style={{ width: 10, height: 10, borderRadius: 5, background: calendarColor(calendar.color) }}
                />
              ) : undefined
            }
            allowDeselect={false}
            searchable
            required
          />
          <Select
            label={t('appointments.form.assignedUser')}
            data={[...userOptions].map(([value, label]) => ({ value, label }))}
            value={effectiveUserId}
            onChange={(v) => {
              if (v) setAssignedUserId(v);
              reset();
            }}
            error={problem.fields.assignedUserId}
            allowDeselect={false}
            searchable
            nothingFoundMessage={t('appointments.form.noUserMatches')}
          />
          <DateTimePicker
            label={t('appointments.form.starts')}
            value={start}
            onChange={changeStart}
            error={localError.startsAt ?? problem.fields.startsAt}
            valueFormat="ddd D MMM YYYY, HH:mm"
            timePickerProps={{ format: '24h', withDropdown: true, popoverProps: { withinPortal: false } }}
            dropdownType={phone ? 'modal' : 'popover'}
            required
          />
          <DateTimePicker
            label={t('appointments.form.ends')}
            value={end}
            onChange={(v) => {
              setEnd(v);
              setLocalError((x) => ({ ...x, endsAt: undefined }));
              reset();
            }}
            error={localError.endsAt ?? problem.fields.endsAt}
            valueFormat="ddd D MMM YYYY, HH:mm"
            minDate={start?.slice(0, 10)}
            timePickerProps={{ format: '24h', withDropdown: true, popoverProps: { withinPortal: false } }}
            dropdownType={phone ? 'modal' : 'popover'}
            required
          />
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt={-8}>
          {validRange ? `${formatDuration(startsAt!, endsAt!)} · ` : ''}
          {t('appointments.timesIn', { zone: timeZoneLabel(zone.timeZone) })}
        </Text>

        {overlaps.length > 0 && (
          <DoubleBookingAlert
            title={t('appointments.form.alreadyBooked', { name: assignedName })}
            conflicts={overlaps.map((a) => ({ ...a, contact: a.contact }))}
          >
            {appointment ? t('appointments.form.canStillSave') : t('appointments.form.canStillBook')}
          </DoubleBookingAlert>
        )}

        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <TextInput
            label={t('appointments.form.location')}
            placeholder={t('appointments.form.locationPlaceholder')}
            leftSection={<IconMapPin size={16} stroke={1.7} />}
            value={location}
            onChange={(e) => {
              setLocation(e.currentTarget.value);
              reset();
            }}
            error={problem.fields.location}
            maxLength={500}
          />
          <TextInput
            label={t('appointments.form.meetingLink')}
            placeholder="https://meet.example.com/…"
            leftSection={<IconLink size={16} stroke={1.7} />}
            value={meetingUrl}
            onChange={(e) => {
              setMeetingUrl(e.currentTarget.value);
              reset();
            }}
            error={problem.fields.meetingUrl}
            type="url"
            maxLength={2000}
          />
        </SimpleGrid>
        <Textarea
          label={t('appointments.form.description')}
          placeholder={t('appointments.form.descriptionPlaceholder')}
          value={description}
          onChange={(e) => {
            setDescription(e.currentTarget.value);
            reset();
          }}
          error={problem.fields.description}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={10_000}
        />

        {conflict ? (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {t('appointments.errors.version_conflict')}
          </Alert>
        ) : (
          problem.general && <ProblemAlert error={mutation.error} />
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending} disabled={noCalendars}>
            {appointment ? t('appointments.saveChanges') : t('appointments.book')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function safeIso(wall: string, timeZone: string): string | null {
  try {
    return wallToIso(wall, timeZone);
  } catch {
    return null;
  }
}
