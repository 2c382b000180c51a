// The contact type / lifecycle list in the order pickers offer it; admins add, rename, recolour, reorder and delete.
import {
  ActionIcon,
  Badge,
  Button,
  Code,
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
import { IconArrowDown, IconArrowUp, IconDots, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader.tsx';
import { problemMessage } from '../../components/ProblemAlert.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { fillCell } from '../../components/table.ts';
import { useIsAdmin } from '../auth/useSession.ts';
import { ContactTypeFormModal, DeleteContactTypeModal } from './ContactTypeModals.tsx';
import { contactTypesQuery, updateContactType, type ContactTypeDto } from './contactLibrary.api.ts';

/** The type new contacts get when none is chosen: "lead" when it exists, else the first (as the server decides). */
export function defaultTypeKey(types: ContactTypeDto[]): string | undefined {
  return types.find((t) => t.key === 'lead')?.key ?? types[0]?.key;
}

export function ContactTypesSettingsPage() {
  const isAdmin = useIsAdmin();
  const types = useQuery(contactTypesQuery);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<ContactTypeDto | undefined>(undefined);
  const [deleting, setDeleting] = useState<ContactTypeDto | null>(null);
  const [formOpened, formModal] = useDisclosure(false);

  const openForm = (type?: ContactTypeDto) => {
    setEditing(type);
    formModal.open();
  };

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
      notifications.show({ color: 'red', title: 'Could not reorder', message: problemMessage(error) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['contact-types'] }),
  });

  const move = (index: number, by: -1 | 1) => {
    const list = [...(types.data ?? [])];
    const [item] = list.splice(index, 1);
    list.splice(index + by, 0, item!);
    reorder.mutate(list);
  };

  const defaultKey = defaultTypeKey(types.data ?? []);

  return (
    <>
      <PageHeader
        title="Contact types"
        description="The lifecycle stages a contact can be in — lead, customer, vendor… — in the order they are offered."
        actions={
          isAdmin && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => openForm()}>
              New type
            </Button>
          )
        }
      />
      {types.isPending ? (
        <LoadingRows />
      ) : types.isError ? (
        <LoadError error={types.error} onRetry={() => types.refetch()} />
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={340} type="native">
            <Table>
              <Table.Thead>
                <Table.Tr>
                  {isAdmin && (
                    <Table.Th w={80}>
                      <VisuallyHidden>Order</VisuallyHidden>
                    </Table.Th>
                  )}
                  <Table.Th>Type</Table.Th>
                  <Table.Th visibleFrom="xs">Key</Table.Th>
                  {isAdmin && (
                    <Table.Th w={56}>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {types.data.map((type, index) => (
                  <Table.Tr key={type.key} data-testid="contact-type-row">
                    {isAdmin && (
                      <Table.Td>
                        <Group gap={2} wrap="nowrap">
                          <Tooltip label="Move up">
                            <ActionIcon
                              aria-label={`Move ${type.label} up`}
                              disabled={index === 0 || reorder.isPending}
                              onClick={() => move(index, -1)}
                            >
                              <IconArrowUp size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label="Move down">
                            <ActionIcon
                              aria-label={`Move ${type.label} down`}
                              disabled={index === types.data.length - 1 || reorder.isPending}
                              onClick={() => move(index, 1)}
                            >
                              <IconArrowDown size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      </Table.Td>
                    )}
                    <Table.Td style={fillCell}>
                      <Group gap="sm" wrap="nowrap">
                        <Badge color={type.color} variant="light" size="lg" maw="100%" title={type.label}>
                          {type.label}
                        </Badge>
                        {type.key === defaultKey && (
                          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                            Default for new contacts
                          </Text>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td visibleFrom="xs">
                      <Code>{type.key}</Code>
                    </Table.Td>
                    {isAdmin && (
                      <Table.Td>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon aria-label={`Actions for ${type.label}`}>
                              <IconDots size={18} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => openForm(type)}>
                              Rename or recolour
                            </Menu.Item>
                            <Menu.Item
                              color="red"
                              leftSection={<IconTrash size={16} />}
                              disabled={types.data.length <= 1}
                              onClick={() => setDeleting(type)}
                            >
                              Delete type
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {!isAdmin && types.data && (
        <Text size="sm" c="dimmed" mt="md">
          Only admins can change this list.
        </Text>
      )}

      <ContactTypeFormModal opened={formOpened} onClose={formModal.close} type={editing} />
      <DeleteContactTypeModal type={deleting} types={types.data ?? []} onClose={() => setDeleting(null)} />
    </>
  );
}
