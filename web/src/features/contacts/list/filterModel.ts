// What the filter builder offers and how each filter reads as a chip: standard fields map to the list query's own
// parameters, custom fields to {field: "custom.<key>", op, value} conditions with the operators their type allows.
import { i18n } from '../../../app/i18n.ts';
import type { ContactTypeDto, CustomFieldDto, FieldType, TagDto } from '../../settings/contactLibrary.api.ts';
import type { TeamDto, UserDto } from '../../settings/settings.api.ts';
import { describeSegmentFilter, isSegmentFilter } from '../../segments/segmentFilter.tsx';
import { describeOpportunityFilter, isOpportunityFilter } from '../../pipelines/opportunityFilter.tsx';
import type { DndChannelValue, FilterOp, ListFilter } from '../contactList.api.ts';
import { compact, splitList, type ContactListSearch } from './listSearch.ts';

export type StandardFilterId =
  'kind' | 'contactType' | 'ownerId' | 'teamId' | 'tags' | 'dnd' | 'source' | 'language' | 'created' | 'updated';

const IDS: readonly StandardFilterId[] = [
  'kind',
  'contactType',
  'ownerId',
  'teamId',
  'tags',
  'dnd',
  'source',
  'language',
  'created',
  'updated',
];

/** The standard filters in the order the picker offers them, labelled in the UI's language. */
export const STANDARD_FILTERS: readonly { id: StandardFilterId; readonly label: string }[] = IDS.map((id) => ({
  id,
  get label() {
    return i18n.t(`contactList.filter.fields.${id}`);
  },
}));

/** A do-not-disturb channel as the user reads it. */
export const dndLabel = (channel: DndChannelValue): string => i18n.t(`contactList.filter.dnd.${channel}`);

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
  const word = (key: string) => i18n.t(`contactList.filter.ops.${key}`);
  switch (op) {
    case 'eq':
      return word(dated ? 'isOn' : 'is');
    case 'neq':
      return word(type === 'multi_select' ? 'doesNotInclude' : dated ? 'isNotOn' : 'isNot');
    case 'contains':
      return word(type === 'multi_select' ? 'includes' : 'contains');
    case 'gt':
      return word(dated ? 'isAfter' : 'isMoreThan');
    case 'lt':
      return word(dated ? 'isBefore' : 'isLessThan');
    case 'empty':
      return word(type === 'file' ? 'hasNoFile' : 'isEmpty');
    case 'not_empty':
      return word(type === 'file' ? 'hasFile' : 'isNotEmpty');
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
  /** For the group and target-market filters. */
  groups?: { id: string; name: string }[];
  targetMarkets?: { id: string; name: string }[];
  /** For the open-opportunity filters. */
  pipelines?: { id: string; name: string; stages: { id: string; name: string }[] }[];
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
  const chip = (key: string, options: Record<string, string>) => i18n.t(`contactList.filter.chip.${key}`, options);
  if (from && to)
    return from === to
      ? chip('on', { day: formatDay(from, locale) })
      : chip('between', { from: formatDay(from, locale), to: formatDay(to, locale) });
  if (from) return chip('since', { day: formatDay(from, locale) });
  return chip('until', { day: formatDay(to!, locale) });
}

const listOf = (names: string[], joiner: 'or' | 'and') =>
  names.length < 2
    ? names.join('')
    : i18n.t(`contactList.filter.${joiner}`, { list: names.slice(0, -1).join(', '), last: names.at(-1) });

export function customFieldOf(filter: ListFilter, fields: CustomFieldDto[]): CustomFieldDto | undefined {
  return filter.field.startsWith('custom.') ? fields.find((f) => f.key === filter.field.slice(7)) : undefined;
}

/** A custom-field condition as words: "Budget is more than 5,000", "Newsletter is ticked". */
export function describeFilter(filter: ListFilter, lookups: Lookups): string {
  if (isSegmentFilter(filter)) return describeSegmentFilter(filter, lookups);
  if (isOpportunityFilter(filter)) return describeOpportunityFilter(filter, lookups);
  const field = customFieldOf(filter, lookups.fields);
  const name = field?.label ?? filter.field.replace(/^custom\./, '');
  const type: FieldType = field?.type ?? 'text';
  if (type === 'checkbox')
    return i18n.t(
      filter.value === true || filter.value === 'true'
        ? 'contactList.filter.chip.ticked'
        : 'contactList.filter.chip.notTicked',
      { name },
    );
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
  const chip = (key: string, options: Record<string, string>) => i18n.t(`contactList.filter.chip.${key}`, options);
  const word = (key: string) => i18n.t(`contactList.filter.${key}`);
  if (s.kind) chips.push({ id: 'kind', label: word(s.kind === 'business' ? 'businesses' : 'people') });
  if (s.contactType) {
    const names = splitList(s.contactType).map((k) => lookups.types.find((t) => t.key === k)?.label ?? k);
    chips.push({ id: 'contactType', label: chip('type', { names: listOf(names, 'or') }) });
  }
  if (s.ownerId) {
    const names = splitList(s.ownerId).map((id) =>
      id === 'me' ? word('meLower') : (lookups.users.find((u) => u.id === id)?.name ?? word('unknownUser')),
    );
    chips.push({ id: 'ownerId', label: chip('owner', { names: listOf(names, 'or') }) });
  }
  if (s.teamId) {
    const names = splitList(s.teamId).map((id) =>
      id === 'none' ? word('noTeamLower') : (lookups.teams.find((t) => t.id === id)?.name ?? word('unknownTeam')),
    );
    chips.push({ id: 'teamId', label: chip('team', { names: listOf(names, 'or') }) });
  }
  if (s.tags) {
    const names = splitList(s.tags).map((id) => lookups.tags.find((t) => t.id === id || t.name === id)?.name ?? id);
    chips.push({ id: 'tags', label: chip('tagged', { names: listOf(names, s.tagMode === 'all' ? 'and' : 'or') }) });
  }
  if (s.dnd) chips.push({ id: 'dnd', label: chip('dnd', { channel: dndLabel(s.dnd) }) });
  if (s.source) chips.push({ id: 'source', label: chip('source', { source: s.source }) });
  if (s.language)
    chips.push({ id: 'language', label: chip('language', { language: languageName(s.language, locale) }) });
  if (s.createdFrom || s.createdTo) {
    chips.push({ id: 'created', label: chip('created', { range: rangeLabel(s.createdFrom, s.createdTo, locale) }) });
  }
  if (s.updatedFrom || s.updatedTo) {
    chips.push({ id: 'updated', label: chip('updated', { range: rangeLabel(s.updatedFrom, s.updatedTo, locale) }) });
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
