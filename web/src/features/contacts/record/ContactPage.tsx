// The contact page (/contacts/$contactId): three areas — the left panel with identity and every field, the
// conversation thread with its composer in the centre, and the tabs of contactTabs.tsx on the right (the selected
// one kept in ?tab=). Below the large breakpoint the thread becomes the first tab.
import { Anchor, Badge, Box, EmptyState, Group, Paper, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconChevronRight, IconMessages, IconUserQuestion } from '@tabler/icons-react';
import { useNavigate, useRouter } from '@tanstack/react-router';
import { useCallback, useContext, useEffect, useState, type MouseEvent } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import { ButtonLink } from '../../../components/links.tsx';
import { LoadError } from '../../../components/QueryStatus.tsx';
import { ApiError } from '../../../lib/api.ts';
import { ComposerControl, ComposerRequestContext } from '../../conversations/ComposerControl.tsx';
import type { ComposerChannel } from '../../conversations/conversations.api.ts';
import { Thread, type ComposerRequest } from '../../conversations/Thread.tsx';
import { useContact, type ContactProfile } from '../contact.api.ts';
import { ContactPageProvider } from './ContactContext.tsx';
import classes from './ContactPage.module.css';
import { contactTabs, type ContactTab } from './contactTabs.tsx';
import { MergeBanner } from '../../merge/MergeBanner.tsx';
import { ArchivedBanner } from './header/ArchivedBanner.tsx';
import { LeftPanel } from './LeftPanel.tsx';
import { listOrigin } from './listOrigin.ts';
import { isPlainClick } from '../../../lib/hooks.ts';

function TopBar({ contact, title }: { contact?: ContactProfile; title?: string }) {
  const { t } = useTranslation();
  const router = useRouter();
  const [listHref] = useState(listOrigin);
  const toList = (e: MouseEvent) => {
    if (!isPlainClick(e)) return;
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
        <section className={`${classes.centre} ${classes.centreSkeleton}`}>
          <Skeleton height={20} width={140} radius="sm" />
          {[70, 55, 80].map((w, i) => (
            <Skeleton key={i} height={64} width={`${w}%`} radius="md" ml={i % 2 ? undefined : 'auto'} />
          ))}
        </section>
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

const CONVERSATION_TAB = 'conversation';

function ConversationArea({ contact }: { contact: ContactProfile }) {
  const request = useContext(ComposerRequestContext);
  return <Thread contact={contact} request={request} editable={!contact.archivedAt} markRead />;
}

const threadTab: ContactTab = {
  value: CONVERSATION_TAB,
  labelKey: 'conversations.thread.tab',
  icon: IconMessages,
  Component: ConversationArea,
};

function MainArea({
  contact,
  tab,
  thread,
}: {
  contact: ContactProfile;
  tab?: string;
  /** Below the large breakpoint the thread is a tab of its own, the first. */
  thread: ContactTab | null;
}) {
  const { t: translate } = useTranslation();
  const navigate = useNavigate();
  const tabs = thread ? [thread, ...contactTabs] : contactTabs;
  const selected = tabs.find((t) => t.value === tab) ?? contactTabs[0]!;
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
            {tabs.map((t) => {
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
          {tabs.map((t) => (
            <Tabs.Panel key={t.value} value={t.value} className={t === thread ? classes.threadPanel : undefined}>
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
  const navigate = useNavigate();
  // Three areas need the width of a large screen; below it the thread is a tab.
  const wide = useMediaQuery('(min-width: 75em)', true, { getInitialValueInEffect: false });
  const [request, setRequest] = useState<ComposerRequest | null>(null);
  const openComposer = useCallback(
    (channel: ComposerChannel) => {
      setRequest((r) => ({ channel, n: (r?.n ?? 0) + 1 }));
      if (!wide) {
        void navigate({
          to: '/contacts/$contactId',
          params: { contactId },
          search: { tab: CONVERSATION_TAB },
          replace: true,
        });
      }
    },
    [wide, navigate, contactId],
  );

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
      <ComposerControl.Provider value={openComposer}>
        <ComposerRequestContext.Provider value={request}>
          <div className={classes.page} data-testid="contact-page" data-contact-id={contact.data.id}>
            <TopBar contact={contact.data} />
            <MergeBanner contact={contact.data} />
            <ArchivedBanner />
            <div className={classes.areas}>
              <LeftPanel />
              {wide && (
                <section className={classes.centre} aria-label={t('conversations.thread.title')}>
                  <ConversationArea contact={contact.data} />
                </section>
              )}
              <MainArea contact={contact.data} tab={tab} thread={wide ? null : threadTab} />
            </div>
          </div>
        </ComposerRequestContext.Provider>
      </ComposerControl.Provider>
    </ContactPageProvider>
  );
}
