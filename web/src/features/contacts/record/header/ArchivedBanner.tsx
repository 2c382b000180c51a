// Shown across the top of an archived contact: when and by whom it was archived, and the way back (Restore) or
// out (Delete permanently).
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconArchive, IconArchiveOff, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../../../app/i18n.ts';
import { problemMessage } from '../../../../components/ProblemAlert.tsx';
import { formatDateTime } from '../../../../lib/format.ts';
import { useUserZone } from '../../../auth/useSession.ts';
import { archivedByQuery, useContactActions } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';
import { describeActor } from '../../../timeline/journal/describeEntry.ts';
import { DeletePermanentlyDialog } from './DeletePermanentlyDialog.tsx';

export function ArchivedBanner() {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const zone = useUserZone();
  const actions = useContactActions(contact.id);
  const queryClient = useQueryClient();
  const archivedBy = useQuery({ ...archivedByQuery(contact.id), enabled: Boolean(contact.archivedAt) });
  const [deleting, setDeleting] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A merged contact is archived too, but its way back is the merge banner's undo.
  if (!contact.archivedAt || contact.mergedIntoId) return null;

  const restore = async () => {
    setRestoring(true);
    setError(null);
    try {
      await actions.restore();
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    } catch (e) {
      setError(e);
    } finally {
      setRestoring(false);
    }
  };

  const who = archivedBy.data ? describeActor(archivedBy.data.actor) : null;
  return (
    <Alert
      color="yellow"
      variant="light"
      radius={0}
      icon={<IconArchive size={20} />}
      data-testid="archived-banner"
      styles={{ root: { borderBottom: '1px solid var(--mantine-color-yellow-outline)' } }}
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <div>
          <Text size="sm" fw={600}>
            {who
              ? t('contactPage.archived.onBy', { at: formatDateTime(contact.archivedAt, zone), who })
              : t('contactPage.archived.on', { at: formatDateTime(contact.archivedAt, zone) })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('contactPage.archived.hint')}
          </Text>
          {error !== null && (
            <Text size="xs" c="red" mt={4} role="alert">
              {problemMessage(error)}
            </Text>
          )}
        </div>
        <Group gap="xs">
          <Button
            size="xs"
            leftSection={<IconArchiveOff size={15} />}
            onClick={() => void restore()}
            loading={restoring}
          >
            {t('common.restore')}
          </Button>
          <Button
            size="xs"
            variant="default"
            color="red"
            leftSection={<IconTrash size={15} />}
            onClick={() => setDeleting(true)}
            styles={{ label: { color: 'var(--mantine-color-red-text)' } }}
          >
            {t('contactPage.delete.title')}
          </Button>
        </Group>
      </Group>
      <DeletePermanentlyDialog opened={deleting} onClose={() => setDeleting(false)} />
    </Alert>
  );
}
