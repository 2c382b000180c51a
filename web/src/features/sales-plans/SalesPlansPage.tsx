// The sales-plan report: each team's revenue target per month or quarter against the value it won and the
// forecast of its open deals, as a chart and a table; admins and team leaders set the targets in the table.
import { BarChart } from '@mantine/charts';
import {
  ActionIcon,
  Alert,
  Button,
  EmptyState,
  Group,
  Input,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconInfoCircle, IconTarget, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ButtonLink } from '../../components/links.tsx';
import { Page } from '../../components/Page.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { formatMoney } from '../../lib/format.ts';
import { useSession, useUserZone } from '../auth/useSession.ts';
import { teamsQuery } from '../settings/settings.api.ts';
import { formatAttainment, periodLabel } from './periods.ts';
import { salesPlanReportQuery, type SalesPlanPeriodKind, type SalesPlanReportDto } from './salesPlans.api.ts';
import { attainmentColor, SalesPlanTable, sumRows } from './SalesPlanTable.tsx';
import type { SalesPlanSearch } from './search.ts';

export function SalesPlansPage({ search }: { search: SalesPlanSearch }) {
  const { t } = useTranslation();
  const session = useSession();
  const zone = useUserZone();
  const navigate = useNavigate();
  const thisYear = new Date().getFullYear();
  const year = search.year ?? thisYear;
  const period: SalesPlanPeriodKind = search.period ?? 'month';
  const [editing, setEditing] = useState<string | null>(null);
  const report = useQuery({
    ...salesPlanReportQuery(year, period, search.teamId),
    placeholderData: (previous) => previous,
  });
  const teams = useQuery(teamsQuery);

  const go = (next: SalesPlanSearch) => {
    setEditing(null);
    void navigate({ to: '/sales-plans', search: { ...search, ...next } });
  };
  const isAdmin = session.user.role === 'admin';
  const canEdit = (teamId: string) =>
    isAdmin ||
    (teams.data?.find((x) => x.id === teamId)?.members.some((m) => m.id === session.user.id && m.isLeader) ?? false);
  const years = Array.from({ length: 7 }, (_, i) => String(thisYear - 4 + i));
  if (!years.includes(String(year))) years.push(String(year));

  return (
    <Page size={1280}>
      <PageHeader
        title={t('salesPlans.title')}
        description={t('salesPlans.description', {
          currency: session.workspace.currency,
          zone: session.workspace.timezone,
        })}
      />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Input.Wrapper label={t('salesPlans.year')} id="sales-plan-year" labelElement="div">
            <Group gap={4} wrap="nowrap">
              <ActionIcon
                variant="default"
                size="lg"
                onClick={() => go({ year: year - 1 })}
                aria-label={t('salesPlans.previousYear')}
              >
                <IconChevronLeft size={16} />
              </ActionIcon>
              <Select
                aria-labelledby="sales-plan-year-label"
                data={years.sort()}
                value={String(year)}
                onChange={(v) => v && go({ year: Number(v) })}
                allowDeselect={false}
                w={96}
              />
              <ActionIcon
                variant="default"
                size="lg"
                onClick={() => go({ year: year + 1 })}
                aria-label={t('salesPlans.nextYear')}
              >
                <IconChevronRight size={16} />
              </ActionIcon>
            </Group>
          </Input.Wrapper>
          <Input.Wrapper label={t('salesPlans.periodKind')} id="sales-plan-period" labelElement="div">
            <SegmentedControl
              aria-labelledby="sales-plan-period-label"
              value={period}
              onChange={(v) => go({ period: v as SalesPlanPeriodKind })}
              data={[
                { value: 'month', label: t('salesPlans.months') },
                { value: 'quarter', label: t('salesPlans.quarters') },
              ]}
              display="flex"
              w="fit-content"
            />
          </Input.Wrapper>
          <Select
            label={t('salesPlans.team')}
            data={[
              { value: '', label: t('salesPlans.allTeams') },
              ...(teams.data ?? []).map((x) => ({ value: x.id, label: x.name })),
            ]}
            value={search.teamId ?? ''}
            onChange={(v) => go({ teamId: v || undefined })}
            allowDeselect={false}
            w={{ base: '100%', xs: 220 }}
          />
        </Group>

        {report.isPending ? (
          <LoadingRows rows={6} />
        ) : report.isError ? (
          <LoadError error={report.error} onRetry={() => report.refetch()} />
        ) : report.data.teams.length === 0 ? (
          <Paper withBorder py={56} px="md">
            <EmptyState
              icon={<IconUsersGroup size={26} stroke={1.6} />}
              variant="light"
              title={t('salesPlans.noTeamsTitle')}
              description={isAdmin ? t('salesPlans.noTeamsText') : t('salesPlans.noTeamsMember')}
              maw={520}
              mx="auto"
            >
              {isAdmin && (
                <ButtonLink to="/settings/teams" mt="sm">
                  {t('salesPlans.createTeam')}
                </ButtonLink>
              )}
            </EmptyState>
          </Paper>
        ) : (
          <Report report={report.data} locale={zone.locale} canEdit={canEdit} editing={editing} onEdit={setEditing} />
        )}
      </Stack>
    </Page>
  );
}

function Report({
  report,
  locale,
  canEdit,
  editing,
  onEdit,
}: {
  report: SalesPlanReportDto;
  locale: string;
  canEdit(teamId: string): boolean;
  editing: string | null;
  onEdit(teamId: string | null): void;
}) {
  const { t } = useTranslation();
  const noPlans = report.rows.every((r) => r.planId === null);
  const firstEditable = report.teams.find((x) => canEdit(x.id));
  const year = sumRows(report.totals);
  // Nothing planned, won or forecast: an empty chart of zeros says nothing; the empty state and the table do.
  const hasFigures = !noPlans || report.totals.some((x) => Number(x.won) > 0 || Number(x.forecast) > 0);
  const money = (v: string | null) => (v === null ? '—' : formatMoney(v, report.currency, locale));
  return (
    <>
      {noPlans && (
        <Paper withBorder py="xl" px="md">
          <EmptyState
            icon={<IconTarget size={26} stroke={1.6} />}
            variant="light"
            title={t(report.period === 'quarter' ? 'salesPlans.noQuarterPlansTitle' : 'salesPlans.noPlansTitle', {
              year: report.year,
            })}
            description={[
              firstEditable ? t('salesPlans.noPlansText') : t('salesPlans.noPlansMember'),
              report.period === 'quarter' ? t('salesPlans.quartersSeparate') : '',
            ].join(' ')}
            maw={560}
            mx="auto"
          >
            {firstEditable && editing === null && (
              <Button mt="sm" onClick={() => onEdit(firstEditable.id)}>
                {t('salesPlans.setTargetsFor', { team: firstEditable.name })}
              </Button>
            )}
          </EmptyState>
        </Paper>
      )}
      {hasFigures && (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
            <Stat label={t('salesPlans.plannedYear', { year: report.year })} value={money(year.planned)} />
            <Stat label={t('salesPlans.won')} value={money(year.won)} />
            <Stat label={t('salesPlans.forecast')} value={money(year.forecast)} />
            <Stat label={t('salesPlans.attainment')} value={formatAttainment(year.attainment, locale)}>
              {year.attainment !== null && (
                <Progress
                  mt={8}
                  size="sm"
                  value={Math.min(100, year.attainment * 100)}
                  color={attainmentColor(year.attainment)}
                  aria-hidden
                />
              )}
            </Stat>
          </SimpleGrid>
          <PlanChart report={report} locale={locale} />
        </>
      )}
      {report.excluded.length > 0 && (
        <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} />}>
          {report.excluded
            .map((e) =>
              t('salesPlans.excluded', {
                currency: e.currency,
                what: [
                  e.opportunities > 0 && t('salesPlans.deals', { count: e.opportunities }),
                  e.plans > 0 && t('salesPlans.targets', { count: e.plans }),
                ]
                  .filter(Boolean)
                  .join(t('salesPlans.and')),
                reportCurrency: report.currency,
              }),
            )
            .join(' ')}
        </Alert>
      )}
      <SalesPlanTable report={report} locale={locale} canEdit={canEdit} editing={editing} onEdit={onEdit} />
    </>
  );
}

function Stat({ label, value, children }: { label: string; value: string; children?: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} mt={4}>
        {value}
      </Text>
      {children}
    </Paper>
  );
}

function PlanChart({ report, locale }: { report: SalesPlanReportDto; locale: string }) {
  const { t } = useTranslation();
  const data = report.totals.map((p) => ({
    period: periodLabel(p.periodStart, report.period, locale, t),
    planned: p.planned === null ? null : Number(p.planned),
    won: Number(p.won),
    forecast: Number(p.forecast),
  }));
  const title =
    report.teams.length === 1
      ? t('salesPlans.chartTitleTeam', { team: report.teams[0]!.name })
      : t('salesPlans.chartTitleAll');
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {title}
        </Text>
        <BarChart
          h={300}
          data={data}
          dataKey="period"
          series={[
            { name: 'planned', label: t('salesPlans.planned'), color: 'gray.4' },
            { name: 'won', label: t('salesPlans.won'), color: 'teal.6' },
            { name: 'forecast', label: t('salesPlans.forecast'), color: 'blue.4' },
          ]}
          valueFormatter={(v) => formatMoney(v, report.currency, locale)}
          yAxisProps={{
            tickFormatter: (v: number) => formatMoney(v, report.currency, locale, { compact: true }),
            width: 72,
          }}
          withLegend
          legendProps={{ verticalAlign: 'top', height: 36 }}
          gridAxis="y"
          maxBarWidth={22}
          aria-label={t('salesPlans.chartLabel', { title })}
        />
      </Stack>
    </Paper>
  );
}
