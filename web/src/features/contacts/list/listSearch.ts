// The contact list's state as the URL keeps it — search, filters, sort, archive, columns, open view — and the
// conversions to the API's list query and to a saved view. The names are the API's (GET /contacts), with lists
// comma-separated, so a link reads like the request it makes and a saved view stores the same query.
import { i18n } from '../../../app/i18n.ts';
import { qs } from '../../../lib/api.ts';
import type { ContactKind, DndChannelValue, FilterOp, ListFilter, SavedViewDto } from '../contactList.api.ts';

export interface ContactListSearch {
  q?: string;
  kind?: ContactKind;
  /** Contact type keys, comma-separated. */
  contactType?: string;
  /** User ids or "me", comma-separated. */
  ownerId?: string;
  /** Team ids or "none", comma-separated. */
  teamId?: string;
  /** Tag ids, comma-separated. */
  tags?: string;
  /** Absent: any of the tags. */
  tagMode?: 'all';
  dnd?: DndChannelValue;
  source?: string;
  language?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  /** Conditions on custom fields. */
  filters?: ListFilter[];
  /** A sort key, "-" first for descending; absent: by name, or by relevance while searching. */
  sort?: string;
  archived?: true;
  /** Column ids shown, comma-separated; absent: the default columns. */
  cols?: string;
  /** The saved view this state was opened from. */
  viewId?: string;
}

/** The parts of the state that make up the list query (what a saved view stores). */
export const QUERY_KEYS = [
  'q',
  'kind',
  'contactType',
  'ownerId',
  'teamId',
  'tags',
  'tagMode',
  'dnd',
  'source',
  'language',
  'createdFrom',
  'createdTo',
  'updatedFrom',
  'updatedTo',
  'filters',
  'sort',
  'archived',
] as const satisfies readonly (keyof ContactListSearch)[];

const KINDS: readonly ContactKind[] = ['person', 'business'];
export const DND_CHANNELS: readonly DndChannelValue[] = [
  'all',
  'email',
  'sms',
  'whatsapp',
  'calls',
  'inbound_calls',
  'inbound_sms',
];
export const FILTER_OPS: readonly FilterOp[] = ['eq', 'neq', 'contains', 'gt', 'lt', 'empty', 'not_empty'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Lists arrive as "a,b", as ["a","b"] (a saved view) or as a number the URL parser made of "123". */
function listValue(v: unknown): string | undefined {
  const items = Array.isArray(v) ? v : typeof v === 'string' || typeof v === 'number' ? String(v).split(',') : [];
  const clean = [...new Set(items.map((i) => String(i).trim()).filter(Boolean))];
  return clean.length ? clean.join(',') : undefined;
}

function textValue(v: unknown, max = 200): string | undefined {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim().slice(0, max);
  return t || undefined;
}

const dayValue = (v: unknown) => (typeof v === 'string' && DAY.test(v) ? v : undefined);

function filtersValue(v: unknown): ListFilter[] | undefined {
  let raw = v;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(raw)) return undefined;
  const out: ListFilter[] = [];
  for (const f of raw) {
    if (typeof f !== 'object' || f === null) continue;
    const { field, op, value } = f as Record<string, unknown>;
    if (typeof field !== 'string' || !field || !FILTER_OPS.includes(op as FilterOp)) continue;
    out.push(
      op === 'empty' || op === 'not_empty' ? { field, op: op as FilterOp } : { field, op: op as FilterOp, value },
    );
  }
  return out.length ? out : undefined;
}

/** Reads the URL (or a saved view's query) leniently: what cannot be understood is left out, never an error page. */
export function parseContactListSearch(raw: Record<string, unknown>): ContactListSearch {
  const s: ContactListSearch = {
    q: textValue(raw.q),
    kind: KINDS.includes(raw.kind as ContactKind) ? (raw.kind as ContactKind) : undefined,
    contactType: listValue(raw.contactType),
    ownerId: listValue(raw.ownerId),
    teamId: listValue(raw.teamId),
    tags: listValue(raw.tags),
    tagMode: raw.tagMode === 'all' ? 'all' : undefined,
    dnd: DND_CHANNELS.includes(raw.dnd as DndChannelValue) ? (raw.dnd as DndChannelValue) : undefined,
    source: textValue(raw.source),
    language: textValue(raw.language, 10),
    createdFrom: dayValue(raw.createdFrom),
    createdTo: dayValue(raw.createdTo),
    updatedFrom: dayValue(raw.updatedFrom),
    updatedTo: dayValue(raw.updatedTo),
    filters: filtersValue(raw.filters),
    sort: textValue(raw.sort, 100),
    archived: raw.archived === true || raw.archived === 'true' ? true : undefined,
    cols: listValue(raw.cols),
    viewId: textValue(raw.viewId, 64),
  };
  return compact(s);
}

/** Drops undefined members, so equal states compare equal and URLs carry no empty parameters. */
export function compact(s: ContactListSearch): ContactListSearch {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (v !== undefined && v !== '') out[k] = v;
  if (!out.tags) delete out.tagMode;
  return out as ContactListSearch;
}

export const splitList = (v: string | undefined): string[] => (v ? v.split(',').filter(Boolean) : []);
export const joinList = (items: string[]): string | undefined => (items.length ? items.join(',') : undefined);

/** The list query alone (no columns, no view id): what a saved view stores and what defines "the same list". */
export function listQueryOf(s: ContactListSearch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of QUERY_KEYS) {
    const v = s[key];
    if (v === undefined) continue;
    out[key] = v;
  }
  return out;
}

/** Two states show the same contacts in the same order. */
export function sameQuery(a: ContactListSearch, b: ContactListSearch): boolean {
  return stableJson(listQueryOf(compact(a))) === stableJson(listQueryOf(compact(b)));
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** True when the list is narrowed by search or filters (not merely sorted or showing the archive). */
export function isNarrowed(s: ContactListSearch): boolean {
  return QUERY_KEYS.some((k) => k !== 'sort' && k !== 'archived' && k !== 'tagMode' && s[k] !== undefined);
}

/** The query string of GET /contacts for this state. */
export function apiQueryString(s: ContactListSearch, page: { cursor?: string; limit?: number } = {}): string {
  return qs({
    q: s.q,
    kind: s.kind,
    contactType: s.contactType,
    ownerId: s.ownerId,
    teamId: s.teamId,
    tags: s.tags,
    tagMode: s.tags ? s.tagMode : undefined,
    dnd: s.dnd,
    source: s.source,
    language: s.language,
    createdFrom: s.createdFrom,
    createdTo: s.createdTo,
    updatedFrom: s.updatedFrom,
    updatedTo: s.updatedTo,
    filters: s.filters?.length ? JSON.stringify(s.filters) : undefined,
    sort: s.sort,
    archived: s.archived ? 'true' : undefined,
    cursor: page.cursor,
    limit: page.limit,
  });
}

/** The query a select-all bulk action sends: the list's conditions in the API's body form. */
export function selectionQuery(s: ContactListSearch): Record<string, unknown> {
  const { sort: _sort, ...query } = listQueryOf(s);
  return query;
}

/** The state a saved view opens to. */
export function searchFromView(view: SavedViewDto): ContactListSearch {
  return compact({
    ...parseContactListSearch(view.query),
    cols: joinList(view.columns),
    viewId: view.id,
  });
}

// Sorting ---------------------------------------------------------------------------------------------------------

export interface SortState {
  key: string;
  desc: boolean;
}

/** The sort in effect; null while searching without a chosen sort (the server ranks by relevance). */
export function sortOf(s: ContactListSearch): SortState | null {
  if (!s.sort) return s.q ? null : { key: 'name', desc: false };
  return s.sort.startsWith('-') ? { key: s.sort.slice(1), desc: true } : { key: s.sort, desc: false };
}

/**
 * The next sort when a column header is clicked: a new column starts ascending (dates newest first), the
 * same column flips direction.
 */
export function nextSort(
  current: SortState | null,
  key: string,
  newestFirst: boolean,
  searching: boolean,
): string | undefined {
  const desc = current?.key === key ? !current.desc : newestFirst;
  const value = desc ? `-${key}` : key;
  // Name ascending is the default order, except while searching, where the default is relevance.
  return value === 'name' && !searching ? undefined : value;
}

// Counting --------------------------------------------------------------------------------------------------------

/** "1,234", or for the server's estimates beyond 1,000 "about 4,300" and "about 1.2M" (rounded: it is no more precise). */
export function countNumber(total: { value: number; exact: boolean }, locale: string): string {
  if (total.exact) return new Intl.NumberFormat(locale).format(total.value);
  const n = total.value;
  const shown =
    n < 10_000
      ? new Intl.NumberFormat(locale, { maximumSignificantDigits: 2 }).format(n)
      : new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
  return i18n.t('contactList.about', { n: shown });
}

/** "1,234 contacts", "1 contact", "about 1.2M contacts" (`archived`: "1 archived contact"). */
export function countLabel(total: { value: number; exact: boolean }, locale: string, archived = false): string {
  return i18n.t(archived ? 'contactList.countArchived' : 'contactList.count', {
    count: total.exact ? total.value : Math.max(total.value, 2),
    formatted: countNumber(total, locale),
  });
}
