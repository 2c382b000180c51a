// The custom-field library, grouped by folder: admins add and edit fields and folders, hide a folder (the built-in
// Demographics one included) and archive fields; members see the library read-only.
import {
  ActionIcon,
  Badge,
  Button,
  Code,
  EmptyState,
  Group,
  Menu,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconDots,
  IconEye,
  IconEyeOff,
  IconFolder,
  IconFolderPlus,
  IconForms,
  IconPencil,
  IconPlus,
  IconRestore,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { problemMessage } from '../../components/ProblemAlert.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { fillCell } from '../../components/table.ts';
import { formatDate } from '../../lib/format.ts';
import { useIsAdmin, useUserZone } from '../auth/useSession.ts';
import {
  archiveCustomField,
  archivedCustomFieldsQuery,
  customFieldsQuery,
  deleteFolder,
  fieldFoldersQuery,
  restoreCustomField,
  updateFolder,
  type CustomFieldDto,
  type CustomFieldFolderDto,
} from './contactLibrary.api.ts';
import { CustomFieldFormModal } from './CustomFieldFormModal.tsx';
import { FieldFolderModal } from './FieldFolderModal.tsx';
import { fieldTypeInfo, isSelectType } from './fieldTypes.tsx';

type Pending =
  | { kind: 'field'; field?: CustomFieldDto; folderId?: string | null }
  | { kind: 'folder'; folder?: CustomFieldFolderDto }
  | { kind: 'archive'; field: CustomFieldDto }
  | { kind: 'delete-folder'; folder: CustomFieldFolderDto }
  | null;

export function CustomFieldsSettingsPage() {
  const isAdmin = useIsAdmin();
  const [showArchived, setShowArchived] = useState(false);
  const fields = useQuery(customFieldsQuery);
  const folders = useQuery(fieldFoldersQuery);
  const archived = useQuery({ ...archivedCustomFieldsQuery, enabled: showArchived });
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending>(null);
  const [fieldOpened, fieldModal] = useDisclosure(false);
  const [folderOpened, folderModal] = useDisclosure(false);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['custom-fields'] }),
      queryClient.invalidateQueries({ queryKey: ['contact'] }),
      queryClient.invalidateQueries({ queryKey: ['contacts'] }),
    ]);

  const openField = (field?: CustomFieldDto, folderId?: string | null) => {
    setPending({ kind: 'field', field, folderId });
    fieldModal.open();
  };
  const openFolder = (folder?: CustomFieldFolderDto) => {
    setPending({ kind: 'folder', folder });
    folderModal.open();
  };

  const toggleHidden = useMutation({
    mutationFn: (folder: CustomFieldFolderDto) => updateFolder(folder.id, { hidden: !folder.hidden }),
    onSuccess: async (saved) => {
      await refresh();
      notifications.show({
        color: 'green',
        message: saved.hidden
          ? `${saved.name} is hidden on contacts; its values are kept`
          : `${saved.name} shows on contacts again`,
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Could not change the folder', message: problemMessage(error) }),
  });
  const restore = useMutation({
    mutationFn: (field: CustomFieldDto) => restoreCustomField(field.id),
    onSuccess: async (saved) => {
      await refresh();
      notifications.show({ color: 'green', message: `${saved.label} is back on contacts` });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Could not restore the field', message: problemMessage(error) }),
  });

  const loading = fields.isPending || folders.isPending;
  const error = fields.error ?? folders.error;

  return (
    <>
      <PageHeader
        title="Custom fields"
        description="Extra fields on every contact, grouped in folders. Everyone fills them in; admins shape the library."
        actions={
          isAdmin && (
            <>
              <Button variant="default" leftSection={<IconFolderPlus size={16} />} onClick={() => openFolder()}>
                New folder
              </Button>
              <Button leftSection={<IconPlus size={16} />} onClick={() => openField()}>
                New field
              </Button>
            </>
          )
        }
      />
      <Stack gap="md">
        <SegmentedControl
          value={showArchived ? 'archived' : 'active'}
          onChange={(v) => setShowArchived(v === 'archived')}
          data={[
            { value: 'active', label: 'Fields' },
            { value: 'archived', label: 'Archived' },
          ]}
          aria-label="Show fields"
          w="fit-content"
        />
        {showArchived ? (
          archived.isPending ? (
            <LoadingRows />
          ) : archived.isError ? (
            <LoadError error={archived.error} onRetry={() => archived.refetch()} />
          ) : (
            <ArchivedFields
              fields={archived.data}
              isAdmin={isAdmin}
              restoring={restore.isPending ? restore.variables?.id : undefined}
              onRestore={(f) => restore.mutate(f)}
            />
          )
        ) : loading ? (
          <LoadingRows rows={6} />
        ) : error ? (
          <LoadError
            error={error}
            onRetry={() => {
              void fields.refetch();
              void folders.refetch();
            }}
          />
        ) : (
          <Library
            fields={fields.data ?? []}
            folders={folders.data ?? []}
            isAdmin={isAdmin}
            onAddField={(folderId) => openField(undefined, folderId)}
            onEditField={(f) => openField(f)}
            onArchiveField={(f) => setPending({ kind: 'archive', field: f })}
            onRenameFolder={(f) => openFolder(f)}
            onToggleFolder={(f) => toggleHidden.mutate(f)}
            onDeleteFolder={(f) => setPending({ kind: 'delete-folder', folder: f })}
          />
        )}
      </Stack>

      <CustomFieldFormModal
        opened={fieldOpened}
        onClose={fieldModal.close}
        field={pending?.kind === 'field' ? pending.field : undefined}
        folderId={pending?.kind === 'field' ? pending.folderId : undefined}
        folders={folders.data ?? []}
      />
      <FieldFolderModal
        opened={folderOpened}
        onClose={folderModal.close}
        folder={pending?.kind === 'folder' ? pending.folder : undefined}
      />
      <ConfirmDialog
        opened={pending?.kind === 'archive'}
        onClose={() => setPending(null)}
        title={pending?.kind === 'archive' ? `Archive ${pending.field.label}?` : ''}
        confirmLabel="Archive field"
        danger
        onConfirm={async () => {
          if (pending?.kind !== 'archive') return;
          await archiveCustomField(pending.field.id);
          await refresh();
          notifications.show({ color: 'green', message: `${pending.field.label} archived` });
        }}
      >
        It disappears from contacts, the list and filters. Contacts keep their values, and restoring the field brings
        them back.
      </ConfirmDialog>
      <ConfirmDialog
        opened={pending?.kind === 'delete-folder'}
        onClose={() => setPending(null)}
        title={pending?.kind === 'delete-folder' ? `Delete the folder ${pending.folder.name}?` : ''}
        confirmLabel="Delete folder"
        danger
        onConfirm={async () => {
          if (pending?.kind !== 'delete-folder') return;
          await deleteFolder(pending.folder.id);
          await refresh();
          notifications.show({ color: 'green', message: `Folder ${pending.folder.name} deleted` });
        }}
      >
        {pending?.kind === 'delete-folder' && pending.folder.fieldCount > 0
          ? `Its ${pending.folder.fieldCount} ${pending.folder.fieldCount === 1 ? 'field stays' : 'fields stay'} in the library, outside any folder. No value is lost.`
          : 'The folder is empty; nothing else changes.'}
      </ConfirmDialog>
    </>
  );
}

interface LibraryProps {
  fields: CustomFieldDto[];
  folders: CustomFieldFolderDto[];
  isAdmin: boolean;
  onAddField(folderId: string | null): void;
  onEditField(field: CustomFieldDto): void;
  onArchiveField(field: CustomFieldDto): void;
  onRenameFolder(folder: CustomFieldFolderDto): void;
  onToggleFolder(folder: CustomFieldFolderDto): void;
  onDeleteFolder(folder: CustomFieldFolderDto): void;
}

function Library(props: LibraryProps) {
  const { fields, folders, isAdmin } = props;
  const known = new Set(folders.map((f) => f.id));
  const unfiled = fields.filter((f) => !f.folderId || !known.has(f.folderId));
  if (fields.length === 0 && folders.length === 0) {
    return (
      <Paper withBorder py={48} px="md">
        <EmptyState
          icon={<IconForms size={26} stroke={1.6} />}
          variant="light"
          title="No custom fields yet"
          description={
            isAdmin
              ? 'Add the details your team tracks beyond names and numbers, e.g. “Budget” or “Property type”.'
              : 'An admin can add fields your team tracks on every contact; they will show here.'
          }
        >
          {isAdmin && (
            <EmptyState.Actions>
              <Button leftSection={<IconPlus size={16} />} onClick={() => props.onAddField(null)}>
                Create a field
              </Button>
            </EmptyState.Actions>
          )}
        </EmptyState>
      </Paper>
    );
  }
  return (
    <Stack gap="md">
      {folders.map((folder) => (
        <FolderSection
          key={folder.id}
          {...props}
          folder={folder}
          fields={fields.filter((f) => f.folderId === folder.id)}
        />
      ))}
      {(unfiled.length > 0 || folders.length === 0) && <FolderSection {...props} folder={null} fields={unfiled} />}
    </Stack>
  );
}

function FolderSection({
  folder,
  fields,
  isAdmin,
  onAddField,
  onEditField,
  onArchiveField,
  onRenameFolder,
  onToggleFolder,
  onDeleteFolder,
}: LibraryProps & { folder: CustomFieldFolderDto | null }) {
  const name = folder?.name ?? 'Not in a folder';
  return (
    <Paper withBorder data-testid="field-folder" aria-label={name} component="section">
      <Group
        justify="space-between"
        wrap="nowrap"
        px="md"
        py="sm"
        style={{ borderBottom: '1px solid var(--dossier-border)' }}
      >
        <Group gap="sm" wrap="nowrap" miw={0}>
          <IconFolder size={18} stroke={1.6} color="var(--mantine-color-dimmed)" aria-hidden />
          <Text fw={600} truncate="end" c={folder?.hidden ? 'dimmed' : undefined}>
            {name}
          </Text>
          {folder?.builtIn && (
            <Badge color="gray" variant="outline" size="sm" miw="max-content">
              Built in
            </Badge>
          )}
          {folder?.hidden && (
            <Tooltip label="Its fields are not shown on contacts; their values are kept.">
              <Badge color="orange" variant="light" size="sm" miw="max-content" leftSection={<IconEyeOff size={12} />}>
                Hidden on contacts
              </Badge>
            </Tooltip>
          )}
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }} visibleFrom="xs">
            {fields.length} {fields.length === 1 ? 'field' : 'fields'}
          </Text>
          {isAdmin && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon aria-label={`Actions for the folder ${name}`}>
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => onAddField(folder?.id ?? null)}>
                  Add a field here
                </Menu.Item>
                {folder && (
                  <>
                    <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onRenameFolder(folder)}>
                      Rename folder
                    </Menu.Item>
                    <Menu.Item
                      leftSection={folder.hidden ? <IconEye size={16} /> : <IconEyeOff size={16} />}
                      onClick={() => onToggleFolder(folder)}
                    >
                      {folder.hidden ? 'Show on contacts' : 'Hide on contacts'}
                    </Menu.Item>
                    {!folder.builtIn && (
                      <Menu.Item
                        color="red"
                        leftSection={<IconTrash size={16} />}
                        onClick={() => onDeleteFolder(folder)}
                      >
                        Delete folder
                      </Menu.Item>
                    )}
                  </>
                )}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
      {fields.length === 0 ? (
        <Text size="sm" c="dimmed" px="md" py="md">
          No fields in this folder yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={340} type="native">
          <Table opacity={folder?.hidden ? 0.7 : 1}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Field</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th visibleFrom="sm">Shown on</Table.Th>
                <Table.Th visibleFrom="sm" w={110}>
                  Required
                </Table.Th>
                {isAdmin && (
                  <Table.Th w={56}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.map((field) => (
                <FieldRow
                  key={field.id}
                  field={field}
                  isAdmin={isAdmin}
                  onEdit={() => onEditField(field)}
                  onArchive={() => onArchiveField(field)}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function typeDetail(field: CustomFieldDto): string | null {
  if (isSelectType(field.type)) return `${field.options.length} ${field.options.length === 1 ? 'choice' : 'choices'}`;
  if (field.type === 'currency' && field.currency) return field.currency;
  return null;
}

function FieldRow({
  field,
  isAdmin,
  onEdit,
  onArchive,
}: {
  field: CustomFieldDto;
  isAdmin: boolean;
  onEdit(): void;
  onArchive(): void;
}) {
  const info = fieldTypeInfo(field.type);
  const TypeIcon = info.icon;
  const detail = typeDetail(field);
  return (
    <Table.Tr data-testid="field-row">
      <Table.Td style={fillCell}>
        <Text size="sm" fw={500} truncate="end" title={field.label}>
          {field.label}
        </Text>
        <Code fz="xs" c="dimmed" bg="transparent" p={0}>
          {field.key}
        </Code>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Group gap={6} wrap="nowrap">
          <TypeIcon size={15} stroke={1.7} color="var(--mantine-color-dimmed)" aria-hidden />
          <Text size="sm">{info.label}</Text>
          {detail && (
            <Text size="xs" c="dimmed">
              · {detail}
            </Text>
          )}
        </Group>
      </Table.Td>
      <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" c={field.appliesToAll ? undefined : 'dimmed'}>
          {field.appliesToAll ? 'Every contact' : 'Contacts it was added to'}
        </Text>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        {field.required ? (
          <Badge color="red" variant="light" size="sm" miw="max-content">
            Required
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            Optional
          </Text>
        )}
      </Table.Td>
      {isAdmin && (
        <Table.Td>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon aria-label={`Actions for ${field.label}`}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={16} />} onClick={onEdit}>
                Edit field
              </Menu.Item>
              <Menu.Item color="red" leftSection={<IconArchive size={16} />} onClick={onArchive}>
                Archive field
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function ArchivedFields({
  fields,
  isAdmin,
  restoring,
  onRestore,
}: {
  fields: CustomFieldDto[];
  isAdmin: boolean;
  restoring?: string;
  onRestore(field: CustomFieldDto): void;
}) {
  const zone = useUserZone();
  if (fields.length === 0) {
    return (
      <Paper withBorder py={48} px="md">
        <EmptyState
          icon={<IconArchive size={26} stroke={1.6} />}
          variant="light"
          color="gray"
          title="No archived fields"
          description="Fields you archive wait here with their values kept, ready to be restored."
        />
      </Paper>
    );
  }
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={340} type="native">
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Field</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th visibleFrom="sm">Archived</Table.Th>
              {isAdmin && (
                <Table.Th w={120}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((field) => {
              const info = fieldTypeInfo(field.type);
              return (
                <Table.Tr key={field.id} data-testid="archived-field-row">
                  <Table.Td style={fillCell}>
                    <Text size="sm" fw={500} truncate="end">
                      {field.label}
                    </Text>
                    <Code fz="xs" c="dimmed" bg="transparent" p={0}>
                      {field.key}
                    </Code>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">{info.label}</Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm" c="dimmed">
                      {field.archivedAt ? formatDate(field.archivedAt, zone) : '—'}
                    </Text>
                  </Table.Td>
                  {isAdmin && (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        leftSection={<IconRestore size={14} />}
                        loading={restoring === field.id}
                        onClick={() => onRestore(field)}
                        aria-label={`Restore ${field.label}`}
                      >
                        Restore
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
