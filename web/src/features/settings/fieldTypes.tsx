// The custom-field types as people read them (label, icon, what they hold), for the library and the list's filters.
import {
  IconAlignLeft,
  IconAt,
  IconCalendar,
  IconCalendarTime,
  IconCash,
  IconCircleCheck,
  IconClick,
  IconHash,
  IconLetterCase,
  IconLink,
  IconList,
  IconListCheck,
  IconPaperclip,
  IconPhone,
  type Icon,
} from '@tabler/icons-react';
import type { FieldType } from './contactLibrary.api.ts';

export interface FieldTypeInfo {
  value: FieldType;
  label: string;
  icon: Icon;
  hint: string;
}

/** All thirteen types, in the order a picker offers them. */
export const FIELD_TYPES: readonly FieldTypeInfo[] = [
  { value: 'text', label: 'Text', icon: IconLetterCase, hint: 'A short line of text' },
  { value: 'long_text', label: 'Long text', icon: IconAlignLeft, hint: 'Several lines, e.g. notes on a property' },
  { value: 'number', label: 'Number', icon: IconHash, hint: 'A number you can compare and sort' },
  { value: 'currency', label: 'Currency', icon: IconCash, hint: 'An amount of money' },
  { value: 'date', label: 'Date', icon: IconCalendar, hint: 'A calendar day' },
  { value: 'datetime', label: 'Date and time', icon: IconCalendarTime, hint: 'A moment, shown in each user’s zone' },
  { value: 'checkbox', label: 'Checkbox', icon: IconCircleCheck, hint: 'Yes or no' },
  { value: 'single_select', label: 'Single select', icon: IconList, hint: 'One choice from a list' },
  { value: 'multi_select', label: 'Multi select', icon: IconListCheck, hint: 'Any number of choices from a list' },
  { value: 'email', label: 'Email', icon: IconAt, hint: 'An email address' },
  { value: 'phone', label: 'Phone', icon: IconPhone, hint: 'A phone number' },
  { value: 'url', label: 'URL', icon: IconLink, hint: 'A web address' },
  { value: 'file', label: 'File', icon: IconPaperclip, hint: 'An uploaded document or image' },
];

const BY_VALUE = new Map(FIELD_TYPES.map((t) => [t.value, t]));

export function fieldTypeInfo(type: FieldType): FieldTypeInfo {
  return BY_VALUE.get(type) ?? { value: type, label: type, icon: IconClick, hint: '' };
}

export const isSelectType = (type: FieldType) => type === 'single_select' || type === 'multi_select';

/** The colours tags, contact types and select options can take: the theme's palette by name. */
export const PALETTE = [
  'gray',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
  'dark',
] as const;

/** "blue" → "Blue": a colour name as a picker's label reads it. */
export const colorLabel = (color: string) => (color.startsWith('#') ? color : color[0]!.toUpperCase() + color.slice(1));

/**
 * The key the server derives from a label (custom-fields.service keyFromLabel): "Annual revenue (€)" →
 * "annual_revenue". Shown while typing so the admin sees the key before it is fixed for good.
 */
export function keyFromLabel(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 50);
  if (!slug) return '';
  return /^[a-z]/.test(slug) ? slug : `f_${slug}`;
}

/** Keys are slugs: lower-case letters, digits and underscores, starting with a letter (the server's FieldKey). */
export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
