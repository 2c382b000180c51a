// The contact page (/contacts/$contactId): the left panel with identity and every field, and the main area with
// the tabs of contactTabs.tsx (the selected one kept in ?tab=). The conversation thread joins between them later.
import { Anchor, Badge, Box, EmptyState, Group, Paper, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { IconChevronRight, IconUserQuestion } from '@tabler/icons-react';
import { useNavigate, useRouter } from '@tanstack/react-router';
import { useEffect, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../../components/links.tsx';
import { LoadError } from '../../../components/QueryStatus.tsx';
import { ApiError } from '../../../lib/api.ts';
import { useContact, type ContactProfile } from '../contact.api.ts';
import { ContactPageProvider } from './ContactContext.tsx';
import classes from './ContactPage.module.css';
import { contactTabs, type ContactTab } from './contactTabs.tsx';
import { ArchivedBanner } from './header/ArchivedBanner.tsx';
import { LeftPanel } from './LeftPanel.tsx';
import { listOrigin } from './listOrigin.ts';

function TopBar({ contact, title }: { contact?: ContactProfile; title?: string }) {
  const { t } = useTranslation();
  const router = useRouter();
  const [listHref] = useState(listOrigin);
  const toList = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    void router.navigate({ href: listHref });
  };
  return (
    <nav className={classes.topbar} aria-label={t('contactPage.page.breadcrumb')}>
      <Anchor href={listHref} onClick={toList} size="sm" c="dimmed" fw={500} data-testid="back-to-contacts">
        {t('contactPage.page.contacts')}
      </Anchor>
      <IconChevronRight size={14} color="var(--mantine-color-dimmed)" aria-hidden />
      {contact ? (
        <Group gap={6} wrap="nowrap" miw={0}>
          <Text size="sm" fw={600} truncate="end" aria-current="page">
            {contact.displayName}
          </Text>
          {contact.archivedAt && (
            <Badge size="xs" color="yellow" variant="light">
              {t('contactPage.page.archived')}
            </Badge>
          )}
        </Group>
      ) : title ? (
        <Text size="sm" fw={600} aria-current="page">
          {title}
        </Text>
      ) : (
        <Skeleton height={14} width={140} radius="sm" />
      )}
    </nav>
  );
}

function PageSkeleton() {
  const { t } = useTranslation();
  return (
    <div className={classes.page} aria-busy="true" aria-label={t('contactPage.page.loading')}>
      <TopBar />
      <div className={classes.areas}>
        <aside className={classes.left}>
          <Stack p="md" gap="md">
            <Group gap="md" wrap="nowrap">
              <Skeleton height={72} circle />
              <Stack gap={8} style={{ flex: 1 }}>
                <Skeleton height={20} width="70%" radius="sm" />
                <Skeleton height={12} width="55%" radius="sm" />
                <Skeleton height={18} width="45%" radius="sm" />
              </Stack>
            </Group>
            <Group gap={6} grow>
              <Skeleton height={30} radius="md" />
              <Skeleton height={30} radius="md" />
              <Skeleton height={30} radius="md" />
            </Group>
            {Array.from({ length: 9 }, (_, i) => (
              <Group key={i} gap="md" wrap="nowrap">
                <Skeleton height={12} width={90} radius="sm" />
                <Skeleton height={12} width={`${70 - (i % 3) * 15}%`} radius="sm" />
              </Group>
            ))}
          </Stack>
        </aside>
        <section className={classes.main}>
          <Skeleton height={34} width={280} radius="md" mb="md" />
          <Paper withBorder p="md">
            <Stack gap="lg">
              {Array.from({ length: 5 }, (_, i) => (
                <Group key={i} gap="sm" wrap="nowrap" align="flex-start">
                  <Skeleton height={32} circle />
                  <Stack gap={6} style={{ flex: 1 }}>
                    <Skeleton height={12} width={`${80 - i * 8}%`} radius="sm" />
                    <Skeleton height={10} width="30%" radius="sm" />
                  </Stack>
                </Group>
              ))}
            </Stack>
          </Paper>
        </section>
      </div>
    </div>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <div className={classes.page}>
      <TopBar title={t('contactPage.page.notFound')} />
      <Box p="xl">
        <Paper withBorder py={56} px="md" maw={560} mx="auto">
          <EmptyState
            icon={<IconUserQuestion size={28} stroke={1.6} />}
            variant="light"
            title={t('contactPage.page.notFoundTitle')}
            description={t('contactPage.page.notFoundText')}
          >
            <EmptyState.Actions>
              <ButtonLink to="/contacts" variant="default">
                {t('contactPage.page.backToContacts')}
              </ButtonLink>
            </EmptyState.Actions>
          </EmptyState>
        </Paper>
      </Box>
    </div>
  );
}

function TabCount({
  tab,
  contact,
}: {
  tab: ContactTab & { useCount: NonNullable<ContactTab['useCount']> };
  contact: ContactProfile;
}) {
  const count = tab.useCount(contact);
  if (count === undefined) return null;
  return (
    <Badge size="xs" variant="light" color="gray" circle={count < 10}>
      {count}
    </Badge>
  );
}

function MainArea({ contact, tab }: { contact: ContactProfile; tab?: string }) {
  const { t: translate } = useTranslation();
  const navigate = useNavigate();
  const selected = contactTabs.find((t) => t.value === tab) ?? contactTabs[0]!;
  const select = (value: string | null) => {
    if (!value || value === selected.value) return;
    void navigate({
      to: '/contacts/$contactId',
      params: { contactId: contact.id },
      search: value === contactTabs[0]!.value ? {} : { tab: value },
      replace: true,
    });
  };
  return (
    <section className={classes.main} aria-label={translate('contactPage.page.mainLabel')}>
      <div className={classes.mainInner}>
        <Tabs value={selected.value} onChange={select} keepMounted={false}>
          <Tabs.List mb="md" className={classes.mainTabs}>
            {contactTabs.map((t) => {
              const Icon = t.icon;
              return (
                <Tabs.Tab
                  key={t.value}
                  value={t.value}
                  leftSection={<Icon size={16} />}
                  rightSection={
                    t.useCount ? <TabCount tab={{ ...t, useCount: t.useCount }} contact={contact} /> : undefined
                  }
                >
                  {translate(t.labelKey)}
                </Tabs.Tab>
              );
            })}
          </Tabs.List>
          {contactTabs.map((t) => (
            <Tabs.Panel key={t.value} value={t.value}>
              <t.Component contact={contact} />
            </Tabs.Panel>
          ))}
        </Tabs>
      </div>
    </section>
  );
}

export function ContactPage({ contactId, tab }: { contactId: string; tab?: string }) {
  const { t } = useTranslation();
  const contact = useContact(contactId);

  useEffect(() => {
    if (contact.data) document.title = `${contact.data.displayName} · Dossier`;
    return () => {
      document.title = 'Dossier';
    };
  }, [contact.data]);

  if (contact.isPending) return <PageSkeleton />;
  if (contact.isError) {
    if (contact.error instanceof ApiError && (contact.error.status === 404 || contact.error.status === 400)) {
      return <NotFound />;
    }
    return (
      <div className={classes.page}>
        <TopBar title={t('contactPage.page.loadFailed')} />
        <Box p="xl">
          <LoadError error={contact.error} onRetry={() => contact.refetch()} />
        </Box>
      </div>
    );
  }
  return (
    <ContactPageProvider contact={contact.data}>
      <div className={classes.page} data-testid="contact-page">
        <TopBar contact={contact.data} />
        <ArchivedBanner />
        <div className={classes.areas}>
          <LeftPanel />
          <MainArea contact={contact.data} tab={tab} />
        </div>
      </div>
    </ContactPageProvider>
  );
}
