// Phone numbers: formatted and tappable, with type and primary star, the line type and when/how it was checked
// (re-check on demand), and the "OK to SMS" permission — off and locked for a landline, with the reason in red,
// exactly as the server enforces it.
import { ActionIcon, Anchor, Badge, Group, Menu, Select, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import type { MantineColor } from '@mantine/core';
import { IconPhone, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from '../../../../app/i18n.ts';
import { i18n } from '../../../../app/i18n.ts';
import { formatDate } from '../../../../lib/format.ts';
import { useUserZone } from '../../../auth/useSession.ts';
import { useContactActions, type ContactPhone } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';
import { lineTypeLabel, PHONE_TYPES, phoneTypeLabel, type LineType } from '../format.ts';
import { countryOptions, defaultCountry, isInternational } from '../phone.ts';
import {
  collectionSection,
  CollectionRow,
  PrimaryMark,
  type Collection,
  type DraftFields,
  type RowAction,
} from './CollectionSection.tsx';
import { CopyValue } from './CopyValue.tsx';
import type { SectionDef } from './Section.tsx';

type PhoneType = ContactPhone['type'];
interface PhoneDraft {
  number: string;
  type: PhoneType;
  /** For a number written without its +country code. */
  country: string | null;
}

const LINE_TYPE_COLORS: Record<LineType, MantineColor> = {
  mobile: 'green',
  fixed_line: 'orange',
  fixed_line_or_mobile: 'blue',
  voip: 'violet',
  unknown: 'gray',
};

/** The display rules of a number's SMS permission (what the toggle shows and whether it can be switched). */
export function smsDisplay(phone: Pick<ContactPhone, 'lineType' | 'smsAllowed' | 'smsBlockedReason'>) {
  const landline = phone.lineType === 'fixed_line';
  return {
    checked: !landline && phone.smsAllowed,
    disabled: landline,
    reason: landline ? i18n.t('contactPage.phones.landline') : null,
    note:
      !landline && phone.smsBlockedReason === 'dnd'
        ? i18n.t('contactPage.phones.dndSms')
        : !landline && phone.lineType === 'unknown' && !phone.smsAllowed
          ? i18n.t('contactPage.phones.unknownLine')
          : null,
  };
}

export function LineTypeBadge({ lineType }: { lineType: LineType }) {
  return (
    <Badge size="xs" variant="light" color={LINE_TYPE_COLORS[lineType]} miw="max-content" data-testid="line-type">
      {lineTypeLabel(lineType)}
    </Badge>
  );
}

function checkedVia(source: string | null): string {
  if (!source || source === 'offline') return i18n.t('journal.contact.offline');
  return source.charAt(0).toUpperCase() + source.slice(1);
}

function PhoneFields({ draft, set, refused }: DraftFields<PhoneDraft>) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const needsCountry = draft.number.trim() !== '' && !isInternational(draft.number);
  return (
    <>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <TextInput
          size="xs"
          type="tel"
          inputMode="tel"
          autoFocus
          aria-label={t('contactPage.phones.number')}
          placeholder="+49 30 1234567"
          style={{ flex: 1 }}
          value={draft.number}
          onChange={(e) => set({ number: e.currentTarget.value })}
          error={refused}
        />
        <Select
          size="xs"
          w={104}
          aria-label={t('contactPage.phones.type')}
          data={PHONE_TYPES.map((value) => ({ value, label: phoneTypeLabel(value) }))}
          value={draft.type}
          onChange={(v) => v && set({ type: v as PhoneType })}
          allowDeselect={false}
        />
      </Group>
      {needsCountry && (
        <Select
          mt={6}
          size="xs"
          searchable
          aria-label={t('contactPage.phones.country')}
          placeholder={t('contactPage.phones.country')}
          description={t('contactPage.phones.countryHint')}
          data={countryOptions(zone.locale)}
          value={draft.country}
          onChange={(country) => set({ country })}
        />
      )}
    </>
  );
}

function PhoneView({ item: phone, action }: { item: ContactPhone; action: RowAction }) {
  const { t } = useTranslation();
  const { contact, editable } = useContactPage();
  const actions = useContactActions(contact.id);
  const zone = useUserZone();
  const sms = smsDisplay(phone);
  // A mobile number on a mobile line is one fact: one badge, coloured by the check. The line type gets its own
  // badge only when it says something the type does not (an "Office" number that is a mobile line).
  const sameAsType = (phone.type as string) === phone.lineType;
  const recheck = () => action.run(() => actions.recheckPhone(contact.version, phone.id));
  return (
    <>
      <Group gap={6} wrap="nowrap">
        <Anchor
          href={`tel:${phone.e164}`}
          size="sm"
          fw={500}
          title={t('contactPage.phones.call', { number: phone.international })}
          style={{ whiteSpace: 'nowrap' }}
        >
          {phone.international}
        </Anchor>
        <CopyValue value={phone.e164} label={t('contactPage.phones.copy')} />
        {phone.isPrimary && <PrimaryMark label={t('contactPage.phones.primary')} />}
        {sameAsType ? (
          <LineTypeBadge lineType={phone.lineType} />
        ) : (
          <Badge size="xs" variant="default" miw="max-content">
            {phoneTypeLabel(phone.type)}
          </Badge>
        )}
      </Group>
      {/* The re-check button stays on the line of what it re-checks, however narrow the panel. */}
      <Group gap={6} mt={4} wrap="nowrap" align="center">
        {!sameAsType && <LineTypeBadge lineType={phone.lineType} />}
        <Text size="xs" c="dimmed" style={{ flex: '0 1 auto', minWidth: 0 }}>
          {t('contactPage.phones.checkedVia', { source: checkedVia(phone.lineTypeSource) })}
          {phone.lineTypeCheckedAt ? ` · ${formatDate(phone.lineTypeCheckedAt, zone)}` : ''}
          {phone.carrier ? ` · ${phone.carrier}` : ''}
        </Text>
        {editable && (
          <Tooltip label={t('contactPage.phones.recheck')}>
            <ActionIcon
              size="xs"
              style={{ flexShrink: 0 }}
              aria-label={t('contactPage.phones.recheckNumber', { number: phone.international })}
              loading={action.pending}
              onClick={recheck}
            >
              <IconRefresh size={13} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      <Group gap={8} mt={6} wrap="nowrap" align="center">
        <Switch
          size="xs"
          label={t('contactPage.fields.smsAllowed')}
          checked={sms.checked}
          disabled={sms.disabled || !editable}
          onChange={(e) => {
            const smsAllowed = e.currentTarget.checked;
            void action.run(() => actions.updatePhone(contact.version, phone.id, { smsAllowed }));
          }}
          aria-describedby={sms.reason ? `sms-reason-${phone.id}` : undefined}
        />
      </Group>
      {sms.reason && (
        <Text size="xs" c="red" fw={500} mt={2} id={`sms-reason-${phone.id}`} data-testid="sms-reason">
          {sms.reason}
        </Text>
      )}
      {sms.note && (
        <Text size="xs" c="dimmed" mt={2}>
          {sms.note}
        </Text>
      )}
    </>
  );
}

function usePhones(): Collection<ContactPhone, PhoneDraft> {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  const withCountry = (d: PhoneDraft) =>
    d.country && !isInternational(d.number) ? { country: d.country } : ({} as { country?: string });
  return {
    id: 'phone',
    title: t('contactPage.phones.title'),
    icon: IconPhone,
    items: contact.phones,
    texts: {
      empty: t('contactPage.phones.empty'),
      add: t('contactPage.phones.add'),
      addSubmit: t('contactPage.phones.addSubmit'),
      edit: t('contactPage.phones.edit'),
      remove: t('contactPage.phones.remove'),
    },
    name: (p) => p.international,
    searchText: (p) => `${t('contactPage.phones.one')} ${p.international} ${p.e164}`,
    Row: PhoneView,
    menuItems: (phone, action) => (
      <Menu.Item
        leftSection={<IconRefresh size={15} />}
        onClick={() => action.run(() => actions.recheckPhone(contact.version, phone.id))}
      >
        {t('contactPage.phones.recheckMenu')}
      </Menu.Item>
    ),
    Fields: PhoneFields,
    blank: () => ({ number: '', type: 'mobile', country: defaultCountry(contact) }),
    draftOf: (p) => ({ number: p.international, type: p.type, country: defaultCountry(contact) }),
    ready: (d) => d.number.trim() !== '',
    add: (d) => actions.addPhone(contact.version, { number: d.number.trim(), type: d.type, ...withCountry(d) }),
    update: (p, d) =>
      actions.updatePhone(contact.version, p.id, {
        number: d.number.trim(),
        ...withCountry(d),
        ...(d.type !== p.type ? { type: d.type } : {}),
      }),
    makePrimary: (p) => actions.updatePhone(contact.version, p.id, { isPrimary: true }),
    remove: (p) => actions.removePhone(contact.version, p.id),
  };
}

/** One number's row on its own (the tests render it without the panel). */
export function PhoneRow({ phone }: { phone: ContactPhone }) {
  return <CollectionRow collection={usePhones()} item={phone} />;
}

export function usePhonesSection(): SectionDef {
  return collectionSection(usePhones());
}
