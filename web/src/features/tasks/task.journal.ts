// Tasks' journal kinds in words (task.*): created, updated, completed, reopened, deleted, fell due.
import { IconAlarm, IconChecklist, IconCircleCheck, IconPencil, IconRotate, IconTrash } from '@tabler/icons-react';
import { formatDateTime } from '../../lib/format.ts';
import { formatWhen } from '../appointments/zonedTime.ts';
import {
  changesOf,
  edited,
  nameOf,
  only,
  say,
  sayIf,
  str,
  strong,
  words,
  type Data,
  type DescribeContext,
  type JournalFamily,
  type Part,
} from '../timeline/journal/parts.ts';

const FIELDS = ['title', 'description', 'assignee', 'dueAt'];

function when(iso: unknown, ctx: DescribeContext): string | null {
  if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) return null;
  return ctx.zone ? formatWhen(iso, ctx.zone) : iso;
}

function taskValue(field: string, value: unknown, ctx: DescribeContext): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (field === 'assignee') return nameOf(value);
  if (field === 'dueAt') return typeof value === 'string' && ctx.zone ? formatDateTime(value, ctx.zone) : String(value);
  if (field === 'description') return String(value).replace(/\s+/g, ' ').trim().slice(0, 240) || null;
  return typeof value === 'object' ? nameOf(value) : String(value);
}

const task = (d: Data): Part[] =>
  say('journal.task.named', { title: strong(str(d.title) ?? words('journal.untitled')) });

export const taskJournal: JournalFamily = {
  family: 'task',
  fallback: { icon: IconChecklist, color: 'blue' },
  kinds: {
    'task.created': {
      looks: { icon: IconChecklist, color: 'blue' },
      describe: (d, ctx) => {
        const assignee = nameOf(d.assignee);
        const due = when(d.dueAt, ctx);
        return only([
          ...say('journal.task.created', { task: task(d) }),
          ...sayIf(assignee, 'journal.task.assignedTo', { assignee: strong(assignee ?? '') }),
          ...sayIf(due, 'journal.task.dueOn', { due: due ?? '' }),
        ]);
      },
    },
    'task.updated': {
      looks: { icon: IconPencil, color: 'blue' },
      describe: (d, ctx) =>
        edited(
          task(d),
          changesOf(
            d,
            (field) => (FIELDS.includes(field) ? words(`journal.task.fields.${field}`) : null),
            (field, value) => taskValue(field, value, ctx),
          ),
          say('journal.task.updated', { task: task(d) }),
        ),
    },
    'task.completed': {
      looks: { icon: IconCircleCheck, color: 'green' },
      describe: (d) => only(say('journal.task.completed', { task: task(d) })),
    },
    'task.reopened': {
      looks: { icon: IconRotate, color: 'blue' },
      describe: (d) => only(say('journal.task.reopened', { task: task(d) })),
    },
    'task.deleted': {
      looks: { icon: IconTrash, color: 'gray' },
      describe: (d) =>
        only([
          ...say('journal.task.deleted', { task: task(d) }),
          ...sayIf(d.status === 'completed', 'journal.task.wasCompleted'),
        ]),
    },
    'task.due': {
      looks: { icon: IconAlarm, color: 'orange' },
      describe: (d, ctx) => {
        const due = when(d.dueAt, ctx);
        return only([
          ...say('journal.task.fellDue', { title: strong(str(d.title) ?? words('journal.untitled')) }),
          ...sayIf(due, 'journal.inBrackets', { text: due ?? '' }),
        ]);
      },
    },
  },
};
