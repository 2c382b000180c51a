// The workspace's groups — hand-made lists of contacts — with their member counts. Anyone creates a group (and
// fills it from the contact list's selection or a contact's page); admins rename, recolour and delete them.
import { Badge, Stack, Text } from '@mantine/core';
import { IconPencil, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../app/i18n.ts';
import { useIsAdmin } from '../auth/useSession.ts';
import { SettingsCollection } from '../settings/collection/SettingsCollection.tsx';
import { SettingsFormModal, useFormDialog } from '../settings/collection/SettingsFormModal.tsx';
import { MembersLink } from './MembersLink.tsx';
import { createGroup, deleteGroup, groupsQuery, updateGroup, type GroupDto } from './segments.api.ts';

/** Contacts show their groups, and the list filters by them. */
const GROUP_VIEWS = [['groups'], ['contacts'], ['contact']];

export function GroupsSettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const groups = useQuery(groupsQuery);
  const dialog = useFormDialog<GroupDto>();

  return (
    <SettingsCollection
      title={t('segments.groups.title')}
      description={t('segments.groups.description')}
      query={groups}
      create={{
        label: t('segments.groups.new'),
        emptyLabel: t('segments.groups.createFirst'),
        onClick: () => dialog.open(),
      }}
      empty={{
        icon: <IconUsersGroup size={26} stroke={1.6} />,
        title: t('segments.groups.emptyTitle'),
        description: t('segments.groups.emptyText'),
      }}
      search={{
        label: t('segments.groups.find'),
        from: 8,
        matches: (g, needle) => g.name.toLowerCase().includes(needle),
        noMatch: (needle) => t('segments.groups.noMatch', { needle }),
      }}
      rowKey={(g) => g.id}
      rowName={(g) => g.name}
      rowTestId="group-row"
      columns={[
        {
          key: 'name',
          header: t('segments.groups.group'),
          fill: true,
          cell: (g) => (
            <Stack gap={2}>
              <Badge color={g.color} variant="light" size="lg" fw={600} maw="100%" title={g.name}>
                {g.name}
              </Badge>
              {g.description && (
                <Text size="xs" c="dimmed" truncate="end" title={g.description}>
                  {g.description}
                </Text>
              )}
            </Stack>
          ),
        },
        {
          key: 'members',
          header: t('segments.members'),
          nowrap: true,
          cell: (g) => <MembersLink field="group" id={g.id} count={g.memberCount} />,
        },
      ]}
      actions={
        isAdmin
          ? (g) => [
              { label: t('segments.groups.edit'), icon: <IconPencil size={16} />, onClick: (row) => dialog.open(row) },
              {
                label: t('segments.groups.delete'),
                icon: <IconTrash size={16} />,
                color: 'red',
                confirm: () => ({
                  title: t('segments.groups.deleteTitle', { name: g.name }),
                  body:
                    g.memberCount > 0
                      ? t('segments.groups.deleteUsed', { count: g.memberCount })
                      : t('segments.groups.deleteUnused'),
                  confirmLabel: t('segments.groups.delete'),
                  danger: true,
                  run: () => deleteGroup(g),
                  invalidate: GROUP_VIEWS,
                  done: t('segments.groups.deleted', { name: g.name }),
                }),
              },
            ]
          : undefined
      }
    >
      <GroupFormModal opened={dialog.opened} onClose={dialog.close} group={dialog.item} />
    </SettingsCollection>
  );
}

function GroupFormModal({ opened, onClose, group }: { opened: boolean; onClose(): void; group?: GroupDto }) {
  const { t } = useTranslation();
  return (
    <SettingsFormModal
      opened={opened}
      onClose={onClose}
      title={group ? t('settings.editNamed', { name: group.name }) : t('segments.groups.new')}
      formLabel={group ? t('segments.groups.editForm') : t('segments.groups.new')}
      itemKey={group ? `${group.id}:${group.version}` : 'new'}
      initial={{ name: group?.name ?? '', description: group?.description ?? '', color: group?.color ?? 'indigo' }}
      fields={[
        {
          kind: 'text',
          name: 'name',
          label: t('common.name'),
          placeholder: t('segments.groups.namePlaceholder'),
          maxLength: 80,
        },
        {
          kind: 'text',
          name: 'description',
          label: t('segments.description'),
          placeholder: t('segments.groups.descriptionPlaceholder'),
          maxLength: 500,
        },
        { kind: 'color', name: 'color', label: t('settings.colour') },
      ]}
      validate={(v) => ({ name: v.name.trim() ? undefined : t('segments.nameIt') })}
      submit={(v) => {
        const input = { name: v.name.trim(), description: v.description.trim() || null, color: v.color };
        return group ? updateGroup(group, input) : createGroup(input);
      }}
      codeToField={{ name_taken: 'name' }}
      invalidate={group ? GROUP_VIEWS : [['groups']]}
      saved={(saved) => t(group ? 'segments.groups.saved' : 'segments.groups.created', { name: saved.name })}
      submitLabel={group ? t('settings.saveChanges') : t('segments.groups.create')}
    />
  );
}
