// The show-rate report: of the appointments that started in a period, how many people came, per calendar or
// per user — as a table with totals and as a bar chart of the rate.
import { BarChart } from '@mantine/charts';
import { EmptyState, Group, Input, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { DatePickerInput, type DatesRangeValue } from '@mantine/dates';
import { IconCalendar, IconChartBar } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
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
  const { t } = useTranslation();
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
  const preset = (days: number): { value: [LocalDate, LocalDate]; label: string } => ({
    value: [addDays(today, -(days - 1)), today],
    label: t('calendar.report.lastDays', { count: days }),
  });

  return (
    <Page size={1680}>
      <PageHeader title={t('calendar.title')} description={t('calendar.report.description')} />
      <CalendarTabs active="report" />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <DatePickerInput
            type="range"
            label={t('calendar.report.range')}
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
              { value: [addDays(today, -364), today], label: t('calendar.report.last12Months') },
            ]}
            w={{ base: '100%', xs: 280 }}
          />
          <Input.Wrapper label={t('calendar.report.groupBy')} id="show-rate-group" labelElement="div">
            <SegmentedControl
              aria-labelledby="show-rate-group-label"
              value={groupBy}
              onChange={(v) => go({ groupBy: v as ShowRateGroup })}
              data={[
                { value: 'calendar', label: t('calendar.report.byCalendar') },
                { value: 'user', label: t('calendar.report.byUser') },
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
              title={t('calendar.report.emptyTitle')}
              description={t('calendar.report.emptyText', {
                from: formatLocalDate(from, zone.locale, { dateStyle: 'medium' }),
                to: formatLocalDate(to, zone.locale, { dateStyle: 'medium' }),
              })}
              maw={520}
              mx="auto"
            >
              <ButtonLink to="/calendar" variant="default" mt="sm">
                {t('calendar.report.openCalendar')}
              </ButtonLink>
            </EmptyState>
          </Paper>
        ) : (
          <>
            <Summary report={report.data} locale={zone.locale} />
            <ShowRateTable report={report.data} locale={zone.locale} groupBy={groupBy} />
            <ShowRateChart report={report.data} locale={zone.locale} groupBy={groupBy} />
          </>
        )}
      </Stack>
    </Page>
  );
}

function Summary({ report, locale }: { report: ShowRateReportDto; locale: string }) {
  const { t } = useTranslation();
  const totals = report.totals;
  const decided = totals.showed + totals.noShow;
  const open = totals.scheduled + totals.confirmed;
  return (
    <Text size="sm" c="dimmed">
      {decided === 0
        ? t('calendar.report.noOutcomes')
        : t('calendar.report.attended', { rate: formatShowRate(totals.showRate, locale), count: decided })}
      {open > 0 && ` ${t('calendar.report.stillOpen', { count: open })}`}
    </Text>
  );
}

function ShowRateChart({
  report,
  locale,
  groupBy,
}: {
  report: ShowRateReportDto;
  locale: string;
  groupBy: ShowRateGroup;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const title = groupBy === 'calendar' ? t('calendar.report.rateByCalendar') : t('calendar.report.rateByUser');
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
          {title}
        </Text>
        <BarChart
          h={Math.max(160, rows.length * 44 + 48)}
          data={rows}
          dataKey="name"
          orientation="vertical"
          series={[{ name: 'rate', label: t('calendar.report.showRate'), color: 'brand.6' }]}
          valueFormatter={(v) => formatShowRate(v / 100, locale)}
          xAxisProps={{ domain: [0, 100], ticks: [0, 25, 50, 75, 100] }}
          yAxisProps={{ width: phone ? 104 : 150, interval: 0 }}
          // Room beyond 100 % for the bar's value label and above the bars for the "Overall" line's label.
          barChartProps={{ margin: { top: 22, right: 56, bottom: 0, left: 0 } }}
          gridAxis="x"
          maxBarWidth={26}
          withBarValueLabel
          referenceLines={
            overall === null || rows.filter((r) => r.rate !== null).length < 2
              ? []
              : [
                  {
                    x: Math.round(overall * 1000) / 10,
                    color: 'gray.6',
                    label: t('calendar.report.overall'),
                    labelPosition: 'top',
                  },
                ]
          }
          aria-label={t('calendar.report.chartLabel', { title })}
        />
        {rows.some((r) => r.rate === null) && (
          <Text size="xs" c="dimmed">
            {t('calendar.report.noBar')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
