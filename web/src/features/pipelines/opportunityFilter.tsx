// The contact list's "has an open opportunity" filters: {field: "openOpportunity.pipelineId" |
// "openOpportunity.stageId", op, value: id} conditions in the list's `filters`, described as chips and edited in
// the filter bar's popover (as the group and target-market filters are).
import { Select, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { i18n } from '../../app/i18n.ts';
import type { FilterOp, ListFilter } from '../contacts/contactList.api.ts';
import { EditorForm } from '../contacts/list/FilterEditors.tsx';
import { putFilter, type Lookups } from '../contacts/list/filterModel.ts';
import type { ContactListSearch } from '../contacts/list/listSearch.ts';

export type OpportunityField = 'openOpportunity.pipelineId' | 'openOpportunity.stageId';
export const OPPORTUNITY_FIELDS: readonly OpportunityField[] = [
  'openOpportunity.pipelineId',
  'openOpportunity.stageId',
];

export const isOpportunityFilter = (f: ListFilter): f is ListFilter & { field: OpportunityField } =>
  (OPPORTUNITY_FIELDS as readonly string[]).includes(f.field);

const short = (field: OpportunityField) => (field === 'openOpportunity.pipelineId' ? 'pipeline' : 'stage');
export const opportunityFieldLabel = (field: OpportunityField) => i18n.t(`pipelines.filter.${short(field)}`);

const OPS: readonly FilterOp[] = ['eq', 'neq', 'not_empty', 'empty'];

/** Pipelines as choices, or every stage labelled "Pipeline › Stage" and grouped by its pipeline. */
function choices(field: OpportunityField, lookups: Lookups) {
  const pipelines = lookups.pipelines ?? [];
  if (field === 'openOpportunity.pipelineId') return pipelines.map((p) => ({ value: p.id, label: p.name }));
  return pipelines.map((p) => ({
    group: p.name,
    items: p.stages.map((s) => ({ value: s.id, label: `${p.name} › ${s.name}` })),
  }));
}

function nameOf(field: OpportunityField, id: unknown, lookups: Lookups): string | undefined {
  for (const p of lookups.pipelines ?? []) {
    if (field === 'openOpportunity.pipelineId' && p.id === id) return p.name;
    const stage = p.stages.find((s) => s.id === id);
    if (field === 'openOpportunity.stageId' && stage) return `${p.name} › ${stage.name}`;
  }
  return undefined;
}

/** "Open deal in pipeline Sales", "No open deal in stage Sales › Proposal", "Any open deal", "No open deal". */
export function describeOpportunityFilter(filter: ListFilter & { field: OpportunityField }, lookups: Lookups): string {
  return i18n.t(`pipelines.filter.chip.${short(filter.field)}.${filter.op}`, {
    name: nameOf(filter.field, filter.value, lookups) ?? i18n.t('pipelines.filter.unknown'),
  });
}

export function OpportunityFilterEditor({
  field,
  index,
  search,
  lookups,
  onApply,
  onCancel,
}: {
  field: OpportunityField;
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
  return (
    <EditorForm
      title={opportunityFieldLabel(field)}
      canApply={!needsValue || Boolean(value)}
      onApply={() => onApply(putFilter(search, needsValue ? { field, op, value: value! } : { field, op }, index))}
      onCancel={onCancel}
    >
      <Stack gap="xs">
        <Select
          aria-label={t('pipelines.filter.condition')}
          data={OPS.map((o) => ({ value: o, label: t(`pipelines.filter.ops.${short(field)}.${o}`) }))}
          value={op}
          onChange={(v) => v && setOp(v as FilterOp)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: false }}
        />
        {needsValue && (
          <Select
            aria-label={opportunityFieldLabel(field)}
            placeholder={t(`pipelines.filter.choose.${short(field)}`)}
            data={choices(field, lookups)}
            value={value}
            onChange={setValue}
            searchable
            nothingFoundMessage={t('pipelines.filter.none')}
            comboboxProps={{ withinPortal: false }}
          />
        )}
      </Stack>
    </EditorForm>
  );
}
