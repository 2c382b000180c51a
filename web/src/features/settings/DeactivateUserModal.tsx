// Deactivate a user: they are signed out everywhere and can no longer sign in. What they are responsible for —
// contacts they own, open tasks, calendars they own — is handed to a colleague in the same step (one for all,
// or one per kind); the server does it all in one transaction.
import { Alert, Button, Checkbox, Group, List, Select, Stack, Text } from '@mantine/core';
import { LazyModal } from '../../components/LazyModal.tsx';
import { notifications } from '@mantine/notifications';
import { IconAddressBook, IconCalendar, IconChecklist } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import {
  deactivateUser,
  deactivationImpactQuery,
  usersQuery,
  type DeactivationImpactDto,
  type HandoverTargets,
  type UserDto,
} from './settings.api.ts';

type Kind = keyof DeactivationImpactDto;
const KINDS: { kind: Kind; icon: ReactNode }[] = [
  { kind: 'contacts', icon: <IconAddressBook size={16} /> },
  { kind: 'openTasks', icon: <IconChecklist size={16} /> },
  { kind: 'calendars', icon: <IconCalendar size={16} /> },
];

export function DeactivateUserModal({ user, onClose }: { user: UserDto | null; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <LazyModal
      opened={user !== null}
      onClose={onClose}
      title={<Text fw={600}>{user ? t('settings.users.deactivateTitle', { name: user.name }) : ''}</Text>}
      size="lg"
    >
      {user && <DeactivateForm key={user.id} user={user} onDone={onClose} />}
    </LazyModal>
  );
}

function DeactivateForm({ user, onDone }: { user: UserDto; onDone(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const impact = useQuery(deactivationImpactQuery(user.id));
  const colleagues = useQuery(usersQuery('active'));
  const [everything, setEverything] = useState<string | null>(null);
  const [perKind, setPerKind] = useState(false);
  const [byKind, setByKind] = useState<Partial<Record<Kind, string | null>>>({});
  const [missing, setMissing] = useState(false);
  const mutation = useMutation({
    mutationFn: (targets: HandoverTargets) => deactivateUser(user.id, targets),
    onSuccess: async (saved) => {
      await Promise.all(
        [['users'], ['contacts'], ['contact'], ['tasks'], ['calendars']].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      );
      notifications.show({ color: 'green', message: t('settings.users.deactivated', { name: saved.name }) });
      onDone();
    },
  });

  if (impact.isPending) return <LoadingRows rows={3} />;
  if (impact.isError) return <LoadError error={impact.error} onRetry={() => impact.refetch()} />;

  const counts = impact.data;
  const kinds = KINDS.filter(({ kind }) => counts[kind] > 0);
  const options = (colleagues.data ?? []).filter((u) => u.id !== user.id).map((u) => ({ value: u.id, label: u.name }));
  const targetOf = (kind: Kind) => (perKind ? (byKind[kind] ?? null) : everything);
  // Contacts cannot be left without an owner; tasks and calendars may stay where they are.
  const needsTarget = counts.contacts > 0 && !targetOf('contacts');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (needsTarget) {
      setMissing(true);
      return;
    }
    const targets: HandoverTargets = perKind
      ? {
          contactsTo: byKind.contacts ?? undefined,
          openTasksTo: byKind.openTasks ?? undefined,
          calendarsTo: byKind.calendars ?? undefined,
        }
      : { reassignTo: everything ?? undefined };
    mutation.mutate(targets);
  };
  const change = (apply: () => void) => {
    apply();
    setMissing(false);
    mutation.reset();
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.users.deactivate')}>
      <Stack gap="md">
        <Text size="sm">{t('settings.users.deactivateText')}</Text>
        {kinds.length > 0 && (
          <>
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                {t('settings.handover.leaves', { name: user.name })}
              </Text>
              <List spacing={4} size="sm" data-testid="handover-counts">
                {kinds.map(({ kind, icon }) => (
                  <List.Item key={kind} icon={icon}>
                    {t(`settings.handover.count.${kind}`, { count: counts[kind] })}
                  </List.Item>
                ))}
              </List>
            </Stack>
            {perKind ? (
              kinds.map(({ kind }) => (
                <Select
                  key={kind}
                  label={t(`settings.handover.to.${kind}`)}
                  placeholder={
                    kind === 'contacts'
                      ? t('settings.handover.pick')
                      : t('settings.handover.leaveWith', { name: user.name })
                  }
                  data={options}
                  value={byKind[kind] ?? null}
                  onChange={(value) => change(() => setByKind((b) => ({ ...b, [kind]: value })))}
                  error={kind === 'contacts' && missing ? t('settings.handover.pickContacts') : undefined}
                  searchable
                  clearable={kind !== 'contacts'}
                  comboboxProps={{ withinPortal: true }}
                />
              ))
            ) : (
              <Select
                label={t('settings.handover.everythingTo')}
                placeholder={t('settings.handover.pick')}
                data={options}
                value={everything}
                onChange={(value) => change(() => setEverything(value))}
                error={missing ? t('settings.handover.pickContacts') : undefined}
                searchable
                clearable={counts.contacts === 0}
                comboboxProps={{ withinPortal: true }}
              />
            )}
            {kinds.length > 1 && (
              <Checkbox
                label={t('settings.handover.perKind')}
                checked={perKind}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  change(() => {
                    setPerKind(on);
                    if (on) setByKind({ contacts: everything, openTasks: everything, calendars: everything });
                  });
                }}
              />
            )}
            {kinds.some(({ kind }) => kind !== 'contacts' && !targetOf(kind)) && (
              <Alert variant="light" color="gray">
                {t('settings.handover.staysWith', { name: user.name })}
              </Alert>
            )}
          </>
        )}
        <ProblemAlert error={mutation.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red" loading={mutation.isPending}>
            {kinds.length > 0 ? t('settings.handover.submit') : t('settings.users.deactivate')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
