// The Activity tab's filters: which kinds each view offers (from the server's kind catalog), how they group in
// the kind picker, and how a date range in the user's zone becomes the timeline's from/to instants.
import { journalKinds } from '@dossier/contract';
import { i18n } from '../../app/i18n.ts';
import type { TimelineFilters } from '../contacts/contact.api.ts';
import { addDays, startOfDay } from '../appointments/zonedTime.ts';
import { kindLabel } from './journal/describeEntry.ts';

export type ActivityView = 'focus' | 'admin';

// Kinds that never concern one contact (workspace libraries, calendars); they belong to the audit log only.
const WORKSPACE_FAMILIES = new Set([
  'tag',
  'custom_field',
  'custom_field_folder',
  'contact_type',
  'calendar',
  'user',
  'channel_settings',
  'message_template',
]);

// The picker's groups: activity.groups.<group>.
const FOCUS_GROUPS: Record<string, string> = {
  note: 'notes',
  task: 'tasks',
  appointment: 'appointments',
  message: 'conversations',
  call: 'conversations',
  comment: 'conversations',
  opportunity: 'opportunities',
};

function adminGroup(kind: string): string {
  const action = kind.split('.')[1] ?? '';
  if (/^(owner|team|follower)_/.test(action)) return 'people';
  if (/^tag_/.test(action)) return 'tags';
  if (/^(email|phone|location)_/.test(action)) return 'contactPoints';
  if (action === 'dnd_changed') return 'dnd';
  return 'record';
}

const familyOf = (kind: string) => kind.split('.')[0] ?? kind;

/** The kinds a view offers, grouped for the picker, in catalog order. */
export function kindOptions(view: ActivityView): { group: string; items: { value: string; label: string }[] }[] {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const k of journalKinds) {
    if (k.category !== view || WORKSPACE_FAMILIES.has(familyOf(k.kind))) continue;
    const group = view === 'focus' ? (FOCUS_GROUPS[familyOf(k.kind)] ?? 'other') : adminGroup(k.kind);
    groups.set(group, [...(groups.get(group) ?? []), { value: k.kind, label: kindLabel(k.kind) }]);
  }
  return [...groups].map(([group, items]) => ({ group: i18n.t(`activity.groups.${group}`), items }));
}

/** [first day, last day] as 'YYYY-MM-DD', either end open. */
export type DayRange = [string | null, string | null];

export interface ActivityFilterState {
  view: ActivityView;
  kinds: string[];
  range: DayRange;
}

/** What the Activity tab shows first: focus events of any kind and date (FIRST_TIMELINE_VIEW, prefetched). */
export const INITIAL_ACTIVITY_STATE: ActivityFilterState = { view: 'focus', kinds: [], range: [null, null] };

/** The timeline query for the filters: the range covers whole days in the user's zone (to is exclusive). */
export function toTimelineFilters(state: ActivityFilterState, timeZone: string): TimelineFilters {
  const [first, last] = state.range;
  return {
    category: state.view,
    ...(state.kinds.length ? { kinds: [...state.kinds].sort() } : {}),
    ...(first ? { from: startOfDay(first, timeZone) } : {}),
    ...(last ? { to: startOfDay(addDays(last, 1), timeZone) } : {}),
  };
}

const FAMILIES = ['note', 'task', 'appointment'];

/** The empty state's title for the filters, e.g. "No notes or tasks in this period". */
export function emptyTitle(state: ActivityFilterState): string {
  const when = state.range[0] || state.range[1] ? 'InPeriod' : 'Yet';
  if (state.view === 'admin') return i18n.t(`activity.empty.${state.kinds.length ? 'matching' : 'admin'}${when}`);
  if (state.kinds.length === 0) return i18n.t(`activity.empty.focus${when}`);
  const picked = new Set(state.kinds.map(familyOf));
  const families = FAMILIES.filter((family) => picked.has(family));
  const nouns = (families.length ? families : ['events']).map((f) => i18n.t(`activity.empty.nouns.${f}`));
  const list = new Intl.ListFormat(i18n.language, { type: 'disjunction' }).format(nouns);
  return i18n.t(`activity.empty.picked${when}`, { list });
}
