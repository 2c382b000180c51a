// The calendars beside the grid: tick which ones to show, and create, edit or delete them.
import { ActionIcon, Button, Checkbox, Group, Menu, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { LoadError } from '../../components/QueryStatus.tsx';
import { useSession } from '../auth/useSession.ts';
import { calendarColor } from './appearance.tsx';
import { calendarsQuery, deleteCalendar, type CalendarDto } from './calendar.api.ts';
import { CalendarFormModal } from './CalendarFormModal.tsx';

type Pending = { kind: 'create' } | { kind: 'edit' | 'delete'; calendar: CalendarDto } | null;

export function CalendarsPanel({
  hidden,
  onToggle,
  onShowOnly,
}: {
  hidden: string[];
  onToggle(calendarId: string, visible: boolean): void;
  onShowOnly(calendarIds: string[]): void;
}) {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const calendars = useQuery(calendarsQuery);
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending>(null);
  const mayManage = (c: CalendarDto) => me.role === 'admin' || (!c.team && c.owner?.id === me.id);
  const list = calendars.data ?? [];
  const allShown = list.every((c) => !hidden.includes(c.id));

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600}>
          {t('calendar.calendars')}
        </Text>
        <Tooltip label={t('calendar.panel.newCalendar')}>
          <ActionIcon aria-label={t('calendar.panel.newCalendar')} onClick={() => setPending({ kind: 'create' })}>
            <IconPlus size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>

      {calendars.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('calendar.panel.loading')}>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={20} radius="sm" />
          ))}
        </Stack>
      ) : calendars.isError ? (
        <LoadError error={calendars.error} onRetry={() => calendars.refetch()} />
      ) : list.length === 0 ? (
        <Stack gap="xs" align="flex-start">
          <Text size="sm" c="dimmed">
            {t('calendar.panel.empty')}
          </Text>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setPending({ kind: 'create' })}
          >
            {t('calendar.panel.create')}
          </Button>
        </Stack>
      ) : (
        <Stack gap={4} role="list" aria-label={t('calendar.calendars')}>
          {list.map((c) => (
            <Group key={c.id} gap={4} wrap="nowrap" justify="space-between" role="listitem">
              <Checkbox
                checked={!hidden.includes(c.id)}
                onChange={(e) => onToggle(c.id, e.currentTarget.checked)}
                color={calendarColor(c.color)}
                styles={{
                  body: { alignItems: 'flex-start' },
                  labelWrapper: { minWidth: 0 },
                  input: { borderColor: calendarColor(c.color) },
                }}
                style={{ flex: 1, minWidth: 0 }}
                label={
                  <Stack gap={0} miw={0}>
                    <Text size="sm" fw={500} truncate="end" title={c.name}>
                      {c.name}
                    </Text>
                    <Text size="xs" c="dimmed" truncate="end">
                      {c.team
                        ? t('calendar.panel.team', { name: c.team.name })
                        : c.owner?.id === me.id
                          ? t('calendar.panel.yours')
                          : (c.owner?.name ?? '')}
                    </Text>
                  </Stack>
                }
              />
              {mayManage(c) && (
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon size="sm" aria-label={t('calendar.panel.actionsFor', { name: c.name })}>
                      <IconDots size={16} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item
                      leftSection={<IconPencil size={16} />}
                      onClick={() => setPending({ kind: 'edit', calendar: c })}
                    >
                      {t('calendar.panel.edit')}
                    </Menu.Item>
                    <Menu.Item
                      color="red"
                      leftSection={<IconTrash size={16} />}
                      onClick={() => setPending({ kind: 'delete', calendar: c })}
                    >
                      {t('common.delete')}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              )}
            </Group>
          ))}
          {list.length > 1 && (
            <Group gap="xs" mt={4}>
              <Button
                variant="subtle"
                size="compact-xs"
                color="gray"
                disabled={allShown}
                onClick={() => onShowOnly(list.map((c) => c.id))}
              >
                {t('calendar.panel.showAll')}
              </Button>
              {list.some((c) => !c.team && c.owner?.id === me.id) && (
                <Button
                  variant="subtle"
                  size="compact-xs"
                  color="gray"
                  onClick={() => onShowOnly(list.filter((c) => !c.team && c.owner?.id === me.id).map((c) => c.id))}
                >
                  {t('calendar.panel.onlyMine')}
                </Button>
              )}
            </Group>
          )}
        </Stack>
      )}

      <CalendarFormModal
        opened={pending?.kind === 'create' || pending?.kind === 'edit'}
        onClose={() => setPending(null)}
        calendar={pending?.kind === 'edit' ? pending.calendar : undefined}
      />
      <ConfirmDialog
        opened={pending?.kind === 'delete'}
        onClose={() => setPending(null)}
        title={pending?.kind === 'delete' ? t('calendar.panel.deleteTitle', { name: pending.calendar.name }) : ''}
        confirmLabel={t('calendar.panel.deleteConfirm')}
        danger
        onConfirm={async () => {
          if (pending?.kind !== 'delete') return;
          await deleteCalendar(pending.calendar.id);
          await Promise.all([
            queryClient.invalidateQueries({ queryKey: ['calendars'] }),
            queryClient.invalidateQueries({ queryKey: ['appointments'] }),
          ]);
          notifications.show({ color: 'green', message: t('calendar.panel.deleted', { name: pending.calendar.name }) });
        }}
      >
        {t('calendar.panel.deleteBody')}
      </ConfirmDialog>
    </Stack>
  );
}
