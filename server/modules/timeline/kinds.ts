// The catalog of journal kinds: what each entry means, in which timeline tab it shows, and the label
// the web app uses in the kind filter. Modules append their kinds here.
import type { JournalCategory } from '../../db/schema/journal.ts';

export interface JournalKindInfo {
  kind: string;
  category: JournalCategory;
  label: string;
}

export const journalKinds: JournalKindInfo[] = [
  // The contact record (all data changes are "admin": the Data changes & admin events tab).
  { kind: 'contact.created', category: 'admin', label: 'Contact created' },
  { kind: 'contact.field_changed', category: 'admin', label: 'Fields changed' },
  { kind: 'contact.owner_changed', category: 'admin', label: 'Owner changed' },
  { kind: 'contact.team_changed', category: 'admin', label: 'Team changed' },
  { kind: 'contact.follower_added', category: 'admin', label: 'Follower added' },
  { kind: 'contact.follower_removed', category: 'admin', label: 'Follower removed' },
  { kind: 'contact.tag_added', category: 'admin', label: 'Tag added' },
  { kind: 'contact.tag_removed', category: 'admin', label: 'Tag removed' },
  { kind: 'contact.email_added', category: 'admin', label: 'Email added' },
  { kind: 'contact.email_changed', category: 'admin', label: 'Email changed' },
  { kind: 'contact.email_removed', category: 'admin', label: 'Email removed' },
  { kind: 'contact.phone_added', category: 'admin', label: 'Phone added' },
  { kind: 'contact.phone_changed', category: 'admin', label: 'Phone changed' },
  { kind: 'contact.phone_removed', category: 'admin', label: 'Phone removed' },
  { kind: 'contact.phone_line_checked', category: 'admin', label: 'Phone line type checked' },
  { kind: 'contact.location_added', category: 'admin', label: 'Location added' },
  { kind: 'contact.location_changed', category: 'admin', label: 'Location changed' },
  { kind: 'contact.location_removed', category: 'admin', label: 'Location removed' },
  { kind: 'contact.dnd_changed', category: 'admin', label: 'Do-not-disturb changed' },
  { kind: 'contact.picture_changed', category: 'admin', label: 'Picture changed' },
  { kind: 'contact.archived', category: 'admin', label: 'Contact archived' },
  { kind: 'contact.restored', category: 'admin', label: 'Contact restored' },
  { kind: 'contact.deleted', category: 'admin', label: 'Contact deleted permanently' },
  { kind: 'contact.duplicated', category: 'admin', label: 'Contact duplicated' },
  { kind: 'contact.exported', category: 'admin', label: 'Contact exported' },
  // Workspace libraries (no contact; they appear in the audit log).
  { kind: 'tag.created', category: 'admin', label: 'Tag created' },
  { kind: 'tag.updated', category: 'admin', label: 'Tag renamed or recoloured' },
  { kind: 'tag.deleted', category: 'admin', label: 'Tag deleted' },
  { kind: 'custom_field.created', category: 'admin', label: 'Custom field created' },
  { kind: 'custom_field.updated', category: 'admin', label: 'Custom field changed' },
  { kind: 'custom_field.archived', category: 'admin', label: 'Custom field archived' },
  { kind: 'custom_field.restored', category: 'admin', label: 'Custom field restored' },
  { kind: 'custom_field_folder.created', category: 'admin', label: 'Field folder created' },
  { kind: 'custom_field_folder.updated', category: 'admin', label: 'Field folder changed' },
  { kind: 'custom_field_folder.deleted', category: 'admin', label: 'Field folder deleted' },
  { kind: 'contact_type.created', category: 'admin', label: 'Contact type created' },
  { kind: 'contact_type.updated', category: 'admin', label: 'Contact type changed' },
  { kind: 'contact_type.deleted', category: 'admin', label: 'Contact type deleted' },
  { kind: 'user.contacts_reassigned', category: 'admin', label: 'Contacts reassigned' },
  // Notes, tasks, appointments (relationship work: the Focus events tab).
  { kind: 'note.created', category: 'focus', label: 'Note added' },
  { kind: 'note.updated', category: 'focus', label: 'Note edited' },
  { kind: 'note.deleted', category: 'focus', label: 'Note deleted' },
  { kind: 'note.pinned', category: 'focus', label: 'Note pinned' },
  { kind: 'note.unpinned', category: 'focus', label: 'Note unpinned' },
  { kind: 'task.created', category: 'focus', label: 'Task created' },
  { kind: 'task.updated', category: 'focus', label: 'Task updated' },
  { kind: 'task.completed', category: 'focus', label: 'Task completed' },
  { kind: 'task.reopened', category: 'focus', label: 'Task reopened' },
  { kind: 'task.deleted', category: 'focus', label: 'Task deleted' },
  { kind: 'task.due', category: 'focus', label: 'Task due' },
  { kind: 'appointment.booked', category: 'focus', label: 'Appointment booked' },
  { kind: 'appointment.rescheduled', category: 'focus', label: 'Appointment rescheduled' },
  { kind: 'appointment.updated', category: 'focus', label: 'Appointment updated' },
  { kind: 'appointment.status_changed', category: 'focus', label: 'Appointment status changed' },
  { kind: 'appointment.cancelled', category: 'focus', label: 'Appointment cancelled' },
  // Calendars (no contact; they appear in the audit log).
  { kind: 'calendar.created', category: 'admin', label: 'Calendar created' },
  { kind: 'calendar.updated', category: 'admin', label: 'Calendar changed' },
  { kind: 'calendar.deleted', category: 'admin', label: 'Calendar deleted' },
  // The workspace, its people and its access (no contact; they appear in the audit log).
  { kind: 'workspace.created', category: 'admin', label: 'Workspace created' },
  { kind: 'workspace.updated', category: 'admin', label: 'Workspace settings changed' },
  { kind: 'user.created', category: 'admin', label: 'User added' },
  { kind: 'user.updated', category: 'admin', label: 'User changed' },
  { kind: 'user.password_changed', category: 'admin', label: 'Password changed' },
  { kind: 'user.password_reset', category: 'admin', label: 'Password reset' },
  { kind: 'user.deactivated', category: 'admin', label: 'User deactivated' },
  { kind: 'user.reactivated', category: 'admin', label: 'User reactivated' },
  { kind: 'team.created', category: 'admin', label: 'Team created' },
  { kind: 'team.updated', category: 'admin', label: 'Team changed' },
  { kind: 'team.deleted', category: 'admin', label: 'Team deleted' },
  { kind: 'api_key.created', category: 'admin', label: 'API key created' },
  { kind: 'api_key.revoked', category: 'admin', label: 'API key revoked' },
];
