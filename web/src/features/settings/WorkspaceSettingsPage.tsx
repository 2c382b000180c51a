import { Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from '../../app/i18n.ts';
import { IconLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent, ReactNode } from 'react';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { formatDate } from '../../lib/format.ts';
import { splitProblem, useFormState } from '../../lib/forms.ts';
import { sessionQueryKey, useIsAdmin, useUserZone, type SessionDto } from '../auth/useSession.ts';
import { currencyOptionsList, languageOptions, timeZoneOptions } from './options.ts';
import { updateWorkspace, workspaceQuery, type WorkspaceDto } from './settings.api.ts';

const FIELDS = ['name', 'defaultLanguage', 'timezone', 'currency'] as const;

export function WorkspaceSettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const query = useQuery(workspaceQuery);
  return (
    <>
      <PageHeader title={t('settings.nav.general')} description={t('settings.workspace.description')} />
      {query.isPending ? (
        <LoadingRows />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => query.refetch()} />
      ) : isAdmin ? (
        <WorkspaceForm workspace={query.data} />
      ) : (
        <WorkspaceSummary workspace={query.data} />
      )}
    </>
  );
}

const label = (options: { value: string; label: string }[], value: string) =>
  options.find((o) => o.value === value)?.label ?? value;

/** What members see: the same settings as plain facts, with no controls that suggest they could change them. */
function WorkspaceSummary({ workspace }: { workspace: WorkspaceDto }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const facts: [string, ReactNode][] = [
    [t('auth.workspaceName'), workspace.name],
    [
      t('settings.workspace.defaultLanguage'),
      label(languageOptions(workspace.defaultLanguage), workspace.defaultLanguage),
    ],
    [t('settings.workspace.currency'), label(currencyOptionsList(workspace.currency), workspace.currency)],
    [t('settings.profile.timeZone'), label(timeZoneOptions(workspace.timezone), workspace.timezone)],
    [t('settings.created'), formatDate(workspace.createdAt, zone)],
  ];
  return (
    <Card>
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="lg" component="dl" m={0}>
          {facts.map(([term, value]) => (
            <Stack key={term} gap={4} miw={0}>
              <Text component="dt" size="sm" c="dimmed">
                {term}
              </Text>
              <Text component="dd" m={0} fw={500} style={{ overflowWrap: 'anywhere' }}>
                {value}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
        <Group gap={8} c="dimmed" wrap="nowrap">
          <IconLock size={15} stroke={1.7} />
          <Text size="sm" c="dimmed">
            {t('settings.workspace.adminsOnly')}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}

const editable = (w: WorkspaceDto) => ({
  name: w.name,
  defaultLanguage: w.defaultLanguage,
  timezone: w.timezone,
  currency: w.currency,
});

function WorkspaceForm({ workspace }: { workspace: WorkspaceDto }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: updateWorkspace,
    onSuccess: (updated) => {
      queryClient.setQueryData(workspaceQuery.queryKey, updated);
      // The header shows the workspace name from the session.
      queryClient.setQueryData<SessionDto | null>(sessionQueryKey, (s) => (s ? { ...s, workspace: updated } : s));
      notifications.show({ color: 'green', message: t('settings.workspace.saved') });
    },
  });
  const form = useFormState(editable(workspace), () => mutation.reset());
  const problem = splitProblem(mutation.error, FIELDS);
  const v = form.values;
  const changes = Object.fromEntries(FIELDS.filter((f) => v[f] !== workspace[f]).map((f) => [f, v[f]]));
  const dirty = Object.keys(changes).length > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!v.name.trim()) {
      form.setErrors({ name: t('settings.workspace.nameRequired') });
      return;
    }
    mutation.mutate(changes);
  };

  return (
    <Card component="form" onSubmit={submit} noValidate aria-label={t('settings.workspace.form')}>
      <Stack gap="md">
        <TextInput
          label={t('auth.workspaceName')}
          description={t('settings.workspace.nameHelp')}
          value={v.name}
          onChange={(e) => form.set('name')(e.currentTarget.value)}
          error={form.errors.name ?? problem.fields.name}
          maxLength={120}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('settings.workspace.defaultLanguage')}
            description={t('settings.workspace.languageHelp')}
            data={languageOptions(v.defaultLanguage)}
            value={v.defaultLanguage}
            onChange={(value) => value && form.set('defaultLanguage')(value)}
            error={problem.fields.defaultLanguage}
            allowDeselect={false}
          />
          <Select
            label={t('settings.workspace.currency')}
            description={t('settings.workspace.currencyHelp')}
            data={currencyOptionsList(v.currency)}
            value={v.currency}
            onChange={(value) => value && form.set('currency')(value)}
            error={problem.fields.currency}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('settings.workspace.noCurrency')}
          />
        </SimpleGrid>
        <Select
          label={t('settings.profile.timeZone')}
          description={t('settings.workspace.timeZoneHelp')}
          data={timeZoneOptions(v.timezone)}
          value={v.timezone}
          onChange={(value) => value && form.set('timezone')(value)}
          error={problem.fields.timezone}
          searchable
          allowDeselect={false}
          limit={100}
          nothingFoundMessage={t('settings.profile.noZone')}
        />
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="space-between" mt="xs" gap="sm">
          <Text size="xs" c="dimmed">
            Created {formatDate(workspace.createdAt, zone)}
          </Text>
          <Group gap="sm">
            {dirty && (
              <Button
                variant="default"
                onClick={() => form.setValues(editable(workspace))}
                disabled={mutation.isPending}
              >
                {t('settings.workspace.discard')}
              </Button>
            )}
            <Button type="submit" disabled={!dirty} loading={mutation.isPending}>
              {t('settings.saveChanges')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Card>
  );
}
