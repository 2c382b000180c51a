// The workspace's likely duplicates for review: each group says why its contacts look alike, and opens the
// merge dialog with them already chosen.
import { Badge, Button, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconArrowMerge, IconCircleCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { Page } from '../../components/Page.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { contactQuery } from '../contacts/contact.api.ts';
import { duplicateGroupsQuery, type DuplicateGroup } from './merge.api.ts';
import { MergeDialog } from './MergeDialog.tsx';

function Review({ group, onClose }: { group: DuplicateGroup; onClose(): void }) {
  const [first, ...rest] = group.contacts;
  const profile = useQuery(contactQuery(first!.id));
  if (!profile.data) return null;
  return <MergeDialog contact={profile.data} preselected={rest.map((c) => c.id)} opened onClose={onClose} />;
}

export function DuplicatesPage() {
  const { t } = useTranslation();
  const groups = useQuery(duplicateGroupsQuery);
  const [reviewing, setReviewing] = useState<DuplicateGroup | null>(null);
  return (
    <Page>
      <PageHeader title={t('merge.page.title')} description={t('merge.page.description')} />
      {groups.isPending ? (
        <LoadingRows />
      ) : groups.error ? (
        <LoadError error={groups.error} onRetry={() => groups.refetch()} />
      ) : groups.data.length === 0 ? (
        <Paper withBorder p="xl" radius="md">
          <Stack align="center" gap="sm" py="lg">
            <ThemeIcon size={48} radius="xl" variant="light" color="teal">
              <IconCircleCheck size={26} />
            </ThemeIcon>
            <Text fw={600}>{t('merge.page.emptyTitle')}</Text>
            <Text c="dimmed" size="sm" ta="center" maw={520}>
              {t('merge.page.emptyText')}
            </Text>
          </Stack>
        </Paper>
      ) : (
        <Stack gap="sm">
          {groups.data.map((g) => (
            <Paper key={g.contacts.map((c) => c.id).join()} withBorder p="md" radius="md" data-testid="duplicate-group">
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Stack gap={6}>
                  <Group gap="xs">
                    <Badge variant="light" color="indigo">
                      {t(`merge.page.reasons.${g.reason}`)}
                    </Badge>
                    <Text size="sm" c="dimmed">
                      {g.key}
                    </Text>
                  </Group>
                  <Group gap="lg">
                    {g.contacts.map((c) => (
                      <div key={c.id}>
                        <AnchorLink to="/contacts/$contactId" params={{ contactId: c.id }} fw={600} size="sm">
                          {c.displayName}
                        </AnchorLink>
                        <Text size="xs" c="dimmed">
                          {[c.businessName, c.archived ? t('merge.archived') : null].filter(Boolean).join(' · ') || ' '}
                        </Text>
                      </div>
                    ))}
                  </Group>
                </Stack>
                <Button variant="default" leftSection={<IconArrowMerge size={16} />} onClick={() => setReviewing(g)}>
                  {t('merge.page.review')}
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {reviewing && (
        <Review
          group={reviewing}
          onClose={() => {
            setReviewing(null);
            void groups.refetch();
          }}
        />
      )}
    </Page>
  );
}
