// The contact page's Opportunities tab: the contact's deals (open first) with their stage, value and close
// date; open a new one for this contact, edit, move the stage, win, lose (with a reason) or reopen.
import { ActionIcon, Button, Group, Menu, Paper, Select, Stack, Text, EmptyState } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPlus, IconTargetArrow } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans } from 'react-i18next';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { formatDate } from '../../lib/format.ts';
import { useUserZone } from '../auth/useSession.ts';
import type { ContactProfile } from '../contacts/contact.api.ts';
import { LostReasonModal } from './LostReasonModal.tsx';
import { CustomValues } from './OpportunityCustomFields.tsx';
import { OpportunityFormModal } from './OpportunityFormModal.tsx';
import { StatusBadge } from './PipelinesPage.tsx';
import {
  afterOpportunityChange,
  isStale,
  contactOpportunitiesQuery,
  deleteOpportunity,
  formatMoney,
  pipelinesQuery,
  updateOpportunity,
  type ContactOpportunityDto,
  type UpdateOpportunityInput,
} from './pipelines.api.ts';

export function OpportunitiesTab({ contact }: { contact: ContactProfile }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const queryClient = useQueryClient();
  const deals = useQuery(contactOpportunitiesQuery(contact.id));
  const pipelines = useQuery(pipelinesQuery);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ContactOpportunityDto | null>(null);
  const [losing, setLosing] = useState<ContactOpportunityDto | null>(null);

  const change = useMutation({
    mutationFn: async ({ deal, input }: { deal: ContactOpportunityDto; input: UpdateOpportunityInput | 'delete' }) => {
      if (input === 'delete') await deleteOpportunity(deal);
      else await updateOpportunity(deal, input);
    },
    onSuccess: async (_r, { deal }) => {
      setLosing(null);
      await afterOpportunityChange(queryClient, [contact.id, deal.contact.id]);
    },
    onError: async (error, { deal }) => {
      if (losing && !isStale(error)) return;
      notifications.show({
        color: isStale(error) ? 'yellow' : 'red',
        message: isStale(error) ? t('pipelines.board.stale', { name: deal.name }) : error.message,
      });
      setLosing(null);
      await afterOpportunityChange(queryClient, [contact.id]);
    },
  });

  const create = (
    <Button
      leftSection={<IconPlus size={16} />}
      onClick={() => setCreating(true)}
      disabled={Boolean(contact.archivedAt)}
    >
      {t('pipelines.tab.new')}
    </Button>
  );

  return (
    <Stack gap="sm" p="md">
      {deals.isError && <LoadError error={deals.error} onRetry={() => void deals.refetch()} />}
      {deals.isPending && <LoadingRows />}
      {deals.data && deals.data.length === 0 && (
        <Paper withBorder py={48} px="md">
          <EmptyState
            icon={<IconTargetArrow size={26} stroke={1.6} />}
            variant="light"
            title={t('pipelines.tab.emptyTitle')}
            description={t('pipelines.tab.emptyText')}
            maw={420}
            mx="auto"
          >
            {create}
          </EmptyState>
        </Paper>
      )}
      {deals.data && deals.data.length > 0 && <Group justify="flex-end">{create}</Group>}
      {deals.data?.map((deal) => {
        const pipeline = pipelines.data?.find((p) => p.id === deal.pipelineId);
        return (
          <Paper key={deal.id} withBorder p="sm" data-testid="contact-opportunity">
            <Stack gap={6}>
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Group gap="xs" wrap="nowrap" justify="space-between">
                  <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                    <Text fw={600} truncate>
                      {deal.name}
                    </Text>
                    <StatusBadge status={deal.status} />
                  </Group>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={t('pipelines.tab.actions', { name: deal.name })}
                      >
                        <IconDots size={16} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setEditing(deal)}>{t('pipelines.tab.edit')}</Menu.Item>
                      {deal.status === 'open' ? (
                        <>
                          <Menu.Item color="teal" onClick={() => change.mutate({ deal, input: { status: 'won' } })}>
                            {t('pipelines.tab.markWon')}
                          </Menu.Item>
                          <Menu.Item color="red" onClick={() => setLosing(deal)}>
                            {t('pipelines.tab.markLost')}
                          </Menu.Item>
                          <Menu.Item onClick={() => change.mutate({ deal, input: { status: 'abandoned' } })}>
                            {t('pipelines.tab.markAbandoned')}
                          </Menu.Item>
                        </>
                      ) : (
                        <Menu.Item onClick={() => change.mutate({ deal, input: { status: 'open' } })}>
                          {t('pipelines.tab.reopen')}
                        </Menu.Item>
                      )}
                      {deal.status !== 'won' && (
                        <Menu.Item color="red" onClick={() => change.mutate({ deal, input: 'delete' })}>
                          {t('pipelines.tab.delete')}
                        </Menu.Item>
                      )}
                    </Menu.Dropdown>
                  </Menu>
                </Group>
                <Text size="sm" c="dimmed">
                  {deal.pipeline.name} · {formatMoney(deal.value, deal.currency, zone.locale)}
                  {deal.expectedCloseDate &&
                    ` · ${t('pipelines.tab.closes', { date: formatDate(`${deal.expectedCloseDate}T12:00:00Z`, zone) })}`}
                  {` · ${deal.owner.name}`}
                </Text>
                {deal.contact.id !== contact.id && (
                  <Text size="xs" c="dimmed" data-testid={deal.via ? 'deal-via' : undefined}>
                    <Trans
                      i18nKey={deal.via ? 'pipelines.tab.viaBusiness' : 'pipelines.tab.via'}
                      components={{
                        link: (
                          <AnchorLink to="/contacts/$contactId" params={{ contactId: deal.contact.id }} size="xs">
                            {deal.contact.displayName}
                          </AnchorLink>
                        ),
                      }}
                    />
                  </Text>
                )}
                <CustomValues custom={deal.custom} />
                {deal.lostReason && (
                  <Text size="xs" c="red.8">
                    {t('pipelines.tab.lostBecause', { reason: deal.lostReason })}
                  </Text>
                )}
              </Stack>
              {deal.status === 'open' && (
                <Select
                  aria-label={t('pipelines.tab.stage', { name: deal.name })}
                  size="xs"

                  allowDeselect={false}
                  data={(pipeline?.stages ?? [deal.stage]).map((s) => ({ value: s.id, label: s.name }))}
                  value={deal.stageId}
                  onChange={(stageId) => stageId && change.mutate({ deal, input: { stageId } })}
                />
              )}
            </Stack>
          </Paper>
        );
      })}
      <OpportunityFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        contact={{ id: contact.id, displayName: contact.displayName }}
      />
      {editing && <OpportunityFormModal opened onClose={() => setEditing(null)} opportunity={editing} />}
      {losing && (
        <LostReasonModal
          opened
          dealName={losing.name}
          pending={change.isPending}
          error={change.error}
          onCancel={() => setLosing(null)}
          onConfirm={(lostReason) => change.mutate({ deal: losing, input: { status: 'lost', lostReason } })}
        />
      )}
    </Stack>
  );
}

/** The number beside the tab's label: open deals. */
export function useOpenDealCount(contact: ContactProfile): number | undefined {
  const deals = useQuery(contactOpportunitiesQuery(contact.id));
  const open = deals.data?.filter((o) => o.status === 'open').length;
  return open ? open : undefined;
}
