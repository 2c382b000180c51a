// One message of a thread: an email (subject, sanitised body, attachments, delivery and open marks), a text, a
// call or an internal comment. What we send sits on the right, what arrives on the left, comments in yellow.
import { Anchor, Badge, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBrandWhatsapp,
  IconCheck,
  IconChecks,
  IconClock,
  IconEye,
  IconLock,
  IconMail,
  IconMessage,
  IconPaperclip,
  IconPhoneIncoming,
  IconPhoneOutgoing,
  IconPointer,
  type Icon,
} from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { useUserZone } from '../auth/useSession.ts';
import { formatDateTime } from '../../lib/format.ts';
import { formatBytes } from '../notes/formatBytes.ts';
import { safeNoteHtml } from '../notes/safeNoteHtml.ts';
import classes from './conversations.module.css';
import type { MessageDto } from './conversations.api.ts';

export const CHANNEL_ICONS: Record<MessageDto['channel'], Icon> = {
  email: IconMail,
  sms: IconMessage,
  whatsapp: IconBrandWhatsapp,
  call: IconPhoneOutgoing,
  comment: IconLock,
};

/** "Greta Lindqvist <greta@…>" → "Greta Lindqvist"; a bare address or number stays as it is. */
export function senderName(from: string | null): string {
  if (!from) return '';
  const name = from.match(/^\s*"?([^"<]+?)"?\s*</)?.[1];
  return name ?? from;
}

function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

function StatusMark({ message }: { message: MessageDto }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  if (message.direction !== 'outbound' || message.channel === 'call') return null;
  const at = (iso: string | null) => (iso ? formatDateTime(iso, zone) : '');
  const marks: { icon: Icon; label: string; color?: string }[] = [];
  switch (message.status) {
    case 'scheduled':
      marks.push({ icon: IconClock, label: t('conversations.status.scheduled') });
      break;
    case 'queued':
      marks.push({ icon: IconClock, label: t('conversations.status.queued') });
      break;
    case 'sent':
      marks.push({ icon: IconCheck, label: t('conversations.status.sent') });
      break;
    case 'delivered':
      marks.push({ icon: IconChecks, label: t('conversations.status.delivered') });
      break;
    case 'failed':
    case 'undelivered':
      marks.push({ icon: IconAlertTriangle, label: t(`conversations.status.${message.status}`), color: 'red' });
      break;
    case 'cancelled':
      marks.push({ icon: IconClock, label: t('conversations.status.cancelled') });
      break;
    default:
      break;
  }
  if (message.openCount > 0) {
    marks.push({
      icon: IconEye,
      label: t('conversations.status.opened', { count: message.openCount, at: at(message.openedAt) }),
      color: 'teal',
    });
  }
  if (message.clickCount > 0) {
    marks.push({
      icon: IconPointer,
      label: t('conversations.status.clicked', { count: message.clickCount, at: at(message.clickedAt) }),
      color: 'teal',
    });
  }
  return (
    <Group gap={8} wrap="wrap">
      {marks.map((m) => {
        const MarkIcon = m.icon;
        return (
          <Group key={m.label} gap={3} wrap="nowrap" c={m.color ?? 'dimmed'}>
            <MarkIcon size={13} aria-hidden />
            <Text size="xs" c={m.color ?? 'dimmed'} data-testid="message-status">
              {m.label}
            </Text>
          </Group>
        );
      })}
    </Group>
  );
}

function Attachments({ message }: { message: MessageDto }) {
  const { t, i18n } = useTranslation();
  if (message.attachments.length === 0) return null;
  return (
    <Group gap={6} mt={6} wrap="wrap">
      {message.attachments.map((a) => (
        <Button
          key={a.id}
          component="a"
          href={a.url}
          download={a.filename}
          size="compact-xs"
          variant="default"
          leftSection={<IconPaperclip size={12} />}
          title={t('conversations.thread.download', { filename: a.filename })}
        >
          {a.filename} · {formatBytes(a.size, i18n.language)}
        </Button>
      ))}
    </Group>
  );
}

function CallBody({ message }: { message: MessageDto }) {
  const { t } = useTranslation();
  const call = message.call;
  const CallIcon = message.direction === 'inbound' ? IconPhoneIncoming : IconPhoneOutgoing;
  return (
    <Stack gap={4}>
      <Group gap={6} wrap="wrap">
        <CallIcon size={16} aria-hidden />
        <Text size="sm" fw={600}>
          {t(message.direction === 'inbound' ? 'conversations.call.inbound' : 'conversations.call.outbound')}
        </Text>
        {call?.outcome && (
          <Badge size="xs" variant="light" color={call.outcome === 'answered' ? 'teal' : 'gray'}>
            {t(`conversations.outcomes.${call.outcome}`)}
          </Badge>
        )}
        {call?.durationSeconds != null && (
          <Text size="xs" c="dimmed">
            {formatDuration(call.durationSeconds)}
          </Text>
        )}
      </Group>
      {message.bodyText && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {message.bodyText}
        </Text>
      )}
      {call?.recordingUrl && (
        <Anchor href={call.recordingUrl} target="_blank" rel="noopener noreferrer" size="xs">
          {t('conversations.call.recording')}
        </Anchor>
      )}
    </Stack>
  );
}

export function MessageItem({
  message,
  onDetails,
  onCancel,
  onReply,
  cancelling,
}: {
  message: MessageDto;
  onDetails(message: MessageDto): void;
  onCancel?(message: MessageDto): void;
  onReply?(message: MessageDto): void;
  cancelling?: boolean;
}) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const html = useMemo(() => (message.bodyHtml ? safeNoteHtml(message.bodyHtml) : null), [message.bodyHtml]);
  const isComment = message.channel === 'comment';
  const isCall = message.channel === 'call';
  const outbound = message.direction === 'outbound' || message.direction === 'internal';
  const ChannelIcon = CHANNEL_ICONS[message.channel];
  const scheduled = message.status === 'scheduled';
  const who =
    message.author?.name ??
    (message.direction === 'inbound' ? senderName(message.from) : t('conversations.thread.system'));
  const when = scheduled && message.scheduledAt ? message.scheduledAt : message.createdAt;

  const bubbleClass = [
    classes.bubble,
    isComment ? classes.bubbleComment : isCall ? classes.bubbleCall : outbound ? classes.bubbleOut : '',
    scheduled ? classes.bubbleScheduled : '',
  ].join(' ');

  return (
    <div
      className={`${classes.row} ${isComment || isCall ? classes.rowCentre : outbound ? classes.rowOut : classes.rowIn}`}
      data-testid="thread-message"
      data-channel={message.channel}
      data-direction={message.direction}
    >
      <div className={bubbleClass} style={isComment || isCall ? { width: 'min(620px, 100%)' } : undefined}>
        <Group gap={6} justify="space-between" wrap="nowrap" mb={4}>
          <Group gap={6} wrap="nowrap" miw={0}>
            <Tooltip label={t(`conversations.channels.${message.channel}`)}>
              <ChannelIcon
                size={14}
                color="var(--mantine-color-dimmed)"
                aria-label={t(`conversations.channels.${message.channel}`)}
              />
            </Tooltip>
            <Text size="xs" fw={600} truncate="end" title={message.from ?? undefined}>
              {who}
            </Text>
            {isComment && (
              <Badge size="xs" color="yellow" variant="light">
                {t('conversations.thread.internal')}
              </Badge>
            )}
            {scheduled && (
              <Badge size="xs" color="grape" variant="light">
                {t('conversations.thread.scheduledFor', { when: formatDateTime(when, zone) })}
              </Badge>
            )}
          </Group>
          <Anchor
            component="button"
            type="button"
            size="xs"
            c="dimmed"
            onClick={() => onDetails(message)}
            title={t('conversations.thread.details')}
            style={{ whiteSpace: 'nowrap' }}
          >
            {formatDateTime(message.createdAt, zone)}
          </Anchor>
        </Group>
        {message.channel === 'email' && message.subject && (
          <Text size="sm" fw={600} mb={4} data-testid="message-subject">
            {message.subject}
          </Text>
        )}
        {isCall ? (
          <CallBody message={message} />
        ) : html ? (
          <div className={classes.emailBody} dangerouslySetInnerHTML={{ __html: html }} />
        ) : (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {message.bodyText}
          </Text>
        )}
        <Attachments message={message} />
        {message.errorCode && (
          <Text size="xs" c="red" mt={4}>
            {t('conversations.thread.error', { reason: message.errorMessage ?? message.errorCode })}
          </Text>
        )}
        <Group gap="xs" justify="space-between" mt={4} wrap="wrap">
          <StatusMark message={message} />
          <Group gap={4}>
            {scheduled && onCancel && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => onCancel(message)}
                loading={cancelling}
              >
                {t('conversations.thread.cancel')}
              </Button>
            )}
            {message.channel === 'email' && message.direction === 'inbound' && onReply && (
              <Button size="compact-xs" variant="subtle" onClick={() => onReply(message)}>
                {t('conversations.thread.reply')}
              </Button>
            )}
          </Group>
        </Group>
      </div>
    </div>
  );
}
