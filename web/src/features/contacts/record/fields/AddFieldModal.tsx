// "Add field": put a library field on this contact only, or create a new field right here (label, type, value) —
// the new field joins the library, where an admin can later apply it to all contacts.
import {
  Button,
  Checkbox,
  FileInput,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { LazyModal } from '../../../../components/LazyModal.tsx';
import { DateInput, TimeInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../../../app/i18n.ts';
import { ProblemAlert } from '../../../../components/ProblemAlert.tsx';
import { useUserZone } from '../../../auth/useSession.ts';
import { customFieldsQuery, fieldFoldersQuery } from '../../../settings/contactLibrary.api.ts';
import { uploadFieldFile, useContactActions, useCsrfToken, type ProfileField } from '../../contact.api.ts';
import { FIELD_TYPES, fieldTypeInfo } from '../../../settings/fieldTypes.tsx';
import { useContactPage } from '../ContactContext.tsx';
import { wallToIso } from '../format.ts';

type FieldType = ProfileField['type'];

const typeLabel = (type: FieldType) => fieldTypeInfo(type).label;

const isSelect = (t: FieldType) => t === 'single_select' || t === 'multi_select';

export function AddFieldModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'library' | 'new'>('library');
  return (
    <LazyModal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>{t('contactPage.addField.title')}</Text>}
      size="md"
    >
      <SegmentedControl
        fullWidth
        mb="md"
        value={mode}
        onChange={(v) => setMode(v as 'library' | 'new')}
        data={[
          { value: 'library', label: t('contactPage.addField.fromLibrary') },
          { value: 'new', label: t('contactPage.addField.createNew') },
        ]}
      />
      {opened &&
        (mode === 'library' ? (
          <FromLibrary onDone={onClose} onCreate={() => setMode('new')} />
        ) : (
          <NewField onDone={onClose} />
        ))}
    </LazyModal>
  );
}

function FromLibrary({ onDone, onCreate }: { onDone(): void; onCreate(): void }) {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  const library = useQuery(customFieldsQuery);
  const folders = useQuery(fieldFoldersQuery);
  const [fieldId, setFieldId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const hiddenFolders = new Set((folders.data ?? []).filter((f) => f.hidden).map((f) => f.id));
  const onContact = new Set(contact.fields.map((f) => f.id));
  const available = (library.data ?? []).filter(
    (f) => !f.appliesToAll && !onContact.has(f.id) && !(f.folderId && hiddenFolders.has(f.folderId)),
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!fieldId) return;
    setSaving(true);
    setError(null);
    try {
      await actions.attachField(contact.version, fieldId);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };
  if (library.isPending) return <Text size="sm">{t('contactPage.addField.loading')}</Text>;
  if (library.isError) return <ProblemAlert error={library.error} />;
  if (available.length === 0) {
    return (
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('contactPage.addField.noneLeft')}
        </Text>
        <Group justify="flex-end">
          <Button onClick={onCreate}>{t('contactPage.addField.createNew')}</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <Select
          label={t('contactPage.addField.field')}
          description={t('contactPage.addField.fieldHint')}
          placeholder={t('contactPage.addField.pick')}
          searchable
          data-autofocus
          data={available.map((f) => ({ value: f.id, label: `${f.label} (${typeLabel(f.type)})` }))}
          value={fieldId}
          onChange={setFieldId}
        />
        <ProblemAlert error={error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" disabled={!fieldId} loading={saving}>
            {t('contactPage.addField.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function NewField({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  const csrf = useCsrfToken();
  const zone = useUserZone();
  const folders = useQuery(fieldFoldersQuery);
  const [label, setLabel] = useState('');
  const [type, setType] = useState<FieldType>('text');
  const [options, setOptions] = useState<string[]>([]);
  const [folderId, setFolderId] = useState<string | null>(null);
  const [value, setValue] = useState<unknown>(null);
  const [time, setTime] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const changeType = (next: FieldType) => {
    setType(next);
    setValue(next === 'checkbox' ? false : null);
    setTime('');
  };

  const valueToSend = async (): Promise<unknown> => {
    if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
    if (type === 'datetime') return wallToIso(`${String(value)} ${time || '00:00'}`, zone.timeZone);
    if (type === 'file') return (await uploadFieldFile(value as File, csrf)).fileId;
    return value;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!label.trim()) return;
    setSaving(true);
    setError(null);
    try {
      await actions.createInlineField(contact.version, {
        label: label.trim(),
        type,
        ...(isSelect(type) ? { options: options.map((o) => ({ value: o, label: o })) } : {}),
        folderId,
        value: await valueToSend(),
      });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const optionData = options.map((o) => ({ value: o, label: o }));
  const valueInput = (() => {
    const common = { label: t('contactPage.addField.value'), description: t('contactPage.addField.valueHint') };
    switch (type) {
      case 'long_text':
        return (
          <Textarea
            {...common}
            autosize
            minRows={2}
            value={String(value ?? '')}
            onChange={(e) => setValue(e.currentTarget.value)}
          />
        );
      case 'number':
      case 'currency':
        return (
          <NumberInput
            {...common}
            hideControls
            decimalScale={type === 'currency' ? 2 : undefined}
            value={(value as number | string | null) ?? ''}
            onChange={(v) => setValue(v === '' ? null : v)}
          />
        );
      case 'date':
        return (
          <DateInput
            {...common}
            clearable
            valueFormat="D MMM YYYY"
            value={value as string | null}
            onChange={setValue}
          />
        );
      case 'datetime':
        return (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <DateInput
              {...common}
              style={{ flex: 1 }}
              clearable
              valueFormat="D MMM YYYY"
              value={value as string | null}
              onChange={setValue}
            />
            <TimeInput
              aria-label={t('contactPage.addField.time')}
              w={110}
              value={time}
              onChange={(e) => setTime(e.currentTarget.value)}
            />
          </Group>
        );
      case 'checkbox':
        return (
          <Checkbox
            label={t('common.yes')}
            checked={value === true}
            onChange={(e) => setValue(e.currentTarget.checked)}
          />
        );
      case 'single_select':
        return (
          <Select
            {...common}
            data={optionData}
            clearable
            value={(value as string | null) ?? null}
            onChange={setValue}
            disabled={options.length === 0}
          />
        );
      case 'multi_select':
        return (
          <MultiSelect
            {...common}
            data={optionData}
            value={(value as string[] | null) ?? []}
            onChange={setValue}
            disabled={options.length === 0}
          />
        );
      case 'file':
        return (
          <FileInput
            {...common}
            placeholder={t('contactPage.addField.chooseFile')}
            clearable
            value={value as File | null}
            onChange={setValue}
          />
        );
      default:
        return (
          <TextInput
            {...common}
            type={type === 'email' ? 'email' : type === 'url' ? 'url' : type === 'phone' ? 'tel' : 'text'}
            placeholder={type === 'url' ? 'https://…' : type === 'phone' ? '+49 30 1234567' : undefined}
            value={String(value ?? '')}
            onChange={(e) => setValue(e.currentTarget.value)}
          />
        );
    }
  })();

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput
          label={t('contactPage.addField.label')}
          placeholder={t('contactPage.addField.labelPlaceholder')}
          required
          data-autofocus
          maxLength={100}
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
        />
        <Group grow align="flex-start">
          <Select
            label={t('contactPage.addField.type')}
            data={FIELD_TYPES.map((type) => ({ value: type.value, label: type.label }))}
            value={type}
            allowDeselect={false}
            onChange={(v) => v && changeType(v as FieldType)}
          />
          <Select
            label={t('contactPage.addField.folder')}
            placeholder={t('contactPage.customFields.additional')}
            clearable
            data={(folders.data ?? []).filter((f) => !f.hidden).map((f) => ({ value: f.id, label: f.name }))}
            value={folderId}
            onChange={setFolderId}
          />
        </Group>
        {isSelect(type) && (
          <TagsInput
            label={t('contactPage.addField.choices')}
            description={t('contactPage.addField.choicesHint')}
            value={options}
            onChange={(next) => {
              setOptions(next);
              setValue(null);
            }}
          />
        )}
        {valueInput}
        <Text size="xs" c="dimmed">
          {t('contactPage.addField.joinsLibrary')}
        </Text>
        <ProblemAlert error={error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" disabled={!label.trim() || (isSelect(type) && options.length === 0)} loading={saving}>
            {t('contactPage.addField.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
