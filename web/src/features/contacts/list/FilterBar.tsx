// The filter builder: an "Add filter" picker and the filters in effect as chips — click one to change it, × to remove it.
import {
  Button,
  CloseButton,
  Divider,
  Popover,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { IconFilterPlus, IconSearch } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import { fieldTypeInfo } from '../../settings/fieldTypes.tsx';
import { isSegmentFilter, SEGMENT_FIELDS, segmentFieldLabel } from '../../segments/segmentFilter.tsx';
import { isOpportunityFilter, OPPORTUNITY_FIELDS, opportunityFieldLabel } from '../../pipelines/opportunityFilter.tsx';
import classes from './FilterBar.module.css';
import { FilterEditor, type EditorTarget } from './FilterEditors.tsx';
import {
  chipsOf,
  clearFilters,
  customFieldOf,
  removeChip,
  STANDARD_FILTERS,
  type Chip,
  type Lookups,
  type StandardFilterId,
} from './filterModel.ts';
import type { ContactListSearch } from './listSearch.ts';

export interface FilterBarProps {
  search: ContactListSearch;
  onChange(next: ContactListSearch): void;
  lookups: Lookups;
  /** Today in the user's zone (YYYY-MM-DD), for the date presets. */
  today: string;
}

const POPOVER_WIDTH = 320;

/** The "Filter" button and the chips together (the list page places them apart: button in the toolbar, chips below). */
export function FilterBar(props: FilterBarProps) {
  return (
    <div className={classes.bar}>
      <AddFilter {...props} />
      <FilterChips {...props} />
    </div>
  );
}

/** The filters in effect; nothing at all when there are none. */
export function FilterChips({ search, onChange, lookups, today }: FilterBarProps) {
  const { t } = useTranslation();
  const chips = chipsOf(search, lookups);
  if (chips.length === 0) return null;
  return (
    <div className={classes.bar} role="group" aria-label={t('contactList.filter.inEffect')}>
      {chips.map((chip) => (
        <FilterChip key={chip.id} chip={chip} search={search} onChange={onChange} lookups={lookups} today={today} />
      ))}
      {chips.length > 1 && (
        <Button variant="subtle" color="gray" size="compact-sm" onClick={() => onChange(clearFilters(search))}>
          {t('contactList.clearFilters')}
        </Button>
      )}
    </div>
  );
}

export function AddFilter({ search, onChange, lookups, today }: FilterBarProps) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [target, setTarget] = useState<EditorTarget | null>(null);
  const [find, setFind] = useState('');
  const close = () => {
    setOpened(false);
    setTarget(null);
    setFind('');
  };
  const needle = find.trim().toLowerCase();
  const standard = STANDARD_FILTERS.filter((f) => f.label.toLowerCase().includes(needle));
  const custom = lookups.fields.filter((f) => f.label.toLowerCase().includes(needle));
  const segments = SEGMENT_FIELDS.filter((f) => segmentFieldLabel(f).toLowerCase().includes(needle));
  const deals = OPPORTUNITY_FIELDS.filter((f) => opportunityFieldLabel(f).toLowerCase().includes(needle));

  return (
    <Popover
      opened={opened}
      onChange={(o) => (o ? setOpened(true) : close())}
      position="bottom-start"
      width={POPOVER_WIDTH}
      shadow="md"
      trapFocus
      withinPortal
    >
      <Popover.Target>
        <Button
          variant="default"
          size="sm"
          leftSection={<IconFilterPlus size={16} stroke={1.7} />}
          onClick={() => (opened ? close() : setOpened(true))}
          aria-expanded={opened}
        >
          {t('contactList.filter.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="sm">
        {target ? (
          <FilterEditor
            target={target}
            search={search}
            lookups={lookups}
            today={today}
            onApply={(next) => {
              onChange(next);
              close();
            }}
            onCancel={() => setTarget(null)}
          />
        ) : (
          <Stack gap={6}>
            <TextInput
              size="xs"
              placeholder={t('contactList.filter.findField')}
              aria-label={t('contactList.filter.findField')}
              leftSection={<IconSearch size={14} />}
              value={find}
              onChange={(e) => setFind(e.currentTarget.value)}
              data-autofocus
            />
            <ScrollArea.Autosize mah={340} type="auto" offsetScrollbars>
              <Stack gap={0}>
                {standard.length > 0 && <GroupLabel>{t('contactList.filter.contact')}</GroupLabel>}
                {standard.map((f) => (
                  <PickerItem key={f.id} label={f.label} onClick={() => setTarget({ kind: 'standard', id: f.id })} />
                ))}
                {segments.map((field) => (
                  <PickerItem
                    key={field}
                    label={segmentFieldLabel(field)}
                    onClick={() => setTarget({ kind: 'segment', field })}
                  />
                ))}
                {deals.map((field) => (
                  <PickerItem
                    key={field}
                    label={opportunityFieldLabel(field)}
                    onClick={() => setTarget({ kind: 'opportunity', field })}
                  />
                ))}
                {custom.length > 0 && (
                  <>
                    {standard.length > 0 && <Divider my={6} />}
                    <GroupLabel>{t('contactList.filter.customFields')}</GroupLabel>
                  </>
                )}
                {custom.map((field) => {
                  const TypeIcon = fieldTypeInfo(field.type).icon;
                  return (
                    <PickerItem
                      key={field.id}
                      label={field.label}
                      icon={<TypeIcon size={14} stroke={1.7} />}
                      onClick={() => setTarget({ kind: 'custom', field })}
                    />
                  );
                })}
                {standard.length === 0 && segments.length === 0 && deals.length === 0 && custom.length === 0 && (
                  <Text size="sm" c="dimmed" px="xs" py="sm">
                    {t('contactList.filter.noField', { needle: find.trim() })}
                  </Text>
                )}
              </Stack>
            </ScrollArea.Autosize>
          </Stack>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}

function GroupLabel({ children }: { children: string }) {
  return (
    <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="xs" pt={4} pb={2} className={classes.groupLabel}>
      {children}
    </Text>
  );
}

function PickerItem({ label, icon, onClick }: { label: string; icon?: ReactNode; onClick(): void }) {
  return (
    <UnstyledButton className={classes.pickerItem} onClick={onClick}>
      {icon && <span className={classes.pickerIcon}>{icon}</span>}
      <Text size="sm" truncate="end">
        {label}
      </Text>
    </UnstyledButton>
  );
}

function chipTarget(chip: Chip, search: ContactListSearch, lookups: Lookups): EditorTarget | null {
  if (!chip.id.startsWith('filter:')) return { kind: 'standard', id: chip.id as StandardFilterId };
  const index = Number(chip.id.slice(7));
  const filter = search.filters?.[index];
  if (filter && isSegmentFilter(filter)) return { kind: 'segment', field: filter.field, index };
  if (filter && isOpportunityFilter(filter)) return { kind: 'opportunity', field: filter.field, index };
  const field = filter ? customFieldOf(filter, lookups.fields) : undefined;
  return field ? { kind: 'custom', field, index } : null;
}

function FilterChip({ chip, search, onChange, lookups, today }: FilterBarProps & { chip: Chip }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const target = chipTarget(chip, search, lookups);
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-start"
      width={POPOVER_WIDTH}
      shadow="md"
      trapFocus
      withinPortal
    >
      <Popover.Target>
        <div className={classes.chip} data-testid="filter-chip">
          <UnstyledButton
            className={classes.chipLabel}
            onClick={() => target && setOpened((o) => !o)}
            aria-label={target ? t('contactList.filter.change', { label: chip.label }) : chip.label}
            aria-expanded={target ? opened : undefined}
            disabled={!target}
            title={chip.label}
          >
            {chip.label}
          </UnstyledButton>
          <CloseButton
            size="sm"
            radius="xl"
            className={classes.chipRemove}
            aria-label={t('contactList.filter.remove', { label: chip.label })}
            onClick={() => onChange(removeChip(search, chip.id))}
          />
        </div>
      </Popover.Target>
      {target && (
        <Popover.Dropdown p="sm">
          <FilterEditor
            target={target}
            search={search}
            lookups={lookups}
            today={today}
            onApply={(next) => {
              onChange(next);
              setOpened(false);
            }}
            onCancel={() => setOpened(false)}
          />
        </Popover.Dropdown>
      )}
    </Popover>
  );
}
