// Marking a deal lost asks why: the reason is required and shows on the deal and in the contact's timeline.
import { Button, Group, Stack, Textarea } from '@mantine/core';
import { LazyModal } from '../../components/LazyModal.tsx';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

export function LostReasonModal({
  dealName,
  opened,
  pending,
  error,
  onCancel,
  onConfirm,
}: {
  dealName: string;
  opened: boolean;
  pending?: boolean;
  error?: unknown;
  onCancel(): void;
  onConfirm(reason: string): void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <LazyModal opened={opened} onClose={onCancel} title={t('pipelines.lost.title', { name: dealName })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim()) onConfirm(reason.trim());
        }}
      >
        <Stack>
          <Textarea
            label={t('pipelines.lost.reason')}
            placeholder={t('pipelines.lost.placeholder')}
            required
            data-autofocus
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          {error ? <ProblemAlert error={error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              {t('pipelines.cancel')}
            </Button>
            <Button type="submit" color="red" loading={pending} disabled={!reason.trim()}>
              {t('pipelines.lost.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </LazyModal>
  );
}
