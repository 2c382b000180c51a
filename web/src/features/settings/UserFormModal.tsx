// Add a user with a temporary password, or change a user's name, role and contact access.
import {
  ActionIcon,
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { splitProblem, useFormState } from '../../lib/forms.ts';
import { createUser, updateUser, type UserDto } from './settings.api.ts';

type Role = UserDto['role'];
type ContactAccess = UserDto['contactAccess'];

const ROLE_OPTIONS = [
  { value: 'member', label: 'Member' },
  { value: 'admin', label: 'Admin' },
];
const ROLE_HELP: Record<Role, string> = {
  member: 'Works with contacts, tasks and deals.',
  admin: 'Also manages users, teams, API keys and workspace settings.',
};
const ACCESS_OPTIONS = [
  { value: 'all', label: 'All contacts in the workspace' },
  { value: 'own', label: 'Only contacts they own or follow' },
];

const FIELDS = ['name', 'email', 'password', 'role', 'contactAccess'] as const;

interface FormValues {
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
  const [created, setCreated] = useState<{ user: UserDto; password: string } | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  const title = created ? 'User added' : user ? `Edit ${user.name}` : 'Add a user';
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>{title}</Text>} size="lg">
      {created ? (
        <CreatedUser user={created.user} password={created.password} onDone={close} />
      ) : (
        <UserForm
          key={user?.id ?? 'new'}
          user={user}
          onCancel={close}
          onSaved={(saved, password) => (password ? setCreated({ user: saved, password }) : close())}
        />
      )}
    </Modal>
  );
}

function UserForm({
  user,
  onCancel,
  onSaved,
}: {
  user?: UserDto;
  onCancel(): void;
  onSaved(user: UserDto, password?: string): void;
}) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: async (v: FormValues) => {
      if (user) return updateUser(user.id, { name: v.name, role: v.role, contactAccess: v.contactAccess });
      return createUser(v);
    },
    onSuccess: async (saved, v) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      if (user) notifications.show({ color: 'green', message: `${saved.name} saved` });
      onSaved(saved, user ? undefined : v.password);
    },
  });
  const form = useFormState<FormValues>(
    {
      name: user?.name ?? '',
      email: user?.email ?? '',
      password: user ? '' : temporaryPassword(),
      role: user?.role ?? 'member',
      contactAccess: user?.contactAccess ?? 'all',
    },
    () => mutation.reset(),
  );
  const problem = splitProblem(mutation.error, FIELDS, { email_taken: 'email' });
  const v = form.values;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors = {
      name: v.name.trim() ? undefined : 'Enter their name',
      email: user || v.email.trim() ? undefined : 'Enter their email address',
      password: user || v.password ? undefined : 'Set a temporary password',
    };
    form.setErrors(errors);
    if (Object.values(errors).some(Boolean)) return;
    mutation.mutate(v);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={user ? 'Edit user' : 'Add user'}>
      <Stack gap="md">
        <TextInput
          label="Name"
          value={v.name}
          onChange={(e) => form.set('name')(e.currentTarget.value)}
          error={form.errors.name ?? problem.fields.name}
          maxLength={120}
          data-autofocus
        />
        {user ? (
          <TextInput
            label="Email"
            value={user.email}
            readOnly
            variant="filled"
            description="Email addresses cannot be changed"
          />
        ) : (
          <>
            <TextInput
              label="Email"
              type="email"
              placeholder="name@company.com"
              value={v.email}
              onChange={(e) => form.set('email')(e.currentTarget.value)}
              error={form.errors.email ?? problem.fields.email}
            />
            <TextInput
              label="Temporary password"
              description="Share it with them; they can change it under Your profile."
              value={v.password}
              onChange={(e) => form.set('password')(e.currentTarget.value)}
              error={form.errors.password ?? problem.fields.password}
              autoComplete="off"
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              rightSectionWidth={36}
              rightSection={
                <Tooltip label="Generate another">
                  <ActionIcon
                    aria-label="Generate another password"
                    onClick={() => form.set('password')(temporaryPassword())}
                  >
                    <IconRefresh size={16} />
                  </ActionIcon>
                </Tooltip>
              }
            />
          </>
        )}
        <Select
          label="Role"
          data={ROLE_OPTIONS}
          value={v.role}
          onChange={(value) => value && form.set('role')(value as Role)}
          description={ROLE_HELP[v.role]}
          error={problem.fields.role}
          allowDeselect={false}
        />
        {v.role === 'member' && (
          <Select
            label="Contact access"
            data={ACCESS_OPTIONS}
            value={v.contactAccess}
            onChange={(value) => value && form.set('contactAccess')(value as ContactAccess)}
            error={problem.fields.contactAccess}
            allowDeselect={false}
          />
        )}
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onCancel} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {user ? 'Save changes' : 'Add user'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CreatedUser({ user, password, onDone }: { user: UserDto; password: string; onDone(): void }) {
  const signInUrl = `${window.location.origin}/sign-in`;
  return (
    <Stack gap="md">
      <Text size="sm">
        <b>{user.name}</b> can now sign in at <Code>{signInUrl}</Code> with these details:
      </Text>
      <Stack gap="xs">
        <CopyRow label="Email" value={user.email} />
        <CopyRow label="Temporary password" value={password} />
      </Stack>
      <Alert variant="light" color="gray">
        Send the password by a channel you trust. It is not shown again.
      </Alert>
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

export function CopyRow({ label, value }: { label: string; value: string }) {
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
          <Tooltip label={copied ? 'Copied' : `Copy ${label.toLowerCase()}`}>
            <ActionIcon onClick={copy} aria-label={`Copy ${label.toLowerCase()}`} color={copied ? 'teal' : 'gray'}>
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
