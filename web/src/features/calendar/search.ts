// The calendar's and the report's place in the URL, so a view can be bookmarked, shared and reloaded.
import { isLocalDate, type LocalDate } from '../../lib/zoned.ts';

export type CalendarView = 'week' | 'day';

export interface CalendarSearch {
  view?: CalendarView;
  /** Any day inside the shown week, or the shown day. */
  date?: LocalDate;
  /** The assigned user shown: a user id; absent: everyone. */
  user?: string;
}

export function parseCalendarSearch(search: Record<string, unknown>): CalendarSearch {
  const out: CalendarSearch = {};
  if (search.view === 'week' || search.view === 'day') out.view = search.view;
  if (isLocalDate(search.date)) out.date = search.date;
  if (typeof search.user === 'string' && /^[0-9a-f-]{36}$/i.test(search.user)) out.user = search.user;
  return out;
}

export interface ShowRateSearch {
  from?: LocalDate;
  to?: LocalDate;
  groupBy?: 'calendar' | 'user';
}

export function parseShowRateSearch(search: Record<string, unknown>): ShowRateSearch {
  const out: ShowRateSearch = {};
  if (isLocalDate(search.from)) out.from = search.from;
  if (isLocalDate(search.to)) out.to = search.to;
  if (search.groupBy === 'calendar' || search.groupBy === 'user') out.groupBy = search.groupBy;
  return out;
}
