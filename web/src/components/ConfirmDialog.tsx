// A confirmation that stays open while the request runs and shows the server's refusal inside it.
import { Button, Group, Stack, Text } from '@mantine/core';
import { LazyModal } from './LazyModal.tsx';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from '../app/i18n.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

export interface ConfirmDialogProps {
  opened: boolean;
  onClose(): void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Red for actions that take something away (deactivate, revoke, delete). */
  danger?: boolean;
  onConfirm(): Promise<unknown>;
}

export function ConfirmDialog({
  opened,
  onClose,
  title,
  children,
  confirmLabel,
  danger,
  onConfirm,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const mutation = useMutation({ mutationFn: onConfirm, onSuccess: () => close() });
  const close = () => {
    mutation.reset();
    onClose();
  };
  return (
    <LazyModal opened={opened} onClose={close} title={<Text fw={600}>{title}</Text>} size="md">
      <Stack gap="md">
        <Text size="sm">{children}</Text>
        <ProblemAlert error={mutation.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button color={danger ? 'red' : undefined} loading={mutation.isPending} onClick={() => mutation.mutate()}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </LazyModal>
  );
}
