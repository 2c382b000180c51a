// The composition root of the modules: their routes, and the journal subscribers they register.
import type { RoutePlugin } from '../platform/http/plugin.ts';
import { apiKeysRoutes } from './api-keys/api-keys.routes.ts';
import { auditLogRoutes } from './audit-log/audit-log.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { contactsRoutes } from './contacts/contacts.routes.ts';
import { channelSettingsRoutes } from './conversations/channel-settings.routes.ts';
import { conversationsRoutes } from './conversations/conversations.routes.ts';
import { contactTypesRoutes } from './contact-types/contact-types.routes.ts';
import { calendarRoutes } from './calendar/calendar.routes.ts';
import { customFieldsRoutes } from './custom-fields/custom-fields.routes.ts';
import { exportsRoutes } from './exports/exports.routes.ts';
import { filesRoutes } from './files/files.routes.ts';
import { importsRoutes } from './imports/imports.routes.ts';
import { inboundRoutes } from './inbound/inbound.routes.ts';
import { mergeRoutes } from './merge/merge.routes.ts';
import { notesRoutes } from './notes/notes.routes.ts';
import { opportunitiesRoutes } from './pipelines/opportunities.routes.ts';
import { pipelinesRoutes } from './pipelines/pipelines.routes.ts';
import { privacyRoutes } from './privacy/privacy.routes.ts';
import { notificationsRoutes } from './notifications/notifications.routes.ts';
import { realtimeRoutes } from './realtime/realtime.routes.ts';
import { salesPlansRoutes } from './sales-plans/sales-plans.routes.ts';
import { relationshipsRoutes } from './relationships/relationships.routes.ts';
import { savedViewsRoutes } from './saved-views/saved-views.routes.ts';
import { segmentsRoutes } from './segments/segments.routes.ts';
import { tagsRoutes } from './tags/tags.routes.ts';
import { tasksRoutes } from './tasks/tasks.routes.ts';
import { teamsRoutes } from './teams/teams.routes.ts';
import { timelineRoutes } from './timeline/timeline.routes.ts';
import { upcomingRoutes } from './upcoming/upcoming.routes.ts';
import { usersRoutes } from './users/users.routes.ts';
import { workspacesRoutes } from './workspaces/workspaces.routes.ts';

export const routeModules: RoutePlugin[] = [
  authRoutes,
  workspacesRoutes,
  usersRoutes,
  apiKeysRoutes,
  teamsRoutes,
  filesRoutes,
  timelineRoutes,
  notesRoutes,
  tasksRoutes,
  calendarRoutes,
  notificationsRoutes,
  realtimeRoutes,
  upcomingRoutes,
  auditLogRoutes,
  contactsRoutes,
  tagsRoutes,
  relationshipsRoutes,
  customFieldsRoutes,
  contactTypesRoutes,
  savedViewsRoutes,
  segmentsRoutes,
  conversationsRoutes,
  channelSettingsRoutes,
  inboundRoutes,
  salesPlansRoutes,
  pipelinesRoutes,
  opportunitiesRoutes,
  importsRoutes,
  exportsRoutes,
  mergeRoutes,
  privacyRoutes,
];

/** Routes outside the API (links in sent emails), mounted at the root. */
export { trackingRoutes } from './conversations/tracking.routes.ts';
