// The contact list's group and target-market filters: {field: "group" | "targetMarket", op, value: id} conditions
// in the list's `filters`, described as chips and edited in the filter bar's popover.
import { Select, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { i18n } from '../../app/i18n.ts';
import type { FilterOp, ListFilter } from '../contacts/contactList.api.ts';
import { EditorForm } from '../contacts/list/FilterEditors.tsx';
import { putFilter, type Lookups } from '../contacts/list/filterModel.ts';
import type { ContactListSearch } from '../contacts/list/listSearch.ts';

export type SegmentField = 'group' | 'targetMarket';
export const SEGMENT_FIELDS: readonly SegmentField[] = ['group', 'targetMarket'];

export const isSegmentFilter = (f: ListFilter): f is ListFilter & { field: SegmentField } =>
  (SEGMENT_FIELDS as readonly string[]).includes(f.field);

export const segmentFieldLabel = (field: SegmentField) => i18n.t(`segments.filter.${field}`);

const SEGMENT_OPS: readonly FilterOp[] = ['eq', 'neq', 'not_empty', 'empty'];

const choices = (field: SegmentField, lookups: Lookups) =>
  (field === 'group' ? lookups.groups : lookups.targetMarkets) ?? [];

/** "In group Golf club", "Not in target market Fair VIPs", "In any group", "In no target market". */
export function describeSegmentFilter(filter: ListFilter & { field: SegmentField }, lookups: Lookups): string {
  const name = choices(filter.field, lookups).find((c) => c.id === filter.value)?.name;
  return i18n.t(`segments.filter.chip.${filter.field}.${filter.op}`, {
    name: name ?? i18n.t('segments.filter.unknown'),
  });
}

export function SegmentFilterEditor({
  field,
  index,
  search,
  lookups,
  onApply,
  onCancel,
}: {
  field: SegmentField;
  index?: number;
  search: ContactListSearch;
  lookups: Lookups;
  onApply(next: ContactListSearch): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const current = index === undefined ? undefined : search.filters?.[index];
  const [op, setOp] = useState<FilterOp>(current?.op ?? 'eq');
  const [value, setValue] = useState<string | null>(typeof current?.value === 'string' ? current.value : null);
  const needsValue = op === 'eq' || op === 'neq';
  const items = choices(field, lookups);
  return (
    <EditorForm
      title={segmentFieldLabel(field)}
      canApply={!needsValue || Boolean(value)}
      onApply={() => onApply(putFilter(search, needsValue ? { field, op, value: value! } : { field, op }, index))}
      onCancel={onCancel}
    >
      <Stack gap="xs">
        <Select
          aria-label={t('segments.filter.condition')}
          data={SEGMENT_OPS.map((o) => ({ value: o, label: t(`segments.filter.ops.${field}.${o}`) }))}
          value={op}
          onChange={(v) => v && setOp(v as FilterOp)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: false }}
        />
        {needsValue && (
          <Select
            aria-label={segmentFieldLabel(field)}
            placeholder={t(`segments.filter.choose.${field}`)}
            data={items.map((c) => ({ value: c.id, label: c.name }))}
            value={value}
            onChange={setValue}
            searchable
            nothingFoundMessage={t(`segments.filter.none.${field}`)}
            comboboxProps={{ withinPortal: false }}
          />
        )}
      </Stack>
    </EditorForm>
  );
}
