// Add a user with a temporary password, or change a user's name, role and contact access.
import { ActionIcon, Alert, Button, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconRefresh } from '@tabler/icons-react';
import { Trans } from 'react-i18next';
import { useTranslation } from '../../app/i18n.ts';
import { SettingsFormModal } from './collection/SettingsFormModal.tsx';
import { createUser, updateUser, type UserDto } from './settings.api.ts';

type Role = UserDto['role'];
type ContactAccess = UserDto['contactAccess'];

interface UserValues {
  name: string;
  email: string;
  password: string;
  role: Role;
  contactAccess: ContactAccess;
  [key: string]: unknown;
}

// No 0/O or 1/l/I: temporary passwords are read aloud and retyped.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function temporaryPassword(length = 14): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

export function UserFormModal({ opened, onClose, user }: { opened: boolean; onClose(): void; user?: UserDto }) {
  const { t } = useTranslation();
  return (
    <SettingsFormModal<UserValues, UserDto>
      opened={opened}
      onClose={onClose}
      size="lg"
      title={user ? t('settings.editNamed', { name: user.name }) : t('settings.users.addTitle')}
      afterTitle={t('settings.users.added')}
      formLabel={user ? t('settings.users.editForm') : t('settings.users.add')}
      itemKey={user?.id ?? 'new'}
      initial={{
        name: user?.name ?? '',
        email: user?.email ?? '',
        password: user ? '' : temporaryPassword(),
        role: user?.role ?? 'member',
        contactAccess: user?.contactAccess ?? 'all',
      }}
      fields={[
        { kind: 'text', name: 'name', label: t('common.name'), maxLength: 120 },
        user
          ? {
              kind: 'text',
              name: 'email',
              label: t('common.email'),
              readOnly: true,
              description: t('settings.users.emailFixed'),
            }
          : { kind: 'text', name: 'email', label: t('common.email'), type: 'email', placeholder: 'name@company.com' },
        {
          kind: 'text',
          name: 'password',
          when: () => !user,
          label: t('settings.users.temporaryPassword'),
          description: t('settings.users.temporaryPasswordHelp'),
          autoComplete: 'off',
          monospace: true,
          rightSection: ({ form }) => (
            <Tooltip label={t('settings.users.generateAnother')}>
              <ActionIcon
                aria-label={t('settings.users.generateAnotherPassword')}
                onClick={() => form.set('password')(temporaryPassword())}
              >
                <IconRefresh size={16} />
              </ActionIcon>
            </Tooltip>
          ),
        },
        {
          kind: 'select',
          name: 'role',
          label: t('settings.users.role'),
          data: [
            { value: 'member', label: t('settings.roles.member') },
            { value: 'admin', label: t('settings.roles.admin') },
          ],
          description: (v) => t(`settings.users.roleHelp.${v.role}`),
        },
        {
          kind: 'select',
          name: 'contactAccess',
          when: (v) => v.role === 'member',
          label: t('settings.users.contactAccess'),
          data: [
            { value: 'all', label: t('settings.users.accessAll') },
            { value: 'own', label: t('settings.users.accessOwn') },
          ],
        },
      ]}
      validate={(v) => ({
        name: v.name.trim() ? undefined : t('settings.users.nameRequired'),
        email: user || v.email.trim() ? undefined : t('settings.users.emailRequired'),
        password: user || v.password ? undefined : t('settings.users.passwordRequired'),
      })}
      submit={(v) =>
        user
          ? updateUser(user.id, { name: v.name, role: v.role, contactAccess: v.contactAccess })
          : createUser({
              name: v.name,
              email: v.email,
              password: v.password,
              role: v.role,
              contactAccess: v.contactAccess,
            })
      }
      codeToField={{ email_taken: 'email' }}
      invalidate={[['users']]}
      saved={(saved) => (user ? t('settings.savedNamed', { name: saved.name }) : undefined)}
      submitLabel={user ? t('settings.saveChanges') : t('settings.users.add')}
      after={(saved, v, close) => (user ? null : <CreatedUser user={saved} password={v.password} onDone={close} />)}
    />
  );
}

function CreatedUser({ user, password, onDone }: { user: UserDto; password: string; onDone(): void }) {
  const { t } = useTranslation();
  const signInUrl = `${window.location.origin}/sign-in`;
  return (
    <Stack gap="md" data-testid="created-user">
      <Text size="sm">
        <Trans
          i18nKey="settings.users.canSignIn"
          values={{ name: user.name, url: signInUrl }}
          components={{ b: <b />, code: <Code /> }}
        />
      </Text>
      <Stack gap="xs">
        <CopyRow label={t('common.email')} value={user.email} />
        <CopyRow label={t('settings.users.temporaryPassword')} value={password} />
      </Stack>
      <Alert variant="light" color="gray">
        {t('settings.users.sendPassword')}
      </Alert>
      <Group justify="flex-end">
        <Button onClick={onDone}>{t('settings.done')}</Button>
      </Group>
    </Stack>
  );
}

function CopyRow({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const name = t('settings.copyNamed', { name: label });
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm">
      <Stack gap={2} miw={0}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Text ff="monospace" size="sm" style={{ wordBreak: 'break-all' }}>
          {value}
        </Text>
      </Stack>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('common.copied') : name}>
            <ActionIcon onClick={copy} aria-label={name} color={copied ? 'teal' : 'gray'}>
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
