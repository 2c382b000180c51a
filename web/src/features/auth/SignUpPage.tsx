import { Alert, Button, Loader, Center, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconLock } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { signedOutLanguage } from '../../app/i18n.ts';
import { AnchorLink, ButtonLink } from '../../components/links.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api.ts';
import { splitProblem, useFormState } from '../../lib/forms.ts';
import { fetchAuthConfig, signUp, type SignUpInput } from './auth.api.ts';
import { AuthLayout } from './AuthLayout.tsx';
import { useSetSession } from './useSession.ts';
import { PasswordField } from '../../components/PasswordField.tsx';

const FIELDS = ['workspaceName', 'name', 'email', 'password'] as const;

export function SignUpPage() {
  const { t } = useTranslation();
  const config = useQuery({ queryKey: ['auth-config'], queryFn: fetchAuthConfig, staleTime: Infinity });
  const signInLink = (
    <>
      {t('auth.haveAccount')} <AnchorLink to="/sign-in">{t('auth.signIn')}</AnchorLink>
    </>
  );

  if (config.isPending) {
    return (
      <AuthLayout title={t('auth.signUpTitle')}>
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      </AuthLayout>
    );
  }
  if (config.isError) {
    return (
      <AuthLayout title={t('auth.signUpTitle')} footer={signInLink}>
        <ProblemAlert error={config.error} />
      </AuthLayout>
    );
  }
  if (!config.data.signupAllowed) {
    return (
      <AuthLayout title={t('auth.signUpOff')}>
        <Stack gap="lg" align="center">
          <IconLock size={32} stroke={1.5} color="var(--mantine-color-dimmed)" />
          <Text size="sm" ta="center">
            {t('auth.signUpOffText')}
          </Text>
          <ButtonLink to="/sign-in" variant="default" fullWidth>
            {t('auth.goToSignIn')}
          </ButtonLink>
        </Stack>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t('auth.signUpTitle')} subtitle={t('auth.signUpSubtitle')} footer={signInLink}>
      <SignUpForm />
    </AuthLayout>
  );
}

function SignUpForm() {
  const { t } = useTranslation();
  const router = useRouter();
  const setSession = useSetSession();
  const mutation = useMutation({
    mutationFn: (input: SignUpInput) => signUp(input),
    onSuccess: async (session) => {
      setSession(session);
      await router.navigate({ href: '/contacts', replace: true });
    },
  });
  const form = useFormState({ workspaceName: '', name: '', email: '', password: '' }, () => mutation.reset());
  const problem = splitProblem(mutation.error, FIELDS);
  // The server does not say why (it must not reveal which emails have an account); offer the likely way on.
  const refused = mutation.error instanceof ApiError && mutation.error.code === 'signup_refused';
  const fieldError = (f: (typeof FIELDS)[number]) => form.errors[f] ?? problem.fields[f];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = form.values;
    const errors = {
      workspaceName: v.workspaceName.trim() ? undefined : t('auth.workspaceRequired'),
      name: v.name.trim() ? undefined : t('auth.nameRequired'),
      email: v.email.trim() ? undefined : t('auth.workEmailRequired'),
      password: v.password ? undefined : t('auth.choosePassword'),
    };
    form.setErrors(errors);
    if (Object.values(errors).some(Boolean)) return;
    // The new user's language: the one chosen on this page, else the browser's.
    mutation.mutate({ ...v, locale: signedOutLanguage() });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('auth.createWorkspace')}>
      <Stack gap="md">
        <TextInput
          label={t('auth.workspaceName')}
          placeholder="Acme Realty"
          autoComplete="organization"
          value={form.values.workspaceName}
          onChange={(e) => form.set('workspaceName')(e.currentTarget.value)}
          error={fieldError('workspaceName')}
          autoFocus
        />
        <TextInput
          label={t('auth.yourName')}
          placeholder="Jane Doe"
          autoComplete="name"
          value={form.values.name}
          onChange={(e) => form.set('name')(e.currentTarget.value)}
          error={fieldError('name')}
        />
        <TextInput
          label={t('auth.workEmail')}
          type="email"
          placeholder="jane@acme.com"
          autoComplete="email"
          value={form.values.email}
          onChange={(e) => form.set('email')(e.currentTarget.value)}
          error={fieldError('email')}
        />
        <PasswordField
          label={t('auth.password')}
          description={t('auth.passwordHelp')}
          autoComplete="new-password"
          value={form.values.password}
          onChange={(e) => form.set('password')(e.currentTarget.value)}
          error={fieldError('password')}
        />
        {problem.general && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
            {problem.general}
            {refused && (
              <>
                {' '}
                <AnchorLink to="/sign-in" inherit fw={500}>
                  {t('auth.goToSignIn')}
                </AnchorLink>
              </>
            )}
          </Alert>
        )}
        <Button type="submit" fullWidth loading={mutation.isPending || mutation.isSuccess} mt="xs">
          {t('auth.createWorkspace')}
        </Button>
      </Stack>
    </form>
  );
}
