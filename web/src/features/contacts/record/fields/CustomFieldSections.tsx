// Custom fields on the contact: one section per folder (hidden folders are not shown), then "Additional fields"
// for unfiled ones, each value edited in place with an input of its type. Fields added to this contact only can
// be taken off it again; "Add field" adds one from the library or creates a new one.
import { ActionIcon, Anchor, Badge, Button, Checkbox, FileButton, Group, Menu, Text, Tooltip } from '@mantine/core';
import {
  IconDots,
  IconFile,
  IconFolder,
  IconForms,
  IconPaperclip,
  IconPlus,
  IconTrash,
  IconUpload,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../../../app/i18n.ts';
import { useSession, useUserZone } from '../../../auth/useSession.ts';
import {
  fileInfoQuery,
  fileUrl,
  uploadFieldFile,
  useContactActions,
  useCsrfToken,
  type ProfileField,
} from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';
import { formatFieldValue, formatPhone } from '../format.ts';
import { AddFieldModal } from './AddFieldModal.tsx';
import { EditableField, type EditorSpec } from './EditableField.tsx';
import classes from './Field.module.css';
import { FieldProblem } from './FieldProblem.tsx';
import type { FieldRow, SectionDef } from './Section.tsx';
import { useRowAction } from './useRowAction.ts';
import { LazyMenu } from '../../../../components/LazyMenu.tsx';

/** The in-place editor of a custom field's type (checkbox and file fields have their own rows). */
export function editorFor(field: Pick<ProfileField, 'type' | 'options'>): EditorSpec {
  const options = field.options.map((o) => ({ value: o.value, label: o.label }));
  switch (field.type) {
    case 'long_text':
      return { type: 'textarea' };
    case 'number':
      return { type: 'number' };
    case 'currency':
      return { type: 'number', decimalScale: 2 };
    case 'date':
      return { type: 'date' };
    case 'datetime':
      return { type: 'datetime' };
    case 'single_select':
      return { type: 'select', data: options, clearable: true, searchable: options.length > 8 };
    case 'multi_select':
      return { type: 'multiselect', data: options };
    case 'email':
      return { type: 'text', inputType: 'email', placeholder: 'name@company.com' };
    case 'phone':
      return { type: 'text', inputType: 'tel', placeholder: '+49 30 1234567' };
    case 'url':
      return { type: 'text', inputType: 'url', placeholder: 'https://…' };
    default:
      return { type: 'text', maxLength: 1000 };
  }
}

/** The read view of a value: links for emails, phones and web addresses, coloured badges for choices. */
export function displayFor(
  field: Pick<ProfileField, 'type' | 'options'>,
  value: unknown,
  text: string | null,
): ReactNode {
  if (text === null) return undefined;
  const color = (v: unknown) => field.options.find((o) => o.value === v)?.color ?? 'gray';
  const label = (v: unknown) => field.options.find((o) => o.value === v)?.label ?? String(v);
  switch (field.type) {
    case 'single_select':
      return (
        <Badge variant="light" color={color(value)} style={{ textTransform: 'none' }}>
          {label(value)}
        </Badge>
      );
    case 'multi_select':
      return (
        <Group gap={4}>
          {(Array.isArray(value) ? value : [value]).map((v) => (
            <Badge key={String(v)} variant="light" color={color(v)} style={{ textTransform: 'none' }}>
              {label(v)}
            </Badge>
          ))}
        </Group>
      );
    case 'email':
      return (
        <Anchor href={`mailto:${String(value)}`} size="sm">
          {text}
        </Anchor>
      );
    case 'phone':
      return (
        <Anchor href={`tel:${String(value)}`} size="sm">
          {formatPhone(String(value))}
        </Anchor>
      );
    case 'url':
      return (
        <Anchor
          href={String(value)}
          target="_blank"
          rel="noopener noreferrer"
          size="sm"
          style={{ overflowWrap: 'anywhere' }}
        >
          {text}
        </Anchor>
      );
    default:
      return undefined;
  }
}

const LINKED = new Set<ProfileField['type']>(['email', 'phone', 'url']);

function FieldActions({ field }: { field: ProfileField }) {
  const { t } = useTranslation();
  const { contact, editable, reload } = useContactPage();
  const actions = useContactActions(contact.id);
  const action = useRowAction();
  if (!field.attachedToContact || !editable) return null;
  return (
    <>
      <LazyMenu
        position="bottom-end"
        withinPortal
        target={
          <ActionIcon
            size="sm"
            aria-label={t('contactPage.customFields.more', { label: field.label })}
            loading={action.pending}
          >
            <IconDots size={15} />
          </ActionIcon>
        }
      >
        <Menu.Label>{t('contactPage.customFields.thisContactOnly')}</Menu.Label>
        <Menu.Item
          color="red"
          leftSection={<IconTrash size={15} />}
          onClick={() => action.run(() => actions.detachField(contact.version, field.id))}
        >
          {t('contactPage.customFields.remove')}
        </Menu.Item>
      </LazyMenu>
      {action.error !== null && (
        <FieldProblem
          error={action.error}
          onReload={async () => {
            await reload();
            action.clear();
          }}
        />
      )}
    </>
  );
}

/** Checkboxes need no edit mode: a click is the change. */
function CheckboxField({ field }: { field: ProfileField }) {
  const { t } = useTranslation();
  const { contact, editable, reload } = useContactPage();
  const actions = useContactActions(contact.id);
  const action = useRowAction();
  const value = contact.custom[field.key];
  return (
    <div className={classes.row} data-testid={`field-custom-${field.key}`}>
      <Text component="label" htmlFor={`cf-${field.id}`} className={classes.label} size="sm" c="dimmed">
        {field.label}
      </Text>
      <div className={classes.value} style={{ padding: '6px 0' }}>
        <Checkbox
          id={`cf-${field.id}`}
          size="sm"
          checked={value === true}
          disabled={!editable || action.pending}
          onChange={(e) => {
            const checked = e.currentTarget.checked;
            void action.run(() => actions.update(contact.version, { custom: { [field.key]: checked } }));
          }}
          label={
            value === true ? t('common.yes') : value === false ? t('common.no') : t('contactPage.customFields.notSet')
          }
        />
        <FieldProblem
          error={action.error}
          onReload={async () => {
            await reload();
            action.clear();
          }}
        />
      </div>
      <div className={classes.actions}>
        <FieldActions field={field} />
      </div>
    </div>
  );
}

function FileName({ fileId }: { fileId: string }) {
  const { t } = useTranslation();
  const info = useQuery(fileInfoQuery(fileId));
  return (
    <Anchor
      href={fileUrl(fileId)}
      target="_blank"
      rel="noopener noreferrer"
      size="sm"
      style={{ overflowWrap: 'anywhere' }}
    >
      <IconFile size={14} style={{ verticalAlign: -2, marginRight: 4 }} aria-hidden />
      {info.data?.filename ??
        (info.isError ? t('contactPage.customFields.fileGone') : t('contactPage.customFields.openFile'))}
    </Anchor>
  );
}

/** A file field: upload (or replace) a document, open it, or clear the field. */
function FileField({ field }: { field: ProfileField }) {
  const { t } = useTranslation();
  const { contact, editable, reload } = useContactPage();
  const actions = useContactActions(contact.id);
  const csrf = useCsrfToken();
  const action = useRowAction();
  const value = contact.custom[field.key];
  const fileId = typeof value === 'string' ? value : null;
  const upload = (file: File | null) => {
    if (!file) return;
    const version = contact.version;
    void action.run(async () => {
      const uploaded = await uploadFieldFile(file, csrf);
      await actions.update(version, { custom: { [field.key]: uploaded.fileId } });
    });
  };
  return (
    <div className={classes.row} data-testid={`field-custom-${field.key}`}>
      <Text className={classes.label} size="sm" c="dimmed">
        {field.label}
        {field.required && (
          <Text span c="red">
            {' '}
            *
          </Text>
        )}
      </Text>
      <div className={classes.value} style={{ padding: '5px 0' }}>
        <Group gap={6} wrap="wrap">
          {fileId ? (
            <FileName fileId={fileId} />
          ) : (
            <Text size="sm" c="dimmed">
              {t('contactPage.customFields.noFile')}
            </Text>
          )}
          {editable && (
            <FileButton onChange={upload}>
              {(props) => (
                <Button
                  {...props}
                  size="compact-xs"
                  variant="default"
                  loading={action.pending}
                  leftSection={fileId ? <IconUpload size={12} /> : <IconPaperclip size={12} />}
                >
                  {fileId ? t('contactPage.customFields.replace') : t('contactPage.customFields.upload')}
                </Button>
              )}
            </FileButton>
          )}
          {editable && fileId && !field.required && (
            <Tooltip label={t('contactPage.customFields.clearField')}>
              <ActionIcon
                size="sm"
                aria-label={t('contactPage.customFields.clear', { label: field.label })}
                onClick={() => action.run(() => actions.update(contact.version, { custom: { [field.key]: null } }))}
              >
                <IconTrash size={14} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
        <FieldProblem
          error={action.error}
          onReload={async () => {
            await reload();
            action.clear();
          }}
        />
      </div>
      <div className={classes.actions}>
        <FieldActions field={field} />
      </div>
    </div>
  );
}

function CustomFieldRow({ field }: { field: ProfileField }) {
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  const zone = useUserZone();
  const { workspace } = useSession();
  if (field.type === 'checkbox') return <CheckboxField field={field} />;
  if (field.type === 'file') return <FileField field={field} />;
  const value = contact.custom[field.key] ?? null;
  const text = formatFieldValue(field, value, { zone, currency: workspace.currency });
  return (
    <EditableField
      testId={`field-custom-${field.key}`}
      label={field.label}
      value={value}
      text={text}
      display={displayFor(field, value, text)}
      linked={LINKED.has(field.type) && text !== null}
      required={field.required}
      editor={editorFor(field)}
      onSave={(v, version) => actions.update(version, { custom: { [field.key]: v } })}
      actions={<FieldActions field={field} />}
    />
  );
}

function AddFieldButton() {
  const { t } = useTranslation();
  const { editable } = useContactPage();
  const [opened, setOpened] = useState(false);
  if (!editable) return null;
  return (
    <>
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconPlus size={14} />}
        onClick={() => setOpened(true)}
        style={{ alignSelf: 'flex-start' }}
      >
        {t('contactPage.customFields.addField')}
      </Button>
      <AddFieldModal opened={opened} onClose={() => setOpened(false)} />
    </>
  );
}

export function useCustomFieldSections(): SectionDef[] {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const row = (field: ProfileField): FieldRow => {
    const value = contact.custom[field.key];
    return {
      id: field.id,
      label: field.label,
      empty: value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0),
      node: <CustomFieldRow field={field} />,
    };
  };
  const folders = new Map<string, SectionDef>();
  const unfiled: FieldRow[] = [];
  for (const field of contact.fields) {
    if (field.hidden) continue;
    // The built-in folder is Demographics (net worth, marital status…): about people, never about a business.
    if (field.folder?.builtIn && contact.kind === 'business') continue;
    if (!field.folder) {
      unfiled.push(row(field));
      continue;
    }
    let section = folders.get(field.folder.id);
    if (!section) {
      section = {
        id: `folder-${field.folder.id}`,
        // The built-in folder's name in the reader's language, unless an admin renamed it.
        title:
          field.folder.builtIn && field.folder.name === 'Demographics'
            ? t('contactPage.customFields.demographics')
            : field.folder.name,
        icon: IconFolder,
        rows: [],
      };
      folders.set(field.folder.id, section);
    }
    section.rows.push(row(field));
  }
  return [
    ...folders.values(),
    {
      id: 'additional',
      title: t('contactPage.customFields.additional'),
      icon: IconForms,
      rows: unfiled,
      emptyNote: t('contactPage.customFields.additionalEmpty'),
      footer: <AddFieldButton />,
    },
  ];
}
