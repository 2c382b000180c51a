// Why a save was refused, shown under the field it concerns: a version conflict with a way to reload, a taken
// email or phone naming (and linking) the contact that has it, or the server's message for the field.
import { Button, Group, Paper, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from '../../../../app/i18n.ts';
import { AnchorLink } from '../../../../components/links.tsx';
import { ApiError } from '../../../../lib/api.ts';
import { problemText } from '../../../../lib/problems.ts';
import { isVersionConflict, takenBy } from '../../contact.api.ts';

/** The message for one field: the server's words for that field when it names one, else the refusal in the
 * page's words (the server's detail in English, where it also names the value). */
export function fieldMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const first = Object.values(error.fieldErrors)[0];
    if (first && error.code === 'validation_failed') return first;
  }
  return problemText(error, 'contactPage.problems');
}

export function FieldProblem({ error, onReload }: { error: unknown; onReload(): Promise<unknown> | void }) {
  const { t } = useTranslation();
  const [reloading, setReloading] = useState(false);
  if (!error) return null;
  if (isVersionConflict(error)) {
    return (
      <Paper
        withBorder
        p="xs"
        mt={6}
        role="alert"
        style={{ borderColor: 'var(--mantine-color-yellow-outline)', background: 'var(--mantine-color-yellow-light)' }}
      >
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <IconAlertTriangle
            size={16}
            color="var(--mantine-color-yellow-light-color)"
            style={{ flex: 'none', marginTop: 2 }}
          />
          <Text size="xs" style={{ flex: 1 }}>
            {t('contactPage.conflict.text')}
          </Text>
          <Button
            size="compact-xs"
            variant="default"
            loading={reloading}
            onClick={async () => {
              setReloading(true);
              try {
                await onReload();
              } finally {
                setReloading(false);
              }
            }}
          >
            {t('contactPage.conflict.reload')}
          </Button>
        </Group>
      </Paper>
    );
  }
  const holder = takenBy(error);
  return (
    <Text size="xs" c="red" mt={4} role="alert">
      {fieldMessage(error)}
      {holder && (
        <>
          {' · '}
          <AnchorLink to="/contacts/$contactId" params={{ contactId: holder.id }} size="xs" fw={600}>
            {t('contactPage.conflict.openHolder', { name: holder.displayName })}
          </AnchorLink>
        </>
      )}
    </Text>
  );
}
