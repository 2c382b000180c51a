// What relationships contribute outside their routes: the default relation types of a new
// workspace, clearing a link's reference when the business's detail it points at is removed, and keeping a
// linked contact from changing between person and business.
import { registerEntryRemovedHook } from '../contacts/contact-collections.ts';
import { registerContactUpdateGuard } from '../contacts/update-contact.ts';
import { registerWorkspaceInitializer } from '../workspaces/workspaces.service.ts';
import { clearRemovedReference, refuseKindChangeWhileLinked } from './links.service.ts';
import { insertDefaultRelationTypes } from './relation-types.service.ts';

export function registerRelationships(): void {
  registerWorkspaceInitializer(insertDefaultRelationTypes);
  registerEntryRemovedHook(clearRemovedReference);
  registerContactUpdateGuard(refuseKindChangeWhileLinked);
}
