// One appointment on the contact page: when (with its length), on which calendar, with whom, where or via which
// link, its status — and the status moves: one click for Confirm, Showed and No-show; Cancel asks first.
import { Anchor, Badge, Button, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconChevronDown,
  IconClock,
  IconExternalLink,
  IconMapPin,
  IconPencil,
  IconVideo,
  IconX,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { UserAvatar } from '../../components/UserAvatar.tsx';
import { useUserZone } from '../auth/useSession.ts';
import classes from './AppointmentCard.module.css';
import {
  afterAppointmentChange,
  appointmentWrites,
  calendarColor,
  type AppointmentDto,
  type AppointmentResult,
} from './appointments.api.ts';
import { appointmentProblem, statusChangedToast } from './appointmentMessages.ts';
import {
  isOpen,
  isOutcome,
  quickStatuses,
  STATUS_LOOKS,
  STATUS_ORDER,
  statusVerb,
  type AppointmentStatus,
} from './appointmentStatus.ts';
import { DoubleBookingAlert } from './DoubleBookingAlert.tsx';
import { useNow } from './useNow.ts';
import { formatDuration, formatSpan } from './zonedTime.ts';

export function AppointmentCard({
  appointment: a,
  contactId,
  readOnly,
  onEdit,
}: {
  appointment: AppointmentDto;
  contactId: string;
  readOnly: boolean;
  onEdit(a: AppointmentDto): void;
}) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const queryClient = useQueryClient();
  const writes = appointmentWrites(contactId);
  const [cancelling, setCancelling] = useState(false);
  const [warning, setWarning] = useState<AppointmentResult['warnings'][number] | null>(null);

  const status = useMutation({
    mutationFn: (to: AppointmentStatus) => writes.setStatus(a, to),
    onSuccess: async (result) => {
      setWarning(result.warnings[0] ?? null);
      notifications.show(statusChangedToast(result.appointment));
      await afterAppointmentChange(queryClient, contactId);
    },
  });

  const now = useNow();
  const started = Date.parse(a.startsAt) <= now;
  const ended = Date.parse(a.endsAt) <= now;
  const looks = STATUS_LOOKS[a.status];
  const quick = readOnly ? [] : quickStatuses(a.status, started);
  // Cancel is its own button while the appointment lies ahead; afterwards it is rare and sits in the menu.
  const cancelButton = isOpen(a.status) && !ended;
  const others = STATUS_ORDER.filter(
    (s) => s !== a.status && !quick.includes(s) && (s !== 'cancelled' || !cancelButton),
  );
  // Showed and no-show wait until the appointment has started (the server refuses them before).
  const notYet = (s: AppointmentStatus) => isOutcome(s) && !started;
  const outcomeMissing = ended && isOpen(a.status);
  const day = new Date(a.startsAt);
  const part = (opts: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(zone.locale, { ...opts, timeZone: zone.timeZone }).format(day);
  const accent = { '--calendar-color': calendarColor(a.calendar.color) } as CSSProperties;

  return (
    <Paper
      withBorder
      className={classes.card}
      style={accent}
      data-status={a.status}
      data-testid="appointment"
      component="article"
      aria-label={a.title}
    >
      <div className={classes.date} aria-hidden>
        <span className={classes.weekday}>{part({ weekday: 'short' })}</span>
        <span className={classes.day}>{part({ day: 'numeric' })}</span>
        <span className={classes.month}>{part({ month: 'short' })}</span>
      </div>
      <Stack gap={6} className={classes.main}>
        <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
          <Text fw={600} className={classes.title} td={a.status === 'cancelled' ? 'line-through' : undefined}>
            {a.title}
          </Text>
          <Badge color={looks.color} variant="light" miw="max-content" data-testid="appointment-status">
            {looks.label}
          </Badge>
        </Group>
        <Group gap="md" wrap="wrap" className={classes.facts} style={{ rowGap: 4 }}>
          <Group gap={6} wrap="nowrap">
            <IconClock size={15} stroke={1.7} />
            <Text size="sm">
              {formatSpan(a.startsAt, a.endsAt, zone)}{' '}
              <Text span size="sm" c="dimmed">
                ({formatDuration(a.startsAt, a.endsAt)})
              </Text>
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <span className={classes.dot} />
            <Text size="sm" c="dimmed" truncate="end" maw={200} title={a.calendar.name}>
              {a.calendar.name}
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <UserAvatar name={a.assignedUser.name} size={20} />
            <Text size="sm" c="dimmed">
              {a.assignedUser.name}
            </Text>
          </Group>
        </Group>
        {(a.location || a.meetingUrl) && (
          <Group gap="md" wrap="wrap" style={{ rowGap: 4 }}>
            {a.location && (
              <Anchor
                size="sm"
                href={`https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(a.location)}`}
                target="_blank"
                rel="noopener noreferrer"
                className={classes.link}
              >
                <IconMapPin size={15} stroke={1.7} />
                {a.location}
              </Anchor>
            )}
            {a.meetingUrl && (
              <Anchor size="sm" href={a.meetingUrl} target="_blank" rel="noopener noreferrer" className={classes.link}>
                <IconVideo size={15} stroke={1.7} />
                {t('appointments.card.joinMeeting')}
                <IconExternalLink size={13} stroke={1.7} />
              </Anchor>
            )}
          </Group>
        )}
        {a.description && (
          <Text size="sm" c="dimmed" lineClamp={2} className={classes.description}>
            {a.description}
          </Text>
        )}
        {outcomeMissing && !readOnly && (
          <Text size="xs" c="orange" fw={500}>
            {t('appointments.card.outcomeMissing')}
          </Text>
        )}
        {warning && (
          <DoubleBookingAlert title={warning.detail} conflicts={warning.conflicts}>
            {t('appointments.card.changeSaved')}
          </DoubleBookingAlert>
        )}
        {status.isError && (
          <Text size="sm" c="red" role="alert">
            {appointmentProblem(status.error)}
          </Text>
        )}
        {!readOnly && (
          <Group gap="xs" mt={2} wrap="wrap">
            {quick.map((to) => {
              const Icon = STATUS_LOOKS[to].icon;
              return (
                <Button
                  key={to}
                  size="compact-sm"
                  variant="light"
                  color={STATUS_LOOKS[to].color}
                  leftSection={<Icon size={14} />}
                  loading={status.isPending && status.variables === to}
                  disabled={status.isPending}
                  onClick={() => status.mutate(to)}
                >
                  {statusVerb(to)}
                </Button>
              );
            })}
            {a.status !== 'cancelled' && (
              <Button
                size="compact-sm"
                variant="default"
                leftSection={<IconPencil size={14} />}
                onClick={() => onEdit(a)}
                disabled={status.isPending}
              >
                {isOpen(a.status) && !ended ? t('appointments.card.reschedule') : t('common.edit')}
              </Button>
            )}
            {cancelButton && (
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                leftSection={<IconX size={14} />}
                onClick={() => setCancelling(true)}
                disabled={status.isPending}
              >
                {t('common.cancel')}
              </Button>
            )}
            {others.length > 0 && (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="gray"
                    rightSection={<IconChevronDown size={14} />}
                    disabled={status.isPending}
                  >
                    {t('appointments.card.setStatus')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>{t('appointments.card.changeStatusTo')}</Menu.Label>
                  {others.map((to) => (
                    <Menu.Item
                      key={to}
                      disabled={notYet(to)}
                      onClick={() => (to === 'cancelled' ? setCancelling(true) : status.mutate(to))}
                    >
                      <Group gap={8} wrap="nowrap">
                        <span
                          className={classes.statusDot}
                          style={{ background: `var(--mantine-color-${STATUS_LOOKS[to].color}-filled)` }}
                        />
                        {STATUS_LOOKS[to].label}
                      </Group>
                    </Menu.Item>
                  ))}
                  {others.some(notYet) && (
                    <Text size="xs" c="dimmed" px="sm" py={4} maw={240}>
                      {t('appointments.notStartedHint')}
                    </Text>
                  )}
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        )}
      </Stack>

      <ConfirmDialog
        opened={cancelling}
        onClose={() => setCancelling(false)}
        title={t('appointments.cancel.title')}
        confirmLabel={statusVerb('cancelled')}
        danger
        onConfirm={async () => {
          const result = await writes.setStatus(a, 'cancelled');
          setWarning(result.warnings[0] ?? null);
          notifications.show(statusChangedToast(result.appointment));
          await afterAppointmentChange(queryClient, contactId);
        }}
      >
        {t('appointments.cancel.cardBody', {
          title: a.title,
          when: formatSpan(a.startsAt, a.endsAt, zone),
          user: a.assignedUser.name,
        })}
      </ConfirmDialog>
    </Paper>
  );
}
