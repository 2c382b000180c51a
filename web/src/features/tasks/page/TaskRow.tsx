// One task in a My-tasks section: tick it off (or reopen it), open it to edit, jump to its contact.
import { Button, Checkbox, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconCalendarDue, IconUser } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../../app/i18n.ts';
import { useState } from 'react';
import { AnchorLink } from '../../../components/links.tsx';
import { problemMessage } from '../../../components/ProblemAlert.tsx';
import { useUserZone } from '../../auth/useSession.ts';
import { dueLabel } from './dueLabel.ts';
import { afterTaskChange, completeTask, reopenTask, type TaskDto } from './myTasks.api.ts';
import classes from './MyTasksPage.module.css';

export function TaskRow({
  task,
  showAssignee,
  onEdit,
}: {
  task: TaskDto;
  showAssignee: boolean;
  onEdit(task: TaskDto): void;
}) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const queryClient = useQueryClient();
  const done = task.status === 'completed';
  // The tick shows at once; the row moves to its new section when the lists refresh.
  const [ticked, setTicked] = useState<boolean | null>(null);

  const toggle = useMutation({
    mutationFn: (complete: boolean) => (complete ? completeTask(task.id) : reopenTask(task.id)),
    onMutate: (complete) => setTicked(complete),
    onSuccess: async (saved, complete) => {
      await afterTaskChange(queryClient, saved.contactId);
      const id = `task-${task.id}`;
      notifications.show({
        id,
        color: complete ? 'green' : 'blue',
        message: (
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Text size="sm" truncate="end">
              {complete ? t('tasks.completed', { title: task.title }) : t('tasks.reopened', { title: task.title })}
            </Text>
            {complete && (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={async () => {
                  notifications.hide(id);
                  try {
                    await reopenTask(task.id);
                    await afterTaskChange(queryClient, task.contactId);
                  } catch (error) {
                    notifications.show({
                      color: 'red',
                      title: t('tasks.reopenFailed'),
                      message: problemMessage(error),
                    });
                  }
                }}
              >
                {t('common.undo')}
              </Button>
            )}
          </Group>
        ),
      });
    },
    onError: (error) => {
      setTicked(null);
      notifications.show({ color: 'red', title: t('tasks.updateFailed'), message: problemMessage(error) });
    },
  });
  const checked = ticked ?? done;

  return (
    <div className={classes.row} data-testid="task-row" data-overdue={task.overdue || undefined}>
      <Checkbox
        checked={checked}
        onChange={(e) => toggle.mutate(e.currentTarget.checked)}
        disabled={toggle.isPending}
        aria-label={checked ? t('tasks.reopen', { title: task.title }) : t('tasks.complete', { title: task.title })}
        radius="xl"
        size="md"
        mt={2}
        color="green"
      />
      <Stack gap={2} className={classes.rowBody}>
        <UnstyledButton
          onClick={() => onEdit(task)}
          className={classes.title}
          aria-label={t('tasks.edit', { title: task.title })}
        >
          <Text
            size="sm"
            fw={500}
            td={checked ? 'line-through' : undefined}
            c={checked ? 'dimmed' : undefined}
            lineClamp={2}
          >
            {task.title}
          </Text>
        </UnstyledButton>
        <Group gap={6} wrap="wrap" className={classes.meta}>
          {task.contact && (
            <AnchorLink
              to="/contacts/$contactId"
              params={{ contactId: task.contact.id }}
              size="xs"
              fw={500}
              className={classes.contact}
              title={task.contact.displayName}
            >
              {task.contact.displayName}
            </AnchorLink>
          )}
          {showAssignee && (
            <Group gap={3} wrap="nowrap">
              <IconUser size={12} aria-hidden="true" />
              <Text size="xs" c="dimmed" truncate="end" maw={160}>
                {task.assignee.name}
              </Text>
            </Group>
          )}
          {task.description && (
            <Text size="xs" c="dimmed" className={classes.preview} title={task.description}>
              {task.description.replace(/\s+/g, ' ')}
            </Text>
          )}
        </Group>
      </Stack>
      {(done ? task.completedAt : task.dueAt) && (
        <div className={classes.due}>
          {done ? (
            task.completedAt && (
              <Text size="xs" c="dimmed" ta="right">
                {t('tasks.doneAt', { when: dueLabel(task.completedAt, zone) })}
              </Text>
            )
          ) : task.dueAt ? (
            <Group gap={4} wrap="nowrap" justify="flex-end">
              {task.overdue ? (
                <IconAlertCircle size={14} color="var(--mantine-color-red-filled)" aria-hidden="true" />
              ) : (
                <IconCalendarDue size={14} color="var(--mantine-color-dimmed)" aria-hidden="true" />
              )}
              <Text size="xs" fw={task.overdue ? 600 : 500} c={task.overdue ? 'red' : 'dimmed'} ta="right">
                {dueLabel(task.dueAt, zone)}
              </Text>
            </Group>
          ) : null}
        </div>
      )}
    </div>
  );
}
