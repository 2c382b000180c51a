// The Activity tab: what is coming up, then the contact's history in two views — Focus events (notes, tasks,
// appointments: the relationship work) and Data changes & admin events (field updates, owner, tags, DND…) —
// each filtered by kinds and a date range, newest first, loading older entries as the list scrolls.
import { Box, Button, EmptyState, Group, MultiSelect, Paper, SegmentedControl, Stack } from '@mantine/core';
import { DatePickerInput, type DatePickerPreset } from '@mantine/dates';
import { IconCalendar, IconFilterOff, IconHistory, IconTargetArrow } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useUserZone } from '../auth/useSession.ts';
import { addDays, dayOf } from '../appointments/zonedTime.ts';
import type { ContactProfile } from '../contacts/contact.api.ts';
import { JournalList } from '../contacts/record/journal/JournalList.tsx';
import classes from './ActivityTab.module.css';
import {
  emptyTitle,
  kindOptions,
  toTimelineFilters,
  VIEW_LABELS,
  type ActivityFilterState,
  type ActivityView,
  type DayRange,
} from './activityFilters.ts';
import { UpcomingActions } from './UpcomingActions.tsx';

const EMPTY_RANGE: DayRange = [null, null];

function rangePresets(today: string): DatePickerPreset<'range'>[] {
  return [
    { label: 'Today', value: [today, today] },
    { label: 'Last 7 days', value: [addDays(today, -6), today] },
    { label: 'Last 30 days', value: [addDays(today, -29), today] },
    { label: 'Last 90 days', value: [addDays(today, -89), today] },
    { label: 'This year', value: [`${today.slice(0, 4)}-01-01`, today] },
  ];
}

export function ActivityTab({ contact }: { contact: ContactProfile }) {
  const zone = useUserZone();
  const [state, setState] = useState<ActivityFilterState>({ view: 'focus', kinds: [], range: EMPTY_RANGE });
  const filters = useMemo(() => toTimelineFilters(state, zone.timeZone), [state, zone.timeZone]);
  const options = useMemo(() => kindOptions(state.view), [state.view]);
  const today = dayOf(new Date(), zone.timeZone);
  const filtered = state.kinds.length > 0 || state.range[0] !== null || state.range[1] !== null;

  const setView = (view: ActivityView) => setState((s) => ({ ...s, view, kinds: [] }));
  const clear = () => setState((s) => ({ ...s, kinds: [], range: EMPTY_RANGE }));

  return (
    <Stack gap="md">
      <UpcomingActions contactId={contact.id} />

      <Stack gap="sm" component="section" aria-label="Activity history">
        <SegmentedControl
          value={state.view}
          onChange={(v) => setView(v as ActivityView)}
          aria-label="Activity view"
          className={classes.views}
          data={[
            {
              value: 'focus',
              label: (
                <Group gap={6} wrap="nowrap" justify="center">
                  <IconTargetArrow size={16} stroke={1.8} />
                  <span>{VIEW_LABELS.focus}</span>
                </Group>
              ),
            },
            {
              value: 'admin',
              label: (
                <Group gap={6} wrap="nowrap" justify="center">
                  <IconHistory size={16} stroke={1.8} />
                  <span>
                    Data changes
                    <Box component="span" visibleFrom="sm">
                      {' '}
                      &amp; admin events
                    </Box>
                  </span>
                </Group>
              ),
            },
          ]}
        />
        <div className={classes.filters}>
          <MultiSelect
            aria-label="Kinds"
            placeholder={state.kinds.length ? undefined : 'All kinds'}
            data={options}
            value={state.kinds}
            onChange={(kinds) => setState((s) => ({ ...s, kinds }))}
            searchable
            clearable
            hidePickedOptions
            maxDropdownHeight={320}
            nothingFoundMessage="No kind matches"
            comboboxProps={{ withinPortal: true }}
            className={classes.kinds}
          />
          <DatePickerInput
            type="range"
            aria-label="Date range"
            placeholder="Any date"
            value={state.range}
            onChange={(range) => setState((s) => ({ ...s, range: range as DayRange }))}
            allowSingleDateInRange
            clearable
            maxDate={today}
            presets={rangePresets(today)}
            leftSection={<IconCalendar size={16} stroke={1.7} />}
            valueFormat="D MMM YYYY"
            popoverProps={{ position: 'bottom-end' }}
            className={classes.range}
          />
        </div>
        <JournalList
          contact={contact}
          filters={filters}
          empty={
            <Paper withBorder py={44} px="md">
              <EmptyState
                icon={
                  state.view === 'focus' ? (
                    <IconTargetArrow size={26} stroke={1.6} />
                  ) : (
                    <IconHistory size={26} stroke={1.6} />
                  )
                }
                variant="light"
                title={emptyTitle(state)}
                description={
                  filtered
                    ? 'Try other kinds or a wider date range.'
                    : state.view === 'focus'
                      ? 'Notes, tasks and appointments with this contact show up here as they happen.'
                      : 'Edit a field, add a tag or change the owner, and the change shows up here with who made it.'
                }
              >
                {filtered && (
                  <EmptyState.Actions>
                    <Button variant="default" size="xs" leftSection={<IconFilterOff size={15} />} onClick={clear}>
                      Clear filters
                    </Button>
                  </EmptyState.Actions>
                )}
              </EmptyState>
            </Paper>
          }
        />
      </Stack>
    </Stack>
  );
}
