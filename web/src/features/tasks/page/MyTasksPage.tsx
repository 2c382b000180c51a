// "My tasks": every task assigned to you across contacts — overdue, due today, upcoming, undated, completed —
// with a quick way to add one. Admins can look at anyone's list (or everyone's).
import { Badge, Button, EmptyState, Group, Paper, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconCalendarDue, IconChecklist, IconPlus } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../../app/i18n.ts';
import { useState, type FormEvent } from 'react';
import { Page } from '../../../components/Page.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { LoadError } from '../../../components/QueryStatus.tsx';
import { splitProblem } from '../../../lib/forms.ts';
import { useSession, useUserZone } from '../../auth/useSession.ts';
import { ContactSelect, UserSelect, type ContactRef } from '../../calendar/pickers.tsx';
import { fromPickerValue } from '../../../lib/zoned.ts';
import {
  afterTaskChange,
  createTask,
  PAGE_SIZE,
  taskBucketQuery,
  taskSummaryQuery,
  type AssigneeFilter,
  type TaskBucket,
  type TaskDto,
} from './myTasks.api.ts';
import classes from './MyTasksPage.module.css';
import { TaskFormModal } from './TaskFormModal.tsx';
import { TaskRow } from './TaskRow.tsx';

const EVERYONE = 'everyone';

interface SectionInfo {
  bucket: TaskBucket;
  color: string;
}

// Titles and empty texts: tasks.sections.<bucket>.title / .emptyMine / .emptyOther.
export const SECTIONS: SectionInfo[] = [
  { bucket: 'overdue', color: 'red' },
  { bucket: 'today', color: 'brand' },
  { bucket: 'upcoming', color: 'gray' },
  { bucket: 'no_date', color: 'gray' },
  { bucket: 'completed', color: 'green' },
];

export function MyTasksPage() {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const isAdmin = me.role === 'admin';
  // Whose tasks: a user id or EVERYONE (admins only); members always see their own.
  const [whose, setWhose] = useState<string>(me.id);
  const viewing = isAdmin ? whose : me.id;
  const assignee: AssigneeFilter = viewing === EVERYONE ? undefined : viewing === me.id ? 'me' : viewing;
  const summary = useQuery(taskSummaryQuery(assignee));
  const [editing, setEditing] = useState<TaskDto | null>(null);
  const [creating, setCreating] = useState(false);
  const mine = viewing === me.id;
  const counts = summary.data;
  const open = counts ? counts.overdue + counts.today + counts.upcoming + counts.no_date : 0;
  const nothingAtAll = counts !== undefined && open + counts.completed === 0;

  return (
    <Page size={1040}>
      <PageHeader
        title={mine ? t('tasks.page.myTitle') : t('tasks.page.title')}
        description={
          counts
            ? open === 0
              ? mine
                ? t('tasks.page.caughtUp')
                : t('tasks.page.noOpen')
              : `${t('tasks.page.open', { count: open })}${counts.overdue ? t('tasks.page.overdueSuffix', { count: counts.overdue }) : ''}. ${t('tasks.page.zoneNote')}`
            : t('tasks.page.intro')
        }
        actions={
          <>
            {isAdmin && (
              <UserSelect
                aria-label={t('tasks.page.showTasksOf')}
                value={whose}
                onChange={(id) => setWhose(id ?? me.id)}
                extraOptions={[{ value: EVERYONE, label: t('calendar.everyone') }]}
                allowDeselect={false}
                w={220}
              />
            )}
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t('tasks.newTask')}
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <QuickAdd assigneeId={viewing === EVERYONE ? me.id : viewing} />
        {summary.isError ? (
          <LoadError error={summary.error} onRetry={() => summary.refetch()} />
        ) : nothingAtAll ? (
          <Paper withBorder py={56} px="md">
            <EmptyState
              icon={<IconChecklist size={26} stroke={1.6} />}
              variant="light"
              title={mine ? t('tasks.page.emptyMineTitle') : t('tasks.page.emptyOtherTitle')}
              description={mine ? t('tasks.page.emptyMineText') : t('tasks.page.emptyOtherText')}
              maw={480}
              mx="auto"
            />
          </Paper>
        ) : (
          SECTIONS.map((s) => (
            <TaskSection
              key={s.bucket}
              info={s}
              assignee={assignee}
              count={counts?.[s.bucket]}
              mine={mine}
              showAssignee={viewing === EVERYONE}
              onEdit={setEditing}
            />
          ))
        )}
      </Stack>
      <TaskFormModal opened={editing !== null} onClose={() => setEditing(null)} task={editing ?? undefined} />
      <TaskFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        defaultAssigneeId={viewing === EVERYONE ? me.id : viewing}
      />
    </Page>
  );
}

function TaskSection({
  info,
  assignee,
  count,
  mine,
  showAssignee,
  onEdit,
}: {
  info: SectionInfo;
  assignee: AssigneeFilter;
  count: number | undefined;
  mine: boolean;
  showAssignee: boolean;
  onEdit(task: TaskDto): void;
}) {
  const { t } = useTranslation();
  const tasks = useInfiniteQuery(taskBucketQuery(assignee, info.bucket));
  const title = t(`tasks.sections.${info.bucket}.title`);
  const rows = tasks.data?.pages.flatMap((p) => p.data) ?? [];
  const headingId = `tasks-${info.bucket}`;
  const total = count ?? (tasks.hasNextPage ? undefined : rows.length);
  const remaining = total !== undefined ? total - rows.length : undefined;

  return (
    <section
      className={classes.section}
      data-bucket={info.bucket}
      aria-labelledby={headingId}
      data-testid={`section-${info.bucket}`}
    >
      <div className={classes.sectionHead}>
        <Group gap="xs">
          <Title order={2} fz="md" fw={600} id={headingId}>
            {title}
          </Title>
          {total !== undefined && (
            <Badge
              color={total > 0 ? info.color : 'gray'}
              variant={total > 0 ? 'light' : 'outline'}
              aria-label={t('tasks.count', { count: total })}
            >
              {total}
            </Badge>
          )}
        </Group>
      </div>
      {tasks.isPending ? (
        <Stack gap="sm" p="md" aria-busy="true" aria-label={t('tasks.page.loadingSection', { section: title })}>
          <Skeleton height={16} width="70%" radius="sm" />
          <Skeleton height={16} width="45%" radius="sm" />
        </Stack>
      ) : tasks.isError ? (
        <div className={classes.empty}>
          <LoadError error={tasks.error} onRetry={() => tasks.refetch()} />
        </div>
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed" className={classes.empty}>
          {mine ? t(`tasks.sections.${info.bucket}.emptyMine`) : t(`tasks.sections.${info.bucket}.emptyOther`)}
        </Text>
      ) : (
        <>
          <div role="list" aria-labelledby={headingId}>
            {rows.map((t) => (
              <div role="listitem" key={t.id}>
                <TaskRow task={t} showAssignee={showAssignee} onEdit={onEdit} />
              </div>
            ))}
          </div>
          {tasks.hasNextPage && (
            <Group justify="center" p="xs" style={{ borderTop: '1px solid var(--dossier-border)' }}>
              <Button
                variant="subtle"
                size="xs"
                loading={tasks.isFetchingNextPage}
                onClick={() => tasks.fetchNextPage()}
              >
                {remaining && remaining > 0
                  ? remaining <= PAGE_SIZE
                    ? t('tasks.page.showMore', { count: remaining })
                    : t('tasks.page.showMoreOf', { count: PAGE_SIZE, left: remaining })
                  : t('tasks.page.showMoreAny')}
              </Button>
            </Group>
          )}
        </>
      )}
    </section>
  );
}

/** Title, contact, optional due time, Enter: the fastest way to write down a follow-up. */
function QuickAdd({ assigneeId }: { assigneeId: string }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const { user: me } = useSession();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [contact, setContact] = useState<ContactRef | null>(null);
  const [due, setDue] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ title?: string; contact?: string }>({});
  const mutation = useMutation({
    mutationFn: () =>
      createTask(contact!.id, {
        title: title.trim(),
        assigneeId,
        dueAt: due ? (fromPickerValue(due, zone.timeZone)?.toISOString() ?? null) : null,
      }),
    onSuccess: async (task) => {
      await afterTaskChange(queryClient, task.contactId);
      notifications.show({
        color: 'green',
        message:
          task.assignee.id === me.id
            ? t('tasks.added', { title: task.title })
            : t('tasks.addedFor', { title: task.title, name: task.assignee.name }),
      });
      setTitle('');
      setDue(null);
    },
  });
  const problem = splitProblem(mutation.error, ['title', 'dueAt'] as const, { contact_archived: 'title' });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!title.trim()) next.title = t('tasks.form.titleRequired');
    if (!contact) next.contact = t('tasks.form.contactRequired');
    setErrors(next);
    if (!next.title && !next.contact) mutation.mutate();
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate aria-label={t('tasks.quickAdd.label')}>
        <Stack gap="xs">
          <div className={classes.quickAdd}>
            <TextInput
              aria-label={t('tasks.newTask')}
              placeholder={t('tasks.quickAdd.placeholder')}
              value={title}
              onChange={(e) => {
                setTitle(e.currentTarget.value);
                setErrors((er) => ({ ...er, title: undefined }));
                mutation.reset();
              }}
              error={errors.title ?? problem.fields.title}
              maxLength={300}
              leftSection={<IconPlus size={16} />}
            />
            <ContactSelect
              aria-label={t('tasks.form.contact')}
              placeholder={t('tasks.quickAdd.contactPlaceholder')}
              value={contact}
              onChange={(c) => {
                setContact(c);
                setErrors((er) => ({ ...er, contact: undefined }));
                mutation.reset();
              }}
              error={errors.contact}
            />
            <DateTimePicker
              aria-label={t('tasks.form.due')}
              placeholder={t('tasks.quickAdd.duePlaceholder')}
              value={due}
              onChange={(v) => {
                setDue(v);
                mutation.reset();
              }}
              valueFormat="D MMM, HH:mm"
              leftSection={<IconCalendarDue size={16} />}
              clearable
              firstDayOfWeek={1}
              defaultTimeValue="09:00"
              popoverProps={{ withinPortal: true }}
              error={problem.fields.dueAt}
            />
            <Button type="submit" loading={mutation.isPending}>
              {t('common.add')}
            </Button>
          </div>
          {problem.general && <ProblemAlert error={mutation.error} />}
          {assigneeId !== me.id && (
            <Text size="xs" c="dimmed">
              {t('tasks.quickAdd.assignedToViewed')}
            </Text>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
