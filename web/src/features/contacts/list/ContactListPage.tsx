// The contact list at /contacts: search as you type, filters as chips, sortable columns, pages on a cursor, bulk
// actions, saved views and the archive. Everything that defines the list lives in the URL, so Back and links work.
import {
  Alert,
  Anchor,
  Box,
  Button,
  CloseButton,
  EmptyState,
  Group,
  Kbd,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useHotkeys, useIntersection, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconAddressBook,
  IconArchive,
  IconArrowMerge,
  IconFileImport,
  IconFilterOff,
  IconPlus,
  IconSearch,
} from '@tabler/icons-react';
import { ButtonLink } from '../../../components/links.tsx';
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useRouter } from '@tanstack/react-router';
import { useTranslation } from '../../../app/i18n.ts';
import { Page } from '../../../components/Page.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { problemMessage } from '../../../components/ProblemAlert.tsx';
import { LoadError, LoadingRows } from '../../../components/QueryStatus.tsx';
import { ApiError } from '../../../lib/api.ts';
import { useSession, useUserZone } from '../../auth/useSession.ts';
import { useStableCallback } from '../../../lib/hooks.ts';
import { contactTypesQuery, customFieldsQuery, tagsQuery } from '../../settings/contactLibrary.api.ts';
import { teamsQuery, usersQuery } from '../../settings/settings.api.ts';
import {
  archiveContact,
  contactListQuery,
  deleteContactPermanently,
  refreshContacts,
  restoreContact,
  type ContactSummaryDto,
} from '../contactList.api.ts';
import { BulkActions } from './BulkActions.tsx';
import { visibleColumns, type RenderContext } from './columns.tsx';
import { ColumnsMenu } from './ColumnsMenu.tsx';
import { ContactCards, ContactTable, emptySelection, type RowAction, type Selection } from './ContactTable.tsx';
import { openCreateContact } from './createContactStore.ts';
import { DeleteForeverDialog } from './DeleteForeverDialog.tsx';
import { AddFilter, FilterChips } from './FilterBar.tsx';
import { groupsQuery, targetMarketsQuery } from '../../segments/segments.api.ts';
import { pipelinesQuery } from '../../pipelines/pipelines.api.ts';
import { chipsOf, clearFilters, type Lookups } from './filterModel.ts';
import {
  compact,
  countLabel,
  countNumber,
  isNarrowed,
  joinList,
  listQueryOf,
  nextSort,
  sortOf,
  splitList,
  type ContactListSearch,
} from './listSearch.ts';
import { ExportMenu } from './ExportMenu.tsx';
import { SaveViewButton, SaveViewDialog, SavedViewsMenu, useOpenView } from './SavedViews.tsx';

export interface ContactListPageProps {
  search: ContactListSearch;
  /** Moves the list to a new state; `replace` for steps Back should skip (each keystroke of a search). */
  onSearchChange(next: ContactListSearch, opts?: { replace?: boolean }): void;
}

/** Today in the user's zone, YYYY-MM-DD. */
function todayIn(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

/**
 * The contact page's code, fetched once the user starts working with the list (moves the pointer, types, scrolls),
 * when the browser is next idle: a list is there to open contacts from, and the first one opened used to wait for it
 * (its download, parse and first run were half of that first open). Until then the first load stays as small as it
 * was.
 */
function usePreloadedContactPage() {
  const router = useRouter();
  useEffect(() => {
    const route = router.routesById['/app/contacts/$contactId'];
    if (!route) return;
    const events = ['pointermove', 'keydown', 'scroll', 'touchstart'] as const;
    let idle: number | undefined;
    const load = () => void Promise.resolve(router.loadRouteChunk(route)).catch(() => undefined);
    const onIntent = () => {
      stopListening();
      if (typeof requestIdleCallback !== 'function') return load();
      idle = requestIdleCallback(load, { timeout: 2000 });
    };
    const stopListening = () => {
      for (const type of events) window.removeEventListener(type, onIntent, true);
    };
    for (const type of events) window.addEventListener(type, onIntent, { capture: true, passive: true });
    return () => {
      stopListening();
      if (idle !== undefined) cancelIdleCallback(idle);
    };
  }, [router]);
}

export function ContactListPage({ search, onSearchChange }: ContactListPageProps) {
  const { t } = useTranslation();
  const { workspace } = useSession();
  const zone = useUserZone();
  const queryClient = useQueryClient();
  const isPhone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const archived = Boolean(search.archived);

  const types = useQuery(contactTypesQuery);
  const users = useQuery(usersQuery('all'));
  const teams = useQuery(teamsQuery);
  const tags = useQuery(tagsQuery);
  const fields = useQuery(customFieldsQuery);
  const groups = useQuery(groupsQuery);
  const markets = useQuery(targetMarketsQuery);
  const pipelines = useQuery(pipelinesQuery);
  const lookups: Lookups = {
    types: types.data ?? [],
    users: users.data ?? [],
    teams: teams.data ?? [],
    tags: tags.data ?? [],
    fields: fields.data ?? [],
    locale: zone.locale,
    groups: groups.data ?? [],
    targetMarkets: markets.data ?? [],
    pipelines: pipelines.data ?? [],
  };

  const list = useInfiniteQuery({ ...contactListQuery(search), placeholderData: keepPreviousData });
  usePreloadedContactPage();
  const contacts = list.data?.pages.flatMap((p) => p.data) ?? [];
  const total = list.data?.pages[0]?.total;
  const { view, modified: viewModified } = useOpenView(search);

  // Selection belongs to one list: a new search, filter or sort starts from nothing selected.
  const listKey = JSON.stringify(listQueryOf(search));
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const [selectionKey, setSelectionKey] = useState(listKey);
  if (selectionKey !== listKey) {
    setSelectionKey(listKey);
    setSelection(emptySelection());
  }

  const [deleting, setDeleting] = useState<ContactSummaryDto | null>(null);
  const [saveOpened, setSaveOpened] = useState(false);

  const change = (next: ContactListSearch, opts?: { replace?: boolean }) => onSearchChange(compact(next), opts);

  // What every row gets stays the same object while it means the same (the rows are memoized).
  const ctx = useMemo<RenderContext>(
    () => ({
      zone,
      types: new Map((types.data ?? []).map((type) => [type.key, type])),
      currency: workspace.currency,
      preferredTags: new Set(splitList(search.tags).map((tag) => tag.toLowerCase())),
    }),
    [zone, types.data, workspace.currency, search.tags],
  );
  const columns = useMemo(
    () => visibleColumns(search.cols ? splitList(search.cols) : null, fields.data ?? [], archived),
    [search.cols, fields.data, archived],
  );
  const sort = sortOf(search);

  const toggle = useStableCallback((id: string) =>
    setSelection((s) => {
      if (s.all) return { all: false, ids: new Set(contacts.map((c) => c.id).filter((c) => c !== id)) };
      const ids = new Set(s.ids);
      if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      return { all: false, ids };
    }),
  );
  const togglePage = () =>
    setSelection((s) =>
      s.all || (contacts.length > 0 && contacts.every((c) => s.ids.has(c.id)))
        ? emptySelection()
        : { all: false, ids: new Set(contacts.map((c) => c.id)) },
    );

  const onAction = useStableCallback(async (action: RowAction, contact: ContactSummaryDto) => {
    if (action === 'delete') {
      setDeleting(contact);
      return;
    }
    try {
      if (action === 'archive') {
        await archiveContact(contact.id);
        await refreshContacts(queryClient);
        const id = `archived-${contact.id}`;
        notifications.show({
          id,
          color: 'green',
          message: (
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Text size="sm">{t('contactList.movedToArchive', { name: contact.displayName })}</Text>
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={async () => {
                  notifications.hide(id);
                  await restoreContact(contact.id);
                  await refreshContacts(queryClient);
                }}
              >
                {t('common.undo')}
              </Button>
            </Group>
          ),
        });
      } else {
        await restoreContact(contact.id);
        await refreshContacts(queryClient);
        notifications.show({ color: 'green', message: t('contactList.restored', { name: contact.displayName }) });
      }
    } catch (error) {
      notifications.show({
        color: 'red',
        title: t(action === 'archive' ? 'contactList.archiveFailed' : 'contactList.restoreFailed'),
        message: problemMessage(error),
      });
    }
  });

  const selectedCount = selection.all ? (total?.value ?? 0) : selection.ids.size;
  const selectedText = selection.all && total ? countNumber(total, zone.locale) : String(selectedCount);
  const allLoadedSelected = !selection.all && contacts.length > 0 && contacts.every((c) => selection.ids.has(c.id));
  const moreThanLoaded = Boolean(list.hasNextPage);
  const narrowed = isNarrowed(search);
  const filterError = list.error instanceof ApiError && list.error.code === 'filter_invalid';
  const chipsShown = chipsOf(search, lookups).length > 0;
  const today = todayIn(zone.timeZone);

  return (
    <Page size={1680}>
      <PageHeader
        title={view ? view.name : t('contactList.title')}
        description={
          <Group gap={8} component="span">
            <span data-testid="contact-count">{total ? countLabel(total, zone.locale, archived) : '\u00a0'}</span>
            {search.q && !search.sort && total && total.value > 0 && <span>{t('contactList.bestMatches')}</span>}
            {view && viewModified && <span>{t('contactList.viewChanged')}</span>}
          </Group>
        }
        actions={
          <>
            <SavedViewsMenu search={search} onOpen={(next) => change(next)} onSaveAs={() => setSaveOpened(true)} />
            <ExportMenu search={search} total={total} />
            <ButtonLink to="/duplicates" variant="default" leftSection={<IconArrowMerge size={16} />}>
              {t('merge.page.link')}
            </ButtonLink>
            <ButtonLink to="/imports" variant="default" leftSection={<IconFileImport size={16} />}>
              {t('imports.importButton')}
            </ButtonLink>
            <Button leftSection={<IconPlus size={16} />} onClick={() => openCreateContact()}>
              {t('contactList.newContact')}
            </Button>
          </>
        }
      />

      {/* While the bulk bar floats over the bottom of the list, the last rows can still scroll above it. */}
      <Stack gap="sm" pb={selection.all || selection.ids.size > 0 ? 80 : 0}>
        <Group gap="sm" wrap="wrap" align="center" justify="space-between">
          <Group gap="sm" wrap="nowrap" style={{ flex: '1 1 22rem', maxWidth: 620 }}>
            <SearchBox search={search} onSearchChange={onSearchChange} />
            <AddFilter search={search} onChange={(next) => change(next)} lookups={lookups} today={today} />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SegmentedControl
              value={archived ? 'archived' : 'active'}
              onChange={(v) =>
                change({
                  ...search,
                  archived: v === 'archived' ? true : undefined,
                  sort: search.sort?.replace(/^-/, '') === 'archivedAt' ? undefined : search.sort,
                })
              }
              data={[
                { value: 'active', label: t('contactList.active') },
                { value: 'archived', label: t('contactList.archived') },
              ]}
              aria-label={t('contactList.activeOrArchived')}
            />
            <ColumnsMenu
              value={search.cols ? splitList(search.cols) : null}
              fields={lookups.fields}
              onChange={(cols) => change({ ...search, cols: cols ? joinList(cols) : undefined }, { replace: true })}
            />
          </Group>
        </Group>

        {(chipsShown || (narrowed && !view)) && (
          <Group gap={6} justify="space-between" align="center" wrap="nowrap">
            <FilterChips search={search} onChange={(next) => change(next)} lookups={lookups} today={today} />
            {narrowed && !view && <SaveViewButton onClick={() => setSaveOpened(true)} />}
          </Group>
        )}

        {allLoadedSelected && moreThanLoaded && total && (
          <Alert variant="light" color="brand" py={8} data-testid="select-all-banner">
            <Group gap="xs">
              <Text size="sm">{t('contactList.allShownSelected', { n: contacts.length })}</Text>
              <Anchor component="button" size="sm" fw={600} onClick={() => setSelection({ all: true, ids: new Set() })}>
                {t('contactList.selectAllMatching', { total: countLabel(total, zone.locale) })}
              </Anchor>
            </Group>
          </Alert>
        )}
        {selection.all && total && (
          <Alert variant="light" color="brand" py={8} data-testid="select-all-banner">
            <Group gap="xs">
              <Text size="sm">{t('contactList.allMatchingSelected', { total: countLabel(total, zone.locale) })}</Text>
              <Anchor component="button" size="sm" fw={600} onClick={() => setSelection(emptySelection())}>
                {t('contactList.clearSelection')}
              </Anchor>
            </Group>
          </Alert>
        )}

        {list.isPending ? (
          <LoadingRows rows={8} />
        ) : list.isError && contacts.length === 0 ? (
          filterError ? (
            <Paper withBorder py={40} px="md">
              <EmptyState
                icon={<IconFilterOff size={26} stroke={1.6} />}
                variant="light"
                color="orange"
                title={t('contactList.cannotShow')}
                description={problemMessage(list.error)}
              >
                <EmptyState.Actions>
                  <Button variant="default" onClick={() => change(clearFilters(search))}>
                    {t('contactList.clearFilters')}
                  </Button>
                </EmptyState.Actions>
              </EmptyState>
            </Paper>
          ) : (
            <LoadError error={list.error} onRetry={() => list.refetch()} />
          )
        ) : contacts.length === 0 ? (
          <EmptyList
            search={search}
            narrowed={narrowed}
            onClear={() => change({ archived: search.archived, cols: search.cols })}
          />
        ) : (
          <Box
            // Dimmed only when an answer is slow (not between the letters of a word typed); the answer shows at once.
            style={
              list.isPlaceholderData
                ? { opacity: 0.6, transition: 'opacity 150ms ease 300ms' }
                : { opacity: 1, transition: 'none' }
            }
            aria-busy={list.isPlaceholderData || undefined}
          >
            {isPhone ? (
              <ContactCards
                contacts={contacts}
                selection={selection}
                onToggle={toggle}
                onAction={onAction}
                ctx={ctx}
                archived={archived}
              />
            ) : (
              <ContactTable
                contacts={contacts}
                columns={columns}
                sort={sort}
                onSort={({ sortKey, newestFirst }) =>
                  change({ ...search, sort: nextSort(sort, sortKey, Boolean(newestFirst), Boolean(search.q)) })
                }
                selection={selection}
                onToggle={toggle}
                onTogglePage={togglePage}
                onAction={onAction}
                ctx={ctx}
                archived={archived}
              />
            )}
            <LoadMore
              shown={contacts.length}
              total={total}
              hasMore={Boolean(list.hasNextPage)}
              loading={list.isFetchingNextPage}
              error={list.isFetchNextPageError ? list.error : null}
              onMore={() => list.fetchNextPage()}
              locale={zone.locale}
            />
          </Box>
        )}
      </Stack>

      <BulkActions
        selection={selection}
        countText={selectedText}
        count={selectedCount}
        search={search}
        onClear={() => setSelection(emptySelection())}
      />
      <DeleteForeverDialog
        contact={deleting}
        onClose={() => setDeleting(null)}
        onDelete={async (c) => {
          await deleteContactPermanently(c.id);
          await refreshContacts(queryClient);
          notifications.show({ color: 'green', message: t('contactList.deletedForGood', { name: c.displayName }) });
        }}
      />
      <SaveViewDialog
        opened={saveOpened}
        onClose={() => setSaveOpened(false)}
        search={search}
        onSaved={(next) => change(next)}
      />
    </Page>
  );
}

/**
 * The search field: the list follows as the user types, one request at a time — what was typed
 * leaves at once when no answer is awaited, else as soon as the awaited one arrives (only the
 * newest text then). No pause is waited for: a pause long enough to tell a word from its letters
 * (140 ms were tried) is most of the time between the last key and its results. The address
 * follows without filling the Back history.
 */
function SearchBox({ search, onSearchChange }: ContactListPageProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState(search.q ?? '');
  const input = useRef<HTMLInputElement>(null);
  // The latest props, read when the text is sent (a re-render must not send it again).
  const latest = useRef({ search, onSearchChange });
  useEffect(() => {
    latest.current = { search, onSearchChange };
  });

  // Back/forward or a saved view changed the search: show it.
  const [shownQ, setShownQ] = useState(search.q ?? '');
  if ((search.q ?? '') !== shownQ) {
    setShownQ(search.q ?? '');
    if (text.trim() !== (search.q ?? '')) setText(search.q ?? '');
  }

  // What the list was last asked for (the address follows a moment later), whether its answer is awaited, and how
  // many answers came (each one lets the newest text go).
  const asked = useRef(search.q ?? '');
  useEffect(() => {
    asked.current = search.q ?? '';
  }, [search.q]);
  const awaited = useRef(false);
  const [answers, setAnswers] = useState(0);
  useEffect(() => {
    const q = text.trim();
    if (awaited.current || q === asked.current) return;
    asked.current = q;
    const { search: current, onSearchChange: go } = latest.current;
    const next = compact({ ...current, q: q || undefined });
    // The request leaves now, and the address and the page follow: updating the route first held it back by a few
    // dozen milliseconds. The page then finds it under the same key, on its way or answered.
    awaited.current = true;
    void queryClient.prefetchInfiniteQuery(contactListQuery(next)).finally(() => {
      awaited.current = false;
      setAnswers((n) => n + 1);
    });
    go(next, { replace: true });
  }, [text, answers, queryClient]);

  useHotkeys([['/', () => input.current?.focus()]]);

  return (
    <TextInput
      ref={input}
      type="search"
      placeholder={t('contactList.search.placeholder')}
      aria-label={t('contactList.search.label')}
      leftSection={<IconSearch size={16} stroke={1.7} />}
      rightSection={
        text ? (
          <CloseButton size="sm" aria-label={t('contactList.search.clear')} onClick={() => setText('')} />
        ) : (
          <Kbd size="xs" visibleFrom="sm">
            /
          </Kbd>
        )
      }
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && text) {
          e.stopPropagation();
          setText('');
        }
      }}
      style={{ flex: 1, minWidth: 0 }}
    />
  );
}

function EmptyList({ search, narrowed, onClear }: { search: ContactListSearch; narrowed: boolean; onClear(): void }) {
  const { t } = useTranslation();
  if (narrowed) {
    return (
      <Paper withBorder py={48} px="md">
        <EmptyState
          icon={<IconSearch size={26} stroke={1.6} />}
          variant="light"
          title={
            search.q ? t('contactList.empty.noMatchQuery', { q: search.q }) : t('contactList.empty.noMatchFilters')
          }
          description={t(search.archived ? 'contactList.empty.archiveNoMatch' : 'contactList.empty.tryOther')}
        >
          <EmptyState.Actions>
            <Button variant="default" onClick={onClear}>
              {t('contactList.empty.clearAll')}
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    );
  }
  if (search.archived) {
    return (
      <Paper withBorder py={48} px="md">
        <EmptyState
          icon={<IconArchive size={26} stroke={1.6} />}
          variant="light"
          color="gray"
          title={t('contactList.empty.archiveTitle')}
          description={t('contactList.empty.archiveText')}
        />
      </Paper>
    );
  }
  return (
    <Paper withBorder py={56} px="md">
      <EmptyState
        icon={<IconAddressBook size={28} stroke={1.6} />}
        variant="light"
        title={t('contactList.empty.title')}
        description={t('contactList.empty.text')}
      >
        <EmptyState.Actions>
          <Button leftSection={<IconPlus size={16} />} onClick={() => openCreateContact()}>
            {t('contactList.empty.createFirst')}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Paper>
  );
}

/** "Showing 50 of 1,234" and the next page: loaded by the button, or on its own as the end scrolls into view. */
function LoadMore({
  shown,
  total,
  hasMore,
  loading,
  error,
  onMore,
  locale,
}: {
  shown: number;
  total: { value: number; exact: boolean } | undefined;
  hasMore: boolean;
  loading: boolean;
  error: unknown;
  onMore(): void;
  locale: string;
}) {
  const { t } = useTranslation();
  const { ref, entry } = useIntersection({ rootMargin: '400px' });
  const visible = Boolean(entry?.isIntersecting);
  useEffect(() => {
    if (visible && hasMore && !loading && !error) onMore();
  }, [visible, hasMore, loading, error, onMore]);

  const of = total ? countNumber(total, locale) : '';
  return (
    <Group justify="center" gap="sm" py="md" ref={ref}>
      <Text size="sm" c="dimmed">
        {hasMore
          ? t('contactList.showing', { shown: new Intl.NumberFormat(locale).format(shown), total: of })
          : shown > 20
            ? t('contactList.everyone')
            : ''}
      </Text>
      {error ? (
        <Text size="sm" c="red">
          {problemMessage(error)}
        </Text>
      ) : null}
      {hasMore && (
        <Button variant="default" size="xs" onClick={onMore} loading={loading}>
          {error ? t('common.retry') : t('common.loadMore')}
        </Button>
      )}
    </Group>
  );
}
