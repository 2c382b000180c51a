// The workspace's API keys: admins create (the secret is shown once) and revoke them.
import { Anchor, Badge, Code, EmptyState, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconLock, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Trans } from 'react-i18next';
import { useTranslation } from '../../app/i18n.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDate, formatDateTime, formatRelative } from '../../lib/format.ts';
import { useIsAdmin, useUserZone } from '../auth/useSession.ts';
import { SettingsCollection } from './collection/SettingsCollection.tsx';
import { CreateApiKeyModal } from './CreateApiKeyModal.tsx';
import { apiKeysQuery, revokeApiKey, type ApiKeyDto } from './settings.api.ts';

export function ApiKeysSettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const description = (
    <Trans
      i18nKey="settings.apiKeys.description"
      components={{
        api: <Anchor href="/docs" target="_blank" rel="noreferrer" inherit />,
        code: <Code />,
      }}
    />
  );
  if (!isAdmin) {
    return (
      <>
        <PageHeader title={t('settings.apiKeys.title')} description={description} />
        <Paper withBorder py={48} px="md">
          <EmptyState
            icon={<IconLock size={26} stroke={1.6} />}
            title={t('settings.apiKeys.adminsOnlyTitle')}
            description={t('settings.apiKeys.adminsOnlyText')}
          />
        </Paper>
      </>
    );
  }
  return <AdminApiKeys description={description} />;
}

function AdminApiKeys({ description }: { description: ReactNode }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const keys = useQuery(apiKeysQuery);
  const [createOpened, createModal] = useDisclosure(false);

  return (
    <SettingsCollection
      title={t('settings.apiKeys.title')}
      description={description}
      query={keys}
      create={{ label: t('settings.apiKeys.create'), onClick: createModal.open }}
      empty={{
        icon: <IconKey size={26} stroke={1.6} />,
        title: t('settings.apiKeys.emptyTitle'),
        description: t('settings.apiKeys.emptyText'),
      }}
      rowKey={(k) => k.id}
      rowName={(k) => k.name}
      rowTestId="api-key-row"
      rowStyle={(k) => (k.revokedAt !== null ? { opacity: 0.6 } : undefined)}
      columns={[
        {
          key: 'name',
          header: t('common.name'),
          fill: true,
          cell: (k) => (
            <>
              <Text size="sm" fw={500} truncate="end">
                {k.name}
              </Text>
              <Text size="xs" c="dimmed" ff="monospace" hiddenFrom="sm">
                {k.prefix}…
              </Text>
            </>
          ),
        },
        { key: 'key', header: t('settings.key'), visibleFrom: 'sm', cell: (k) => <Code>{k.prefix}…</Code> },
        {
          key: 'rights',
          header: t('settings.apiKeys.rights'),
          visibleFrom: 'sm',
          cell: (k) => <KeyRights apiKey={k} />,
        },
        {
          key: 'created',
          header: t('settings.created'),
          visibleFrom: 'sm',
          cell: (k) => (
            <Stack gap={0}>
              <Text size="sm">{formatDate(k.createdAt, zone)}</Text>
              <Text size="xs" c="dimmed" truncate="end" maw={180}>
                {t('settings.apiKeys.for', { name: k.createdBy.name })}
              </Text>
            </Stack>
          ),
        },
        {
          key: 'used',
          header: t('settings.apiKeys.lastUsed'),
          visibleFrom: 'sm',
          cell: (k) =>
            k.lastUsedAt ? (
              <Tooltip label={formatDateTime(k.lastUsedAt, zone)}>
                <Text size="sm">{formatRelative(k.lastUsedAt, zone)}</Text>
              </Tooltip>
            ) : (
              <Text size="sm" c="dimmed">
                {t('settings.apiKeys.never')}
              </Text>
            ),
        },
        {
          key: 'status',
          header: t('settings.status.label'),
          cell: (k) =>
            k.revokedAt !== null ? (
              <Tooltip label={t('settings.apiKeys.revokedAt', { date: formatDateTime(k.revokedAt, zone) })}>
                <Badge color="gray" variant="dot" miw="max-content">
                  {t('settings.apiKeys.revoked')}
                </Badge>
              </Tooltip>
            ) : k.createdBy.status === 'deactivated' ? (
              <Tooltip multiline w={260} label={t('settings.apiKeys.pausedHelp', { name: k.createdBy.name })}>
                <Badge color="orange" variant="dot" miw="max-content">
                  {t('settings.apiKeys.paused')}
                </Badge>
              </Tooltip>
            ) : (
              <Badge color="green" variant="dot" miw="max-content">
                {t('settings.status.active')}
              </Badge>
            ),
        },
      ]}
      actions={(k) => [
        k.revokedAt === null && {
          label: t('settings.apiKeys.revoke'),
          ariaLabel: t('settings.apiKeys.revokeNamed', { name: k.name }),
          icon: <IconTrash size={17} />,
          color: 'red',
          inline: 'icon',
          confirm: () => ({
            title: t('settings.apiKeys.revokeTitle', { name: k.name }),
            body: t('settings.apiKeys.revokeText'),
            confirmLabel: t('settings.apiKeys.revokeKey'),
            danger: true,
            run: () => revokeApiKey(k.id),
            invalidate: [apiKeysQuery.queryKey],
            done: t('settings.apiKeys.revokedToast', { name: k.name }),
          }),
        },
      ]}
    >
      <CreateApiKeyModal opened={createOpened} onClose={createModal.close} />
    </SettingsCollection>
  );
}

/** The key's role, and the lower rights it has now when its creator has fewer than it was given. */
function KeyRights({ apiKey }: { apiKey: ApiKeyDto }) {
  const { t } = useTranslation();
  const badge = (role: 'admin' | 'member') => (
    <Badge color={role === 'admin' ? 'brand' : 'gray'} miw="max-content">
      {t(`settings.roles.${role}`)}
    </Badge>
  );
  const now = apiKey.effectiveRole;
  if (now === null || now === apiKey.role) return badge(apiKey.role);
  return (
    <Tooltip multiline w={260} label={t('settings.apiKeys.limitedHelp', { name: apiKey.createdBy.name })}>
      <Stack gap={2} align="flex-start">
        {badge(now)}
        <Text size="xs" c="dimmed">
          {t('settings.apiKeys.limitedBy', { name: apiKey.createdBy.name })}
        </Text>
      </Stack>
    </Tooltip>
  );
}
