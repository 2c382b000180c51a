// How group and target-market entries read: on the contact ("Added to group Golf club", "Entered target market
// Fair VIPs") and in the audit log (a group or market created, changed, deleted).
import { IconTargetArrow, IconUsersGroup, IconUsersMinus, IconUsersPlus } from '@tabler/icons-react';
import { nameOf, only, say, strong, words, type JournalFamily } from '../timeline/journal/parts.ts';

const groupName = (d: Record<string, unknown>) => strong(nameOf(d.group) ?? words('journal.segments.aGroup'));
const marketName = (d: Record<string, unknown>) =>
  strong(nameOf(d.targetMarket) ?? words('journal.segments.aTargetMarket'));

export const segmentsJournal: JournalFamily[] = [
  {
    family: 'group',
    fallback: { icon: IconUsersGroup, color: 'gray' },
    kinds: {
      'contact.group_added': {
        looks: { icon: IconUsersPlus, color: 'indigo' },
        describe: (d) => only(say('journal.segments.groupAdded', { group: groupName(d) })),
      },
      'contact.group_removed': {
        looks: { icon: IconUsersMinus, color: 'gray' },
        describe: (d) =>
          only(
            say(d.reason === 'group_deleted' ? 'journal.segments.groupDeleted' : 'journal.segments.groupRemoved', {
              group: groupName(d),
            }),
          ),
      },
    },
  },
  {
    family: 'target_market',
    fallback: { icon: IconTargetArrow, color: 'gray' },
    kinds: {
      'contact.target_market_entered': {
        looks: { icon: IconTargetArrow, color: 'grape' },
        describe: (d) => only(say('journal.segments.marketEntered', { market: marketName(d) })),
      },
      'contact.target_market_left': {
        looks: { icon: IconTargetArrow, color: 'gray' },
        describe: (d) => only(say('journal.segments.marketLeft', { market: marketName(d) })),
      },
    },
  },
];
