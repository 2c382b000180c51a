// The report's table: per team, each period's target, won value, forecast and attainment, with a year row.
// A planner (an admin or the team's leader) edits the team's targets of the year inline and saves them at once.
import { Badge, Button, Group, NumberInput, Paper, Progress, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { problemMessage } from '../../components/ProblemAlert.tsx';
import { formatMoney } from '../../lib/format.ts';
import { formatAttainment, periodLabel } from './periods.ts';
import {
  salesPlansKey,
  setSalesPlanYear,
  type SalesPlanReportDto,
  type SalesPlanReportRowDto,
} from './salesPlans.api.ts';

type Totals = { planned: string | null; won: string; forecast: string; attainment: number | null };

/** The sum of a team's periods, as the report sums them (cents, no float drift). */
export function sumRows(rows: Pick<SalesPlanReportRowDto, 'planned' | 'won' | 'forecast'>[]): Totals {
  const cents = (v: string) => Math.round(Number(v) * 100);
  let planned: number | null = null;
  let won = 0;
  let forecast = 0;
  for (const r of rows) {
    if (r.planned !== null) planned = (planned ?? 0) + cents(r.planned);
    won += cents(r.won);
    forecast += cents(r.forecast);
  }
  return {
    planned: planned === null ? null : (planned / 100).toFixed(2),
    won: (won / 100).toFixed(2),
    forecast: (forecast / 100).toFixed(2),
    attainment: planned === null || planned <= 0 ? null : won / planned,
  };
}

/** Green from 100 %, amber from 70 %, red below. */
export const attainmentColor = (value: number) => (value >= 1 ? 'teal' : value >= 0.7 ? 'yellow' : 'red');

export function AttainmentCell({ value, locale }: { value: number | null; locale: string }) {
  if (value === null) return <Text c="dimmed">—</Text>;
  const color = attainmentColor(value);
  return (
    <Group gap="xs" wrap="nowrap" justify="flex-end">
      <Progress value={Math.min(100, value * 100)} color={color} w={64} size="sm" aria-hidden />
      <Text size="sm" fw={500} miw={44} ta="right" c={value >= 1 ? 'teal.7' : undefined}>
        {formatAttainment(value, locale)}
      </Text>
    </Group>
  );
}

export function SalesPlanTable({
  report,
  locale,
  canEdit,
  editing,
  onEdit,
}: {
  report: SalesPlanReportDto;
  locale: string;
  canEdit(teamId: string): boolean;
  /** The team whose targets are being edited, if any. */
  editing: string | null;
  onEdit(teamId: string | null): void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Record<string, number | string>>({});
  const money = (v: string | null) => (v === null ? '—' : formatMoney(v, report.currency, locale));
  const decimal = new Intl.NumberFormat(locale || 'en').formatToParts(1000.5);
  const separators = {
    thousandSeparator: decimal.find((p) => p.type === 'group')?.value ?? ',',
    decimalSeparator: decimal.find((p) => p.type === 'decimal')?.value ?? '.',
  };

  const save = useMutation({
    mutationFn: (teamId: string) =>
      setSalesPlanYear({
        teamId,
        year: report.year,
        period: report.period,
        targets: report.rows
          .filter((r) => r.teamId === teamId)
          .map((r) => {
            const v = draft[r.periodStart];
            return v === undefined || v === '' ? null : String(v);
          }),
      }),
    onSuccess: async (_, teamId) => {
      await queryClient.invalidateQueries({ queryKey: salesPlansKey });
      notifications.show({
        color: 'green',
        message: t('salesPlans.saved', { team: report.teams.find((x) => x.id === teamId)?.name ?? '' }),
      });
      onEdit(null);
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('salesPlans.saveFailed'), message: problemMessage(error) }),
  });

  const startEditing = (teamId: string) => {
    setDraft(
      Object.fromEntries(
        report.rows
          .filter((r) => r.teamId === teamId)
          .map((r) => [r.periodStart, r.planned === null ? '' : Number(r.planned)]),
      ),
    );
    onEdit(teamId);
  };

  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={620}>
        <Table verticalSpacing="xs" highlightOnHover aria-label={t('salesPlans.tableLabel', { year: report.year })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{report.period === 'month' ? t('salesPlans.month') : t('salesPlans.quarterColumn')}</Table.Th>
              <Table.Th ta="right">{t('salesPlans.planned')}</Table.Th>
              <Table.Th ta="right">{t('salesPlans.won')}</Table.Th>
              <Table.Th ta="right">{t('salesPlans.forecast')}</Table.Th>
              <Table.Th ta="right">{t('salesPlans.attainment')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.teams.map((team) => {
              const rows = report.rows.filter((r) => r.teamId === team.id);
              const year = sumRows(rows);
              const isEditing = editing === team.id;
              return (
                <Fragment key={team.id}>
                  <Table.Tr bg="var(--mantine-color-default-hover)" data-testid="sales-plan-team">
                    <Table.Td colSpan={5}>
                      <Group justify="space-between" wrap="nowrap" gap="sm">
                        <Group gap="xs" wrap="nowrap" miw={0}>
                          <Text fw={600} truncate="end">
                            {team.name}
                          </Text>
                          {rows.every((r) => r.planId === null) && (
                            <Badge variant="light" color="gray" miw="max-content">
                              {t('salesPlans.noTargets')}
                            </Badge>
                          )}
                        </Group>
                        {isEditing ? (
                          <Group gap="xs" wrap="nowrap">
                            <Button
                              size="compact-sm"
                              variant="default"
                              onClick={() => onEdit(null)}
                              disabled={save.isPending}
                            >
                              {t('common.cancel')}
                            </Button>
                            <Button size="compact-sm" onClick={() => save.mutate(team.id)} loading={save.isPending}>
                              {t('salesPlans.saveTargets')}
                            </Button>
                          </Group>
                        ) : (
                          canEdit(team.id) && (
                            <Button
                              size="compact-sm"
                              variant="subtle"
                              leftSection={<IconPencil size={14} />}
                              onClick={() => startEditing(team.id)}
                              disabled={editing !== null}
                              aria-label={t('salesPlans.editTargetsOf', { team: team.name })}
                            >
                              {t('salesPlans.editTargets')}
                            </Button>
                          )
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {rows.map((r) => {
                    const label = periodLabel(r.periodStart, report.period, locale, t);
                    return (
                      <Table.Tr key={r.periodStart} data-testid="sales-plan-row">
                        <Table.Td pl="lg">{label}</Table.Td>
                        <Table.Td ta="right">
                          {isEditing ? (
                            <NumberInput
                              size="xs"
                              w={150}
                              ml="auto"
                              min={0}
                              max={99_999_999_999_999}
                              decimalScale={2}
                              allowNegative={false}
                              hideControls
                              {...separators}
                              value={draft[r.periodStart] ?? ''}
                              onChange={(v) => setDraft((d) => ({ ...d, [r.periodStart]: v }))}
                              placeholder={t('salesPlans.noTarget')}
                              aria-label={t('salesPlans.targetFor', { period: label, team: team.name })}
                              rightSection={
                                <Text size="xs" c="dimmed">
                                  {report.currency}
                                </Text>
                              }
                              rightSectionWidth={40}
                            />
                          ) : (
                            <Text size="sm" c={r.planned === null ? 'dimmed' : undefined}>
                              {money(r.planned)}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td ta="right">{money(r.won)}</Table.Td>
                        <Table.Td ta="right">{money(r.forecast)}</Table.Td>
                        <Table.Td ta="right">
                          <AttainmentCell value={r.attainment} locale={locale} />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                  <Table.Tr data-testid="sales-plan-year">
                    <Table.Td pl="lg" fw={600}>
                      {t('salesPlans.yearTotal', { year: report.year })}
                    </Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {money(year.planned)}
                    </Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {money(year.won)}
                    </Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {money(year.forecast)}
                    </Table.Td>
                    <Table.Td ta="right">
                      <AttainmentCell value={year.attainment} locale={locale} />
                    </Table.Td>
                  </Table.Tr>
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
