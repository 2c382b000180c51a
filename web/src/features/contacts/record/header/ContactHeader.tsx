// The top of the left panel: picture, name, person/business and the contact type (changeable), what they do and
// where, their local time, one-tap email/call/text, and the actions menu.
import { Badge, Button, Group, Menu, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import {
  IconBuilding,
  IconCheck,
  IconChevronDown,
  IconClock,
  IconMail,
  IconMessage,
  IconPhone,
  IconUser,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from '../../../../app/i18n.ts';
import { i18n } from '../../../../app/i18n.ts';
import { useUserZone } from '../../../auth/useSession.ts';
import { contactTypesQuery } from '../../../settings/contactLibrary.api.ts';
import { useContactActions, type ContactProfile } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';
import { FieldProblem } from '../fields/FieldProblem.tsx';
import { useRowAction } from '../fields/useRowAction.ts';
import { localTimeIn } from '../format.ts';
import { ContactActionsMenu } from './ContactActionsMenu.tsx';
import { OpenDealLine } from '../../../pipelines/OpenDealLine.tsx';
import type { ComposerChannel } from '../../../conversations/conversations.api.ts';
import { useOpenComposer } from '../../../conversations/ComposerControl.tsx';
import classes from './ContactHeader.module.css';
import { ContactPicture } from './ContactPicture.tsx';
import { LazyMenu } from '../../../../components/LazyMenu.tsx';

/** "Head of Procurement at Acme GmbH", "GmbH · VAT DE123…" — what a person does, or what a business is. */
export function subtitleOf(c: Pick<ContactProfile, 'kind' | 'title' | 'businessName' | 'legalForm' | 'vatId'>) {
  if (c.kind === 'business')
    return [c.legalForm, c.vatId ? i18n.t('contactPage.header.vat', { vatId: c.vatId }) : null]
      .filter(Boolean)
      .join(' · ');
  if (c.title && c.businessName)
    return i18n.t('contactPage.header.titleAt', { title: c.title, company: c.businessName });
  return c.title ?? c.businessName ?? '';
}

function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), 30_000);
    return () => window.clearInterval(id);
  }, []);
  return now;
}

function TypeBadge() {
  const { t } = useTranslation();
  const { contact, editable, reload } = useContactPage();
  const actions = useContactActions(contact.id);
  const types = useQuery(contactTypesQuery);
  const action = useRowAction();
  const type = types.data?.find((t) => t.key === contact.contactType);
  const badge = (
    <Badge
      color={type?.color ?? 'gray'}
      variant="light"
      rightSection={editable ? <IconChevronDown size={12} /> : undefined}
      data-testid="contact-type-badge"
    >
      {type?.label ?? contact.contactType}
    </Badge>
  );
  if (!editable) return badge;
  return (
    <>
      <LazyMenu
        position="bottom-start"
        withinPortal
        target={
          <UnstyledButton
            className={classes.typeButton}
            aria-label={t('contactPage.header.changeType', { type: type?.label ?? contact.contactType })}
          >
            {badge}
          </UnstyledButton>
        }
      >
        <Menu.Label>{t('contactPage.fields.contactType')}</Menu.Label>
        {(types.data ?? []).map((t) => (
          <Menu.Item
            key={t.key}
            leftSection={
              t.key === contact.contactType ? (
                <IconCheck size={14} />
              ) : (
                <Badge size="xs" circle color={t.color} variant="filled" />
              )
            }
            onClick={() =>
              t.key !== contact.contactType && action.run(() => actions.update(contact.version, { contactType: t.key }))
            }
          >
            {t.label}
          </Menu.Item>
        ))}
      </LazyMenu>
      {action.error !== null && (
        <FieldProblem
          error={action.error}
          onReload={async () => {
            await reload();
            action.clear();
          }}
        />
      )}
    </>
  );
}

/** One tap to write, call or text — only for what the contact has; DND and SMS rules say why one is off. */
function QuickActions() {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const email = contact.emails.find((e) => e.isPrimary) ?? contact.emails[0];
  const phone = contact.phones.find((p) => p.isPrimary) ?? contact.phones[0];
  const textable = contact.phones.find((p) => p.smsAllowed && !p.smsBlockedReason);
  const { dnd } = contact;
  const openComposer = useOpenComposer();
  // An archived contact cannot be written to; the archive says why before anything else does.
  const archived = contact.archivedAt ? t('contactPage.header.archivedBlocked') : null;
  const smsReason =
    archived ??
    (dnd.all || dnd.sms
      ? t('contactPage.phones.dndSms')
      : textable
        ? null
        : contact.phones.every((p) => p.lineType === 'fixed_line')
          ? t('contactPage.phones.landline')
          : t('contactPage.header.noSms'));

  // Email and Text open the thread's composer on that channel (so what is sent is logged and checked by the
  // server); Call dials the number and opens the composer to log the call.
  const actions: {
    label: string;
    icon: typeof IconMail;
    href?: string;
    channel: ComposerChannel;
    blocked: string | null;
  }[] = [];
  if (email) {
    const blocked = archived ?? (dnd.all || dnd.email ? t('contactPage.header.dndEmail') : null);
    actions.push({ label: t('contactPage.header.email'), icon: IconMail, channel: 'email', blocked });
  }
  if (phone) {
    const blocked = archived ?? (dnd.all || dnd.calls ? t('contactPage.header.dndCalls') : null);
    actions.push({
      label: t('contactPage.header.call'),
      icon: IconPhone,
      href: `tel:${phone.e164}`,
      channel: 'call',
      blocked,
    });
    actions.push({ label: t('contactPage.header.text'), icon: IconMessage, channel: 'sms', blocked: smsReason });
  }
  if (actions.length === 0) return null;

  return (
    <Group gap={6} wrap="nowrap" mt="sm">
      {actions.map((a) => {
        const Icon = a.icon;
        return a.blocked ? (
          <Tooltip key={a.label} label={a.blocked} events={{ hover: true, focus: true, touch: true }}>
            <span className={classes.quick} style={{ display: 'flex' }}>
              <Button variant="default" size="xs" leftSection={<Icon size={15} />} disabled fullWidth>
                {a.label}
              </Button>
            </span>
          </Tooltip>
        ) : (
          <Button
            key={a.label}
            {...(a.href ? { component: 'a' as const, href: a.href } : {})}
            onClick={() => openComposer?.(a.channel)}
            variant="default"
            size="xs"
            leftSection={<Icon size={15} />}
            className={classes.quick}
          >
            {a.label}
          </Button>
        );
      })}
    </Group>
  );
}

export function ContactHeader() {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const zone = useUserZone();
  const now = useMinuteClock();
  const subtitle = subtitleOf(contact);
  const localTime = contact.timezone ? localTimeIn(contact.timezone, zone.locale, now) : null;
  const KindIcon = contact.kind === 'business' ? IconBuilding : IconUser;
  return (
    <div className={classes.header}>
      <Group gap="md" wrap="nowrap" align="flex-start">
        <ContactPicture />
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={4} wrap="nowrap" align="flex-start" justify="space-between">
            <Title order={1} fz={20} fw={650} className={classes.name} data-testid="contact-name">
              {contact.displayName}
            </Title>
            <ContactActionsMenu />
          </Group>
          {subtitle && (
            <Text size="sm" c="dimmed" lh={1.35} style={{ overflowWrap: 'anywhere' }} data-testid="contact-subtitle">
              {subtitle}
            </Text>
          )}
          <Group gap={6} wrap="wrap">
            <Badge
              variant="default"
              leftSection={<KindIcon size={12} />}
              aria-label={t(`contactPage.kinds.${contact.kind}`)}
            >
              {t(`contactPage.kinds.${contact.kind}`)}
            </Badge>
            <TypeBadge />
          </Group>
          <OpenDealLine contactId={contact.id} />
          {localTime && (
            <Group gap={4} wrap="nowrap">
              <IconClock size={13} color="var(--mantine-color-dimmed)" aria-hidden />
              <Text size="xs" c="dimmed">
                {t('contactPage.header.localTime', {
                  time: localTime,
                  place: contact.timezone!.split('/').pop()!.replaceAll('_', ' '),
                })}
              </Text>
            </Group>
          )}
        </Stack>
      </Group>
      <QuickActions />
    </div>
  );
}
