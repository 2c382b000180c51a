// What is next with this contact, in one short list: open tasks by due date (overdue first) and future
// appointments. It heads the Activity tab — the tab the contact page opens on — so the next step is the first
// thing a rep sees, above the history of what already happened.
import { Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconAlarm, IconCalendarEvent, IconCalendarTime, IconSend, IconSquareCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans } from 'react-i18next';
import { useTranslation } from '../../app/i18n.ts';
import { UserAvatar } from '../../components/UserAvatar.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { STATUS_LOOKS, type AppointmentStatus } from '../appointments/appointmentStatus.ts';
import { formatSpan, formatWhen } from '../appointments/zonedTime.ts';
import { useUserZone } from '../auth/useSession.ts';
import { upcomingQuery, type UpcomingItemDto } from './upcoming.api.ts';
import classes from './UpcomingActions.module.css';
import { useTabLink } from './useTabLink.ts';

const SHOWN = 4;

export function UpcomingActions({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const upcoming = useQuery(upcomingQuery(contactId));
  const [all, setAll] = useState(false);
  const tabLink = useTabLink();

  const items = upcoming.data ?? [];
  const shown = all ? items : items.slice(0, SHOWN);
  const overdue = items.filter((i) => i.overdue).length;

  return (
    <Paper withBorder className={classes.card} component="section" aria-labelledby="upcoming-title">
      <Group justify="space-between" gap="xs" wrap="nowrap" px="md" pt="sm" pb={items.length ? 6 : 'sm'}>
        <Group gap={8} wrap="nowrap">
          <IconCalendarTime size={18} stroke={1.7} className={classes.headIcon} />
          <Text fw={600} size="sm" id="upcoming-title">
            {t('activity.upcoming.title')}
          </Text>
          {items.length > 0 && (
            <Badge size="sm" variant="light" color="gray" circle={items.length < 10}>
              {items.length}
            </Badge>
          )}
          {overdue > 0 && (
            <Badge size="sm" variant="light" color="red">
              {t('activity.upcoming.overdue', { count: overdue })}
            </Badge>
          )}
        </Group>
        {upcoming.isError && (
          <Button variant="subtle" size="compact-xs" onClick={() => upcoming.refetch()}>
            {t('common.retry')}
          </Button>
        )}
      </Group>
      {upcoming.isPending ? (
        <Stack gap={8} px="md" pb="sm" aria-busy="true" aria-label={t('activity.upcoming.loading')}>
          <Skeleton height={14} width="70%" />
          <Skeleton height={14} width="55%" />
        </Stack>
      ) : upcoming.isError ? (
        <Text size="sm" c="dimmed" px="md" pb="sm">
          {t('activity.upcoming.loadFailed')}
        </Text>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed" px="md" pb="sm" mt={-4}>
          <Trans
            i18nKey="activity.upcoming.nothing"
            components={{
              task: <Anchor size="sm" {...tabLink('tasks')} />,
              appointment: <Anchor size="sm" {...tabLink('appointments')} />,
            }}
          />
        </Text>
      ) : (
        <>
          <ul className={classes.list} aria-label={t('activity.upcoming.list')}>
            {shown.map((item) => (
              <UpcomingRow
                key={`${item.type}:${item.id}`}
                item={item}
                link={tabLink({ task: 'tasks', appointment: 'appointments', message: 'activity' }[item.type])}
              />
            ))}
          </ul>
          {items.length > SHOWN && (
            <Button variant="subtle" size="compact-sm" mx="md" mb="xs" onClick={() => setAll((v) => !v)}>
              {all ? t('activity.upcoming.showFewer') : t('activity.upcoming.showAll', { count: items.length })}
            </Button>
          )}
        </>
      )}
    </Paper>
  );
}

function UpcomingRow({ item, link }: { item: UpcomingItemDto; link: ReturnType<ReturnType<typeof useTabLink>> }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const isTask = item.type === 'task';
  const when = !item.at
    ? t('activity.upcoming.noDueDate')
    : isTask
      ? formatWhen(item.at, zone)
      : item.endsAt
        ? formatSpan(item.at, item.endsAt, zone)
        : formatWhen(item.at, zone);
  const isMessage = item.type === 'message';
  const status = !isTask && !isMessage ? STATUS_LOOKS[item.status as AppointmentStatus] : null;
  const Icon = isTask ? (item.overdue ? IconAlarm : IconSquareCheck) : isMessage ? IconSend : IconCalendarEvent;
  const color = isTask ? (item.overdue ? 'red' : 'blue') : isMessage ? 'cyan' : 'grape';

  return (
    <li>
      <a className={classes.row} {...link} data-testid="upcoming-item" data-type={item.type}>
        <ThemeIcon
          size={26}
          radius="xl"
          variant="light"
          color={color}
          aria-label={t(`activity.upcoming.${item.type}`)}
          role="img"
        >
          <Icon size={15} stroke={1.8} />
        </ThemeIcon>
        <div className={classes.main}>
          <Text size="sm" fw={500} truncate="end" title={item.title}>
            {item.title}
          </Text>
          <Group gap={6} wrap="nowrap">
            {item.overdue && (
              <Text size="xs" c="red" fw={600}>
                {t('activity.upcoming.overduePrefix')}
              </Text>
            )}
            <Tooltip label={item.at ? formatDateTime(item.at, zone) : t('activity.upcoming.noDueDate')} openDelay={300}>
              <Text size="xs" c={item.overdue ? 'red' : 'dimmed'} truncate="end">
                {isTask && item.at ? t('activity.upcoming.due', { when }) : when}
              </Text>
            </Tooltip>
          </Group>
        </div>
        {status && (
          <Badge size="sm" color={status.color} variant="light" className={classes.status}>
            {status.label}
          </Badge>
        )}
        <UserAvatar
          name={item.assignee.name}
          size={24}
          aria-label={t('activity.upcoming.assignedTo', { name: item.assignee.name })}
        />
      </a>
    </li>
  );
}
