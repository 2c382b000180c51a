// Add or edit a contact type (label, key, colour), and delete one — moving its contacts to another type when any
// use it, since the server refuses to leave contacts without a type.
import { Alert, Badge, Button, Group, Select, Stack, Text } from '@mantine/core';
import { LazyModal } from '../../components/LazyModal.tsx';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api.ts';
import { SettingsFormModal } from './collection/SettingsFormModal.tsx';
import { createContactType, deleteContactType, updateContactType, type ContactTypeDto } from './contactLibrary.api.ts';
import { KEY_PATTERN, keyFromLabel } from './fieldTypes.tsx';

export function ContactTypeFormModal({
  opened,
  onClose,
  type,
}: {
  opened: boolean;
  onClose(): void;
  type?: ContactTypeDto;
}) {
  const { t } = useTranslation();
  type Values = { label: string; key: string; color: string; keyEdited: boolean };
  // The key follows the label until it is typed in; an existing type's key never changes.
  const keyOf = (v: Values) => (type ? type.key : v.keyEdited ? v.key : keyFromLabel(v.label));
  return (
    <SettingsFormModal<Values, ContactTypeDto>
      opened={opened}
      onClose={onClose}
      title={type ? t('settings.editNamed', { name: type.label }) : t('settings.types.newTitle')}
      formLabel={type ? t('settings.types.editForm') : t('settings.types.newTitle')}
      itemKey={type?.key ?? 'new'}
      initial={{ label: type?.label ?? '', key: type?.key ?? '', color: type?.color ?? 'blue', keyEdited: false }}
      fields={[
        {
          kind: 'text',
          name: 'label',
          label: t('common.name'),
          placeholder: t('settings.types.namePlaceholder'),
          maxLength: 60,
        },
        {
          kind: 'text',
          name: 'key',
          label: t('settings.key'),
          description: type ? t('settings.types.keyFixed') : t('settings.types.keyHelp'),
          value: keyOf,
          onEdit: (_value, { form }) => form.set('keyEdited')(true),
          readOnly: Boolean(type),
          monospace: true,
          maxLength: 63,
        },
        { kind: 'color', name: 'color', label: t('settings.colour') },
        {
          kind: 'node',
          render: ({ values: v }) => (
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {t('settings.preview')}
              </Text>
              <Badge color={v.color} variant="light">
                {v.label.trim() || t('settings.types.type')}
              </Badge>
            </Group>
          ),
        },
      ]}
      validate={(v) => ({
        label: v.label.trim() ? undefined : t('settings.types.nameIt'),
        key: type || KEY_PATTERN.test(keyOf(v)) ? undefined : t('settings.keyPattern'),
      })}
      submit={(v) =>
        type
          ? updateContactType(type.key, { label: v.label.trim(), color: v.color })
          : createContactType({ label: v.label.trim(), key: keyOf(v), color: v.color })
      }
      codeToField={{ key_taken: 'key' }}
      invalidate={[['contact-types']]}
      saved={(saved) => t(type ? 'settings.savedNamed' : 'settings.types.added', { name: saved.label })}
      submitLabel={type ? t('settings.saveChanges') : t('settings.types.add')}
    />
  );
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
  const { t } = useTranslation();
  return (
    <LazyModal
      opened={type !== null}
      onClose={onClose}
      title={<Text fw={600}>{t('settings.types.deleteTitle', { name: type?.label ?? '' })}</Text>}
    >
      {type && <DeleteForm key={type.key} type={type} types={types} onDone={onClose} />}
    </LazyModal>
  );
}

function DeleteForm({ type, types, onDone }: { type: ContactTypeDto; types: ContactTypeDto[]; onDone(): void }) {
  const { t } = useTranslation();
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
      notifications.show({ color: 'green', message: t('settings.types.deleted', { name: type.label }) });
      onDone();
    },
  });
  const inUse = mutation.error instanceof ApiError && mutation.error.code === 'contact_type_in_use';
  const others = types.filter((t) => t.key !== type.key).map((t) => ({ value: t.key, label: t.label }));
  // The server counts the contacts (archived ones too) in `count`; its detail names the API parameter instead.
  const count = inUse ? (mutation.error as ApiError).extras.count : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('settings.types.deleteText')}</Text>
        <Select
          label={t('settings.types.moveTo')}
          placeholder={t('settings.types.pickType')}
          data={others}
          value={target}
          onChange={(value) => {
            setTarget(value);
            mutation.reset();
          }}
          error={inUse && !target ? t('settings.types.pickTarget') : undefined}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        {inUse ? (
          <Alert color="orange" variant="light" role="alert" title={t('settings.types.inUseTitle')}>
            {typeof count === 'number'
              ? t('settings.types.inUse', { count })
              : (mutation.error as ApiError).detail.replace(/;.*$/, '.')}{' '}
            {t('settings.types.inUseHint')}
          </Alert>
        ) : (
          <ProblemAlert error={mutation.error} />
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red" loading={mutation.isPending}>
            {target ? t('settings.types.moveAndDelete') : t('settings.types.delete')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
