// The workspace's own journal kinds (tags, custom fields and folders, contact types, users, teams, API keys, the
// workspace): they appear in the audit log, mostly as their label and the name of what changed.
import {
  IconBuilding,
  IconCategory,
  IconForms,
  IconKey,
  IconTag,
  IconUserCog,
  IconUserShare,
  IconUsersGroup,
} from '@tabler/icons-react';
import { nameOf, newValue, oldValue, only, say, words, type JournalFamily } from '../timeline/journal/parts.ts';

const family = (name: string, icon: JournalFamily['fallback']['icon']): JournalFamily => ({
  family: name,
  fallback: { icon, color: 'gray' },
  kinds: {},
});

export const settingsJournal: JournalFamily[] = [
  family('tag', IconTag),
  family('custom_field', IconForms),
  family('custom_field_folder', IconForms),
  family('contact_type', IconCategory),
  family('team', IconUsersGroup),
  family('api_key', IconKey),
  family('workspace', IconBuilding),
  {
    ...family('user', IconUserCog),
    kinds: {
      'user.contacts_reassigned': {
        looks: { icon: IconUserShare, color: 'violet' },
        describe: (d) =>
          only(
            say('journal.user.contactsReassigned', {
              count: typeof d.count === 'number' ? d.count : 0,
              from: oldValue(nameOf(d.from) ?? words('journal.unknown')),
              to: newValue(nameOf(d.to) ?? words('journal.unknown')),
            }),
          ),
      },
    },
  },
];
