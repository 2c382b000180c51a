import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Code,
  EmptyState,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconKey, IconLock, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { fillCell } from '../../components/table.ts';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { formatDate, formatDateTime, formatRelative } from '../../lib/format.ts';
import { useIsAdmin, useUserZone } from '../auth/useSession.ts';
import { CreateApiKeyModal } from './CreateApiKeyModal.tsx';
import { apiKeysQuery, revokeApiKey, type ApiKeyDto } from './settings.api.ts';

export function ApiKeysSettingsPage() {
  const isAdmin = useIsAdmin();
  const description = (
    <>
      Keys let scripts and integrations use the{' '}
      <Anchor href="/docs" target="_blank" rel="noreferrer" inherit>
        Dossier API
      </Anchor>{' '}
      on behalf of this workspace. Send one as <Code>Authorization: Bearer &lt;key&gt;</Code>. A key acts for the admin
      who created it, with that person’s current rights: it never does more than they may, and it stops working while
      they are deactivated.
    </>
  );
  if (!isAdmin) {
    return (
      <>
        <PageHeader title="API keys" description={description} />
        <Paper withBorder py={48} px="md">
          <EmptyState
            icon={<IconLock size={26} stroke={1.6} />}
            title="Only admins manage API keys"
            description="Ask an admin of your workspace if an integration needs a key."
          />
        </Paper>
      </>
    );
  }
  return <AdminApiKeys description={description} />;
}

function AdminApiKeys({ description }: { description: ReactNode }) {
  const keys = useQuery(apiKeysQuery);
  const queryClient = useQueryClient();
  const [createOpened, createModal] = useDisclosure(false);
  const [revoking, setRevoking] = useState<ApiKeyDto | null>(null);

  const revoke = async (key: ApiKeyDto) => {
    await revokeApiKey(key.id);
    await queryClient.invalidateQueries({ queryKey: apiKeysQuery.queryKey });
    notifications.show({ color: 'green', message: `${key.name} was revoked` });
  };
  const createButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={createModal.open}>
      Create API key
    </Button>
  );

  return (
    <>
      <PageHeader title="API keys" description={description} actions={keys.data?.length ? createButton : undefined} />
      {keys.isPending ? (
        <LoadingRows />
      ) : keys.isError ? (
        <LoadError error={keys.error} onRetry={() => keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <Paper withBorder py={48} px="md">
          <EmptyState
            icon={<IconKey size={26} stroke={1.6} />}
            variant="light"
            title="No API keys yet"
            description="Create a key for each integration, so you can revoke one without breaking the others."
          >
            <EmptyState.Actions>{createButton}</EmptyState.Actions>
          </EmptyState>
        </Paper>
      ) : (
        <ApiKeysTable keys={keys.data} onRevoke={setRevoking} />
      )}

      <CreateApiKeyModal opened={createOpened} onClose={createModal.close} />
      <ConfirmDialog
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke ${revoking?.name ?? 'key'}?`}
        confirmLabel="Revoke key"
        danger
        onConfirm={() => (revoking ? revoke(revoking) : Promise.resolve())}
      >
        Requests made with this key fail from now on. This cannot be undone; create a new key if you need one again.
      </ConfirmDialog>
    </>
  );
}

function ApiKeysTable({ keys, onRevoke }: { keys: ApiKeyDto[]; onRevoke(key: ApiKeyDto): void }) {
  const zone = useUserZone();
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={340} type="native">
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th visibleFrom="sm">Key</Table.Th>
              <Table.Th visibleFrom="sm">Rights</Table.Th>
              <Table.Th visibleFrom="sm">Created</Table.Th>
              <Table.Th visibleFrom="sm">Last used</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th w={56}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.map((k) => {
              const revoked = k.revokedAt !== null;
              return (
                <Table.Tr key={k.id} data-testid="api-key-row" style={revoked ? { opacity: 0.6 } : undefined}>
                  <Table.Td style={fillCell}>
                    <Text size="sm" fw={500} truncate="end">
                      {k.name}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace" hiddenFrom="sm">
                      {k.prefix}…
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Code>{k.prefix}…</Code>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <KeyRights apiKey={k} />
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Stack gap={0}>
                      <Text size="sm">{formatDate(k.createdAt, zone)}</Text>
                      <Text size="xs" c="dimmed" truncate="end" maw={180}>
                        for {k.createdBy.name}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    {k.lastUsedAt ? (
                      <Tooltip label={formatDateTime(k.lastUsedAt, zone)}>
                        <Text size="sm">{formatRelative(k.lastUsedAt, zone)}</Text>
                      </Tooltip>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Never
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {revoked ? (
                      <Tooltip label={`Revoked ${formatDateTime(k.revokedAt!, zone)}`}>
                        <Badge color="gray" variant="dot" miw="max-content">
                          Revoked
                        </Badge>
                      </Tooltip>
                    ) : k.createdBy.status === 'deactivated' ? (
                      <Tooltip
                        multiline
                        w={260}
                        label={`${k.createdBy.name} is deactivated, so the key is refused. It works again if they are reactivated.`}
                      >
                        <Badge color="orange" variant="dot" miw="max-content">
                          Paused
                        </Badge>
                      </Tooltip>
                    ) : (
                      <Badge color="green" variant="dot" miw="max-content">
                        Active
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!revoked && (
                      <Group justify="flex-end">
                        <Tooltip label="Revoke">
                          <ActionIcon color="red" aria-label={`Revoke ${k.name}`} onClick={() => onRevoke(k)}>
                            <IconTrash size={17} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

const roleLabel = { admin: 'Admin', member: 'Member' } as const;

/** The key's role, and the lower rights it has now when its creator has fewer than it was given. */
function KeyRights({ apiKey }: { apiKey: ApiKeyDto }) {
  const badge = (role: 'admin' | 'member') => (
    <Badge color={role === 'admin' ? 'brand' : 'gray'} miw="max-content">
      {roleLabel[role]}
    </Badge>
  );
  const now = apiKey.effectiveRole;
  if (now === null || now === apiKey.role) return badge(apiKey.role);
  return (
    <Tooltip
      multiline
      w={260}
      label={`Created as an admin key, but ${apiKey.createdBy.name} is a member now, so the key has member rights.`}
    >
      <Stack gap={2} align="flex-start">
        {badge(now)}
        <Text size="xs" c="dimmed">
          limited by {apiKey.createdBy.name}
        </Text>
      </Stack>
    </Tooltip>
  );
}
