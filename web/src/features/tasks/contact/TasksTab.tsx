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

const FILTERS: { value: TaskStatusFilter; label: string }[] = [
  { value: 'pending', label: 'Pending' },
  { value: 'completed', label: 'Completed' },
  { value: 'all', label: 'All' },
];

const EMPTY: Record<TaskStatusFilter, { title: string; description: string }> = {
  pending: {
    title: 'No open tasks',
    description: 'Add a task to plan the next step; it goes to the contact’s owner unless you pick someone else.',
  },
  completed: { title: 'No completed tasks yet', description: 'Tasks you tick off show up here.' },
  all: { title: 'No tasks yet', description: 'Add a task to plan the next step with this contact.' },
};

export function TasksTab({ contact }: { contact: ContactProfile }) {
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
          data={FILTERS}
          aria-label="Show tasks"
        />
        {!readOnly && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            Add task
          </Button>
        )}
      </Group>
      {readOnly && (
        <Text size="sm" c="dimmed">
          This contact is archived. Restore it to add or change tasks.
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
            title={EMPTY[status].title}
            description={EMPTY[status].description}
          >
            {!readOnly && status !== 'completed' && (
              <EmptyState.Actions>
                <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
                  Add task
                </Button>
              </EmptyState.Actions>
            )}
          </EmptyState>
        </Paper>
      ) : (
        <Paper withBorder>
          <ul className={classes.list} aria-label="Tasks">
            {items.map((task) => (
              <TaskRow key={task.id} task={task} contactId={contact.id} readOnly={readOnly} onEdit={setEditing} />
            ))}
          </ul>
          {tasks.hasNextPage && (
            <Center py="sm">
              {tasks.isFetchingNextPage ? (
                <Loader size="sm" aria-label="Loading more tasks" />
              ) : (
                <Button variant="subtle" size="xs" onClick={() => tasks.fetchNextPage()}>
                  Show more tasks
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
                Completed “{task.title}”
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
                Undo
              </Button>
            </Group>
          ),
        });
      }
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Could not change the task', message: problemMessage(error) }),
  });

  return (
    <li className={classes.row} data-testid="task" data-status={task.status} data-overdue={task.overdue || undefined}>
      <Checkbox
        checked={done}
        disabled={readOnly || toggle.isPending}
        onChange={() => toggle.mutate()}
        aria-label={done ? `Reopen ${task.title}` : `Complete ${task.title}`}
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
              Overdue
            </Badge>
          )}
          {task.dueAt ? (
            <Tooltip label={formatDateTime(task.dueAt, zone)} openDelay={200}>
              <Text size="xs" c={task.overdue ? 'red' : 'dimmed'} fw={task.overdue ? 600 : 400} data-testid="task-due">
                Due {formatWhen(task.dueAt, zone)}
              </Text>
            </Tooltip>
          ) : (
            !done && (
              <Text size="xs" c="dimmed">
                No due date
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
                Completed {formatRelative(task.completedAt, zone)}
                {task.completedBy ? ` by ${task.completedBy.name}` : ''}
              </Text>
            </Tooltip>
          )}
        </Group>
      </div>
      {!readOnly && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon aria-label={`Actions for ${task.title}`}>
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconPencil size={15} />} onClick={() => onEdit(task)}>
              Edit task
            </Menu.Item>
            <Menu.Item color="red" leftSection={<IconTrash size={15} />} onClick={() => setDeleting(true)}>
              Delete task
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
      <ConfirmDialog
        opened={deleting}
        onClose={() => setDeleting(false)}
        title="Delete this task?"
        confirmLabel="Delete task"
        danger
        onConfirm={async () => {
          await writes.remove(task);
          await afterTaskChange(queryClient, contactId);
        }}
      >
        “{task.title}” will be gone for everyone, including {task.assignee.name}. The contact's activity keeps a record
        that it was deleted.
      </ConfirmDialog>
    </li>
  );
}
