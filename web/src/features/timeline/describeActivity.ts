// The focus events of the timeline in words — notes, tasks and appointments — in the shape the contact page's
// journal renderer uses (parts with old and new values set apart, field changes as old → new pairs).
// describeEntry() (contacts/record/journal) asks here for every kind of these families.
import type { MantineColor } from '@mantine/core';
import {
  IconCalendarCheck,
  IconCalendarEvent,
  IconCalendarPlus,
  IconCalendarTime,
  IconCalendarX,
  IconAlarm,
  IconChecklist,
  IconCircleCheck,
  IconNote,
  IconNoteOff,
  IconPencil,
  IconPin,
  IconPinnedOff,
  IconRotate,
  IconTrash,
  type TablerIcon,
} from '@tabler/icons-react';
import { formatDateTime } from '../../lib/format.ts';
import { statusLabel } from '../appointments/appointmentStatus.ts';
import { formatSpan, formatWhen } from '../appointments/zonedTime.ts';
import type { DescribeContext, EntryChange, Part } from '../contacts/record/journal/describeEntry.ts';
import { noteColorLabel } from '../notes/noteColors.ts';

type Data = Record<string, unknown>;

export interface ActivityDescription {
  parts: Part[];
  changes: EntryChange[];
}

export const ACTIVITY_FAMILIES = ['note', 'task', 'appointment'] as const;

const LOOKS: Record<string, { icon: TablerIcon; color: MantineColor }> = {
  'note.created': { icon: IconNote, color: 'yellow' },
  'note.updated': { icon: IconPencil, color: 'yellow' },
  'note.deleted': { icon: IconNoteOff, color: 'gray' },
  'note.pinned': { icon: IconPin, color: 'yellow' },
  'note.unpinned': { icon: IconPinnedOff, color: 'gray' },
  'task.created': { icon: IconChecklist, color: 'blue' },
  'task.updated': { icon: IconPencil, color: 'blue' },
  'task.completed': { icon: IconCircleCheck, color: 'green' },
  'task.reopened': { icon: IconRotate, color: 'blue' },
  'task.deleted': { icon: IconTrash, color: 'gray' },
  'task.due': { icon: IconAlarm, color: 'orange' },
  'appointment.booked': { icon: IconCalendarPlus, color: 'grape' },
  'appointment.rescheduled': { icon: IconCalendarTime, color: 'grape' },
  'appointment.updated': { icon: IconCalendarEvent, color: 'grape' },
  'appointment.status_changed': { icon: IconCalendarCheck, color: 'grape' },
  'appointment.cancelled': { icon: IconCalendarX, color: 'red' },
};

/** The icon and colour of a focus kind; null for kinds of other families. */
export function activityLooks(kind: string): { icon: TablerIcon; color: MantineColor } | null {
  return LOOKS[kind] ?? null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const nameOf = (v: unknown): string | null => (v && typeof v === 'object' ? str((v as Data).name) : str(v));
const strong = (value: string): Part => ({ value, tone: 'strong' });
const oldValue = (value: string): Part => ({ value, tone: 'old' });
const newValue = (value: string): Part => ({ value, tone: 'new' });

const PREVIEW = 120;
const clip = (s: string, max = PREVIEW) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function when(iso: unknown, ctx: DescribeContext): string | null {
  if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) return null;
  return ctx.zone ? formatWhen(iso, ctx.zone) : iso;
}

function span(startsAt: unknown, endsAt: unknown, ctx: DescribeContext): string | null {
  if (typeof startsAt !== 'string' || typeof endsAt !== 'string') return when(startsAt, ctx);
  return ctx.zone ? formatSpan(startsAt, endsAt, ctx.zone) : `${startsAt} – ${endsAt}`;
}

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  body: 'Text',
  color: 'Colour',
  attachments: 'Attachments',
  description: 'Description',
  assignee: 'Assignee',
  assignedUser: 'Assigned user',
  dueAt: 'Due',
  location: 'Location',
  meetingUrl: 'Meeting link',
  calendar: 'Calendar',
};

function readable(field: string, value: unknown, ctx: DescribeContext): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : null;
  switch (field) {
    case 'color':
      return noteColorLabel(value);
    case 'assignee':
    case 'assignedUser':
    case 'calendar':
      return nameOf(value);
    case 'dueAt':
      return typeof value === 'string' && ctx.zone ? formatDateTime(value, ctx.zone) : String(value);
    case 'body':
    case 'description':
      return clip(String(value).replace(/\s+/g, ' ').trim(), 240) || null;
  }
  return typeof value === 'object' ? (nameOf(value) ?? null) : String(value);
}

function changesOf(d: Data, ctx: DescribeContext): EntryChange[] {
  if (!Array.isArray(d.changes)) return [];
  return (d.changes as Data[])
    .filter((c) => c && typeof c.field === 'string' && FIELD_LABELS[c.field as string])
    .map((c) => {
      const field = c.field as string;
      return { field: FIELD_LABELS[field]!, old: readable(field, c.old, ctx), new: readable(field, c.new, ctx) };
    });
}

/** "Changed Due of task Call back from … to …" for one change; a heading with a table beneath for several. */
function edited(what: Part[], changes: EntryChange[], fallback: Part[]): ActivityDescription {
  if (changes.length === 0) return { parts: fallback, changes: [] };
  if (changes.length === 1) {
    const c = changes[0]!;
    const verb = c.old === null ? 'Set ' : c.new === null ? 'Cleared ' : 'Changed ';
    const fromTo: Part[] =
      c.old === null
        ? [' to ', newValue(c.new ?? '')]
        : c.new === null
          ? [' (was ', oldValue(c.old), ')']
          : [' from ', oldValue(c.old), ' to ', newValue(c.new)];
    return { parts: [verb, strong(c.field), ' of ', ...what, ...fromTo], changes: [] };
  }
  return { parts: fallback, changes };
}

function noteName(d: Data): Part[] {
  const title = str(d.title);
  if (title) return ['the note ', strong(title)];
  const preview = str(d.preview);
  return preview ? ['the note “', clip(preview, 60), '”'] : ['a note'];
}

function describeNote(kind: string, d: Data, ctx: DescribeContext): ActivityDescription | null {
  const only = (parts: Part[]) => ({ parts, changes: [] });
  const preview = str(d.preview);
  switch (kind) {
    case 'note.created': {
      const title = str(d.title);
      const files = typeof d.attachments === 'number' && d.attachments > 0 ? d.attachments : 0;
      const mentions = Array.isArray(d.mentionedUserIds) ? d.mentionedUserIds.length : 0;
      const names = Array.isArray(d.mentioned)
        ? d.mentioned.flatMap((m) => (m && typeof m === 'object' && typeof m.name === 'string' ? [m.name] : []))
        : [];
      const extras = [
        files ? `${files} ${files === 1 ? 'attachment' : 'attachments'}` : null,
        names.length
          ? `mentioning ${names.join(', ')}`
          : mentions
            ? `${mentions} ${mentions === 1 ? 'mention' : 'mentions'}`
            : null,
      ].filter(Boolean);
      return only([
        'Added a note',
        ...(title ? [' ', strong(title)] : []),
        ...(preview ? [title ? ': ' : ': “', clip(preview), title ? '' : '”'] : []),
        ...(extras.length ? [` (${extras.join(', ')})`] : []),
      ]);
    }
    case 'note.updated':
      return edited(noteName(d), changesOf(d, ctx), ['Edited ', ...noteName(d)]);
    case 'note.deleted':
      return only(['Deleted ', ...noteName(d)]);
    case 'note.pinned':
      return only(['Pinned ', ...noteName(d)]);
    case 'note.unpinned':
      return only(['Unpinned ', ...noteName(d)]);
  }
  return null;
}

function describeTask(kind: string, d: Data, ctx: DescribeContext): ActivityDescription | null {
  const only = (parts: Part[]) => ({ parts, changes: [] });
  const task: Part[] = ['task ', strong(str(d.title) ?? 'untitled')];
  const due = when(d.dueAt, ctx);
  switch (kind) {
    case 'task.created': {
      const assignee = nameOf(d.assignee);
      return only([
        'Created ',
        ...task,
        ...(assignee ? [', assigned to ', strong(assignee)] : []),
        ...(due ? [`, due ${due}`] : []),
      ]);
    }
    case 'task.updated':
      return edited(task, changesOf(d, ctx), ['Updated ', ...task]);
    case 'task.completed':
      return only(['Completed ', ...task]);
    case 'task.reopened':
      return only(['Reopened ', ...task]);
    case 'task.deleted':
      return only(['Deleted ', ...task, ...(d.status === 'completed' ? [' (it was completed)'] : [])]);
    case 'task.due':
      return only(['Task ', strong(str(d.title) ?? 'untitled'), ' fell due', ...(due ? [` (${due})`] : [])]);
  }
  return null;
}

function describeAppointment(kind: string, d: Data, ctx: DescribeContext): ActivityDescription | null {
  const only = (parts: Part[]) => ({ parts, changes: [] });
  const title = strong(str(d.title) ?? 'an appointment');
  switch (kind) {
    case 'appointment.booked': {
      const at = span(d.startsAt, d.endsAt, ctx);
      const who = nameOf(d.assignedUser);
      const calendar = nameOf(d.calendar);
      return only([
        'Booked ',
        title,
        ...(at ? [` for ${at}`] : []),
        ...(who ? [' with ', strong(who)] : []),
        ...(calendar ? [` (calendar: ${calendar})`] : []),
      ]);
    }
    case 'appointment.rescheduled': {
      const from = (d.from ?? {}) as Data;
      const to = (d.to ?? {}) as Data;
      const before = span(from.startsAt, from.endsAt, ctx);
      const after = span(to.startsAt, to.endsAt, ctx);
      return only([
        'Rescheduled ',
        title,
        ...(before ? [' from ', oldValue(before)] : []),
        ...(after ? [' to ', newValue(after)] : []),
      ]);
    }
    case 'appointment.updated':
      return edited(['appointment ', title], changesOf(d, ctx), ['Updated appointment ', title]);
    case 'appointment.status_changed':
      return only([
        'Status of ',
        title,
        ' changed from ',
        oldValue(statusLabel(d.from)),
        ' to ',
        newValue(statusLabel(d.to)),
      ]);
    case 'appointment.cancelled': {
      const at = when(d.startsAt, ctx);
      return only(['Cancelled ', title, ...(at ? [` (was ${at})`] : [])]);
    }
  }
  return null;
}

/** A note, task or appointment entry in words; null for other kinds (the caller describes those). */
export function describeActivity(kind: string, data: Data, ctx: DescribeContext = {}): ActivityDescription | null {
  const family = kind.split('.')[0];
  if (family === 'note') return describeNote(kind, data, ctx);
  if (family === 'task') return describeTask(kind, data, ctx);
  if (family === 'appointment') return describeAppointment(kind, data, ctx);
  return null;
}
