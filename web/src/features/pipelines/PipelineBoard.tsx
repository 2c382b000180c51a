// A pipeline's board: a column per stage with its count and value, cards dragged between stages or onto
// the Won / Lost zones (lost asks why). A move is sent with If-Match; when someone moved the card first,
// the board says so and shows the card where it really is.
import { Alert, Badge, Box, Button, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconThumbDown, IconTrophy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/links.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { useUserZone } from '../auth/useSession.ts';
import { LostReasonModal } from './LostReasonModal.tsx';
import {
  afterOpportunityChange,
  isStale,
  boardQuery,
  columnPage,
  daysSince,
  formatMoney,
  updateOpportunity,
  type OpportunityCardDto,
  type PipelineDto,
  type UpdateOpportunityInput,
} from './pipelines.api.ts';
import classes from './PipelineBoard.module.css';

type Target = { stageId: string } | { status: 'won' } | { status: 'lost' };

export function PipelineBoard({ pipeline, ownerId }: { pipeline: PipelineDto; ownerId: string | null }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const queryClient = useQueryClient();
  const board = useQuery(boardQuery(pipeline.id, ownerId));
  const [more, setMore] = useState<Record<string, { cards: OpportunityCardDto[]; nextCursor: string | null }>>({});
  const [dragging, setDragging] = useState<OpportunityCardDto | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [losing, setLosing] = useState<OpportunityCardDto | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const move = useMutation({
    mutationFn: ({ card, input }: { card: OpportunityCardDto; input: UpdateOpportunityInput }) =>
      updateOpportunity(card, input),
    onSuccess: async (saved, { input }) => {
      setLosing(null);
      if (input.status === 'won')
        notifications.show({ color: 'teal', message: t('pipelines.board.wonToast', { name: saved.name }) });
      setMore({});
      await afterOpportunityChange(queryClient, [saved.contact.id]);
    },
    onError: async (error, { card }) => {
      if (isStale(error)) {
        setNotice(t('pipelines.board.stale', { name: card.name }));
        setLosing(null);
        setMore({});
        await afterOpportunityChange(queryClient, [card.contact.id]);
      } else if (!losing) {
        notifications.show({ color: 'red', message: error.message });
      }
    },
  });

  const drop = (target: Target) => {
    const card = dragging;
    setDragging(null);
    setOver(null);
    if (!card) return;
    if ('stageId' in target) {
      if (target.stageId !== card.stageId) move.mutate({ card, input: { stageId: target.stageId } });
    } else if (target.status === 'won') move.mutate({ card, input: { status: 'won' } });
    else setLosing(card);
  };

  const dropProps = (key: string, target: Target) => ({
    'data-over': over === key || undefined,
    onDragOver: (e: DragEvent) => {
      if (!dragging) return;
      e.preventDefault();
      setOver(key);
    },
    onDragLeave: () => setOver((o) => (o === key ? null : o)),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      drop(target);
    },
  });

  if (board.isError) return <LoadError error={board.error} onRetry={() => void board.refetch()} />;
  if (!board.data) return <LoadingRows />;
  const currency = board.data.currency;
  const loadMore = async (stageId: string, cursor: string) => {
    const page = await columnPage(pipeline.id, stageId, cursor, ownerId);
    setMore((m) => ({
      ...m,
      [stageId]: { cards: [...(m[stageId]?.cards ?? []), ...page.cards], nextCursor: page.nextCursor },
    }));
  };

  return (
    <>
      {notice && (
        <Alert color="yellow" variant="light" withCloseButton onClose={() => setNotice(null)} mb="sm" role="status">
          {notice}
        </Alert>
      )}
      <div className={classes.board} role="list" aria-label={t('pipelines.board.label')}>
        {pipeline.stages.map((stage) => {
          const column = board.data.columns.find((c) => c.stageId === stage.id);
          const extra = more[stage.id];
          const cards = [...(column?.cards ?? []), ...(extra?.cards ?? [])];
          const cursor = extra ? extra.nextCursor : (column?.nextCursor ?? null);
          return (
            <section
              key={stage.id}
              className={classes.column}
              aria-label={stage.name}
              data-testid={`column-${stage.name}`}
              {...dropProps(stage.id, { stageId: stage.id })}
            >
              <Box px={4}>
                <Group justify="space-between" wrap="nowrap" gap={4}>
                  <Text fw={600} size="sm" truncate>
                    {stage.name}
                  </Text>
                  <Badge variant="light" color="gray" size="sm">
                    {stage.probability} %
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {t('pipelines.board.columnSummary', {
                    count: column?.count ?? 0,
                    value: formatMoney(column?.value ?? 0, currency, zone.locale),
                  })}
                </Text>
              </Box>
              {cards.length === 0 && (
                <Text size="xs" c="dimmed" ta="center" py="lg">
                  {t('pipelines.board.emptyColumn')}
                </Text>
              )}
              {cards.map((card) => (
                <Paper
                  key={card.id}
                  withBorder
                  p="xs"
                  radius="sm"
                  className={classes.card}
                  data-rotting={card.rotting || undefined}
                  data-dragging={dragging?.id === card.id || undefined}
                  data-testid="opportunity-card"
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer.setData('text/plain', card.id);
                    e.dataTransfer.effectAllowed = 'move';
                    setDragging(card);
                  }}
                  onDragEnd={() => {
                    setDragging(null);
                    setOver(null);
                  }}
                >
                  <Group justify="space-between" wrap="nowrap" gap={4} align="flex-start">
                    <Text size="sm" fw={600} lineClamp={2}>
                      {card.name}
                    </Text>
                    {card.rotting && (
                      <Tooltip label={t('pipelines.board.rotting')}>
                        <IconAlertTriangle
                          size={16}
                          color="var(--mantine-color-orange-6)"
                          aria-label={t('pipelines.board.rotting')}
                        />
                      </Tooltip>
                    )}
                  </Group>
                  <Text size="sm" fw={500} c="blue.8">
                    {formatMoney(card.value, card.currency, zone.locale)}
                  </Text>
                  <AnchorLink
                    to="/contacts/$contactId"
                    params={{ contactId: card.contact.id }}
                    size="xs"
                    c="dimmed"
                    truncate
                    display="block"
                    draggable={false}
                  >
                    {card.contact.displayName}
                  </AnchorLink>
                  <Group justify="space-between" gap={4} mt={4} wrap="nowrap">
                    <Text size="xs" c="dimmed" truncate>
                      {card.owner.name}
                    </Text>
                    <Text size="xs" c={card.rotting ? 'orange.8' : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
                      {t('pipelines.board.days', { count: daysSince(card.stageEnteredAt) })}
                    </Text>
                  </Group>
                </Paper>
              ))}
              {cursor && (
                <Button variant="subtle" size="xs" onClick={() => void loadMore(stage.id, cursor)}>
                  {t('pipelines.board.loadMore')}
                </Button>
              )}
            </section>
          );
        })}
      </div>
      <div className={classes.closeZones}>
        <Stack
          className={classes.zone}
          data-kind="won"
          data-testid="drop-won"
          gap={2}
          align="center"
          {...dropProps('won', { status: 'won' })}
        >
          <IconTrophy size={20} color="var(--mantine-color-teal-7)" />
          <Text size="sm" fw={600} c="teal.8">
            {t('pipelines.board.won')}
          </Text>
        </Stack>
        <Stack
          className={classes.zone}
          data-kind="lost"
          data-testid="drop-lost"
          gap={2}
          align="center"
          {...dropProps('lost', { status: 'lost' })}
        >
          <IconThumbDown size={20} color="var(--mantine-color-red-7)" />
          <Text size="sm" fw={600} c="red.8">
            {t('pipelines.board.lost')}
          </Text>
        </Stack>
      </div>
      {losing && (
        <LostReasonModal
          opened
          dealName={losing.name}
          pending={move.isPending}
          error={move.error}
          onCancel={() => setLosing(null)}
          onConfirm={(lostReason) => move.mutate({ card: losing, input: { status: 'lost', lostReason } })}
        />
      )}
    </>
  );
}
