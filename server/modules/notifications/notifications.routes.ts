import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import {
  Notification,
  NotificationListQuery,
  NotificationPage,
  ReadAllResult,
  UnreadCount,
} from './notifications.schemas.ts';
import {
  countUnread,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from './notifications.service.ts';

const tags = ['Notifications'];

export const notificationsRoutes: RoutePlugin = async (app) => {
  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'Your notifications, newest first',
        querystring: NotificationListQuery,
        response: { 200: NotificationPage, ...errors(403) },
      },
    },
    async (req) => listNotifications({ ctx: req.ctx, ...req.query }),
  );

  app.get(
    '/notifications/unread-count',
    {
      schema: {
        tags,
        summary: 'How many of your notifications are unread (the bell’s badge)',
        response: { 200: UnreadCount, ...errors(403) },
      },
    },
    async (req) => countUnread({ ctx: req.ctx }),
  );

  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags,
        summary: 'Mark all your notifications read',
        response: { 200: ReadAllResult, ...errors(403) },
      },
    },
    async (req) => markAllNotificationsRead({ ctx: req.ctx }),
  );

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of your notifications read',
        params: IdParams,
        response: { 200: Notification, ...errors(403, 404) },
      },
    },
    async (req) => markNotificationRead({ ctx: req.ctx, notificationId: req.params.id }),
  );
};
