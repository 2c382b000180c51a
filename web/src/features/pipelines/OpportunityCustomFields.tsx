// The opportunity custom fields admins define in Settings → Custom fields: their inputs in the opportunity form
// (the contact page's editors, one per field type) and their values where a deal is shown.
import { Anchor, Button, Checkbox, FileButton, Group, Input, Text } from '@mantine/core';
import { IconFile, IconPaperclip, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ApiError } from '../../lib/api.ts';
import { problemText } from '../../lib/problems.ts';
import { useSession, useUserZone } from '../auth/useSession.ts';
import { fileUrl, uploadFieldFile, useCsrfToken } from '../contacts/contact.api.ts';
import { displayFor, editorFor } from '../contacts/record/fields/CustomFieldSections.tsx';
import { Editor, fromDraft, toDraft, type Draft } from '../contacts/record/fields/EditableField.tsx';
import { fieldMessage } from '../contacts/record/fields/FieldProblem.tsx';
import { formatFieldValue } from '../contacts/record/format.ts';
import { fieldFoldersQuery, opportunityFieldsQuery, type CustomFieldDto } from '../settings/contactLibrary.api.ts';

/** The opportunity fields to show, in display order: those in a hidden folder keep their values unseen. */
export function useOpportunityFields(): CustomFieldDto[] {
  const fields = useQuery(opportunityFieldsQuery);
  const folders = useQuery(fieldFoldersQuery);
  const hidden = new Set((folders.data ?? []).filter((f) => f.hidden).map((f) => f.id));
  return (fields.data ?? []).filter((f) => !f.folderId || !hidden.has(f.folderId));
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** A checkbox's or a file's draft is its value; the other types hold their editor's draft. */
type Drafts = Record<string, Draft | boolean>;

function toValue(field: CustomFieldDto, draft: Draft | boolean | undefined, timeZone: string): unknown {
  if (field.type === 'checkbox') return typeof draft === 'boolean' ? draft : null;
  if (field.type === 'file') return typeof draft === 'string' && draft ? draft : null;
  return fromDraft(editorFor(field), (draft ?? null) as Draft, timeZone);
}

/**
 * The drafts of a deal's custom values, and what to send: on create the values given, on an edit the ones
 * changed (null clears one), so an untouched empty required field does not stand in the way of another change.
 */
export function useCustomDrafts(fields: CustomFieldDto[], stored: Record<string, unknown> = {}) {
  const { timeZone } = useUserZone();
  const [changed, setChanged] = useState<Drafts>({});
  const initial = (field: CustomFieldDto): Draft | boolean =>
    field.type === 'checkbox'
      ? typeof stored[field.key] === 'boolean'
        ? (stored[field.key] as boolean)
        : null
      : field.type === 'file'
        ? typeof stored[field.key] === 'string'
          ? (stored[field.key] as string)
          : null
        : toDraft(editorFor(field), stored[field.key] ?? null, timeZone);
  const draftOf = (field: CustomFieldDto) => (field.key in changed ? changed[field.key]! : initial(field));
  const payload = (mode: 'create' | 'update'): Record<string, unknown> | undefined => {
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const value = toValue(field, draftOf(field), timeZone);
      if (mode === 'create' ? !isEmpty(value) : JSON.stringify(value) !== JSON.stringify(stored[field.key] ?? null)) {
        out[field.key] = value;
      }
    }
    return Object.keys(out).length ? out : undefined;
  };
  return {
    draftOf,
    set: (key: string, draft: Draft | boolean) => setChanged((c) => ({ ...c, [key]: draft })),
    payload,
  };
}

/** The refusal of a save that concerns one custom field (the API names it in `field`), by key. */
export function customFieldError(error: unknown, fields: CustomFieldDto[]): Record<string, string> {
  if (!(error instanceof ApiError) || typeof error.extras.field !== 'string') return {};
  const key = error.extras.field;
  return fields.some((f) => f.key === key) ? { [key]: fieldMessage(error) } : {};
}

export function CustomFieldInputs({
  fields,
  drafts,
  errors,
}: {
  fields: CustomFieldDto[];
  drafts: ReturnType<typeof useCustomDrafts>;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  return fields.map((field) => {
    const id = `opportunity-field-${field.id}`;
    const draft = drafts.draftOf(field);
    if (field.type === 'checkbox') {
      return (
        // Labelled above like the inputs beside it, the box where their text sits.
        <Input.Wrapper key={field.id} id={id} label={field.label} error={errors[field.key]}>
          <Checkbox
            id={id}
            mt={8}
            label={t('common.yes')}
            checked={draft === true}
            onChange={(e) => drafts.set(field.key, e.currentTarget.checked)}
          />
        </Input.Wrapper>
      );
    }
    if (field.type === 'file') {
      return (
        <FileInput
          key={field.id}
          field={field}
          fileId={typeof draft === 'string' ? draft : null}
          onChange={(fileId) => drafts.set(field.key, fileId)}
          error={errors[field.key]}
        />
      );
    }
    return (
      <Editor
        key={field.id}
        id={id}
        label={field.label}
        editor={editorFor(field)}
        draft={draft as Draft}
        setDraft={(next) => drafts.set(field.key, next)}
        onPick={() => {}}
        saving={false}
        inForm={{ required: field.required, error: errors[field.key] }}
      />
    );
  });
}

function FileInput({
  field,
  fileId,
  onChange,
  error,
}: {
  field: CustomFieldDto;
  fileId: string | null;
  onChange(fileId: string | null): void;
  error?: string;
}) {
  const { t } = useTranslation();
  const csrf = useCsrfToken();
  const [uploading, setUploading] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const upload = async (file: File | null) => {
    if (!file) return;
    setUploading(true);
    setFailure(null);
    try {
      onChange((await uploadFieldFile(file, csrf)).fileId);
    } catch (e) {
      setFailure(e);
    } finally {
      setUploading(false);
    }
  };
  return (
    <Input.Wrapper
      label={field.label}
      required={field.required}
      error={error ?? (failure ? problemText(failure) : undefined)}
    >
      <Group gap="xs" mt={4}>
        {fileId && (
          <Anchor href={fileUrl(fileId)} target="_blank" rel="noopener noreferrer" size="sm">
            <IconFile size={14} style={{ verticalAlign: -2, marginRight: 4 }} aria-hidden />
            {t('contactPage.customFields.openFile')}
          </Anchor>
        )}
        <FileButton onChange={(f) => void upload(f)}>
          {(props) => (
            <Button
              {...props}
              size="compact-sm"
              variant="default"
              loading={uploading}
              leftSection={<IconPaperclip size={14} />}
              aria-label={`${field.label}: ${fileId ? t('contactPage.customFields.replace') : t('contactPage.customFields.upload')}`}
            >
              {fileId ? t('contactPage.customFields.replace') : t('contactPage.customFields.upload')}
            </Button>
          )}
        </FileButton>
        {fileId && !field.required && (
          <Button
            size="compact-sm"
            variant="subtle"
            color="gray"
            leftSection={<IconX size={14} />}
            onClick={() => onChange(null)}
          >
            {t('contactPage.customFields.clearField')}
          </Button>
        )}
      </Group>
    </Input.Wrapper>
  );
}

/** One field's value as shown on a deal: badges for choices, links for emails, phones, addresses and files. */
export function CustomValue({ field, value }: { field: CustomFieldDto; value: unknown }): ReactNode {
  const zone = useUserZone();
  const { workspace } = useSession();
  const text = formatFieldValue(field, value, { zone, currency: workspace.currency });
  if (text === null) return null;
  if (field.type === 'file' && typeof value === 'string') {
    return (
      <Anchor href={fileUrl(value)} target="_blank" rel="noopener noreferrer" size="sm">
        {text}
      </Anchor>
    );
  }
  return displayFor(field, value, text) ?? <Text size="sm">{text}</Text>;
}

/** The deal's custom values that are set, as "label: value" (nothing when none is). */
export function CustomValues({ custom }: { custom: Record<string, unknown> }) {
  const fields = useOpportunityFields().filter((f) => !isEmpty(custom[f.key]));
  if (!fields.length) return null;
  return (
    <Group gap="xs" style={{ rowGap: 4 }} data-testid="opportunity-custom-values">
      {fields.map((field) => (
        <Group key={field.id} gap={4} wrap="nowrap">
          <Text size="sm" c="dimmed">
            {field.label}:
          </Text>
          <CustomValue field={field} value={custom[field.key]} />
        </Group>
      ))}
    </Group>
  );
}
