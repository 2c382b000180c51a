import { Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { i18n, isLanguage, setLanguage } from '../../app/i18n.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ProblemAlert, problemMessage } from '../../components/ProblemAlert.tsx';
import { browserTimeZone } from '../../lib/format.ts';
import { splitProblem, useFormState } from '../../lib/forms.ts';
import { sessionQueryKey, useSession, type SessionDto } from '../auth/useSession.ts';
import { LANGUAGES, timeZoneOptions } from './options.ts';
import { updateMe, type UserDto } from './settings.api.ts';
import { PasswordField } from '../../components/PasswordField.tsx';
import { EmailSignatureCard } from '../conversations/settings/EmailSignatureCard.tsx';

export function ProfileSettingsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const signature = useUpdateMe(() =>
    notifications.show({ color: 'green', message: t('conversations.signature.saved') }),
  );
  return (
    <>
      <PageHeader title={t('settings.nav.profile')} description={t('settings.profile.description')} />
      <Stack gap="lg">
        <ProfileForm key={user.id} user={user} />
        <EmailSignatureCard key={`signature-${user.id}`} user={user} save={signature} />
        <PasswordForm />
      </Stack>
    </>
  );
}

function useUpdateMe(onSaved?: (user: UserDto) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (user) => {
      // The session is where the app reads the user's language and zone: writing it switches the UI at once.
      queryClient.setQueryData<SessionDto | null>(sessionQueryKey, (s) => (s ? { ...s, user } : s));
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      onSaved?.(user);
    },
  });
}

const PROFILE_FIELDS = ['name', 'timezone'] as const;

function ProfileForm({ user }: { user: UserDto }) {
  const { t } = useTranslation();
  const mutation = useUpdateMe(() => notifications.show({ color: 'green', message: t('settings.profile.saved') }));
  // The language is saved the moment it is picked, so the whole UI switches right away.
  // The toast waits for the switch, so it speaks the new language.
  const language = useUpdateMe(
    (saved) =>
      void setLanguage(isLanguage(saved.locale) ? saved.locale : 'en').then(() =>
        notifications.show({ color: 'green', message: i18n.t('settings.profile.languageSaved') }),
      ),
  );
  const form = useFormState({ name: user.name, timezone: user.timezone }, () => mutation.reset());
  const problem = splitProblem(mutation.error, PROFILE_FIELDS);
  const v = form.values;
  const dirty = PROFILE_FIELDS.some((f) => v[f] !== user[f]);
  const here = browserTimeZone();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!v.name.trim()) {
      form.setErrors({ name: t('settings.users.nameRequired') });
      return;
    }
    mutation.mutate({ name: v.name, timezone: v.timezone });
  };

  return (
    <Card component="form" onSubmit={submit} noValidate aria-label={t('settings.profile.profile')}>
      <Stack gap="md">
        <Title order={3} fz="md">
          {t('settings.profile.profile')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={t('common.name')}
            value={v.name}
            onChange={(e) => form.set('name')(e.currentTarget.value)}
            error={form.errors.name ?? problem.fields.name}
            maxLength={120}
          />
          <TextInput
            label={t('common.email')}
            value={user.email}
            readOnly
            variant="filled"
            description={t('settings.profile.emailHelp')}
          />
          <Select
            label={t('settings.profile.language')}
            data={LANGUAGES}
            value={user.locale}
            onChange={(value) => value && value !== user.locale && language.mutate({ locale: value as 'en' | 'de' })}
            error={language.error ? problemMessage(language.error) : undefined}
            description={t('settings.profile.languageHelp')}
            disabled={language.isPending}
            allowDeselect={false}
          />
          <Select
            label={t('settings.profile.timeZone')}
            data={timeZoneOptions(v.timezone)}
            value={v.timezone}
            onChange={(value) => value && form.set('timezone')(value)}
            error={problem.fields.timezone}
            description={
              v.timezone === here ? (
                t('settings.profile.matchesDevice')
              ) : (
                <>
                  {t('settings.profile.deviceIn', { zone: here })}{' '}
                  <Text
                    component="button"
                    type="button"
                    size="xs"
                    c="brand"
                    style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer' }}
                    onClick={() => form.set('timezone')(here)}
                  >
                    {t('settings.profile.useIt')}
                  </Text>
                </>
              )
            }
            searchable
            allowDeselect={false}
            limit={100}
            nothingFoundMessage={t('settings.profile.noZone')}
          />
        </SimpleGrid>
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end">
          <Button type="submit" disabled={!dirty} loading={mutation.isPending}>
            {t('settings.profile.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const mutation = useUpdateMe();
  const form = useFormState({ currentPassword: '', newPassword: '', confirm: '' }, () => mutation.reset());
  // A wrong current password comes back as invalid_credentials without a field path.
  const problem = splitProblem(mutation.error, ['currentPassword', 'newPassword'] as const, {
    invalid_credentials: 'currentPassword',
  });
  const v = form.values;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors = {
      currentPassword: v.currentPassword ? undefined : t('settings.profile.currentRequired'),
      newPassword: v.newPassword ? undefined : t('settings.profile.newRequired'),
      confirm: v.confirm === v.newPassword ? undefined : t('settings.profile.mismatch'),
    };
    form.setErrors(errors);
    if (Object.values(errors).some(Boolean)) return;
    mutation.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          form.setValues({ currentPassword: '', newPassword: '', confirm: '' });
          notifications.show({ color: 'green', message: t('settings.profile.passwordChanged') });
        },
      },
    );
  };

  return (
    <Card component="form" onSubmit={submit} noValidate aria-label={t('settings.profile.changePassword')}>
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={3} fz="md">
            {t('auth.password')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('settings.profile.passwordHelp')}
          </Text>
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <PasswordField
            label={t('settings.profile.currentPassword')}
            autoComplete="current-password"
            value={v.currentPassword}
            onChange={(e) => form.set('currentPassword')(e.currentTarget.value)}
            error={form.errors.currentPassword ?? problem.fields.currentPassword}
          />
          <PasswordField
            label={t('settings.profile.newPassword')}
            autoComplete="new-password"
            value={v.newPassword}
            onChange={(e) => form.set('newPassword')(e.currentTarget.value)}
            error={form.errors.newPassword ?? problem.fields.newPassword}
          />
          <PasswordField
            label={t('settings.profile.repeatPassword')}
            autoComplete="new-password"
            value={v.confirm}
            onChange={(e) => form.set('confirm')(e.currentTarget.value)}
            error={form.errors.confirm}
          />
        </SimpleGrid>
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end">
          <Button type="submit" variant="default" loading={mutation.isPending}>
            {t('settings.profile.changePassword')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
