// The Tasks tab: the contact's tasks, pending ones by due date (overdue in red), with a checkbox to complete or
// reopen, filters for pending / completed / all, and create, edit and delete.
import {
  ActionIcon,
  Badge,
  Button,
  Center,
  Checkbox,
  EmptyState,
  Group,
  Loader,
  Menu,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChecklist, IconDots, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../../app/i18n.ts';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { problemMessage } from '../../../components/ProblemAlert.tsx';
import { LoadError, LoadingRows } from '../../../components/QueryStatus.tsx';
import { UserAvatar } from '../../../components/UserAvatar.tsx';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { formatWhen } from '../../appointments/zonedTime.ts';
import { useUserZone } from '../../auth/useSession.ts';
import type { ContactProfileDto as ContactProfile } from '@dossier/contract';
import {
  afterTaskChange,
  contactTasksQuery,
  taskWrites,
  type TaskDto,
  type TaskStatusFilter,
} from './contactTasks.api.ts';
import classes from './TasksTab.module.css';
import { TaskFormModal } from './TaskFormModal.tsx';

// Labels and empty states: tasks.tab.filter.<status>, tasks.tab.empty.<status>.title / .text.
const FILTERS: TaskStatusFilter[] = ['pending', 'completed', 'all'];

export function TasksTab({ contact }: { contact: ContactProfile }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<TaskStatusFilter>('pending');
  const tasks = useInfiniteQuery(contactTasksQuery(contact.id, status));
  const [editing, setEditing] = useState<TaskDto | 'new' | null>(null);
  const readOnly = contact.archivedAt !== null;
  const items = tasks.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <SegmentedControl
          value={status}
          onChange={(v) => setStatus(v as TaskStatusFilter)}
          data={FILTERS.map((value) => ({ value, label: t(`tasks.tab.filter.${value}`) }))}
          aria-label={t('tasks.tab.show')}
        />
        {!readOnly && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('tasks.form.add')}
          </Button>
        )}
      </Group>
      {readOnly && (
        <Text size="sm" c="dimmed">
          {t('tasks.tab.archived')}
        </Text>
      )}

      {tasks.isPending ? (
        <LoadingRows rows={4} />
      ) : tasks.isError ? (
        <LoadError error={tasks.error} onRetry={() => tasks.refetch()} />
      ) : items.length === 0 ? (
        <Paper withBorder py={44} px="md">
          <EmptyState
            icon={<IconChecklist size={26} stroke={1.6} />}
            variant="light"
            title={t(`tasks.tab.empty.${status}.title`)}
            description={t(`tasks.tab.empty.${status}.text`)}
          >
            {!readOnly && status !== 'completed' && (
              <EmptyState.Actions>
                <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
                  {t('tasks.form.add')}
                </Button>
              </EmptyState.Actions>
            )}
          </EmptyState>
        </Paper>
      ) : (
        <Paper withBorder>
          <ul className={classes.list} aria-label={t('tasks.page.title')}>
            {items.map((task) => (
              <TaskRow key={task.id} task={task} contactId={contact.id} readOnly={readOnly} onEdit={setEditing} />
            ))}
          </ul>
          {tasks.hasNextPage && (
            <Center py="sm">
              {tasks.isFetchingNextPage ? (
                <Loader size="sm" aria-label={t('tasks.tab.loadingMore')} />
              ) : (
                <Button variant="subtle" size="xs" onClick={() => tasks.fetchNextPage()}>
                  {t('tasks.tab.showMore')}
                </Button>
              )}
            </Center>
          )}
        </Paper>
      )}

      <TaskFormModal
        contact={contact}
        task={editing && editing !== 'new' ? editing : undefined}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Stack>
  );
}

function TaskRow({
  task,
  contactId,
  readOnly,
  onEdit,
}: {
  task: TaskDto;
  contactId: string;
  readOnly: boolean;
  onEdit(task: TaskDto): void;
}) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const queryClient = useQueryClient();
  const writes = taskWrites(contactId);
  const [deleting, setDeleting] = useState(false);
  const done = task.status === 'completed';

  const toggle = useMutation({
    mutationFn: () => (done ? writes.reopen(task.id) : writes.complete(task.id)),
    onSuccess: async (saved) => {
      await afterTaskChange(queryClient, contactId);
      if (saved.status === 'completed') {
        const id = `task-done-${task.id}`;
        notifications.show({
          id,
          color: 'green',
          message: (
            <Group gap="xs" justify="space-between" wrap="nowrap">
              <Text size="sm" truncate="end">
                {t('tasks.completed', { title: task.title })}
              </Text>
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={async () => {
                  notifications.hide(id);
                  await writes.reopen(task.id);
                  await afterTaskChange(queryClient, contactId);
                }}
              >
                {t('common.undo')}
              </Button>
            </Group>
          ),
        });
      }
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('tasks.updateFailed'), message: problemMessage(error) }),
  });

  return (
    <li className={classes.row} data-testid="task" data-status={task.status} data-overdue={task.overdue || undefined}>
      <Checkbox
        checked={done}
        disabled={readOnly || toggle.isPending}
        onChange={() => toggle.mutate()}
        aria-label={
          done ? t('tasks.tab.reopen', { title: task.title }) : t('tasks.tab.complete', { title: task.title })
        }
        radius="xl"
        size="md"
        color="green"
        mt={2}
      />
      <div className={classes.main}>
        <Text fw={500} className={classes.title} data-done={done || undefined}>
          {task.title}
        </Text>
        {task.description && (
          <Text size="sm" c="dimmed" lineClamp={2} className={classes.description}>
            {task.description}
          </Text>
        )}
        <Group gap={8} mt={4} wrap="wrap">
          {task.overdue && (
            <Badge color="red" variant="light" size="sm">
              {t('tasks.overdue')}
            </Badge>
          )}
          {task.dueAt ? (
            <Tooltip label={formatDateTime(task.dueAt, zone)} openDelay={200}>
              <Text size="xs" c={task.overdue ? 'red' : 'dimmed'} fw={task.overdue ? 600 : 400} data-testid="task-due">
                {t('tasks.dueAt', { when: formatWhen(task.dueAt, zone) })}
              </Text>
            </Tooltip>
          ) : (
            !done && (
              <Text size="xs" c="dimmed">
                {t('tasks.form.noDueDate')}
              </Text>
            )
          )}
          <Group gap={4} wrap="nowrap">
            <UserAvatar name={task.assignee.name} size={18} />
            <Text size="xs" c="dimmed">
              {task.assignee.name}
            </Text>
          </Group>
          {done && task.completedAt && (
            <Tooltip label={formatDateTime(task.completedAt, zone)} openDelay={200}>
              <Text size="xs" c="green">
                {task.completedBy
                  ? t('tasks.completedWhenBy', {
                      when: formatRelative(task.completedAt, zone),
                      name: task.completedBy.name,
                    })
                  : t('tasks.completedWhen', { when: formatRelative(task.completedAt, zone) })}
              </Text>
            </Tooltip>
          )}
        </Group>
      </div>
      {!readOnly && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon aria-label={t('calendar.panel.actionsFor', { name: task.title })}>
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconPencil size={15} />} onClick={() => onEdit(task)}>
              {t('tasks.form.editTitle')}
            </Menu.Item>
            <Menu.Item color="red" leftSection={<IconTrash size={15} />} onClick={() => setDeleting(true)}>
              {t('tasks.form.deleteConfirm')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
      <ConfirmDialog
        opened={deleting}
        onClose={() => setDeleting(false)}
        title={t('tasks.form.deleteTitle')}
        confirmLabel={t('tasks.form.deleteConfirm')}
        danger
        onConfirm={async () => {
          await writes.remove(task);
          await afterTaskChange(queryClient, contactId);
        }}
      >
        {t('tasks.form.deleteBody', { title: task.title })}
      </ConfirmDialog>
    </li>
  );
}
