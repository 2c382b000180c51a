// The contact type / lifecycle list in the order pickers offer it; admins add, rename, recolour, reorder and delete.
import { ActionIcon, Badge, Code, Group, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAddressBook, IconArrowDown, IconArrowUp, IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { problemMessage } from '../../components/ProblemAlert.tsx';
import { useIsAdmin } from '../auth/useSession.ts';
import { SettingsCollection } from './collection/SettingsCollection.tsx';
import { useFormDialog } from './collection/SettingsFormModal.tsx';
import type { Column } from './collection/CollectionTable.tsx';
import { ContactTypeFormModal, DeleteContactTypeModal } from './ContactTypeModals.tsx';
import { contactTypesQuery, updateContactType, type ContactTypeDto } from './contactLibrary.api.ts';

/** The type new contacts get when none is chosen: "lead" when it exists, else the first (as the server decides). */
export function defaultTypeKey(types: ContactTypeDto[]): string | undefined {
  return types.find((t) => t.key === 'lead')?.key ?? types[0]?.key;
}

export function ContactTypesSettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const types = useQuery(contactTypesQuery);
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState<ContactTypeDto | null>(null);
  const dialog = useFormDialog<ContactTypeDto>();

  // Moving a type rewrites the positions that differ from the new order; the list shows the new order at once.
  const reorder = useMutation({
    mutationFn: async (next: ContactTypeDto[]) => {
      const changed = next.map((t, position) => ({ t, position })).filter(({ t, position }) => t.position !== position);
      for (const { t, position } of changed) await updateContactType(t.key, { position });
    },
    onMutate: async (next) => {
      await queryClient.cancelQueries({ queryKey: ['contact-types'] });
      const previous = queryClient.getQueryData(contactTypesQuery.queryKey);
      queryClient.setQueryData(
        contactTypesQuery.queryKey,
        next.map((t, position) => ({ ...t, position })),
      );
      return { previous };
    },
    onError: (error, _next, context) => {
      if (context?.previous) queryClient.setQueryData(contactTypesQuery.queryKey, context.previous);
      notifications.show({ color: 'red', title: t('settings.types.reorderFailed'), message: problemMessage(error) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['contact-types'] }),
  });

  const all = types.data ?? [];
  const move = (index: number, by: -1 | 1) => {
    const list = [...all];
    const [item] = list.splice(index, 1);
    list.splice(index + by, 0, item!);
    reorder.mutate(list);
  };
  const defaultKey = defaultTypeKey(all);

  const order: Column<ContactTypeDto> = {
    key: 'order',
    header: t('settings.types.order'),
    hiddenHeader: true,
    width: 80,
    cell: (type, index) => (
      <Group gap={2} wrap="nowrap">
        <Tooltip label={t('settings.types.moveUp')}>
          <ActionIcon
            aria-label={t('settings.types.moveUpNamed', { name: type.label })}
            disabled={index === 0 || reorder.isPending}
            onClick={() => move(index, -1)}
          >
            <IconArrowUp size={16} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('settings.types.moveDown')}>
          <ActionIcon
            aria-label={t('settings.types.moveDownNamed', { name: type.label })}
            disabled={index === all.length - 1 || reorder.isPending}
            onClick={() => move(index, 1)}
          >
            <IconArrowDown size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
    ),
  };

  return (
    <SettingsCollection
      title={t('settings.types.title')}
      description={t('settings.types.description')}
      query={types}
      create={isAdmin ? { label: t('settings.types.new'), onClick: () => dialog.open() } : undefined}
      createAlwaysInHeader
      empty={{
        icon: <IconAddressBook size={26} stroke={1.6} />,
        title: t('settings.types.emptyTitle'),
        description: t('settings.types.emptyText'),
      }}
      rowKey={(type) => type.key}
      rowName={(type) => type.label}
      rowTestId="contact-type-row"
      columns={[
        ...(isAdmin ? [order] : []),
        {
          key: 'label',
          header: t('settings.types.type'),
          fill: true,
          cell: (type) => (
            <Group gap="sm" wrap="nowrap">
              <Badge color={type.color} variant="light" size="lg" maw="100%" title={type.label}>
                {type.label}
              </Badge>
              {type.key === defaultKey && (
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {t('settings.types.default')}
                </Text>
              )}
            </Group>
          ),
        },
        { key: 'key', header: t('settings.key'), visibleFrom: 'xs', cell: (type) => <Code>{type.key}</Code> },
      ]}
      actions={
        isAdmin
          ? () => [
              { label: t('settings.types.edit'), icon: <IconPencil size={16} />, onClick: (row) => dialog.open(row) },
              {
                label: t('settings.types.delete'),
                icon: <IconTrash size={16} />,
                color: 'red',
                disabled: all.length <= 1,
                onClick: (type) => setDeleting(type),
              },
            ]
          : undefined
      }
      footer={
        !isAdmin &&
        types.data && (
          <Text size="sm" c="dimmed">
            {t('settings.types.adminsOnly')}
          </Text>
        )
      }
    >
      <ContactTypeFormModal opened={dialog.opened} onClose={dialog.close} type={dialog.item} />
      <DeleteContactTypeModal type={deleting} types={all} onClose={() => setDeleting(null)} />
    </SettingsCollection>
  );
}
