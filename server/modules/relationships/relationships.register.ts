// What relationships contribute outside their routes: the default relation types of a new
// workspace, and clearing a link's reference when the business's detail it points at is removed.
import { registerEntryRemovedHook } from '../contacts/contact-collections.ts';
import { registerWorkspaceInitializer } from '../workspaces/workspaces.service.ts';
import { clearRemovedReference } from './links.service.ts';
import { insertDefaultRelationTypes } from './relation-types.service.ts';

export function registerRelationships(): void {
  registerWorkspaceInitializer(insertDefaultRelationTypes);
  registerEntryRemovedHook(clearRemovedReference);
}
