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
import { i18n } from '../../app/i18n.ts';
import type { FieldType } from './contactLibrary.api.ts';

export interface FieldTypeInfo {
  value: FieldType;
  /** The type's name in the UI's current language (settings.fieldTypes.<type>.label). */
  readonly label: string;
  icon: Icon;
  /** What the type holds, in the UI's current language (settings.fieldTypes.<type>.hint). */
  readonly hint: string;
}

const info = (value: FieldType, icon: Icon): FieldTypeInfo => ({
  value,
  icon,
  get label() {
    return i18n.t(`settings.fieldTypes.${value}.label`);
  },
  get hint() {
    return i18n.t(`settings.fieldTypes.${value}.hint`);
  },
});

/** All thirteen types, in the order a picker offers them. */
export const FIELD_TYPES: readonly FieldTypeInfo[] = [
  info('text', IconLetterCase),
  info('long_text', IconAlignLeft),
  info('number', IconHash),
  info('currency', IconCash),
  info('date', IconCalendar),
  info('datetime', IconCalendarTime),
  info('checkbox', IconCircleCheck),
  info('single_select', IconList),
  info('multi_select', IconListCheck),
  info('email', IconAt),
  info('phone', IconPhone),
  info('url', IconLink),
  info('file', IconPaperclip),
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

/** "blue" → "Blue" (calendar.colors.<name>): a colour name as a picker's label reads it; a #hex stays as it is. */
export const colorLabel = (color: string) => {
  if (color.startsWith('#')) return color;
  const key = `calendar.colors.${color}`;
  return i18n.exists(key) ? i18n.t(key) : color[0]!.toUpperCase() + color.slice(1);
};

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
