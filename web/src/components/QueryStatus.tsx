// What a page shows while its data loads or when loading failed.
import { Button, Paper, Skeleton, Stack } from '@mantine/core';
import { useTranslation } from '../app/i18n.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

export function LoadingRows({ rows = 4 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="lg" aria-busy="true" aria-label={t('common.loading')}>
      <Stack gap="md">
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} height={18} width={`${90 - i * 12}%`} radius="sm" />
        ))}
      </Stack>
    </Paper>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" align="flex-start">
      <ProblemAlert error={error} title={t('common.loadFailed')} />
      <Button variant="default" size="xs" onClick={onRetry}>
        {t('common.retry')}
      </Button>
    </Stack>
  );
}
