// A prepared export on its own page: where the "export ready" notification leads.
import { Paper } from '@mantine/core';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { Page } from '../../components/Page.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ExportStatus } from './ExportStatus.tsx';

export function ExportPage({ exportId }: { exportId: string }) {
  const { t } = useTranslation();
  return (
    <Page size={720}>
      <AnchorLink to="/contacts" size="sm">
        {t('exports.backToContacts')}
      </AnchorLink>
      <PageHeader title={t('exports.title')} description={t('exports.description')} />
      <Paper withBorder radius="md" p="lg">
        <ExportStatus exportId={exportId} />
      </Paper>
    </Page>
  );
}
