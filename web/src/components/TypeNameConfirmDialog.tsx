// A destructive action that cannot be undone, confirmed by typing the record's name: permanent delete, erasure.
// The caller adds what it needs above the name (a warning, a reason field); a refusal with the given code
// (e.g. delete_blocked) shows the server's reason instead of a generic error.
import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { LazyModal } from './LazyModal.tsx';
import { IconLock } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Trans } from 'react-i18next';
import { useTranslation } from '../app/i18n.ts';
import { ApiError } from '../lib/api.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

/** The server's rule for a typed name: spacing and case do not matter. */
export const sameName = (typed: string, name: string) =>
  typed.trim().replace(/\s+/g, ' ').toLowerCase() === name.trim().replace(/\s+/g, ' ').toLowerCase();

export function TypeNameConfirmDialog({
  opened,
  onClose,
  name,
  title,
  typeNameKey,
  confirmLabel,
  blockedTitle,
  ready = true,
  onConfirm,
  onReset,
  children,
}: {
  opened: boolean;
  onClose(): void;
  /** What must be typed. */
  name: string;
  title: string;
  /** The i18n key of the field's label; it gets {{name}} and a <strong> for it. */
  typeNameKey: string;
  confirmLabel: string;
  /** The title of a delete_blocked refusal. */
  blockedTitle: string;
  /** Whatever else the caller needs filled in. */
  ready?: boolean;
  /** Gets the name as typed (the server may check it again). */
  onConfirm(typed: string): Promise<unknown>;
  /** Clears the caller's own fields when the dialog closes. */
  onReset?(): void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const action = useMutation({ mutationFn: () => onConfirm(typed) });
  const matches = sameName(typed, name);
  const blocked = action.error instanceof ApiError && action.error.code === 'delete_blocked';
  const close = () => {
    setTyped('');
    action.reset();
    onReset?.();
    onClose();
  };
  return (
    <LazyModal opened={opened} onClose={close} title={<Text fw={600}>{title}</Text>}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (matches && ready) action.mutate(undefined, { onSuccess: close });
        }}
      >
        <Stack gap="md">
          {children}
          <TextInput
            label={<Trans i18nKey={typeNameKey} values={{ name }} components={{ strong: <strong /> }} />}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            data-autofocus={children ? undefined : true}
          />
          {blocked ? (
            <Alert color="orange" variant="light" icon={<IconLock size={18} />} title={blockedTitle} role="alert">
              {(action.error as ApiError).detail}
            </Alert>
          ) : (
            <ProblemAlert error={action.error} />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={action.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" disabled={!matches || !ready || blocked} loading={action.isPending}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </LazyModal>
  );
}
