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
  Text,
  Tooltip,
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
import { useTranslation } from '../../app/i18n.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { problemMessage } from '../../components/ProblemAlert.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { formatDate } from '../../lib/format.ts';
import { useIsAdmin, useUserZone } from '../auth/useSession.ts';
import { CollectionTable } from './collection/CollectionTable.tsx';
import { SettingsFormModal } from './collection/SettingsFormModal.tsx';
import {
  archiveCustomField,
  archivedCustomFieldsQuery,
  createFolder,
  customFieldsQuery,
  opportunityFieldsQuery,
  deleteFolder,
  fieldFoldersQuery,
  restoreCustomField,
  updateFolder,
  type CustomFieldDto,
  type CustomFieldFolderDto,
} from './contactLibrary.api.ts';
import { CustomFieldFormModal } from './CustomFieldFormModal.tsx';
import { fieldTypeInfo, isSelectType } from './fieldTypes.tsx';

/** Contacts show the fields; the list filters by them. */
const FIELD_VIEWS = [['custom-fields'], ['contact'], ['contacts']];

type Pending =
  | { kind: 'field'; field?: CustomFieldDto; folderId?: string | null }
  | { kind: 'folder'; folder?: CustomFieldFolderDto }
  | { kind: 'delete-folder'; folder: CustomFieldFolderDto }
  | null;

export function CustomFieldsSettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const [showArchived, setShowArchived] = useState(false);
  const [entity, setEntity] = useState<'contact' | 'opportunity'>('contact');
  const fields = useQuery(entity === 'contact' ? customFieldsQuery : opportunityFieldsQuery);
  const folders = useQuery(fieldFoldersQuery);
  const archived = useQuery({ ...archivedCustomFieldsQuery, enabled: showArchived });
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending>(null);
  const [fieldOpened, fieldModal] = useDisclosure(false);
  const [folderOpened, folderModal] = useDisclosure(false);

  const refresh = () => Promise.all(FIELD_VIEWS.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
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
        message: t(saved.hidden ? 'settings.fields.folderHidden' : 'settings.fields.folderShown', { name: saved.name }),
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('settings.fields.folderFailed'), message: problemMessage(error) }),
  });
  const restore = useMutation({
    mutationFn: (field: CustomFieldDto) => restoreCustomField(field.id),
    onSuccess: async (saved) => {
      await refresh();
      notifications.show({ color: 'green', message: t('settings.fields.restored', { name: saved.label }) });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('settings.fields.restoreFailed'), message: problemMessage(error) }),
  });

  const loading = fields.isPending || folders.isPending;
  const error = fields.error ?? folders.error;

  return (
    <>
      <PageHeader
        title={t('settings.fields.title')}
        description={t('settings.fields.description')}
        actions={
          isAdmin && (
            <>
              <Button variant="default" leftSection={<IconFolderPlus size={16} />} onClick={() => openFolder()}>
                {t('settings.fields.newFolder')}
              </Button>
              <Button leftSection={<IconPlus size={16} />} onClick={() => openField()}>
                {t('settings.fields.newField')}
              </Button>
            </>
          )
        }
      />
      <Stack gap="md">
        <SegmentedControl
          value={entity}
          onChange={(v) => setEntity(v as 'contact' | 'opportunity')}
          data={[
            { value: 'contact', label: t('pipelines.fieldsOf.contact') },
            { value: 'opportunity', label: t('pipelines.fieldsOf.opportunity') },
          ]}
          aria-label={t('pipelines.fieldsOf.label')}
          w="fit-content"
        />
        <SegmentedControl
          value={showArchived ? 'archived' : 'active'}
          onChange={(v) => setShowArchived(v === 'archived')}
          data={[
            { value: 'active', label: t('settings.fields.fields') },
            { value: 'archived', label: t('settings.fields.archived') },
          ]}
          aria-label={t('settings.fields.show')}
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
        entity={entity}
      />
      <FieldFolderModal
        opened={folderOpened}
        onClose={folderModal.close}
        folder={pending?.kind === 'folder' ? pending.folder : undefined}
      />
      <ConfirmDialog
        opened={pending?.kind === 'delete-folder'}
        onClose={() => setPending(null)}
        title={
          pending?.kind === 'delete-folder' ? t('settings.fields.deleteFolderTitle', { name: pending.folder.name }) : ''
        }
        confirmLabel={t('settings.fields.deleteFolder')}
        danger
        onConfirm={async () => {
          if (pending?.kind !== 'delete-folder') return;
          await deleteFolder(pending.folder.id);
          await refresh();
          notifications.show({
            color: 'green',
            message: t('settings.fields.folderDeleted', { name: pending.folder.name }),
          });
        }}
      >
        {pending?.kind === 'delete-folder' && pending.folder.fieldCount > 0
          ? t('settings.fields.deleteFolderFields', { count: pending.folder.fieldCount })
          : t('settings.fields.deleteFolderEmpty')}
      </ConfirmDialog>
    </>
  );
}

function FieldFolderModal({
  opened,
  onClose,
  folder,
}: {
  opened: boolean;
  onClose(): void;
  folder?: CustomFieldFolderDto;
}) {
  const { t } = useTranslation();
  return (
    <SettingsFormModal
      opened={opened}
      onClose={onClose}
      size="sm"
      title={folder ? t('settings.fields.renameNamed', { name: folder.name }) : t('settings.fields.newFolder')}
      formLabel={folder ? t('settings.fields.renameFolder') : t('settings.fields.newFolder')}
      itemKey={folder?.id ?? 'new'}
      initial={{ name: folder?.name ?? '' }}
      fields={[
        {
          kind: 'text',
          name: 'name',
          label: t('common.name'),
          placeholder: t('settings.fields.folderPlaceholder'),
          maxLength: 80,
        },
      ]}
      validate={(v) => ({ name: v.name.trim() ? undefined : t('settings.fields.nameFolder') })}
      submit={(v) =>
        folder ? updateFolder(folder.id, { name: v.name.trim() }) : createFolder({ name: v.name.trim() })
      }
      codeToField={{ name_taken: 'name' }}
      invalidate={[['custom-fields'], ['contact']]}
      saved={(saved) =>
        t(folder ? 'settings.fields.folderRenamed' : 'settings.fields.folderCreated', { name: saved.name })
      }
      submitLabel={folder ? t('settings.fields.rename') : t('settings.fields.createFolder')}
    />
  );
}

interface LibraryProps {
  fields: CustomFieldDto[];
  folders: CustomFieldFolderDto[];
  isAdmin: boolean;
  onAddField(folderId: string | null): void;
  onEditField(field: CustomFieldDto): void;
  onRenameFolder(folder: CustomFieldFolderDto): void;
  onToggleFolder(folder: CustomFieldFolderDto): void;
  onDeleteFolder(folder: CustomFieldFolderDto): void;
}

function Library(props: LibraryProps) {
  const { t } = useTranslation();
  const { fields, folders, isAdmin } = props;
  const known = new Set(folders.map((f) => f.id));
  const unfiled = fields.filter((f) => !f.folderId || !known.has(f.folderId));
  if (fields.length === 0 && folders.length === 0) {
    return (
      <Paper withBorder py={48} px="md">
        <EmptyState
          icon={<IconForms size={26} stroke={1.6} />}
          variant="light"
          title={t('settings.fields.emptyTitle')}
          description={isAdmin ? t('settings.fields.emptyAdmin') : t('settings.fields.emptyMember')}
        >
          {isAdmin && (
            <EmptyState.Actions>
              <Button leftSection={<IconPlus size={16} />} onClick={() => props.onAddField(null)}>
                {t('settings.fields.createFirst')}
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
  onRenameFolder,
  onToggleFolder,
  onDeleteFolder,
}: LibraryProps & { folder: CustomFieldFolderDto | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const name = folder?.name ?? t('settings.fields.noFolder');
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
              {t('settings.fields.builtIn')}
            </Badge>
          )}
          {folder?.hidden && (
            <Tooltip label={t('settings.fields.hiddenHelp')}>
              <Badge color="orange" variant="light" size="sm" miw="max-content" leftSection={<IconEyeOff size={12} />}>
                {t('settings.fields.hiddenOnContacts')}
              </Badge>
            </Tooltip>
          )}
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }} visibleFrom="xs">
            {t('settings.fields.fieldCount', { count: fields.length })}
          </Text>
          {isAdmin && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon aria-label={t('settings.fields.folderActions', { name })}>
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => onAddField(folder?.id ?? null)}>
                  {t('settings.fields.addHere')}
                </Menu.Item>
                {folder && (
                  <>
                    <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onRenameFolder(folder)}>
                      {t('settings.fields.renameFolder')}
                    </Menu.Item>
                    <Menu.Item
                      leftSection={folder.hidden ? <IconEye size={16} /> : <IconEyeOff size={16} />}
                      onClick={() => onToggleFolder(folder)}
                    >
                      {folder.hidden ? t('settings.fields.showOnContacts') : t('settings.fields.hideOnContacts')}
                    </Menu.Item>
                    {!folder.builtIn && (
                      <Menu.Item
                        color="red"
                        leftSection={<IconTrash size={16} />}
                        onClick={() => onDeleteFolder(folder)}
                      >
                        {t('settings.fields.deleteFolder')}
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
          {t('settings.fields.emptyFolder')}
        </Text>
      ) : (
        <CollectionTable
          bare
          opacity={folder?.hidden ? 0.7 : 1}
          rows={fields}
          rowKey={(f) => f.id}
          rowName={(f) => f.label}
          rowTestId="field-row"
          columns={[
            { key: 'label', header: t('settings.fields.field'), fill: true, cell: (f) => <FieldName field={f} /> },
            { key: 'type', header: t('settings.fields.type'), nowrap: true, cell: (f) => <FieldType field={f} /> },
            {
              key: 'applies',
              header: t('settings.fields.shownOn'),
              visibleFrom: 'sm',
              nowrap: true,
              cell: (f) => (
                <Text size="sm" c={f.appliesToAll ? undefined : 'dimmed'}>
                  {f.appliesToAll ? t('settings.fields.everyContact') : t('settings.fields.someContacts')}
                </Text>
              ),
            },
            {
              key: 'required',
              header: t('common.required'),
              visibleFrom: 'sm',
              width: 110,
              cell: (f) =>
                f.required ? (
                  <Badge color="red" variant="light" size="sm" miw="max-content">
                    {t('common.required')}
                  </Badge>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('common.optional')}
                  </Text>
                ),
            },
          ]}
          actions={
            isAdmin
              ? (field) => [
                  {
                    label: t('settings.fields.edit'),
                    icon: <IconPencil size={16} />,
                    onClick: (row) => onEditField(row),
                  },
                  {
                    label: t('settings.fields.archive'),
                    icon: <IconArchive size={16} />,
                    color: 'red',
                    confirm: () => ({
                      title: t('settings.fields.archiveTitle', { name: field.label }),
                      body: t('settings.fields.archiveText'),
                      confirmLabel: t('settings.fields.archive'),
                      danger: true,
                      run: async () => {
                        await archiveCustomField(field.id);
                        await Promise.all(FIELD_VIEWS.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
                      },
                      done: t('settings.fields.archivedToast', { name: field.label }),
                    }),
                  },
                ]
              : undefined
          }
        />
      )}
    </Paper>
  );
}

function FieldName({ field }: { field: CustomFieldDto }) {
  return (
    <>
      <Text size="sm" fw={500} truncate="end" title={field.label}>
        {field.label}
      </Text>
      <Code fz="xs" c="dimmed" bg="transparent" p={0}>
        {field.key}
      </Code>
    </>
  );
}

function FieldType({ field }: { field: CustomFieldDto }) {
  const { t } = useTranslation();
  const info = fieldTypeInfo(field.type);
  const TypeIcon = info.icon;
  const detail = isSelectType(field.type)
    ? t('settings.fields.choices', { count: field.options.length })
    : field.type === 'currency' && field.currency
      ? field.currency
      : null;
  return (
    <Group gap={6} wrap="nowrap">
      <TypeIcon size={15} stroke={1.7} color="var(--mantine-color-dimmed)" aria-hidden />
      <Text size="sm">{info.label}</Text>
      {detail && (
        <Text size="xs" c="dimmed">
          · {detail}
        </Text>
      )}
    </Group>
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
  const { t } = useTranslation();
  const zone = useUserZone();
  if (fields.length === 0) {
    return (
      <Paper withBorder py={48} px="md">
        <EmptyState
          icon={<IconArchive size={26} stroke={1.6} />}
          variant="light"
          color="gray"
          title={t('settings.fields.noArchivedTitle')}
          description={t('settings.fields.noArchivedText')}
        />
      </Paper>
    );
  }
  return (
    <CollectionTable
      rows={fields}
      rowKey={(f) => f.id}
      rowName={(f) => f.label}
      rowTestId="archived-field-row"
      columns={[
        { key: 'label', header: t('settings.fields.field'), fill: true, cell: (f) => <FieldName field={f} /> },
        {
          key: 'type',
          header: t('settings.fields.type'),
          nowrap: true,
          cell: (f) => <Text size="sm">{fieldTypeInfo(f.type).label}</Text>,
        },
        {
          key: 'archived',
          header: t('settings.fields.archivedAt'),
          visibleFrom: 'sm',
          nowrap: true,
          cell: (f) => (
            <Text size="sm" c="dimmed">
              {f.archivedAt ? formatDate(f.archivedAt, zone) : '—'}
            </Text>
          ),
        },
      ]}
      actions={
        isAdmin
          ? (field) => [
              {
                label: t('common.restore'),
                ariaLabel: t('settings.fields.restoreNamed', { name: field.label }),
                icon: <IconRestore size={14} />,
                inline: 'button',
                loading: restoring === field.id,
                onClick: (row) => onRestore(row),
              },
            ]
          : undefined
      }
    />
  );
}
