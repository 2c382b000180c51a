// The note colours of the schema (server/db/schema/activity.ts noteColors), as people name and see them.
import type { MantineColor } from '@mantine/core';
import type { NoteDto } from '@dossier/contract';
import { i18n } from '../../app/i18n.ts';

export type NoteColor = NoteDto['color'];

export const NOTE_COLORS: { value: NoteColor; label: string; color: MantineColor | null }[] = [
  { value: 'default', label: 'No colour', color: null },
  { value: 'yellow', label: 'Yellow', color: 'yellow' },
  { value: 'green', label: 'Green', color: 'green' },
  { value: 'blue', label: 'Blue', color: 'blue' },
  { value: 'pink', label: 'Pink', color: 'pink' },
  { value: 'purple', label: 'Purple', color: 'grape' },
  { value: 'orange', label: 'Orange', color: 'orange' },
];

export function noteColorLabel(value: unknown): string {
  return NOTE_COLORS.some((c) => c.value === value) ? i18n.t(`notes.colours.${String(value)}`) : String(value);
}

export function noteMantineColor(value: NoteColor): MantineColor | null {
  return NOTE_COLORS.find((c) => c.value === value)?.color ?? null;
}
