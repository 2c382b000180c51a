// The tabs of the contact page's main area, in order. To add one, append {value, label, icon, Component}: the
// page renders the list as it is and keeps the selected tab in the URL (?tab=<value>).
import { IconActivity, IconCalendarEvent, IconChecklist, IconNote, type TablerIcon } from '@tabler/icons-react';
import type { JSX } from 'react';
import { AppointmentsTab } from '../../appointments/AppointmentsTab.tsx';
import { NotesTab } from '../../notes/NotesTab.tsx';
import { TasksTab } from '../../tasks/contact/TasksTab.tsx';
import { ActivityTab } from '../../timeline/ActivityTab.tsx';
import { useOpenTaskCount, useUpcomingAppointmentCount } from '../../timeline/tabCounts.ts';
import type { ContactProfile } from '../contact.api.ts';

export interface ContactTab {
  /** The URL value (?tab=…); stable, lower-case. */
  value: string;
  label: string;
  icon: TablerIcon;
  Component: (props: { contact: ContactProfile }) => JSX.Element;
  /** A hook giving the number shown beside the label (e.g. open tasks); undefined shows none. */
  useCount?: (contact: ContactProfile) => number | undefined;
}

export const contactTabs: ContactTab[] = [
  // Activity holds the data changes as its second view (Data changes & admin events).
  { value: 'activity', label: 'Activity', icon: IconActivity, Component: ActivityTab },
  { value: 'tasks', label: 'Tasks', icon: IconChecklist, Component: TasksTab, useCount: useOpenTaskCount },
  { value: 'notes', label: 'Notes', icon: IconNote, Component: NotesTab },
  {
    value: 'appointments',
    label: 'Appointments',
    icon: IconCalendarEvent,
    Component: AppointmentsTab,
    useCount: useUpcomingAppointmentCount,
  },
];
