// Saved views: each user's named searches (query, sort and columns). Open one from the menu; save, update, rename
// or delete them from there too.
import { Button, Menu, Modal, Stack, Text, TextInput, Group } from '@mantine/core';
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
  const views = useQuery(savedViewsQuery);
  const { view: current, modified } = useOpenView(search);
  const [dialog, setDialog] = useState<Dialog>(null);
  const queryClient = useQueryClient();

  const update = useMutation({
    mutationFn: (view: SavedViewDto) =>
      updateSavedView(view.id, { query: listQueryOf(search), columns: splitList(search.cols) }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['saved-views'] });
      notifications.show({ color: 'green', message: `View “${saved.name}” updated` });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Could not update the view', message: (error as Error).message }),
  });

  const remove = async (view: SavedViewDto) => {
    await deleteSavedView(view.id);
    await queryClient.invalidateQueries({ queryKey: ['saved-views'] });
    if (search.viewId === view.id) onOpen(compact({ ...search, viewId: undefined }));
    notifications.show({ color: 'green', message: `View “${view.name}” deleted` });
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
            {current ? current.name : 'Views'}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Your views</Menu.Label>
          <Menu.Item
            leftSection={<IconListDetails size={16} />}
            rightSection={!search.viewId ? <IconCheck size={14} /> : undefined}
            onClick={() => onOpen({})}
          >
            All contacts
          </Menu.Item>
          {views.isError && (
            <Text size="xs" c="red" px="sm" py={4}>
              Could not load your views
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
              Save a search with its filters and sort to come back to it in one click.
            </Text>
          )}
          <Menu.Divider />
          {current && modified && (
            <Menu.Item leftSection={<IconDeviceFloppy size={16} />} onClick={() => update.mutate(current)}>
              Save changes to “{current.name}”
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconPlus size={16} />} onClick={onSaveAs}>
            Save as new view…
          </Menu.Item>
          {current && (
            <>
              <Menu.Item
                leftSection={<IconPencil size={16} />}
                onClick={() => setDialog({ kind: 'rename', view: current })}
              >
                Rename view…
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => setDialog({ kind: 'delete', view: current })}
              >
                Delete view…
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>

      <ViewNameDialog
        opened={dialog?.kind === 'rename'}
        onClose={() => setDialog(null)}
        title="Rename view"
        confirmLabel="Rename"
        initialName={dialog?.kind === 'rename' ? dialog.view.name : ''}
        onSubmit={async (name) => {
          if (dialog?.kind !== 'rename') return;
          await updateSavedView(dialog.view.id, { name });
          await queryClient.invalidateQueries({ queryKey: ['saved-views'] });
          notifications.show({ color: 'green', message: `View renamed to “${name}”` });
        }}
      />
      <ConfirmDialog
        opened={dialog?.kind === 'delete'}
        onClose={() => setDialog(null)}
        title={dialog?.kind === 'delete' ? `Delete the view “${dialog.view.name}”?` : ''}
        confirmLabel="Delete view"
        danger
        onConfirm={() => (dialog?.kind === 'delete' ? remove(dialog.view) : Promise.resolve())}
      >
        Only the saved view goes; no contact changes.
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
  const queryClient = useQueryClient();
  return (
    <ViewNameDialog
      opened={opened}
      onClose={onClose}
      title="Save view"
      confirmLabel="Save view"
      initialName=""
      onSubmit={async (name) => {
        const saved = await createSavedView({ name, query: listQueryOf(search), columns: splitList(search.cols) });
        await queryClient.invalidateQueries({ queryKey: ['saved-views'] });
        onSaved(searchFromView(saved));
        notifications.show({ color: 'green', message: `View “${saved.name}” saved` });
      }}
    />
  );
}

/** "Save view" beside the filters, for a list that is narrowed and not yet a view. */
export function SaveViewButton({ onClick }: { onClick(): void }) {
  return (
    <Button variant="subtle" size="compact-sm" leftSection={<IconDeviceFloppy size={15} />} onClick={onClick}>
      Save view
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
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{title}</Text>} size="sm">
      {/* Keyed by the name so that each opening starts from the view's current name. */}
      <ViewNameForm key={`${opened}-${initialName}`} {...{ onClose, confirmLabel, initialName, onSubmit }} />
    </Modal>
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
          label="Name"
          placeholder="e.g. Hot leads in Berlin"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setEmpty(false);
            mutation.reset();
          }}
          error={empty ? 'Name the view' : problem.fields.name}
          maxLength={80}
          data-autofocus
        />
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
