// The contract between the server and the web app: the API's request/response types (from the zod
// schemas that also make the OpenAPI document) and the few shared constants. The web imports only
// from here (alias @dossier/contract), so what crosses the boundary is listed in one place.
export type * from './modules/api-keys/api-keys.schemas.ts';
export type * from './modules/audit-log/audit-log.schemas.ts';
export type * from './modules/auth/auth.schemas.ts';
export type * from './modules/calendar/calendar.schemas.ts';
export type * from './modules/contact-types/contact-types.schemas.ts';
export type * from './modules/contacts/contacts.schemas.ts';
export type * from './modules/conversations/conversations.schemas.ts';
export type * from './modules/custom-fields/custom-fields.schemas.ts';
export type * from './modules/notes/notes.schemas.ts';
export type * from './modules/notifications/notifications.schemas.ts';
export type * from './modules/sales-plans/sales-plans.schemas.ts';
export type * from './modules/pipelines/opportunities.schemas.ts';
export type * from './modules/pipelines/pipelines.schemas.ts';
export type * from './modules/privacy/privacy.schemas.ts';
export type * from './modules/relationships/relationships.schemas.ts';
export type * from './modules/saved-views/saved-views.schemas.ts';
export type * from './modules/segments/segments.schemas.ts';
export type * from './modules/tags/tags.schemas.ts';
export type * from './modules/tasks/tasks.schemas.ts';
export type * from './modules/teams/teams.schemas.ts';
export type * from './modules/timeline/kinds.ts';
export type * from './modules/timeline/timeline.schemas.ts';
export type * from './modules/upcoming/upcoming.schemas.ts';
export type * from './modules/users/users.schemas.ts';
export type * from './modules/workspaces/workspaces.schemas.ts';
export { journalKinds } from './modules/timeline/kinds.ts';
export type * from './modules/imports/imports.schemas.ts';
export type * from './modules/exports/exports.schemas.ts';
export type * from './modules/merge/merge.schemas.ts';
