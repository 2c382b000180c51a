// A task in full: create one for any contact, or edit title, assignee, due time and description; delete it.
import { Button, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { LazyModal } from '../../../components/LazyModal.tsx';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconCalendarDue, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../../app/i18n.ts';
import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { AnchorLink } from '../../../components/links.tsx';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { splitProblem } from '../../../lib/forms.ts';
import { useSession, useUserZone } from '../../auth/useSession.ts';
import { ContactSelect, UserSelect, type ContactRef } from '../../calendar/pickers.tsx';
import { fromPickerValue, toPickerValue } from '../../../lib/zoned.ts';
import {
  afterTaskChange,
  createTask,
  deleteTask,
  updateTask,
  type TaskDto,
  type UpdateTaskInput,
} from './myTasks.api.ts';

const FIELDS = ['title', 'description', 'assigneeId', 'dueAt', 'contact'] as const;
type Field = (typeof FIELDS)[number];

export function TaskFormModal({
  opened,
  onClose,
  task,
  defaultAssigneeId,
}: {
  opened: boolean;
  onClose(): void;
  /** Edit this task; without it, create one. */
  task?: TaskDto;
  defaultAssigneeId?: string;
}) {
  const { t } = useTranslation();
  return (
    <LazyModal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>{task ? t('tasks.form.editTitle') : t('tasks.newTask')}</Text>}
      size="lg"
    >
      <TaskForm key={task?.id ?? 'new'} task={task} defaultAssigneeId={defaultAssigneeId} onDone={onClose} />
    </LazyModal>
  );
}

function TaskForm({ task, defaultAssigneeId, onDone }: { task?: TaskDto; defaultAssigneeId?: string; onDone(): void }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const { user: me } = useSession();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(task?.title ?? '');
  const [contact, setContact] = useState<ContactRef | null>(task?.contact ?? null);
  const [assigneeId, setAssigneeId] = useState<string | null>(task?.assignee.id ?? defaultAssigneeId ?? me.id);
  const [due, setDue] = useState<string | null>(task?.dueAt ? toPickerValue(task.dueAt, zone.timeZone) : null);
  const [description, setDescription] = useState(task?.description ?? '');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [confirmDelete, setConfirmDelete] = useState(false);

  const dueAt = due ? (fromPickerValue(due, zone.timeZone)?.toISOString() ?? null) : null;

  const mutation = useMutation({
    mutationFn: async () => {
      if (!task) {
        return createTask(contact!.id, {
          title: title.trim(),
          description,
          assigneeId: assigneeId ?? undefined,
          dueAt,
        });
      }
      // Only what changed, so a colleague's edit to another field in the meantime is kept.
      const input: UpdateTaskInput = {};
      if (title.trim() !== task.title) input.title = title.trim();
      if (description !== task.description) input.description = description;
      if (assigneeId && assigneeId !== task.assignee.id) input.assigneeId = assigneeId;
      if ((dueAt && new Date(dueAt).getTime()) !== (task.dueAt && new Date(task.dueAt).getTime())) input.dueAt = dueAt;
      return Object.keys(input).length ? updateTask(task.id, input) : task;
    },
    onSuccess: async (saved) => {
      await afterTaskChange(queryClient, saved.contactId);
      notifications.show({
        color: 'green',
        message: task ? t('tasks.form.saved') : t('tasks.form.addedFor', { name: saved.assignee.name }),
      });
      onDone();
    },
  });
  const problem = splitProblem(mutation.error, FIELDS, {
    user_not_found: 'assigneeId',
    user_deactivated: 'assigneeId',
    contact_archived: 'contact',
  });
  const touched = () => mutation.reset();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Partial<Record<Field, string>> = {};
    if (!title.trim()) next.title = t('tasks.form.titleRequired');
    if (!task && !contact) next.contact = t('tasks.form.contactRequired');
    if (due && !dueAt) next.dueAt = t('tasks.form.dueInvalid');
    setErrors(next);
    if (Object.keys(next).length === 0) mutation.mutate();
  };

  return (
    <form onSubmit={submit} noValidate aria-label={task ? t('tasks.form.editTitle') : t('tasks.newTask')}>
      <Stack gap="md">
        <TextInput
          label={t('tasks.form.task')}
          placeholder={t('tasks.form.taskPlaceholder')}
          value={title}
          onChange={(e) => {
            setTitle(e.currentTarget.value);
            setErrors((er) => ({ ...er, title: undefined }));
            touched();
          }}
          error={errors.title ?? problem.fields.title}
          maxLength={300}
          withAsterisk
          data-autofocus
        />
        {task ? (
          task.contact && (
            <Text size="sm">
              <Text span c="dimmed" size="sm">
                {t('tasks.form.contact')}:{' '}
              </Text>
              <AnchorLink to="/contacts/$contactId" params={{ contactId: task.contact.id }} size="sm" fw={500}>
                {task.contact.displayName}
              </AnchorLink>
            </Text>
          )
        ) : (
          <ContactSelect
            label={t('tasks.form.contact')}
            placeholder={t('calendar.form.contactPlaceholder')}
            value={contact}
            onChange={(c) => {
              setContact(c);
              setErrors((er) => ({ ...er, contact: undefined }));
              touched();
            }}
            error={errors.contact ?? problem.fields.contact}
            withAsterisk
          />
        )}
        <Group grow align="flex-start" gap="sm" wrap="wrap">
          <UserSelect
            label={t('calendar.drawer.assignedTo')}
            value={assigneeId}
            onChange={(id) => {
              setAssigneeId(id);
              touched();
            }}
            error={problem.fields.assigneeId}
            allowDeselect={false}
            miw={200}
          />
          <DateTimePicker
            label={t('tasks.form.due')}
            placeholder={t('tasks.form.noDueDate')}
            value={due}
            onChange={(value) => {
              setDue(value);
              setErrors((er) => ({ ...er, dueAt: undefined }));
              touched();
            }}
            valueFormat="ddd D MMM YYYY, HH:mm"
            leftSection={<IconCalendarDue size={16} />}
            error={errors.dueAt ?? problem.fields.dueAt}
            clearable
            firstDayOfWeek={1}
            defaultTimeValue="09:00"
            miw={200}
            popoverProps={{ withinPortal: true }}
          />
        </Group>
        <Textarea
          label={t('tasks.form.details')}
          placeholder={t('tasks.form.detailsPlaceholder')}
          value={description}
          onChange={(e) => {
            setDescription(e.currentTarget.value);
            touched();
          }}
          error={problem.fields.description}
          autosize
          minRows={3}
          maxRows={8}
          maxLength={10_000}
        />
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="space-between" gap="sm">
          {task ? (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setConfirmDelete(true)}
              disabled={mutation.isPending}
            >
              {t('common.delete')}
            </Button>
          ) : (
            <span />
          )}
          <Group gap="sm">
            <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {task ? t('appointments.saveChanges') : t('tasks.form.add')}
            </Button>
          </Group>
        </Group>
      </Stack>
      {task && (
        <ConfirmDialog
          opened={confirmDelete}
          onClose={() => setConfirmDelete(false)}
          title={t('tasks.form.deleteTitle')}
          confirmLabel={t('tasks.form.deleteConfirm')}
          danger
          onConfirm={async () => {
            await deleteTask(task.id);
            await afterTaskChange(queryClient, task.contactId);
            notifications.show({ color: 'green', message: t('tasks.form.deleted', { title: task.title }) });
            onDone();
          }}
        >
          {t('tasks.form.deleteBody', { title: task.title })}
        </ConfirmDialog>
      )}
    </form>
  );
}
