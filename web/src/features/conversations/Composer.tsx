// The composer under a thread: pick the channel (email, SMS, WhatsApp, internal comment, log a call), the
// recipient among the contact's own addresses, write (with a template), attach, send now or later. What the server
// would refuse (/messages/channels) is said in place before anything is sent.
import {
  Alert,
  Badge,
  Button,
  CloseButton,
  FileButton,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconClock, IconPaperclip, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fromPickerValue } from '../../lib/zoned.ts';
import { useIsAdmin, useSession, useUserZone } from '../auth/useSession.ts';
import { formatBytes } from '../notes/formatBytes.ts';
import { NoteBodyEditor } from '../notes/NoteBodyEditor.tsx';
import { usersQuery } from '../settings/settings.api.ts';
import classes from './conversations.module.css';
import {
  channelOptionsQuery,
  sendMessage,
  templatesQuery,
  threadKey,
  uploadMessageAttachment,
  type ChannelOptionsDto,
  type ComposerChannel,
  type CreateMessage,
  type MessageDto,
} from './conversations.api.ts';

export const COMPOSER_CHANNELS: ComposerChannel[] = ['email', 'sms', 'whatsapp', 'comment', 'call'];
const CALL_OUTCOMES = ['answered', 'no_answer', 'busy', 'voicemail', 'failed', 'other'] as const;

export interface ComposerContact {
  id: string;
  phones: { e164: string; isPrimary: boolean }[];
}

interface Attachment {
  fileId: string;
  filename: string;
  size: number;
}

/** The refusal a send on `channel` to `to` would meet, or null. */
export function refusalFor(
  options: ChannelOptionsDto | undefined,
  channel: ComposerChannel,
  to: string | null,
): string | null {
  if (!options || channel === 'comment' || channel === 'call') return null;
  const option = options[channel];
  if (option.refusal) return option.refusal;
  const address = option.addresses.find((a) => a.address === to);
  return address?.refusal ?? null;
}

function Refusal({ code, channel }: { code: string; channel: ComposerChannel }) {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  return (
    <Alert
      color={code === 'channel_not_configured' ? 'blue' : 'orange'}
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={t(`conversations.refusals.${code}.title`, {
        channel: t(`conversations.channels.${channel}`),
        defaultValue: t('conversations.refusals.other.title'),
      })}
      data-testid="composer-refusal"
      data-code={code}
    >
      <Stack gap={6}>
        <Text size="sm">
          {t(`conversations.refusals.${code}.text`, {
            channel: t(`conversations.channels.${channel}`),
            defaultValue: t('conversations.refusals.other.text', { code }),
          })}
        </Text>
        {code === 'channel_not_configured' &&
          (isAdmin ? (
            <AnchorLink to="/settings/channels" size="sm" fw={600}>
              {t('conversations.refusals.openSettings')}
            </AnchorLink>
          ) : (
            <Text size="sm" c="dimmed">
              {t('conversations.refusals.askAdmin')}
            </Text>
          ))}
      </Stack>
    </Alert>
  );
}

export function Composer({
  contact,
  channel,
  onChannelChange,
  replyTo,
  onClearReply,
  autoFocusKey,
}: {
  contact: ComposerContact;
  channel: ComposerChannel;
  onChannelChange(channel: ComposerChannel): void;
  replyTo: MessageDto | null;
  onClearReply(): void;
  /** Changes when the composer is asked for (the header's buttons): the body takes the focus. */
  autoFocusKey?: number;
}) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const zone = useUserZone();
  const queryClient = useQueryClient();
  const options = useQuery(channelOptionsQuery(contact.id));
  const templates = useQuery(templatesQuery);
  const users = useQuery({ ...usersQuery('active'), enabled: channel === 'comment' });

  const [chosen, setChosen] = useState<Partial<Record<ComposerChannel, string>>>({});
  const [subject, setSubject] = useState('');
  const [html, setHtml] = useState('');
  const [text, setText] = useState('');
  const [editorKey, setEditorKey] = useState(0);
  const [initialHtml, setInitialHtml] = useState('');
  const [pickedTemplate, setTemplateId] = useState<string | null>(null);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const [scheduling, setScheduling] = useState(false);
  const [scheduledAt, setScheduledAt] = useState<string | null>(null);
  const [callDirection, setCallDirection] = useState<'outbound' | 'inbound'>('outbound');
  const [outcome, setOutcome] = useState<(typeof CALL_OUTCOMES)[number]>('answered');
  const [minutes, setMinutes] = useState<number | string>('');
  const [problem, setProblem] = useState<unknown>(null);

  const isText = channel === 'sms' || channel === 'whatsapp';
  const addressable = channel === 'email' || isText;
  const addresses = addressable
    ? (options.data?.[channel].addresses ?? [])
    : channel === 'call'
      ? contact.phones.map((p) => ({ address: p.e164, primary: p.isPrimary, refusal: null }))
      : [];

  // The recipient: the one picked for this channel while it is still offered; else, when answering an email, its
  // sender; else the primary address (or the first).
  const replyFrom = replyTo?.from ? (replyTo.from.match(/<([^>]+)>/)?.[1] ?? replyTo.from).toLowerCase() : null;
  const offered = (address: string | null | undefined) =>
    address && addresses.some((a) => a.address === address) ? address : null;
  const to =
    offered(chosen[channel]) ??
    (channel === 'email' ? offered(replyFrom) : null) ??
    addresses.find((a) => a.primary)?.address ??
    addresses[0]?.address ??
    null;
  const setTo = (address: string | null) => setChosen((c) => ({ ...c, [channel]: address ?? undefined }));

  const refusal = refusalFor(options.data, channel, to);
  const channelTemplates = (templates.data ?? []).filter((tpl) => tpl.channel === channel);
  const templateId = channelTemplates.some((tpl) => tpl.id === pickedTemplate) ? pickedTemplate : null;

  const reset = () => {
    setSubject('');
    setHtml('');
    setText('');
    setInitialHtml('');
    setEditorKey((k) => k + 1);
    setTemplateId(null);
    setAttachments([]);
    setScheduling(false);
    setScheduledAt(null);
    setMinutes('');
    setProblem(null);
    onClearReply();
  };

  const pickTemplate = (id: string | null) => {
    setTemplateId(id);
    const tpl = channelTemplates.find((x) => x.id === id);
    if (!tpl) return;
    if (channel === 'email') {
      if (tpl.subject) setSubject(tpl.subject);
      setInitialHtml(tpl.body);
      setHtml(tpl.body);
      setEditorKey((k) => k + 1);
    } else setText(tpl.body);
  };

  const when = scheduling && scheduledAt ? fromPickerValue(scheduledAt, zone.timeZone) : null;

  const build = (): CreateMessage => {
    const later = when ? when.toISOString() : undefined;
    const fileIds = attachments.map((a) => a.fileId);
    switch (channel) {
      case 'email':
        return {
          channel,
          to: to ?? undefined,
          subject,
          bodyHtml: html,
          attachmentFileIds: fileIds,
          templateId: templateId ?? undefined,
          replyToMessageId: replyTo?.id,
          scheduledAt: later,
        };
      case 'sms':
      case 'whatsapp':
        return { channel, to: to ?? undefined, body: text, templateId: templateId ?? undefined, scheduledAt: later };
      case 'comment':
        return { channel, bodyHtml: html, attachmentFileIds: fileIds };
      case 'call':
        return {
          channel,
          direction: callDirection,
          outcome,
          durationSeconds: typeof minutes === 'number' ? Math.round(minutes * 60) : undefined,
          notes: text,
          phone: to ?? undefined,
        };
    }
  };

  const send = useMutation({
    mutationFn: () => sendMessage(contact.id, build()),
    onSuccess: async (message) => {
      reset();
      await queryClient.invalidateQueries({ queryKey: threadKey(contact.id) });
      await queryClient.invalidateQueries({ queryKey: ['conversations'] });
      await queryClient.invalidateQueries({ queryKey: ['contact', contact.id, 'upcoming'] });
      if (message.status === 'scheduled') {
        notifications.show({ color: 'grape', message: t('conversations.composer.scheduledToast') });
      }
    },
    onError: (error) => setProblem(error),
  });

  const upload = async (files: File[]) => {
    setUploading(true);
    try {
      for (const file of files) {
        const up = await uploadMessageAttachment(contact.id, file, session.csrfToken);
        setAttachments((list) => [...list, { fileId: up.fileId, filename: up.filename, size: up.size }]);
      }
    } catch (error) {
      setProblem(error);
    } finally {
      setUploading(false);
    }
  };

  const empty =
    channel === 'email'
      ? !subject.trim() && !html.replace(/<[^>]*>/g, '').trim() && !templateId
      : channel === 'comment'
        ? !html.replace(/<[^>]*>/g, '').trim()
        : channel === 'call'
          ? false
          : !text.trim() && !templateId;
  const blocked = refusal !== null || (addressable && !to && !options.isPending);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (blocked || empty || send.isPending) return;
    send.mutate();
  };

  const sendLabel =
    channel === 'comment'
      ? t('conversations.composer.addComment')
      : channel === 'call'
        ? t('conversations.composer.logCall')
        : when
          ? t('conversations.composer.schedule')
          : t('conversations.composer.send');

  return (
    <form
      className={classes.composer}
      onSubmit={submit}
      aria-label={t('conversations.composer.label')}
      data-testid="composer"
    >
      <Stack gap="xs">
        <SegmentedControl
          size="xs"
          value={channel}
          onChange={(v) => {
            setProblem(null);
            onChannelChange(v as ComposerChannel);
          }}
          data={COMPOSER_CHANNELS.map((c) => ({ value: c, label: t(`conversations.composer.channels.${c}`) }))}
          aria-label={t('conversations.composer.channel')}
          fullWidth
        />
        {replyTo && channel === 'email' && (
          <Group gap={6} wrap="nowrap">
            <Badge variant="light" size="sm" style={{ textTransform: 'none', minWidth: 0 }}>
              {t('conversations.composer.replyingTo', { subject: replyTo.subject ?? '' })}
            </Badge>
            <CloseButton size="sm" onClick={onClearReply} aria-label={t('conversations.composer.stopReply')} />
          </Group>
        )}
        {(addressable || channel === 'call') && (
          <Group gap="xs" wrap="wrap" align="flex-end">
            <Select
              size="xs"
              label={channel === 'call' ? t('conversations.composer.number') : t('conversations.composer.to')}
              data={addresses.map((a) => ({ value: a.address, label: a.address }))}
              value={to}
              onChange={setTo}
              allowDeselect={false}
              placeholder={t('conversations.composer.noAddress')}
              disabled={addresses.length === 0}
              style={{ flex: '1 1 200px' }}
            />
            {addressable && channelTemplates.length > 0 && (
              <Select
                size="xs"
                label={t('conversations.composer.template')}
                placeholder={t('conversations.composer.noTemplate')}
                data={channelTemplates.map((tpl) => ({ value: tpl.id, label: tpl.name }))}
                value={templateId}
                onChange={pickTemplate}
                clearable
                style={{ flex: '1 1 160px' }}
              />
            )}
          </Group>
        )}
        {refusal && <Refusal code={refusal} channel={channel} />}
        {channel === 'email' && !refusal && (
          <TextInput
            size="xs"
            label={t('conversations.composer.subject')}
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            disabled={refusal !== null}
          />
        )}
        {/* Email's editor waits for the channel's options: built before them, it was thrown away at once whenever email
            turned out not to be set up. */}
        {(channel === 'comment' || (channel === 'email' && !options.isPending && !refusal)) && (
          <div
            aria-label={t('conversations.composer.body')}
            data-testid="composer-body"
            className={classes.composerBody}
          >
            <NoteBodyEditor
              key={`${channel}-${editorKey}-${autoFocusKey ?? 0}`}
              initialHtml={initialHtml}
              users={channel === 'comment' ? (users.data ?? []) : []}
              onChange={(value) => setHtml(value)}
            />
          </div>
        )}
        {isText && !refusal && (
          <Textarea
            aria-label={t('conversations.composer.body')}
            placeholder={t('conversations.composer.textPlaceholder')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            rows={3}
            resize="vertical"
            disabled={refusal !== null}
            description={t('conversations.composer.characters', { count: text.length })}
            data-testid="composer-text"
          />
        )}
        {channel === 'call' && (
          <>
            <Group gap="xs" wrap="wrap" align="flex-end">
              <SegmentedControl
                size="xs"
                value={callDirection}
                onChange={(v) => setCallDirection(v as 'outbound' | 'inbound')}
                data={[
                  { value: 'outbound', label: t('conversations.call.outbound') },
                  { value: 'inbound', label: t('conversations.call.inbound') },
                ]}
              />
              <Select
                size="xs"
                label={t('conversations.composer.outcome')}
                data={CALL_OUTCOMES.map((o) => ({ value: o, label: t(`conversations.outcomes.${o}`) }))}
                value={outcome}
                onChange={(v) => v && setOutcome(v as (typeof CALL_OUTCOMES)[number])}
                allowDeselect={false}
                w={160}
              />
              <NumberInput
                size="xs"
                label={t('conversations.composer.minutes')}
                value={minutes}
                onChange={setMinutes}
                min={0}
                max={1440}
                decimalScale={1}
                w={110}
              />
            </Group>
            <Textarea
              aria-label={t('conversations.composer.callNotes')}
              placeholder={t('conversations.composer.callNotes')}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              rows={3}
              resize="vertical"
            />
          </>
        )}
        {attachments.length > 0 && (
          <Group gap={6}>
            {attachments.map((a) => (
              <Badge
                key={a.fileId}
                variant="default"
                leftSection={<IconPaperclip size={12} />}
                rightSection={
                  <CloseButton
                    size="xs"
                    onClick={() => setAttachments((list) => list.filter((x) => x.fileId !== a.fileId))}
                    aria-label={t('conversations.composer.removeAttachment', { filename: a.filename })}
                  />
                }
                style={{ textTransform: 'none' }}
              >
                {a.filename} · {formatBytes(a.size, i18n.language)}
              </Badge>
            ))}
          </Group>
        )}
        {scheduling && (channel === 'email' || isText) && (
          <DateTimePicker
            size="xs"
            label={t('conversations.composer.sendAt')}
            value={scheduledAt}
            onChange={setScheduledAt}
            valueFormat="ddd D MMM YYYY, HH:mm"
            minDate={new Date()}
            firstDayOfWeek={1}
            defaultTimeValue="09:00"
            clearable
            leftSection={<IconClock size={14} />}
          />
        )}
        {problem !== null && <ProblemAlert error={problem} />}
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap={4}>
            {(channel === 'comment' || (channel === 'email' && !refusal)) && (
              <FileButton onChange={(files) => void upload(files)} multiple>
                {(props) => (
                  <Button
                    {...props}
                    size="xs"
                    variant="subtle"
                    color="gray"
                    leftSection={<IconPaperclip size={14} />}
                    loading={uploading}
                    disabled={refusal !== null}
                  >
                    {t('conversations.composer.attach')}
                  </Button>
                )}
              </FileButton>
            )}
            {(channel === 'email' || isText) && !refusal && (
              <Button
                size="xs"
                variant={scheduling ? 'light' : 'subtle'}
                color="gray"
                leftSection={<IconClock size={14} />}
                onClick={() => {
                  setScheduling((s) => !s);
                  setScheduledAt(null);
                }}
                disabled={refusal !== null}
              >
                {scheduling ? t('conversations.composer.sendNow') : t('conversations.composer.later')}
              </Button>
            )}
          </Group>
          <Button
            type="submit"
            size="xs"
            leftSection={<IconSend size={14} />}
            loading={send.isPending}
            disabled={blocked || empty || (scheduling && !when)}
          >
            {sendLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
