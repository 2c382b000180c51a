// Notes' journal kinds in words (note.*): added, edited, deleted, pinned, unpinned.
import { IconNote, IconNoteOff, IconPencil, IconPin, IconPinnedOff } from '@tabler/icons-react';
import {
  changesOf,
  edited,
  only,
  say,
  sayIf,
  str,
  strong,
  words,
  type Data,
  type JournalFamily,
  type Part,
} from '../timeline/journal/parts.ts';
import { noteColorLabel } from './noteColors.ts';

const clip = (s: string, max = 120) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** "the note Parking", "the note “Prefers email”", "a note". */
function noteName(d: Data): Part[] {
  const title = str(d.title);
  if (title) return say('journal.note.titled', { title: strong(title) });
  const preview = str(d.preview);
  return preview ? say('journal.note.quoted', { preview: clip(preview, 60) }) : say('journal.note.untitled');
}

const FIELDS = ['title', 'body', 'color', 'attachments'];

function noteValue(field: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : null;
  if (field === 'color') return noteColorLabel(value);
  if (field === 'body') return clip(String(value).replace(/\s+/g, ' ').trim(), 240) || null;
  return String(value);
}

function created(d: Data): Part[] {
  const title = str(d.title);
  const preview = str(d.preview);
  const files = typeof d.attachments === 'number' && d.attachments > 0 ? d.attachments : 0;
  const mentions = Array.isArray(d.mentionedUserIds) ? d.mentionedUserIds.length : 0;
  const names = Array.isArray(d.mentioned)
    ? d.mentioned.flatMap((m) => (m && typeof m === 'object' && typeof m.name === 'string' ? [m.name] : []))
    : [];
  const extras = [
    files ? words('journal.note.attachments', { count: files }) : null,
    names.length
      ? words('journal.note.mentioning', { names: names.join(', ') })
      : mentions
        ? words('journal.note.mentions', { count: mentions })
        : null,
  ].filter(Boolean);
  return [
    ...(title ? say('journal.note.addedTitled', { title: strong(title) }) : say('journal.note.added')),
    ...(preview
      ? title
        ? say('journal.note.previewAfterTitle', { preview: clip(preview) })
        : say('journal.note.preview', { preview: clip(preview) })
      : []),
    ...sayIf(extras.length, 'journal.inBrackets', { text: extras.join(', ') }),
  ];
}

export const noteJournal: JournalFamily = {
  family: 'note',
  fallback: { icon: IconNote, color: 'yellow' },
  kinds: {
    'note.created': { looks: { icon: IconNote, color: 'yellow' }, describe: (d) => only(created(d)) },
    'note.updated': {
      looks: { icon: IconPencil, color: 'yellow' },
      describe: (d) =>
        edited(
          noteName(d),
          changesOf(d, (field) => (FIELDS.includes(field) ? words(`journal.note.fields.${field}`) : null), noteValue),
          say('journal.note.edited', { note: noteName(d) }),
        ),
    },
    'note.deleted': {
      looks: { icon: IconNoteOff, color: 'gray' },
      describe: (d) => only(say('journal.note.deleted', { note: noteName(d) })),
    },
    'note.pinned': {
      looks: { icon: IconPin, color: 'yellow' },
      describe: (d) => only(say('journal.note.pinned', { note: noteName(d) })),
    },
    'note.unpinned': {
      looks: { icon: IconPinnedOff, color: 'gray' },
      describe: (d) => only(say('journal.note.unpinned', { note: noteName(d) })),
    },
  },
};
