// The numbers beside the contact page's Tasks and Appointments tabs: open tasks and appointments still ahead.
// Both come from the contact's upcoming list, one request that the Activity tab shows anyway.
import { useQuery } from '@tanstack/react-query';
import type { ContactProfileDto } from '@dossier/contract';
import { upcomingQuery } from './upcoming.api.ts';

function useUpcomingCount(contact: Pick<ContactProfileDto, 'id'>, type: 'task' | 'appointment'): number | undefined {
  const upcoming = useQuery(upcomingQuery(contact.id));
  // Nothing open shows no number rather than a "0".
  const n = upcoming.data?.filter((i) => i.type === type).length;
  return n ? n : undefined;
}

export const useOpenTaskCount = (contact: Pick<ContactProfileDto, 'id'>) => useUpcomingCount(contact, 'task');
export const useUpcomingAppointmentCount = (contact: Pick<ContactProfileDto, 'id'>) =>
  useUpcomingCount(contact, 'appointment');
