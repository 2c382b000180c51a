// Settings › Pipelines (admins): pipelines and their stages — name, win probability, rotting days — with
// stages reordered by dragging their handle (@dnd-kit: mouse, touch or keyboard). A stage holding deals is deleted by moving them to another.
import { DndContext, closestCenter, type DragEndEvent } from '@dnd-kit/core';
import {
  SortableContext,
  arrayMove,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { LazyModal } from '../../components/LazyModal.tsx';
import { IconGripVertical, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { useSession } from '../auth/useSession.ts';
import { useDragSensors } from './boardDnd.ts';
import {
  addStage,
  createPipeline,
  deletePipeline,
  deleteStage,
  pipelinesQuery,
  renamePipeline,
  reorderStages,
  updateStage,
  type PipelineDto,
  type StageDto,
} from './pipelines.api.ts';

type Dialog =
  | { kind: 'pipeline'; pipeline?: PipelineDto }
  | { kind: 'stage'; pipeline: PipelineDto; stage?: StageDto }
  | { kind: 'deleteStage'; pipeline: PipelineDto; stage: StageDto }
  | { kind: 'deletePipeline'; pipeline: PipelineDto };

export function PipelinesSettingsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const pipelines = useQuery(pipelinesQuery);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const admin = user.role === 'admin';
  return (
    <>
      <PageHeader
        title={t('pipelines.settings.title')}
        description={t('pipelines.settings.description')}
        actions={
          admin && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'pipeline' })}>
              {t('pipelines.settings.newPipeline')}
            </Button>
          )
        }
      />
      {pipelines.isError && <LoadError error={pipelines.error} onRetry={() => void pipelines.refetch()} />}
      {pipelines.isPending && <LoadingRows />}
      {pipelines.data?.length === 0 && (
        <Paper withBorder p="xl">
          <Text c="dimmed" ta="center">
            {t('pipelines.settings.empty')}
          </Text>
        </Paper>
      )}
      <Stack gap="lg">
        {pipelines.data?.map((p) => (
          <PipelineSection key={p.id} pipeline={p} admin={admin} open={setDialog} />
        ))}
      </Stack>
      {!admin && (
        <Text size="sm" c="dimmed" mt="md">
          {t('pipelines.settings.adminsOnly')}
        </Text>
      )}
      {dialog && <SettingsDialog dialog={dialog} onClose={() => setDialog(null)} />}
    </>
  );
}

function PipelineSection({ pipeline, admin, open }: { pipeline: PipelineDto; admin: boolean; open(d: Dialog): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sensors = useDragSensors(sortableKeyboardCoordinates);
  const reorder = useMutation({
    mutationFn: (ids: string[]) => reorderStages(pipeline, ids),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['pipelines'] }),
  });
  const ids = pipeline.stages.map((s) => s.id);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    reorder.mutate(arrayMove(ids, ids.indexOf(String(active.id)), ids.indexOf(String(over.id))));
  };
  return (
    <Paper withBorder p="md" data-testid={`pipeline-${pipeline.name}`}>
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={3} fz="h4">
            {pipeline.name}
          </Title>
          <Text size="xs" c="dimmed">
            {t('pipelines.settings.summary', { stages: pipeline.stages.length, count: pipeline.opportunityCount })}
          </Text>
        </div>
        {admin && (
          <Group gap="xs">
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => open({ kind: 'stage', pipeline })}
            >
              {t('pipelines.settings.addStage')}
            </Button>
            <Tooltip label={t('pipelines.settings.rename')}>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('pipelines.settings.rename')}
                onClick={() => open({ kind: 'pipeline', pipeline })}
              >
                <IconPencil size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('pipelines.settings.deletePipeline')}>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('pipelines.settings.deletePipeline')}
                onClick={() => open({ kind: 'deletePipeline', pipeline })}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        )}
      </Group>
      {reorder.error && <ProblemAlert error={reorder.error} />}
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            {admin && <Table.Th w={32} />}
            <Table.Th>{t('pipelines.settings.stage')}</Table.Th>
            <Table.Th ta="right">{t('pipelines.settings.probability')}</Table.Th>
            <Table.Th ta="right">{t('pipelines.settings.rotting')}</Table.Th>
            <Table.Th ta="right">{t('pipelines.settings.open')}</Table.Th>
            {admin && <Table.Th w={80} />}
          </Table.Tr>
        </Table.Thead>
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={ids} strategy={verticalListSortingStrategy}>
            <Table.Tbody>
              {pipeline.stages.map((s) => (
                <StageRow key={s.id} pipeline={pipeline} stage={s} admin={admin} open={open} />
              ))}
            </Table.Tbody>
          </SortableContext>
        </DndContext>
      </Table>
    </Paper>
  );
}

/** A stage's row; admins drag it by its handle (or focus the handle, Space, arrows, Space). */
function StageRow({
  pipeline,
  stage: s,
  admin,
  open,
}: {
  pipeline: PipelineDto;
  stage: StageDto;
  admin: boolean;
  open(d: Dialog): void;
}) {
  const { t } = useTranslation();
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, transform, transition, isDragging } = useSortable({
    id: s.id,
    disabled: !admin,
  });
  return (
    <Table.Tr
      ref={setNodeRef}
      data-testid="stage-row"
      style={{
        transform: CSS.Translate.toString(transform),
        transition,
        opacity: isDragging ? 0.6 : 1,
        position: 'relative',
        zIndex: isDragging ? 1 : undefined,
        background: isDragging ? 'var(--mantine-color-body)' : undefined,
      }}
    >
      {admin && (
        <Table.Td>
          <ActionIcon
            ref={setActivatorNodeRef}
            variant="subtle"
            color="gray"
            size="sm"
            style={{ cursor: 'grab', touchAction: 'none' }}
            {...attributes}
            {...listeners}
            aria-label={t('pipelines.settings.dragStage', { name: s.name })}
          >
            <IconGripVertical size={16} />
          </ActionIcon>
        </Table.Td>
      )}
      <Table.Td fw={500}>{s.name}</Table.Td>
      <Table.Td ta="right">{s.probability} %</Table.Td>
      <Table.Td ta="right">
        {s.rottingDays === null ? '—' : t('pipelines.settings.days', { count: s.rottingDays })}
      </Table.Td>
      <Table.Td ta="right">{s.openCount}</Table.Td>
      {admin && (
        <Table.Td>
          <Group gap={4} justify="flex-end" wrap="nowrap">
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('pipelines.settings.editStage', { name: s.name })}
              onClick={() => open({ kind: 'stage', pipeline, stage: s })}
            >
              <IconPencil size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('pipelines.settings.deleteStage', { name: s.name })}
              onClick={() => open({ kind: 'deleteStage', pipeline, stage: s })}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function SettingsDialog({ dialog, onClose }: { dialog: Dialog; onClose(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const stage = dialog.kind === 'stage' ? dialog.stage : undefined;
  const [name, setName] = useState(
    dialog.kind === 'pipeline' ? (dialog.pipeline?.name ?? '') : dialog.kind === 'stage' ? (stage?.name ?? '') : '',
  );
  const [probability, setProbability] = useState<number | string>(stage?.probability ?? 50);
  const [rotting, setRotting] = useState<number | string>(stage?.rottingDays ?? '');
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async () => {
      switch (dialog.kind) {
        case 'pipeline':
          return dialog.pipeline ? renamePipeline(dialog.pipeline, name.trim()) : createPipeline({ name: name.trim() });
        case 'stage': {
          const input = {
            name: name.trim(),
            probability: Number(probability) || 0,
            rottingDays: rotting === '' ? null : Number(rotting),
          };
          return stage ? updateStage(dialog.pipeline, stage.id, input) : addStage(dialog.pipeline, input);
        }
        case 'deleteStage':
          return deleteStage(dialog.pipeline, dialog.stage.id, moveTo ?? undefined);
        case 'deletePipeline':
          return deletePipeline(dialog.pipeline);
      }
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['pipelines'] });
      onClose();
    },
  });
  const title =
    dialog.kind === 'pipeline'
      ? dialog.pipeline
        ? t('pipelines.settings.renameTitle')
        : t('pipelines.settings.newPipeline')
      : dialog.kind === 'stage'
        ? stage
          ? t('pipelines.settings.editStageTitle')
          : t('pipelines.settings.addStage')
        : dialog.kind === 'deleteStage'
          ? t('pipelines.settings.deleteStageTitle', { name: dialog.stage.name })
          : t('pipelines.settings.deletePipelineTitle', { name: dialog.pipeline.name });
  const inUse = dialog.kind === 'deleteStage' && dialog.stage.openCount > 0;
  return (
    <LazyModal opened onClose={onClose} title={title}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          {(dialog.kind === 'pipeline' || dialog.kind === 'stage') && (
            <TextInput
              label={t('pipelines.settings.name')}
              required
              data-autofocus
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
          )}
          {dialog.kind === 'stage' && (
            <Group grow>
              <NumberInput
                label={t('pipelines.settings.probability')}
                min={0}
                max={100}
                suffix=" %"
                value={probability}
                onChange={setProbability}
              />
              <NumberInput
                label={t('pipelines.settings.rotting')}
                description={t('pipelines.settings.rottingHint')}
                min={1}
                max={3650}
                value={rotting}
                onChange={setRotting}
              />
            </Group>
          )}
          {dialog.kind === 'deleteStage' && (
            <>
              <Text size="sm">{t('pipelines.settings.deleteStageText')}</Text>
              <Select
                label={t('pipelines.settings.moveTo')}
                description={t('pipelines.settings.moveToHint')}
                data={dialog.pipeline.stages
                  .filter((s) => s.id !== dialog.stage.id)
                  .map((s) => ({ value: s.id, label: s.name }))}
                value={moveTo}
                onChange={setMoveTo}
                required={inUse}
                clearable
              />
            </>
          )}
          {dialog.kind === 'deletePipeline' && <Text size="sm">{t('pipelines.settings.deletePipelineText')}</Text>}
          {save.error && <ProblemAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('pipelines.cancel')}
            </Button>
            <Button
              type="submit"
              color={dialog.kind.startsWith('delete') ? 'red' : undefined}
              loading={save.isPending}
              disabled={(dialog.kind === 'pipeline' || dialog.kind === 'stage') && !name.trim()}
            >
              {dialog.kind.startsWith('delete') ? t('pipelines.settings.delete') : t('pipelines.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </LazyModal>
  );
}
