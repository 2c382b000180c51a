// App-wide ways to reach contacts: the search palette (Ctrl/Cmd+K, or the header's search button), the create-contact
// dialog, and the "c" shortcut that opens it.
import { ActionIcon, Group, Kbd, Loader, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { createSpotlight, Spotlight } from '@mantine/spotlight';
import { IconArrowRight, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import { problemMessage } from '../../../components/ProblemAlert.tsx';
import { paletteSearchQuery } from '../contactList.api.ts';
import { ContactAvatar, KindIcon } from './ContactAvatar.tsx';
import classes from './ContactShortcuts.module.css';
import { subline } from './ContactTable.tsx';
import { CreateContactDialog } from './CreateContactDialog.tsx';
import { closeCreateContact, openCreateContact, useCreateContactState } from './createContactStore.ts';

/** The palette's own store, so no other spotlight in the app can open or close it. */
export const [paletteStore, palette] = createSpotlight();

const isMac = () =>
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** Renders once in the app shell. */
export function ContactShortcuts() {
  const create = useCreateContactState();
  useHotkeys([
    [
      'c',
      () => {
        // Not over another dialog or menu: the key belongs to whatever is open.
        if (document.querySelector('[role="dialog"], [role="menu"], [role="listbox"]')) return;
        openCreateContact();
      },
    ],
  ]);
  return (
    <>
      <ContactPalette />
      <CreateContactDialog
        key={create.seq}
        opened={create.opened}
        onClose={closeCreateContact}
        prefill={create.prefill}
      />
    </>
  );
}

function ContactPalette() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [q] = useDebouncedValue(query.trim(), 200);
  const results = useQuery({ ...paletteSearchQuery(q), enabled: q.length > 0, placeholderData: keepPreviousData });
  const contacts = q && results.data ? results.data.data : [];
  const searching = q.length > 0 && results.isFetching;

  // Results arrive after the palette selected its first action for the new query; select the best match instead.
  const firstId = contacts[0]?.id;
  useEffect(() => {
    const { listId } = paletteStore.getState();
    const list = listId ? document.getElementById(listId) : null;
    if (!list) return;
    list.querySelectorAll('[data-selected]').forEach((el) => el.removeAttribute('data-selected'));
    list.querySelector('[data-action]')?.setAttribute('data-selected', 'true');
    paletteStore.updateState((state) => ({ ...state, selected: 0 }));
  }, [firstId]);

  return (
    <Spotlight.Root
      store={paletteStore}
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      scrollable
      maxHeight={460}
      size={600}
      classNames={{ action: classes.action }}
    >
      <Spotlight.Search
        placeholder={t('contactList.palette.placeholder')}
        aria-label={t('contactList.palette.label')}
        leftSection={<IconSearch size={18} stroke={1.6} />}
        rightSection={searching ? <Loader size={16} /> : undefined}
      />
      <Spotlight.ActionsList>
        {q && results.isError && (
          <Text size="sm" c="red" px="md" py="sm">
            {problemMessage(results.error)}
          </Text>
        )}
        {contacts.length > 0 && (
          <Spotlight.ActionsGroup label={t('contactList.palette.contacts')}>
            {contacts.map((c) => {
              const line = c.primaryEmail ?? subline(c) ?? c.businessName;
              return (
                <Spotlight.Action
                  key={c.id}
                  onClick={() => navigate({ to: '/contacts/$contactId', params: { contactId: c.id } })}
                  aria-label={c.displayName}
                >
                  <Group wrap="nowrap" gap="sm" w="100%">
                    <ContactAvatar contact={c} size={32} />
                    <Stack gap={0} miw={0} style={{ flex: 1 }}>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={600} truncate="end">
                          {c.displayName}
                        </Text>
                        <KindIcon kind={c.kind} />
                      </Group>
                      {line && (
                        <Text size="xs" c="dimmed" truncate="end">
                          {line}
                        </Text>
                      )}
                    </Stack>
                    {c.archivedAt && (
                      <Text size="xs" c="dimmed">
                        {t('contactList.palette.archived')}
                      </Text>
                    )}
                  </Group>
                </Spotlight.Action>
              );
            })}
          </Spotlight.ActionsGroup>
        )}
        {q && !results.isPending && !results.isPlaceholderData && contacts.length === 0 && !results.isError && (
          <Text size="sm" c="dimmed" px="md" py="sm">
            {t('contactList.palette.noMatch', { q })}
          </Text>
        )}
        <Spotlight.ActionsGroup label={t('contactList.palette.actions')}>
          <Spotlight.Action
            label={q ? t('contactList.palette.createNamed', { q }) : t('contactList.palette.create')}
            leftSection={<IconUserPlus size={18} stroke={1.6} />}
            rightSection={
              <Kbd size="xs" visibleFrom="sm">
                C
              </Kbd>
            }
            onClick={() => openCreateContact(q ? { text: q } : undefined)}
          />
          {q && (
            <Spotlight.Action
              label={t('contactList.palette.showAll', { q })}
              leftSection={<IconArrowRight size={18} stroke={1.6} />}
              onClick={() => navigate({ to: '/contacts', search: { q } })}
            />
          )}
        </Spotlight.ActionsGroup>
      </Spotlight.ActionsList>
      {/* Keyboard hints; a phone has no keys to press. */}
      <Spotlight.Footer visibleFrom="sm">
        <Group gap="md" c="dimmed" className={classes.footer}>
          <Text size="xs">
            <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> {t('contactList.palette.move')}
          </Text>
          <Text size="xs">
            <Kbd size="xs">Enter</Kbd> {t('contactList.palette.open')}
          </Text>
          <Text size="xs">
            <Kbd size="xs">Esc</Kbd> {t('contactList.palette.close')}
          </Text>
        </Group>
      </Spotlight.Footer>
    </Spotlight.Root>
  );
}

/** The header's search field look-alike that opens the palette, with its shortcut. */
export function ContactSearchButton() {
  const { t } = useTranslation();
  const shortcut = isMac() ? '⌘ K' : 'Ctrl K';
  return (
    <>
      <UnstyledButton
        className={classes.searchButton}
        onClick={palette.open}
        visibleFrom="sm"
        aria-label={t('contactList.palette.labelShortcut', { shortcut: shortcut.replace(' ', '+') })}
        aria-keyshortcuts={isMac() ? 'Meta+K' : 'Control+K'}
      >
        <IconSearch size={16} stroke={1.7} className={classes.searchIcon} />
        <Text size="sm" c="dimmed" className={classes.searchText}>
          {t('contactList.palette.button')}
        </Text>
        <Kbd size="xs">{shortcut}</Kbd>
      </UnstyledButton>
      <Tooltip label={t('contactList.palette.label')}>
        <ActionIcon
          hiddenFrom="sm"
          size="lg"
          variant="subtle"
          aria-label={t('contactList.palette.label')}
          onClick={palette.open}
        >
          <IconSearch size={20} stroke={1.7} />
        </ActionIcon>
      </Tooltip>
    </>
  );
}
