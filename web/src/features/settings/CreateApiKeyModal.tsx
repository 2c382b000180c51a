// Create an API key; its secret is shown here once and never again.
import { Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { splitProblem, useFormState } from '../../lib/forms.ts';
import { apiKeysQuery, createApiKey, type CreatedApiKeyDto } from './settings.api.ts';

const ROLE_OPTIONS = [
  { value: 'admin', label: 'Admin — full access, like an admin user' },
  { value: 'member', label: 'Member — the same access as a member user' },
];

export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const [created, setCreated] = useState<CreatedApiKeyDto | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={600}>{created ? 'Your new API key' : 'Create an API key'}</Text>}
      size="lg"
      // The secret disappears with the modal; a stray click outside must not lose it.
      closeOnClickOutside={!created}
    >
      {created ? (
        <CreatedKey apiKey={created} onDone={close} />
      ) : (
        <CreateKeyForm onCreated={setCreated} onCancel={close} />
      )}
    </Modal>
  );
}

function CreateKeyForm({ onCreated, onCancel }: { onCreated(key: CreatedApiKeyDto): void; onCancel(): void }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: createApiKey,
    onSuccess: async (key) => {
      await queryClient.invalidateQueries({ queryKey: apiKeysQuery.queryKey });
      onCreated(key);
    },
  });
  const form = useFormState({ name: '', role: 'admin' as 'admin' | 'member' }, () => mutation.reset());
  const problem = splitProblem(mutation.error, ['name', 'role'] as const);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.values.name.trim()) {
      form.setErrors({ name: 'Name the key after what will use it' });
      return;
    }
    mutation.mutate(form.values);
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Create API key">
      <Stack gap="md">
        <TextInput
          label="Name"
          description="What will use it, so you know which key to revoke later"
          placeholder="Website contact form"
          value={form.values.name}
          onChange={(e) => form.set('name')(e.currentTarget.value)}
          error={form.errors.name ?? problem.fields.name}
          maxLength={80}
          data-autofocus
        />
        <Select
          label="Acts as"
          description="Never more than you may do yourself: the key follows your role as it changes"
          data={ROLE_OPTIONS}
          value={form.values.role}
          onChange={(value) => value && form.set('role')(value as 'admin' | 'member')}
          error={problem.fields.role}
          allowDeselect={false}
        />
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onCancel} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CreatedKey({ apiKey, onDone }: { apiKey: CreatedApiKeyDto; onDone(): void }) {
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="Copy it now">
        You won’t see this key again. Store it in your integration or a password manager before you close this window.
      </Alert>
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {apiKey.name}
        </Text>
        <Code block data-testid="api-key-secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} fz="sm">
          {apiKey.key}
        </Code>
      </Stack>
      <Group justify="flex-end" gap="sm">
        <CopyButton value={apiKey.key}>
          {({ copied, copy }) => (
            <Button
              variant={copied ? 'light' : 'default'}
              color={copied ? 'teal' : undefined}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
            >
              {copied ? 'Copied' : 'Copy key'}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}
