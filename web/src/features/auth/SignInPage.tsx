import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { splitProblem, useFormState } from '../../lib/forms.ts';
import { fetchAuthConfig, signIn, type SignInInput } from './auth.api.ts';
import { AuthLayout } from './AuthLayout.tsx';
import { safeRedirect } from './redirect.ts';
import { useSetSession } from './useSession.ts';
import { PasswordField } from '../../components/PasswordField.tsx';

const FIELDS = ['email', 'password'] as const;

export function SignInPage({ redirect }: { redirect?: string }) {
  const { t } = useTranslation();
  const router = useRouter();
  const setSession = useSetSession();
  const config = useQuery({ queryKey: ['auth-config'], queryFn: fetchAuthConfig, staleTime: Infinity });
  const mutation = useMutation({
    mutationFn: (input: SignInInput) => signIn(input),
    onSuccess: async (session) => {
      setSession(session);
      await router.navigate({ href: safeRedirect(redirect), replace: true });
    },
  });
  const form = useFormState({ email: '', password: '' }, () => mutation.reset());
  const problem = splitProblem(mutation.error, FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors = {
      email: form.values.email.trim() ? undefined : t('auth.emailRequired'),
      password: form.values.password ? undefined : t('auth.passwordRequired'),
    };
    form.setErrors(errors);
    if (errors.email || errors.password) return;
    mutation.mutate(form.values);
  };

  return (
    <AuthLayout
      title={t('auth.signInTitle')}
      subtitle={t('auth.signInSubtitle')}
      footer={
        config.data?.signupAllowed ? (
          <>
            {t('auth.newToDossier')} <AnchorLink to="/sign-up">{t('auth.createAWorkspace')}</AnchorLink>
          </>
        ) : undefined
      }
    >
      <form onSubmit={submit} noValidate aria-label={t('auth.signIn')}>
        <Stack gap="md">
          <TextInput
            label={t('common.email')}
            type="email"
            autoComplete="username"
            placeholder="you@company.com"
            value={form.values.email}
            onChange={(e) => form.set('email')(e.currentTarget.value)}
            error={form.errors.email ?? problem.fields.email}
            data-autofocus
            autoFocus
          />
          <PasswordField
            label={t('auth.password')}
            autoComplete="current-password"
            value={form.values.password}
            onChange={(e) => form.set('password')(e.currentTarget.value)}
            error={form.errors.password ?? problem.fields.password}
          />
          {problem.general && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              {problem.general}
            </Alert>
          )}
          <Button type="submit" fullWidth loading={mutation.isPending || mutation.isSuccess} mt="xs">
            {t('auth.signIn')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
