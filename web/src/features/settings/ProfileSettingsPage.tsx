import { Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { browserTimeZone } from '../../lib/format.ts';
import { splitProblem, useFormState } from '../../lib/forms.ts';
import { sessionQueryKey, useSession, type SessionDto } from '../auth/useSession.ts';
import { LANGUAGES, timeZoneOptions } from './options.ts';
import { updateMe, type UserDto } from './settings.api.ts';
import { PasswordField } from '../../components/PasswordField.tsx';

export function ProfileSettingsPage() {
  const { user } = useSession();
  return (
    <>
      <PageHeader title="Your profile" description="How you appear to your team, and how Dossier shows dates to you." />
      <Stack gap="lg">
        <ProfileForm key={user.id} user={user} />
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
      queryClient.setQueryData<SessionDto | null>(sessionQueryKey, (s) => (s ? { ...s, user } : s));
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      onSaved?.(user);
    },
  });
}

const PROFILE_FIELDS = ['name', 'locale', 'timezone'] as const;

function ProfileForm({ user }: { user: UserDto }) {
  const mutation = useUpdateMe(() => notifications.show({ color: 'green', message: 'Profile saved' }));
  const form = useFormState({ name: user.name, locale: user.locale, timezone: user.timezone }, () => mutation.reset());
  const problem = splitProblem(mutation.error, PROFILE_FIELDS);
  const v = form.values;
  const dirty = PROFILE_FIELDS.some((f) => v[f] !== user[f]);
  const here = browserTimeZone();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!v.name.trim()) {
      form.setErrors({ name: 'Enter your name' });
      return;
    }
    mutation.mutate({ name: v.name, locale: v.locale as 'en' | 'de', timezone: v.timezone });
  };

  return (
    <Card component="form" onSubmit={submit} noValidate aria-label="Profile">
      <Stack gap="md">
        <Title order={3} fz="md">
          Profile
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label="Name"
            value={v.name}
            onChange={(e) => form.set('name')(e.currentTarget.value)}
            error={form.errors.name ?? problem.fields.name}
            maxLength={120}
          />
          <TextInput
            label="Email"
            value={user.email}
            readOnly
            variant="filled"
            description="Ask an admin if it needs to change"
          />
          <Select
            label="Language"
            data={LANGUAGES}
            value={v.locale}
            onChange={(value) => value && form.set('locale')(value)}
            error={problem.fields.locale}
            description="Also sets how dates and numbers are written"
            allowDeselect={false}
          />
          <Select
            label="Time zone"
            data={timeZoneOptions(v.timezone)}
            value={v.timezone}
            onChange={(value) => value && form.set('timezone')(value)}
            error={problem.fields.timezone}
            description={
              v.timezone === here ? (
                'Matches this device'
              ) : (
                <>
                  This device is in {here}.{' '}
                  <Text
                    component="button"
                    type="button"
                    size="xs"
                    c="brand"
                    style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer' }}
                    onClick={() => form.set('timezone')(here)}
                  >
                    Use it
                  </Text>
                </>
              )
            }
            searchable
            allowDeselect={false}
            limit={100}
            nothingFoundMessage="No time zone matches"
          />
        </SimpleGrid>
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end">
          <Button type="submit" disabled={!dirty} loading={mutation.isPending}>
            Save profile
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function PasswordForm() {
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
      currentPassword: v.currentPassword ? undefined : 'Enter your current password',
      newPassword: v.newPassword ? undefined : 'Choose a new password',
      confirm: v.confirm === v.newPassword ? undefined : 'The two new passwords do not match',
    };
    form.setErrors(errors);
    if (Object.values(errors).some(Boolean)) return;
    mutation.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          form.setValues({ currentPassword: '', newPassword: '', confirm: '' });
          notifications.show({ color: 'green', message: 'Password changed' });
        },
      },
    );
  };

  return (
    <Card component="form" onSubmit={submit} noValidate aria-label="Change password">
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={3} fz="md">
            Password
          </Title>
          <Text size="sm" c="dimmed">
            Use at least 10 characters.
          </Text>
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <PasswordField
            label="Current password"
            autoComplete="current-password"
            value={v.currentPassword}
            onChange={(e) => form.set('currentPassword')(e.currentTarget.value)}
            error={form.errors.currentPassword ?? problem.fields.currentPassword}
          />
          <PasswordField
            label="New password"
            autoComplete="new-password"
            value={v.newPassword}
            onChange={(e) => form.set('newPassword')(e.currentTarget.value)}
            error={form.errors.newPassword ?? problem.fields.newPassword}
          />
          <PasswordField
            label="Repeat new password"
            autoComplete="new-password"
            value={v.confirm}
            onChange={(e) => form.set('confirm')(e.currentTarget.value)}
            error={form.errors.confirm}
          />
        </SimpleGrid>
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end">
          <Button type="submit" variant="default" loading={mutation.isPending}>
            Change password
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
