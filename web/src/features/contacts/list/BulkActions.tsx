// The bar that appears while contacts are selected, and its actions: tag, untag, assign an owner, archive, restore.
// A select-all sends the list's query instead of ids; the server refuses more than 10,000 and says so.
import {
  ActionBar,
  ActionIcon,
  Button,
  Group,
  Loader,
  MultiSelect,
  Select,
  Stack,
  TagsInput,
  Text,
  Tooltip,
} from '@mantine/core';
import { LazyModal } from '../../../components/LazyModal.tsx';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconRestore, IconTagMinus, IconTagPlus, IconUserShare } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { useSession } from '../../auth/useSession.ts';
import { tagsQuery } from '../../settings/contactLibrary.api.ts';
import { usersQuery } from '../../settings/settings.api.ts';
import { bulkUpdateContacts, refreshContacts, type BulkInput } from '../contactList.api.ts';
import type { Selection } from './ContactTable.tsx';
import { selectionQuery, type ContactListSearch } from './listSearch.ts';
import { GroupBulkButtons, GroupBulkDialog } from '../../segments/GroupBulkActions.tsx';

type Action = 'add_tags' | 'remove_tags' | 'assign_owner' | 'archive' | 'add_group' | 'remove_group';

export interface BulkActionsProps {
  selection: Selection;
  /** How many contacts are selected, as people should read it ("3", "about 12K"). */
  countText: string;
  /** Exact number selected when known, for "contact"/"contacts". */
  count: number;
  search: ContactListSearch;
  onClear(): void;
}

export function BulkActions({ selection, countText, count, search, onClear }: BulkActionsProps) {
  const { t } = useTranslation();
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
    mutationFn: () => run({ action: 'restore' }, (n) => t('contactList.bulk.restored', { count: n })),
    onError: (error) =>
      notifications.show({
        color: 'red',
        title: t('contactList.bulk.restoreFailed'),
        message: (error as Error).message,
      }),
  });

  const selectedWords = t('contactList.bulk.contacts', { count, formatted: countText });

  return (
    <>
      <ActionBar
        opened={opened}
        onClose={onClear}
        aria-label={t('contactList.bulk.label')}
        maw="calc(100vw - 24px)"
        px="xs"
      >
        <Text size="sm" fw={600} px="xs" style={{ whiteSpace: 'nowrap' }} aria-live="polite">
          {t('contactList.bulk.selected', { n: countText })}
        </Text>
        <ActionBar.Divider />
        {archived ? (
          <BarButton
            icon={<IconRestore size={16} />}
            label={t('contactList.bulk.restore')}
            loading={restore.isPending}
            onClick={() => restore.mutate()}
          />
        ) : (
          <>
            <BarButton
              icon={<IconTagPlus size={16} />}
              label={t('contactList.bulk.addTags')}
              onClick={() => setAction('add_tags')}
            />
            <BarButton
              icon={<IconTagMinus size={16} />}
              label={t('contactList.bulk.removeTags')}
              onClick={() => setAction('remove_tags')}
            />
            <GroupBulkButtons onOpen={(mode) => setAction(mode === 'add' ? 'add_group' : 'remove_group')} />
            <BarButton
              icon={<IconUserShare size={16} />}
              label={t('contactList.bulk.assignOwner')}
              onClick={() => setAction('assign_owner')}
            />
            <BarButton
              icon={<IconArchive size={16} />}
              label={t('contactList.bulk.archive')}
              onClick={() => setAction('archive')}
            />
          </>
        )}
        <ActionBar.Divider />
        <ActionBar.CloseButton aria-label={t('contactList.bulk.clear')} />
      </ActionBar>

      <AddTagsDialog
        opened={action === 'add_tags'}
        onClose={() => setAction(null)}
        selectedWords={selectedWords}
        onSubmit={(tagNames) =>
          run({ action: 'add_tags', tagNames }, (n) =>
            n === 0
              ? t('contactList.bulk.tagNothing')
              : t('contactList.bulk.tagged', { count: n, tags: tagNames.join(', ') }),
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
              ? t('contactList.bulk.untagNothing')
              : t('contactList.bulk.untagged', { count: n, tags: names.join(', ') }),
          )
        }
      />
      <GroupBulkDialog
        mode={action === 'add_group' ? 'add' : action === 'remove_group' ? 'remove' : null}
        onClose={() => setAction(null)}
        target={target}
        selectedWords={selectedWords}
        onDone={onClear}
      />
      <AssignOwnerDialog
        opened={action === 'assign_owner'}
        onClose={() => setAction(null)}
        selectedWords={selectedWords}
        onSubmit={(ownerId, name) =>
          run({ action: 'assign_owner', ownerId }, (n) =>
            n === 0 ? t('contactList.bulk.ownerNothing', { name }) : t('contactList.bulk.owned', { count: n, name }),
          )
        }
      />
      <BulkDialog
        opened={action === 'archive'}
        onClose={() => setAction(null)}
        title={t('contactList.bulk.archiveTitle', { selected: selectedWords })}
        confirmLabel={t('contactList.bulk.archive')}
        danger
        canSubmit
        onSubmit={() => run({ action: 'archive' }, (n) => t('contactList.bulk.archived', { count: n }))}
        working={t('contactList.bulk.archiving', { selected: selectedWords })}
      >
        <Text size="sm">{t('contactList.bulk.archiveText')}</Text>
      </BulkDialog>
    </>
  );
}

export function BarButton({
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
export function BulkDialog({
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
  const { t } = useTranslation();
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
    <LazyModal opened={opened} onClose={close} title={<Text fw={600}>{title}</Text>} size="md">
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
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={mutation.isPending} disabled={!canSubmit}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </LazyModal>
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
  const { t } = useTranslation();
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
      title={t('contactList.bulk.addTagsTitle', { selected: selectedWords })}
      confirmLabel={t('contactList.bulk.addTags')}
      canSubmit={names.length > 0}
      onSubmit={async () => {
        await onSubmit(names);
        setNames([]);
      }}
      working={t('contactList.bulk.tagging', { selected: selectedWords })}
    >
      <TagsInput
        label={t('contactList.bulk.tags')}
        description={t('contactList.bulk.tagsHelp')}
        placeholder={names.length ? undefined : t('contactList.bulk.tagsPlaceholder')}
        data={(tags.data ?? []).map((tag) => tag.name)}
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
  const { t } = useTranslation();
  const tags = useQuery({ ...tagsQuery, enabled: opened });
  const [ids, setIds] = useState<string[]>([]);
  const close = () => {
    setIds([]);
    onClose();
  };
  const names = ids.map((id) => tags.data?.find((tag) => tag.id === id)?.name ?? '');
  return (
    <BulkDialog
      opened={opened}
      onClose={close}
      title={t('contactList.bulk.removeTagsTitle', { selected: selectedWords })}
      confirmLabel={t('contactList.bulk.removeTags')}
      canSubmit={ids.length > 0}
      onSubmit={async () => {
        await onSubmit(ids, names);
        setIds([]);
      }}
      working={t('contactList.bulk.untagging', { selected: selectedWords })}
    >
      <MultiSelect
        label={t('contactList.bulk.tagsToRemove')}
        placeholder={ids.length ? undefined : t('contactList.bulk.pickTags')}
        data={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
        value={ids}
        onChange={setIds}
        searchable
        hidePickedOptions
        nothingFoundMessage={t(tags.isPending ? 'contactList.bulk.loadingTags' : 'contactList.bulk.noTagMatches')}
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
  const { t } = useTranslation();
  const { user: me } = useSession();
  const users = useQuery({ ...usersQuery('active'), enabled: opened });
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const close = () => {
    setOwnerId(null);
    onClose();
  };
  const data = (users.data ?? []).map((u) => ({
    value: u.id,
    label: u.id === me.id ? t('contactList.you', { name: u.name }) : u.name,
  }));
  const name = users.data?.find((u) => u.id === ownerId)?.name ?? '';
  return (
    <BulkDialog
      opened={opened}
      onClose={close}
      title={t('contactList.bulk.assignTitle', { selected: selectedWords })}
      confirmLabel={t('contactList.bulk.assignOwner')}
      canSubmit={Boolean(ownerId)}
      onSubmit={async () => {
        await onSubmit(ownerId!, name);
        setOwnerId(null);
      }}
      working={t('contactList.bulk.reassigning', { selected: selectedWords })}
    >
      <Select
        label={t('contactList.bulk.newOwner')}
        description={t('contactList.bulk.newOwnerHelp')}
        placeholder={t('contactList.bulk.pickUser')}
        data={data}
        value={ownerId}
        onChange={setOwnerId}
        searchable
        nothingFoundMessage={t(users.isPending ? 'contactList.bulk.loadingUsers' : 'contactList.bulk.noUserMatches')}
        openOnFocus={false}
        data-autofocus
      />
    </BulkDialog>
  );
}
