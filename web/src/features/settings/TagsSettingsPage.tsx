// The workspace's tags with how many contacts carry each; admins rename, recolour and delete them.
import { Badge, Group, Text } from '@mantine/core';
import { IconPencil, IconTag, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { formatDate } from '../../lib/format.ts';
import { useIsAdmin, useUserZone } from '../auth/useSession.ts';
import { SettingsCollection } from './collection/SettingsCollection.tsx';
import { SettingsFormModal, useFormDialog } from './collection/SettingsFormModal.tsx';
import { createTag, deleteTag, tagsQuery, updateTag, type TagDto } from './contactLibrary.api.ts';

/** Contacts show their tags' names and colours. */
const TAG_VIEWS = [['tags'], ['contacts'], ['contact']];

export function TagsSettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const zone = useUserZone();
  const tags = useQuery(tagsQuery);
  const dialog = useFormDialog<TagDto>();

  return (
    <SettingsCollection
      title={t('settings.tags.title')}
      description={t('settings.tags.description')}
      query={tags}
      create={
        isAdmin
          ? { label: t('settings.tags.new'), emptyLabel: t('settings.tags.createFirst'), onClick: () => dialog.open() }
          : undefined
      }
      empty={{
        icon: <IconTag size={26} stroke={1.6} />,
        title: t('settings.tags.emptyTitle'),
        description: t('settings.tags.emptyText'),
      }}
      search={{
        label: t('settings.tags.find'),
        from: 8,
        matches: (tag, needle) => tag.name.toLowerCase().includes(needle),
        noMatch: (needle) => t('settings.tags.noMatch', { needle }),
      }}
      rowKey={(tag) => tag.id}
      rowName={(tag) => tag.name}
      rowTestId="tag-row"
      columns={[
        {
          key: 'name',
          header: t('settings.tags.tag'),
          fill: true,
          cell: (tag) => (
            <Badge color={tag.color} variant="light" size="lg" fw={600} maw="100%" title={tag.name}>
              {tag.name}
            </Badge>
          ),
        },
        {
          key: 'usage',
          header: t('settings.tags.usedBy'),
          nowrap: true,
          cell: (tag) =>
            tag.usageCount === 0 ? (
              <Text size="sm" c="dimmed">
                {t('settings.tags.noContacts')}
              </Text>
            ) : (
              <AnchorLink to="/contacts" search={{ tags: tag.id }} size="sm">
                {t('settings.tags.contacts', { count: tag.usageCount })}
              </AnchorLink>
            ),
        },
        {
          key: 'created',
          header: t('settings.created'),
          visibleFrom: 'sm',
          nowrap: true,
          cell: (tag) => (
            <Text size="sm" c="dimmed">
              {formatDate(tag.createdAt, zone)}
            </Text>
          ),
        },
      ]}
      actions={
        isAdmin
          ? (tag) => [
              { label: t('settings.tags.edit'), icon: <IconPencil size={16} />, onClick: (row) => dialog.open(row) },
              {
                label: t('settings.tags.delete'),
                icon: <IconTrash size={16} />,
                color: 'red',
                confirm: () => ({
                  title: t('settings.tags.deleteTitle', { name: tag.name }),
                  body:
                    tag.usageCount > 0
                      ? t('settings.tags.deleteUsed', { count: tag.usageCount })
                      : t('settings.tags.deleteUnused'),
                  confirmLabel: t('settings.tags.delete'),
                  danger: true,
                  run: () => deleteTag(tag.id),
                  invalidate: TAG_VIEWS,
                  done: t('settings.tags.deleted', { name: tag.name }),
                }),
              },
            ]
          : undefined
      }
    >
      <TagFormModal opened={dialog.opened} onClose={dialog.close} tag={dialog.item} />
    </SettingsCollection>
  );
}

function TagFormModal({ opened, onClose, tag }: { opened: boolean; onClose(): void; tag?: TagDto }) {
  const { t } = useTranslation();
  const preview = (name: string) => name.trim() || t('settings.tags.tag');
  return (
    <SettingsFormModal
      opened={opened}
      onClose={onClose}
      title={tag ? t('settings.editNamed', { name: tag.name }) : t('settings.tags.new')}
      formLabel={tag ? t('settings.tags.editForm') : t('settings.tags.new')}
      itemKey={tag?.id ?? 'new'}
      initial={{ name: tag?.name ?? '', color: tag?.color ?? 'blue' }}
      fields={[
        { kind: 'text', name: 'name', label: t('common.name'), placeholder: 'VIP', maxLength: 60 },
        { kind: 'color', name: 'color', label: t('settings.colour') },
        {
          kind: 'node',
          render: ({ values: v }) => (
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {t('settings.preview')}
              </Text>
              <Badge color={v.color} variant="dot" fw={500}>
                {preview(v.name)}
              </Badge>
              <Badge color={v.color} variant="light">
                {preview(v.name)}
              </Badge>
            </Group>
          ),
        },
        {
          kind: 'node',
          when: () => Boolean(tag && tag.usageCount > 0),
          render: () => (
            <Text size="xs" c="dimmed">
              {t('settings.tags.changeShows', { count: tag?.usageCount ?? 0 })}
            </Text>
          ),
        },
      ]}
      validate={(v) => ({ name: v.name.trim() ? undefined : t('settings.tags.nameIt') })}
      submit={(v) => {
        const input = { name: v.name.trim(), color: v.color };
        return tag ? updateTag(tag.id, input) : createTag(input);
      }}
      codeToField={{ name_taken: 'name' }}
      invalidate={tag ? TAG_VIEWS : [['tags']]}
      saved={(saved) => t(tag ? 'settings.tags.saved' : 'settings.tags.created', { name: saved.name })}
      submitLabel={tag ? t('settings.saveChanges') : t('settings.tags.create')}
    />
  );
}
