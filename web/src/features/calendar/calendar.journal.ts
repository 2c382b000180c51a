// Calendars' journal kinds in words (calendar.*); they appear in the audit log.
import { IconCalendar, IconCalendarX } from '@tabler/icons-react';
import { only, say, sayIf, str, strong, words, type JournalFamily } from '../timeline/journal/parts.ts';

export const calendarJournal: JournalFamily = {
  family: 'calendar',
  fallback: { icon: IconCalendar, color: 'grape' },
  kinds: {
    'calendar.deleted': {
      looks: { icon: IconCalendarX, color: 'red' },
      describe: (d) => {
        const removed = typeof d.removedAppointments === 'number' ? d.removedAppointments : 0;
        return only([
          ...say('journal.calendar.deleted', { name: strong(str(d.name) ?? words('journal.calendar.aCalendar')) }),
          ...sayIf(removed > 0, 'journal.calendar.withPast', { count: removed }),
        ]);
      },
    },
  },
};
