// Sections whose features are still being built: each says what it will hold, and offers nothing that does not work.
import { EmptyState, Paper } from '@mantine/core';
import { IconBolt, type Icon } from '@tabler/icons-react';
import { useTranslation } from './i18n.ts';
import { Page } from '../components/Page.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

/** `section` names the texts under app.placeholders. */
function SectionPlaceholder({ section, icon: SectionIcon }: { section: 'automations'; icon: Icon }) {
  const { t } = useTranslation();
  return (
    <Page>
      <PageHeader title={t(`app.nav.${section}`)} />
      <Paper withBorder py={64} px="md">
        <EmptyState
          icon={<SectionIcon size={28} stroke={1.6} />}
          variant="light"
          title={t(`app.placeholders.${section}.headline`)}
          description={t(`app.placeholders.${section}.description`)}
          maw={460}
          mx="auto"
        />
      </Paper>
    </Page>
  );
}

export function AutomationsPlaceholder() {
  return <SectionPlaceholder section="automations" icon={IconBolt} />;
}
