// Inline editing, one field at a time: click the value and it becomes an input of the field's type. Enter saves
// (Ctrl/Cmd+Enter in long text), Escape cancels, leaving the field saves a change (and simply closes it when
// nothing changed); picking from a list saves at once. The save carries the version the user started from, so a
// change made by someone else in between is refused and shown in place instead of being overwritten.
import {
  ActionIcon,
  Autocomplete,
  Button,
  Group,
  Input,
  Loader,
  MultiSelect,
  NumberInput,
  Select,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Tooltip,
  type ComboboxData,
  type SelectProps,
} from '@mantine/core';
import { DateInput, TimeInput } from '@mantine/dates';
import { IconPencil } from '@tabler/icons-react';
import { useId, useRef, useState, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from '../../../../app/i18n.ts';
import { lite } from '../../../../components/lite.tsx';
import { useUserZone } from '../../../auth/useSession.ts';
import { useContactPage } from '../ContactContext.tsx';
import { isoToWall, wallToIso } from '../format.ts';
import classes from './Field.module.css';
import { FieldProblem } from './FieldProblem.tsx';

export type EditorSpec =
  | { type: 'text'; placeholder?: string; inputType?: 'text' | 'email' | 'url' | 'tel'; maxLength?: number }
  | { type: 'textarea'; placeholder?: string }
  | { type: 'number'; decimalScale?: number; prefix?: string; placeholder?: string }
  | { type: 'date' }
  | { type: 'datetime' }
  | {
      type: 'select';
      /** Or a function, for a long list (time zones) worked out only when the field is edited. */
      data: ComboboxData | (() => ComboboxData);
      clearable?: boolean;
      searchable?: boolean;
      /** Long lists (time zones) render this many matches at a time. */
      limit?: number;
      renderOption?: SelectProps['renderOption'];
    }
  | { type: 'multiselect'; data: ComboboxData }
  | { type: 'tags'; placeholder?: string }
  | { type: 'autocomplete'; data: string[]; placeholder?: string };

export type Draft = string | number | string[] | { date: string | null; time: string } | null;

/** The stored value as the editor's draft. */
export function toDraft(editor: EditorSpec, value: unknown, timeZone: string): Draft {
  switch (editor.type) {
    case 'number':
      return typeof value === 'number' ? value : '';
    case 'multiselect':
    case 'tags':
      return Array.isArray(value) ? value.map(String) : [];
    case 'date':
      return typeof value === 'string' && value ? value : null;
    case 'datetime': {
      const wall = typeof value === 'string' ? isoToWall(value, timeZone) : null;
      return { date: wall?.slice(0, 10) ?? null, time: wall?.slice(11, 16) ?? '' };
    }
    case 'select':
      return typeof value === 'string' ? value : null;
    default:
      return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  }
}

/** The draft as the value to send; empty becomes null (which clears the field). */
export function fromDraft(editor: EditorSpec, draft: Draft, timeZone: string): unknown {
  switch (editor.type) {
    case 'number':
      return draft === '' || draft === null ? null : Number(draft);
    case 'multiselect':
    case 'tags':
      return Array.isArray(draft) ? draft : [];
    case 'datetime': {
      const d = draft as { date: string | null; time: string };
      if (!d.date) return null;
      return wallToIso(`${d.date} ${d.time || '00:00'}`, timeZone);
    }
    case 'date':
    case 'select':
      return draft || null;
    case 'textarea':
      return typeof draft === 'string' && draft.trim() ? draft : null;
    default:
      return typeof draft === 'string' && draft.trim() ? draft.trim() : null;
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Editors that save the moment a choice is made. */
const SAVES_ON_PICK = new Set<EditorSpec['type']>(['select']);
/** Editors with Save/Cancel buttons (Enter has another meaning in them). */
const WITH_BUTTONS = new Set<EditorSpec['type']>(['textarea', 'multiselect', 'tags']);

export interface EditableFieldProps {
  label: string;
  /** The value as the API stores it. */
  value: unknown;
  editor: EditorSpec;
  /** The read view; by default the value as text. */
  display?: ReactNode;
  /** The value as plain text (for the read view and assistive technology). */
  text?: string | null;
  /** The read view holds its own link (mailto:, a web address): editing starts from a pencil button. */
  linked?: boolean;
  required?: boolean;
  /** Shown under the value, e.g. the contact's local time under the time zone. */
  hint?: ReactNode;
  readOnly?: boolean;
  /** Sends the new value; rejects with the server's refusal. */
  onSave(value: unknown, version: number): Promise<unknown>;
  /** Extra actions beside the value (e.g. "remove from this contact"). */
  actions?: ReactNode;
  testId?: string;
}

export function EditableField(props: EditableFieldProps) {
  const { t } = useTranslation();
  const { label, value, editor, display, linked, required, hint, readOnly, onSave, actions, testId } = props;
  const { contact, editable, reload } = useContactPage();
  const { timeZone } = useUserZone();
  const inputId = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraftState] = useState<Draft>(null);
  const draftRef = useRef<Draft>(null);
  const [baseVersion, setBaseVersion] = useState(contact.version);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const savingRef = useRef(false);
  const canEdit = editable && !readOnly;

  const setDraft = (next: Draft) => {
    draftRef.current = next;
    setDraftState(next);
  };

  const start = () => {
    if (!canEdit) return;
    setDraft(toDraft(editor, value, timeZone));
    setBaseVersion(contact.version);
    setError(null);
    setEditing(true);
  };

  const cancel = () => {
    setEditing(false);
    setError(null);
  };

  const commit = async (next: Draft = draftRef.current) => {
    if (savingRef.current) return;
    const out = fromDraft(editor, next, timeZone);
    if (same(out, fromDraft(editor, toDraft(editor, value, timeZone), timeZone))) {
      cancel();
      return;
    }
    savingRef.current = true;
    setSaving(true);
    setError(null);
    try {
      await onSave(out, baseVersion);
      setEditing(false);
    } catch (e) {
      setError(e);
    } finally {
      savingRef.current = false;
      setSaving(false);
    }
  };

  // Read the draft after the input has handled the key (an option picked with Enter updates it first).
  const commitLatest = () => queueMicrotask(() => void commit());

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      cancel();
      return;
    }
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    if (editor.type === 'textarea') {
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        commitLatest();
      }
      return;
    }
    if (editor.type === 'tags') {
      // Enter adds the typed word as a tag; on an empty input it saves.
      if ((e.target as HTMLInputElement).value === '') {
        e.preventDefault();
        commitLatest();
      }
      return;
    }
    if (editor.type === 'multiselect' || SAVES_ON_PICK.has(editor.type)) return;
    e.preventDefault();
    commitLatest();
  };

  // Leaving the field saves a change; moving between its own inputs (date and time) does not count.
  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    if (e.currentTarget.contains(e.relatedTarget as Node | null)) return;
    if (!editing || savingRef.current) return;
    if (error) return; // The refusal stays on screen until the user acts on it.
    if (SAVES_ON_PICK.has(editor.type)) {
      cancel();
      return;
    }
    commitLatest();
  };

  const text = props.text ?? (typeof value === 'string' ? value : null);
  // The read view is plain elements (components/lite): a contact's page shows dozens of fields at once.
  const shown = display ?? (text ? <span className={lite.text}>{text}</span> : null);
  const empty = <span className={`${lite.text} ${lite.dimmed}`}>—</span>;

  return (
    <div className={classes.row} data-testid={testId} data-editing={editing || undefined}>
      <label htmlFor={editing ? inputId : undefined} className={classes.label}>
        {label}
        {required && (
          <span className={lite.required} aria-label={t('contactPage.editable.required')}>
            {' '}
            *
          </span>
        )}
      </label>
      <div className={classes.value}>
        {editing ? (
          <div onKeyDown={onKeyDown} onBlur={onBlur}>
            <Editor
              id={inputId}
              label={label}
              editor={editor}
              draft={draft}
              setDraft={setDraft}
              onPick={(next) => void commit(next)}
              saving={saving}
            />
            {WITH_BUTTONS.has(editor.type) && (
              <Group gap={6} mt={6}>
                <Button
                  size="compact-xs"
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => void commit()}
                  loading={saving}
                >
                  {t('common.save')}
                </Button>
                <Button size="compact-xs" variant="default" onMouseDown={(e) => e.preventDefault()} onClick={cancel}>
                  {t('common.cancel')}
                </Button>
                {editor.type === 'textarea' && (
                  <Text size="xs" c="dimmed">
                    {t('contactPage.editable.ctrlEnter')}
                  </Text>
                )}
              </Group>
            )}
          </div>
        ) : canEdit && !linked ? (
          <button
            type="button"
            className={`${lite.bare} ${classes.valueButton}`}
            onClick={start}
            aria-label={t('contactPage.editable.valueButton', {
              label,
              value: text || t('contactPage.editable.empty'),
            })}
            data-empty={!shown || undefined}
          >
            <span className={classes.valueText}>{shown ?? empty}</span>
            <IconPencil size={14} className={classes.pencil} aria-hidden />
          </button>
        ) : (
          <Group gap={4} wrap="nowrap" className={classes.linked}>
            <div className={classes.valueText}>{shown ?? empty}</div>
            {canEdit && (
              <Tooltip label={t('contactPage.editable.edit', { label })}>
                <ActionIcon
                  size="sm"
                  onClick={start}
                  aria-label={t('contactPage.editable.edit', { label })}
                  className={classes.pencilButton}
                >
                  <IconPencil size={14} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        )}
        {!editing && hint}
        <FieldProblem
          error={error}
          onReload={async () => {
            await reload();
            setError(null);
            setEditing(false);
          }}
        />
      </div>
      {actions && !editing && <div className={classes.actions}>{actions}</div>}
    </div>
  );
}

/**
 * The input of one field type. In place (the default) it is small, focused and opens its list at once; inside a
 * form (`inForm`) it is a regular input under a visible label, with the form's required mark and error.
 */
export function Editor({
  id,
  label,
  editor,
  draft,
  setDraft,
  onPick,
  saving,
  inForm,
}: {
  id: string;
  label: string;
  editor: EditorSpec;
  draft: Draft;
  setDraft(next: Draft): void;
  onPick(next: Draft): void;
  saving: boolean;
  inForm?: { required?: boolean; error?: ReactNode };
}) {
  const input = (
    <EditorInput
      id={id}
      label={label}
      editor={editor}
      draft={draft}
      setDraft={setDraft}
      onPick={onPick}
      saving={saving}
      inForm={Boolean(inForm)}
      invalid={Boolean(inForm?.error)}
    />
  );
  if (!inForm) return input;
  return (
    <Input.Wrapper id={id} label={label} required={inForm.required} error={inForm.error}>
      {input}
    </Input.Wrapper>
  );
}

function EditorInput({
  id,
  label,
  editor,
  draft,
  setDraft,
  onPick,
  saving,
  inForm,
  invalid,
}: {
  id: string;
  label: string;
  editor: EditorSpec;
  draft: Draft;
  setDraft(next: Draft): void;
  onPick(next: Draft): void;
  saving: boolean;
  inForm: boolean;
  invalid: boolean;
}) {
  const { t } = useTranslation();
  const busy = saving ? <Loader size={14} /> : undefined;
  const dayClicked = useRef(false);
  const common = {
    id,
    size: inForm ? ('sm' as const) : ('xs' as const),
    'aria-label': label,
    autoFocus: !inForm,
    error: invalid || undefined,
  };
  switch (editor.type) {
    case 'textarea':
      return (
        <Textarea
          {...common}
          autosize
          minRows={3}
          maxRows={12}
          placeholder={editor.placeholder}
          value={String(draft ?? '')}
          onChange={(e) => setDraft(e.currentTarget.value)}
          rightSection={busy}
        />
      );
    case 'number':
      return (
        <NumberInput
          {...common}
          value={draft as number | string}
          onChange={(v) => setDraft(v)}
          decimalScale={editor.decimalScale}
          prefix={editor.prefix}
          placeholder={editor.placeholder}
          hideControls
          rightSection={busy}
        />
      );
    case 'date':
      return (
        <DateInput
          {...common}
          value={(draft as string | null) ?? null}
          onChange={(v) => {
            setDraft(v);
            // A day clicked in the calendar is a choice made: save it, as a pick from a list is.
            if (dayClicked.current) {
              dayClicked.current = false;
              onPick(v);
            }
          }}
          getDayProps={() => ({ onClick: () => (dayClicked.current = true) })}
          valueFormat="D MMM YYYY"
          placeholder={t('contactPage.editable.datePlaceholder')}
          clearable
          rightSection={busy}
        />
      );
    case 'datetime': {
      const d = (draft as { date: string | null; time: string } | null) ?? { date: null, time: '' };
      return (
        <Group gap={6} wrap="nowrap">
          <DateInput
            {...common}
            style={{ flex: 1 }}
            value={d.date}
            onChange={(v) => setDraft({ ...d, date: v })}
            valueFormat="D MMM YYYY"
            placeholder={t('contactPage.editable.date')}
            clearable
          />
          <TimeInput
            size={common.size}
            aria-label={t('contactPage.editable.timeOf', { label })}
            w={92}
            value={d.time}
            onChange={(e) => setDraft({ ...d, time: e.currentTarget.value })}
            rightSection={busy}
          />
        </Group>
      );
    }
    case 'select':
      return (
        <Select
          {...common}
          data={typeof editor.data === 'function' ? editor.data() : editor.data}
          value={(draft as string | null) ?? null}
          onChange={(v) => {
            setDraft(v);
            onPick(v);
          }}
          clearable={editor.clearable}
          searchable={editor.searchable}
          limit={editor.limit}
          renderOption={editor.renderOption}
          defaultDropdownOpened={!inForm}
          allowDeselect={false}
          nothingFoundMessage={t('contactPage.editable.nothingMatches')}
          rightSection={busy}
        />
      );
    case 'multiselect':
      return (
        <MultiSelect
          {...common}
          data={editor.data}
          value={(draft as string[]) ?? []}
          onChange={(v) => setDraft(v)}
          defaultDropdownOpened={!inForm}
          searchable
          clearable
          nothingFoundMessage={t('contactPage.editable.nothingMatches')}
          rightSection={busy}
        />
      );
    case 'tags':
      return (
        <TagsInput
          {...common}
          value={(draft as string[]) ?? []}
          onChange={(v) => setDraft(v)}
          placeholder={editor.placeholder ?? t('contactPage.editable.tagsPlaceholder')}
          clearable
          splitChars={[',']}
          rightSection={busy}
        />
      );
    case 'autocomplete':
      return (
        <Autocomplete
          {...common}
          data={editor.data}
          value={String(draft ?? '')}
          onChange={(v) => setDraft(v)}
          placeholder={editor.placeholder}
          rightSection={busy}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={editor.inputType ?? 'text'}
          inputMode={editor.inputType === 'tel' ? 'tel' : editor.inputType === 'email' ? 'email' : undefined}
          maxLength={editor.maxLength}
          placeholder={editor.placeholder}
          value={String(draft ?? '')}
          onChange={(e) => setDraft(e.currentTarget.value)}
          rightSection={busy}
        />
      );
  }
}
