// One small form per filter: it starts from the filter in effect (or empty), and Apply hands back the next list state.
import {
  Button,
  Checkbox,
  ColorSwatch,
  Group,
  NumberInput,
  Radio,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import { swatchColor } from '../../settings/ColorChoice.tsx';
import type { CustomFieldDto } from '../../settings/contactLibrary.api.ts';
import type { DndChannelValue, FilterOp, ListFilter } from '../contactList.api.ts';
import {
  dndLabel,
  languageName,
  needsValue,
  opLabel,
  OPS_BY_TYPE,
  putFilter,
  STANDARD_FILTERS,
  type Lookups,
  type StandardFilterId,
} from './filterModel.ts';
import { SegmentFilterEditor, segmentFieldLabel, type SegmentField } from '../../segments/segmentFilter.tsx';
import {
  OpportunityFilterEditor,
  opportunityFieldLabel,
  type OpportunityField,
} from '../../pipelines/opportunityFilter.tsx';
import { LANGUAGE_CODES } from './languages.ts';
import { compact, DND_CHANNELS, joinList, splitList, type ContactListSearch } from './listSearch.ts';

// Pickers inside the filter popover render in place: a portal would count as a click outside and close it.
const inPlace = { withinPortal: false } as const;

/** What an editor is for: a standard filter, a new condition on a custom field, or an existing condition. */
export type EditorTarget =
  | { kind: 'standard'; id: StandardFilterId }
  | { kind: 'custom'; field: CustomFieldDto; index?: number }
  | { kind: 'segment'; field: SegmentField; index?: number }
  | { kind: 'opportunity'; field: OpportunityField; index?: number };

export function editorTitle(target: EditorTarget): string {
  if (target.kind === 'segment') return segmentFieldLabel(target.field);
  if (target.kind === 'opportunity') return opportunityFieldLabel(target.field);
  return target.kind === 'standard'
    ? (STANDARD_FILTERS.find((f) => f.id === target.id)?.label ?? '')
    : target.field.label;
}

interface EditorProps {
  target: EditorTarget;
  search: ContactListSearch;
  lookups: Lookups;
  /** The user's today, YYYY-MM-DD in their zone, for the date presets. */
  today: string;
  onApply(next: ContactListSearch): void;
  onCancel(): void;
}

export function FilterEditor(props: EditorProps) {
  const { target } = props;
  if (target.kind === 'custom') return <CustomFieldEditor {...props} field={target.field} index={target.index} />;
  if (target.kind === 'segment') return <SegmentFilterEditor {...props} field={target.field} index={target.index} />;
  if (target.kind === 'opportunity')
    return <OpportunityFilterEditor {...props} field={target.field} index={target.index} />;
  switch (target.id) {
    case 'kind':
      return <KindEditor {...props} />;
    case 'contactType':
      return <ContactTypeEditor {...props} />;
    case 'ownerId':
      return <OwnerEditor {...props} />;
    case 'teamId':
      return <TeamEditor {...props} />;
    case 'tags':
      return <TagsEditor {...props} />;
    case 'dnd':
      return <DndEditor {...props} />;
    case 'source':
      return <SourceEditor {...props} />;
    case 'language':
      return <LanguageEditor {...props} />;
    case 'created':
    case 'updated':
      return <DateRangeEditor {...props} which={target.id} />;
  }
}

export function EditorForm({
  title,
  children,
  canApply,
  onApply,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  canApply: boolean;
  onApply(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (canApply) onApply();
  };
  return (
    <form onSubmit={submit} aria-label={t('contactList.filter.by', { what: title })}>
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          {title}
        </Text>
        {children}
        <Group justify="flex-end" gap="xs" mt={4}>
          <Button variant="default" size="xs" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" size="xs" disabled={!canApply}>
            {t('common.apply')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A searchable list of checkboxes: many choices at a glance, and no dropdown over the popover's buttons. */
function CheckList({
  label,
  options,
  value,
  onChange,
  empty,
}: {
  label: string;
  options: { value: string; label: string; color?: string }[];
  value: string[];
  onChange(next: string[]): void;
  empty: string;
}) {
  const { t } = useTranslation();
  const [find, setFind] = useState('');
  const needle = find.trim().toLowerCase();
  const shown = options.filter((o) => o.label.toLowerCase().includes(needle));
  return (
    <Stack gap={6}>
      {options.length > 7 && (
        <TextInput
          size="xs"
          placeholder={t('contactList.filter.find', { what: label })}
          aria-label={t('contactList.filter.find', { what: label })}
          value={find}
          onChange={(e) => setFind(e.currentTarget.value)}
          data-autofocus
        />
      )}
      <ScrollArea.Autosize mah={232} type="auto" offsetScrollbars>
        <Checkbox.Group value={value} onChange={onChange} aria-label={label}>
          <Stack gap={8} py={2}>
            {shown.map((o) => (
              <Checkbox
                key={o.value}
                value={o.value}
                label={
                  o.color ? (
                    <Group gap={8} wrap="nowrap">
                      <ColorSwatch color={swatchColor(o.color)} size={10} withShadow={false} />
                      {o.label}
                    </Group>
                  ) : (
                    o.label
                  )
                }
              />
            ))}
            {shown.length === 0 && (
              <Text size="sm" c="dimmed">
                {options.length === 0 ? empty : t('contactList.filter.nothingMatches', { needle: find.trim() })}
              </Text>
            )}
          </Stack>
        </Checkbox.Group>
      </ScrollArea.Autosize>
    </Stack>
  );
}

function KindEditor({ search, onApply, onCancel }: EditorProps) {
  const { t } = useTranslation();
  const [kind, setKind] = useState(search.kind ?? 'person');
  return (
    <EditorForm
      title={t('contactList.filter.fields.kind')}
      canApply
      onApply={() => onApply(compact({ ...search, kind }))}
      onCancel={onCancel}
    >
      <SegmentedControl
        fullWidth
        value={kind}
        onChange={(v) => setKind(v as typeof kind)}
        data={[
          { value: 'person', label: t('contactList.filter.people') },
          { value: 'business', label: t('contactList.filter.businesses') },
        ]}
        aria-label={t('contactList.filter.show')}
      />
    </EditorForm>
  );
}

function ContactTypeEditor({ search, lookups, onApply, onCancel }: EditorProps) {
  const { t } = useTranslation();
  const [keys, setKeys] = useState(splitList(search.contactType));
  return (
    <EditorForm
      title={t('contactList.filter.fields.contactType')}
      canApply={keys.length > 0}
      onApply={() => onApply(compact({ ...search, contactType: joinList(keys) }))}
      onCancel={onCancel}
    >
      <CheckList
        label={t('contactList.filter.contactTypes')}
        options={lookups.types.map((type) => ({ value: type.key, label: type.label, color: type.color }))}
        value={keys}
        onChange={setKeys}
        empty={t('contactList.filter.noContactTypes')}
      />
    </EditorForm>
  );
}

function OwnerEditor({ search, lookups, onApply, onCancel }: EditorProps) {
  const { t } = useTranslation();
  const [ids, setIds] = useState(splitList(search.ownerId));
  const data = [
    { value: 'me', label: t('contactList.filter.me') },
    ...lookups.users.map((u) => ({
      value: u.id,
      label: u.status === 'deactivated' ? t('contactList.filter.deactivated', { name: u.name }) : u.name,
    })),
  ];
  return (
    <EditorForm
      title={t('contactList.filter.fields.ownerId')}
      canApply={ids.length > 0}
      onApply={() => onApply(compact({ ...search, ownerId: joinList(ids) }))}
      onCancel={onCancel}
    >
      <CheckList
        label={t('contactList.filter.owners')}
        options={data}
        value={ids}
        onChange={setIds}
        empty={t('contactList.filter.noUsers')}
      />
    </EditorForm>
  );
}

function TeamEditor({ search, lookups, onApply, onCancel }: EditorProps) {
  const { t } = useTranslation();
  const [ids, setIds] = useState(splitList(search.teamId));
  const data = [
    { value: 'none', label: t('contactList.filter.noTeam') },
    ...lookups.teams.map((team) => ({ value: team.id, label: team.name })),
  ];
  return (
    <EditorForm
      title={t('contactList.filter.fields.teamId')}
      canApply={ids.length > 0}
      onApply={() => onApply(compact({ ...search, teamId: joinList(ids) }))}
      onCancel={onCancel}
    >
      <CheckList
        label={t('contactList.filter.teams')}
        options={data}
        value={ids}
        onChange={setIds}
        empty={t('contactList.filter.noTeams')}
      />
    </EditorForm>
  );
}

function TagsEditor({ search, lookups, onApply, onCancel }: EditorProps) {
  const { t } = useTranslation();
  const [ids, setIds] = useState(splitList(search.tags));
  const [mode, setMode] = useState<'any' | 'all'>(search.tagMode ?? 'any');
  const known = new Set(lookups.tags.map((tag) => tag.id));
  // A tag given by name in a shared link still shows as picked.
  const data = [
    ...lookups.tags.map((tag) => ({ value: tag.id, label: tag.name, color: tag.color })),
    ...ids.filter((id) => !known.has(id)).map((id) => ({ value: id, label: id })),
  ];
  return (
    <EditorForm
      title={t('contactList.filter.fields.tags')}
      canApply={ids.length > 0}
      onApply={() =>
        onApply(
          compact({ ...search, tags: joinList(ids), tagMode: mode === 'all' && ids.length > 1 ? 'all' : undefined }),
        )
      }
      onCancel={onCancel}
    >
      <CheckList
        label={t('contactList.filter.fields.tags')}
        options={data}
        value={ids}
        onChange={setIds}
        empty={t('contactList.filter.noTags')}
      />
      {ids.length > 1 && (
        <SegmentedControl
          fullWidth
          size="xs"
          value={mode}
          onChange={(v) => setMode(v as 'any' | 'all')}
          data={[
            { value: 'any', label: t('contactList.filter.anyOf') },
            { value: 'all', label: t('contactList.filter.allOf') },
          ]}
          aria-label={t('contactList.filter.match')}
        />
      )}
    </EditorForm>
  );
}

function DndEditor({ search, onApply, onCancel }: EditorProps) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<DndChannelValue>(search.dnd ?? 'all');
  return (
    <EditorForm
      title={t('contactList.filter.fields.dnd')}
      canApply
      onApply={() => onApply(compact({ ...search, dnd: channel }))}
      onCancel={onCancel}
    >
      <Radio.Group
        value={channel}
        onChange={(v) => setChannel(v as DndChannelValue)}
        label={t('contactList.filter.dndLabel')}
        size="sm"
      >
        <Stack gap={8} mt={6}>
          {DND_CHANNELS.map((c) => (
            <Radio key={c} value={c} label={dndLabel(c)} />
          ))}
        </Stack>
      </Radio.Group>
    </EditorForm>
  );
}

function SourceEditor({ search, onApply, onCancel }: EditorProps) {
  const { t } = useTranslation();
  const [source, setSource] = useState(search.source ?? '');
  return (
    <EditorForm
      title={t('contactList.filter.fields.source')}
      canApply={source.trim().length > 0}
      onApply={() => onApply(compact({ ...search, source: source.trim() }))}
      onCancel={onCancel}
    >
      <TextInput
        aria-label={t('contactList.filter.leadSource')}
        description={t('contactList.filter.leadSourceHelp')}
        value={source}
        onChange={(e) => setSource(e.currentTarget.value)}
        maxLength={200}
        data-autofocus
      />
    </EditorForm>
  );
}

function LanguageEditor({ search, lookups, onApply, onCancel }: EditorProps) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<string | null>(search.language ?? null);
  const data = LANGUAGE_CODES.map((code) => ({ value: code, label: languageName(code, lookups.locale) })).sort((a, b) =>
    a.label.localeCompare(b.label),
  );
  if (language && !LANGUAGE_CODES.includes(language)) data.unshift({ value: language, label: language });
  return (
    <EditorForm
      title={t('contactList.filter.fields.language')}
      canApply={Boolean(language)}
      onApply={() => onApply(compact({ ...search, language: language ?? undefined }))}
      onCancel={onCancel}
    >
      <Select
        aria-label={t('contactList.filter.preferredLanguage')}
        placeholder={t('contactList.filter.pickLanguage')}
        data={data}
        value={language}
        onChange={setLanguage}
        searchable
        comboboxProps={inPlace}
        data-autofocus
      />
    </EditorForm>
  );
}

/** YYYY-MM-DD `days` before `today`. */
function daysBefore(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

function DateRangeEditor({ search, today, onApply, onCancel, which }: EditorProps & { which: 'created' | 'updated' }) {
  const { t } = useTranslation();
  const fromKey = which === 'created' ? 'createdFrom' : 'updatedFrom';
  const toKey = which === 'created' ? 'createdTo' : 'updatedTo';
  const [from, setFrom] = useState<string | null>(search[fromKey] ?? null);
  const [to, setTo] = useState<string | null>(search[toKey] ?? null);
  const presets: { label: string; from: string }[] = [
    { label: t('contactList.filter.today'), from: today },
    { label: t('contactList.filter.last7'), from: daysBefore(today, 6) },
    { label: t('contactList.filter.last30'), from: daysBefore(today, 29) },
    { label: t('contactList.filter.thisYear'), from: `${today.slice(0, 4)}-01-01` },
  ];
  const backwards = Boolean(from && to && from > to);
  return (
    <EditorForm
      title={t(`contactList.filter.fields.${which}`)}
      canApply={Boolean(from || to) && !backwards}
      onApply={() => onApply(compact({ ...search, [fromKey]: from ?? undefined, [toKey]: to ?? undefined }))}
      onCancel={onCancel}
    >
      <Group gap={6}>
        {presets.map((p) => (
          <Button
            key={p.label}
            size="compact-xs"
            variant={from === p.from && to === today ? 'light' : 'default'}
            onClick={() => {
              setFrom(p.from);
              setTo(today);
            }}
          >
            {p.label}
          </Button>
        ))}
      </Group>
      <Group gap="xs" grow align="flex-start">
        <DateInput
          label={t('contactList.filter.from')}
          placeholder={t('contactList.filter.anyDay')}
          value={from}
          onChange={setFrom}
          clearable
          maxDate={to ?? undefined}
          popoverProps={inPlace}
          valueFormat="D MMM YYYY"
        />
        <DateInput
          label={t('contactList.filter.to')}
          placeholder={t('contactList.filter.anyDay')}
          value={to}
          onChange={setTo}
          clearable
          minDate={from ?? undefined}
          popoverProps={inPlace}
          valueFormat="D MMM YYYY"
          error={backwards ? t('contactList.filter.beforeFrom') : undefined}
        />
      </Group>
    </EditorForm>
  );
}

function CustomFieldEditor({
  search,
  onApply,
  onCancel,
  field,
  index,
}: EditorProps & { field: CustomFieldDto; index?: number }) {
  const { t } = useTranslation();
  const existing = index !== undefined ? search.filters?.[index] : undefined;
  const ops = OPS_BY_TYPE[field.type];
  const [op, setOp] = useState<FilterOp>(existing && ops.includes(existing.op) ? existing.op : ops[0]!);
  const [value, setValue] = useState<unknown>(existing?.value ?? (field.type === 'checkbox' ? true : ''));
  const hasValue = needsValue(op);
  const filled = !hasValue || (value !== '' && value !== null && value !== undefined);
  const apply = () => {
    const filter: ListFilter = hasValue
      ? { field: `custom.${field.key}`, op, value: typeof value === 'string' ? value.trim() : value }
      : { field: `custom.${field.key}`, op };
    onApply(putFilter(search, filter, index));
  };
  return (
    <EditorForm title={field.label} canApply={filled} onApply={apply} onCancel={onCancel}>
      {ops.length > 1 && (
        <Select
          aria-label={t('contactList.filter.condition')}
          data={ops.map((o) => ({ value: o, label: opLabel(o, field.type) }))}
          value={op}
          onChange={(v) => v && setOp(v as FilterOp)}
          allowDeselect={false}
          comboboxProps={inPlace}
        />
      )}
      {hasValue && <CustomValueInput field={field} value={value} onChange={setValue} />}
    </EditorForm>
  );
}

function CustomValueInput({
  field,
  value,
  onChange,
}: {
  field: CustomFieldDto;
  value: unknown;
  onChange(v: unknown): void;
}) {
  const { t } = useTranslation();
  switch (field.type) {
    case 'number':
    case 'currency':
      return (
        <NumberInput
          aria-label={t('contactList.filter.value')}
          value={typeof value === 'number' || typeof value === 'string' ? value : ''}
          onChange={(v) => onChange(v === '' ? '' : Number(v))}
          decimalScale={field.type === 'currency' ? 2 : undefined}
          prefix={field.type === 'currency' && field.currency ? `${field.currency} ` : undefined}
          data-autofocus
        />
      );
    case 'date':
    case 'datetime':
      return (
        <DateInput
          aria-label={t('contactList.filter.day')}
          placeholder={t('contactList.filter.pickDay')}
          value={typeof value === 'string' && value ? value.slice(0, 10) : null}
          onChange={(v) => onChange(v ?? '')}
          popoverProps={inPlace}
          valueFormat="D MMM YYYY"
        />
      );
    case 'checkbox':
      return (
        <SegmentedControl
          fullWidth
          value={value === false || value === 'false' ? 'false' : 'true'}
          onChange={(v) => onChange(v === 'true')}
          data={[
            { value: 'true', label: t('contactList.filter.ticked') },
            { value: 'false', label: t('contactList.filter.notTicked') },
          ]}
          aria-label={t('contactList.filter.value')}
        />
      );
    case 'single_select':
    case 'multi_select':
      return (
        <Select
          aria-label={t('contactList.filter.value')}
          placeholder={t('contactList.filter.pickOption')}
          data={field.options.map((o) => ({ value: o.value, label: o.label }))}
          value={typeof value === 'string' && value ? value : null}
          onChange={(v) => onChange(v ?? '')}
          searchable={field.options.length > 8}
          comboboxProps={inPlace}
          data-autofocus
        />
      );
    default:
      return (
        <TextInput
          aria-label={t('contactList.filter.value')}
          value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          maxLength={500}
          data-autofocus
        />
      );
  }
}
