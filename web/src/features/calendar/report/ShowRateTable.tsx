// The show-rate report as a table: one row per calendar or user, a totals row, the rate as a percentage.
import { Paper, Table, Text } from '@mantine/core';
import { useTranslation } from '../../../app/i18n.ts';
import { statusLabel } from '../../appointments/appointmentStatus.ts';
import type { ShowRateGroup, ShowRateReportDto } from '../calendar.api.ts';

/** showed ÷ (showed + no-show) as "66.7%"; "—" when nobody showed or failed to show (nothing to divide). */
export function formatShowRate(rate: number | null, locale: string): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  return new Intl.NumberFormat(locale || 'en', { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

const COUNT_COLUMNS = [
  { key: 'showed', status: 'showed' },
  { key: 'noShow', status: 'no_show' },
  { key: 'cancelled', status: 'cancelled' },
  { key: 'scheduled', status: 'scheduled' },
  { key: 'confirmed', status: 'confirmed' },
  { key: 'total', status: null },
] as const;

type Row = ShowRateReportDto['rows'][number];
type Counts = ShowRateReportDto['totals'];

export function ShowRateTable({
  report,
  locale,
  groupBy,
}: {
  report: ShowRateReportDto;
  locale: string;
  groupBy: ShowRateGroup;
}) {
  const { t } = useTranslation();
  const number = new Intl.NumberFormat(locale || 'en');
  const cells = (row: Counts) => (
    <>
      {COUNT_COLUMNS.map((c) => (
        <Table.Td key={c.key} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {number.format(row[c.key])}
        </Table.Td>
      ))}
      <Table.Td ta="right" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="show-rate">
        {formatShowRate(row.showRate, locale)}
      </Table.Td>
    </>
  );
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={720} type="native">
        <Table
          aria-label={groupBy === 'calendar' ? t('calendar.report.rateByCalendar') : t('calendar.report.rateByUser')}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                {groupBy === 'calendar' ? t('calendar.report.byCalendar') : t('calendar.report.byUser')}
              </Table.Th>
              {COUNT_COLUMNS.map((c) => (
                <Table.Th key={c.key} ta="right">
                  {c.status ? statusLabel(c.status) : t('calendar.report.total')}
                </Table.Th>
              ))}
              <Table.Th ta="right">{t('calendar.report.showRate')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.rows.map((row: Row) => (
              <Table.Tr key={row.id} data-testid="show-rate-row">
                <Table.Td maw={260}>
                  <Text size="sm" fw={500} truncate="end" title={row.name}>
                    {row.name}
                  </Text>
                </Table.Td>
                {cells(row)}
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr data-testid="show-rate-totals" style={{ borderTop: '2px solid var(--dossier-border)' }}>
              <Table.Th>{t('calendar.report.total')}</Table.Th>
              {cells(report.totals)}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
