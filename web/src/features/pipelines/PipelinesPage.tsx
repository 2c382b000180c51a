// The Pipelines page: a pipeline's board or its list (filters and totals), the forecast, and new deals.
import {
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  EmptyState,
} from '@mantine/core';
import { IconLayoutKanban, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { Page } from '../../components/Page.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { useSession, useUserZone } from '../auth/useSession.ts';
import { UserSelect } from '../calendar/pickers.tsx';
import { CustomValue, useOpportunityFields } from './OpportunityCustomFields.tsx';
import { OpportunityFormModal } from './OpportunityFormModal.tsx';
import { PipelineBoard } from './PipelineBoard.tsx';
import {
  forecastQuery,
  formatMoney,
  opportunityListQuery,
  pipelinesQuery,
  type OpportunityDto,
  type OpportunityStatus,
  type PipelineDto,
} from './pipelines.api.ts';

export function PipelinesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const pipelines = useQuery(pipelinesQuery);
  const [chosen, setChosen] = useState<string | null>(null);
  const [view, setView] = useState<'board' | 'list'>('board');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const pipeline = pipelines.data?.find((p) => p.id === chosen) ?? pipelines.data?.[0];

  return (
    <Page size={1600}>
      <PageHeader
        title={t('app.nav.pipelines')}
        description={t('pipelines.page.description')}
        actions={
          pipeline && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t('pipelines.page.newDeal')}
            </Button>
          )
        }
      />
      {pipelines.isError && <LoadError error={pipelines.error} onRetry={() => void pipelines.refetch()} />}
      {pipelines.isPending && <LoadingRows />}
      {pipelines.data && !pipeline && (
        <Paper withBorder py={64} px="md">
          <EmptyState
            icon={<IconLayoutKanban size={28} stroke={1.6} />}
            variant="light"
            title={t('pipelines.page.noPipelines')}
            description={
              user.role === 'admin' ? (
                <AnchorLink to="/settings/pipelines">{t('pipelines.page.setUp')}</AnchorLink>
              ) : (
                t('pipelines.page.askAdmin')
              )
            }
            maw={460}
            mx="auto"
          />
        </Paper>
      )}
      {pipeline && (
        <Stack gap="md">
          <Group gap="sm" wrap="wrap">
            <Select
              aria-label={t('pipelines.page.pipeline')}
              data={pipelines.data!.map((p) => ({ value: p.id, label: p.name }))}
              value={pipeline.id}
              onChange={setChosen}
              allowDeselect={false}
              w={220}
            />
            <SegmentedControl
              value={view}
              onChange={(v) => setView(v as 'board' | 'list')}
              data={[
                { value: 'board', label: t('pipelines.page.board') },
                { value: 'list', label: t('pipelines.page.list') },
              ]}
            />
            <UserSelect
              aria-label={t('pipelines.page.owner')}
              placeholder={t('pipelines.page.anyOwner')}
              value={ownerId}
              onChange={setOwnerId}
              clearable
              w={220}
            />
          </Group>
          <ForecastStrip pipeline={pipeline} />
          {view === 'board' ? (
            <PipelineBoard key={pipeline.id} pipeline={pipeline} ownerId={ownerId} />
          ) : (
            <OpportunityList pipeline={pipeline} ownerId={ownerId} />
          )}
        </Stack>
      )}
      <OpportunityFormModal opened={creating} onClose={() => setCreating(false)} pipelineId={pipeline?.id} />
    </Page>
  );
}

function ForecastStrip({ pipeline }: { pipeline: PipelineDto }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const forecast = useQuery(forecastQuery(pipeline.id));
  if (!forecast.data) return null;
  const f = forecast.data;
  const money = (v: number) => formatMoney(v, f.currency, zone.locale);
  const top = f.byOwner.slice(0, 3);
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
      <Paper withBorder p="sm">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t('pipelines.forecast.open')}
        </Text>
        <Text fw={700} size="lg">
          {money(f.total.value)}
        </Text>
        <Text size="xs" c="dimmed">
          {t('pipelines.forecast.deals', { count: f.total.count })}
        </Text>
      </Paper>
      <Paper withBorder p="sm">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t('pipelines.forecast.weighted')}
        </Text>
        <Text fw={700} size="lg" c="blue.8">
          {money(f.total.weighted)}
        </Text>
        <Text size="xs" c="dimmed">
          {t('pipelines.forecast.weightedHint')}
        </Text>
      </Paper>
      <Paper withBorder p="sm">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t('pipelines.forecast.byOwner')}
        </Text>
        {top.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('pipelines.forecast.none')}
          </Text>
        )}
        {top.map((o) => (
          <Group key={o.owner.id} justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" truncate>
              {o.owner.name}
            </Text>
            <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
              {money(o.weighted)}
            </Text>
          </Group>
        ))}
      </Paper>
    </SimpleGrid>
  );
}

const STATUSES: OpportunityStatus[] = ['open', 'won', 'lost', 'abandoned'];
const statusColor: Record<OpportunityStatus, string> = { open: 'blue', won: 'teal', lost: 'red', abandoned: 'gray' };

export function StatusBadge({ status }: { status: OpportunityStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={statusColor[status]} size="sm">
      {t(`pipelines.status.${status}`)}
    </Badge>
  );
}

function OpportunityList({ pipeline, ownerId }: { pipeline: PipelineDto; ownerId: string | null }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const [stageId, setStageId] = useState<string | null>(null);
  const [status, setStatus] = useState<OpportunityStatus | null>('open');
  const [editing, setEditing] = useState<OpportunityDto | null>(null);
  const list = useQuery(
    opportunityListQuery({
      pipelineId: pipeline.id,
      stageId: stageId ?? undefined,
      status: status ?? undefined,
      ownerId: ownerId ?? undefined,
    }),
  );
  const rows = list.data?.data ?? [];
  const customFields = useOpportunityFields();
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Select
          aria-label={t('pipelines.list.stage')}
          placeholder={t('pipelines.list.anyStage')}
          data={pipeline.stages.map((s) => ({ value: s.id, label: s.name }))}
          value={stageId}
          onChange={setStageId}
          clearable
          w={200}
        />
        <Select
          aria-label={t('pipelines.list.status')}
          placeholder={t('pipelines.list.anyStatus')}
          data={STATUSES.map((s) => ({ value: s, label: t(`pipelines.status.${s}`) }))}
          value={status}
          onChange={(v) => setStatus(v as OpportunityStatus | null)}
          clearable
          w={180}
        />
        {list.data && (
          <Text size="sm" c="dimmed" ml="auto">
            {t('pipelines.list.totals', {
              count: list.data.totals.count,
              value: formatMoney(list.data.totals.value, rows[0]?.currency ?? 'USD', zone.locale),
              weighted: formatMoney(list.data.totals.weighted, rows[0]?.currency ?? 'USD', zone.locale),
            })}
          </Text>
        )}
      </Group>
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && <LoadingRows />}
      {list.data && rows.length === 0 && (
        <Paper withBorder p="xl">
          <Text c="dimmed" ta="center">
            {t('pipelines.list.empty')}
          </Text>
        </Paper>
      )}
      {rows.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={760 + customFields.length * 140} type="native">
            <Table highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('pipelines.list.name')}</Table.Th>
                  <Table.Th>{t('pipelines.list.contact')}</Table.Th>
                  <Table.Th>{t('pipelines.list.stage')}</Table.Th>
                  <Table.Th>{t('pipelines.list.status')}</Table.Th>
                  <Table.Th ta="right">{t('pipelines.list.value')}</Table.Th>
                  <Table.Th>{t('pipelines.list.owner')}</Table.Th>
                  <Table.Th>{t('pipelines.list.closeDate')}</Table.Th>
                  {customFields.map((f) => (
                    <Table.Th key={f.id}>{f.label}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((o) => (
                  <Table.Tr key={o.id} style={{ cursor: 'pointer' }} onClick={() => setEditing(o)}>
                    <Table.Td fw={500}>{o.name}</Table.Td>
                    <Table.Td>
                      <AnchorLink
                        to="/contacts/$contactId"
                        params={{ contactId: o.contact.id }}
                        size="sm"
                        onClick={(e) => e.stopPropagation()}
                      >
                        {o.contact.displayName}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{o.stage.name}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={o.status} />
                    </Table.Td>
                    <Table.Td ta="right">{formatMoney(o.value, o.currency, zone.locale)}</Table.Td>
                    <Table.Td>{o.owner.name}</Table.Td>
                    <Table.Td>{o.expectedCloseDate ?? '—'}</Table.Td>
                    {customFields.map((f) => (
                      <Table.Td key={f.id}>
                        <CustomValue field={f} value={o.custom[f.key]} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {editing && <OpportunityFormModal opened onClose={() => setEditing(null)} opportunity={editing} />}
    </Stack>
  );
}
