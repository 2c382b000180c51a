// The words a journal description is made of. A kind's description (in the `*.journal.ts` file of the feature
// that writes the kind) builds a sentence of parts — plain words, and values set apart as a name, an old or a new
// value — from translated templates, so the timeline can colour old and new values and the audit log can pick
// out the values for its compact line.
import type { MantineColor } from '@mantine/core';
import type { TablerIcon } from '@tabler/icons-react';
import { i18n } from '../../../app/i18n.ts';
import type { Zone } from '../../../lib/format.ts';
import type { ProfileField } from '../../contacts/contact.api.ts';

/** A piece of the line: plain words, or a value to set apart (a name, an old or a new value). */
export type Part = string | { value: string; tone: 'strong' | 'old' | 'new' };

export interface EntryChange {
  field: string;
  /** null: the field was empty. */
  old: string | null;
  new: string | null;
}

/** A description: the line, and old → new pairs to show beneath it (empty when the line says it all). */
export interface Sentence {
  parts: Part[];
  changes: EntryChange[];
}

/** What makes values readable beyond the entry itself: the reader's zone, field labels, contact type labels. */
export interface DescribeContext {
  zone?: Zone;
  /** The contact's custom fields, so they read by their label and values as the page shows them. */
  fields?: readonly Pick<ProfileField, 'key' | 'label' | 'type' | 'options' | 'currency'>[];
  contactTypes?: readonly { key: string; label: string }[];
  currency?: string;
  /** The contact's kind: a person's "businessName" reads as "Company", as the page shows it. */
  contactKind?: 'person' | 'business';
}

export type Data = Record<string, unknown>;

export interface KindLooks {
  icon: TablerIcon;
  color: MantineColor;
}

/** How one kind reads: its icon and colour, and its sentence (absent: the kind's label and the entry's title). */
export interface KindDescription {
  looks: KindLooks | ((data: Data) => KindLooks);
  describe?: (data: Data, ctx: DescribeContext) => Sentence;
}

/** A feature's kinds (`note.*`, `task.*`…) and the looks of a kind of that family the web does not know yet. */
export interface JournalFamily {
  family: string;
  fallback: KindLooks;
  kinds: Record<string, KindDescription>;
}

export const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
export const nameOf = (v: unknown): string | null =>
  v && typeof v === 'object'
    ? (str((v as Data).name) ?? str((v as Data).displayName) ?? str((v as Data).label))
    : str(v);
export const strong = (value: string): Part => ({ value, tone: 'strong' });
export const oldValue = (value: string): Part => ({ value, tone: 'old' });
export const newValue = (value: string): Part => ({ value, tone: 'new' });
export const only = (parts: Part[]): Sentence => ({ parts, changes: [] });
export const words = (key: string, options?: Record<string, unknown>): string => i18n.t(key, options);

type Slot = Part | Part[] | number;

/**
 * A translated template as parts: `say('journal.contact.tagAdded', { tag: strong('VIP') })` → ['Added tag ',
 * {value: 'VIP', tone: 'strong'}]. Plain strings and numbers are interpolated as words (numbers also pick the
 * plural); parts keep their tone wherever the language puts them.
 */
export function say(key: string, slots: Record<string, Slot> = {}): Part[] {
  const options: Record<string, unknown> = {};
  for (const [name, slot] of Object.entries(slots)) {
    options[name] = typeof slot === 'string' || typeof slot === 'number' ? slot : `\uE000${name}\uE000`;
  }
  const text = i18n.t(key, options);
  return text.split(/\uE000(\w+)\uE000/).flatMap((piece, i): Part[] => {
    if (i % 2 === 0) return piece ? [piece] : [];
    const slot = slots[piece];
    return Array.isArray(slot) ? slot : slot === undefined || typeof slot === 'number' ? [] : [slot];
  });
}

/** Optional tails: the template's parts when the condition holds, else nothing. */
export const sayIf = (condition: unknown, key: string, slots?: Record<string, Slot>): Part[] =>
  condition ? say(key, slots) : [];

/** One change as a sentence: "Changed Title from Buyer to Head of Procurement", "Set …", "Cleared …". */
export function changeSentence(change: EntryChange, subject?: Part[]): Part[] {
  const field = strong(change.field);
  const at = subject ? 'Of' : '';
  const slots = { field, subject: subject ?? [] };
  if (change.old === null && change.new !== null) {
    return say(`journal.change.set${at}`, { ...slots, new: newValue(change.new) });
  }
  if (change.new === null && change.old !== null) {
    return say(`journal.change.cleared${at}`, { ...slots, old: oldValue(change.old) });
  }
  const empty = words('journal.empty');
  return say(`journal.change.changed${at}`, {
    ...slots,
    old: oldValue(change.old ?? empty),
    new: newValue(change.new ?? empty),
  });
}

/** "Changed Due of task Call back from … to …" for one change; the heading with the pairs beneath for several. */
export function edited(subject: Part[], changes: EntryChange[], heading: Part[]): Sentence {
  if (changes.length === 1) return only(changeSentence(changes[0]!, subject));
  return { parts: heading, changes };
}

/** "A, B, C" or "A, B, C and 2 more". */
export function listed(names: string[]): string {
  if (names.length <= 3) return names.join(', ');
  return words('journal.andMore', { list: names.slice(0, 3).join(', '), count: names.length - 3 });
}

/** "firstName" → "First name": a field the web has no label for still reads as words. */
export function humanize(name: string): string {
  const text = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]/g, ' ')
    .toLowerCase()
    .trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The entry's field changes as labelled, readable pairs; `label` and `value` are the family's own (a note's
 * colour by name, a contact's custom field by its label). A family may drop fields it does not show (null label).
 */
export function changesOf(
  data: Data,
  label: (field: string) => string | null,
  value: (field: string, raw: unknown) => string | null,
): EntryChange[] {
  if (!Array.isArray(data.changes)) return [];
  return (data.changes as Data[]).flatMap((c) => {
    if (!c || typeof c !== 'object' || typeof c.field !== 'string') return [];
    const field = label(c.field);
    return field === null ? [] : [{ field, old: value(c.field, c.old), new: value(c.field, c.new) }];
  });
}
