// What the contact record contributes outside its routes: the Demographics folder for new
// workspaces, the handover of a deactivated user's contacts and the guard against leaving them ownerless, the
// team deletion hook.
import { insertDemographicsFolder } from '../custom-fields/demographics.ts';
import { registerTeamDeletionHook } from '../teams/teams.service.ts';
import { registerDeactivationGuard, registerHandover } from '../users/deactivate-user.ts';
import { registerWorkspaceInitializer } from '../workspaces/workspaces.service.ts';
import { contactsHandover, ownerDeactivationGuard, releaseTeamContacts } from './contact-owners.ts';

export function registerContacts(): void {
  registerWorkspaceInitializer(insertDemographicsFolder);
  registerHandover(contactsHandover);
  registerDeactivationGuard(ownerDeactivationGuard);
  registerTeamDeletionHook(releaseTeamContacts);
}
