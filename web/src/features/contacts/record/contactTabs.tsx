// The tabs of the contact page's main area, in order. To add one, append {value, label, icon, Component}: the
// page renders the list as it is and keeps the selected tab in the URL (?tab=<value>).
import { IconHistory, type TablerIcon } from '@tabler/icons-react';
import type { JSX } from 'react';
import type { ContactProfile } from '../contact.api.ts';
import { DataChangesTab } from './DataChangesTab.tsx';

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
  { value: 'data-changes', label: 'Data changes', icon: IconHistory, Component: DataChangesTab },
];
