// Sections whose features are still being built: each says what it will hold, and offers nothing that does not work.
import { EmptyState, Paper } from '@mantine/core';
import { IconBolt, IconLayoutKanban, type Icon } from '@tabler/icons-react';
import { Page } from '../components/Page.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

function SectionPlaceholder({
  title,
  icon: SectionIcon,
  headline,
  description,
}: {
  title: string;
  icon: Icon;
  headline: string;
  description: string;
}) {
  return (
    <Page>
      <PageHeader title={title} />
      <Paper withBorder py={64} px="md">
        <EmptyState
          icon={<SectionIcon size={28} stroke={1.6} />}
          variant="light"
          title={headline}
          description={description}
          maw={460}
          mx="auto"
        />
      </Paper>
    </Page>
  );
}

export function PipelinesPlaceholder() {
  return (
    <SectionPlaceholder
      title="Pipelines"
      icon={IconLayoutKanban}
      headline="Deals moving through your stages"
      description="Opportunities on a board, from first contact to won, with the value of each stage at a glance."
    />
  );
}

export function AutomationsPlaceholder() {
  return (
    <SectionPlaceholder
      title="Automations"
      icon={IconBolt}
      headline="Work that runs on its own"
      description="Workflows that react to changes on a contact — send a message, create a task, move a deal — while you sell."
    />
  );
}
