// What the contact record contributes outside its routes: the Demographics folder for new
// workspaces, the guard against deactivating a user who owns contacts, the team deletion hook.
import { insertDemographicsFolder } from '../custom-fields/demographics.ts';
import { registerTeamDeletionHook } from '../teams/teams.service.ts';
import { registerDeactivationGuard } from '../users/users.service.ts';
import { registerWorkspaceInitializer } from '../workspaces/workspaces.service.ts';
import { ownerDeactivationGuard, releaseTeamContacts } from './contact-owners.ts';

export function registerContacts(): void {
  registerWorkspaceInitializer(insertDemographicsFolder);
  registerDeactivationGuard(ownerDeactivationGuard);
  registerTeamDeletionHook(releaseTeamContacts);
}
