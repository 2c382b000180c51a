// The workspace's tags with how many contacts carry each; admins rename, recolour and delete them.
import {
  ActionIcon,
  Badge,
  Button,
  EmptyState,
  Menu,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPencil, IconPlus, IconSearch, IconTag, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { fillCell } from '../../components/table.ts';
import { formatDate } from '../../lib/format.ts';
import { useIsAdmin, useUserZone } from '../auth/useSession.ts';
import { deleteTag, tagsQuery, type TagDto } from './contactLibrary.api.ts';
import { TagFormModal } from './TagFormModal.tsx';

const contactsWord = (n: number) => (n === 1 ? 'contact' : 'contacts');

export function TagsSettingsPage() {
  const isAdmin = useIsAdmin();
  const zone = useUserZone();
  const tags = useQuery(tagsQuery);
  const queryClient = useQueryClient();
  const [find, setFind] = useState('');
  const [editing, setEditing] = useState<TagDto | undefined>(undefined);
  const [deleting, setDeleting] = useState<TagDto | null>(null);
  const [formOpened, formModal] = useDisclosure(false);

  const openForm = (tag?: TagDto) => {
    setEditing(tag);
    formModal.open();
  };
  const remove = async (tag: TagDto) => {
    await deleteTag(tag.id);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['tags'] }),
      queryClient.invalidateQueries({ queryKey: ['contacts'] }),
      queryClient.invalidateQueries({ queryKey: ['contact'] }),
    ]);
    notifications.show({ color: 'green', message: `Tag ${tag.name} deleted` });
  };

  const needle = find.trim().toLowerCase();
  const shown = (tags.data ?? []).filter((t) => t.name.toLowerCase().includes(needle));

  return (
    <>
      <PageHeader
        title="Tags"
        description="Labels that group contacts for filters, views and bulk actions. Anyone can tag a contact; admins tidy up the list here."
        actions={
          isAdmin &&
          tags.data?.length !== 0 && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => openForm()}>
              New tag
            </Button>
          )
        }
      />
      {tags.isPending ? (
        <LoadingRows />
      ) : tags.isError ? (
        <LoadError error={tags.error} onRetry={() => tags.refetch()} />
      ) : tags.data.length === 0 ? (
        <Paper withBorder py={48} px="md">
          <EmptyState
            icon={<IconTag size={26} stroke={1.6} />}
            variant="light"
            title="No tags yet"
            description="Tags appear here as soon as someone tags a contact, e.g. “VIP” or “Trade fair 2026”."
          >
            {isAdmin && (
              <EmptyState.Actions>
                <Button leftSection={<IconPlus size={16} />} onClick={() => openForm()}>
                  Create a tag
                </Button>
              </EmptyState.Actions>
            )}
          </EmptyState>
        </Paper>
      ) : (
        <Stack gap="md">
          {tags.data.length > 8 && (
            <TextInput
              placeholder="Find a tag"
              aria-label="Find a tag"
              leftSection={<IconSearch size={16} />}
              value={find}
              onChange={(e) => setFind(e.currentTarget.value)}
              maw={320}
            />
          )}
          <Paper withBorder>
            <Table.ScrollContainer minWidth={340} type="native">
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Tag</Table.Th>
                    <Table.Th>Used by</Table.Th>
                    <Table.Th visibleFrom="sm">Created</Table.Th>
                    {isAdmin && (
                      <Table.Th w={56}>
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    )}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((tag) => (
                    <Table.Tr key={tag.id} data-testid="tag-row">
                      <Table.Td style={fillCell}>
                        <Badge color={tag.color} variant="light" size="lg" fw={600} maw="100%" title={tag.name}>
                          {tag.name}
                        </Badge>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {tag.usageCount === 0 ? (
                          <Text size="sm" c="dimmed">
                            No contacts
                          </Text>
                        ) : (
                          <AnchorLink to="/contacts" search={{ tags: tag.id }} size="sm">
                            {tag.usageCount} {contactsWord(tag.usageCount)}
                          </AnchorLink>
                        )}
                      </Table.Td>
                      <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm" c="dimmed">
                          {formatDate(tag.createdAt, zone)}
                        </Text>
                      </Table.Td>
                      {isAdmin && (
                        <Table.Td>
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon aria-label={`Actions for ${tag.name}`}>
                                <IconDots size={18} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => openForm(tag)}>
                                Rename or recolour
                              </Menu.Item>
                              <Menu.Item
                                color="red"
                                leftSection={<IconTrash size={16} />}
                                onClick={() => setDeleting(tag)}
                              >
                                Delete tag
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                  {shown.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={isAdmin ? 4 : 3}>
                        <Text size="sm" c="dimmed" ta="center" py="md">
                          No tag matches “{find.trim()}”
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        </Stack>
      )}

      <TagFormModal opened={formOpened} onClose={formModal.close} tag={editing} />
      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete the tag ${deleting?.name ?? ''}?`}
        confirmLabel="Delete tag"
        danger
        onConfirm={() => (deleting ? remove(deleting) : Promise.resolve())}
      >
        {deleting && deleting.usageCount > 0
          ? `${deleting.usageCount} ${contactsWord(deleting.usageCount)} will lose it (archived ones included). Each contact's history records the removal. This cannot be undone.`
          : 'No contact carries it. This cannot be undone.'}
      </ConfirmDialog>
    </>
  );
}
