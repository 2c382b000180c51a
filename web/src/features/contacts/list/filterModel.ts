// What the filter builder offers and how each filter reads as a chip: standard fields map to the list query's own
// parameters, custom fields to {field: "custom.<key>", op, value} conditions with the operators their type allows.
import type { ContactTypeDto, CustomFieldDto, FieldType, TagDto } from '../../settings/contactLibrary.api.ts';
import type { TeamDto, UserDto } from '../../settings/settings.api.ts';
import type { DndChannelValue, FilterOp, ListFilter } from '../contactList.api.ts';
import { compact, splitList, type ContactListSearch } from './listSearch.ts';

export type StandardFilterId =
  'kind' | 'contactType' | 'ownerId' | 'teamId' | 'tags' | 'dnd' | 'source' | 'language' | 'created' | 'updated';

export const STANDARD_FILTERS: readonly { id: StandardFilterId; label: string }[] = [
  { id: 'kind', label: 'Person or business' },
  { id: 'contactType', label: 'Contact type' },
  { id: 'ownerId', label: 'Owner' },
  { id: 'teamId', label: 'Team' },
  { id: 'tags', label: 'Tags' },
  { id: 'dnd', label: 'Do not disturb' },
  { id: 'source', label: 'Source' },
  { id: 'language', label: 'Language' },
  { id: 'created', label: 'Created' },
  { id: 'updated', label: 'Last updated' },
];

export const DND_LABELS: Record<DndChannelValue, string> = {
  all: 'All channels',
  email: 'Email',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  calls: 'Calls & voicemail',
  inbound_calls: 'Inbound calls',
  inbound_sms: 'Inbound SMS',
};

/** The operators the server accepts per custom-field type (server/modules/contacts/contact-filters.ts). */
export const OPS_BY_TYPE: Record<FieldType, readonly FilterOp[]> = {
  text: ['contains', 'eq', 'neq', 'empty', 'not_empty'],
  long_text: ['contains', 'eq', 'neq', 'empty', 'not_empty'],
  url: ['contains', 'eq', 'neq', 'empty', 'not_empty'],
  email: ['contains', 'eq', 'neq', 'empty', 'not_empty'],
  phone: ['contains', 'eq', 'neq', 'empty', 'not_empty'],
  number: ['eq', 'neq', 'gt', 'lt', 'empty', 'not_empty'],
  currency: ['eq', 'neq', 'gt', 'lt', 'empty', 'not_empty'],
  date: ['eq', 'gt', 'lt', 'neq', 'empty', 'not_empty'],
  datetime: ['eq', 'gt', 'lt', 'neq', 'empty', 'not_empty'],
  checkbox: ['eq'],
  single_select: ['eq', 'neq', 'empty', 'not_empty'],
  // For a multi select "is" and "includes" mean the same on the server; offer the clearer word only.
  multi_select: ['contains', 'neq', 'empty', 'not_empty'],
  file: ['not_empty', 'empty'],
};

/** How an operator reads for a field of this type ("is after" for dates, "is more than" for numbers). */
export function opLabel(op: FilterOp, type: FieldType): string {
  const dated = type === 'date' || type === 'datetime';
  switch (op) {
    case 'eq':
      return dated ? 'is on' : 'is';
    case 'neq':
      return type === 'multi_select' ? 'does not include' : dated ? 'is not on' : 'is not';
    case 'contains':
      return type === 'multi_select' ? 'includes' : 'contains';
    case 'gt':
      return dated ? 'is after' : 'is more than';
    case 'lt':
      return dated ? 'is before' : 'is less than';
    case 'empty':
      return type === 'file' ? 'has no file' : 'is empty';
    case 'not_empty':
      return type === 'file' ? 'has a file' : 'is not empty';
  }
}

export const needsValue = (op: FilterOp) => op !== 'empty' && op !== 'not_empty';

export interface Lookups {
  types: ContactTypeDto[];
  users: UserDto[];
  teams: TeamDto[];
  tags: TagDto[];
  fields: CustomFieldDto[];
  locale: string;
}

export interface Chip {
  /** A standard filter's id, or "filter:<index>" for a custom-field condition. */
  id: string;
  label: string;
}

const languageNames = (locale: string) => {
  try {
    return new Intl.DisplayNames([locale || 'en'], { type: 'language' });
  } catch {
    return new Intl.DisplayNames(['en'], { type: 'language' });
  }
};

export function languageName(code: string, locale: string): string {
  try {
    return languageNames(locale).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A calendar day as the user reads it; the day is the same everywhere, so it is formatted in UTC. */
export function formatDay(day: string, locale: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(locale || 'en', { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

function rangeLabel(from: string | undefined, to: string | undefined, locale: string): string {
  if (from && to)
    return from === to ? `on ${formatDay(from, locale)}` : `${formatDay(from, locale)} – ${formatDay(to, locale)}`;
  if (from) return `since ${formatDay(from, locale)}`;
  return `until ${formatDay(to!, locale)}`;
}

const listOf = (names: string[], joiner: 'or' | 'and') =>
  names.length <= 2 ? names.join(` ${joiner} `) : `${names.slice(0, -1).join(', ')} ${joiner} ${names.at(-1)}`;

export function customFieldOf(filter: ListFilter, fields: CustomFieldDto[]): CustomFieldDto | undefined {
  return filter.field.startsWith('custom.') ? fields.find((f) => f.key === filter.field.slice(7)) : undefined;
}

/** A custom-field condition as words: "Budget is more than 5,000", "Newsletter is ticked". */
export function describeFilter(filter: ListFilter, lookups: Lookups): string {
  const field = customFieldOf(filter, lookups.fields);
  const name = field?.label ?? filter.field.replace(/^custom\./, '');
  const type: FieldType = field?.type ?? 'text';
  if (type === 'checkbox')
    return `${name} is ${filter.value === true || filter.value === 'true' ? 'ticked' : 'not ticked'}`;
  const op = opLabel(filter.op, type);
  if (!needsValue(filter.op)) return `${name} ${op}`;
  let value = String(filter.value ?? '');
  if (field && (type === 'single_select' || type === 'multi_select')) {
    value = field.options.find((o) => o.value === value)?.label ?? value;
  } else if ((type === 'number' || type === 'currency') && value !== '' && !Number.isNaN(Number(value))) {
    value = new Intl.NumberFormat(lookups.locale || 'en').format(Number(value));
  } else if (type === 'date' || type === 'datetime') {
    value = formatDay(value.slice(0, 10), lookups.locale);
  } else {
    value = `“${value}”`;
  }
  return `${name} ${op} ${value}`;
}

/** Every filter in effect, as chips in a stable order. */
export function chipsOf(s: ContactListSearch, lookups: Lookups): Chip[] {
  const chips: Chip[] = [];
  const { locale } = lookups;
  if (s.kind) chips.push({ id: 'kind', label: s.kind === 'business' ? 'Businesses' : 'People' });
  if (s.contactType) {
    const names = splitList(s.contactType).map((k) => lookups.types.find((t) => t.key === k)?.label ?? k);
    chips.push({ id: 'contactType', label: `Type: ${listOf(names, 'or')}` });
  }
  if (s.ownerId) {
    const names = splitList(s.ownerId).map((id) =>
      id === 'me' ? 'me' : (lookups.users.find((u) => u.id === id)?.name ?? 'Unknown user'),
    );
    chips.push({ id: 'ownerId', label: `Owner: ${listOf(names, 'or')}` });
  }
  if (s.teamId) {
    const names = splitList(s.teamId).map((id) =>
      id === 'none' ? 'no team' : (lookups.teams.find((t) => t.id === id)?.name ?? 'Unknown team'),
    );
    chips.push({ id: 'teamId', label: `Team: ${listOf(names, 'or')}` });
  }
  if (s.tags) {
    const names = splitList(s.tags).map((id) => lookups.tags.find((t) => t.id === id || t.name === id)?.name ?? id);
    chips.push({ id: 'tags', label: `Tagged ${listOf(names, s.tagMode === 'all' ? 'and' : 'or')}` });
  }
  if (s.dnd) chips.push({ id: 'dnd', label: `Do not disturb: ${DND_LABELS[s.dnd]}` });
  if (s.source) chips.push({ id: 'source', label: `Source: ${s.source}` });
  if (s.language) chips.push({ id: 'language', label: `Language: ${languageName(s.language, locale)}` });
  if (s.createdFrom || s.createdTo) {
    chips.push({ id: 'created', label: `Created ${rangeLabel(s.createdFrom, s.createdTo, locale)}` });
  }
  if (s.updatedFrom || s.updatedTo) {
    chips.push({ id: 'updated', label: `Updated ${rangeLabel(s.updatedFrom, s.updatedTo, locale)}` });
  }
  (s.filters ?? []).forEach((f, i) => chips.push({ id: `filter:${i}`, label: describeFilter(f, lookups) }));
  return chips;
}

/** The state without one chip's filter. */
export function removeChip(s: ContactListSearch, id: string): ContactListSearch {
  const next: ContactListSearch = { ...s };
  switch (id) {
    case 'created':
      delete next.createdFrom;
      delete next.createdTo;
      break;
    case 'updated':
      delete next.updatedFrom;
      delete next.updatedTo;
      break;
    case 'tags':
      delete next.tags;
      delete next.tagMode;
      break;
    default:
      if (id.startsWith('filter:')) {
        const index = Number(id.slice(7));
        const filters = (s.filters ?? []).filter((_, i) => i !== index);
        next.filters = filters.length ? filters : undefined;
      } else {
        delete next[id as keyof ContactListSearch];
      }
  }
  return compact(next);
}

/** The state without any filter (search, sort, archive and columns stay). */
export function clearFilters(s: ContactListSearch): ContactListSearch {
  return compact({ q: s.q, sort: s.sort, archived: s.archived, cols: s.cols, viewId: s.viewId });
}

/** Adds a custom-field condition, or replaces the one at `index`. */
export function putFilter(s: ContactListSearch, filter: ListFilter, index?: number): ContactListSearch {
  const filters = [...(s.filters ?? [])];
  if (index !== undefined && index < filters.length) filters[index] = filter;
  else filters.push(filter);
  return compact({ ...s, filters });
}
