// Pickers the calendar, My tasks and the audit log share: a contact found by searching the server, and a user.
import { Loader, Select, Stack, Text, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import type { z } from 'zod';
import type { ContactListPage } from '@dossier/contract';
import type { ContactRef as ContactRefSchema } from '@dossier/contract';
import { api, qs } from '../../lib/api.ts';
import { useSession } from '../auth/useSession.ts';
import { usersQuery } from '../settings/settings.api.ts';

export type ContactRef = z.infer<typeof ContactRefSchema>;
type ContactSearchPage = z.infer<typeof ContactListPage>;

export const contactSearchQuery = (q: string) => ({
  queryKey: ['contacts', 'picker', q],
  queryFn: () => api.get<ContactSearchPage>(`/contacts${qs({ q: q || undefined, limit: 20 })}`),
  staleTime: 30_000,
});

type PickerProps = Omit<
  SelectProps,
  'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange' | 'filter' | 'searchable'
>;

/** Picks a contact by typing part of a name, email or phone number; the server does the searching. */
export function ContactSelect({
  value,
  onChange,
  ...props
}: PickerProps & { value: ContactRef | null; onChange(contact: ContactRef | null): void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(value?.displayName ?? '');
  // While the field shows the chosen contact's name, the list should not narrow to that name alone.
  const typed = value && search === value.displayName ? '' : search;
  const [q] = useDebouncedValue(typed.trim(), 250);
  const results = useQuery({ ...contactSearchQuery(q), placeholderData: keepPreviousData });
  const found = results.data?.data ?? [];
  const emails = new Map(found.map((c) => [c.id, c.primaryEmail]));
  const options = found.map((c) => ({ value: c.id, label: c.displayName }));
  if (value && !options.some((o) => o.value === value.id))
    options.unshift({ value: value.id, label: value.displayName });

  return (
    <Select
      {...props}
      searchable
      // Opening on focus would cover the rest of a form the moment it appears; typing or a click opens it.
      openOnFocus={false}
      clearable={props.clearable ?? true}
      data={options}
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id, option) => onChange(id && option ? { id, displayName: option.label } : null)}
      // The server already matched names, emails and phone numbers; show what it found as it is.
      filter={({ options: all }) => all}
      nothingFoundMessage={
        results.isFetching
          ? t('calendar.pickers.searching')
          : q
            ? t('calendar.pickers.noContactMatches', { q })
            : t('calendar.pickers.typeToSearch')
      }
      rightSection={results.isFetching ? <Loader size={14} /> : undefined}
      renderOption={({ option }) => {
        const email = emails.get(option.value);
        return (
          <Stack gap={0} miw={0}>
            <Text size="sm" truncate="end">
              {option.label}
            </Text>
            {email && (
              <Text size="xs" c="dimmed" truncate="end">
                {email}
              </Text>
            )}
          </Stack>
        );
      }}
    />
  );
}

/** Picks an active user of the workspace; the signed-in user is marked "(you)". */
export function UserSelect({
  value,
  onChange,
  extraOptions = [],
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null;
  onChange(userId: string | null): void;
  /** Choices before the users, e.g. "Everyone". */
  extraOptions?: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const users = useQuery(usersQuery('active'));
  const options = [
    ...extraOptions,
    ...(users.data ?? [])
      .slice()
      .sort((a, b) => (a.id === me.id ? -1 : b.id === me.id ? 1 : a.name.localeCompare(b.name)))
      .map((u) => ({ value: u.id, label: u.id === me.id ? t('calendar.pickers.you', { name: u.name }) : u.name })),
  ];
  // Until the list arrives, the chosen value still needs a label.
  if (value && !options.some((o) => o.value === value) && value === me.id) {
    options.push({ value: me.id, label: t('calendar.pickers.you', { name: me.name }) });
  }
  return (
    <Select
      searchable
      nothingFoundMessage={users.isPending ? t('calendar.pickers.loadingUsers') : t('appointments.form.noUserMatches')}
      {...props}
      data={options}
      value={value}
      onChange={(v) => onChange(v)}
    />
  );
}
