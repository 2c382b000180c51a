// Deleting an archived contact for good: the user types the contact's name first; a refusal (delete_blocked,
// e.g. a payment keeps it) is shown in place with the server's reason.
import { Button, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { LazyModal } from '../../../components/LazyModal.tsx';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Trans } from 'react-i18next';
import { useTranslation } from '../../../app/i18n.ts';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { ApiError } from '../../../lib/api.ts';

const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

export function DeleteForeverDialog({
  contact,
  onClose,
  onDelete,
}: {
  contact: { id: string; displayName: string } | null;
  onClose(): void;
  onDelete(contact: { id: string; displayName: string }): Promise<void>;
}) {
  const { t } = useTranslation();
  return (
    <LazyModal
      opened={contact !== null}
      onClose={onClose}
      title={<Text fw={600}>{t('contactList.delete.title', { name: contact?.displayName ?? '' })}</Text>}
      size="md"
    >
      {contact && <DeleteForm key={contact.id} contact={contact} onClose={onClose} onDelete={onDelete} />}
    </LazyModal>
  );
}

function DeleteForm({
  contact,
  onClose,
  onDelete,
}: {
  contact: { id: string; displayName: string };
  onClose(): void;
  onDelete(contact: { id: string; displayName: string }): Promise<void>;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const mutation = useMutation({ mutationFn: () => onDelete(contact), onSuccess: onClose });
  const matches = same(typed, contact.displayName);
  const blocked = mutation.error instanceof ApiError && mutation.error.code === 'delete_blocked';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (matches) mutation.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('contactList.delete.intro')}</Text>
        <List size="sm" spacing={2} withPadding>
          <List.Item>{t('contactList.delete.channels')}</List.Item>
          <List.Item>{t('contactList.delete.activity')}</List.Item>
        </List>
        <Text size="sm" c="dimmed">
          {t('contactList.delete.audit')}
        </Text>
        <TextInput
          label={
            <Trans
              i18nKey="contactList.delete.typeToConfirm"
              values={{ name: contact.displayName }}
              components={{ b: <b /> }}
            />
          }
          value={typed}
          onChange={(e) => {
            setTyped(e.currentTarget.value);
            mutation.reset();
          }}
          autoComplete="off"
          data-autofocus
        />
        <ProblemAlert error={mutation.error} title={blocked ? t('contactList.delete.blocked') : undefined} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red" disabled={!matches || blocked} loading={mutation.isPending}>
            {t('contactList.delete.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
