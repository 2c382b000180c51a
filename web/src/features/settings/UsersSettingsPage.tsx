// Everyone who can sign in to the workspace; admins add, edit, deactivate and reactivate users.
import { Badge, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconPencil, IconUserCheck, IconUserOff, IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { UserAvatar } from '../../components/UserAvatar.tsx';
import { formatDate } from '../../lib/format.ts';
import { useSession, useUserZone } from '../auth/useSession.ts';
import { SettingsCollection } from './collection/SettingsCollection.tsx';
import { useFormDialog } from './collection/SettingsFormModal.tsx';
import { reactivateUser, teamsQuery, usersQuery, type UserDto, type UserStatusFilter } from './settings.api.ts';
import { DeactivateUserModal } from './DeactivateUserModal.tsx';
import { UserFormModal } from './UserFormModal.tsx';

export function UsersSettingsPage() {
  const { t } = useTranslation();
  const { user: me, workspace } = useSession();
  const zone = useUserZone();
  const isAdmin = me.role === 'admin';
  const [status, setStatus] = useState<UserStatusFilter>('active');
  const users = useQuery(usersQuery(status));
  const teams = useQuery(teamsQuery);
  const teamName = new Map((teams.data ?? []).map((team) => [team.id, team.name]));
  const [deactivating, setDeactivating] = useState<UserDto | null>(null);
  const dialog = useFormDialog<UserDto>();

  return (
    <SettingsCollection
      title={t('settings.users.title')}
      description={t('settings.users.description', { workspace: workspace.name })}
      query={users}
      create={isAdmin ? { label: t('settings.users.add'), onClick: () => dialog.open() } : undefined}
      createAlwaysInHeader
      toolbar={
        <SegmentedControl
          value={status}
          onChange={(value) => setStatus(value as UserStatusFilter)}
          data={[
            { value: 'active', label: t('settings.status.active') },
            { value: 'deactivated', label: t('settings.status.deactivated') },
            { value: 'all', label: t('settings.status.all') },
          ]}
          aria-label={t('settings.users.show')}
          w="fit-content"
        />
      }
      empty={{
        icon: <IconUsers size={26} stroke={1.6} />,
        title: status === 'deactivated' ? t('settings.users.emptyDeactivatedTitle') : t('settings.users.emptyTitle'),
        description:
          status === 'deactivated' ? t('settings.users.emptyDeactivatedText') : t('settings.users.emptyText'),
      }}
      rowKey={(u) => u.id}
      rowName={(u) => u.name}
      rowTestId="user-row"
      columns={[
        {
          key: 'name',
          header: t('common.name'),
          fill: true,
          cell: (u) => (
            <Group gap="sm" wrap="nowrap">
              <UserAvatar name={u.name} size={34} />
              <Stack gap={0} miw={0}>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" fw={500} truncate="end" title={u.name}>
                    {u.name}
                  </Text>
                  {u.id === me.id && (
                    <Badge size="xs" color="gray" variant="outline" miw="max-content">
                      {t('common.you')}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" truncate="end">
                  {u.email}
                </Text>
                {/* On a phone: name, role and actions; the status shows here when it is not "active". */}
                {u.status === 'deactivated' && (
                  <Text size="xs" c="dimmed" hiddenFrom="sm">
                    {t('settings.status.deactivated')}
                  </Text>
                )}
              </Stack>
            </Group>
          ),
        },
        {
          key: 'role',
          header: t('settings.users.role'),
          cell: (u) => (
            <Stack gap={2} align="flex-start">
              <Badge color={u.role === 'admin' ? 'brand' : 'gray'} miw="max-content">
                {t(`settings.roles.${u.role}`)}
              </Badge>
              {u.role === 'member' && u.contactAccess === 'own' && (
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} visibleFrom="sm">
                  {t('settings.users.ownContactsOnly')}
                </Text>
              )}
            </Stack>
          ),
        },
        {
          key: 'teams',
          header: t('settings.users.teams'),
          visibleFrom: 'sm',
          cell: (u) => {
            const names = u.teamIds.map((id) => teamName.get(id)).filter((n): n is string => Boolean(n));
            return names.length ? (
              // A floor for the column: the name column takes all the width the others leave.
              <Group gap={4} miw={180}>
                {names.map((name) => (
                  <Badge key={name} color="gray" variant="outline" fw={500} maw={200} title={name}>
                    {name}
                  </Badge>
                ))}
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                —
              </Text>
            );
          },
        },
        {
          key: 'status',
          header: t('settings.status.label'),
          visibleFrom: 'sm',
          width: 130,
          cell: (u) =>
            u.status === 'active' ? (
              <Badge color="green" variant="dot" miw="max-content">
                {t('settings.status.active')}
              </Badge>
            ) : (
              <Stack gap={2} align="flex-start">
                <Badge color="gray" variant="dot" miw="max-content">
                  {t('settings.status.deactivated')}
                </Badge>
                {u.deactivatedAt && (
                  <Text size="xs" c="dimmed">
                    {t('settings.users.since', { date: formatDate(u.deactivatedAt, zone) })}
                  </Text>
                )}
              </Stack>
            ),
        },
      ]}
      actions={
        isAdmin
          ? (u) => [
              { label: t('settings.users.edit'), icon: <IconPencil size={16} />, onClick: (row) => dialog.open(row) },
              u.status === 'active' &&
                u.id !== me.id && {
                  label: t('settings.users.deactivate'),
                  icon: <IconUserOff size={16} />,
                  color: 'red',
                  onClick: (u) => setDeactivating(u),
                },
              u.status === 'deactivated' && {
                label: t('settings.users.reactivate'),
                icon: <IconUserCheck size={16} />,
                confirm: () => ({
                  title: t('settings.users.reactivateTitle', { name: u.name }),
                  body: t('settings.users.reactivateText'),
                  confirmLabel: t('settings.users.reactivate'),
                  run: () => reactivateUser(u.id),
                  invalidate: [['users']],
                  done: t('settings.users.reactivated', { name: u.name }),
                }),
              },
            ]
          : undefined
      }
    >
      <UserFormModal opened={dialog.opened} onClose={dialog.close} user={dialog.item} />
      <DeactivateUserModal user={deactivating} onClose={() => setDeactivating(null)} />
    </SettingsCollection>
  );
}
