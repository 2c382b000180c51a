// Across the top of a contact that took part in a merge: on the main record, what was merged into it and the
// way back while it lasts; on a merged contact, where it went (it waits there, archived, for an undo).
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconArrowBackUp, IconArrowMerge } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { problemMessage } from '../../components/ProblemAlert.tsx';
import { formatDate } from '../../lib/format.ts';
import { useUserZone } from '../auth/useSession.ts';
import type { ContactProfile } from '../contacts/contact.api.ts';
import { mergesQuery, undoMerge, type Merge } from './merge.api.ts';
import { showUndoNotes } from './undoNotes.tsx';

export function MergeBanner({ contact }: { contact: ContactProfile }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const queryClient = useQueryClient();
  const involved = Boolean(contact.mergedIntoId) || contact.mergedIds.length > 0;
  const merges = useQuery({ ...mergesQuery(contact.id), enabled: involved });
  const merge = merges.data?.find((m) =>
    contact.mergedIntoId ? m.merged.some((c) => c.id === contact.id) && !m.undoneAt : m.undoable,
  );
  const undo = useMutation({
    mutationFn: (m: Merge) => undoMerge(queryClient, m.id),
    onSuccess: (result, m) => showUndoNotes(result, m.survivor.displayName),
  });
  if (!involved || !merge) return null;

  const names = merge.merged.map((c) => c.displayName).join(', ');
  return (
    <Alert
      color={contact.mergedIntoId ? 'gray' : 'indigo'}
      variant="light"
      radius={0}
      icon={<IconArrowMerge size={20} />}
      data-testid="merge-banner"
      styles={{ root: { borderBottom: '1px solid var(--mantine-color-default-border)' } }}
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <div>
          <Text size="sm" fw={600}>
            {contact.mergedIntoId ? (
              <>
                {t('merge.banner.mergedInto')}{' '}
                <AnchorLink to="/contacts/$contactId" params={{ contactId: merge.survivor.id }}>
                  {merge.survivor.displayName}
                </AnchorLink>
              </>
            ) : (
              t('merge.banner.merged', { names, at: formatDate(merge.createdAt, zone) })
            )}
          </Text>
          <Text size="xs" c="dimmed">
            {merge.undoable
              ? t('merge.banner.until', { at: formatDate(merge.undoUntil, zone) })
              : t('merge.banner.expired')}
          </Text>
          {undo.error && (
            <Text size="xs" c="red" mt={4} role="alert">
              {problemMessage(undo.error)}
            </Text>
          )}
        </div>
        {merge.undoable && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconArrowBackUp size={15} />}
            loading={undo.isPending}
            onClick={() => undo.mutate(merge)}
          >
            {t('merge.banner.undo')}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
