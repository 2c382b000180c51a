// Settings → Relation types: the labels contacts are related with, each with its inverse ("Assistant of" ↔ "Has
// assistant"; the same label both ways for a symmetric one). Admins add, rename and delete unused types.
import { Badge, Group, Text } from '@mantine/core';
import { IconArrowsLeftRight, IconLink, IconPencil, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../app/i18n.ts';
import { useIsAdmin } from '../auth/useSession.ts';
import { SettingsCollection } from '../settings/collection/SettingsCollection.tsx';
import { SettingsFormModal, useFormDialog } from '../settings/collection/SettingsFormModal.tsx';
import {
  createRelationType,
  deleteRelationType,
  relationTypesQuery,
  updateRelationType,
  type RelationTypeDto,
} from './relationships.api.ts';

const VIEWS = [['relation-types'], ['contact']];

export function RelationTypesSettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const types = useQuery(relationTypesQuery);
  const dialog = useFormDialog<RelationTypeDto>();
  return (
    <SettingsCollection
      title={t('relationships.types.title')}
      description={t('relationships.types.description')}
      query={types}
      create={
        isAdmin
          ? {
              label: t('relationships.types.new'),
              emptyLabel: t('relationships.types.createFirst'),
              onClick: () => dialog.open(),
            }
          : undefined
      }
      empty={{
        icon: <IconLink size={26} stroke={1.6} />,
        title: t('relationships.types.emptyTitle'),
        description: t('relationships.types.emptyText'),
      }}
      rowKey={(type) => type.id}
      rowName={(type) => type.label}
      rowTestId="relation-type-row"
      columns={[
        {
          key: 'label',
          header: t('relationships.types.label'),
          fill: true,
          cell: (type) => (
            <Group gap="xs" wrap="nowrap">
              <Text size="sm" fw={500}>
                {type.label}
              </Text>
              <IconArrowsLeftRight size={14} color="var(--mantine-color-dimmed)" aria-hidden />
              <Text size="sm" fw={500}>
                {type.inverseLabel}
              </Text>
              {type.symmetric && (
                <Badge size="sm" variant="light" color="gray" tt="none">
                  {t('relationships.types.symmetric')}
                </Badge>
              )}
            </Group>
          ),
        },
        {
          key: 'usage',
          header: t('relationships.types.usedBy'),
          nowrap: true,
          cell: (type) => (
            <Text size="sm" c={type.usageCount ? undefined : 'dimmed'}>
              {type.usageCount
                ? t('relationships.types.relations', { count: type.usageCount })
                : t('relationships.types.unused')}
            </Text>
          ),
        },
      ]}
      actions={
        isAdmin
          ? (type) => [
              {
                label: t('relationships.types.edit'),
                icon: <IconPencil size={16} />,
                onClick: (row) => dialog.open(row),
              },
              {
                label: t('relationships.types.delete'),
                icon: <IconTrash size={16} />,
                color: 'red',
                confirm: () => ({
                  title: t('relationships.types.deleteTitle', { name: type.label }),
                  body:
                    type.usageCount > 0
                      ? t('relationships.types.deleteUsed', { count: type.usageCount })
                      : t('relationships.types.deleteUnused'),
                  confirmLabel: t('relationships.types.delete'),
                  danger: true,
                  run: () => deleteRelationType(type.id),
                  invalidate: VIEWS,
                  done: t('relationships.types.deleted', { name: type.label }),
                }),
              },
            ]
          : undefined
      }
    >
      <RelationTypeFormModal opened={dialog.opened} onClose={dialog.close} type={dialog.item} />
    </SettingsCollection>
  );
}

function RelationTypeFormModal({
  opened,
  onClose,
  type,
}: {
  opened: boolean;
  onClose(): void;
  type?: RelationTypeDto;
}) {
  const { t } = useTranslation();
  return (
    <SettingsFormModal
      opened={opened}
      onClose={onClose}
      title={type ? t('settings.editNamed', { name: type.label }) : t('relationships.types.new')}
      formLabel={type ? t('relationships.types.edit') : t('relationships.types.new')}
      itemKey={type?.id ?? 'new'}
      initial={{ label: type?.label ?? '', inverseLabel: type?.inverseLabel ?? '' }}
      fields={[
        {
          kind: 'text',
          name: 'label',
          label: t('relationships.types.label'),
          placeholder: t('relationships.types.labelPlaceholder'),
          maxLength: 60,
        },
        {
          kind: 'text',
          name: 'inverseLabel',
          label: t('relationships.types.inverseLabel'),
          placeholder: t('relationships.types.inversePlaceholder'),
          maxLength: 60,
        },
        {
          kind: 'node',
          render: () => (
            <Text size="xs" c="dimmed">
              {t('relationships.types.inverseHint')}
            </Text>
          ),
        },
      ]}
      validate={(v) => ({ label: v.label.trim() ? undefined : t('relationships.types.nameIt') })}
      submit={(v) => {
        const input = { label: v.label.trim(), inverseLabel: v.inverseLabel.trim() || v.label.trim() };
        return type ? updateRelationType(type, input) : createRelationType(input);
      }}
      codeToField={{ label_taken: 'label' }}
      invalidate={VIEWS}
      saved={(saved) => t(type ? 'relationships.types.saved' : 'relationships.types.created', { name: saved.label })}
      submitLabel={type ? t('settings.saveChanges') : t('relationships.types.create')}
    />
  );
}
