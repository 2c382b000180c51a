// Erasing a contact's personal data (GDPR): an admin gives the reason and types the contact's name to confirm;
// nothing can bring the data back. A refusal (a contact with won business, delete_blocked) shows its reason.
import { Alert, Button, Group, List, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api.ts';
import { eraseContact, erasureRequestsQuery, sameName } from './privacy.api.ts';

export function EraseContactDialog({
  contact,
  opened,
  onClose,
}: {
  contact: { id: string; displayName: string };
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const matches = sameName(typed, contact.displayName);
  const ready = matches && reason.trim().length >= 3;
  const blocked = error instanceof ApiError && error.code === 'delete_blocked';

  const close = () => {
    setReason('');
    setTyped('');
    setError(null);
    onClose();
  };
  const erase = async () => {
    setPending(true);
    setError(null);
    try {
      await eraseContact({ contactId: contact.id, reason: reason.trim(), confirm: typed });
      queryClient.removeQueries({ queryKey: ['contact', contact.id] });
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      void queryClient.invalidateQueries({ queryKey: erasureRequestsQuery.queryKey });
      notifications.show({ color: 'gray', message: t('privacy.erase.done') });
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
      title={<Text fw={600}>{t('privacy.erase.question', { name: contact.displayName })}</Text>}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void erase();
        }}
      >
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
            {t('privacy.erase.warning')}
          </Alert>
          <List size="sm" spacing={4}>
            <List.Item>{t('privacy.erase.deletes')}</List.Item>
            <List.Item>{t('privacy.erase.redacts')}</List.Item>
            <List.Item>{t('privacy.erase.keeps')}</List.Item>
          </List>
          <Textarea
            label={t('privacy.erase.reason')}
            description={t('privacy.erase.reasonHelp')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            rows={2}
            maxLength={2000}
            required
            data-autofocus
          />
          <TextInput
            label={
              <Trans
                i18nKey="privacy.erase.typeName"
                values={{ name: contact.displayName }}
                components={{ strong: <strong /> }}
              />
            }
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
          />
          {blocked ? (
            <Alert
              color="orange"
              variant="light"
              icon={<IconLock size={18} />}
              title={t('privacy.erase.blocked')}
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
            <Button type="submit" color="red" disabled={!ready || blocked} loading={pending}>
              {t('privacy.erase.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
