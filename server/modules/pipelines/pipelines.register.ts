// What pipelines contribute outside their routes: the "Sales" pipeline of a new workspace, and the
// guard that keeps a contact with won business from being deleted permanently.
import { registerContactDeleteGuard } from '../contacts/archive-contact.ts';
import { registerWorkspaceInitializer } from '../workspaces/workspaces.service.ts';
import { wonOpportunityGuard } from './opportunities.service.ts';
import { insertDefaultPipeline } from './pipelines.service.ts';

export function registerPipelines(): void {
  registerWorkspaceInitializer(insertDefaultPipeline);
  registerContactDeleteGuard(wonOpportunityGuard);
}
