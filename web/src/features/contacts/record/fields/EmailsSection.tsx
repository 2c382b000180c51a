// Emails: each address with its type, primary star and verification; added, changed and removed in place. A taken
// address is refused with the server's message naming (and linking) the contact that has it.
import { ActionIcon, Anchor, Badge, Button, Group, Menu, Select, TextInput, Tooltip } from '@mantine/core';
import {
  IconAlertTriangle,
  IconHelpCircle,
  IconRosetteDiscountCheck,
  IconDots,
  IconMail,
  IconPencil,
  IconStar,
  IconStarFilled,
  IconTrash,
} from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useContactActions, type ContactEmail } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';
import { EMAIL_TYPES, emailTypeLabel, verificationLabel } from '../format.ts';
import { CopyValue } from './CopyValue.tsx';
import { FieldProblem } from './FieldProblem.tsx';
import { AddInPlace, escapeCancels } from './AddInPlace.tsx';
import { useRowAction } from './useRowAction.ts';
import classes from './Items.module.css';
import type { SectionDef } from './Section.tsx';

type EmailType = ContactEmail['type'];
const TYPE_OPTIONS = [...EMAIL_TYPES].map((t) => ({
  value: t,
  label: emailTypeLabel(t),
}));

const VERIFICATION_LOOK = {
  verified: { color: 'green', icon: IconRosetteDiscountCheck },
  unverified: { color: 'gray', icon: IconHelpCircle },
  invalid: { color: 'red', icon: IconAlertTriangle },
} as const;

function EmailForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: { email: string; type: EmailType };
  submitLabel: string;
  onSubmit(values: { email: string; type: EmailType }): Promise<unknown>;
  onCancel(): void;
}) {
  const { reload } = useContactPage();
  const [email, setEmail] = useState(initial.email);
  const [type, setType] = useState<EmailType>(initial.type);
  const save = useRowAction();
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!email.trim()) return;
    await save.run(() => onSubmit({ email: email.trim(), type }));
  };
  const onKeyDown = escapeCancels(onCancel);
  return (
    <form onSubmit={submit} onKeyDown={onKeyDown} className={classes.form} data-testid="email-form">
      <Group gap={6} wrap="nowrap" align="flex-start">
        <TextInput
          size="xs"
          type="email"
          inputMode="email"
          autoFocus
          aria-label="Email address"
          placeholder="name@company.com"
          style={{ flex: 1 }}
          value={email}
          onChange={(e) => {
            setEmail(e.currentTarget.value);
            save.clear();
          }}
          error={Boolean(save.error)}
        />
        <Select
          size="xs"
          w={96}
          aria-label="Email type"
          data={TYPE_OPTIONS}
          value={type}
          onChange={(v) => v && setType(v as EmailType)}
          allowDeselect={false}
        />
      </Group>
      <FieldProblem
        error={save.error}
        onReload={async () => {
          await reload();
          onCancel();
        }}
      />
      <Group gap={6} mt={6}>
        <Button type="submit" size="compact-xs" loading={save.pending} disabled={!email.trim()}>
          {submitLabel}
        </Button>
        <Button size="compact-xs" variant="default" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
    </form>
  );
}

function EmailRow({ email }: { email: ContactEmail }) {
  const { contact, editable, reload } = useContactPage();
  const actions = useContactActions(contact.id);
  const action = useRowAction();
  const [editing, setEditing] = useState(false);
  const look = VERIFICATION_LOOK[email.verification];
  const VerificationIcon = look.icon;

  if (editing) {
    return (
      <EmailForm
        initial={{ email: email.email, type: email.type }}
        submitLabel="Save"
        onCancel={() => setEditing(false)}
        onSubmit={async (values) => {
          const version = contact.version;
          await actions.updateEmail(version, email.id, {
            ...(values.email !== email.email ? { email: values.email } : {}),
            ...(values.type !== email.type ? { type: values.type } : {}),
          });
          setEditing(false);
        }}
      />
    );
  }

  return (
    <div className={classes.item} data-testid="email-row">
      <div className={classes.main}>
        <Group gap={6} wrap="nowrap">
          <Anchor href={`mailto:${email.email}`} size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
            {email.email}
          </Anchor>
          <CopyValue value={email.email} label="address" />
          {email.isPrimary && (
            <Tooltip label="Primary email">
              <IconStarFilled size={13} className={classes.primary} aria-label="Primary" role="img" />
            </Tooltip>
          )}
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
            <ActionIcon size="sm" aria-label={`Actions for ${email.email}`} loading={action.pending}>
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconPencil size={15} />} onClick={() => setEditing(true)}>
              Edit address or type
            </Menu.Item>
            {!email.isPrimary && (
              <Menu.Item
                leftSection={<IconStar size={15} />}
                onClick={() => action.run(() => actions.updateEmail(contact.version, email.id, { isPrimary: true }))}
              >
                Make primary
              </Menu.Item>
            )}
            <Menu.Label>Verification</Menu.Label>
            {(['verified', 'unverified', 'invalid'] as const)
              .filter((v) => v !== email.verification)
              .map((v) => {
                const Icon = VERIFICATION_LOOK[v].icon;
                return (
                  <Menu.Item
                    key={v}
                    leftSection={<Icon size={15} />}
                    onClick={() =>
                      action.run(() => actions.updateEmail(contact.version, email.id, { verification: v }))
                    }
                  >
                    Mark as {verificationLabel(v).toLowerCase()}
                  </Menu.Item>
                );
              })}
            <Menu.Divider />
            <Menu.Item
              color="red"
              leftSection={<IconTrash size={15} />}
              onClick={() => action.run(() => actions.removeEmail(contact.version, email.id))}
            >
              Remove email
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
    </div>
  );
}

function AddEmail() {
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  return (
    <AddInPlace label="Add email">
      {(close) => (
        <EmailForm
          initial={{ email: '', type: 'work' }}
          submitLabel="Add email"
          onCancel={close}
          onSubmit={async (values) => {
            await actions.addEmail(contact.version, values);
            close();
          }}
        />
      )}
    </AddInPlace>
  );
}

export function useEmailsSection(): SectionDef {
  const { contact } = useContactPage();
  return {
    id: 'emails',
    title: 'Emails',
    icon: IconMail,
    count: contact.emails.length,
    emptyNote: 'No email address yet.',
    rows: contact.emails.map((email) => ({
      id: email.id,
      label: `Email ${email.email}`,
      empty: false,
      node: <EmailRow email={email} />,
    })),
    footer: <AddEmail />,
  };
}
