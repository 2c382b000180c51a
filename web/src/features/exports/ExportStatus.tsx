// One prepared export as its owner follows it: status, progress while it is written, then the download
// (until it expires) — shown in the list's dialog right after asking, and on the page a notification opens.
import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconDownload, IconPlayerStop } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../app/i18n.ts';
import { JobProgress } from '../../components/JobProgress.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useUserZone } from '../auth/useSession.ts';
import { cancelExport, exportQuery, isPreparing, type ExportDto } from './exports.api.ts';

export const EXPORT_STATUS_COLORS: Record<ExportDto['status'], string> = {
  queued: 'blue',
  running: 'blue',
  completed: 'teal',
  cancelled: 'orange',
  failed: 'red',
  expired: 'gray',
};

export function ExportStatus({ exportId }: { exportId: string }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const queryClient = useQueryClient();
  const query = useQuery(exportQuery(exportId));
  const cancel = useMutation({
    mutationFn: () => cancelExport(exportId),
    onSuccess: async (e) => {
      queryClient.setQueryData(['contact-exports', exportId], e);
      await queryClient.invalidateQueries({ queryKey: ['contact-exports'], exact: true });
    },
  });
  if (query.isPending) return <LoadingRows rows={2} />;
  if (query.error) return <LoadError error={query.error} onRetry={() => query.refetch()} />;
  const e = query.data;
  const n = (v: number) => v.toLocaleString(zone.locale);
  const preparing = isPreparing(e);
  const p = e.progress;
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Text fw={500} truncate>
          {e.filename}
        </Text>
        <Badge color={EXPORT_STATUS_COLORS[e.status]} variant="light" style={{ minWidth: 'max-content' }}>
          {t(`exports.statuses.${e.status}`)}
        </Badge>
      </Group>
      {(preparing || e.status === 'completed') && (
        <div>
          <JobProgress
            label={t('exports.progress')}
            done={p.done}
            total={p.total}
            running={preparing}
            failed={false}
            doneText={
              p.total === null
                ? t('exports.counting')
                : t('exports.contactsDone', { done: n(p.done), total: n(p.total), count: p.total })
            }
            pace={p.contactsPerSecond ? t('exports.rate', { rate: n(p.contactsPerSecond) }) : null}
            secondsLeft={p.secondsLeft}
            testId="export"
          />
        </div>
      )}
      {preparing && (
        <Text size="sm" c="dimmed">
          {t('exports.keepWorking')}
        </Text>
      )}
      {e.status === 'completed' && e.expiresAt && (
        <Text size="sm" c="dimmed">
          {t('exports.available', { until: formatDateTime(e.expiresAt, zone) })}
        </Text>
      )}
      {e.status === 'failed' && <Alert color="red">{e.error ?? t('exports.failed')}</Alert>}
      {e.status === 'expired' && (
        <Text size="sm" c="dimmed">
          {e.error === 'Expired' || !e.error ? t('exports.expired') : t('exports.discarded')}
        </Text>
      )}
      {cancel.error && <ProblemAlert error={cancel.error} />}
      <Group gap="sm">
        {e.downloadUrl && (
          <Button component="a" href={e.downloadUrl} download leftSection={<IconDownload size={16} />}>
            {t('exports.download')}
          </Button>
        )}
        {preparing && (
          <Button
            color="red"
            variant="light"
            leftSection={<IconPlayerStop size={16} />}
            loading={cancel.isPending}
            onClick={() => cancel.mutate()}
          >
            {t('exports.cancel')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
