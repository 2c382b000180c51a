// A contact's journal for one filter, newest first, loading older pages as the end of the list scrolls into view.
import { Button, Center, Loader, Paper, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useTranslation } from '../../../../app/i18n.ts';
import { LoadError, LoadingRows } from '../../../../components/QueryStatus.tsx';
import { useSession, useUserZone } from '../../../auth/useSession.ts';
import { contactTypesQuery } from '../../../settings/contactLibrary.api.ts';
import { contactTimelineQuery, type ContactProfile, type TimelineFilters } from '../../contact.api.ts';
import type { DescribeContext } from '../../../timeline/journal/describeEntry.ts';
import { JournalEntryItem } from './JournalEntryItem.tsx';

export function JournalList({
  contact,
  filters,
  empty,
}: {
  contact: ContactProfile;
  filters: TimelineFilters;
  /** Shown when nothing matches the filter. */
  empty: ReactNode;
}) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const { workspace } = useSession();
  const timeline = useInfiniteQuery(contactTimelineQuery(contact.id, filters));
  const types = useQuery(contactTypesQuery);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;

  const context = useMemo<DescribeContext>(
    () => ({
      fields: contact.fields,
      contactTypes: types.data,
      currency: workspace.currency,
      contactKind: contact.kind,
    }),
    [contact.fields, types.data, workspace.currency, contact.kind],
  );

  // Infinite scroll: the next page loads when the end of the list comes near the viewport.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (timeline.isPending) return <LoadingRows rows={5} />;
  if (timeline.isError) return <LoadError error={timeline.error} onRetry={() => timeline.refetch()} />;

  const entries = timeline.data.pages.flatMap((p) => p.data);
  if (entries.length === 0) return <>{empty}</>;

  return (
    <Stack gap={0}>
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('contactPage.journal.entries')}>
          {entries.map((entry) => (
            <JournalEntryItem key={entry.id} entry={entry} zone={zone} context={context} />
          ))}
        </ol>
      </Paper>
      <div ref={sentinel} />
      {hasNextPage ? (
        <Center py="md">
          {isFetchingNextPage ? (
            <Loader size="sm" aria-label={t('contactPage.journal.loadingOlder')} />
          ) : (
            <Button variant="subtle" size="xs" onClick={() => fetchNextPage()}>
              {t('contactPage.journal.showOlder')}
            </Button>
          )}
        </Center>
      ) : (
        entries.length > 8 && (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {t('contactPage.journal.oldest')}
          </Text>
        )
      )}
      {timeline.isFetchNextPageError && (
        <Center>
          <Text size="sm" c="red">
            {t('contactPage.journal.olderFailed')}{' '}
            <Button variant="subtle" size="compact-sm" onClick={() => fetchNextPage()}>
              {t('common.retry')}
            </Button>
          </Text>
        </Center>
      )}
    </Stack>
  );
}
