// The bar that appears while contacts are selected, and its actions: tag, untag, assign an owner, archive, restore.
// A select-all sends the list's query instead of ids; the server refuses more than 10,000 and says so.
import {
  ActionBar,
  ActionIcon,
  Button,
  Group,
  Loader,
  Modal,
  MultiSelect,
  Select,
  Stack,
  TagsInput,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconRestore, IconTagMinus, IconTagPlus, IconUserShare } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { useSession } from '../../auth/useSession.ts';
import { tagsQuery } from '../../settings/contactLibrary.api.ts';
import { usersQuery } from '../../settings/settings.api.ts';
import { bulkUpdateContacts, refreshContacts, type BulkInput } from '../contactList.api.ts';
import type { Selection } from './ContactTable.tsx';
import { selectionQuery, type ContactListSearch } from './listSearch.ts';

type Action = 'add_tags' | 'remove_tags' | 'assign_owner' | 'archive';

export interface BulkActionsProps {
  selection: Selection;
  /** How many contacts are selected, as people should read it ("3", "about 12K"). */
  countText: string;
  /** Exact number selected when known, for "contact"/"contacts". */
  count: number;
  search: ContactListSearch;
  onClear(): void;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export function BulkActions({ selection, countText, count, search, onClear }: BulkActionsProps) {
  const [action, setAction] = useState<Action | null>(null);
  const queryClient = useQueryClient();
  const archived = Boolean(search.archived);
  const target: Pick<BulkInput, 'ids' | 'selection'> = selection.all
    ? { selection: { all: true, query: selectionQuery(search) } }
    : { ids: [...selection.ids] };
  const opened = selection.all || selection.ids.size > 0;

  const run = async (body: Omit<BulkInput, 'ids' | 'selection'>, done: (affected: number) => string) => {
    const { affected } = await bulkUpdateContacts({ ...body, ...target } as BulkInput);
    await refreshContacts(queryClient, { tags: body.action === 'add_tags' || body.action === 'remove_tags' });
    notifications.show({ color: 'green', message: done(affected) });
    setAction(null);
    onClear();
  };

  const restore = useMutation({
    mutationFn: () => run({ action: 'restore' }, (n) => `${n} ${plural(n, 'contact', 'contacts')} restored`),
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Could not restore', message: (error as Error).message }),
  });

  const selectedWords = `${countText} ${plural(count, 'contact', 'contacts')}`;

  return (
    <>
      <ActionBar opened={opened} onClose={onClear} aria-label="Bulk actions" maw="calc(100vw - 24px)" px="xs">
        <Text size="sm" fw={600} px="xs" style={{ whiteSpace: 'nowrap' }} aria-live="polite">
          {countText} selected
        </Text>
        <ActionBar.Divider />
        {archived ? (
          <BarButton
            icon={<IconRestore size={16} />}
            label="Restore"
            loading={restore.isPending}
            onClick={() => restore.mutate()}
          />
        ) : (
          <>
            <BarButton icon={<IconTagPlus size={16} />} label="Add tags" onClick={() => setAction('add_tags')} />
            <BarButton icon={<IconTagMinus size={16} />} label="Remove tags" onClick={() => setAction('remove_tags')} />
            <BarButton
              icon={<IconUserShare size={16} />}
              label="Assign owner"
              onClick={() => setAction('assign_owner')}
            />
            <BarButton icon={<IconArchive size={16} />} label="Archive" onClick={() => setAction('archive')} />
          </>
        )}
        <ActionBar.Divider />
        <ActionBar.CloseButton aria-label="Clear selection" />
      </ActionBar>

      <AddTagsDialog
        opened={action === 'add_tags'}
        onClose={() => setAction(null)}
        selectedWords={selectedWords}
        onSubmit={(tagNames) =>
          run({ action: 'add_tags', tagNames }, (n) =>
            n === 0
              ? 'Nothing to change: they already have these tags'
              : `Tagged ${n} ${plural(n, 'contact', 'contacts')} with ${tagNames.join(', ')}`,
          )
        }
      />
      <RemoveTagsDialog
        opened={action === 'remove_tags'}
        onClose={() => setAction(null)}
        selectedWords={selectedWords}
        onSubmit={(tagIds, names) =>
          run({ action: 'remove_tags', tagIds }, (n) =>
            n === 0
              ? 'Nothing to change: none of them had these tags'
              : `Removed ${names.join(', ')} from ${n} ${plural(n, 'contact', 'contacts')}`,
          )
        }
      />
      <AssignOwnerDialog
        opened={action === 'assign_owner'}
        onClose={() => setAction(null)}
        selectedWords={selectedWords}
        onSubmit={(ownerId, name) =>
          run({ action: 'assign_owner', ownerId }, (n) =>
            n === 0
              ? `Nothing to change: ${name} already owns them`
              : `${n} ${plural(n, 'contact', 'contacts')} now owned by ${name}`,
          )
        }
      />
      <BulkDialog
        opened={action === 'archive'}
        onClose={() => setAction(null)}
        title={`Archive ${selectedWords}?`}
        confirmLabel="Archive"
        danger
        canSubmit
        onSubmit={() => run({ action: 'archive' }, (n) => `${n} ${plural(n, 'contact', 'contacts')} archived`)}
        working={`Archiving ${selectedWords}…`}
      >
        <Text size="sm">
          They leave the list and move to the archive with their notes, tasks and history. You can restore them from the
          archive at any time.
        </Text>
      </BulkDialog>
    </>
  );
}

function BarButton({
  icon,
  label,
  onClick,
  loading,
}: {
  icon: ReactNode;
  label: string;
  onClick(): void;
  loading?: boolean;
}) {
  return (
    <>
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={icon}
        onClick={onClick}
        loading={loading}
        visibleFrom="sm"
      >
        {label}
      </Button>
      <Tooltip label={label}>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={label} onClick={onClick} hiddenFrom="sm">
          {loading ? <Loader size={14} /> : icon}
        </ActionIcon>
      </Tooltip>
    </>
  );
}

/** A bulk action's dialog: it stays open while the server works and shows a refusal (e.g. too many) inside. */
function BulkDialog({
  opened,
  onClose,
  title,
  confirmLabel,
  danger,
  canSubmit,
  onSubmit,
  working,
  children,
}: {
  opened: boolean;
  onClose(): void;
  title: string;
  confirmLabel: string;
  danger?: boolean;
  canSubmit: boolean;
  onSubmit(): Promise<unknown>;
  working: string;
  children: ReactNode;
}) {
  const mutation = useMutation({ mutationFn: onSubmit });
  const close = () => {
    if (mutation.isPending) return;
    mutation.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (canSubmit && !mutation.isPending) mutation.mutate();
  };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>{title}</Text>} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {children}
          <ProblemAlert error={mutation.error} />
          {mutation.isPending && (
            <Group gap="xs" c="dimmed">
              <Loader size={14} />
              <Text size="sm">{working}</Text>
            </Group>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={mutation.isPending} disabled={!canSubmit}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface DialogProps {
  opened: boolean;
  onClose(): void;
  selectedWords: string;
}

function AddTagsDialog({
  opened,
  onClose,
  selectedWords,
  onSubmit,
}: DialogProps & { onSubmit(names: string[]): Promise<void> }) {
  const tags = useQuery({ ...tagsQuery, enabled: opened });
  const [names, setNames] = useState<string[]>([]);
  const close = () => {
    setNames([]);
    onClose();
  };
  return (
    <BulkDialog
      opened={opened}
      onClose={close}
      title={`Add tags to ${selectedWords}`}
      confirmLabel="Add tags"
      canSubmit={names.length > 0}
      onSubmit={async () => {
        await onSubmit(names);
        setNames([]);
      }}
      working={`Tagging ${selectedWords}…`}
    >
      <TagsInput
        label="Tags"
        description="Pick existing tags or type a new one and press Enter."
        placeholder={names.length ? undefined : 'e.g. VIP'}
        data={(tags.data ?? []).map((t) => t.name)}
        value={names}
        onChange={setNames}
        clearable
        maxTags={50}
        openOnFocus={false}
        data-autofocus
      />
    </BulkDialog>
  );
}

function RemoveTagsDialog({
  opened,
  onClose,
  selectedWords,
  onSubmit,
}: DialogProps & { onSubmit(ids: string[], names: string[]): Promise<void> }) {
  const tags = useQuery({ ...tagsQuery, enabled: opened });
  const [ids, setIds] = useState<string[]>([]);
  const close = () => {
    setIds([]);
    onClose();
  };
  const names = ids.map((id) => tags.data?.find((t) => t.id === id)?.name ?? '');
  return (
    <BulkDialog
      opened={opened}
      onClose={close}
      title={`Remove tags from ${selectedWords}`}
      confirmLabel="Remove tags"
      canSubmit={ids.length > 0}
      onSubmit={async () => {
        await onSubmit(ids, names);
        setIds([]);
      }}
      working={`Removing tags from ${selectedWords}…`}
    >
      <MultiSelect
        label="Tags to remove"
        placeholder={ids.length ? undefined : 'Pick tags'}
        data={(tags.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
        value={ids}
        onChange={setIds}
        searchable
        hidePickedOptions
        nothingFoundMessage={tags.isPending ? 'Loading tags…' : 'No tag matches'}
        openOnFocus={false}
        data-autofocus
      />
    </BulkDialog>
  );
}

function AssignOwnerDialog({
  opened,
  onClose,
  selectedWords,
  onSubmit,
}: DialogProps & { onSubmit(ownerId: string, name: string): Promise<void> }) {
  const { user: me } = useSession();
  const users = useQuery({ ...usersQuery('active'), enabled: opened });
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const close = () => {
    setOwnerId(null);
    onClose();
  };
  const data = (users.data ?? []).map((u) => ({ value: u.id, label: u.id === me.id ? `${u.name} (you)` : u.name }));
  const name = users.data?.find((u) => u.id === ownerId)?.name ?? '';
  return (
    <BulkDialog
      opened={opened}
      onClose={close}
      title={`Assign an owner to ${selectedWords}`}
      confirmLabel="Assign owner"
      canSubmit={Boolean(ownerId)}
      onSubmit={async () => {
        await onSubmit(ownerId!, name);
        setOwnerId(null);
      }}
      working={`Reassigning ${selectedWords}…`}
    >
      <Select
        label="New owner"
        description="They are notified once about the contacts they receive."
        placeholder="Pick a user"
        data={data}
        value={ownerId}
        onChange={setOwnerId}
        searchable
        nothingFoundMessage={users.isPending ? 'Loading users…' : 'No user matches'}
        openOnFocus={false}
        data-autofocus
      />
    </BulkDialog>
  );
}
