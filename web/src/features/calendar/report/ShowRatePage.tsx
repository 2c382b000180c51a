// The show-rate report: of the appointments that started in a period, how many people came, per calendar or
// per user — as a table with totals and as a bar chart of the rate.
import { BarChart } from '@mantine/charts';
import { EmptyState, Group, Input, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { DatePickerInput, type DatesRangeValue } from '@mantine/dates';
import { IconCalendar, IconChartBar } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ButtonLink } from '../../../components/links.tsx';
import { Page } from '../../../components/Page.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError, LoadingRows } from '../../../components/QueryStatus.tsx';
import { useUserZone } from '../../auth/useSession.ts';
import { showRateQuery, type ShowRateGroup, type ShowRateReportDto } from '../calendar.api.ts';
import { CalendarTabs } from '../CalendarTabs.tsx';
import type { ShowRateSearch } from '../search.ts';
import {
  addDays,
  daysBetween,
  formatLocalDate,
  localDateOf,
  zonedInstant,
  type LocalDate,
} from '../../../lib/zoned.ts';
import { formatShowRate, ShowRateTable } from './ShowRateTable.tsx';

export function ShowRatePage({ search }: { search: ShowRateSearch }) {
  const zone = useUserZone();
  const navigate = useNavigate();
  const today = localDateOf(new Date(), zone.timeZone);
  let from = search.from ?? addDays(today, -29);
  let to = search.to ?? today;
  if (daysBetween(from, to) < 0) [from, to] = [to, from];
  const groupBy: ShowRateGroup = search.groupBy ?? 'calendar';
  // The picker holds a half-chosen range locally until both ends are picked.
  const [draft, setDraft] = useState<DatesRangeValue<string> | null>(null);

  const report = useQuery({
    ...showRateQuery(
      zonedInstant(from, 0, zone.timeZone).toISOString(),
      zonedInstant(addDays(to, 1), 0, zone.timeZone).toISOString(),
      groupBy,
    ),
    placeholderData: (previous) => previous,
  });

  const go = (next: ShowRateSearch) => void navigate({ to: '/calendar/report', search: { ...search, ...next } });
  const groupLabel = groupBy === 'calendar' ? 'Calendar' : 'User';
  const preset = (days: number): { value: [LocalDate, LocalDate]; label: string } => ({
    value: [addDays(today, -(days - 1)), today],
    label: `Last ${days} days`,
  });

  return (
    <Page size={1680}>
      <PageHeader
        title="Calendar"
        description="Of the appointments that took place, how many people came: showed ÷ (showed + no-show)."
      />
      <CalendarTabs active="report" />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <DatePickerInput
            type="range"
            label="Appointments starting"
            value={draft ?? [from, to]}
            onChange={(value) => {
              if (value[0] && value[1]) {
                setDraft(null);
                go({ from: value[0], to: value[1] });
              } else {
                setDraft(value);
              }
            }}
            onDropdownClose={() => setDraft(null)}
            valueFormat="D MMM YYYY"
            leftSection={<IconCalendar size={16} />}
            firstDayOfWeek={1}
            allowSingleDateInRange
            presets={[
              preset(7),
              preset(30),
              preset(90),
              { value: [addDays(today, -364), today], label: 'Last 12 months' },
            ]}
            w={{ base: '100%', xs: 280 }}
          />
          <Input.Wrapper label="Group by" id="show-rate-group" labelElement="div">
            <SegmentedControl
              aria-labelledby="show-rate-group-label"
              value={groupBy}
              onChange={(v) => go({ groupBy: v as ShowRateGroup })}
              data={[
                { value: 'calendar', label: 'Calendar' },
                { value: 'user', label: 'User' },
              ]}
              display="flex"
              w="fit-content"
            />
          </Input.Wrapper>
        </Group>

        {report.isPending ? (
          <LoadingRows rows={5} />
        ) : report.isError ? (
          <LoadError error={report.error} onRetry={() => report.refetch()} />
        ) : report.data.rows.length === 0 ? (
          <Paper withBorder py={56} px="md">
            <EmptyState
              icon={<IconChartBar size={26} stroke={1.6} />}
              variant="light"
              title="No appointments in this period"
              description={`Nothing was booked to start between ${formatLocalDate(from, zone.locale, {
                dateStyle: 'medium',
              })} and ${formatLocalDate(to, zone.locale, {
                dateStyle: 'medium',
              })}. Pick a longer period, or book appointments in the calendar and mark them Showed or No-show afterwards.`}
              maw={520}
              mx="auto"
            >
              <ButtonLink to="/calendar" variant="default" mt="sm">
                Open the calendar
              </ButtonLink>
            </EmptyState>
          </Paper>
        ) : (
          <>
            <Summary report={report.data} locale={zone.locale} />
            <ShowRateTable report={report.data} locale={zone.locale} groupLabel={groupLabel} />
            <ShowRateChart report={report.data} locale={zone.locale} groupLabel={groupLabel} />
          </>
        )}
      </Stack>
    </Page>
  );
}

function Summary({ report, locale }: { report: ShowRateReportDto; locale: string }) {
  const t = report.totals;
  const decided = t.showed + t.noShow;
  const open = t.scheduled + t.confirmed;
  return (
    <Text size="sm" c="dimmed">
      {decided === 0
        ? 'No appointment in this period has been marked Showed or No-show yet, so there is no show rate to give.'
        : `${formatShowRate(t.showRate, locale)} of ${decided} appointment${decided === 1 ? '' : 's'} with an outcome were attended.`}
      {open > 0 &&
        ` ${open} ${open === 1 ? 'is' : 'are'} still scheduled or confirmed — mark them Showed or No-show to count them.`}
    </Text>
  );
}

function ShowRateChart({
  report,
  locale,
  groupLabel,
}: {
  report: ShowRateReportDto;
  locale: string;
  groupLabel: string;
}) {
  const rows = report.rows.map((r) => ({
    name: r.name,
    // Percent for the axis; rows without any outcome have no bar at all rather than a misleading 0.
    rate: r.showRate === null ? null : Math.round(r.showRate * 1000) / 10,
  }));
  const overall = report.totals.showRate;
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          Show rate by {groupLabel.toLowerCase()}
        </Text>
        <BarChart
          h={Math.max(160, rows.length * 44 + 48)}
          data={rows}
          dataKey="name"
          orientation="vertical"
          series={[{ name: 'rate', label: 'Show rate', color: 'brand.6' }]}
          valueFormatter={(v) => formatShowRate(v / 100, locale)}
          xAxisProps={{ domain: [0, 100], ticks: [0, 25, 50, 75, 100] }}
          yAxisProps={{ width: 150, interval: 0 }}
          gridAxis="x"
          maxBarWidth={26}
          withBarValueLabel
          referenceLines={
            overall === null || rows.filter((r) => r.rate !== null).length < 2
              ? []
              : [{ x: Math.round(overall * 1000) / 10, color: 'gray.6', label: 'Overall', labelPosition: 'top' }]
          }
          aria-label={`Show rate by ${groupLabel.toLowerCase()}, as a bar chart`}
        />
        {rows.some((r) => r.rate === null) && (
          <Text size="xs" c="dimmed">
            Rows without a bar have no appointment marked Showed or No-show yet.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
