// A contact's conversation: every channel in one thread, newest last like a chat, older pages loading as you scroll
// up; a filter by channel, a message's details in a drawer, and the composer underneath. Used by the contact page
// and the Conversations page alike.
import { Button, Center, Code, Drawer, Group, Loader, Select, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMessages } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { problemMessage } from '../../components/ProblemAlert.tsx';
import { LoadError } from '../../components/QueryStatus.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useUserZone } from '../auth/useSession.ts';
import { Composer, type ComposerContact } from './Composer.tsx';
import classes from './conversations.module.css';
import {
  cancelMessage,
  messageDetailsQuery,
  threadKey,
  threadQuery,
  updateConversation,
  type ComposerChannel,
  type MessageChannel,
  type MessageDto,
} from './conversations.api.ts';
import { MessageItem } from './MessageItem.tsx';

const FILTERS: MessageChannel[] = ['email', 'sms', 'whatsapp', 'call', 'comment'];

function MessageDetails({ messageId, onClose }: { messageId: string | null; onClose(): void }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const details = useQuery({ ...messageDetailsQuery(messageId ?? ''), enabled: !!messageId });
  const d = details.data;
  return (
    <Drawer opened={!!messageId} onClose={onClose} position="right" size="lg" title={t('conversations.details.title')}>
      {details.isPending ? (
        <Loader size="sm" />
      ) : details.isError ? (
        <LoadError error={details.error} onRetry={() => details.refetch()} />
      ) : d ? (
        <Stack gap="md">
          <Table variant="vertical" withTableBorder layout="fixed">
            <Table.Tbody>
              {(
                [
                  ['channel', t(`conversations.channels.${d.channel}`)],
                  ['status', t(`conversations.status.${d.status}`)],
                  ['from', d.from],
                  ['to', d.to.join(', ')],
                  ['cc', d.cc.join(', ')],
                  ['subject', d.subject],
                  ['messageId', d.messageIdHeader],
                  ['inReplyTo', d.inReplyTo],
                  ['providerSid', d.providerSid],
                ] as const
              )
                .filter(([, v]) => v)
                .map(([k, v]) => (
                  <Table.Tr key={k}>
                    <Table.Th w={140}>{t(`conversations.details.${k}`)}</Table.Th>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{v}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
          <div>
            <Text fw={600} size="sm" mb={6}>
              {t('conversations.details.history')}
            </Text>
            {d.statusHistory.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('conversations.details.noHistory')}
              </Text>
            ) : (
              <Stack gap={4}>
                {d.statusHistory.map((s, i) => (
                  <Group key={i} gap="xs">
                    <Text size="sm" fw={500} w={120}>
                      {t(`conversations.status.${s.status}`)}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {formatDateTime(s.at, zone)}
                    </Text>
                    {s.errorCode && <Code>{s.errorCode}</Code>}
                  </Group>
                ))}
              </Stack>
            )}
          </div>
          {Object.keys(d.headers).length > 0 && (
            <div>
              <Text fw={600} size="sm" mb={6}>
                {t('conversations.details.headers')}
              </Text>
              <Table withTableBorder fz="xs" layout="fixed">
                <Table.Tbody>
                  {Object.entries(d.headers).map(([k, v]) => (
                    <Table.Tr key={k}>
                      <Table.Td w={160} ff="monospace">
                        {k}
                      </Table.Td>
                      <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                        {v}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
        </Stack>
      ) : null}
    </Drawer>
  );
}

export interface ComposerRequest {
  channel: ComposerChannel;
  /** Grows with every request, so asking twice for the same channel still focuses the composer. */
  n: number;
}

export function Thread({
  contact,
  request,
  actions,
  editable = true,
  markRead = false,
}: {
  contact: ComposerContact;
  request?: ComposerRequest | null;
  /** Shown at the right of the toolbar (the inbox's star/archive). */
  actions?: ReactNode;
  /** False for an archived contact: the thread shows, the composer does not. */
  editable?: boolean;
  /** Marks the thread read when a message from the contact shows (the contact page; the inbox does it itself). */
  markRead?: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<MessageChannel | null>(null);
  const [channel, setChannel] = useState<ComposerChannel>(request?.channel ?? 'email');
  const [replyTo, setReplyTo] = useState<MessageDto | null>(null);
  const [details, setDetails] = useState<string | null>(null);
  const thread = useInfiniteQuery(threadQuery(contact.id, filter));
  const scroller = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const lastNewest = useRef<string | null>(null);
  const heightBefore = useRef<number | null>(null);

  // A new request from the header (Email / Text / Call) switches the composer's channel.
  const [seenRequest, setSeenRequest] = useState(request);
  if (request !== seenRequest) {
    setSeenRequest(request);
    if (request) setChannel(request.channel);
  }

  // Pages come newest first, each oldest-first: the thread reads the pages backwards.
  const messages = (thread.data?.pages ?? []).toReversed().flatMap((p) => p.data);
  const newest = messages.at(-1)?.id ?? null;
  const newestInbound = messages.findLast((m) => m.direction === 'inbound')?.id ?? null;

  // Seeing what the contact wrote reads the thread: the inbox stops counting it as unread.
  useEffect(() => {
    if (!markRead || !newestInbound) return;
    updateConversation(contact.id, { unread: false })
      .then(() => queryClient.invalidateQueries({ queryKey: ['conversations'] }))
      .catch(() => undefined);
  }, [markRead, newestInbound, contact.id, queryClient]);

  // A new message at the end scrolls to it; an older page loaded above keeps what you were reading in place.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (heightBefore.current !== null) {
      el.scrollTop += el.scrollHeight - heightBefore.current;
      heightBefore.current = null;
    } else if (newest !== lastNewest.current) {
      el.scrollTop = el.scrollHeight;
    }
    lastNewest.current = newest;
  });

  useEffect(() => {
    const el = top.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && thread.hasNextPage && !thread.isFetchingNextPage) {
        heightBefore.current = scroller.current?.scrollHeight ?? null;
        void thread.fetchNextPage();
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [thread]);

  const cancel = useMutation({
    mutationFn: (m: MessageDto) => cancelMessage(m.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: threadKey(contact.id) });
      await queryClient.invalidateQueries({ queryKey: ['contact', contact.id, 'upcoming'] });
    },
    onError: (error) => notifications.show({ color: 'red', message: problemMessage(error) }),
  });

  return (
    <div className={classes.thread} data-testid="thread">
      <div className={classes.toolbar}>
        <Text fw={600} size="sm" style={{ flex: 1 }}>
          {t('conversations.thread.title')}
        </Text>
        <Select
          size="xs"
          w={170}
          aria-label={t('conversations.thread.filter')}
          data={[
            { value: 'all', label: t('conversations.thread.allChannels') },
            ...FILTERS.map((c) => ({ value: c, label: t(`conversations.channelsPlural.${c}`) })),
          ]}
          value={filter ?? 'all'}
          onChange={(v) => setFilter(!v || v === 'all' ? null : (v as MessageChannel))}
          allowDeselect={false}
        />
        {actions}
      </div>
      <div className={classes.scroller} ref={scroller} role="log" aria-label={t('conversations.thread.title')}>
        <div ref={top} />
        {thread.hasNextPage && (
          <Center>
            <Button
              size="compact-xs"
              variant="subtle"
              loading={thread.isFetchingNextPage}
              onClick={() => {
                heightBefore.current = scroller.current?.scrollHeight ?? null;
                void thread.fetchNextPage();
              }}
            >
              {t('conversations.thread.older')}
            </Button>
          </Center>
        )}
        {thread.isPending ? (
          <Center py="xl">
            <Loader size="sm" />
          </Center>
        ) : thread.isError ? (
          <LoadError error={thread.error} onRetry={() => thread.refetch()} />
        ) : messages.length === 0 ? (
          <Center py="xl" style={{ flex: 1 }}>
            <Stack align="center" gap={6} maw={340}>
              <ThemeIcon size={44} radius="xl" variant="light">
                <IconMessages size={24} />
              </ThemeIcon>
              <Text fw={600} size="sm">
                {filter ? t('conversations.thread.emptyFilteredTitle') : t('conversations.thread.emptyTitle')}
              </Text>
              <Text size="sm" c="dimmed" ta="center">
                {filter ? t('conversations.thread.emptyFilteredText') : t('conversations.thread.emptyText')}
              </Text>
            </Stack>
          </Center>
        ) : (
          messages.map((m) => (
            <MessageItem
              key={m.id}
              message={m}
              onDetails={(x) => setDetails(x.id)}
              onCancel={editable ? (x) => cancel.mutate(x) : undefined}
              cancelling={cancel.isPending && cancel.variables?.id === m.id}
              onReply={
                editable
                  ? (x) => {
                      setChannel('email');
                      setReplyTo(x);
                    }
                  : undefined
              }
            />
          ))
        )}
      </div>
      {editable && (
        <Composer
          contact={contact}
          channel={channel}
          onChannelChange={setChannel}
          replyTo={replyTo}
          onClearReply={() => setReplyTo(null)}
          autoFocusKey={request?.n}
        />
      )}
      <MessageDetails messageId={details} onClose={() => setDetails(null)} />
    </div>
  );
}
