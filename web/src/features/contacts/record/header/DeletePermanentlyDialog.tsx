// Deleting an archived contact for good: the user types the contact's name to confirm; a refusal (delete_blocked,
// e.g. the contact is part of a financial transaction) is shown in the dialog with the server's reason.
import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from '../../../../app/i18n.ts';
import { TypeNameConfirmDialog } from '../../../../components/TypeNameConfirmDialog.tsx';
import { useContactActions } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';

export function DeletePermanentlyDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = async () => {
    await actions.deletePermanently();
    queryClient.removeQueries({ queryKey: ['contact', contact.id] });
    void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    notifications.show({ color: 'gray', message: t('contactPage.delete.done', { name: contact.displayName }) });
    await navigate({ to: '/contacts' });
  };
  return (
    <TypeNameConfirmDialog
      opened={opened}
      onClose={onClose}
      name={contact.displayName}
      title={t('contactPage.delete.question', { name: contact.displayName })}
      typeNameKey="contactPage.delete.typeName"
      confirmLabel={t('contactPage.delete.title')}
      blockedTitle={t('contactPage.delete.blocked')}
      onConfirm={remove}
    >
      <Text size="sm">{t('contactPage.delete.text')}</Text>
    </TypeNameConfirmDialog>
  );
}
