// Create a custom-field folder or rename one.
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { splitProblem, useFormState } from '../../lib/forms.ts';
import { createFolder, updateFolder, type CustomFieldFolderDto } from './contactLibrary.api.ts';

const FIELDS = ['name'] as const;

export function FieldFolderModal({
  opened,
  onClose,
  folder,
}: {
  opened: boolean;
  onClose(): void;
  folder?: CustomFieldFolderDto;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>{folder ? `Rename ${folder.name}` : 'New folder'}</Text>}
      size="sm"
    >
      <FolderForm key={folder?.id ?? 'new'} folder={folder} onDone={onClose} />
    </Modal>
  );
}

function FolderForm({ folder, onDone }: { folder?: CustomFieldFolderDto; onDone(): void }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (name: string) => (folder ? updateFolder(folder.id, { name }) : createFolder({ name })),
    onSuccess: async (saved) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['custom-fields'] }),
        queryClient.invalidateQueries({ queryKey: ['contact'] }),
      ]);
      notifications.show({
        color: 'green',
        message: folder ? `Folder renamed to ${saved.name}` : `Folder ${saved.name} created`,
      });
      onDone();
    },
  });
  const form = useFormState({ name: folder?.name ?? '' }, () => mutation.reset());
  const problem = splitProblem(mutation.error, FIELDS, { name_taken: 'name' });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.values.name.trim()) {
      form.setErrors({ name: 'Name the folder' });
      return;
    }
    mutation.mutate(form.values.name.trim());
  };

  return (
    <form onSubmit={submit} noValidate aria-label={folder ? 'Rename folder' : 'New folder'}>
      <Stack gap="md">
        <TextInput
          label="Name"
          placeholder="e.g. Property preferences"
          value={form.values.name}
          onChange={(e) => form.set('name')(e.currentTarget.value)}
          error={form.errors.name ?? problem.fields.name}
          maxLength={80}
          data-autofocus
        />
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {folder ? 'Rename' : 'Create folder'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
