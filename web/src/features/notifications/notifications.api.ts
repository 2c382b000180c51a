// Calls and cache keys for the bell: ['notifications', …]. The live stream invalidates the whole prefix when a
// notification arrives or is read elsewhere.
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  NotificationDto,
  NotificationKind,
  NotificationPage,
  ReadAllResult,
  UnreadCount,
} from '@dossier/contract';
import { api, qs } from '../../lib/api.ts';

export type { NotificationDto, NotificationKind };
type NotificationPageDto = z.infer<typeof NotificationPage>;

export const NOTIFICATIONS_PAGE_SIZE = 20;

export const unreadCountQuery = queryOptions({
  queryKey: ['notifications', 'unread-count'],
  queryFn: async () => (await api.get<z.infer<typeof UnreadCount>>('/notifications/unread-count')).count,
  // The live stream says when it changes; polling only covers a stream that could not connect.
  refetchInterval: 5 * 60_000,
});

export const notificationsQuery = infiniteQueryOptions({
  queryKey: ['notifications', 'list'],
  queryFn: ({ pageParam }) =>
    api.get<NotificationPageDto>(`/notifications${qs({ limit: NOTIFICATIONS_PAGE_SIZE, cursor: pageParam })}`),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});

export const markNotificationRead = (id: string) => api.post<NotificationDto>(`/notifications/${id}/read`);
export const markAllNotificationsRead = () => api.post<z.infer<typeof ReadAllResult>>('/notifications/read-all');

/** The contact page's tab a notification is about, so its link opens the right place. */
const TAB_OF_KIND: Partial<Record<NotificationKind, string>> = {
  mentioned: 'notes',
  task_assigned: 'tasks',
  task_due: 'tasks',
  appointment_booked: 'appointments',
};

/** Where clicking a notification goes: its link, on the contact page's matching tab. */
export function notificationHref(n: Pick<NotificationDto, 'kind' | 'link'>): string | null {
  if (!n.link) return null;
  const tab = TAB_OF_KIND[n.kind];
  if (!tab || !/^\/contacts\/[0-9a-f-]{36}$/i.test(n.link)) return n.link;
  return `${n.link}?tab=${tab}`;
}
