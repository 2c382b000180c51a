// Emails: each address with its type, primary star and verification; added, changed and removed in place. A taken
// address is refused with the server's message naming (and linking) the contact that has it.
import { Anchor, Badge, Group, Menu, Select, TextInput, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconHelpCircle, IconMail, IconRosetteDiscountCheck } from '@tabler/icons-react';
import { useTranslation } from '../../../../app/i18n.ts';
import { useContactActions, type ContactEmail } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';
import { EMAIL_TYPES, emailTypeLabel, VERIFICATIONS, verificationLabel } from '../format.ts';
import {
  collectionSection,
  PrimaryMark,
  type Collection,
  type DraftFields,
  type RowAction,
} from './CollectionSection.tsx';
import { CopyValue } from './CopyValue.tsx';
import type { SectionDef } from './Section.tsx';

type EmailType = ContactEmail['type'];
interface EmailDraft {
  email: string;
  type: EmailType;
}

const VERIFICATION_LOOK = {
  verified: { color: 'green', icon: IconRosetteDiscountCheck },
  unverified: { color: 'gray', icon: IconHelpCircle },
  invalid: { color: 'red', icon: IconAlertTriangle },
} as const;

function EmailFields({ draft, set, refused }: DraftFields<EmailDraft>) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <TextInput
        size="xs"
        type="email"
        inputMode="email"
        autoFocus
        aria-label={t('contactPage.emails.address')}
        placeholder={t('contactPage.emails.placeholder')}
        style={{ flex: 1 }}
        value={draft.email}
        onChange={(e) => set({ email: e.currentTarget.value })}
        error={refused}
      />
      <Select
        size="xs"
        w={104}
        aria-label={t('contactPage.emails.type')}
        data={EMAIL_TYPES.map((value) => ({ value, label: emailTypeLabel(value) }))}
        value={draft.type}
        onChange={(v) => v && set({ type: v as EmailType })}
        allowDeselect={false}
      />
    </Group>
  );
}

function EmailView({ item: email }: { item: ContactEmail; action: RowAction }) {
  const { t } = useTranslation();
  const look = VERIFICATION_LOOK[email.verification];
  const VerificationIcon = look.icon;
  return (
    <>
      <Group gap={6} wrap="nowrap" miw={0}>
        {/* A long address is cut at the end (never mid-word onto a second line); the whole one is in the tooltip. */}
        <Tooltip label={email.email} openDelay={300}>
          <Anchor href={`mailto:${email.email}`} size="sm" fw={500} truncate="end" miw={0}>
            {email.email}
          </Anchor>
        </Tooltip>
        <CopyValue value={email.email} label={t('contactPage.emails.copy')} />
        {email.isPrimary && <PrimaryMark label={t('contactPage.emails.primary')} />}
      </Group>
      <Group gap={4} mt={4}>
        <Badge size="xs" variant="default">
          {emailTypeLabel(email.type)}
        </Badge>
        <Badge
          size="xs"
          color={look.color}
          variant="light"
          leftSection={email.verification === 'unverified' ? undefined : <VerificationIcon size={11} />}
          data-testid="email-verification"
        >
          {verificationLabel(email.verification)}
        </Badge>
      </Group>
    </>
  );
}

export function useEmailsSection(): SectionDef {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  const emails: Collection<ContactEmail, EmailDraft> = {
    id: 'email',
    title: t('contactPage.emails.title'),
    icon: IconMail,
    items: contact.emails,
    texts: {
      empty: t('contactPage.emails.empty'),
      add: t('contactPage.emails.add'),
      addSubmit: t('contactPage.emails.add'),
      edit: t('contactPage.emails.edit'),
      remove: t('contactPage.emails.remove'),
    },
    name: (e) => e.email,
    searchText: (e) => `${t('contactPage.emails.one')} ${e.email}`,
    Row: EmailView,
    menuItems: (email, action) => (
      <>
        <Menu.Label>{t('contactPage.fields.verification')}</Menu.Label>
        {VERIFICATIONS.filter((v) => v !== email.verification).map((verification) => {
          const Icon = VERIFICATION_LOOK[verification].icon;
          return (
            <Menu.Item
              key={verification}
              leftSection={<Icon size={15} />}
              onClick={() => action.run(() => actions.updateEmail(contact.version, email.id, { verification }))}
            >
              {t(`contactPage.emails.markAs.${verification}`)}
            </Menu.Item>
          );
        })}
      </>
    ),
    Fields: EmailFields,
    blank: () => ({ email: '', type: 'work' }),
    draftOf: (e) => ({ email: e.email, type: e.type }),
    ready: (d) => d.email.trim() !== '',
    add: (d) => actions.addEmail(contact.version, { email: d.email.trim(), type: d.type }),
    update: (e, d) =>
      actions.updateEmail(contact.version, e.id, {
        ...(d.email.trim() !== e.email ? { email: d.email.trim() } : {}),
        ...(d.type !== e.type ? { type: d.type } : {}),
      }),
    makePrimary: (e) => actions.updateEmail(contact.version, e.id, { isPrimary: true }),
    remove: (e) => actions.removeEmail(contact.version, e.id),
  };
  return collectionSection(emails);
}
