// Import: upload a CSV or vCard file (it opens on its own page to map, preview and run), and the imports so far.
import { Badge, Button, FileButton, Group, Paper, Progress, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { IconFileImport, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { Page } from '../../components/Page.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useSession, useUserZone } from '../auth/useSession.ts';
import { importsQuery, isActive, uploadImport, type ImportDto } from './imports.api.ts';

export const STATUS_COLORS: Record<ImportDto['status'], string> = {
  draft: 'gray',
  queued: 'blue',
  running: 'blue',
  completed: 'teal',
  cancelled: 'orange',
  failed: 'red',
  undoing: 'grape',
  undone: 'grape',
};

export function UploadButton({ size = 'sm' }: { size?: 'sm' | 'md' }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: (file: File) => uploadImport(file, session.csrfToken),
    onSuccess: async (imp) => {
      queryClient.setQueryData(['imports', imp.id], imp);
      await queryClient.invalidateQueries({ queryKey: ['imports'], exact: true });
      await navigate({ to: '/imports/$importId', params: { importId: imp.id } });
    },
  });
  return (
    <Stack gap="xs" align="flex-start">
      <FileButton onChange={(f) => f && send.mutate(f)} accept=".csv,.tsv,.txt,.vcf,text/csv,text/vcard,text/plain">
        {(props) => (
          <Button {...props} size={size} leftSection={<IconUpload size={16} />} loading={send.isPending}>
            {t('imports.upload')}
          </Button>
        )}
      </FileButton>
      {send.error && <ProblemAlert error={send.error} title={t('imports.uploadFailed')} />}
    </Stack>
  );
}

export function ImportsPage() {
  const { t } = useTranslation();
  const zone = useUserZone();
  const list = useQuery(importsQuery);
  return (
    <Page>
      <PageHeader title={t('imports.title')} description={t('imports.description')} actions={<UploadButton />} />
      {list.isPending ? (
        <LoadingRows />
      ) : list.error ? (
        <LoadError error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <Paper withBorder p="xl" radius="md">
          <Stack align="center" gap="sm" py="lg">
            <ThemeIcon size={48} radius="xl" variant="light">
              <IconFileImport size={26} />
            </ThemeIcon>
            <Text fw={600}>{t('imports.emptyTitle')}</Text>
            <Text c="dimmed" size="sm" ta="center" maw={520}>
              {t('imports.emptyText')}
            </Text>
            <UploadButton size="md" />
          </Stack>
        </Paper>
      ) : (
        <>
          <Stack gap="sm" hiddenFrom="sm">
            {list.data.map((imp) => (
              <Paper key={imp.id} withBorder radius="md" p="md">
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <AnchorLink to="/imports/$importId" params={{ importId: imp.id }} fw={500} truncate>
                    {imp.name}
                  </AnchorLink>
                  <Badge color={STATUS_COLORS[imp.status]} variant="light" style={{ minWidth: 'max-content' }}>
                    {t(`imports.statuses.${imp.status}`)}
                  </Badge>
                </Group>
                <Text size="sm" mt={4}>
                  {imp.status === 'draft'
                    ? t('imports.notStarted')
                    : t('imports.summary', {
                        created: imp.progress.created,
                        updated: imp.progress.updated,
                        rejected: imp.progress.rejected,
                      })}
                </Text>
                <Text size="xs" c="dimmed">
                  {imp.progress.total.toLocaleString(zone.locale)} {t('imports.rows')} ·{' '}
                  {formatDateTime(imp.createdAt, zone)}
                </Text>
              </Paper>
            ))}
          </Stack>
          <Table.ScrollContainer minWidth={720} visibleFrom="sm">
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.file')}</Table.Th>
                  <Table.Th>{t('imports.status')}</Table.Th>
                  <Table.Th>{t('imports.rows')}</Table.Th>
                  <Table.Th>{t('imports.result')}</Table.Th>
                  <Table.Th>{t('imports.when')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.map((imp) => (
                  <Table.Tr key={imp.id}>
                    <Table.Td>
                      <AnchorLink to="/imports/$importId" params={{ importId: imp.id }} fw={500}>
                        {imp.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLORS[imp.status]} variant="light" style={{ minWidth: 'max-content' }}>
                        {t(`imports.statuses.${imp.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {isActive(imp) ? (
                        <Progress value={(imp.progress.done / Math.max(1, imp.progress.total)) * 100} w={120} />
                      ) : (
                        imp.progress.total.toLocaleString(zone.locale)
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {imp.status === 'draft'
                          ? t('imports.notStarted')
                          : t('imports.summary', {
                              created: imp.progress.created,
                              updated: imp.progress.updated,
                              rejected: imp.progress.rejected,
                            })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {formatDateTime(imp.createdAt, zone)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
      <Group mt="md" />
    </Page>
  );
}
