// Phone numbers: formatted and tappable, with type and primary star, the line-type badge and when/how it was
// checked (re-check on demand), and the "OK to SMS" permission — off and locked for a landline, with the reason in
// red, exactly as the server enforces it.
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Select,
  Switch,
  Text,
  TextInput,
  Tooltip,
  type MantineColor,
} from '@mantine/core';
import { IconDots, IconPencil, IconPhone, IconRefresh, IconStar, IconStarFilled, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { formatDate } from '../../../../lib/format.ts';
import { useUserZone } from '../../../auth/useSession.ts';
import { useContactActions, type ContactPhone } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';
import { lineTypeLabel, PHONE_TYPES, phoneTypeLabel, type LineType } from '../format.ts';
import { countryOptions, defaultCountry, isInternational } from '../phone.ts';
import { CopyValue } from './CopyValue.tsx';
import { FieldProblem } from './FieldProblem.tsx';
import classes from './Items.module.css';
import type { SectionDef } from './Section.tsx';
import { AddInPlace, escapeCancels } from './AddInPlace.tsx';
import { useRowAction } from './useRowAction.ts';

type PhoneType = ContactPhone['type'];
const TYPE_OPTIONS = PHONE_TYPES.map((t) => ({
  value: t,
  label: phoneTypeLabel(t),
}));

export const LANDLINE_MESSAGE = 'Landline number, SMS not allowed';

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
    reason: landline ? LANDLINE_MESSAGE : null,
    note:
      !landline && phone.smsBlockedReason === 'dnd'
        ? 'Do not disturb is on for SMS'
        : !landline && phone.lineType === 'unknown' && !phone.smsAllowed
          ? 'Line type unknown: switch on only if you know it takes texts'
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
  if (!source || source === 'offline') return 'offline metadata';
  return source.charAt(0).toUpperCase() + source.slice(1);
}

function PhoneForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: { number: string; type: PhoneType };
  submitLabel: string;
  onSubmit(values: { number: string; type: PhoneType; country?: string }): Promise<unknown>;
  onCancel(): void;
}) {
  const { contact, reload } = useContactPage();
  const zone = useUserZone();
  const [number, setNumber] = useState(initial.number);
  const [type, setType] = useState<PhoneType>(initial.type);
  const [country, setCountry] = useState<string | null>(() => defaultCountry(contact));
  const save = useRowAction();
  const needsCountry = number.trim() !== '' && !isInternational(number);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!number.trim()) return;
    await save.run(() => onSubmit({ number: number.trim(), type, ...(needsCountry && country ? { country } : {}) }));
  };
  const onKeyDown = escapeCancels(onCancel);
  return (
    <form onSubmit={submit} onKeyDown={onKeyDown} className={classes.form} data-testid="phone-form">
      <Group gap={6} wrap="nowrap" align="flex-start">
        <TextInput
          size="xs"
          type="tel"
          inputMode="tel"
          autoFocus
          aria-label="Phone number"
          placeholder="+49 30 1234567"
          style={{ flex: 1 }}
          value={number}
          onChange={(e) => {
            setNumber(e.currentTarget.value);
            save.clear();
          }}
          error={Boolean(save.error)}
        />
        <Select
          size="xs"
          w={96}
          aria-label="Phone type"
          data={TYPE_OPTIONS}
          value={type}
          onChange={(v) => v && setType(v as PhoneType)}
          allowDeselect={false}
        />
      </Group>
      {needsCountry && (
        <Select
          mt={6}
          size="xs"
          searchable
          aria-label="Country of the number"
          placeholder="Country of the number"
          description="For a number written without its +country code"
          data={countryOptions(zone.locale)}
          value={country}
          onChange={setCountry}
        />
      )}
      <FieldProblem
        error={save.error}
        onReload={async () => {
          await reload();
          onCancel();
        }}
      />
      <Group gap={6} mt={6}>
        <Button type="submit" size="compact-xs" loading={save.pending} disabled={!number.trim()}>
          {submitLabel}
        </Button>
        <Button size="compact-xs" variant="default" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
    </form>
  );
}

export function PhoneRow({ phone }: { phone: ContactPhone }) {
  const { contact, editable, reload } = useContactPage();
  const actions = useContactActions(contact.id);
  const zone = useUserZone();
  const action = useRowAction();
  const [editing, setEditing] = useState(false);
  const sms = smsDisplay(phone);

  if (editing) {
    return (
      <PhoneForm
        initial={{ number: phone.international, type: phone.type }}
        submitLabel="Save"
        onCancel={() => setEditing(false)}
        onSubmit={async (values) => {
          await actions.updatePhone(contact.version, phone.id, {
            number: values.number,
            ...(values.country ? { country: values.country } : {}),
            ...(values.type !== phone.type ? { type: values.type } : {}),
          });
          setEditing(false);
        }}
      />
    );
  }

  return (
    <div className={classes.item} data-testid="phone-row">
      <div className={classes.main}>
        <Group gap={6} wrap="nowrap">
          <Anchor href={`tel:${phone.e164}`} size="sm" fw={500} title={`Call ${phone.international}`}>
            {phone.international}
          </Anchor>
          <CopyValue value={phone.e164} label="number" />
          {phone.isPrimary && (
            <Tooltip label="Primary number">
              <IconStarFilled size={13} className={classes.primary} aria-label="Primary" role="img" />
            </Tooltip>
          )}
          <Badge size="xs" variant="default">
            {phoneTypeLabel(phone.type)}
          </Badge>
        </Group>
        <Group gap={6} mt={4} wrap="wrap" align="center">
          <LineTypeBadge lineType={phone.lineType} />
          <Text size="xs" c="dimmed">
            checked via {checkedVia(phone.lineTypeSource)}
            {phone.lineTypeCheckedAt ? ` · ${formatDate(phone.lineTypeCheckedAt, zone)}` : ''}
            {phone.carrier ? ` · ${phone.carrier}` : ''}
          </Text>
          {editable && (
            <Tooltip label="Check the line type again">
              <ActionIcon
                size="xs"
                aria-label={`Check the line type of ${phone.international} again`}
                loading={action.pending}
                onClick={() => action.run(() => actions.recheckPhone(contact.version, phone.id))}
              >
                <IconRefresh size={13} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
        <Group gap={8} mt={6} wrap="nowrap" align="center">
          <Switch
            size="xs"
            label="OK to SMS"
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
        <FieldProblem
          error={action.error}
          onReload={async () => {
            await reload();
            action.clear();
          }}
        />
      </div>
      {editable && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon size="sm" aria-label={`Actions for ${phone.international}`}>
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconPencil size={15} />} onClick={() => setEditing(true)}>
              Edit number or type
            </Menu.Item>
            {!phone.isPrimary && (
              <Menu.Item
                leftSection={<IconStar size={15} />}
                onClick={() => action.run(() => actions.updatePhone(contact.version, phone.id, { isPrimary: true }))}
              >
                Make primary
              </Menu.Item>
            )}
            <Menu.Item
              leftSection={<IconRefresh size={15} />}
              onClick={() => action.run(() => actions.recheckPhone(contact.version, phone.id))}
            >
              Check line type again
            </Menu.Item>
            <Menu.Divider />
            <Menu.Item
              color="red"
              leftSection={<IconTrash size={15} />}
              onClick={() => action.run(() => actions.removePhone(contact.version, phone.id))}
            >
              Remove number
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
    </div>
  );
}

function AddPhone() {
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  return (
    <AddInPlace label="Add phone number">
      {(close) => (
        <PhoneForm
          initial={{ number: '', type: 'mobile' }}
          submitLabel="Add number"
          onCancel={close}
          onSubmit={async (values) => {
            await actions.addPhone(contact.version, values);
            close();
          }}
        />
      )}
    </AddInPlace>
  );
}

export function usePhonesSection(): SectionDef {
  const { contact } = useContactPage();
  return {
    id: 'phones',
    title: 'Phones',
    icon: IconPhone,
    count: contact.phones.length,
    emptyNote: 'No phone number yet.',
    rows: contact.phones.map((phone) => ({
      id: phone.id,
      label: `Phone ${phone.international} ${phone.e164}`,
      empty: false,
      node: <PhoneRow phone={phone} />,
    })),
    footer: <AddPhone />,
  };
}
