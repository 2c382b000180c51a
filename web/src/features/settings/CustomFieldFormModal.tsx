// Create or edit a custom field: label, key (derived from the label, fixed once created), type (fixed too), the
// choices of a select, currency, folder, and whether it is required and shown on every contact.
import {
  ActionIcon,
  Button,
  ColorSwatch,
  Group,
  Input,
  Popover,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { LazyModal } from '../../components/LazyModal.tsx';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api.ts';
import { splitProblem } from '../../lib/forms.ts';
import { useSession } from '../auth/useSession.ts';
import { ColorChoice, swatchColor } from './ColorChoice.tsx';
import {
  createCustomField,
  updateCustomField,
  type CustomFieldDto,
  type CustomFieldFolderDto,
  type FieldType,
} from './contactLibrary.api.ts';
import { FIELD_TYPES, fieldTypeInfo, isSelectType, KEY_PATTERN, keyFromLabel } from './fieldTypes.tsx';
import { currencyOptionsList } from './options.ts';

/** Keys and stored values are code: a monospace input, ordinary labels and descriptions around it. */
const MONO = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };
export function CustomFieldFormModal({
  opened,
  onClose,
  field,
  folders,
  folderId,
  entity = 'contact',
}: {
  opened: boolean;
  onClose(): void;
  field?: CustomFieldDto;
  folders: CustomFieldFolderDto[];
  /** The folder a new field starts in (when created from a folder's menu). */
  folderId?: string | null;
  /** What a new field describes. */
  entity?: CustomFieldDto['entity'];
}) {
  const { t } = useTranslation();
  return (
    <LazyModal
      opened={opened}
      onClose={onClose}
      title={
        <Text fw={600}>
          {field ? t('settings.editNamed', { name: field.label }) : t('settings.fieldForm.newTitle')}
        </Text>
      }
      size="lg"
    >
      <FieldForm
        key={field?.id ?? `new-${folderId ?? ''}`}
        field={field}
        folders={folders}
        folderId={folderId}
        entity={entity}
        onDone={onClose}
      />
    </LazyModal>
  );
}

let nextUid = 0;
const uid = () => `option-${++nextUid}`;

interface OptionDraft {
  /** Keeps a row's inputs (and focus) with it when choices move. */
  uid: string;
  value: string;
  label: string;
  color: string;
  /** Added in this edit: its value may still change (stored values use an existing option's value). */
  isNew: boolean;
  valueEdited: boolean;
}

interface Draft {
  label: string;
  key: string;
  keyEdited: boolean;
  type: FieldType;
  options: OptionDraft[];
  currency: string | null;
  folderId: string | null;
  description: string;
  required: boolean;
  appliesToAll: boolean;
}

const FIELDS = ['label', 'key', 'type', 'options', 'currency', 'folderId', 'description'] as const;
type FieldName = (typeof FIELDS)[number];

function FieldForm({
  field,
  folders,
  folderId,
  entity,
  onDone,
}: {
  field?: CustomFieldDto;
  folders: CustomFieldFolderDto[];
  folderId?: string | null;
  entity: CustomFieldDto['entity'];
  onDone(): void;
}) {
  const { t } = useTranslation();
  const { workspace } = useSession();
  const queryClient = useQueryClient();
  const [d, setDraft] = useState<Draft>(() => ({
    label: field?.label ?? '',
    key: field?.key ?? '',
    keyEdited: false,
    type: field?.type ?? 'text',
    options: (field?.options ?? []).map((o) => ({
      uid: uid(),
      value: o.value,
      label: o.label,
      color: o.color ?? 'gray',
      isNew: false,
      valueEdited: true,
    })),
    currency: field?.currency ?? null,
    folderId: field ? field.folderId : (folderId ?? null),
    description: field?.description ?? '',
    required: field?.required ?? false,
    appliesToAll: field?.appliesToAll ?? true,
  }));
  const [local, setLocal] = useState<Partial<Record<FieldName, string>>>({});

  const mutation = useMutation({
    mutationFn: () => {
      const options = isSelectType(d.type)
        ? d.options.map((o) => ({ value: o.value.trim(), label: o.label.trim(), color: o.color }))
        : undefined;
      const common = {
        label: d.label.trim(),
        folderId: d.folderId,
        required: d.required,
        appliesToAll: d.appliesToAll,
        description: d.description.trim() || null,
        ...(options ? { options } : {}),
        ...(d.type === 'currency' ? { currency: d.currency } : {}),
      };
      return field ? updateCustomField(field.id, common) : createCustomField({ ...common, type: d.type, key, entity });
    },
    onSuccess: async (saved) => {
      // Contact pages and the list show fields from the library.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['custom-fields'] }),
        queryClient.invalidateQueries({ queryKey: ['contact'] }),
      ]);
      notifications.show({
        color: 'green',
        message: field
          ? t('settings.fieldForm.saved', { name: saved.label })
          : t('settings.fieldForm.created', { name: saved.label }),
      });
      onDone();
    },
  });

  const update = (patch: Partial<Draft>) => {
    setDraft((prev) => ({ ...prev, ...patch }));
    setLocal({});
    mutation.reset();
  };

  const key = field ? field.key : d.keyEdited ? d.key : keyFromLabel(d.label);
  const problem = splitProblem(mutation.error, FIELDS, { key_taken: 'key', option_in_use: 'options' });
  const folderProblem =
    mutation.error instanceof ApiError &&
    mutation.error.code === 'invalid_reference' &&
    mutation.error.extras.field === 'folderId'
      ? mutation.error.detail
      : undefined;
  const errors = { ...problem.fields, ...(folderProblem ? { folderId: folderProblem } : {}), ...local };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Partial<Record<FieldName, string>> = {};
    if (!d.label.trim()) problems.label = t('settings.fieldForm.nameIt');
    if (!field && !KEY_PATTERN.test(key)) {
      problems.key = t('settings.keyPattern');
    }
    if (isSelectType(d.type)) {
      const values = d.options.map((o) => o.value.trim());
      if (d.options.length === 0) problems.options = t('settings.fieldForm.needsChoice');
      else if (d.options.some((o) => !o.label.trim() || !o.value.trim()))
        problems.options = t('settings.fieldForm.choiceNeedsLabel');
      else if (new Set(values).size !== values.length) problems.options = t('settings.fieldForm.sameValue');
    }
    if (Object.keys(problems).length) {
      setLocal(problems);
      return;
    }
    mutation.mutate();
  };

  const typeInfo = fieldTypeInfo(d.type);
  const TypeIcon = typeInfo.icon;
  const folderOptions = [
    { value: '', label: t('settings.fieldForm.noFolder') },
    ...folders.map((f) => ({
      value: f.id,
      label: f.hidden ? t('settings.fieldForm.hiddenFolder', { name: f.name }) : f.name,
    })),
  ];
  const currencyOptions = [
    { value: '', label: t('settings.fieldForm.workspaceCurrency', { currency: workspace.currency }) },
    ...currencyOptionsList(d.currency ?? undefined),
  ];

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={field ? t('settings.fieldForm.editLabel') : t('settings.fieldForm.newTitle')}
    >
      <Stack gap="md">
        <TextInput
          label={t('settings.fieldForm.label')}
          placeholder={t('settings.fieldForm.labelPlaceholder')}
          value={d.label}
          onChange={(e) => update({ label: e.currentTarget.value })}
          error={errors.label}
          maxLength={100}
          data-autofocus
        />
        <TextInput
          label={t('settings.key')}
          description={field ? t('settings.fieldForm.keyFixed') : t('settings.fieldForm.keyDerived')}
          value={key}
          onChange={(e) => update({ key: e.currentTarget.value, keyEdited: true })}
          readOnly={Boolean(field)}
          error={errors.key}
          styles={MONO}
          maxLength={63}
        />
        <Select
          label={t('settings.fieldForm.type')}
          description={field ? t('settings.fieldForm.typeFixed') : typeInfo.hint}
          data={FIELD_TYPES.map((type) => ({ value: type.value, label: type.label }))}
          value={d.type}
          onChange={(type) => type && update({ type: type as FieldType })}
          disabled={Boolean(field)}
          allowDeselect={false}
          leftSection={<TypeIcon size={16} stroke={1.7} />}
          renderOption={({ option }) => {
            const info = fieldTypeInfo(option.value as FieldType);
            const Icon = info.icon;
            return (
              <Group gap="sm" wrap="nowrap">
                <Icon size={16} stroke={1.7} />
                <div>
                  <Text size="sm">{info.label}</Text>
                  <Text size="xs" c="dimmed">
                    {info.hint}
                  </Text>
                </div>
              </Group>
            );
          }}
          maxDropdownHeight={320}
          error={errors.type}
        />
        {isSelectType(d.type) && (
          <OptionsEditor options={d.options} onChange={(options) => update({ options })} error={errors.options} />
        )}
        {d.type === 'currency' && (
          <Select
            label={t('settings.fieldForm.currency')}
            data={currencyOptions}
            value={d.currency ?? ''}
            onChange={(c) => update({ currency: c || null })}
            searchable
            allowDeselect={false}
            error={errors.currency}
          />
        )}
        <Select
          label={t('settings.fieldForm.folder')}
          data={folderOptions}
          value={d.folderId ?? ''}
          onChange={(f) => update({ folderId: f || null })}
          allowDeselect={false}
          error={errors.folderId}
        />
        <Textarea
          label={t('settings.fieldForm.description')}
          description={t('settings.fieldForm.descriptionHelp')}
          value={d.description}
          onChange={(e) => update({ description: e.currentTarget.value })}
          maxLength={500}
          rows={2}
          error={errors.description}
        />
        <Stack gap="sm">
          <Switch
            label={t('settings.fieldForm.appliesToAll')}
            description={t('settings.fieldForm.appliesToAllHelp')}
            checked={d.appliesToAll}
            onChange={(e) => update({ appliesToAll: e.currentTarget.checked })}
          />
          <Switch
            label={t('settings.fieldForm.required')}
            description={t('settings.fieldForm.requiredHelp')}
            checked={d.required}
            onChange={(e) => update({ required: e.currentTarget.checked })}
          />
        </Stack>
        {problem.general && !errors.options && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {field ? t('settings.saveChanges') : t('settings.fieldForm.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The choices of a select: colour, label and stored value, in order. */
function OptionsEditor({
  options,
  onChange,
  error,
}: {
  options: OptionDraft[];
  onChange(next: OptionDraft[]): void;
  error?: string;
}) {
  const { t } = useTranslation();
  const set = (index: number, patch: Partial<OptionDraft>) =>
    onChange(options.map((o, i) => (i === index ? { ...o, ...patch } : o)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...options];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    onChange(next);
  };
  return (
    <Input.Wrapper
      label={t('settings.fieldForm.choices')}
      description={t('settings.fieldForm.choicesHelp')}
      error={error}
    >
      <Stack gap={6} mt={6}>
        {options.map((o, i) => (
          <Group key={o.uid} gap={6} wrap="nowrap" data-testid="option-row">
            <OptionColor
              color={o.color}
              label={o.label || t('settings.fieldForm.choiceN', { n: i + 1 })}
              onChange={(color) => set(i, { color })}
            />
            <TextInput
              aria-label={t('settings.fieldForm.choiceLabel', { n: i + 1 })}
              placeholder={t('settings.fieldForm.choiceLabelPlaceholder')}
              value={o.label}
              onChange={(e) => {
                const label = e.currentTarget.value;
                set(i, o.isNew && !o.valueEdited ? { label, value: keyFromLabel(label) || label.trim() } : { label });
              }}
              maxLength={100}
              style={{ flex: 1 }}
            />
            <TextInput
              aria-label={t('settings.fieldForm.choiceValue', { n: i + 1 })}
              placeholder={t('settings.fieldForm.choiceValuePlaceholder')}
              value={o.value}
              onChange={(e) => set(i, { value: e.currentTarget.value, valueEdited: true })}
              readOnly={!o.isNew}
              styles={MONO}
              maxLength={100}
              w={130}
              title={o.isNew ? undefined : t('settings.fieldForm.valueKept')}
            />
            <Group gap={0} wrap="nowrap">
              <ActionIcon
                aria-label={t('settings.fieldForm.moveUp', { n: i + 1 })}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                <IconArrowUp size={15} />
              </ActionIcon>
              <ActionIcon
                aria-label={t('settings.fieldForm.moveDown', { n: i + 1 })}
                disabled={i === options.length - 1}
                onClick={() => move(i, 1)}
              >
                <IconArrowDown size={15} />
              </ActionIcon>
              <Tooltip label={t('settings.fieldForm.remove')}>
                <ActionIcon
                  aria-label={t('settings.fieldForm.removeN', { n: i + 1 })}
                  onClick={() => onChange(options.filter((_, j) => j !== i))}
                >
                  <IconX size={15} />
                </ActionIcon>
              </Tooltip>
            </Group>
          </Group>
        ))}
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            onChange([...options, { uid: uid(), value: '', label: '', color: 'gray', isNew: true, valueEdited: false }])
          }
          w="fit-content"
        >
          {t('settings.fieldForm.addChoice')}
        </Button>
      </Stack>
    </Input.Wrapper>
  );
}

function OptionColor({ color, label, onChange }: { color: string; label: string; onChange(color: string): void }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" width={260} withinPortal trapFocus>
      <Popover.Target>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label={t('settings.fieldForm.colourOf', { name: label })}
          onClick={() => setOpened((o) => !o)}
        >
          <ColorSwatch color={swatchColor(color)} size={16} withShadow={false} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <ColorChoice
          label={t('settings.fieldForm.colourOf', { name: label })}
          value={color}
          size={20}
          onChange={(c) => {
            onChange(c);
            setOpened(false);
          }}
        />
      </Popover.Dropdown>
    </Popover>
  );
}
