// Create or edit a task on the contact: title, description, assignee (a new task goes to the contact's owner
// unless someone else is picked — the form says so) and a due date and time in the user's time zone.
import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { LazyModal } from '../../../components/LazyModal.tsx';
import { DateTimePicker, type DatePickerPreset } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCalendarDue } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from '../../../app/i18n.ts';
import { useState, type FormEvent } from 'react';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { ApiError } from '../../../lib/api.ts';
import { splitProblem } from '../../../lib/forms.ts';
import { timeZoneLabel } from '../../../lib/format.ts';
import { addDays, dayOf, isoToWall, wallToIso } from '../../appointments/zonedTime.ts';
import { useUserZone } from '../../auth/useSession.ts';
import type { ContactProfileDto as ContactProfile } from '@dossier/contract';
import { usersQuery } from '../../settings/settings.api.ts';
import { afterTaskChange, taskWrites, type TaskDto, type UpdateTaskInput } from './contactTasks.api.ts';

const FIELDS = ['title', 'description', 'assigneeId', 'dueAt'] as const;

export function TaskFormModal({
  contact,
  task,
  opened,
  onClose,
}: {
  contact: ContactProfile;
  task?: TaskDto;
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
        <Text fw={600}>{task ? t('tasks.form.editTitle') : t('tasks.form.newFor', { name: contact.displayName })}</Text>
      }
      size="lg"
      fullScreen={phone}
    >
      {opened && (
        <TaskForm key={task ? `${task.id}:${task.version}` : 'new'} contact={contact} task={task} onDone={onClose} />
      )}
    </LazyModal>
  );
}

function duePresets(today: string, t: TFunction): DatePickerPreset<'default'>[] {
  return [
    { label: t('tasks.presets.today'), value: `${today} 17:00:00` },
    { label: t('tasks.presets.tomorrow'), value: `${addDays(today, 1)} 09:00:00` },
    { label: t('tasks.presets.inThreeDays'), value: `${addDays(today, 3)} 09:00:00` },
    { label: t('tasks.presets.nextWeek'), value: `${addDays(today, 7)} 09:00:00` },
  ];
}

function TaskForm({ contact, task, onDone }: { contact: ContactProfile; task?: TaskDto; onDone(): void }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const queryClient = useQueryClient();
  const writes = taskWrites(contact.id);
  const users = useQuery(usersQuery('active'));

  const [title, setTitle] = useState(task?.title ?? '');
  const [description, setDescription] = useState(task?.description ?? '');
  // SPEC 2.3: a task created from the contact goes to the contact's owner unless someone else is picked.
  const [assigneeId, setAssigneeId] = useState<string>(task?.assignee.id ?? contact.owner.id);
  const [due, setDue] = useState<string | null>(task?.dueAt ? isoToWall(task.dueAt, zone.timeZone) : null);
  const [titleError, setTitleError] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: () => {
      const dueAt = due ? wallToIso(due, zone.timeZone) : null;
      if (!task) {
        return writes.create({ title: title.trim(), description, assigneeId, dueAt });
      }
      // Only what changed, so an edit never undoes someone else's change to another field.
      const input: UpdateTaskInput = {};
      if (title.trim() !== task.title) input.title = title.trim();
      if (description !== task.description) input.description = description;
      if (assigneeId !== task.assignee.id) input.assigneeId = assigneeId;
      if (dueAt !== task.dueAt && !(dueAt && task.dueAt && Date.parse(dueAt) === Date.parse(task.dueAt))) {
        input.dueAt = dueAt;
      }
      return writes.update(task, input);
    },
    onSuccess: async (saved) => {
      await afterTaskChange(queryClient, contact.id);
      notifications.show({
        color: 'green',
        message: task ? t('tasks.form.saved') : t('tasks.form.addedFor', { name: saved.assignee.name }),
      });
      onDone();
    },
  });
  const problem = splitProblem(mutation.error, FIELDS);
  const conflict = mutation.error instanceof ApiError && mutation.error.code === 'version_conflict';

  const options = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  // A deactivated assignee still shows by name until someone else is picked.
  if (task && !options.has(task.assignee.id)) options.set(task.assignee.id, task.assignee.name);
  if (!options.has(contact.owner.id)) options.set(contact.owner.id, contact.owner.name);
  const assigneeOptions = [...options].map(([value, label]) => ({
    value,
    label: value === contact.owner.id ? t('tasks.form.ownerOption', { name: label }) : label,
  }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) {
      setTitleError(t('tasks.form.titleRequired'));
      return;
    }
    mutation.mutate();
  };

  const today = dayOf(new Date(), zone.timeZone);
  const ownerNote = task ? undefined : t('tasks.form.defaultsToOwner');

  return (
    <form onSubmit={submit} noValidate aria-label={task ? t('tasks.form.editTitle') : t('tasks.newTask')}>
      <Stack gap="md">
        <TextInput
          label={t('tasks.form.task')}
          placeholder={t('tasks.form.taskPlaceholder')}
          value={title}
          onChange={(e) => {
            setTitle(e.currentTarget.value);
            setTitleError(null);
            mutation.reset();
          }}
          error={titleError ?? problem.fields.title}
          maxLength={300}
          required
          data-autofocus
        />
        <Textarea
          label={t('tasks.form.details')}
          placeholder={t('tasks.form.detailsPlaceholder')}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={problem.fields.description}
          autosize
          minRows={3}
          maxRows={8}
          maxLength={10_000}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md" style={{ alignItems: 'end' }}>
          <Select
            label={t('calendar.drawer.assignedTo')}
            description={ownerNote}
            data={assigneeOptions}
            value={assigneeId}
            onChange={(v) => v && setAssigneeId(v)}
            error={problem.fields.assigneeId}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('appointments.form.noUserMatches')}
          />
          <DateTimePicker
            label={t('tasks.form.due')}
            description={t('appointments.timesIn', { zone: timeZoneLabel(zone.timeZone) })}
            placeholder={t('tasks.form.noDueDate')}
            value={due}
            onChange={setDue}
            error={problem.fields.dueAt}
            clearable
            valueFormat="ddd D MMM YYYY, HH:mm"
            leftSection={<IconCalendarDue size={16} stroke={1.7} />}
            presets={phone ? undefined : duePresets(today, t)}
            dropdownType={phone ? 'modal' : 'popover'}
            timePickerProps={{ format: '24h', withDropdown: true, popoverProps: { withinPortal: false } }}
          />
        </SimpleGrid>
        {conflict ? (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {t('tasks.form.versionConflict')}
          </Alert>
        ) : (
          problem.general && <ProblemAlert error={mutation.error} />
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {task ? t('appointments.saveChanges') : t('tasks.form.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
