// A pipeline's board: a column per stage with its count and value, cards dragged between stages or onto
// the Won / Lost zones (lost asks why). A move is sent with If-Match; when someone moved the card first,
// the board says so and shows the card where it really is.
import {
  DndContext,
  DragOverlay,
  useDraggable,
  useDroppable,
  type Announcements,
  type DragEndEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { ActionIcon, Alert, Badge, Box, Button, Group, Menu, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArchive, IconDotsVertical, IconThumbDown, IconTrophy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { useUserZone } from '../auth/useSession.ts';
import { jumpToNextTarget, pointerOrCenter, useDragSensors } from './boardDnd.ts';
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

type Target = { stageId: string } | { status: 'won' } | { status: 'lost' } | { status: 'abandoned' };

export function PipelineBoard({ pipeline, ownerId }: { pipeline: PipelineDto; ownerId: string | null }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const queryClient = useQueryClient();
  const board = useQuery(boardQuery(pipeline.id, ownerId));
  const [more, setMore] = useState<Record<string, { cards: OpportunityCardDto[]; nextCursor: string | null }>>({});
  const [dragging, setDragging] = useState<OpportunityCardDto | null>(null);
  const sensors = useDragSensors(jumpToNextTarget);
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

  const send = (card: OpportunityCardDto, target: Target) => {
    if ('stageId' in target) {
      if (target.stageId !== card.stageId) move.mutate({ card, input: { stageId: target.stageId } });
    } else if (target.status === 'lost') setLosing(card);
    else move.mutate({ card, input: { status: target.status } });
  };

  const targetName = (id: UniqueIdentifier | undefined) =>
    id === 'won'
      ? t('pipelines.board.won')
      : id === 'lost'
        ? t('pipelines.board.lost')
        : (pipeline.stages.find((s) => s.id === id)?.name ?? '');
  const cardName = (id: UniqueIdentifier) => allCards().find((c) => c.id === id)?.name ?? '';
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('pipelines.board.dnd.picked', { name: cardName(active.id) }),
    onDragOver: ({ active, over }) =>
      over
        ? t('pipelines.board.dnd.over', { name: cardName(active.id), target: targetName(over.id) })
        : t('pipelines.board.dnd.outside', { name: cardName(active.id) }),
    onDragEnd: ({ active, over }) =>
      over
        ? t('pipelines.board.dnd.dropped', { name: cardName(active.id), target: targetName(over.id) })
        : t('pipelines.board.dnd.cancelled', { name: cardName(active.id) }),
    onDragCancel: ({ active }) => t('pipelines.board.dnd.cancelled', { name: cardName(active.id) }),
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const card = allCards().find((c) => c.id === active.id);
    const target = over?.data.current as Target | undefined;
    if (card && target) send(card, target);
  };

  const allCards = () => [
    ...(board.data?.columns.flatMap((c) => c.cards) ?? []),
    ...Object.values(more).flatMap((m) => m.cards),
  ];

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
    <DndContext
      sensors={sensors}
      collisionDetection={pointerOrCenter}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('pipelines.board.dnd.instructions') } }}
      onDragStart={({ active }) => setDragging(allCards().find((c) => c.id === active.id) ?? null)}
      onDragCancel={() => setDragging(null)}
      onDragEnd={onDragEnd}
    >
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
            <DropTarget
              key={stage.id}
              id={stage.id}
              target={{ stageId: stage.id }}
              className={classes.column}
              label={stage.name}
              testId={`column-${stage.name}`}
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
                <BoardCard
                  key={card.id}
                  card={card}
                  dragging={dragging?.id === card.id}
                  onClose={(status) => send(card, { status })}
                />
              ))}
              {cursor && (
                <Button variant="subtle" size="xs" onClick={() => void loadMore(stage.id, cursor)}>
                  {t('pipelines.board.loadMore')}
                </Button>
              )}
            </DropTarget>
          );
        })}
      </div>
      <div className={classes.closeZones}>
        <DropTarget id="won" target={{ status: 'won' }} className={classes.zone} testId="drop-won" zone="won">
          <IconTrophy size={20} color="var(--mantine-color-teal-7)" />
          <Text size="sm" fw={600} c="teal.8">
            {t('pipelines.board.won')}
          </Text>
        </DropTarget>
        <DropTarget id="lost" target={{ status: 'lost' }} className={classes.zone} testId="drop-lost" zone="lost">
          <IconThumbDown size={20} color="var(--mantine-color-red-7)" />
          <Text size="sm" fw={600} c="red.8">
            {t('pipelines.board.lost')}
          </Text>
        </DropTarget>
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
      <DragOverlay dropAnimation={null}>{dragging && <CardBody card={dragging} />}</DragOverlay>
    </DndContext>
  );
}

/** A stage column or a Won / Lost zone: highlighted while a card is over it. */
function DropTarget({
  id,
  target,
  className,
  label,
  testId,
  zone,
  children,
}: {
  id: string;
  target: Target;
  className?: string;
  label?: string;
  testId: string;
  zone?: 'won' | 'lost';
  children: ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({ id, data: target });
  if (zone) {
    return (
      <Stack
        ref={setNodeRef}
        className={className}
        data-kind={zone}
        data-testid={testId}
        data-over={isOver || undefined}
        gap={2}
        align="center"
      >
        {children}
      </Stack>
    );
  }
  return (
    <section
      ref={setNodeRef}
      className={className}
      aria-label={label}
      data-testid={testId}
      data-over={isOver || undefined}
    >
      {children}
    </section>
  );
}

/** A card: picked up by mouse, finger or keyboard; its menu wins, loses or abandons the deal without dragging. */
function BoardCard({
  card,
  dragging,
  onClose,
}: {
  card: OpportunityCardDto;
  dragging: boolean;
  onClose(status: 'won' | 'lost' | 'abandoned'): void;
}) {
  const { t } = useTranslation();
  const { setNodeRef, attributes, listeners } = useDraggable({ id: card.id });
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      p="xs"
      radius="sm"
      className={classes.card}
      data-rotting={card.rotting || undefined}
      data-dragging={dragging || undefined}
      data-testid="opportunity-card"
      {...attributes}
      {...listeners}
      aria-roledescription={t('pipelines.board.dnd.card')}
      aria-label={card.name}
    >
      <CardBody
        card={card}
        menu={
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                aria-label={t('pipelines.board.actions', { name: card.name })}
                onPointerDown={(e) => e.stopPropagation()}
                onKeyDown={(e) => e.stopPropagation()}
              >
                <IconDotsVertical size={14} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconTrophy size={14} />} onClick={() => onClose('won')}>
                {t('pipelines.board.markWon')}
              </Menu.Item>
              <Menu.Item leftSection={<IconThumbDown size={14} />} onClick={() => onClose('lost')}>
                {t('pipelines.board.markLost')}
              </Menu.Item>
              <Menu.Item leftSection={<IconArchive size={14} />} onClick={() => onClose('abandoned')}>
                {t('pipelines.board.markAbandoned')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        }
      />
    </Paper>
  );
}

function CardBody({ card, menu }: { card: OpportunityCardDto; menu?: ReactNode }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const body = (
    <>
      <Group justify="space-between" wrap="nowrap" gap={4} align="flex-start">
        <Text size="sm" fw={600} lineClamp={2}>
          {card.name}
        </Text>
        <Group gap={2} wrap="nowrap">
          {card.rotting && (
            <Tooltip label={t('pipelines.board.rotting')}>
              <IconAlertTriangle
                size={16}
                color="var(--mantine-color-orange-6)"
                aria-label={t('pipelines.board.rotting')}
              />
            </Tooltip>
          )}
          {menu}
        </Group>
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
    </>
  );
  if (menu) return body;
  return (
    <Paper withBorder p="xs" radius="sm" shadow="md" className={classes.card} data-testid="card-overlay">
      {body}
    </Paper>
  );
}
