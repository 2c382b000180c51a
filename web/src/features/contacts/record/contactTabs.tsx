// The tabs of the contact page's main area, in order. To add one, append {value, labelKey, icon, Component}: the
// page renders the list as it is and keeps the selected tab in the URL (?tab=<value>).
import {
  IconActivity,
  IconCalendarEvent,
  IconChecklist,
  IconNote,
  IconTargetArrow,
  IconSitemap,
  type TablerIcon,
} from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { JSX } from 'react';
import { AppointmentsTab } from '../../appointments/AppointmentsTab.tsx';
import { notesQuery } from '../../notes/notes.api.ts';
import { AssociationsTab } from '../../relationships/AssociationsTab.tsx';
import { NotesTab } from '../../notes/NotesTab.tsx';
import { OpportunitiesTab, useOpenDealCount } from '../../pipelines/OpportunitiesTab.tsx';
import { TasksTab } from '../../tasks/contact/TasksTab.tsx';
import { ActivityTab } from '../../timeline/ActivityTab.tsx';
import { useOpenTaskCount, useUpcomingAppointmentCount } from '../../timeline/tabCounts.ts';
import type { ContactProfile } from '../contact.api.ts';

export interface ContactTab {
  /** The URL value (?tab=…); stable, lower-case. */
  value: string;
  /** The i18n key of the tab's name. */
  labelKey: string;
  icon: TablerIcon;
  Component: (props: { contact: ContactProfile }) => JSX.Element;
  /** A hook giving the number shown beside the label (e.g. open tasks); undefined shows none. */
  useCount?: (contact: ContactProfile) => number | undefined;
}

/** How many notes the contact has: the list's first page (the one the Notes tab shows) says it; none shows none. */
function useNoteCount(contact: ContactProfile): number | undefined {
  const notes = useInfiniteQuery(notesQuery(contact.id, ''));
  const total = notes.data?.pages[0]?.total;
  return total ? total : undefined;
}

export const contactTabs: ContactTab[] = [
  // Activity holds the data changes as its second view (Data changes & admin events).
  { value: 'activity', labelKey: 'contactPage.tabs.activity', icon: IconActivity, Component: ActivityTab },
  {
    value: 'tasks',
    labelKey: 'contactPage.tabs.tasks',
    icon: IconChecklist,
    Component: TasksTab,
    useCount: useOpenTaskCount,
  },
  { value: 'notes', labelKey: 'contactPage.tabs.notes', icon: IconNote, Component: NotesTab, useCount: useNoteCount },
  {
    value: 'appointments',
    labelKey: 'contactPage.tabs.appointments',
    icon: IconCalendarEvent,
    Component: AppointmentsTab,
    useCount: useUpcomingAppointmentCount,
  },
  {
    value: 'opportunities',
    labelKey: 'pipelines.tab.label',
    icon: IconTargetArrow,
    Component: OpportunitiesTab,
    useCount: useOpenDealCount,
  },
  { value: 'associations', labelKey: 'contactPage.tabs.associations', icon: IconSitemap, Component: AssociationsTab },
];
