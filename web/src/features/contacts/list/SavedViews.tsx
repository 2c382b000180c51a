// Saved views: each user's named searches (query, sort and columns). Open one from the menu; save, update, rename
// or delete them from there too.
import { Button, Menu, Stack, Text, TextInput, Group } from '@mantine/core';
import { LazyModal } from '../../../components/LazyModal.tsx';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconChevronDown,
  IconDeviceFloppy,
  IconLayoutList,
  IconListDetails,
  IconPencil,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { splitProblem } from '../../../lib/forms.ts';
import {
  createSavedView,
  deleteSavedView,
  savedViewsQuery,
  updateSavedView,
  type SavedViewDto,
} from '../contactList.api.ts';
import { compact, listQueryOf, sameQuery, searchFromView, splitList, type ContactListSearch } from './listSearch.ts';

/** The view the list was opened from, and whether the list has moved away from it since. */
export function useOpenView(search: ContactListSearch): { view: SavedViewDto | null; modified: boolean } {
  const views = useQuery(savedViewsQuery);
  const view = search.viewId ? (views.data?.find((v) => v.id === search.viewId) ?? null) : null;
  if (!view) return { view: null, modified: false };
  const saved = searchFromView(view);
  return { view, modified: !sameQuery(saved, search) || (saved.cols ?? '') !== (search.cols ?? '') };
}

type Dialog = { kind: 'rename'; view: SavedViewDto } | { kind: 'delete'; view: SavedViewDto } | null;

export function SavedViewsMenu({
  search,
  onOpen,
  onSaveAs,
}: {
  search: ContactListSearch;
  onOpen(next: ContactListSearch): void;
  onSaveAs(): void;
}) {
  const { t } = useTranslation();
  const views = useQuery(savedViewsQuery);
  const { view: current, modified } = useOpenView(search);
  const [dialog, setDialog] = useState<Dialog>(null);
  const queryClient = useQueryClient();

  const update = useMutation({
    mutationFn: (view: SavedViewDto) =>
      updateSavedView(view.id, { query: listQueryOf(search), columns: splitList(search.cols) }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['saved-views'] });
      notifications.show({ color: 'green', message: t('contactList.views.updated', { name: saved.name }) });
    },
    onError: (error) =>
      notifications.show({
        color: 'red',
        title: t('contactList.views.updateFailed'),
        message: (error as Error).message,
      }),
  });

  const remove = async (view: SavedViewDto) => {
    await deleteSavedView(view.id);
    await queryClient.invalidateQueries({ queryKey: ['saved-views'] });
    if (search.viewId === view.id) onOpen(compact({ ...search, viewId: undefined }));
    notifications.show({ color: 'green', message: t('contactList.views.deleted', { name: view.name }) });
  };

  return (
    <>
      <Menu position="bottom-end" width={280} withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconLayoutList size={16} stroke={1.7} />}
            rightSection={<IconChevronDown size={14} />}
            maw={260}
            styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis' } }}
          >
            {current ? current.name : t('contactList.views.views')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('contactList.views.yours')}</Menu.Label>
          <Menu.Item
            leftSection={<IconListDetails size={16} />}
            rightSection={!search.viewId ? <IconCheck size={14} /> : undefined}
            onClick={() => onOpen({})}
          >
            {t('contactList.views.all')}
          </Menu.Item>
          {views.isError && (
            <Text size="xs" c="red" px="sm" py={4}>
              {t('contactList.views.loadFailed')}
            </Text>
          )}
          {views.data?.map((v) => (
            <Menu.Item
              key={v.id}
              leftSection={<IconLayoutList size={16} />}
              rightSection={v.id === current?.id ? <IconCheck size={14} /> : undefined}
              onClick={() => onOpen(searchFromView(v))}
            >
              <Text size="sm" truncate="end" title={v.name}>
                {v.name}
              </Text>
            </Menu.Item>
          ))}
          {views.data?.length === 0 && (
            <Text size="xs" c="dimmed" px="sm" py={6}>
              {t('contactList.views.emptyHint')}
            </Text>
          )}
          <Menu.Divider />
          {current && modified && (
            <Menu.Item leftSection={<IconDeviceFloppy size={16} />} onClick={() => update.mutate(current)}>
              {t('contactList.views.saveChanges', { name: current.name })}
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconPlus size={16} />} onClick={onSaveAs}>
            {t('contactList.views.saveAsNew')}
          </Menu.Item>
          {current && (
            <>
              <Menu.Item
                leftSection={<IconPencil size={16} />}
                onClick={() => setDialog({ kind: 'rename', view: current })}
              >
                {t('contactList.views.rename')}
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => setDialog({ kind: 'delete', view: current })}
              >
                {t('contactList.views.delete')}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>

      <ViewNameDialog
        opened={dialog?.kind === 'rename'}
        onClose={() => setDialog(null)}
        title={t('contactList.views.renameTitle')}
        confirmLabel={t('contactList.views.renameConfirm')}
        initialName={dialog?.kind === 'rename' ? dialog.view.name : ''}
        onSubmit={async (name) => {
          if (dialog?.kind !== 'rename') return;
          await updateSavedView(dialog.view.id, { name });
          await queryClient.invalidateQueries({ queryKey: ['saved-views'] });
          notifications.show({ color: 'green', message: t('contactList.views.renamed', { name }) });
        }}
      />
      <ConfirmDialog
        opened={dialog?.kind === 'delete'}
        onClose={() => setDialog(null)}
        title={dialog?.kind === 'delete' ? t('contactList.views.deleteTitle', { name: dialog.view.name }) : ''}
        confirmLabel={t('contactList.views.deleteConfirm')}
        danger
        onConfirm={() => (dialog?.kind === 'delete' ? remove(dialog.view) : Promise.resolve())}
      >
        {t('contactList.views.deleteText')}
      </ConfirmDialog>
    </>
  );
}

/** Saves the list as it is now as a new view, then shows the list as that view. */
export function SaveViewDialog({
  opened,
  onClose,
  search,
  onSaved,
}: {
  opened: boolean;
  onClose(): void;
  search: ContactListSearch;
  onSaved(next: ContactListSearch): void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <ViewNameDialog
      opened={opened}
      onClose={onClose}
      title={t('contactList.views.save')}
      confirmLabel={t('contactList.views.save')}
      initialName=""
      onSubmit={async (name) => {
        const saved = await createSavedView({ name, query: listQueryOf(search), columns: splitList(search.cols) });
        await queryClient.invalidateQueries({ queryKey: ['saved-views'] });
        onSaved(searchFromView(saved));
        notifications.show({ color: 'green', message: t('contactList.views.saved', { name: saved.name }) });
      }}
    />
  );
}

/** "Save view" beside the filters, for a list that is narrowed and not yet a view. */
export function SaveViewButton({ onClick }: { onClick(): void }) {
  const { t } = useTranslation();
  return (
    <Button variant="subtle" size="compact-sm" leftSection={<IconDeviceFloppy size={15} />} onClick={onClick}>
      {t('contactList.views.save')}
    </Button>
  );
}

export function ViewNameDialog({
  opened,
  onClose,
  title,
  confirmLabel,
  initialName,
  onSubmit,
}: {
  opened: boolean;
  onClose(): void;
  title: string;
  confirmLabel: string;
  initialName: string;
  onSubmit(name: string): Promise<void>;
}) {
  return (
    <LazyModal opened={opened} onClose={onClose} title={<Text fw={600}>{title}</Text>} size="sm">
      {/* Keyed by the name so that each opening starts from the view's current name. */}
      <ViewNameForm key={`${opened}-${initialName}`} {...{ onClose, confirmLabel, initialName, onSubmit }} />
    </LazyModal>
  );
}

function ViewNameForm({
  onClose,
  confirmLabel,
  initialName,
  onSubmit,
}: {
  onClose(): void;
  confirmLabel: string;
  initialName: string;
  onSubmit(name: string): Promise<void>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(initialName);
  const [empty, setEmpty] = useState(false);
  const mutation = useMutation({ mutationFn: onSubmit, onSuccess: onClose });
  const problem = splitProblem(mutation.error, ['name'] as const);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setEmpty(true);
      return;
    }
    mutation.mutate(name.trim());
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label={t('contactList.views.name')}
          placeholder={t('contactList.views.namePlaceholder')}
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setEmpty(false);
            mutation.reset();
          }}
          error={empty ? t('contactList.views.nameIt') : problem.fields.name}
          maxLength={80}
          data-autofocus
        />
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
