// The progress of a background job (an import, an export): a bar, how far it is in the job's own unit,
// and while it runs its pace and the time left.
import { Group, Progress, Text } from '@mantine/core';
import { useTranslation } from '../app/i18n.ts';

export function JobProgress({
  label,
  done,
  total,
  running,
  failed,
  doneText,
  pace,
  secondsLeft,
  testId,
}: {
  /** What the bar is, for assistive technology ("Import progress"). */
  label: string;
  done: number;
  total: number | null;
  running: boolean;
  failed: boolean;
  /** How far, in the job's unit: "1,200 of 5,000 rows". */
  doneText: string;
  /** "850 rows/s", or null before the first part is done. */
  pace: string | null;
  secondsLeft: number | null;
  testId: string;
}) {
  const { t } = useTranslation();
  const percent = total ? Math.min(100, (done / total) * 100) : running ? 0 : 100;
  return (
    <>
      <Progress.Root size={22} radius="md" aria-label={label}>
        <Progress.Section
          value={percent}
          color={failed ? 'red' : 'teal'}
          animated={running}
          data-testid={`${testId}-progress`}
          aria-valuenow={Math.round(percent)}
        >
          <Progress.Label>{Math.floor(percent)} %</Progress.Label>
        </Progress.Section>
      </Progress.Root>
      <Group justify="space-between" mt="xs" wrap="wrap">
        <Text size="sm" data-testid={`${testId}-done`}>
          {doneText}
        </Text>
        {running && (
          <Text size="sm" c="dimmed">
            {pace ?? t('common.job.waiting')}
            {secondsLeft !== null && ` · ${t('common.job.left', { seconds: secondsLeft })}`}
          </Text>
        )}
      </Group>
    </>
  );
}
