// The list's bulk actions for groups: put the selected contacts in a group, or take them out of one.
import { Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUsersMinus, IconUsersPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { refreshContacts } from '../contacts/contactList.api.ts';
import { BarButton, BulkDialog } from '../contacts/list/BulkActions.tsx';
import { addToGroup, groupsQuery, removeFromGroup, type MembersInput } from './segments.api.ts';

type Mode = 'add' | 'remove';

export function GroupBulkButtons({ onOpen }: { onOpen(mode: Mode): void }) {
  const { t } = useTranslation();
  return (
    <>
      <BarButton icon={<IconUsersPlus size={16} />} label={t('segments.bulk.add')} onClick={() => onOpen('add')} />
      <BarButton
        icon={<IconUsersMinus size={16} />}
        label={t('segments.bulk.remove')}
        onClick={() => onOpen('remove')}
      />
    </>
  );
}

export function GroupBulkDialog({
  mode,
  onClose,
  target,
  selectedWords,
  onDone,
}: {
  mode: Mode | null;
  onClose(): void;
  target: MembersInput;
  selectedWords: string;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const groups = useQuery(groupsQuery);
  const [groupId, setGroupId] = useState<string | null>(null);
  const group = groups.data?.find((g) => g.id === groupId);
  const close = () => {
    setGroupId(null);
    onClose();
  };
  const submit = async () => {
    const { affected } = await (mode === 'add' ? addToGroup : removeFromGroup)(groupId!, target);
    await Promise.all([refreshContacts(queryClient), queryClient.invalidateQueries({ queryKey: ['groups'] })]);
    notifications.show({
      color: 'green',
      message:
        affected === 0
          ? t(`segments.bulk.${mode}Nothing`, { group: group?.name })
          : t(`segments.bulk.${mode}Done`, { count: affected, group: group?.name }),
    });
    close();
    onDone();
  };
  const empty = groups.data?.length === 0;
  return (
    <BulkDialog
      opened={mode !== null}
      onClose={close}
      title={t(`segments.bulk.${mode ?? 'add'}Title`, { selected: selectedWords })}
      confirmLabel={t(`segments.bulk.${mode ?? 'add'}`)}
      canSubmit={Boolean(groupId)}
      onSubmit={submit}
      working={t('segments.bulk.working', { selected: selectedWords })}
    >
      {empty ? (
        <Text size="sm">
          {t('segments.bulk.noGroups')}{' '}
          <AnchorLink to="/settings/groups" size="sm">
            {t('segments.bulk.createGroup')}
          </AnchorLink>
        </Text>
      ) : (
        <Select
          label={t('segments.bulk.group')}
          placeholder={t('segments.bulk.chooseGroup')}
          data={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
          value={groupId}
          onChange={setGroupId}
          searchable
          data-autofocus
        />
      )}
      {mode === 'remove' && (
        <Text size="xs" c="dimmed">
          {t('segments.bulk.removeNote')}
        </Text>
      )}
    </BulkDialog>
  );
}
