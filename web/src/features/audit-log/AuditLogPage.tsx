// Settings › Audit log (admins): the workspace's whole journal, newest first, filtered by who, what, which
// contact, the kind of event and when — and downloadable as CSV with the same filter.
import {
  Box,
  Button,
  Collapse,
  EmptyState,
  Input,
  Group,
  Loader,
  MultiSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Tooltip,
} from '@mantine/core';
import { DatePickerInput, type DatesRangeValue } from '@mantine/dates';
import { useDisclosure, useIntersection, useMediaQuery } from '@mantine/hooks';
import { IconCalendar, IconDownload, IconFilter, IconFilterOff, IconHistory, IconLock } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { journalKinds } from '@dossier/contract';
import { AnchorLink } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { useIsAdmin, useUserZone } from '../auth/useSession.ts';
import { ContactSelect, UserSelect, type ContactRef } from '../calendar/pickers.tsx';
import { addDays, zonedInstant } from '../../lib/zoned.ts';
import { auditLogExportUrl, auditLogQuery, type AuditFilter } from './auditLog.api.ts';
import type { AuditEntryDto } from '@dossier/contract';
import { describeActor, describeEntry, kindLabel } from '../timeline/journal/describeEntry.ts';
import { i18n } from '../../app/i18n.ts';

type Category = 'all' | 'focus' | 'admin';

function kindGroups(category: Category) {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const k of journalKinds) {
    if (category !== 'all' && k.category !== category) continue;
    const group = i18n.t(
      `auditLog.groups.${k.category === 'focus' ? 'focus' : k.kind.startsWith('contact.') ? 'contact' : 'workspace'}`,
    );
    groups.set(group, [...(groups.get(group) ?? []), { value: k.kind, label: kindLabel(k.kind) }]);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}

export function AuditLogPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  if (!isAdmin) {
    return (
      <>
        <PageHeader title={t('auditLog.title')} />
        <Paper withBorder py={48} px="md">
          <EmptyState
            icon={<IconLock size={26} stroke={1.6} />}
            variant="light"
            title={t('auditLog.adminsOnly')}
            description={t('auditLog.adminsOnlyText')}
            maw={460}
            mx="auto"
          />
        </Paper>
      </>
    );
  }
  return <AuditLog />;
}

function AuditLog() {
  const { t } = useTranslation();
  const zone = useUserZone();
  const [actorId, setActorId] = useState<string | null>(null);
  const [kinds, setKinds] = useState<string[]>([]);
  const [contact, setContact] = useState<ContactRef | null>(null);
  const [category, setCategory] = useState<Category>('all');
  const [range, setRange] = useState<DatesRangeValue<string>>([null, null]);

  const filter: AuditFilter = {
    actorId: actorId ?? undefined,
    kinds: kinds.length ? kinds : undefined,
    contactId: contact?.id,
    category: category === 'all' ? undefined : category,
    from: range[0] ? zonedInstant(range[0], 0, zone.timeZone).toISOString() : undefined,
    to: range[0] ? zonedInstant(addDays(range[1] ?? range[0], 1), 0, zone.timeZone).toISOString() : undefined,
  };
  const activeFilters = [actorId, kinds.length, contact, category !== 'all', range[0]].filter(Boolean).length;
  const filtered = activeFilters > 0;
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [filtersOpened, filtersPanel] = useDisclosure(false);
  const clear = () => {
    setActorId(null);
    setKinds([]);
    setContact(null);
    setCategory('all');
    setRange([null, null]);
  };

  // The previous result stays on screen while a changed filter loads, so the table does not flash.
  const log = useInfiniteQuery({ ...auditLogQuery(filter), placeholderData: keepPreviousData });
  const entries = log.data?.pages.flatMap((p) => p.data) ?? [];
  const { ref: sentinel, entry: sentinelEntry } = useIntersection({ rootMargin: '400px' });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = log;
  useEffect(() => {
    if (sentinelEntry?.isIntersecting && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [sentinelEntry?.isIntersecting, hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <>
      <PageHeader
        title={t('auditLog.title')}
        description={t('auditLog.description')}
        actions={
          <Button
            component="a"
            href={auditLogExportUrl(filter)}
            download
            variant="default"
            leftSection={<IconDownload size={16} />}
          >
            {t('auditLog.export')}
          </Button>
        }
      />
      <Stack gap="md">
        {phone && (
          <Group justify="space-between">
            <Button
              variant="default"
              leftSection={<IconFilter size={16} />}
              onClick={filtersPanel.toggle}
              aria-expanded={filtersOpened}
            >
              {activeFilters ? t('auditLog.filtersCount', { count: activeFilters }) : t('auditLog.filters')}
            </Button>
            {filtered && (
              <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={clear}>
                {t('common.clear')}
              </Button>
            )}
          </Group>
        )}
        <Collapse expanded={!phone || filtersOpened}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <UserSelect
                  label={t('auditLog.user')}
                  placeholder={t('auditLog.anyone')}
                  value={actorId}
                  onChange={setActorId}
                  clearable
                />
                <MultiSelect
                  label={t('auditLog.kind')}
                  placeholder={kinds.length ? undefined : t('auditLog.anyKind')}
                  data={kindGroups(category)}
                  value={kinds}
                  onChange={setKinds}
                  searchable
                  clearable
                  hidePickedOptions
                  maxDropdownHeight={320}
                  nothingFoundMessage={t('auditLog.noKindMatches')}
                />
                <ContactSelect
                  label={t('auditLog.contact')}
                  placeholder={t('auditLog.anyContact')}
                  value={contact}
                  onChange={setContact}
                />
              </SimpleGrid>
              <Group gap="sm" align="flex-end" justify="space-between" wrap="wrap">
                <Group gap="sm" align="flex-end" wrap="wrap">
                  <Input.Wrapper label={t('auditLog.category')} id="audit-category" labelElement="div" maw="100%">
                    <SegmentedControl
                      aria-labelledby="audit-category-label"
                      value={category}
                      onChange={(v) => {
                        const next = v as Category;
                        setCategory(next);
                        // Kinds of the other category would filter everything out.
                        if (next !== 'all') {
                          setKinds((ks) => ks.filter((k) => journalKinds.find((j) => j.kind === k)?.category === next));
                        }
                      }}
                      data={[
                        { value: 'all', label: t('auditLog.categories.all') },
                        { value: 'focus', label: t('auditLog.categories.focus') },
                        { value: 'admin', label: t('auditLog.categories.admin') },
                      ]}
                      display="flex"
                      w="fit-content"
                      maw="100%"
                      // Long labels (German) wrap inside their segment rather than push past the filter panel.
                      styles={{ label: { whiteSpace: 'normal' } }}
                    />
                  </Input.Wrapper>
                  <DatePickerInput
                    type="range"
                    label={t('auditLog.date')}
                    placeholder={t('auditLog.anyDate')}
                    value={range}
                    onChange={setRange}
                    valueFormat="D MMM YYYY"
                    leftSection={<IconCalendar size={16} />}
                    clearable
                    allowSingleDateInRange
                    firstDayOfWeek={1}
                    w={{ base: '100%', xs: 260 }}
                  />
                </Group>
                {filtered && !phone && (
                  <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={clear}>
                    {t('auditLog.clearFilters')}
                  </Button>
                )}
              </Group>
            </Stack>
          </Paper>
        </Collapse>
        {log.isPending ? (
          <LoadingRows rows={6} />
        ) : log.isError ? (
          <LoadError error={log.error} onRetry={() => log.refetch()} />
        ) : entries.length === 0 ? (
          <Paper withBorder py={48} px="md">
            <EmptyState
              icon={<IconHistory size={26} stroke={1.6} />}
              variant="light"
              title={filtered ? t('auditLog.nothingMatches') : t('auditLog.nothingYet')}
              description={filtered ? t('auditLog.tryFewer') : t('auditLog.emptyText')}
              maw={440}
              mx="auto"
            >
              {filtered && (
                <Button variant="default" mt="sm" onClick={clear}>
                  {t('auditLog.clearFilters')}
                </Button>
              )}
            </EmptyState>
          </Paper>
        ) : (
          <Paper withBorder style={{ opacity: log.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
            <Table.ScrollContainer minWidth={340} type="native">
              <Table verticalSpacing="sm" aria-label={t('auditLog.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th visibleFrom="sm" w={150}>
                      {t('auditLog.columns.time')}
                    </Table.Th>
                    <Table.Th>{t('auditLog.columns.event')}</Table.Th>
                    <Table.Th visibleFrom="md">{t('auditLog.columns.contact')}</Table.Th>
                    <Table.Th visibleFrom="sm">{t('auditLog.columns.by')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.map((e) => (
                    <EntryRow key={e.id} entry={e} zone={zone} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Box ref={sentinel} p="sm" ta="center" style={{ borderTop: '1px solid var(--dossier-border)' }}>
              {hasNextPage ? (
                <Button variant="subtle" size="xs" loading={isFetchingNextPage} onClick={() => fetchNextPage()}>
                  {t('auditLog.loadOlder')}
                </Button>
              ) : (
                <Text size="xs" c="dimmed">
                  {t(filtered ? 'auditLog.matchingEntries' : 'auditLog.entries', { count: entries.length })}
                </Text>
              )}
            </Box>
          </Paper>
        )}
        {log.isFetching && !log.isPending && !isFetchingNextPage && (
          <Group justify="center">
            <Loader size="xs" aria-label={t('auditLog.refreshing')} />
          </Group>
        )}
      </Stack>
    </>
  );
}

function EntryRow({ entry, zone }: { entry: AuditEntryDto; zone: { locale: string; timeZone: string } }) {
  const { t } = useTranslation();
  const d = describeEntry(entry, { zone });
  const KindIcon = d.icon;
  const exact = formatDateTime(entry.occurredAt, zone);
  const contact = entry.contact ? (
    <AnchorLink to="/contacts/$contactId" params={{ contactId: entry.contact.id }} size="sm">
      {entry.contact.displayName}
    </AnchorLink>
  ) : entry.contactId ? (
    <Text size="sm" c="dimmed" fs="italic">
      {t('auditLog.deletedContact')}
    </Text>
  ) : null;
  return (
    <Table.Tr data-testid="audit-row">
      <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
        <Tooltip label={formatRelative(entry.occurredAt, zone)}>
          <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {exact}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" color={entry.category === 'focus' ? 'brand' : 'gray'} size={28} radius="md">
            <KindIcon size={16} />
          </ThemeIcon>
          <Stack gap={2} miw={0}>
            <Text size="sm" fw={500}>
              {d.label}
              {d.summary && (
                <Text span size="sm" c="dimmed" fw={400} style={{ overflowWrap: 'anywhere' }}>
                  {' '}
                  · {d.summary}
                </Text>
              )}
            </Text>
            {d.changes.map((c, i) => (
              <Text key={i} size="xs" style={{ overflowWrap: 'anywhere' }}>
                <Text span size="xs" fw={600}>
                  {c.field}:
                </Text>{' '}
                <Text span size="xs" c="dimmed" td="line-through">
                  {c.old ?? t('journal.empty')}
                </Text>{' '}
                →{' '}
                <Text span size="xs">
                  {c.new ?? t('journal.empty')}
                </Text>
              </Text>
            ))}
            {/* On a phone the other columns fold in here. */}
            <Box hiddenFrom="md">
              <Text size="xs" c="dimmed" component="div">
                <Box component="span" hiddenFrom="sm">
                  {exact} · {describeActor(entry.actor)}
                  {contact ? ' · ' : ''}
                </Box>
                {contact}
              </Text>
            </Box>
          </Stack>
        </Group>
      </Table.Td>
      <Table.Td visibleFrom="md" style={{ verticalAlign: 'top' }} maw={220}>
        {contact ?? (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td visibleFrom="sm" style={{ verticalAlign: 'top' }} maw={200}>
        <Text size="sm" truncate="end" title={describeActor(entry.actor)}>
          {describeActor(entry.actor)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
