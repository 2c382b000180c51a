// Finding and merging a contact's duplicates, from its page: first the likely duplicates with why each matched,
// then the chosen contacts side by side — which one stays, and per differing field whose value it keeps.
import {
  Alert,
  Avatar,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Radio,
  ScrollArea,
  Stack,
  Table,
  Text,
  ThemeIcon,
} from '@mantine/core';
import { LazyModal } from '../../components/LazyModal.tsx';
import { notifications } from '@mantine/notifications';
import { IconArrowMerge, IconCheck, IconSearch } from '@tabler/icons-react';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { contactQuery, type ContactProfile } from '../contacts/contact.api.ts';
import { duplicatesQuery, mergeContacts, undoMerge, type DuplicateCandidate } from './merge.api.ts';
import { showUndoNotes } from './undoNotes.tsx';

/** The most contacts merged into one at a time (the API's limit). */
const MAX_MERGED = 4;

/** Fields a merge lets the user pick, with how each reads in the comparison. */
const fields: { key: string; value(c: ContactProfile): string | null }[] = [
  { key: 'firstName', value: (c) => c.firstName },
  { key: 'lastName', value: (c) => c.lastName },
  { key: 'title', value: (c) => c.title },
  { key: 'businessName', value: (c) => c.businessName },
  { key: 'birthday', value: (c) => c.birthday },
  { key: 'gender', value: (c) => c.gender },
  { key: 'registrationNumber', value: (c) => c.registrationNumber },
  { key: 'legalForm', value: (c) => c.legalForm },
  { key: 'vatId', value: (c) => c.vatId },
  { key: 'contactType', value: (c) => c.contactType },
  { key: 'language', value: (c) => c.language },
  { key: 'timezone', value: (c) => c.timezone },
  { key: 'source', value: (c) => c.source },
  { key: 'ownerId', value: (c) => c.owner.name },
  { key: 'teamId', value: (c) => c.team?.name ?? null },
];

const shown = (v: unknown): string | null =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
    ? null
    : Array.isArray(v)
      ? v.join(', ')
      : String(v);

interface Row {
  key: string;
  label: string;
  custom: boolean;
  values: (string | null)[];
}

/** The rows worth a choice: fields where at least two contacts hold different values. */
function differingRows(contacts: ContactProfile[], label: (key: string) => string): Row[] {
  const rows: Row[] = [];
  for (const f of fields) {
    const values = contacts.map(f.value);
    if (new Set(values.filter(Boolean)).size > 1) rows.push({ key: f.key, label: label(f.key), custom: false, values });
  }
  const customKeys = [...new Set(contacts.flatMap((c) => Object.keys(c.custom)))];
  for (const key of customKeys) {
    const values = contacts.map((c) => shown(c.custom[key]));
    if (new Set(values.filter(Boolean)).size > 1) {
      const def = contacts.flatMap((c) => c.fields).find((d) => d.key === key);
      rows.push({ key, label: def?.label ?? key, custom: true, values });
    }
  }
  return rows;
}

function CandidateList({
  candidates,
  selected,
  onToggle,
}: {
  candidates: DuplicateCandidate[];
  selected: string[];
  onToggle(id: string): void;
}) {
  const { t } = useTranslation();
  if (candidates.length === 0) {
    return (
      <Stack align="center" gap={6} py="lg">
        <ThemeIcon size={42} radius="xl" variant="light" color="gray">
          <IconSearch size={22} />
        </ThemeIcon>
        <Text fw={600}>{t('merge.none.title')}</Text>
        <Text size="sm" c="dimmed" ta="center" maw={420}>
          {t('merge.none.text')}
        </Text>
      </Stack>
    );
  }
  return (
    <Stack gap={6}>
      {candidates.map((c) => {
        const checked = selected.includes(c.id);
        return (
          <Group
            key={c.id}
            justify="space-between"
            wrap="nowrap"
            p="xs"
            style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
          >
            <Checkbox
              checked={checked}
              disabled={!checked && selected.length >= MAX_MERGED}
              onChange={() => onToggle(c.id)}
              aria-label={t('merge.pick', { name: c.displayName })}
              label={
                <div>
                  <Group gap={6}>
                    <Text size="sm" fw={600}>
                      {c.displayName}
                    </Text>
                    {c.archived && (
                      <Badge size="xs" color="gray" variant="light">
                        {t('merge.archived')}
                      </Badge>
                    )}
                  </Group>
                  {c.businessName && (
                    <Text size="xs" c="dimmed">
                      {c.businessName}
                    </Text>
                  )}
                  <Group gap={4} mt={4}>
                    {c.reasons.map((r) => (
                      <Badge key={r} size="xs" variant="outline" color="indigo">
                        {t(`merge.reasons.${r}`)}
                      </Badge>
                    ))}
                    {c.sharedEmails.map((e) => (
                      <Text key={e} size="xs" c="dimmed">
                        {e}
                      </Text>
                    ))}
                  </Group>
                </div>
              }
            />
            <Text size="sm" fw={600} c={c.score >= 0.6 ? 'indigo' : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
              {t('merge.match', { percent: Math.round(c.score * 100) })}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}

function Compare({
  contacts,
  survivorId,
  onSurvivor,
  choices,
  onChoose,
}: {
  contacts: ContactProfile[];
  survivorId: string;
  onSurvivor(id: string): void;
  choices: Record<string, string>;
  onChoose(key: string, id: string): void;
}) {
  const { t } = useTranslation();
  const rows = differingRows(contacts, (key) =>
    key === 'ownerId'
      ? t('merge.owner')
      : key === 'teamId'
        ? t('merge.team')
        : t(`contactPage.fields.${key}`, { defaultValue: key }),
  );

  return (
    <Stack gap="md">
      <ScrollArea type="auto">
        <Table withTableBorder withColumnBorders verticalSpacing="xs" miw={160 + contacts.length * 200}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={160} />
              {contacts.map((c) => (
                <Table.Th key={c.id}>
                  <Group gap="xs" wrap="nowrap">
                    <Avatar src={c.pictureUrl} size={28} radius="xl" name={c.displayName} color="initials" />
                    <Text size="sm" fw={600} lineClamp={1}>
                      {c.displayName}
                    </Text>
                  </Group>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {t('merge.keep')}
                </Text>
              </Table.Td>
              {contacts.map((c) => (
                <Table.Td key={c.id}>
                  <Radio
                    name="survivor"
                    checked={survivorId === c.id}
                    onChange={() => onSurvivor(c.id)}
                    label={survivorId === c.id ? t('merge.mainRecord') : t('merge.mergedIn')}
                    aria-label={t('merge.keepThis', { name: c.displayName })}
                  />
                </Table.Td>
              ))}
            </Table.Tr>
            {rows.map((row) => (
              <Table.Tr key={`${row.custom ? 'custom.' : ''}${row.key}`}>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {row.label}
                  </Text>
                </Table.Td>
                {contacts.map((c, i) => (
                  <Table.Td key={c.id}>
                    {row.values[i] ? (
                      <Radio
                        name={`field-${row.key}`}
                        checked={choices[`${row.custom ? 'custom.' : ''}${row.key}`] === c.id}
                        onChange={() => onChoose(`${row.custom ? 'custom.' : ''}${row.key}`, c.id)}
                        label={row.values[i]}
                        aria-label={t('merge.takeValue', { field: row.label, name: c.displayName })}
                      />
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('merge.noDifferences')}
        </Text>
      )}
      <Alert variant="light" color="indigo" icon={<IconArrowMerge size={18} />}>
        <List size="sm" spacing={2}>
          <List.Item>{t('merge.summary.union')}</List.Item>
          <List.Item>{t('merge.summary.moved')}</List.Item>
          <List.Item>{t('merge.summary.undo')}</List.Item>
        </List>
      </Alert>
    </Stack>
  );
}

/** Per field, the contact whose value stays: the main record's, else the first that has one. */
function defaultChoices(contacts: ContactProfile[], survivorId: string): Record<string, string> {
  const ordered = [...contacts].sort((a, b) => (a.id === survivorId ? -1 : b.id === survivorId ? 1 : 0));
  const out: Record<string, string> = {};
  for (const row of differingRows(contacts, (k) => k)) {
    const key = `${row.custom ? 'custom.' : ''}${row.key}`;
    const from = ordered.find((c) =>
      row.custom ? shown(c.custom[row.key]) : fields.find((f) => f.key === row.key)!.value(c),
    );
    if (from) out[key] = from.id;
  }
  return out;
}

export function MergeDialog({
  contact,
  preselected,
  opened,
  onClose,
}: {
  contact: ContactProfile;
  /** Contacts already chosen (from the review page): the dialog opens on the comparison. */
  preselected?: string[];
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const candidates = useQuery({ ...duplicatesQuery(contact.id), enabled: opened && !preselected });
  const [selected, setSelected] = useState<string[]>(preselected ?? []);
  const [step, setStep] = useState<'pick' | 'compare'>(preselected ? 'compare' : 'pick');
  const [survivorId, setSurvivorId] = useState(contact.id);
  const [picked, setPicked] = useState<Record<string, string>>({});
  const profiles = useQueries({
    queries: step === 'compare' ? [contact.id, ...selected].map((id) => contactQuery(id)) : [],
  });
  const loaded = profiles.length > 0 && profiles.every((p) => p.data);
  const contacts = useMemo(() => (loaded ? profiles.map((p) => p.data!) : []), [loaded, profiles]);
  const choices = useMemo(
    () => ({ ...defaultChoices(contacts, survivorId), ...picked }),
    [contacts, survivorId, picked],
  );

  const close = () => {
    setSelected([]);
    setStep('pick');
    setSurvivorId(contact.id);
    setPicked({});
    submit.reset();
    onClose();
  };

  const submit = useMutation({
    mutationFn: async () => {
      const fieldChoices: Record<string, string> = {};
      const customChoices: Record<string, string> = {};
      for (const [key, id] of Object.entries(choices)) {
        if (key.startsWith('custom.')) customChoices[key.slice(7)] = id;
        else fieldChoices[key] = id;
      }
      const ids = [contact.id, ...selected];
      return mergeContacts(queryClient, {
        survivorId,
        mergedIds: ids.filter((id) => id !== survivorId),
        fields: fieldChoices,
        custom: customChoices,
      });
    },
    onSuccess: (merge) => {
      const survivor = survivorId;
      close();
      const toast = `merged-${merge.id}`;
      notifications.show({
        id: toast,
        color: 'green',
        icon: <IconCheck size={16} />,
        autoClose: 10000,
        message: (
          <Group justify="space-between" gap="sm" wrap="nowrap">
            <span>{t('merge.done', { count: merge.merged.length, name: merge.survivor.displayName })}</span>
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => {
                notifications.hide(toast);
                void undoMerge(queryClient, merge.id).then((r) => showUndoNotes(r, merge.survivor.displayName));
              }}
            >
              {t('common.undo')}
            </Button>
          </Group>
        ),
      });
      if (survivor !== contact.id) void navigate({ to: '/contacts/$contactId', params: { contactId: survivor } });
    },
  });

  return (
    <LazyModal
      opened={opened}
      onClose={close}
      size={step === 'compare' ? 'xl' : 'lg'}
      title={
        <Text fw={600}>
          {step === 'pick' ? t('merge.title', { name: contact.displayName }) : t('merge.compareTitle')}
        </Text>
      }
    >
      {step === 'pick' ? (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('merge.intro')}
          </Text>
          {candidates.error ? (
            <LoadError error={candidates.error} onRetry={() => void candidates.refetch()} />
          ) : candidates.data ? (
            <CandidateList
              candidates={candidates.data}
              selected={selected}
              onToggle={(id) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))}
            />
          ) : (
            <LoadingRows rows={3} />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button disabled={selected.length === 0} onClick={() => setStep('compare')}>
              {t('merge.compare', { count: selected.length + 1 })}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          {loaded ? (
            <Compare
              contacts={contacts}
              survivorId={survivorId}
              onSurvivor={(id) => {
                setSurvivorId(id);
                setPicked({});
              }}
              choices={choices}
              onChoose={(key, id) => setPicked((p) => ({ ...p, [key]: id }))}
            />
          ) : (
            <LoadingRows rows={5} />
          )}
          <ProblemAlert error={submit.error} />
          <Group justify="space-between" gap="sm">
            <Button
              variant="subtle"
              onClick={() => setStep('pick')}
              disabled={submit.isPending || Boolean(preselected)}
            >
              {t('common.back')}
            </Button>
            <Group gap="sm">
              <Button variant="default" onClick={close} disabled={submit.isPending}>
                {t('common.cancel')}
              </Button>
              <Button
                leftSection={<IconArrowMerge size={16} />}
                loading={submit.isPending}
                disabled={!loaded}
                onClick={() => submit.mutate()}
              >
                {t('merge.submit', { count: selected.length + 1 })}
              </Button>
            </Group>
          </Group>
        </Stack>
      )}
    </LazyModal>
  );
}
