import { Alert, Button, Loader, Center, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconLock } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import type { FormEvent } from 'react';
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
  const config = useQuery({ queryKey: ['auth-config'], queryFn: fetchAuthConfig, staleTime: Infinity });
  const signInLink = (
    <>
      Already have an account? <AnchorLink to="/sign-in">Sign in</AnchorLink>
    </>
  );

  if (config.isPending) {
    return (
      <AuthLayout title="Create your workspace">
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      </AuthLayout>
    );
  }
  if (config.isError) {
    return (
      <AuthLayout title="Create your workspace" footer={signInLink}>
        <ProblemAlert error={config.error} />
      </AuthLayout>
    );
  }
  if (!config.data.signupAllowed) {
    return (
      <AuthLayout title="Sign-up is turned off">
        <Stack gap="lg" align="center">
          <IconLock size={32} stroke={1.5} color="var(--mantine-color-dimmed)" />
          <Text size="sm" ta="center">
            This Dossier server does not accept new workspaces. Ask an admin of your workspace to create an account for
            you, then sign in with the email and temporary password they give you.
          </Text>
          <ButtonLink to="/sign-in" variant="default" fullWidth>
            Go to sign in
          </ButtonLink>
        </Stack>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title="Create your workspace"
      subtitle="One workspace for your team's contacts, conversations and deals. You will be its admin."
      footer={signInLink}
    >
      <SignUpForm />
    </AuthLayout>
  );
}

function SignUpForm() {
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
      workspaceName: v.workspaceName.trim() ? undefined : 'Name your workspace, e.g. your company',
      name: v.name.trim() ? undefined : 'Enter your name',
      email: v.email.trim() ? undefined : 'Enter your work email',
      password: v.password ? undefined : 'Choose a password',
    };
    form.setErrors(errors);
    if (Object.values(errors).some(Boolean)) return;
    mutation.mutate(v);
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Create workspace">
      <Stack gap="md">
        <TextInput
          label="Workspace name"
          placeholder="Acme Realty"
          autoComplete="organization"
          value={form.values.workspaceName}
          onChange={(e) => form.set('workspaceName')(e.currentTarget.value)}
          error={fieldError('workspaceName')}
          autoFocus
        />
        <TextInput
          label="Your name"
          placeholder="Jane Doe"
          autoComplete="name"
          value={form.values.name}
          onChange={(e) => form.set('name')(e.currentTarget.value)}
          error={fieldError('name')}
        />
        <TextInput
          label="Work email"
          type="email"
          placeholder="jane@acme.com"
          autoComplete="email"
          value={form.values.email}
          onChange={(e) => form.set('email')(e.currentTarget.value)}
          error={fieldError('email')}
        />
        <PasswordField
          label="Password"
          description="At least 10 characters"
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
                  Go to sign in
                </AnchorLink>
              </>
            )}
          </Alert>
        )}
        <Button type="submit" fullWidth loading={mutation.isPending || mutation.isSuccess} mt="xs">
          Create workspace
        </Button>
      </Stack>
    </form>
  );
}
