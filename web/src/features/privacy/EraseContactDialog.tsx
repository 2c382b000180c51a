// Erasing a contact's personal data (GDPR): an admin gives the reason and types the contact's name to confirm;
// nothing can bring the data back. A refusal (a contact with won business, delete_blocked) shows its reason.
import { Alert, List, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { TypeNameConfirmDialog } from '../../components/TypeNameConfirmDialog.tsx';
import { eraseContact, erasureRequestsQuery } from './privacy.api.ts';

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
  const erase = async (typed: string) => {
    await eraseContact({ contactId: contact.id, reason: reason.trim(), confirm: typed });
    queryClient.removeQueries({ queryKey: ['contact', contact.id] });
    void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    void queryClient.invalidateQueries({ queryKey: erasureRequestsQuery.queryKey });
    notifications.show({ color: 'gray', message: t('privacy.erase.done') });
    await navigate({ to: '/contacts' });
  };
  return (
    <TypeNameConfirmDialog
      opened={opened}
      onClose={onClose}
      name={contact.displayName}
      title={t('privacy.erase.question', { name: contact.displayName })}
      typeNameKey="privacy.erase.typeName"
      confirmLabel={t('privacy.erase.submit')}
      blockedTitle={t('privacy.erase.blocked')}
      ready={reason.trim().length >= 3}
      onConfirm={erase}
      onReset={() => setReason('')}
    >
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
    </TypeNameConfirmDialog>
  );
}
