// One import, step by step on one page: map the columns (auto-mapped; any column to any field, a new custom
// field made on the spot, saved mappings), preview the first rows as they will be stored with each problem under
// its cell, choose the options, run with a live progress bar, then the result: counts, the rejected rows to
// download, undo.
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { LazyModal } from '../../components/LazyModal.tsx';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconArrowBackUp, IconDownload, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { JobProgress } from '../../components/JobProgress.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { Page } from '../../components/Page.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { useIsAdmin, useUserZone } from '../auth/useSession.ts';
import { createCustomField, customFieldsQuery } from '../settings/contactLibrary.api.ts';
import { teamsQuery, usersQuery } from '../settings/settings.api.ts';
import {
  applyMapping,
  cancelImport,
  importQuery,
  isActive,
  keptQuery,
  mappingsQuery,
  previewQuery,
  rejectsUrl,
  saveMapping,
  startImport,
  targetsQuery,
  undoImport,
  updateImport,
  type ImportDto,
  type ImportOptionsDto,
} from './imports.api.ts';
import { STATUS_COLORS } from './ImportsPage.tsx';

const NEW_FIELD = '__new_field__';
const targetKey = (target: string) => `imports.targets.${target.replace('.', '_')}`;

export function ImportPage({ importId }: { importId: string }) {
  const { t } = useTranslation();
  const query = useQuery(importQuery(importId));
  if (query.isPending)
    return (
      <Page>
        <LoadingRows />
      </Page>
    );
  if (query.error)
    return (
      <Page>
        <LoadError error={query.error} onRetry={() => query.refetch()} />
      </Page>
    );
  const imp = query.data;
  const format = t('imports.format', {
    rows: imp.progress.total,
    kind: imp.format.kind === 'vcard' ? 'vCard' : 'CSV',
    encoding: imp.format.encoding.toUpperCase(),
    delimiter: imp.format.delimiter ? t(`imports.delimiters.${delimiterName(imp.format.delimiter)}`) : '',
  });
  return (
    <Page size={1280}>
      <AnchorLink to="/imports" size="sm">
        {t('imports.back')}
      </AnchorLink>
      <PageHeader
        title={imp.name}
        description={format}
        actions={
          <Badge size="lg" color={STATUS_COLORS[imp.status]} variant="light">
            {t(`imports.statuses.${imp.status}`)}
          </Badge>
        }
      />
      {imp.status === 'draft' ? <Setup imp={imp} /> : <Run imp={imp} />}
    </Page>
  );
}

const delimiterName = (d: string) => (d === '\t' ? 'tab' : d === ';' ? 'semicolon' : 'comma');

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg">
      <Title order={2} fz="h4" mb={4}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed" mb="md">
          {description}
        </Text>
      )}
      {children}
    </Paper>
  );
}

function useImportWrite<T>(imp: ImportDto, fn: (input: T) => Promise<ImportDto>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (saved) => {
      queryClient.setQueryData(['imports', imp.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['imports'], exact: true });
    },
  });
}

// ── Before the run ───────────────────────────────────────────────────────────────────────────────

function Setup({ imp }: { imp: ImportDto }) {
  const { t } = useTranslation();
  const start = useImportWrite(imp, () => startImport(imp));
  return (
    <Stack gap="lg">
      <MappingSection imp={imp} />
      <PreviewSection imp={imp} />
      <OptionsSection imp={imp} />
      {start.error && <ProblemAlert error={start.error} />}
      <Group justify="flex-end">
        <Button
          size="md"
          leftSection={<IconPlayerPlay size={18} />}
          loading={start.isPending}
          onClick={() => start.mutate(undefined)}
        >
          {t('imports.start', { count: imp.progress.total })}
        </Button>
      </Group>
    </Stack>
  );
}

function MappingSection({ imp }: { imp: ImportDto }) {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const targets = useQuery(targetsQuery);
  const fields = useQuery(customFieldsQuery);
  const preview = useQuery(previewQuery(imp));
  const mappings = useQuery(mappingsQuery);
  const queryClient = useQueryClient();
  const [newFieldFor, setNewFieldFor] = useState<number | null>(null);
  const [saveOpened, save] = useDisclosure(false);
  const setTarget = useImportWrite(imp, ({ column, target }: { column: number; target: string | null }) =>
    updateImport(imp, {
      mapping: imp.mapping.map((m) => ({ column: m.column, target: m.column === column ? target : m.target })),
    }),
  );
  const apply = useImportWrite(imp, (mappingId: string) => applyMapping(imp, mappingId));
  const sample = preview.data?.rows[0]?.cells;
  const data = [
    {
      group: t('imports.standardFields'),
      items: (targets.data ?? []).map((v) => ({ value: v, label: t(targetKey(v)) })),
    },
    {
      group: t('imports.customFields'),
      items: [
        ...(fields.data ?? [])
          .filter((f) => f.type !== 'file')
          .map((f) => ({ value: `custom.${f.key}`, label: f.label })),
        ...(isAdmin ? [{ value: NEW_FIELD, label: t('imports.newField') }] : []),
      ],
    },
  ];
  return (
    <Section title={t('imports.mappingTitle')} description={t('imports.mappingText')}>
      <Group gap="sm" mb="md" wrap="wrap">
        <Select
          placeholder={t('imports.applySaved')}
          aria-label={t('imports.applySaved')}
          data={(mappings.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
          disabled={!mappings.data?.length}
          value={null}
          onChange={(id) => id && apply.mutate(id)}
          w={320}
        />
        <Button variant="default" onClick={save.open}>
          {t('imports.saveMapping')}
        </Button>
      </Group>
      {(setTarget.error || apply.error) && <ProblemAlert error={setTarget.error ?? apply.error} />}
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="32%">{t('imports.column')}</Table.Th>
              <Table.Th w="30%">{t('imports.firstValue')}</Table.Th>
              <Table.Th>{t('imports.importAs')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {imp.mapping.map((m) => (
              <Table.Tr key={m.column}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {m.header || t('imports.unnamed', { n: m.column + 1 })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" lineClamp={1}>
                    {sample?.[m.column] ?? ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={t('imports.importAsFor', { column: m.header })}
                    placeholder={t('imports.dontImport')}
                    data={data}
                    value={m.target}
                    clearable
                    searchable
                    nothingFoundMessage={t('imports.noTarget')}
                    onChange={(v) => {
                      if (v === NEW_FIELD) setNewFieldFor(m.column);
                      else setTarget.mutate({ column: m.column, target: v });
                    }}
                    size="xs"
                    maw={300}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <NewFieldDialog
        header={newFieldFor === null ? '' : (imp.mapping[newFieldFor]?.header ?? '')}
        opened={newFieldFor !== null}
        onClose={() => setNewFieldFor(null)}
        onCreated={async (key) => {
          await queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
          setTarget.mutate({ column: newFieldFor!, target: `custom.${key}` });
          setNewFieldFor(null);
        }}
      />
      <SaveMappingDialog imp={imp} opened={saveOpened} onClose={save.close} />
    </Section>
  );
}

const FIELD_TYPES = ['text', 'long_text', 'number', 'date', 'checkbox', 'email', 'phone', 'url'] as const;

function NewFieldDialog({
  header,
  opened,
  onClose,
  onCreated,
}: {
  header: string;
  opened: boolean;
  onClose(): void;
  onCreated(key: string): Promise<void>;
}) {
  const { t } = useTranslation();
  const [label, setLabel] = useState('');
  const [type, setType] = useState<(typeof FIELD_TYPES)[number]>('text');
  const create = useMutation({
    mutationFn: () =>
      createCustomField({
        label: label.trim() || header,
        type,
        entity: 'contact',
        required: false,
        appliesToAll: true,
      }),
    onSuccess: (field) => onCreated(field.key),
  });
  return (
    <LazyModal opened={opened} onClose={onClose} title={t('imports.newFieldTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <TextInput
            label={t('imports.fieldLabel')}
            placeholder={header}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            data-autofocus
          />
          <Select
            label={t('imports.fieldType')}
            data={FIELD_TYPES.map((v) => ({ value: v, label: t(`imports.fieldTypes.${v}`) }))}
            value={type}
            onChange={(v) => v && setType(v as (typeof FIELD_TYPES)[number])}
            allowDeselect={false}
          />
          {create.error && <ProblemAlert error={create.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('imports.createField')}
            </Button>
          </Group>
        </Stack>
      </form>
    </LazyModal>
  );
}

function SaveMappingDialog({ imp, opened, onClose }: { imp: ImportDto; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () => saveMapping(name.trim(), imp.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['imports', 'mappings'] });
      onClose();
    },
  });
  return (
    <LazyModal opened={opened} onClose={onClose} title={t('imports.saveMappingTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('imports.saveMappingText')}
          </Text>
          <TextInput
            label={t('imports.mappingName')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-autofocus
          />
          {save.error && <ProblemAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </LazyModal>
  );
}

const ACTION_COLORS = { create: 'teal', update: 'blue', skip: 'gray', reject: 'red' } as const;

function PreviewSection({ imp }: { imp: ImportDto }) {
  const { t } = useTranslation();
  const preview = useQuery(previewQuery(imp));
  return (
    <Section
      title={t('imports.previewTitle')}
      description={t('imports.previewText', { count: preview.data?.rows.length ?? 0 })}
    >
      {preview.isPending ? (
        <LoadingRows rows={3} />
      ) : preview.error ? (
        <LoadError error={preview.error} onRetry={() => preview.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={48}>#</Table.Th>
                <Table.Th>{t('imports.name')}</Table.Th>
                <Table.Th>{t('imports.emails')}</Table.Th>
                <Table.Th>{t('imports.phones')}</Table.Th>
                <Table.Th>{t('imports.company')}</Table.Th>
                <Table.Th>{t('imports.ownerTags')}</Table.Th>
                <Table.Th>{t('imports.action')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.data.rows.map((r) => (
                <Table.Tr key={r.rowNumber} data-testid="preview-row">
                  <Table.Td c="dimmed">{r.rowNumber}</Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {r.contact?.displayName || '—'}
                    </Text>
                    {r.problems.map((p, i) => (
                      <Text key={i} size="xs" c="red" data-testid="cell-problem">
                        <IconAlertTriangle size={12} style={{ verticalAlign: -1 }} /> {p.header ? `${p.header}: ` : ''}
                        {t(`imports.problems.${p.code}`, { defaultValue: '' }) || p.message}
                        {p.code !== 'email_taken' && p.code !== 'phone_taken' ? ` (${p.message})` : ''}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.contact?.emails.join(', ')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.contact?.phones.join(', ')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{[r.contact?.businessName, r.contact?.title].filter(Boolean).join(' · ')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.contact?.owner}</Text>
                    <Text size="xs" c="dimmed">
                      {r.contact?.tags.join(', ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={ACTION_COLORS[r.action]} variant="light" style={{ minWidth: 'max-content' }}>
                      {t(`imports.actions.${r.action}`)}
                    </Badge>
                    {r.matchedContact && (
                      <AnchorLink
                        to="/contacts/$contactId"
                        params={{ contactId: r.matchedContact.id }}
                        size="xs"
                        display="block"
                      >
                        {r.matchedContact.displayName}
                      </AnchorLink>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

function OptionsSection({ imp }: { imp: ImportDto }) {
  const { t } = useTranslation();
  const users = useQuery(usersQuery('active'));
  const teams = useQuery(teamsQuery);
  const [country, setCountry] = useState(imp.options.defaultCountry ?? '');
  const set = useImportWrite(imp, (options: Partial<ImportOptionsDto>) => updateImport(imp, { options }));
  const owner = imp.options.owner;
  const ownerValue =
    owner.type === 'user' ? `user:${owner.userId}` : owner.type === 'team' ? `team:${owner.teamId}` : 'importer';
  return (
    <Section title={t('imports.optionsTitle')}>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('imports.mode')}
          </Text>
          <SegmentedControl
            value={imp.options.mode}
            onChange={(mode) => set.mutate({ mode: mode as ImportOptionsDto['mode'] })}
            data={(['upsert', 'create', 'update'] as const).map((m) => ({ value: m, label: t(`imports.modes.${m}`) }))}
            aria-label={t('imports.mode')}
          />
          <Text size="xs" c="dimmed">
            {t(`imports.modeHelp.${imp.options.mode}`)}
          </Text>
        </Stack>
        <TagsInput
          label={t('imports.tags')}
          description={t('imports.tagsHelp')}
          value={imp.options.tags}
          onChange={(tags) => set.mutate({ tags })}
        />
        <Select
          label={t('imports.owner')}
          description={t('imports.ownerHelp')}
          value={ownerValue}
          allowDeselect={false}
          onChange={(v) => {
            if (!v) return;
            if (v === 'importer') set.mutate({ owner: { type: 'importer' } });
            else if (v.startsWith('user:')) set.mutate({ owner: { type: 'user', userId: v.slice(5) } });
            else set.mutate({ owner: { type: 'team', teamId: v.slice(5) } });
          }}
          data={[
            { group: t('imports.ownerMe'), items: [{ value: 'importer', label: t('imports.ownerImporter') }] },
            {
              group: t('imports.ownerUsers'),
              items: (users.data ?? []).map((u) => ({ value: `user:${u.id}`, label: u.name })),
            },
            {
              group: t('imports.ownerTeams'),
              items: (teams.data ?? []).map((tm) => ({
                value: `team:${tm.id}`,
                label: t('imports.roundRobin', { team: tm.name }),
              })),
            },
          ]}
        />
        <TextInput
          label={t('imports.country')}
          description={t('imports.countryHelp')}
          placeholder="DE"
          maxLength={2}
          value={country}
          onChange={(e) => setCountry(e.currentTarget.value.toUpperCase())}
          onBlur={() => {
            const next = country.trim() || null;
            if (next !== imp.options.defaultCountry) set.mutate({ defaultCountry: next });
          }}
        />
      </SimpleGrid>
      {set.error && <ProblemAlert error={set.error} />}
    </Section>
  );
}

// ── The run and after ────────────────────────────────────────────────────────────────────────────

function Run({ imp }: { imp: ImportDto }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const [undoOpened, undoDialog] = useDisclosure(false);
  const cancel = useImportWrite(imp, () => cancelImport(imp.id));
  const undo = useImportWrite(imp, () => undoImport(imp.id));
  const p = imp.progress;
  const running = imp.status === 'running' || imp.status === 'queued';
  const n = (v: number) => v.toLocaleString(zone.locale);
  return (
    <Stack gap="lg">
      <Section title={running ? t('imports.running') : t('imports.resultTitle')}>
        <JobProgress
          label={t('imports.progress')}
          done={p.done}
          total={p.total}
          running={running}
          failed={imp.status === 'failed'}
          doneText={t('imports.rowsDone', { done: n(p.done), total: n(p.total) })}
          pace={p.rowsPerSecond ? t('imports.rate', { rate: n(p.rowsPerSecond) }) : null}
          secondsLeft={p.secondsLeft}
          testId="import"
        />
        <SimpleGrid cols={{ base: 2, sm: 5 }} mt="lg">
          {(['created', 'updated', 'unchanged', 'skipped', 'rejected'] as const).map((k) => (
            <Stack key={k} gap={0}>
              <Text size="xl" fw={700} c={k === 'rejected' && p[k] > 0 ? 'red' : undefined} data-testid={`count-${k}`}>
                {n(p[k])}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`imports.counts.${k}`)}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
        {imp.error && imp.status === 'failed' && (
          <Alert color="red" mt="md" title={t('imports.failed')}>
            {imp.error}
          </Alert>
        )}
        <Group mt="lg" gap="sm">
          {running && (
            <Button
              color="red"
              variant="light"
              leftSection={<IconPlayerStop size={16} />}
              loading={cancel.isPending}
              onClick={() => cancel.mutate(undefined)}
            >
              {t('imports.cancel')}
            </Button>
          )}
          {p.rejected > 0 && (
            <Button
              component="a"
              href={rejectsUrl(imp.id)}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              {t('imports.downloadRejects', { count: p.rejected })}
            </Button>
          )}
          {['completed', 'cancelled', 'failed'].includes(imp.status) && p.created + p.updated > 0 && (
            <Button variant="default" color="red" leftSection={<IconArrowBackUp size={16} />} onClick={undoDialog.open}>
              {t('imports.undo')}
            </Button>
          )}
        </Group>
        {(cancel.error || undo.error) && <ProblemAlert error={cancel.error ?? undo.error} />}
      </Section>
      {imp.undo && <UndoResult imp={imp} />}
      <ConfirmDialog
        opened={undoOpened}
        onClose={undoDialog.close}
        title={t('imports.undoTitle')}
        confirmLabel={t('imports.undo')}
        danger
        onConfirm={async () => {
          await undo.mutateAsync(undefined);
          undoDialog.close();
        }}
      >
        {t('imports.undoText', { created: p.created, updated: p.updated })}
      </ConfirmDialog>
    </Stack>
  );
}

function UndoResult({ imp }: { imp: ImportDto }) {
  const { t } = useTranslation();
  const kept = useQuery({ ...keptQuery(imp.id), enabled: imp.status === 'undone' });
  const u = imp.undo!;
  return (
    <Section title={t('imports.undoResult')}>
      {isActive(imp) ? (
        <Text size="sm">{t('imports.undoing', { done: u.done })}</Text>
      ) : (
        <Stack gap="xs">
          <Text size="sm">{t('imports.undone', { reverted: u.reverted, kept: u.kept })}</Text>
          {(kept.data ?? []).map((k) => (
            <Text size="sm" key={k.rowNumber}>
              <AnchorLink to="/contacts/$contactId" params={{ contactId: k.contact.id }}>
                {k.contact.displayName}
              </AnchorLink>{' '}
              — {t('imports.keptBecause', { row: k.rowNumber })}
            </Text>
          ))}
        </Stack>
      )}
    </Section>
  );
}
