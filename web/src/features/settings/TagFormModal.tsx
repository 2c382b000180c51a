// Create a tag, or rename and recolour one (every contact carrying it follows).
import { Badge, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { splitProblem, useFormState } from '../../lib/forms.ts';
import { ColorChoice } from './ColorChoice.tsx';
import { createTag, updateTag, type TagDto } from './contactLibrary.api.ts';

const FIELDS = ['name', 'color'] as const;

export function TagFormModal({ opened, onClose, tag }: { opened: boolean; onClose(): void; tag?: TagDto }) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{tag ? `Edit ${tag.name}` : 'New tag'}</Text>}>
      <TagForm key={tag?.id ?? 'new'} tag={tag} onDone={onClose} />
    </Modal>
  );
}

function TagForm({ tag, onDone }: { tag?: TagDto; onDone(): void }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (v: { name: string; color: string }) => (tag ? updateTag(tag.id, v) : createTag(v)),
    onSuccess: async (saved) => {
      // Contacts show their tags' names and colours.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['tags'] }),
        tag ? queryClient.invalidateQueries({ queryKey: ['contacts'] }) : undefined,
        tag ? queryClient.invalidateQueries({ queryKey: ['contact'] }) : undefined,
      ]);
      notifications.show({ color: 'green', message: tag ? `Tag ${saved.name} saved` : `Tag ${saved.name} created` });
      onDone();
    },
  });
  const form = useFormState({ name: tag?.name ?? '', color: tag?.color ?? 'blue' }, () => mutation.reset());
  const problem = splitProblem(mutation.error, FIELDS, { name_taken: 'name' });
  const v = form.values;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!v.name.trim()) {
      form.setErrors({ name: 'Name the tag' });
      return;
    }
    mutation.mutate({ name: v.name.trim(), color: v.color });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={tag ? 'Edit tag' : 'New tag'}>
      <Stack gap="md">
        <TextInput
          label="Name"
          placeholder="VIP"
          value={v.name}
          onChange={(e) => form.set('name')(e.currentTarget.value)}
          error={form.errors.name ?? problem.fields.name}
          maxLength={60}
          data-autofocus
        />
        <ColorChoice label="Colour" value={v.color} onChange={form.set('color')} />
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            Preview
          </Text>
          <Badge color={v.color} variant="dot" fw={500}>
            {v.name.trim() || 'Tag'}
          </Badge>
          <Badge color={v.color} variant="light">
            {v.name.trim() || 'Tag'}
          </Badge>
        </Group>
        {tag && tag.usageCount > 0 && (
          <Text size="xs" c="dimmed">
            {tag.usageCount} {tag.usageCount === 1 ? 'contact shows' : 'contacts show'} the change right away.
          </Text>
        )}
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {tag ? 'Save changes' : 'Create tag'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
