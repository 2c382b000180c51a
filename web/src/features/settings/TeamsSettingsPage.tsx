import {
  ActionIcon,
  Avatar,
  Badge,
  Button,
  EmptyState,
  Group,
  Menu,
  Paper,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCrown, IconDots, IconPencil, IconPlus, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { fillCell } from '../../components/table.ts';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { UserAvatar } from '../../components/UserAvatar.tsx';
import { useIsAdmin } from '../auth/useSession.ts';
import { deleteTeam, teamsQuery, type TeamDto } from './settings.api.ts';
import { TeamFormModal } from './TeamFormModal.tsx';

const AVATARS_SHOWN = 5;

export function TeamsSettingsPage() {
  const isAdmin = useIsAdmin();
  const teams = useQuery(teamsQuery);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<TeamDto | undefined>(undefined);
  const [deleting, setDeleting] = useState<TeamDto | null>(null);
  const [formOpened, formModal] = useDisclosure(false);

  const openForm = (team?: TeamDto) => {
    setEditing(team);
    formModal.open();
  };
  const remove = async (team: TeamDto) => {
    await deleteTeam(team.id);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['teams'] }),
      queryClient.invalidateQueries({ queryKey: ['users'] }),
    ]);
    notifications.show({ color: 'green', message: `Team ${team.name} deleted` });
  };

  return (
    <>
      <PageHeader
        title="Teams"
        description="Sales teams group users. When a contact has a team, its members are offered first as owners."
        actions={
          isAdmin &&
          teams.data?.length !== 0 && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => openForm()}>
              New team
            </Button>
          )
        }
      />
      {teams.isPending ? (
        <LoadingRows />
      ) : teams.isError ? (
        <LoadError error={teams.error} onRetry={() => teams.refetch()} />
      ) : teams.data.length === 0 ? (
        <Paper withBorder py={48} px="md">
          <EmptyState
            icon={<IconUsersGroup size={26} stroke={1.6} />}
            variant="light"
            title="No teams yet"
            description={
              isAdmin
                ? 'Create a team for each group that sells together, e.g. “Inside sales” or “Berlin office”.'
                : 'An admin can group users into sales teams; yours will show here.'
            }
          >
            {isAdmin && (
              <EmptyState.Actions>
                <Button leftSection={<IconPlus size={16} />} onClick={() => openForm()}>
                  Create a team
                </Button>
              </EmptyState.Actions>
            )}
          </EmptyState>
        </Paper>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={340} type="native">
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Team</Table.Th>
                  <Table.Th visibleFrom="sm">Leader</Table.Th>
                  <Table.Th>Members</Table.Th>
                  {isAdmin && (
                    <Table.Th w={56}>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {teams.data.map((team) => (
                  <TeamRow
                    key={team.id}
                    team={team}
                    isAdmin={isAdmin}
                    onEdit={() => openForm(team)}
                    onDelete={() => setDeleting(team)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}

      <TeamFormModal opened={formOpened} onClose={formModal.close} team={editing} />
      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting?.name ?? 'team'}?`}
        confirmLabel="Delete team"
        danger
        onConfirm={() => (deleting ? remove(deleting) : Promise.resolve())}
      >
        Its members stay in the workspace. Contacts assigned to this team keep their owner and no longer have a team.
      </ConfirmDialog>
    </>
  );
}

function TeamRow({
  team,
  isAdmin,
  onEdit,
  onDelete,
}: {
  team: TeamDto;
  isAdmin: boolean;
  onEdit(): void;
  onDelete(): void;
}) {
  const leader = team.members.find((m) => m.isLeader);
  const shown = team.members.slice(0, AVATARS_SHOWN);
  const more = team.members.length - shown.length;
  return (
    <Table.Tr data-testid="team-row">
      <Table.Td style={fillCell}>
        <Text size="sm" fw={500} truncate="end" title={team.name}>
          {team.name}
        </Text>
        {leader && (
          <Text size="xs" c="dimmed" truncate="end" hiddenFrom="sm">
            Led by {leader.name}
          </Text>
        )}
      </Table.Td>
      <Table.Td visibleFrom="sm">
        {leader ? (
          <Group gap={6} wrap="nowrap">
            <IconCrown size={15} stroke={1.7} color="var(--mantine-color-yellow-6)" aria-hidden />
            <Text size="sm" truncate="end">
              {leader.name}
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {team.members.length === 0 ? (
          <Text size="sm" c="dimmed">
            No members
          </Text>
        ) : (
          <Group gap="sm" wrap="nowrap">
            <Tooltip.Group openDelay={200}>
              <Avatar.Group spacing={6}>
                {shown.map((m) => (
                  <Tooltip key={m.id} label={m.name}>
                    <UserAvatar name={m.name} size={28} />
                  </Tooltip>
                ))}
                {more > 0 && (
                  <Avatar size={28} radius="xl">
                    +{more}
                  </Avatar>
                )}
              </Avatar.Group>
            </Tooltip.Group>
            <Badge color="gray" variant="light" visibleFrom="xs" miw="max-content">
              {team.members.length} {team.members.length === 1 ? 'member' : 'members'}
            </Badge>
          </Group>
        )}
      </Table.Td>
      {isAdmin && (
        <Table.Td>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon aria-label={`Actions for ${team.name}`}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={16} />} onClick={onEdit}>
                Edit team
              </Menu.Item>
              <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={onDelete}>
                Delete team
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
