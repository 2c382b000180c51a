import {
  ActionIcon,
  Badge,
  Button,
  EmptyState,
  Group,
  Menu,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPencil, IconPlus, IconUserCheck, IconUserOff, IconUsers } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { fillCell } from '../../components/table.ts';
import { UserAvatar } from '../../components/UserAvatar.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { formatDate } from '../../lib/format.ts';
import { useSession, useUserZone } from '../auth/useSession.ts';
import {
  deactivateUser,
  reactivateUser,
  teamsQuery,
  usersQuery,
  type TeamDto,
  type UserDto,
  type UserStatusFilter,
} from './settings.api.ts';
import { UserFormModal } from './UserFormModal.tsx';

type Pending = { kind: 'edit' | 'deactivate' | 'reactivate'; user: UserDto } | { kind: 'create' } | null;

export function UsersSettingsPage() {
  const { user: me, workspace } = useSession();
  const isAdmin = me.role === 'admin';
  const [status, setStatus] = useState<UserStatusFilter>('active');
  const users = useQuery(usersQuery(status));
  const teams = useQuery(teamsQuery);
  const [pending, setPending] = useState<Pending>(null);
  const [formOpened, formModal] = useDisclosure(false);
  const queryClient = useQueryClient();

  const openForm = (next: Pending) => {
    setPending(next);
    formModal.open();
  };
  const changeStatus = async (user: UserDto, kind: 'deactivate' | 'reactivate') => {
    const saved = kind === 'deactivate' ? await deactivateUser(user.id) : await reactivateUser(user.id);
    await queryClient.invalidateQueries({ queryKey: ['users'] });
    notifications.show({
      color: 'green',
      message: kind === 'deactivate' ? `${saved.name} was deactivated` : `${saved.name} can sign in again`,
    });
  };

  return (
    <>
      <PageHeader
        title="Users"
        description={`Everyone who can sign in to ${workspace.name}.`}
        actions={
          isAdmin && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => openForm({ kind: 'create' })}>
              Add user
            </Button>
          )
        }
      />
      <Stack gap="md">
        <SegmentedControl
          value={status}
          onChange={(value) => setStatus(value as UserStatusFilter)}
          data={[
            { value: 'active', label: 'Active' },
            { value: 'deactivated', label: 'Deactivated' },
            { value: 'all', label: 'All' },
          ]}
          aria-label="Show users"
          w="fit-content"
        />
        {users.isPending ? (
          <LoadingRows />
        ) : users.isError ? (
          <LoadError error={users.error} onRetry={() => users.refetch()} />
        ) : users.data.length === 0 ? (
          <Paper withBorder py={48} px="md">
            <EmptyState
              icon={<IconUsers size={26} stroke={1.6} />}
              variant="light"
              title={status === 'deactivated' ? 'No deactivated users' : 'No users here'}
              description={
                status === 'deactivated'
                  ? 'People you deactivate keep their history here but can no longer sign in.'
                  : 'Users you add appear here.'
              }
            />
          </Paper>
        ) : (
          <UsersTable
            users={users.data}
            teams={teams.data ?? []}
            meId={me.id}
            isAdmin={isAdmin}
            onAction={(kind, user) => (kind === 'edit' ? openForm({ kind, user }) : setPending({ kind, user }))}
          />
        )}
      </Stack>

      <UserFormModal
        opened={formOpened}
        onClose={formModal.close}
        user={pending && pending.kind === 'edit' ? pending.user : undefined}
      />
      <ConfirmDialog
        opened={pending?.kind === 'deactivate'}
        onClose={() => setPending(null)}
        title={pending?.kind === 'deactivate' ? `Deactivate ${pending.user.name}?` : ''}
        confirmLabel="Deactivate"
        danger
        onConfirm={() =>
          pending?.kind === 'deactivate' ? changeStatus(pending.user, 'deactivate') : Promise.resolve()
        }
      >
        They are signed out everywhere and can no longer sign in. Their contacts, notes and history stay, and you can
        reactivate them later.
      </ConfirmDialog>
      <ConfirmDialog
        opened={pending?.kind === 'reactivate'}
        onClose={() => setPending(null)}
        title={pending?.kind === 'reactivate' ? `Reactivate ${pending.user.name}?` : ''}
        confirmLabel="Reactivate"
        onConfirm={() =>
          pending?.kind === 'reactivate' ? changeStatus(pending.user, 'reactivate') : Promise.resolve()
        }
      >
        They can sign in again with their existing password.
      </ConfirmDialog>
    </>
  );
}

function UsersTable({
  users,
  teams,
  meId,
  isAdmin,
  onAction,
}: {
  users: UserDto[];
  teams: TeamDto[];
  meId: string;
  isAdmin: boolean;
  onAction(kind: 'edit' | 'deactivate' | 'reactivate', user: UserDto): void;
}) {
  const zone = useUserZone();
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={340} type="native">
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              {/* On a phone: name, role and actions; status shows under the name when it is not "active". */}
              <Table.Th visibleFrom="sm">Teams</Table.Th>
              <Table.Th visibleFrom="sm" w={130}>
                Status
              </Table.Th>
              {isAdmin && (
                <Table.Th w={56}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.map((u) => {
              const userTeams = u.teamIds.map((id) => teamName.get(id)).filter((n): n is string => Boolean(n));
              return (
                <Table.Tr key={u.id} data-testid="user-row">
                  <Table.Td style={fillCell}>
                    <Group gap="sm" wrap="nowrap">
                      <UserAvatar name={u.name} size={34} />
                      <Stack gap={0} miw={0}>
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" fw={500} truncate="end" title={u.name}>
                            {u.name}
                          </Text>
                          {u.id === meId && (
                            <Badge size="xs" color="gray" variant="outline" miw="max-content">
                              You
                            </Badge>
                          )}
                        </Group>
                        <Text size="xs" c="dimmed" truncate="end">
                          {u.email}
                        </Text>
                        {u.status === 'deactivated' && (
                          <Text size="xs" c="dimmed" hiddenFrom="sm">
                            Deactivated
                          </Text>
                        )}
                      </Stack>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2} align="flex-start">
                      <Badge color={u.role === 'admin' ? 'brand' : 'gray'} miw="max-content">
                        {u.role === 'admin' ? 'Admin' : 'Member'}
                      </Badge>
                      {u.role === 'member' && u.contactAccess === 'own' && (
                        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} visibleFrom="sm">
                          Own contacts only
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    {userTeams.length ? (
                      // A floor for the column: the name column takes all the width the others leave.
                      <Group gap={4} miw={180}>
                        {userTeams.map((t) => (
                          <Badge key={t} color="gray" variant="outline" fw={500} maw={200} title={t}>
                            {t}
                          </Badge>
                        ))}
                      </Group>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    {u.status === 'active' ? (
                      <Badge color="green" variant="dot" miw="max-content">
                        Active
                      </Badge>
                    ) : (
                      <Stack gap={2} align="flex-start">
                        <Badge color="gray" variant="dot" miw="max-content">
                          Deactivated
                        </Badge>
                        {u.deactivatedAt && (
                          <Text size="xs" c="dimmed">
                            since {formatDate(u.deactivatedAt, zone)}
                          </Text>
                        )}
                      </Stack>
                    )}
                  </Table.Td>
                  {isAdmin && (
                    <Table.Td>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon aria-label={`Actions for ${u.name}`}>
                            <IconDots size={18} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onAction('edit', u)}>
                            Edit user
                          </Menu.Item>
                          {u.status === 'active' && u.id !== meId && (
                            <Menu.Item
                              color="red"
                              leftSection={<IconUserOff size={16} />}
                              onClick={() => onAction('deactivate', u)}
                            >
                              Deactivate
                            </Menu.Item>
                          )}
                          {u.status === 'deactivated' && (
                            <Menu.Item
                              leftSection={<IconUserCheck size={16} />}
                              onClick={() => onAction('reactivate', u)}
                            >
                              Reactivate
                            </Menu.Item>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
