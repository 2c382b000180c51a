// The Notes tab: the contact's internal notes, pinned ones first (at most two), searchable, with a rich-text
// editor that mentions teammates. Notes are never shown to the contact.
import { Button, Center, CloseButton, EmptyState, Group, Loader, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconNote, IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import type { ContactProfileDto as ContactProfile } from '@dossier/contract';
import { NoteCard } from './NoteCard.tsx';
import { NoteFormModal } from './NoteFormModal.tsx';
import { notesQuery, type NoteDto } from './notes.api.ts';

export function NotesTab({ contact }: { contact: ContactProfile }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const notes = useInfiniteQuery(notesQuery(contact.id, q));
  const [editing, setEditing] = useState<NoteDto | 'new' | null>(null);
  const readOnly = contact.archivedAt !== null;

  const items = notes.data?.pages.flatMap((p) => p.data) ?? [];
  const searching = q !== '';

  return (
    <Stack gap="md">
      {/* With no notes at all the empty state below carries the one action; no toolbar above it. */}
      {(search !== '' || items.length > 0 || notes.isPending) && (
        <Group gap="sm" wrap="nowrap" justify="flex-end">
          <TextInput
            aria-label={t('notes.search')}
            placeholder={t('notes.search')}
            leftSection={<IconSearch size={16} stroke={1.7} />}
            rightSection={
              search ? (
                <CloseButton size="sm" aria-label={t('notes.clearSearch')} onClick={() => setSearch('')} />
              ) : undefined
            }
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: 1 }}
            maw={420}
            mr="auto"
          />
          {!readOnly && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              {t('notes.add')}
            </Button>
          )}
        </Group>
      )}
      {readOnly && (
        <Text size="sm" c="dimmed">
          {t('notes.archived')}
        </Text>
      )}

      {notes.isPending ? (
        <LoadingRows rows={4} />
      ) : notes.isError ? (
        <LoadError error={notes.error} onRetry={() => notes.refetch()} />
      ) : items.length === 0 ? (
        <Paper withBorder py={44} px="md">
          {searching ? (
            <EmptyState
              icon={<IconSearch size={24} stroke={1.6} />}
              variant="light"
              title={t('notes.noMatch', { q })}
              description={t('notes.noMatchText')}
            >
              <EmptyState.Actions>
                <Button variant="default" size="xs" onClick={() => setSearch('')}>
                  {t('notes.clearSearch')}
                </Button>
              </EmptyState.Actions>
            </EmptyState>
          ) : (
            <EmptyState
              icon={<IconNote size={26} stroke={1.6} />}
              variant="light"
              title={t('notes.emptyTitle')}
              description={t('notes.emptyText')}
            >
              {!readOnly && (
                <EmptyState.Actions>
                  <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
                    {t('notes.addFirst')}
                  </Button>
                </EmptyState.Actions>
              )}
            </EmptyState>
          )}
        </Paper>
      ) : (
        <Stack gap="sm" aria-label={t('notes.list')} role="list">
          {items.map((note) => (
            <div role="listitem" key={note.id}>
              <NoteCard note={note} contactId={contact.id} readOnly={readOnly} onEdit={setEditing} />
            </div>
          ))}
          {notes.hasNextPage && (
            <Center>
              {notes.isFetchingNextPage ? (
                <Loader size="sm" aria-label={t('notes.loadingMore')} />
              ) : (
                <Button variant="subtle" size="xs" onClick={() => notes.fetchNextPage()}>
                  {t('notes.showOlder')}
                </Button>
              )}
            </Center>
          )}
        </Stack>
      )}

      <NoteFormModal
        contactId={contact.id}
        note={editing && editing !== 'new' ? editing : undefined}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Stack>
  );
}
