// One appointment, opened from the grid: who, when, where, and its status changes as first-class actions
// (confirm, showed, no-show, cancel), plus rescheduling. Double-booking warnings from the server show here too.
import { Alert, Anchor, Button, Divider, Drawer, Group, Menu, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCalendarEvent,
  IconAlertCircle,
  IconChevronDown,
  IconClock,
  IconMapPin,
  IconPencil,
  IconRotate,
  IconUser,
  IconUserSquareRounded,
  IconVideo,
  type Icon,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { appointmentProblem, statusChangedToast } from '../appointments/appointmentMessages.ts';
import { isOutcome, STATUS_LOOKS, statusVerb } from '../appointments/appointmentStatus.ts';
import { useNow } from '../appointments/useNow.ts';
import { useUserZone } from '../auth/useSession.ts';
import { AppointmentStatusBadge, calendarColor } from './appearance.tsx';
import { AppointmentForm, BusyWarning, initialValues, type AppointmentDraft } from './AppointmentForm.tsx';
import {
  afterAppointmentChange,
  setAppointmentStatus,
  updateAppointment,
  type AppointmentDto,
  type AppointmentResultDto,
  type AppointmentStatusValue,
  type AppointmentWarningDto,
  type UpdateAppointmentInput,
} from './calendar.api.ts';
import { formatLocalDate, formatTime, localDateOf } from '../../lib/zoned.ts';

export function AppointmentDrawer({ appointment, onClose }: { appointment: AppointmentDto | null; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={appointment !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={<Text fw={600}>{t('calendar.drawer.title')}</Text>}
    >
      {appointment && <AppointmentDetails key={appointment.id} appointment={appointment} />}
    </Drawer>
  );
}

/** The statuses a user moves an appointment to, in the order a meeting's life goes. */
const STATUS_ACTIONS: AppointmentStatusValue[] = ['confirmed', 'showed', 'no_show'];

function AppointmentDetails({ appointment: a }: { appointment: AppointmentDto }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const now = useNow();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [warnings, setWarnings] = useState<AppointmentWarningDto[]>([]);

  const afterChange = async (result: AppointmentResultDto) => {
    await afterAppointmentChange(queryClient, result.appointment.contact.id);
    setWarnings(result.warnings);
  };

  const status = useMutation({
    mutationFn: (to: AppointmentStatusValue) => setAppointmentStatus(a.id, to),
    onSuccess: async (result) => {
      notifications.show(statusChangedToast(result.appointment));
      await afterChange(result);
    },
  });

  const save = (draft: AppointmentDraft) => {
    // Send only what changed, so someone else's edit to another field is not overwritten.
    const input: UpdateAppointmentInput = {};
    if (draft.title !== a.title) input.title = draft.title;
    if (draft.calendarId !== a.calendar.id) input.calendarId = draft.calendarId;
    if (draft.assignedUserId !== a.assignedUser.id) input.assignedUserId = draft.assignedUserId;
    if (new Date(draft.startsAt).getTime() !== new Date(a.startsAt).getTime()) input.startsAt = draft.startsAt;
    if (new Date(draft.endsAt).getTime() !== new Date(a.endsAt).getTime()) input.endsAt = draft.endsAt;
    if (draft.location !== a.location) input.location = draft.location;
    if (draft.meetingUrl !== a.meetingUrl) input.meetingUrl = draft.meetingUrl;
    if (draft.description !== a.description) input.description = draft.description;
    return updateAppointment(a.id, input);
  };

  if (editing) {
    return (
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('calendar.drawer.with')}{' '}
          <AnchorLink to="/contacts/$contactId" params={{ contactId: a.contact.id }} size="sm">
            {a.contact.displayName}
          </AnchorLink>
        </Text>
        <AppointmentForm
          mode="edit"
          appointmentId={a.id}
          initial={initialValues(zone.timeZone, { appointment: a })}
          submitLabel={t('appointments.saveChanges')}
          onSubmit={save}
          onSaved={async (result) => {
            await afterChange(result);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </Stack>
    );
  }

  const sameDay = localDateOf(a.startsAt, zone.timeZone) === localDateOf(a.endsAt, zone.timeZone);
  const when = sameDay
    ? `${formatLocalDate(localDateOf(a.startsAt, zone.timeZone), zone.locale, {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      })}, ${formatTime(a.startsAt, zone)} – ${formatTime(a.endsAt, zone)}`
    : `${formatDateTime(a.startsAt, zone)} – ${formatDateTime(a.endsAt, zone)}`;
  const cancelled = a.status === 'cancelled';
  const started = Date.parse(a.startsAt) <= now;
  // Showed and no-show are offered once the appointment has started (the server refuses them before).
  const actions = STATUS_ACTIONS.filter(
    (to) => to !== a.status && !(to === 'confirmed' && a.status !== 'scheduled') && (started || !isOutcome(to)),
  );

  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <span
            aria-hidden="true"
            style={{
              flex: 'none',
              width: 12,
              height: 12,
              marginTop: 7,
              borderRadius: 4,
              background: calendarColor(a.calendar.color),
            }}
          />
          <Title order={3} fz="h4" style={{ overflowWrap: 'anywhere' }} td={cancelled ? 'line-through' : undefined}>
            {a.title}
          </Title>
        </Group>
        <Group gap="xs">
          <AppointmentStatusBadge status={a.status} size="md" />
          <Text size="sm" c="dimmed">
            {a.calendar.name}
          </Text>
        </Group>
      </Stack>

      <Stack gap="sm">
        <Fact icon={IconClock} label={t('calendar.drawer.when')}>
          {when}
        </Fact>
        <Fact icon={IconUserSquareRounded} label={t('calendar.drawer.contact')}>
          <AnchorLink to="/contacts/$contactId" params={{ contactId: a.contact.id }} size="sm" fw={500}>
            {a.contact.displayName}
          </AnchorLink>
        </Fact>
        <Fact icon={IconUser} label={t('calendar.drawer.assignedTo')}>
          {a.assignedUser.name}
        </Fact>
        {a.location && (
          <Fact icon={IconMapPin} label={t('appointments.form.location')}>
            {a.location}
          </Fact>
        )}
        {a.meetingUrl && (
          <Fact icon={IconVideo} label={t('appointments.form.meetingLink')}>
            <Anchor
              href={a.meetingUrl}
              target="_blank"
              rel="noopener noreferrer"
              size="sm"
              style={{ wordBreak: 'break-all' }}
            >
              {a.meetingUrl}
            </Anchor>
          </Fact>
        )}
        {a.description && (
          <Fact icon={IconCalendarEvent} label={t('appointments.form.description')}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {a.description}
            </Text>
          </Fact>
        )}
      </Stack>

      {warnings.map((w) => (
        <BusyWarning
          key={w.code}
          title={t('calendar.doubleBooked')}
          detail={t('appointments.doubleBooked', { name: a.assignedUser.name })}
          clashes={w.conflicts}
          zone={zone}
          footnote={t('calendar.drawer.changeSavedOverlap')}
        />
      ))}
      {status.isError && (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
          {appointmentProblem(status.error)}
        </Alert>
      )}

      <Divider />

      <Stack gap="sm">
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" style={{ letterSpacing: '0.04em' }}>
          {cancelled
            ? t('appointments.status.cancelled')
            : started
              ? t('calendar.drawer.howDidItGo')
              : t('calendar.drawer.status')}
        </Text>
        {cancelled ? (
          <Group gap="sm">
            <Button
              variant="light"
              leftSection={<IconRotate size={16} />}
              loading={status.isPending && status.variables === 'scheduled'}
              onClick={() => status.mutate('scheduled')}
            >
              {t('calendar.drawer.restore')}
            </Button>
          </Group>
        ) : (
          <Group gap="sm">
            {actions.map((to) => {
              const StatusIcon = STATUS_LOOKS[to].icon;
              return (
                <Button
                  key={to}
                  variant="light"
                  color={STATUS_LOOKS[to].color}
                  leftSection={<StatusIcon size={16} />}
                  loading={status.isPending && status.variables === to}
                  disabled={status.isPending && status.variables !== to}
                  onClick={() => status.mutate(to)}
                >
                  {statusVerb(to)}
                </Button>
              );
            })}
            {(a.status === 'showed' || a.status === 'no_show' || a.status === 'confirmed') && (
              <Menu position="bottom-start" withinPortal>
                <Menu.Target>
                  <Button variant="subtle" color="gray" rightSection={<IconChevronDown size={14} />}>
                    {t('common.more')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item leftSection={<IconRotate size={16} />} onClick={() => status.mutate('scheduled')}>
                    {statusVerb('scheduled')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        )}
        {!cancelled && !started && (
          <Text size="xs" c="dimmed">
            {t('appointments.notStartedHint')}
          </Text>
        )}
      </Stack>

      <Group gap="sm" justify="space-between">
        <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
          {t('calendar.drawer.rescheduleOrEdit')}
        </Button>
        {!cancelled && (
          <Button variant="subtle" color="red" onClick={() => setConfirmCancel(true)}>
            {statusVerb('cancelled')}
          </Button>
        )}
      </Group>

      {a.createdBy && (
        <Text size="xs" c="dimmed">
          {t('calendar.drawer.bookedBy', { name: a.createdBy.name, when: formatDateTime(a.createdAt, zone) })}
        </Text>
      )}

      <ConfirmDialog
        opened={confirmCancel}
        onClose={() => setConfirmCancel(false)}
        title={t('appointments.cancel.title')}
        confirmLabel={statusVerb('cancelled')}
        danger
        onConfirm={async () => {
          const result = await setAppointmentStatus(a.id, 'cancelled');
          notifications.show(statusChangedToast(result.appointment));
          await afterChange(result);
        }}
      >
        {t('calendar.drawer.cancelBody', { title: a.title, name: a.contact.displayName })}
      </ConfirmDialog>
    </Stack>
  );
}

function Fact({ icon: FactIcon, label, children }: { icon: Icon; label: string; children: ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <ThemeIcon variant="light" color="gray" size={28} radius="md" aria-hidden="true">
        <FactIcon size={16} />
      </ThemeIcon>
      <Stack gap={0} miw={0}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
          {children}
        </Text>
      </Stack>
    </Group>
  );
}
