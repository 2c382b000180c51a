// A contact's upcoming actions (open tasks and future appointments), under ['contact', id, 'upcoming'] so that a
// change to the contact — here or by someone else, through the live stream — refreshes it.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { UpcomingItemDto, UpcomingList } from '@dossier/contract';
import { api } from '../../lib/api.ts';

export type { UpcomingItemDto };

export const upcomingQuery = (contactId: string) =>
  queryOptions({
    queryKey: ['contact', contactId, 'upcoming'],
    queryFn: async () => (await api.get<z.infer<typeof UpcomingList>>(`/contacts/${contactId}/upcoming`)).data,
  });
