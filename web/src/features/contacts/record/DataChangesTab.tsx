// The "Data changes" tab: every field update, tag, owner, follower, DND and archive event of the contact, with
// who made it and old → new values (the journal's admin category).
import { EmptyState, Paper } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import type { ContactProfile, TimelineFilters } from '../contact.api.ts';
import { JournalList } from './journal/JournalList.tsx';

const FILTERS: TimelineFilters = { category: 'admin' };

export function DataChangesTab({ contact }: { contact: ContactProfile }) {
  return (
    <JournalList
      contact={contact}
      filters={FILTERS}
      empty={
        <Paper withBorder py={48} px="md">
          <EmptyState
            icon={<IconHistory size={26} stroke={1.6} />}
            variant="light"
            title="No changes recorded yet"
            description="Edit a field, add a tag or change the owner, and the change shows up here with who made it."
          />
        </Paper>
      }
    />
  );
}
