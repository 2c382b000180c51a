// Sales teams with their leader and members; admins create, edit and delete them.
import { Avatar, Badge, Group, Select, Text, Tooltip } from '@mantine/core';
import { IconCrown, IconPencil, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../app/i18n.ts';
import { UserAvatar } from '../../components/UserAvatar.tsx';
import { useIsAdmin } from '../auth/useSession.ts';
import { SettingsCollection } from './collection/SettingsCollection.tsx';
import { SettingsFormModal, useFormDialog } from './collection/SettingsFormModal.tsx';
import { createTeam, deleteTeam, teamsQuery, updateTeam, usersQuery, type TeamDto } from './settings.api.ts';

const AVATARS_SHOWN = 5;
/** Users show their teams, so both lists change. */
const TEAM_VIEWS = [['teams'], ['users']];

export function TeamsSettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const teams = useQuery(teamsQuery);
  const dialog = useFormDialog<TeamDto>();

  return (
    <SettingsCollection
      title={t('settings.teams.title')}
      description={t('settings.teams.description')}
      query={teams}
      create={
        isAdmin
          ? {
              label: t('settings.teams.new'),
              emptyLabel: t('settings.teams.createFirst'),
              onClick: () => dialog.open(),
            }
          : undefined
      }
      empty={{
        icon: <IconUsersGroup size={26} stroke={1.6} />,
        title: t('settings.teams.emptyTitle'),
        description: isAdmin ? t('settings.teams.emptyAdmin') : t('settings.teams.emptyMember'),
      }}
      rowKey={(team) => team.id}
      rowName={(team) => team.name}
      rowTestId="team-row"
      columns={[
        {
          key: 'name',
          header: t('settings.teams.team'),
          fill: true,
          cell: (team) => {
            const leader = team.members.find((m) => m.isLeader);
            return (
              <>
                <Text size="sm" fw={500} truncate="end" title={team.name}>
                  {team.name}
                </Text>
                {leader && (
                  <Text size="xs" c="dimmed" truncate="end" hiddenFrom="sm">
                    {t('settings.teams.ledBy', { name: leader.name })}
                  </Text>
                )}
              </>
            );
          },
        },
        {
          key: 'leader',
          header: t('settings.teams.leader'),
          visibleFrom: 'sm',
          cell: (team) => <Leader team={team} />,
        },
        { key: 'members', header: t('settings.teams.members'), cell: (team) => <Members team={team} /> },
      ]}
      actions={
        isAdmin
          ? (team) => [
              { label: t('settings.teams.edit'), icon: <IconPencil size={16} />, onClick: (row) => dialog.open(row) },
              {
                label: t('settings.teams.delete'),
                icon: <IconTrash size={16} />,
                color: 'red',
                confirm: () => ({
                  title: t('settings.deleteNamed', { name: team.name }),
                  body: t('settings.teams.deleteText'),
                  confirmLabel: t('settings.teams.delete'),
                  danger: true,
                  run: () => deleteTeam(team.id),
                  invalidate: TEAM_VIEWS,
                  done: t('settings.teams.deleted', { name: team.name }),
                }),
              },
            ]
          : undefined
      }
    >
      <TeamFormModal opened={dialog.opened} onClose={dialog.close} team={dialog.item} />
    </SettingsCollection>
  );
}

function Leader({ team }: { team: TeamDto }) {
  const leader = team.members.find((m) => m.isLeader);
  if (!leader) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Group gap={6} wrap="nowrap">
      <IconCrown size={15} stroke={1.7} color="var(--mantine-color-yellow-6)" aria-hidden />
      <Text size="sm" truncate="end">
        {leader.name}
      </Text>
    </Group>
  );
}

function Members({ team }: { team: TeamDto }) {
  const { t } = useTranslation();
  const shown = team.members.slice(0, AVATARS_SHOWN);
  const more = team.members.length - shown.length;
  if (team.members.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('settings.teams.noMembers')}
      </Text>
    );
  }
  return (
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
        {t('settings.teams.memberCount', { count: team.members.length })}
      </Badge>
    </Group>
  );
}

interface TeamValues {
  name: string;
  memberIds: string[];
  leaderId: string | null;
  [key: string]: unknown;
}

function TeamFormModal({ opened, onClose, team }: { opened: boolean; onClose(): void; team?: TeamDto }) {
  const { t } = useTranslation();
  const users = useQuery({ ...usersQuery('active'), enabled: opened });
  // Members who were deactivated still belong to the team until removed; keep them pickable by name.
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  for (const m of team?.members ?? []) if (!names.has(m.id)) names.set(m.id, m.name);
  const memberOptions = [...names].map(([value, label]) => ({ value, label }));

  return (
    <SettingsFormModal<TeamValues, TeamDto>
      opened={opened}
      onClose={onClose}
      size="lg"
      title={team ? t('settings.editNamed', { name: team.name }) : t('settings.teams.new')}
      formLabel={team ? t('settings.teams.editForm') : t('settings.teams.new')}
      itemKey={team?.id ?? 'new'}
      initial={{
        name: team?.name ?? '',
        memberIds: team?.members.map((m) => m.id) ?? [],
        leaderId: team?.members.find((m) => m.isLeader)?.id ?? null,
      }}
      fields={[
        {
          kind: 'text',
          name: 'name',
          label: t('settings.teams.name'),
          placeholder: t('settings.teams.namePlaceholder'),
          maxLength: 80,
        },
        {
          kind: 'multiselect',
          name: 'memberIds',
          label: t('settings.teams.members'),
          placeholder: t('settings.teams.pickUsers'),
          data: memberOptions,
          nothingFound: users.isPending ? t('settings.teams.loadingUsers') : t('settings.teams.noUserMatches'),
          onEdit: (ids, { values, form }) => {
            if (values.leaderId && !ids.includes(values.leaderId)) form.set('leaderId')(null);
          },
        },
        {
          kind: 'node',
          name: 'leaderId',
          render: ({ values: v, form, error }) => {
            const leaderOptions = memberOptions.filter((o) => v.memberIds.includes(o.value));
            return (
              <Select
                label={t('settings.teams.leader')}
                description={t('settings.teams.leaderHelp')}
                placeholder={leaderOptions.length ? t('settings.teams.noLeader') : t('settings.teams.addMembersFirst')}
                data={leaderOptions}
                value={v.leaderId}
                onChange={(value) => form.set('leaderId')(value)}
                error={error('leaderId')}
                disabled={leaderOptions.length === 0}
                clearable
              />
            );
          },
        },
      ]}
      validate={(v) => ({ name: v.name.trim() ? undefined : t('settings.teams.nameIt') })}
      submit={(v) => {
        const input = { name: v.name, memberIds: v.memberIds, leaderId: v.leaderId };
        return team ? updateTeam(team.id, input) : createTeam(input);
      }}
      invalidate={TEAM_VIEWS}
      saved={(saved) => t(team ? 'settings.savedNamed' : 'settings.teams.created', { name: saved.name })}
      submitLabel={team ? t('settings.saveChanges') : t('settings.teams.create')}
    />
  );
}
