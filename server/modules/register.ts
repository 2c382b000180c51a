// Registers what modules contribute outside their routes: workspace defaults, journal
// subscribers, guards, background workers. Called once per process before anything runs.
import type PgBoss from 'pg-boss';
import type { Deps } from '../platform/context.ts';
import { registerJournalSubscriber } from '../platform/journal/subscribers.ts';
import { calendarsHandover } from './calendar/calendar-handover.ts';
import { refuseTeamWithCalendars } from './calendar/calendars.service.ts';
import { registerContacts } from './contacts/contacts.register.ts';
import { insertDefaultContactTypes } from './contacts/contact-types.defaults.ts';
import { startSearchIndexWorker } from './contacts/search-indexes.job.ts';
import { createSendQueue, startSendWorker } from './conversations/send-message.job.ts';
import { notificationsSubscriber } from './notifications/notifications.subscriber.ts';
import { createRebuildQueue, startRebuildWorker } from './segments/rebuild-membership.job.ts';
import { targetMarketsSubscriber } from './segments/target-markets.subscriber.ts';
import { startImapWorkers } from './inbound/imap-sync.job.ts';
import { createImportQueue, startImportWorker } from './imports/run-import.job.ts';
import { createExportQueue, startExportWorkers } from './exports/run-export.job.ts';
import { startTaskDueWorker } from './notifications/task-due.job.ts';
import { registerPipelines } from './pipelines/pipelines.register.ts';
import { openTasksHandover } from './tasks/task-handover.ts';
import { registerTeamDeletionHook } from './teams/teams.service.ts';
import { registerRelationships } from './relationships/relationships.register.ts';
import { registerHandover } from './users/deactivate-user.ts';
import { registerWorkspaceInitializer } from './workspaces/workspaces.service.ts';

let registered = false;

export function registerModules(): void {
  if (registered) return;
  registered = true;
  registerWorkspaceInitializer(insertDefaultContactTypes);
  registerContacts();
  registerPipelines();
  registerRelationships();
  registerTeamDeletionHook(refuseTeamWithCalendars);
  // What a deactivated user hands over besides their contacts (registered by the contacts module).
  registerHandover(openTasksHandover);
  registerHandover(calendarsHandover);
  registerJournalSubscriber(notificationsSubscriber);
  registerJournalSubscriber(targetMarketsSubscriber);
}

/** Queues the modules send jobs to; created by every process, workers or not (a send needs its queue). */
export async function createModuleQueues(boss: PgBoss): Promise<void> {
  await createSendQueue(boss);
  await createRebuildQueue(boss);
  await createImportQueue(boss);
  await createExportQueue(boss);
}

/** Background work that is not a journal subscriber (e.g. scheduled checks). */
export async function startModuleWorkers(deps: Deps): Promise<void> {
  await startTaskDueWorker(deps);
  await startSendWorker(deps);
  await startImapWorkers(deps);
  await startSearchIndexWorker(deps);
  await startRebuildWorker(deps);
  await startImportWorker(deps);
  await startExportWorkers(deps);
}
