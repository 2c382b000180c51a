// Settings → Privacy: the record of erasures (who, when, which contact id, why) for audits. Admins only.
import { EmptyState, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconLock, IconShieldCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../app/i18n.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { useIsAdmin, useUserZone } from '../auth/useSession.ts';
import { SettingsCollection } from '../settings/collection/SettingsCollection.tsx';
import { ERASURE_PAGE, erasureRequestsQuery, type ErasureRequestDto } from './privacy.api.ts';

export function PrivacySettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  if (!isAdmin) {
    return (
      <>
        <PageHeader title={t('privacy.settings.title')} description={t('privacy.settings.description')} />
        <Paper withBorder py={48} px="md">
          <EmptyState
            icon={<IconLock size={26} stroke={1.6} />}
            title={t('privacy.settings.adminsOnlyTitle')}
            description={t('privacy.settings.adminsOnlyText')}
          />
        </Paper>
      </>
    );
  }
  return <ErasureRecord />;
}

function ErasureRecord() {
  const { t } = useTranslation();
  const zone = useUserZone();
  const page = useQuery(erasureRequestsQuery);
  const list = useQuery({ ...erasureRequestsQuery, select: (p) => p.data });
  return (
    <SettingsCollection<ErasureRequestDto>
      title={t('privacy.settings.title')}
      description={t('privacy.settings.description')}
      query={list}
      empty={{
        icon: <IconShieldCheck size={26} stroke={1.6} />,
        title: t('privacy.settings.emptyTitle'),
        description: t('privacy.settings.emptyText'),
      }}
      rowKey={(r) => r.id}
      rowName={(r) => r.contactId}
      rowTestId="erasure-row"
      footer={
        page.data?.nextCursor ? (
          <Text size="xs" c="dimmed">
            {t('privacy.settings.newestOnly', { count: ERASURE_PAGE })}
          </Text>
        ) : undefined
      }
      columns={[
        {
          key: 'when',
          header: t('privacy.settings.when'),
          nowrap: true,
          cell: (r) => (
            <Tooltip label={formatDateTime(r.createdAt, zone)}>
              <Text size="sm">{formatRelative(r.createdAt, zone)}</Text>
            </Tooltip>
          ),
        },
        {
          key: 'who',
          header: t('privacy.settings.who'),
          cell: (r) => <Text size="sm">{r.requestedBy?.name ?? t('privacy.settings.formerUser')}</Text>,
        },
        {
          key: 'contact',
          header: t('privacy.settings.contactId'),
          visibleFrom: 'sm',
          cell: (r) => (
            // An id reads (and is copied) whole, on one line.
            <Text size="xs" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
              {r.contactId}
            </Text>
          ),
        },
        {
          key: 'reason',
          header: t('privacy.settings.reason'),
          fill: true,
          cell: (r) => (
            <Stack gap={0}>
              <Text size="sm" lineClamp={2}>
                {r.reason}
              </Text>
            </Stack>
          ),
        },
      ]}
    />
  );
}
