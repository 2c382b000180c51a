// The workspace's channels (admins): outgoing mail (SMTP) with a test send, the addresses inbound mail is accepted
// for, an IMAP mailbox with its sync state, and the SMS/WhatsApp provider (Twilio's format). Secrets are
// write-only: the page says "set" and a new value replaces the stored one.
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Input,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconLock, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { PasswordField } from '../../../components/PasswordField.tsx';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { LoadError, LoadingRows } from '../../../components/QueryStatus.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { ApiError } from '../../../lib/api.ts';
import { useIsAdmin, useSession, useUserZone } from '../../auth/useSession.ts';
import {
  channelSettingsQuery,
  sendTestEmail,
  updateChannelSettings,
  type ChannelSettingsDto,
} from '../conversations.api.ts';

export function ChannelSettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const query = useQuery({ ...channelSettingsQuery, enabled: isAdmin });
  return (
    <>
      <PageHeader title={t('settings.nav.channels')} description={t('conversations.settings.description')} />
      {!isAdmin ? (
        <Card>
          <Group gap={8} c="dimmed" wrap="nowrap">
            <IconLock size={15} stroke={1.7} />
            <Text size="sm" c="dimmed">
              {t('conversations.settings.adminsOnly')}
            </Text>
          </Group>
        </Card>
      ) : query.isPending ? (
        <LoadingRows />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <ChannelForm key={JSON.stringify(query.data)} settings={query.data} />
      )}
    </>
  );
}

function Section({ title, status, children }: { title: string; status?: ReactNode; children: ReactNode }) {
  return (
    <Card>
      <Stack gap="md">
        <Group justify="space-between" gap="xs">
          <Title order={2} fz="h5">
            {title}
          </Title>
          {status}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

function StateBadge({ ok, label }: { ok: boolean; label: string }) {
  return (
    <Badge color={ok ? 'teal' : 'gray'} variant="light" leftSection={ok ? <IconCheck size={12} /> : undefined}>
      {label}
    </Badge>
  );
}

/** A write-only secret: shows that one is stored; typing replaces it. */
function SecretField({
  label,
  isSet,
  value,
  onChange,
  error,
}: {
  label: string;
  isSet: boolean;
  value: string;
  onChange(v: string): void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <PasswordField
      label={
        <Group gap={6} component="span" wrap="nowrap">
          {label}
          {isSet && (
            <Badge size="xs" variant="light" color="teal" component="span">
              {t('conversations.settings.set')}
            </Badge>
          )}
        </Group>
      }
      placeholder={isSet ? t('conversations.settings.secretSet') : t('conversations.settings.secretNotSet')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      autoComplete="new-password"
      rightSectionPointerEvents="all"
    />
  );
}

const orNull = (v: string) => (v.trim() ? v.trim() : null);

function ChannelForm({ settings }: { settings: ChannelSettingsDto }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const session = useSession();
  const queryClient = useQueryClient();
  const { email, inbound, imap, twilio } = settings;
  const [smtp, setSmtp] = useState({
    smtpHost: email.smtpHost ?? '',
    smtpPort: email.smtpPort ?? ('' as number | string),
    smtpSecurity: email.smtpSecurity,
    smtpUser: email.smtpUser ?? '',
    smtpPassword: '',
    fromName: email.fromName ?? '',
    fromAddress: email.fromAddress ?? '',
    replyTo: email.replyTo ?? '',
  });
  const [addresses, setAddresses] = useState(inbound.addresses);
  const [apiEnabled, setApiEnabled] = useState(inbound.apiEnabled);
  const [box, setBox] = useState({
    enabled: imap.enabled,
    host: imap.host ?? '',
    port: imap.port ?? ('' as number | string),
    secure: imap.secure,
    user: imap.user ?? '',
    password: '',
    mailbox: imap.mailbox,
  });
  const [tw, setTw] = useState({
    accountSid: twilio.accountSid ?? '',
    authToken: '',
    numbers: twilio.numbers,
    whatsappSender: twilio.whatsappSender ?? '',
    baseUrl: twilio.baseUrl ?? '',
  });
  const [testTo, setTestTo] = useState(session.user.email);

  const save = useMutation({
    mutationFn: () =>
      updateChannelSettings({
        email: {
          smtpHost: orNull(smtp.smtpHost),
          smtpPort: typeof smtp.smtpPort === 'number' ? smtp.smtpPort : null,
          smtpSecurity: smtp.smtpSecurity,
          smtpUser: orNull(smtp.smtpUser),
          ...(smtp.smtpPassword ? { smtpPassword: smtp.smtpPassword } : {}),
          fromName: orNull(smtp.fromName),
          fromAddress: orNull(smtp.fromAddress),
          replyTo: orNull(smtp.replyTo),
        },
        inbound: { addresses, apiEnabled },
        imap: {
          enabled: box.enabled,
          host: orNull(box.host),
          port: typeof box.port === 'number' ? box.port : null,
          secure: box.secure,
          user: orNull(box.user),
          ...(box.password ? { password: box.password } : {}),
          mailbox: box.mailbox.trim() || 'INBOX',
        },
        twilio: {
          accountSid: orNull(tw.accountSid),
          ...(tw.authToken ? { authToken: tw.authToken } : {}),
          numbers: tw.numbers,
          whatsappSender: orNull(tw.whatsappSender),
          baseUrl: orNull(tw.baseUrl),
        },
      }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(channelSettingsQuery.queryKey, saved);
      // The composer's refusals depend on what is configured.
      await queryClient.invalidateQueries({ queryKey: ['contact'] });
      notifications.show({ color: 'green', message: t('conversations.settings.saved') });
    },
  });
  const test = useMutation({
    mutationFn: () => sendTestEmail(testTo.trim() || undefined),
    onSuccess: (r) =>
      notifications.show({
        color: 'green',
        message: t('conversations.settings.testSent', { to: r.accepted.join(', ') }),
      }),
  });
  // The server names fields by their path (body.email.smtpHost); each shows under its input.
  const fieldError = (section: string, name: string) =>
    save.error instanceof ApiError
      ? save.error.errors.find(
          (e) => e.path === `body.${section}.${name}` || e.path.startsWith(`body.${section}.${name}.`),
        )?.message
      : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('conversations.settings.form')}>
      <Stack gap="lg">
        <Section
          title={t('conversations.settings.outgoing')}
          status={
            <StateBadge
              ok={email.configured}
              label={
                email.configured
                  ? email.smtpHost
                    ? t('conversations.settings.configured')
                    : t('conversations.settings.instanceDefault')
                  : t('conversations.settings.notConfigured')
              }
            />
          }
        >
          <Text size="sm" c="dimmed">
            {email.instanceDefault
              ? t('conversations.settings.outgoingHelpDefault')
              : t('conversations.settings.outgoingHelp')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <TextInput
              label={t('conversations.settings.smtpHost')}
              placeholder="smtp.example.com"
              value={smtp.smtpHost}
              onChange={(e) => setSmtp({ ...smtp, smtpHost: e.currentTarget.value })}
              error={fieldError('email', 'smtpHost')}
            />
            <NumberInput
              label={t('conversations.settings.port')}
              placeholder="587"
              value={smtp.smtpPort}
              onChange={(v) => setSmtp({ ...smtp, smtpPort: v })}
              min={1}
              max={65535}
              allowDecimal={false}
              error={fieldError('email', 'smtpPort')}
            />
            <Input.Wrapper label={t('conversations.settings.security')}>
              <SegmentedControl
                fullWidth
                value={smtp.smtpSecurity}
                onChange={(v) => setSmtp({ ...smtp, smtpSecurity: v as typeof smtp.smtpSecurity })}
                data={(['tls', 'starttls', 'none'] as const).map((m) => ({
                  value: m,
                  label: t(`conversations.settings.securityModes.${m}`),
                }))}
                aria-label={t('conversations.settings.security')}
              />
            </Input.Wrapper>
            <TextInput
              label={t('conversations.settings.user')}
              value={smtp.smtpUser}
              onChange={(e) => setSmtp({ ...smtp, smtpUser: e.currentTarget.value })}
              autoComplete="off"
            />
            <SecretField
              label={t('conversations.settings.password')}
              isSet={email.smtpPasswordSet}
              value={smtp.smtpPassword}
              onChange={(v) => setSmtp({ ...smtp, smtpPassword: v })}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <TextInput
              label={t('conversations.settings.fromName')}
              placeholder={session.workspace.name}
              value={smtp.fromName}
              onChange={(e) => setSmtp({ ...smtp, fromName: e.currentTarget.value })}
            />
            <TextInput
              label={t('conversations.settings.fromAddress')}
              placeholder="team@example.com"
              value={smtp.fromAddress}
              onChange={(e) => setSmtp({ ...smtp, fromAddress: e.currentTarget.value })}
              error={fieldError('email', 'fromAddress')}
            />
            <TextInput
              label={t('conversations.settings.replyTo')}
              value={smtp.replyTo}
              onChange={(e) => setSmtp({ ...smtp, replyTo: e.currentTarget.value })}
              error={fieldError('email', 'replyTo')}
            />
          </SimpleGrid>
          <Group gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              label={t('conversations.settings.testTo')}
              value={testTo}
              onChange={(e) => setTestTo(e.currentTarget.value)}
              style={{ flex: '1 1 240px' }}
              maw={360}
            />
            <Button
              variant="default"
              leftSection={<IconSend size={16} />}
              onClick={() => test.mutate()}
              loading={test.isPending}
              disabled={!email.configured}
            >
              {t('conversations.settings.sendTest')}
            </Button>
          </Group>
          {!email.configured && (
            <Text size="xs" c="dimmed">
              {t('conversations.settings.testAfterSave')}
            </Text>
          )}
          {test.error && <ProblemAlert error={test.error} title={t('conversations.settings.testFailed')} />}
        </Section>

        <Section title={t('conversations.settings.inbound')}>
          <Text size="sm" c="dimmed">
            {t('conversations.settings.inboundHelp')}
          </Text>
          <TagsInput
            label={t('conversations.settings.inboundAddresses')}
            description={t('conversations.settings.inboundAddressesHelp')}
            placeholder="sales@example.com, @example.com"
            value={addresses}
            onChange={setAddresses}
            error={fieldError('inbound', 'addresses')}
          />
          <Switch
            label={t('conversations.settings.apiEnabled')}
            description={t('conversations.settings.apiEnabledHelp')}
            checked={apiEnabled}
            onChange={(e) => setApiEnabled(e.currentTarget.checked)}
          />
        </Section>

        <Section
          title={t('conversations.settings.imap')}
          status={
            <StateBadge
              ok={imap.enabled && !imap.lastError}
              label={imap.enabled ? t('conversations.settings.enabled') : t('conversations.settings.off')}
            />
          }
        >
          <Switch
            label={t('conversations.settings.imapEnabled')}
            checked={box.enabled}
            onChange={(e) => setBox({ ...box, enabled: e.currentTarget.checked })}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <TextInput
              label={t('conversations.settings.imapHost')}
              placeholder="imap.example.com"
              value={box.host}
              onChange={(e) => setBox({ ...box, host: e.currentTarget.value })}
              error={fieldError('imap', 'host')}
            />
            <NumberInput
              label={t('conversations.settings.port')}
              placeholder="993"
              value={box.port}
              onChange={(v) => setBox({ ...box, port: v })}
              min={1}
              max={65535}
              allowDecimal={false}
            />
            <TextInput
              label={t('conversations.settings.mailbox')}
              value={box.mailbox}
              onChange={(e) => setBox({ ...box, mailbox: e.currentTarget.value })}
            />
            <TextInput
              label={t('conversations.settings.user')}
              value={box.user}
              onChange={(e) => setBox({ ...box, user: e.currentTarget.value })}
              autoComplete="off"
            />
            <SecretField
              label={t('conversations.settings.password')}
              isSet={imap.passwordSet}
              value={box.password}
              onChange={(v) => setBox({ ...box, password: v })}
            />
            <Switch
              mt={28}
              label={t('conversations.settings.imapSecure')}
              checked={box.secure}
              onChange={(e) => setBox({ ...box, secure: e.currentTarget.checked })}
            />
          </SimpleGrid>
          <Text size="sm" c="dimmed" data-testid="imap-sync">
            {imap.lastSyncedAt
              ? t('conversations.settings.lastSynced', { when: formatDateTime(imap.lastSyncedAt, zone) })
              : t('conversations.settings.neverSynced')}
          </Text>
          {imap.lastError && (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              title={t('conversations.settings.lastError')}
            >
              {imap.lastError}
            </Alert>
          )}
        </Section>

        <Section
          title={t('conversations.settings.texts')}
          status={
            <StateBadge
              ok={twilio.configured}
              label={
                twilio.configured ? t('conversations.settings.configured') : t('conversations.settings.notConfigured')
              }
            />
          }
        >
          <Text size="sm" c="dimmed">
            {t('conversations.settings.textsHelp')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t('conversations.settings.accountSid')}
              placeholder="AC…"
              value={tw.accountSid}
              onChange={(e) => setTw({ ...tw, accountSid: e.currentTarget.value })}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              autoComplete="off"
            />
            <SecretField
              label={t('conversations.settings.authToken')}
              isSet={twilio.authTokenSet}
              value={tw.authToken}
              onChange={(v) => setTw({ ...tw, authToken: v })}
            />
            <TagsInput
              label={t('conversations.settings.numbers')}
              description={t('conversations.settings.numbersHelp')}
              placeholder="+4930123456"
              value={tw.numbers}
              onChange={(v) => setTw({ ...tw, numbers: v })}
              error={fieldError('twilio', 'numbers')}
            />
            <TextInput
              label={t('conversations.settings.whatsappSender')}
              description={t('conversations.settings.whatsappSenderHelp')}
              placeholder="whatsapp:+4930123456"
              value={tw.whatsappSender}
              onChange={(e) => setTw({ ...tw, whatsappSender: e.currentTarget.value })}
              error={fieldError('twilio', 'whatsappSender')}
            />
            <TextInput
              label={t('conversations.settings.baseUrl')}
              description={t('conversations.settings.baseUrlHelp')}
              placeholder="https://api.twilio.com"
              value={tw.baseUrl}
              onChange={(e) => setTw({ ...tw, baseUrl: e.currentTarget.value })}
              error={fieldError('twilio', 'baseUrl')}
            />
          </SimpleGrid>
        </Section>

        {save.error && <ProblemAlert error={save.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t('conversations.settings.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
