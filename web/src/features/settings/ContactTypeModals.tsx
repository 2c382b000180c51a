// Add or edit a contact type (label, key, colour), and delete one — moving its contacts to another type when any
// use it, since the server refuses to leave contacts without a type.
import { Alert, Badge, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api.ts';
import { splitProblem, useFormState } from '../../lib/forms.ts';
import { ColorChoice } from './ColorChoice.tsx';
import { createContactType, deleteContactType, updateContactType, type ContactTypeDto } from './contactLibrary.api.ts';
import { KEY_PATTERN, keyFromLabel } from './fieldTypes.tsx';

const FIELDS = ['label', 'key', 'color'] as const;

/** Keys and stored values are code: a monospace input, ordinary labels and descriptions around it. */
const MONO = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };
export function ContactTypeFormModal({
  opened,
  onClose,
  type,
}: {
  opened: boolean;
  onClose(): void;
  type?: ContactTypeDto;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>{type ? `Edit ${type.label}` : 'New contact type'}</Text>}
    >
      <ContactTypeForm key={type?.key ?? 'new'} type={type} onDone={onClose} />
    </Modal>
  );
}

function ContactTypeForm({ type, onDone }: { type?: ContactTypeDto; onDone(): void }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (v: { label: string; key: string; color: string }) =>
      type
        ? updateContactType(type.key, { label: v.label, color: v.color })
        : createContactType({ label: v.label, key: v.key, color: v.color }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['contact-types'] });
      notifications.show({
        color: 'green',
        message: type ? `${saved.label} saved` : `Contact type ${saved.label} added`,
      });
      onDone();
    },
  });
  const form = useFormState(
    { label: type?.label ?? '', key: type?.key ?? '', color: type?.color ?? 'blue', keyEdited: false },
    () => mutation.reset(),
  );
  const problem = splitProblem(mutation.error, FIELDS, { key_taken: 'key' });
  const v = form.values;
  const key = type ? type.key : v.keyEdited ? v.key : keyFromLabel(v.label);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!v.label.trim()) {
      form.setErrors({ label: 'Name the contact type' });
      return;
    }
    if (!type && !KEY_PATTERN.test(key)) {
      form.setErrors({ key: 'Use lower-case letters, digits and underscores, starting with a letter' });
      return;
    }
    mutation.mutate({ label: v.label.trim(), key, color: v.color });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={type ? 'Edit contact type' : 'New contact type'}>
      <Stack gap="md">
        <TextInput
          label="Name"
          placeholder="e.g. Investor"
          value={v.label}
          onChange={(e) => form.set('label')(e.currentTarget.value)}
          error={form.errors.label ?? problem.fields.label}
          maxLength={60}
          data-autofocus
        />
        <TextInput
          label="Key"
          description={
            type
              ? 'Fixed: contacts, filters and the API refer to the type by it.'
              : 'How the API and filters refer to it; it cannot change later.'
          }
          value={key}
          onChange={(e) => {
            form.set('key')(e.currentTarget.value);
            form.set('keyEdited')(true);
          }}
          readOnly={Boolean(type)}
          error={form.errors.key ?? problem.fields.key}
          styles={MONO}
          maxLength={63}
        />
        <ColorChoice label="Colour" value={v.color} onChange={form.set('color')} />
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            Preview
          </Text>
          <Badge color={v.color} variant="light">
            {v.label.trim() || 'Contact type'}
          </Badge>
        </Group>
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {type ? 'Save changes' : 'Add type'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The server counts the contacts (archived ones too) in `count`; its detail names the API parameter instead. */
function inUseText(error: ApiError): string {
  const count = error.extras.count;
  if (typeof count !== 'number') return error.detail.replace(/;.*$/, '.');
  return `${count} ${count === 1 ? 'contact has' : 'contacts have'} this type (archived ones included).`;
}

export function DeleteContactTypeModal({
  type,
  types,
  onClose,
}: {
  type: ContactTypeDto | null;
  types: ContactTypeDto[];
  onClose(): void;
}) {
  return (
    <Modal
      opened={type !== null}
      onClose={onClose}
      title={<Text fw={600}>Delete the contact type {type?.label ?? ''}?</Text>}
    >
      {type && <DeleteForm key={type.key} type={type} types={types} onDone={onClose} />}
    </Modal>
  );
}

function DeleteForm({ type, types, onDone }: { type: ContactTypeDto; types: ContactTypeDto[]; onDone(): void }) {
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () => deleteContactType(type.key, target ?? undefined),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['contact-types'] }),
        target ? queryClient.invalidateQueries({ queryKey: ['contacts'] }) : undefined,
        target ? queryClient.invalidateQueries({ queryKey: ['contact'] }) : undefined,
      ]);
      notifications.show({ color: 'green', message: `Contact type ${type.label} deleted` });
      onDone();
    },
  });
  const inUse = mutation.error instanceof ApiError && mutation.error.code === 'contact_type_in_use';
  const others = types.filter((t) => t.key !== type.key).map((t) => ({ value: t.key, label: t.label }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          Contacts of this type need another one. Choose where they go; if no contact has this type, it is simply
          removed from the list.
        </Text>
        <Select
          label="Move its contacts to"
          placeholder="Pick a contact type"
          data={others}
          value={target}
          onChange={(value) => {
            setTarget(value);
            mutation.reset();
          }}
          error={inUse && !target ? 'Pick the type its contacts move to' : undefined}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        {inUse ? (
          <Alert color="orange" variant="light" role="alert" title="This type is still in use">
            {inUseText(mutation.error as ApiError)} Pick a type above to move them, then delete again.
          </Alert>
        ) : (
          <ProblemAlert error={mutation.error} />
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={mutation.isPending}>
            {target ? 'Move contacts and delete' : 'Delete type'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
