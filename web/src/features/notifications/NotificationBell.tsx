// The bell in the app header: the unread count on it, and a list of your notifications that opens beneath it.
// Clicking one marks it read and goes where it points; "Mark all read" clears the count. Both update live.
import {
  ActionIcon,
  Box,
  Button,
  Center,
  EmptyState,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  ThemeIcon,
  Tooltip,
  type MantineColor,
} from '@mantine/core';
import {
  IconAlarm,
  IconAt,
  IconFileExport,
  IconMessageCircle,
  IconBell,
  IconBellCheck,
  IconCalendarPlus,
  IconChecklist,
  IconChecks,
  IconUserShare,
  type TablerIcon,
} from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from '../../app/i18n.ts';
import { useId, useState, type MouseEvent } from 'react';
import { LoadError } from '../../components/QueryStatus.tsx';
import { problemMessage } from '../../components/ProblemAlert.tsx';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { useUserZone } from '../auth/useSession.ts';
import classes from './NotificationBell.module.css';
import { isPlainClick } from '../../lib/hooks.ts';
import {
  markAllNotificationsRead,
  markNotificationRead,
  notificationHref,
  notificationsQuery,
  unreadCountQuery,
  type NotificationDto,
  type NotificationKind,
} from './notifications.api.ts';

/** The label of each kind is notifications.kinds.<kind>. */
const KIND_LOOKS: Record<NotificationKind, { icon: TablerIcon; color: MantineColor }> = {
  mentioned: { icon: IconAt, color: 'brand' },
  owner_changed: { icon: IconUserShare, color: 'violet' },
  task_assigned: { icon: IconChecklist, color: 'blue' },
  task_due: { icon: IconAlarm, color: 'orange' },
  appointment_booked: { icon: IconCalendarPlus, color: 'grape' },
  message_received: { icon: IconMessageCircle, color: 'teal' },
  export_ready: { icon: IconFileExport, color: 'cyan' },
};

export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const titleId = useId();
  const unread = useQuery(unreadCountQuery);
  const count = unread.data ?? 0;
  const label = count === 0 ? t('notifications.title') : t('notifications.bellUnread', { count });

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={400}
      shadow="lg"
      radius="md"
      withinPortal
      trapFocus={false}
      returnFocus
    >
      <Popover.Target>
        <ActionIcon
          size="lg"
          radius="xl"
          variant="subtle"
          color="gray"
          aria-label={label}
          onClick={() => setOpened((o) => !o)}
          data-testid="notification-bell"
          data-count={count}
          style={{ overflow: 'visible' }}
        >
          <Indicator
            label={count > 99 ? '99+' : count}
            size={17}
            offset={2}
            color="red"
            disabled={count === 0}
            inline
            zIndex={2}
          >
            <IconBell size={20} stroke={1.7} />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p={0} className={classes.dropdown} aria-labelledby={titleId}>
        {opened && <NotificationPanel titleId={titleId} unreadCount={count} onNavigate={() => setOpened(false)} />}
      </Popover.Dropdown>
    </Popover>
  );
}

function NotificationPanel({
  titleId,
  unreadCount,
  onNavigate,
}: {
  titleId: string;
  unreadCount: number;
  onNavigate(): void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(notificationsQuery);
  const readAll = useMutation({
    mutationFn: markAllNotificationsRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });

  const items = list.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Stack gap={0}>
      <Group justify="space-between" wrap="nowrap" px="md" py="sm" className={classes.header}>
        <Group gap={8} wrap="nowrap">
          <Text fw={600} id={titleId}>
            {t('notifications.title')}
          </Text>
          {unreadCount > 0 && (
            <Text size="xs" c="dimmed">
              {t('notifications.unread', { count: unreadCount })}
            </Text>
          )}
        </Group>
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconChecks size={15} />}
          disabled={unreadCount === 0}
          loading={readAll.isPending}
          onClick={() => readAll.mutate()}
        >
          {t('notifications.markAllRead')}
        </Button>
      </Group>
      {readAll.isError && (
        <Text size="sm" c="red" px="md" py={6} role="alert">
          {problemMessage(readAll.error)}
        </Text>
      )}
      <ScrollArea.Autosize mah="min(480px, calc(100dvh - 140px))" type="auto">
        {list.isPending ? (
          <Center py="xl">
            <Loader size="sm" aria-label={t('notifications.loading')} />
          </Center>
        ) : list.isError ? (
          <Box p="md">
            <LoadError error={list.error} onRetry={() => list.refetch()} />
          </Box>
        ) : items.length === 0 ? (
          <EmptyState
            py={40}
            px="md"
            size="sm"
            variant="light"
            icon={<IconBellCheck size={22} stroke={1.6} />}
            title={t('notifications.emptyTitle')}
            description={t('notifications.emptyText')}
          />
        ) : (
          <ul className={classes.list} aria-label={t('notifications.yours')}>
            {items.map((n) => (
              <NotificationItem key={n.id} notification={n} onNavigate={onNavigate} />
            ))}
            {list.hasNextPage && (
              <li className={classes.more}>
                <Button
                  variant="subtle"
                  size="compact-sm"
                  loading={list.isFetchingNextPage}
                  onClick={() => list.fetchNextPage()}
                >
                  {t('notifications.showOlder')}
                </Button>
              </li>
            )}
          </ul>
        )}
      </ScrollArea.Autosize>
    </Stack>
  );
}

function NotificationItem({ notification: n, onNavigate }: { notification: NotificationDto; onNavigate(): void }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const markRead = useMutation({
    mutationFn: () => markNotificationRead(n.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const unread = n.readAt === null;
  const href = notificationHref(n);
  const looks = KIND_LOOKS[n.kind];
  const KindIcon = looks.icon;

  const open = (e: MouseEvent<HTMLElement>) => {
    if (unread) markRead.mutate();
    // Let the browser open a new tab for modified clicks; a plain click stays in the app.
    if (!href || !isPlainClick(e)) return;
    e.preventDefault();
    onNavigate();
    void navigate({ href });
  };

  const content = (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <ThemeIcon
        size={32}
        radius="xl"
        variant="light"
        color={looks.color}
        aria-label={t(`notifications.kinds.${n.kind}`)}
        role="img"
      >
        <KindIcon size={17} stroke={1.8} />
      </ThemeIcon>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" fw={unread ? 600 : 400} lh={1.4} className={classes.title}>
          {n.title}
        </Text>
        {n.body && (
          <Text size="sm" c="dimmed" lineClamp={2} lh={1.4} className={classes.body}>
            {n.body}
          </Text>
        )}
        <Group gap={6} wrap="nowrap" mt={2}>
          {n.contact && (
            <>
              <Text size="xs" fw={500} c="brand" truncate="end" maw={200}>
                {n.contact.displayName}
              </Text>
              <Text size="xs" c="dimmed" aria-hidden>
                ·
              </Text>
            </>
          )}
          <Tooltip label={formatDateTime(n.createdAt, zone)} openDelay={300}>
            <Text size="xs" c="dimmed" component="time" dateTime={n.createdAt} style={{ whiteSpace: 'nowrap' }}>
              {formatRelative(n.createdAt, zone)}
            </Text>
          </Tooltip>
        </Group>
      </Stack>
      <span
        className={classes.dot}
        data-unread={unread || undefined}
        aria-label={unread ? t('notifications.unreadDot') : undefined}
        role={unread ? 'img' : undefined}
      />
    </Group>
  );

  return (
    <li data-testid="notification" data-unread={unread || undefined}>
      {href ? (
        <a href={href} onClick={open} className={classes.item} data-unread={unread || undefined}>
          {content}
        </a>
      ) : (
        <button type="button" onClick={open} className={classes.item} data-unread={unread || undefined}>
          {content}
        </button>
      )}
    </li>
  );
}
