// The Associations tab's dialogs: link an existing contact, add a new person to a business, edit a link (role,
// note, primary, the business details the person uses by reference), add a relation.
import { Button, Checkbox, Group, Select, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { LazyModal } from '../../components/LazyModal.tsx';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ContactSelect, type ContactRef } from '../calendar/pickers.tsx';
import { contactQuery } from '../contacts/contact.api.ts';
import {
  afterAssociationChange,
  linkWrites,
  relationTypesQuery,
  relationWrites,
  type ContactLinkDto,
} from './relationships.api.ts';

interface DialogProps {
  opened: boolean;
  onClose(): void;
  /** The contact whose page the dialog opened on. */
  contactId: string;
}

function Footer({ onCancel, pending, label }: { onCancel(): void; pending: boolean; label: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel} disabled={pending}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={pending}>
        {label}
      </Button>
    </Group>
  );
}

/** Links an existing business (on a person's page) or person (on a business's page). */
export function LinkExistingModal({ opened, onClose, contactId, kind }: DialogProps & { kind: 'person' | 'business' }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [other, setOther] = useState<ContactRef | null>(null);
  const [role, setRole] = useState('');
  const [primary, setPrimary] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      linkWrites(contactId).create({ contactId: other!.id, role: role.trim() || null, isPrimary: primary }),
    onSuccess: async () => {
      await afterAssociationChange(queryClient, [contactId, other!.id]);
      close();
    },
  });
  const close = () => {
    save.reset();
    setOther(null);
    setRole('');
    setPrimary(false);
    onClose();
  };
  const otherLabel = kind === 'person' ? t('relationships.business') : t('relationships.person');
  return (
    <LazyModal
      opened={opened}
      onClose={close}
      title={
        <Text fw={600}>{kind === 'person' ? t('relationships.linkBusiness') : t('relationships.linkPerson')}</Text>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (other) save.mutate();
        }}
      >
        <Stack gap="md">
          <ContactSelect
            label={otherLabel}
            placeholder={t('relationships.searchContact')}
            value={other}
            onChange={setOther}
            required
            data-autofocus
          />
          <TextInput
            label={t('relationships.role')}
            placeholder={t('relationships.rolePlaceholder')}
            value={role}
            maxLength={120}
            onChange={(e) => setRole(e.currentTarget.value)}
          />
          <Switch
            label={t('relationships.primaryBusiness')}
            description={t('relationships.primaryHint')}
            checked={primary}
            onChange={(e) => setPrimary(e.currentTarget.checked)}
          />
          <ProblemAlert error={save.error} />
          <Footer onCancel={close} pending={save.isPending} label={t('relationships.link')} />
        </Stack>
      </form>
    </LazyModal>
  );
}

/** "Add person" on a business: creates the person and links them in one step. */
export function AddPersonModal({ opened, onClose, contactId }: DialogProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const empty = { firstName: '', lastName: '', email: '', phone: '', role: '' };
  const [v, setV] = useState(empty);
  const [primary, setPrimary] = useState(true);
  const set = (key: keyof typeof empty) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setV((old) => ({ ...old, [key]: value }));
  };
  const save = useMutation({
    mutationFn: () =>
      linkWrites(contactId).createPerson({
        person: {
          firstName: v.firstName.trim() || undefined,
          lastName: v.lastName.trim() || undefined,
          emails: v.email.trim() ? [{ email: v.email.trim() }] : undefined,
          phones: v.phone.trim() ? [{ number: v.phone.trim() }] : undefined,
        },
        role: v.role.trim() || null,
        isPrimary: primary,
      }),
    onSuccess: async () => {
      await Promise.all([
        afterAssociationChange(queryClient, [contactId]),
        queryClient.invalidateQueries({ queryKey: ['contacts'] }),
      ]);
      close();
    },
  });
  const close = () => {
    save.reset();
    setV(empty);
    setPrimary(true);
    onClose();
  };
  return (
    <LazyModal opened={opened} onClose={close} title={<Text fw={600}>{t('relationships.addPerson')}</Text>}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="md">
          <Group grow align="flex-start">
            <TextInput
              label={t('relationships.firstName')}
              value={v.firstName}
              onChange={set('firstName')}
              data-autofocus
            />
            <TextInput label={t('relationships.lastName')} value={v.lastName} onChange={set('lastName')} />
          </Group>
          <TextInput label={t('relationships.email')} type="email" value={v.email} onChange={set('email')} />
          <TextInput label={t('relationships.phone')} value={v.phone} onChange={set('phone')} />
          <TextInput
            label={t('relationships.role')}
            placeholder={t('relationships.rolePlaceholder')}
            value={v.role}
            onChange={set('role')}
          />
          <Switch
            label={t('relationships.primaryBusiness')}
            description={t('relationships.primaryHint')}
            checked={primary}
            onChange={(e) => setPrimary(e.currentTarget.checked)}
          />
          <ProblemAlert error={save.error} />
          <Footer onCancel={close} pending={save.isPending} label={t('relationships.createPerson')} />
        </Stack>
      </form>
    </LazyModal>
  );
}

/** Edits a link: role, note, primary, and which of the business's details the person uses as theirs. */
export function EditLinkModal({
  onClose,
  contactId,
  link,
}: Omit<DialogProps, 'opened'> & { link: ContactLinkDto | null }) {
  return link ? <EditLinkForm key={link.id} onClose={onClose} contactId={contactId} link={link} /> : null;
}

function EditLinkForm({ onClose, contactId, link }: Omit<DialogProps, 'opened'> & { link: ContactLinkDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const business = useQuery(contactQuery(link.business.id));
  const [role, setRole] = useState(link.role ?? '');
  const [note, setNote] = useState(link.note ?? '');
  const [primary, setPrimary] = useState(link.isPrimary);
  const [emailIds, setEmailIds] = useState(link.references.emails.map((e) => e.id));
  const [phoneIds, setPhoneIds] = useState(link.references.phones.map((p) => p.id));
  const [locationIds, setLocationIds] = useState(link.references.locations.map((l) => l.id));
  const save = useMutation({
    mutationFn: () =>
      linkWrites(contactId).update(link, {
        role: role.trim() || null,
        note: note.trim() || null,
        isPrimary: primary,
        emailIds,
        phoneIds,
        locationIds,
      }),
    onSuccess: async () => {
      await afterAssociationChange(queryClient, [link.person.id, link.business.id]);
      onClose();
    },
  });
  const b = business.data;
  const hasDetails = b && (b.emails.length || b.phones.length || b.locations.length);
  return (
    <LazyModal
      opened
      onClose={onClose}
      size="lg"
      title={
        <Text fw={600}>
          {t('relationships.editLink', { person: link.person.displayName, business: link.business.displayName })}
        </Text>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="md">
          <TextInput
            label={t('relationships.role')}
            placeholder={t('relationships.rolePlaceholder')}
            value={role}
            maxLength={120}
            onChange={(e) => setRole(e.currentTarget.value)}
            data-autofocus
          />
          <Textarea
            label={t('relationships.note')}
            value={note}
            maxLength={2000}
            rows={3}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Switch
            label={t('relationships.primaryBusiness')}
            description={t('relationships.primaryHint')}
            checked={primary}
            onChange={(e) => setPrimary(e.currentTarget.checked)}
          />
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              {t('relationships.references')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('relationships.referencesHint', { business: link.business.displayName })}
            </Text>
            {b && !hasDetails && (
              <Text size="sm" c="dimmed">
                {t('relationships.noBusinessDetails')}
              </Text>
            )}
            {b && b.emails.length > 0 && (
              <Checkbox.Group value={emailIds} onChange={setEmailIds} label={t('relationships.emails')}>
                <Stack gap={4} mt={4}>
                  {b.emails.map((e) => (
                    <Checkbox key={e.id} value={e.id} label={e.email} />
                  ))}
                </Stack>
              </Checkbox.Group>
            )}
            {b && b.phones.length > 0 && (
              <Checkbox.Group value={phoneIds} onChange={setPhoneIds} label={t('relationships.phones')}>
                <Stack gap={4} mt={4}>
                  {b.phones.map((p) => (
                    <Checkbox key={p.id} value={p.id} label={p.international} />
                  ))}
                </Stack>
              </Checkbox.Group>
            )}
            {b && b.locations.length > 0 && (
              <Checkbox.Group value={locationIds} onChange={setLocationIds} label={t('relationships.locations')}>
                <Stack gap={4} mt={4}>
                  {b.locations.map((l) => (
                    <Checkbox key={l.id} value={l.id} label={`${l.label} · ${l.address}`} />
                  ))}
                </Stack>
              </Checkbox.Group>
            )}
          </Stack>
          <ProblemAlert error={save.error} />
          <Footer onCancel={onClose} pending={save.isPending} label={t('relationships.save')} />
        </Stack>
      </form>
    </LazyModal>
  );
}

/** Relates this contact to another: the type read from this contact's side (either label), the other, a note. */
export function AddRelationModal({ opened, onClose, contactId, name }: DialogProps & { name: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const types = useQuery({ ...relationTypesQuery, enabled: opened });
  const [choice, setChoice] = useState<string | null>(null);
  const [other, setOther] = useState<ContactRef | null>(null);
  const [note, setNote] = useState('');
  const options = (types.data ?? []).flatMap((type) =>
    type.symmetric
      ? [{ value: `${type.id}:forward`, label: type.label }]
      : [
          { value: `${type.id}:forward`, label: type.label },
          { value: `${type.id}:inverse`, label: type.inverseLabel },
        ],
  );
  const save = useMutation({
    mutationFn: () => {
      const [typeId, direction] = choice!.split(':') as [string, 'forward' | 'inverse'];
      return relationWrites(contactId).create({
        typeId,
        direction,
        otherContactId: other!.id,
        note: note.trim() || null,
      });
    },
    onSuccess: async () => {
      await afterAssociationChange(queryClient, [contactId, other!.id]);
      close();
    },
  });
  const close = () => {
    save.reset();
    setChoice(null);
    setOther(null);
    setNote('');
    onClose();
  };
  return (
    <LazyModal opened={opened} onClose={close} title={<Text fw={600}>{t('relationships.addRelation')}</Text>}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (choice && other) save.mutate();
        }}
      >
        <Stack gap="md">
          <Select
            label={t('relationships.relationIs', { name })}
            placeholder={t('relationships.chooseType')}
            data={options}
            value={choice}
            onChange={setChoice}
            required
            allowDeselect={false}
            data-autofocus
          />
          <ContactSelect
            label={t('relationships.otherContact')}
            placeholder={t('relationships.searchContact')}
            value={other}
            onChange={setOther}
            required
          />
          <Textarea
            label={t('relationships.note')}
            value={note}
            maxLength={2000}
            rows={3}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <ProblemAlert error={save.error} />
          <Footer onCancel={close} pending={save.isPending} label={t('relationships.addRelation')} />
        </Stack>
      </form>
    </LazyModal>
  );
}
