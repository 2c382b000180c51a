// Who the contact belongs to and how it is labelled: the owner (exactly one; the team's members offered first,
// others allowed with a warning), followers, the team, and tags (created on the fly).
import { ActionIcon, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconX } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../../../app/i18n.ts';
import { i18n } from '../../../../app/i18n.ts';
import { UserAvatar } from '../../../../components/UserAvatar.tsx';
import { useSession } from '../../../auth/useSession.ts';
import { tagsQuery } from '../../../settings/contactLibrary.api.ts';
import { teamsQuery, usersQuery, type TeamDto, type UserDto } from '../../../settings/settings.api.ts';
import { useContactActions } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';
import { EditableField } from '../fields/EditableField.tsx';
import classes from '../fields/Field.module.css';
import { FieldProblem } from '../fields/FieldProblem.tsx';
import { useRowAction } from '../fields/useRowAction.ts';
import { Picker } from './Picker.tsx';

/**
 * The owner choices: with a team, its members first and everyone else under "Outside the contact's team";
 * without one, everyone. The current owner stays choosable even when deactivated, so the value always shows.
 */
export function ownerOptions(users: UserDto[], team: TeamDto | undefined, current: { id: string; name: string }) {
  const option = (u: { id: string; name: string }) => ({ value: u.id, label: u.name });
  const list = users.some((u) => u.id === current.id) ? users : [...users, { ...current } as UserDto];
  if (!team) return list.map(option);
  const members = new Set(team.members.map((m) => m.id));
  const inTeam = list.filter((u) => members.has(u.id));
  const outside = list.filter((u) => !members.has(u.id));
  return [
    ...(inTeam.length
      ? [{ group: i18n.t('contactPage.ownership.teamGroup', { team: team.name }), items: inTeam.map(option) }]
      : []),
    ...(outside.length ? [{ group: i18n.t('contactPage.ownership.outsideTeam'), items: outside.map(option) }] : []),
  ];
}

function OwnerField() {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  const users = useQuery(usersQuery('active'));
  const teams = useQuery(teamsQuery);
  const team = teams.data?.find((t) => t.id === contact.team?.id);
  const members = new Set(team?.members.map((m) => m.id) ?? []);
  const warning = contact.warnings.find((w) => w.code === 'owner_outside_team');
  return (
    <EditableField
      testId="field-owner"
      label={t('contactPage.ownership.owner')}
      value={contact.owner.id}
      text={contact.owner.name}
      display={
        <Group gap={8} wrap="nowrap">
          <UserAvatar name={contact.owner.name} size={22} />
          <Text size="sm" fw={500} truncate="end">
            {contact.owner.name}
          </Text>
        </Group>
      }
      editor={{
        type: 'select',
        searchable: true,
        data: ownerOptions(users.data ?? [], team, contact.owner),
        renderOption: ({ option, checked }) => (
          <Group gap={8} wrap="nowrap" w="100%">
            <UserAvatar name={option.label} size={22} />
            <div style={{ minWidth: 0, flex: 1 }}>
              <Text size="sm">{option.label}</Text>
              {team && !members.has(option.value) && (
                <Text size="xs" c="orange.8">
                  {t('contactPage.ownership.outsideTeam')}
                </Text>
              )}
            </div>
            {checked && <IconCheck size={15} aria-label={t('contactPage.ownership.currentOwner')} />}
          </Group>
        ),
      }}
      hint={
        warning && (
          <Group gap={4} wrap="nowrap" align="flex-start" data-testid="owner-warning">
            <IconAlertTriangle size={14} color="var(--mantine-color-orange-6)" style={{ flex: 'none', marginTop: 2 }} />
            <Text size="xs" c="orange.8">
              {warning.detail}
            </Text>
          </Group>
        )
      }
      onSave={(ownerId, version) => actions.update(version, { ownerId: ownerId as string })}
    />
  );
}

function TeamField() {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  const teams = useQuery(teamsQuery);
  const data = (teams.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  if (contact.team && !data.some((d) => d.value === contact.team!.id)) {
    data.unshift({ value: contact.team.id, label: contact.team.name });
  }
  return (
    <EditableField
      testId="field-team"
      label={t('contactPage.ownership.team')}
      value={contact.team?.id ?? null}
      text={contact.team?.name ?? null}
      editor={{ type: 'select', data, clearable: true }}
      onSave={(teamId, version) => actions.update(version, { teamId: (teamId as string | null) ?? null })}
      hint={
        teams.data?.length === 0 ? (
          <Text size="xs" c="dimmed">
            {t('contactPage.ownership.noTeams')}
          </Text>
        ) : undefined
      }
    />
  );
}

function FollowersField() {
  const { t } = useTranslation();
  const { contact, editable, reload } = useContactPage();
  const actions = useContactActions(contact.id);
  const users = useQuery(usersQuery('active'));
  const { user: me } = useSession();
  const action = useRowAction();
  const following = new Set(contact.followers.map((f) => f.id));
  const options = (users.data ?? [])
    .filter((u) => !following.has(u.id))
    .sort((a, b) => (a.id === me.id ? -1 : b.id === me.id ? 1 : a.name.localeCompare(b.name)))
    .map((u) => ({
      value: u.id,
      label: u.id === me.id ? t('contactPage.ownership.you', { name: u.name }) : u.name,
      left: <UserAvatar name={u.name} size={22} />,
    }));
  return (
    <div className={classes.row} data-testid="field-followers">
      <Text className={classes.label} size="sm" c="dimmed">
        {t('contactPage.ownership.followers')}
      </Text>
      <div className={classes.value} style={{ padding: '4px 0' }}>
        <Group gap={6}>
          {contact.followers.length === 0 && !editable && (
            <Text size="sm" c="dimmed">
              —
            </Text>
          )}
          {contact.followers.map((f) => (
            <Badge
              key={f.id}
              variant="default"
              size="lg"
              radius="xl"
              pl={3}
              leftSection={<UserAvatar name={f.name} size={20} />}
              rightSection={
                editable && (
                  <ActionIcon
                    size={16}
                    radius="xl"
                    variant="transparent"
                    aria-label={t('contactPage.ownership.removeFollower', { name: f.name })}
                    onClick={() => action.run(() => actions.removeFollower(contact.version, f.id))}
                  >
                    <IconX size={12} />
                  </ActionIcon>
                )
              }
              style={{ textTransform: 'none', fontWeight: 500 }}
            >
              {f.name}
            </Badge>
          ))}
          {editable && (
            <Picker
              label={contact.followers.length ? t('common.add') : t('contactPage.ownership.addFollower')}
              options={options}
              searchPlaceholder={t('contactPage.ownership.searchUsers')}
              emptyMessage={t('contactPage.ownership.everyoneFollows')}
              loading={action.pending}
              onPick={(userId) => action.run(() => actions.addFollower(contact.version, userId))}
            />
          )}
        </Group>
        <FieldProblem
          error={action.error}
          onReload={async () => {
            await reload();
            action.clear();
          }}
        />
      </div>
    </div>
  );
}

function TagsField() {
  const { t: translate } = useTranslation();
  const { contact, editable, reload } = useContactPage();
  const actions = useContactActions(contact.id);
  const tags = useQuery(tagsQuery);
  const queryClient = useQueryClient();
  const action = useRowAction();
  const onContact = new Set(contact.tags.map((t) => t.id));
  const options = (tags.data ?? [])
    .filter((t) => !onContact.has(t.id))
    .map((t) => ({
      value: t.id,
      label: t.name,
      left: <Badge size="xs" circle color={t.color} variant="filled" aria-hidden />,
    }));
  const add = (input: { tagIds?: string[]; names?: string[] }) =>
    action.run(async () => {
      await actions.addTags(contact.version, input);
      void queryClient.invalidateQueries({ queryKey: ['tags'] });
    });
  return (
    <div className={classes.row} data-testid="field-tags">
      <Text className={classes.label} size="sm" c="dimmed">
        {translate('contactPage.ownership.tags')}
      </Text>
      <div className={classes.value} style={{ padding: '4px 0' }}>
        <Group gap={6}>
          {contact.tags.length === 0 && !editable && (
            <Text size="sm" c="dimmed">
              —
            </Text>
          )}
          {contact.tags.map((t) => (
            <Badge
              key={t.id}
              color={t.color}
              variant="light"
              size="md"
              style={{ textTransform: 'none' }}
              rightSection={
                editable && (
                  <Tooltip label={translate('contactPage.ownership.removeTag', { name: t.name })}>
                    <ActionIcon
                      size={14}
                      radius="xl"
                      variant="transparent"
                      color={t.color}
                      aria-label={translate('contactPage.ownership.removeTag', { name: t.name })}
                      onClick={() =>
                        action.run(async () => {
                          await actions.removeTag(contact.version, t.id);
                          void queryClient.invalidateQueries({ queryKey: ['tags'] });
                        })
                      }
                    >
                      <IconX size={11} />
                    </ActionIcon>
                  </Tooltip>
                )
              }
              data-testid="contact-tag"
            >
              {t.name}
            </Badge>
          ))}
          {editable && (
            <Picker
              label={contact.tags.length ? translate('common.add') : translate('contactPage.ownership.addTag')}
              options={options}
              searchPlaceholder={translate('contactPage.ownership.searchTags')}
              emptyMessage={translate('contactPage.ownership.typeToCreate')}
              createLabel={(q) => translate('contactPage.ownership.createTag', { name: q })}
              loading={action.pending}
              onPick={(tagId) => void add({ tagIds: [tagId] })}
              onCreate={(name) => void add({ names: [name] })}
            />
          )}
        </Group>
        <FieldProblem
          error={action.error}
          onReload={async () => {
            await reload();
            action.clear();
          }}
        />
      </div>
    </div>
  );
}

export function OwnershipBlock() {
  return (
    <Stack gap={2} px="md" py="sm" data-testid="ownership">
      <OwnerField />
      <FollowersField />
      <TeamField />
      <TagsField />
    </Stack>
  );
}
