// Deactivate a user: they are signed out everywhere and can no longer sign in.
import { useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { deactivateUser, type UserDto } from './settings.api.ts';

export function DeactivateUserModal({ user, onClose }: { user: UserDto | null; onClose(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <ConfirmDialog
      opened={user !== null}
      onClose={onClose}
      title={user ? t('settings.users.deactivateTitle', { name: user.name }) : ''}
      confirmLabel={t('settings.users.deactivate')}
      danger
      onConfirm={async () => {
        if (!user) return;
        const saved = await deactivateUser(user.id);
        await queryClient.invalidateQueries({ queryKey: ['users'] });
        notifications.show({ color: 'green', message: t('settings.users.deactivated', { name: saved.name }) });
      }}
    >
      {t('settings.users.deactivateText')}
    </ConfirmDialog>
  );
}
