// Deleting an archived contact for good: the user types the contact's name to confirm; a refusal (delete_blocked,
// e.g. the contact is part of a financial transaction) is shown in the dialog with the server's reason.
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../../components/ProblemAlert.tsx';
import { ApiError } from '../../../../lib/api.ts';
import { useContactActions } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';

export function DeletePermanentlyDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const matches = typed.trim().toLowerCase() === contact.displayName.trim().toLowerCase();
  const blocked = error instanceof ApiError && error.code === 'delete_blocked';

  const close = () => {
    setTyped('');
    setError(null);
    onClose();
  };
  const remove = async () => {
    setPending(true);
    setError(null);
    try {
      await actions.deletePermanently();
      queryClient.removeQueries({ queryKey: ['contact', contact.id] });
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      notifications.show({ color: 'gray', message: t('contactPage.delete.done', { name: contact.displayName }) });
      close();
      await navigate({ to: '/contacts' });
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={600}>{t('contactPage.delete.question', { name: contact.displayName })}</Text>}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (matches) void remove();
        }}
      >
        <Stack gap="md">
          <Text size="sm">{t('contactPage.delete.text')}</Text>
          <TextInput
            label={
              <Trans
                i18nKey="contactPage.delete.typeName"
                values={{ name: contact.displayName }}
                components={{ strong: <strong /> }}
              />
            }
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            data-autofocus
          />
          {blocked ? (
            <Alert
              color="orange"
              variant="light"
              icon={<IconLock size={18} />}
              title={t('contactPage.delete.blocked')}
              role="alert"
            >
              {(error as ApiError).detail}
            </Alert>
          ) : (
            <ProblemAlert error={error} />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={pending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" disabled={!matches || blocked} loading={pending}>
              {t('contactPage.delete.title')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
