// The workspace's inbox (/conversations): one row per contact thread, newest activity first, filtered by unread,
// mine, starred, unmatched, archived and channel; live through the stream. A selected thread shows with the same
// thread and composer as the contact page; an unmatched message can be attached to a contact or become one.
import {
  ActionIcon,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconArchiveOff,
  IconExternalLink,
  IconInbox,
  IconMail,
  IconMailOpened,
  IconStar,
  IconStarFilled,
  IconUserPlus,
} from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ButtonLink } from '../../components/links.tsx';
import { problemMessage } from '../../components/ProblemAlert.tsx';
import { LoadError } from '../../components/QueryStatus.tsx';
import { formatRelative } from '../../lib/format.ts';
import { useUserZone } from '../auth/useSession.ts';
import { contactQuery } from '../contacts/contact.api.ts';
import { paletteSearchQuery } from '../contacts/contactList.api.ts';
import classes from './conversations.module.css';
import {
  attachMessage,
  createContactFromMessage,
  inboxQuery,
  messageDetailsQuery,
  updateConversation,
  type ConversationDto,
  type MessageChannel,
} from './conversations.api.ts';
import { CHANNEL_ICONS, MessageItem, senderName } from './MessageItem.tsx';
import { CHANNELS, INBOX_FILTERS, type InboxSearch } from './inboxSearch.ts';
import { Thread } from './Thread.tsx';

function InboxRow({ row, selected, onSelect }: { row: ConversationDto; selected: boolean; onSelect(): void }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const ChannelIcon = row.lastMessage.channel ? CHANNEL_ICONS[row.lastMessage.channel] : IconMail;
  const unread = row.unreadCount > 0;
  const name = row.contact?.displayName ?? (senderName(row.lastMessage.from) || t('conversations.inbox.unknownSender'));
  return (
    <UnstyledButton className={classes.inboxRow} onClick={onSelect} aria-current={selected} data-testid="inbox-row">
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Group gap={6} wrap="nowrap" miw={0}>
          {row.starred && (
            <IconStarFilled
              size={13}
              color="var(--mantine-color-yellow-5)"
              aria-label={t('conversations.inbox.starred')}
            />
          )}
          <Text size="sm" fw={unread ? 700 : 500} truncate="end">
            {name}
          </Text>
          {!row.contact && (
            <Badge size="xs" color="orange" variant="light">
              {t('conversations.inbox.unmatchedBadge')}
            </Badge>
          )}
        </Group>
        <Group gap={6} wrap="nowrap">
          {unread && (
            <Badge
              size="xs"
              circle={row.unreadCount < 10}
              aria-label={t('conversations.inbox.unreadCount', { count: row.unreadCount })}
            >
              {row.unreadCount}
            </Badge>
          )}
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {formatRelative(row.lastMessage.at, zone)}
          </Text>
        </Group>
      </Group>
      <Group gap={6} wrap="nowrap" mt={2}>
        <ChannelIcon size={13} color="var(--mantine-color-dimmed)" aria-hidden style={{ flex: 'none' }} />
        <Text size="xs" c={unread ? undefined : 'dimmed'} truncate="end">
          {row.lastMessage.direction === 'outbound' ? t('conversations.inbox.you') : ''}
          {row.lastMessage.preview || t('conversations.inbox.noPreview')}
        </Text>
      </Group>
    </UnstyledButton>
  );
}

function ContactThread({ contactId, row }: { contactId: string; row: ConversationDto | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const contact = useQuery(contactQuery(contactId));
  const flags = useMutation({
    mutationFn: (input: Partial<{ unread: boolean; starred: boolean; archived: boolean }>) =>
      updateConversation(contactId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['conversations'] }),
    onError: (error) => notifications.show({ color: 'red', message: problemMessage(error) }),
  });
  const { mutate } = flags;
  const unread = (row?.unreadCount ?? 0) > 0;
  // Opening a thread reads it.
  useEffect(() => {
    if (unread) mutate({ unread: false });
  }, [contactId, unread, mutate]);

  if (contact.isPending)
    return (
      <Center h="100%">
        <Loader size="sm" />
      </Center>
    );
  if (contact.isError) return <LoadError error={contact.error} onRetry={() => contact.refetch()} />;
  const c = contact.data;
  return (
    <>
      <Group
        justify="space-between"
        px="md"
        py="xs"
        style={{ borderBottom: '1px solid var(--dossier-border)' }}
        wrap="nowrap"
      >
        <Title order={2} fz="h4" lineClamp={1}>
          {c.displayName}
        </Title>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={row?.starred ? t('conversations.inbox.unstar') : t('conversations.inbox.star')}>
            <ActionIcon
              variant="subtle"
              color={row?.starred ? 'yellow' : 'gray'}
              onClick={() => mutate({ starred: !row?.starred })}
              aria-label={row?.starred ? t('conversations.inbox.unstar') : t('conversations.inbox.star')}
            >
              {row?.starred ? <IconStarFilled size={18} /> : <IconStar size={18} />}
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('conversations.inbox.markUnread')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => mutate({ unread: true })}
              aria-label={t('conversations.inbox.markUnread')}
            >
              <IconMailOpened size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={row?.archived ? t('conversations.inbox.unarchive') : t('conversations.inbox.archive')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => mutate({ archived: !row?.archived })}
              aria-label={row?.archived ? t('conversations.inbox.unarchive') : t('conversations.inbox.archive')}
            >
              {row?.archived ? <IconArchiveOff size={18} /> : <IconArchive size={18} />}
            </ActionIcon>
          </Tooltip>
          <ButtonLink
            to="/contacts/$contactId"
            params={{ contactId }}
            size="xs"
            variant="default"
            leftSection={<IconExternalLink size={14} />}
          >
            {t('conversations.inbox.openContact')}
          </ButtonLink>
        </Group>
      </Group>
      <div style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <Thread key={contactId} contact={c} editable={!c.archivedAt} />
      </div>
    </>
  );
}

function UnmatchedMessage({ messageId, onDone }: { messageId: string; onDone(contactId: string): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const message = useQuery(messageDetailsQuery(messageId));
  const [q, setQ] = useState('');
  const matches = useQuery({ ...paletteSearchQuery(q), enabled: q.trim().length > 0 });
  const [target, setTarget] = useState<string | null>(null);
  const done = async (contactId: string | null) => {
    await queryClient.invalidateQueries({ queryKey: ['conversations'] });
    if (contactId) onDone(contactId);
  };
  const attach = useMutation({
    mutationFn: (contactId: string) => attachMessage(messageId, contactId),
    onSuccess: (m) => done(m.contactId),
    onError: (error) => notifications.show({ color: 'red', message: problemMessage(error) }),
  });
  const create = useMutation({
    mutationFn: () => createContactFromMessage(messageId),
    onSuccess: (m) => done(m.contactId),
    onError: (error) => notifications.show({ color: 'red', message: problemMessage(error) }),
  });
  if (message.isPending)
    return (
      <Center h="100%">
        <Loader size="sm" />
      </Center>
    );
  if (message.isError) return <LoadError error={message.error} onRetry={() => message.refetch()} />;
  return (
    <ScrollArea h="100%">
      <Stack p="md" gap="md">
        <Paper withBorder p="md" bg="var(--dossier-panel-bg)">
          <Stack gap="xs">
            <Text fw={600}>{t('conversations.unmatched.title')}</Text>
            <Text size="sm" c="dimmed">
              {t('conversations.unmatched.text', { from: message.data.from ?? '' })}
            </Text>
            <Group gap="xs" align="flex-end" wrap="wrap">
              <Select
                label={t('conversations.unmatched.contact')}
                placeholder={t('conversations.unmatched.search')}
                searchable
                searchValue={q}
                onSearchChange={setQ}
                data={(matches.data?.data ?? []).map((c) => ({ value: c.id, label: c.displayName }))}
                value={target}
                onChange={setTarget}
                nothingFoundMessage={q ? t('conversations.unmatched.noMatch') : undefined}
                filter={({ options }) => options}
                style={{ flex: '1 1 240px' }}
              />
              <Button disabled={!target} loading={attach.isPending} onClick={() => target && attach.mutate(target)}>
                {t('conversations.unmatched.attach')}
              </Button>
              <Button
                variant="default"
                leftSection={<IconUserPlus size={16} />}
                loading={create.isPending}
                onClick={() => create.mutate()}
              >
                {t('conversations.unmatched.create')}
              </Button>
            </Group>
          </Stack>
        </Paper>
        <MessageItem message={message.data} onDetails={() => undefined} />
      </Stack>
    </ScrollArea>
  );
}

export function ConversationsPage({
  search,
  onSearchChange,
}: {
  search: InboxSearch;
  onSearchChange(next: InboxSearch): void;
}) {
  const { t } = useTranslation();
  const filter = search.filter ?? 'all';
  const inbox = useInfiniteQuery(inboxQuery(filter, search.channel ?? null));
  const rows = inbox.data?.pages.flatMap((p) => p.data) ?? [];
  const selectedRow = rows.find((r) =>
    search.message ? r.messageId === search.message : r.contact?.id === search.contact,
  );
  const hasSelection = !!(search.contact || search.message);

  useEffect(() => {
    document.title = `${t('conversations.inbox.title')} · Dossier`;
    return () => {
      document.title = 'Dossier';
    };
  }, [t]);

  return (
    <div className={classes.inbox} data-testid="conversations-page">
      <aside className={`${classes.inboxList} ${hasSelection ? classes.inboxHideOnPhone : ''}`}>
        <Stack gap="xs" p="md" style={{ borderBottom: '1px solid var(--dossier-border)' }}>
          <Title order={1} fz="h3">
            {t('conversations.inbox.title')}
          </Title>
          <Group gap={4} wrap="wrap" role="group" aria-label={t('conversations.inbox.filters')}>
            {INBOX_FILTERS.map((f) => (
              <Button
                key={f}
                size="compact-xs"
                radius="xl"
                variant={filter === f ? 'filled' : 'default'}
                onClick={() =>
                  onSearchChange({
                    ...search,
                    filter: f === 'all' ? undefined : f,
                    contact: undefined,
                    message: undefined,
                  })
                }
                aria-pressed={filter === f}
              >
                {t(`conversations.inbox.filter.${f}`)}
              </Button>
            ))}
          </Group>
          <Select
            size="xs"
            aria-label={t('conversations.inbox.channel')}
            data={[
              { value: 'all', label: t('conversations.thread.allChannels') },
              ...CHANNELS.map((c) => ({ value: c, label: t(`conversations.channelsPlural.${c}`) })),
            ]}
            value={search.channel ?? 'all'}
            onChange={(v) =>
              onSearchChange({ ...search, channel: !v || v === 'all' ? undefined : (v as MessageChannel) })
            }
            allowDeselect={false}
          />
        </Stack>
        <div className={classes.inboxRows}>
          {inbox.isPending ? (
            <Center py="xl">
              <Loader size="sm" />
            </Center>
          ) : inbox.isError ? (
            <LoadError error={inbox.error} onRetry={() => inbox.refetch()} />
          ) : rows.length === 0 ? (
            <Stack align="center" gap={6} p="xl">
              <ThemeIcon size={44} radius="xl" variant="light">
                <IconInbox size={24} />
              </ThemeIcon>
              <Text fw={600} size="sm" ta="center">
                {t(`conversations.inbox.empty.${filter}.title`)}
              </Text>
              <Text size="sm" c="dimmed" ta="center">
                {t(`conversations.inbox.empty.${filter}.text`)}
              </Text>
            </Stack>
          ) : (
            <>
              {rows.map((r) => (
                <InboxRow
                  key={r.messageId ?? r.contact?.id}
                  row={r}
                  selected={r === selectedRow}
                  onSelect={() =>
                    onSearchChange({
                      ...search,
                      contact: r.contact?.id,
                      message: r.contact ? undefined : (r.messageId ?? undefined),
                    })
                  }
                />
              ))}
              {inbox.hasNextPage && (
                <Center p="sm">
                  <Button
                    size="xs"
                    variant="subtle"
                    loading={inbox.isFetchingNextPage}
                    onClick={() => void inbox.fetchNextPage()}
                  >
                    {t('conversations.inbox.more')}
                  </Button>
                </Center>
              )}
            </>
          )}
        </div>
      </aside>
      <section className={`${classes.inboxMain} ${hasSelection ? '' : classes.inboxHideOnPhone}`}>
        {hasSelection && (
          <Button
            hiddenFrom="sm"
            variant="subtle"
            size="xs"
            onClick={() => onSearchChange({ ...search, contact: undefined, message: undefined })}
            style={{ alignSelf: 'flex-start' }}
            m="xs"
          >
            {t('conversations.inbox.back')}
          </Button>
        )}
        {search.contact ? (
          <ContactThread contactId={search.contact} row={selectedRow} />
        ) : search.message ? (
          <UnmatchedMessage
            messageId={search.message}
            onDone={(contactId) =>
              onSearchChange({ ...search, filter: undefined, message: undefined, contact: contactId })
            }
          />
        ) : (
          <Center h="100%" p="xl">
            <Stack align="center" gap={6} maw={360}>
              <ThemeIcon size={52} radius="xl" variant="light">
                <IconInbox size={28} />
              </ThemeIcon>
              <Text fw={600}>{t('conversations.inbox.pickTitle')}</Text>
              <Text size="sm" c="dimmed" ta="center">
                {t('conversations.inbox.pickText')}
              </Text>
            </Stack>
          </Center>
        )}
      </section>
    </div>
  );
}
