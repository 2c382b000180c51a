// A settings page that lists one kind of thing: its header and primary action, loading and error states, an
// empty state that says what to do, an optional search, and the shared table. Pages pass data, not markup.
import { Button, EmptyState, Paper, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError, LoadingRows } from '../../../components/QueryStatus.tsx';
import { CollectionTable, type CollectionTableProps } from './CollectionTable.tsx';

export interface SettingsCollectionProps<T> extends Omit<CollectionTableProps<T>, 'rows' | 'emptyRow'> {
  title: string;
  description?: ReactNode;
  query: UseQueryResult<T[]>;
  /** The primary action ("New tag"); shown in the header once the list has rows, in the empty state before. */
  create?: { label: string; emptyLabel?: string; onClick(): void };
  /** Extra header buttons (shown whenever the page has `create`). */
  headerActions?: ReactNode;
  /** Always show the create button in the header, even while the list is empty. */
  createAlwaysInHeader?: boolean;
  empty: { icon: ReactNode; title: string; description: ReactNode };
  /** A search box once the list is longer than `from` rows. */
  search?: { label: string; from: number; matches(row: T, needle: string): boolean; noMatch(needle: string): string };
  /** Above the table (filters such as Active / Deactivated). */
  toolbar?: ReactNode;
  /** Under the table (a note for members). */
  footer?: ReactNode;
  /** Dialogs the page opens (forms); rendered once, outside the table. */
  children?: ReactNode;
}

export function SettingsCollection<T>({
  title,
  description,
  query,
  create,
  headerActions,
  createAlwaysInHeader,
  empty,
  search,
  toolbar,
  footer,
  children,
  ...table
}: SettingsCollectionProps<T>) {
  const [find, setFind] = useState('');
  const rows = query.data;
  const createButton = (label: string) =>
    create && (
      <Button leftSection={<IconPlus size={16} />} onClick={create.onClick}>
        {label}
      </Button>
    );
  const showCreateInHeader = create && (createAlwaysInHeader || rows?.length !== 0);
  const needle = find.trim().toLowerCase();
  const shown = rows && search && needle ? rows.filter((r) => search.matches(r, needle)) : rows;

  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={
          (headerActions || showCreateInHeader) && (
            <>
              {headerActions}
              {showCreateInHeader && createButton(create.label)}
            </>
          )
        }
      />
      <Stack gap="md">
        {toolbar}
        {query.isPending ? (
          <LoadingRows />
        ) : query.isError ? (
          <LoadError error={query.error} onRetry={() => query.refetch()} />
        ) : rows!.length === 0 ? (
          <Paper withBorder py={48} px="md">
            <EmptyState icon={empty.icon} variant="light" title={empty.title} description={empty.description}>
              {create && !createAlwaysInHeader && (
                <EmptyState.Actions>{createButton(create.emptyLabel ?? create.label)}</EmptyState.Actions>
              )}
            </EmptyState>
          </Paper>
        ) : (
          <>
            {search && rows!.length > search.from && (
              <TextInput
                placeholder={search.label}
                aria-label={search.label}
                leftSection={<IconSearch size={16} />}
                value={find}
                onChange={(e) => setFind(e.currentTarget.value)}
                maw={320}
              />
            )}
            <CollectionTable {...table} rows={shown!} emptyRow={search?.noMatch(find.trim())} />
          </>
        )}
        {footer}
      </Stack>
      {children}
    </>
  );
}
