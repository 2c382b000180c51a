// The Activity tab: what is coming up, then the contact's history in two views — Focus events (notes, tasks,
// appointments: the relationship work) and Data changes & admin events (field updates, owner, tags, DND…) —
// each filtered by kinds and a date range, newest first, loading older entries as the list scrolls.
import { Box, Button, EmptyState, Group, MultiSelect, Paper, SegmentedControl, Stack } from '@mantine/core';
import { DatePickerInput, type DatePickerPreset } from '@mantine/dates';
import { IconCalendar, IconFilterOff, IconHistory, IconTargetArrow } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { useUserZone } from '../auth/useSession.ts';
import { addDays, dayOf } from '../appointments/zonedTime.ts';
import type { ContactProfile } from '../contacts/contact.api.ts';
import { JournalList } from '../contacts/record/journal/JournalList.tsx';
import classes from './ActivityTab.module.css';
import {
  emptyTitle,
  INITIAL_ACTIVITY_STATE,
  kindOptions,
  toTimelineFilters,
  type ActivityFilterState,
  type ActivityView,
  type DayRange,
} from './activityFilters.ts';
import { UpcomingActions } from './UpcomingActions.tsx';

const EMPTY_RANGE: DayRange = [null, null];

function rangePresets(today: string, t: TFunction): DatePickerPreset<'range'>[] {
  const last = (days: number) => ({
    label: t('activity.presets.lastDays', { count: days }),
    value: [addDays(today, 1 - days), today] as DayRange,
  });
  return [
    { label: t('activity.presets.today'), value: [today, today] },
    last(7),
    last(30),
    last(90),
    { label: t('activity.presets.thisYear'), value: [`${today.slice(0, 4)}-01-01`, today] },
  ];
}

export function ActivityTab({ contact }: { contact: ContactProfile }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const [state, setState] = useState<ActivityFilterState>(INITIAL_ACTIVITY_STATE);
  const filters = useMemo(() => toTimelineFilters(state, zone.timeZone), [state, zone.timeZone]);
  // Not memoised: the kind labels follow the language, and the list is short.
  const options = kindOptions(state.view);
  const today = dayOf(new Date(), zone.timeZone);
  const filtered = state.kinds.length > 0 || state.range[0] !== null || state.range[1] !== null;

  const setView = (view: ActivityView) => setState((s) => ({ ...s, view, kinds: [] }));
  const clear = () => setState((s) => ({ ...s, kinds: [], range: EMPTY_RANGE }));

  return (
    <Stack gap="md">
      <UpcomingActions contactId={contact.id} />

      <Stack gap="sm" component="section" aria-label={t('activity.history')}>
        <SegmentedControl
          value={state.view}
          onChange={(v) => setView(v as ActivityView)}
          aria-label={t('activity.view')}
          className={classes.views}
          data={[
            {
              value: 'focus',
              label: (
                <Group gap={6} wrap="nowrap" justify="center">
                  <IconTargetArrow size={16} stroke={1.8} />
                  <span>{t('activity.views.focus')}</span>
                </Group>
              ),
            },
            {
              value: 'admin',
              label: (
                <Group gap={6} wrap="nowrap" justify="center">
                  <IconHistory size={16} stroke={1.8} />
                  <span>
                    {t('activity.views.adminShort')}
                    <Box component="span" visibleFrom="sm">
                      {t('activity.views.adminMore')}
                    </Box>
                  </span>
                </Group>
              ),
            },
          ]}
        />
        <div className={classes.filters}>
          <MultiSelect
            aria-label={t('activity.kinds')}
            placeholder={state.kinds.length ? undefined : t('activity.allKinds')}
            data={options}
            value={state.kinds}
            onChange={(kinds) => setState((s) => ({ ...s, kinds }))}
            searchable
            clearable
            hidePickedOptions
            maxDropdownHeight={320}
            nothingFoundMessage={t('activity.noKindMatches')}
            comboboxProps={{ withinPortal: true }}
            className={classes.kinds}
          />
          <DatePickerInput
            type="range"
            aria-label={t('activity.dateRange')}
            placeholder={t('activity.anyDate')}
            value={state.range}
            onChange={(range) => setState((s) => ({ ...s, range: range as DayRange }))}
            allowSingleDateInRange
            clearable
            maxDate={today}
            presets={rangePresets(today, t)}
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
                    ? t('activity.empty.filteredText')
                    : state.view === 'focus'
                      ? t('activity.empty.focusText')
                      : t('activity.empty.adminText')
                }
              >
                {filtered && (
                  <EmptyState.Actions>
                    <Button variant="default" size="xs" leftSection={<IconFilterOff size={15} />} onClick={clear}>
                      {t('activity.empty.clearFilters')}
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
