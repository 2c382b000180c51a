// The create-contact dialog: person or business, the core fields, and the server's refusals under the field they
// concern — a taken email or phone names the contact that has it, with a link to open it.
import { Button, Group, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { LazyModal } from '../../../components/LazyModal.tsx';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconUser } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import { AnchorLink } from '../../../components/links.tsx';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { ApiError } from '../../../lib/api.ts';
import { useSession } from '../../auth/useSession.ts';
import { contactTypesQuery, tagsQuery } from '../../settings/contactLibrary.api.ts';
import { usersQuery } from '../../settings/settings.api.ts';
import { createContact, type ContactKind, type CreateContactInput } from '../contactList.api.ts';
import { CountryPicker } from './CountryPicker.tsx';
import { guessCountry, isPlausiblePhone } from './phone.ts';

const international = (phone: string) => /^\s*(\+|00)/.test(phone);

export interface CreateContactPrefill {
  /** What the user typed in the search palette: a name, or an email address. */
  text?: string;
}

export function CreateContactDialog({
  opened,
  onClose,
  prefill,
}: {
  opened: boolean;
  onClose(): void;
  prefill?: CreateContactPrefill;
}) {
  const { t } = useTranslation();
  return (
    <LazyModal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>{t('contactList.create.title')}</Text>}
      size="lg"
    >
      <CreateContactForm key={prefill?.text ?? ''} prefill={prefill} onDone={onClose} />
    </LazyModal>
  );
}

type Field = 'firstName' | 'lastName' | 'businessName' | 'email' | 'phone' | 'contactType' | 'ownerId' | 'tags';

interface Values {
  kind: ContactKind;
  firstName: string;
  lastName: string;
  businessName: string;
  email: string;
  phone: string;
  country: string | null;
  contactType: string | null;
  ownerId: string;
  tags: string[];
}

const COUNTRY_KEY = 'dossier-phone-country';

function initialValues(prefill: CreateContactPrefill | undefined, meId: string): Values {
  const text = prefill?.text?.trim() ?? '';
  const isEmail = text.includes('@');
  const [first, ...rest] = isEmail ? [] : text.split(/\s+/).filter(Boolean);
  return {
    kind: 'person',
    firstName: first ?? '',
    lastName: rest.join(' '),
    businessName: '',
    email: isEmail ? text : '',
    phone: '',
    country: localStorage.getItem(COUNTRY_KEY) ?? guessCountry(),
    contactType: null,
    ownerId: meId,
    tags: [],
  };
}

/** The holder of a taken email or phone, as the server names it. */
function takenBy(error: unknown): { id: string; displayName: string } | null {
  if (!(error instanceof ApiError) || (error.code !== 'email_taken' && error.code !== 'phone_taken')) return null;
  const contact = error.extras.contact as { id?: unknown; displayName?: unknown } | undefined;
  return typeof contact?.id === 'string' && typeof contact.displayName === 'string'
    ? { id: contact.id, displayName: contact.displayName }
    : null;
}

/** The server's refusal placed under the field it concerns; null when no field can carry it. */
function fieldOfProblem(error: unknown, kind: ContactKind): Partial<Record<Field, string>> {
  if (!(error instanceof ApiError)) return {};
  switch (error.code) {
    case 'email_taken':
      return { email: error.detail };
    case 'phone_taken':
    case 'phone_invalid':
      return { phone: error.detail };
    case 'name_required':
      return kind === 'business' ? { businessName: error.detail } : { firstName: error.detail };
    case 'invalid_reference': {
      const field = error.extras.field;
      return field === 'ownerId' || field === 'contactType' ? { [field]: error.detail } : {};
    }
  }
  const out: Partial<Record<Field, string>> = {};
  const byBody: Record<string, Field> = {
    firstName: 'firstName',
    lastName: 'lastName',
    businessName: 'businessName',
    emails: 'email',
    phones: 'phone',
    contactType: 'contactType',
    ownerId: 'ownerId',
    tags: 'tags',
  };
  for (const [key, message] of Object.entries(error.fieldErrors)) {
    const field = byBody[key];
    if (field) out[field] ??= message;
  }
  return out;
}

function CreateContactForm({ prefill, onDone }: { prefill?: CreateContactPrefill; onDone(): void }) {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const ownContactsOnly = me.role === 'member' && me.contactAccess === 'own';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const types = useQuery(contactTypesQuery);
  const users = useQuery(usersQuery('active'));
  const tags = useQuery(tagsQuery);
  const [v, setValues] = useState<Values>(() => initialValues(prefill, me.id));
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});

  const mutation = useMutation({
    mutationFn: (input: CreateContactInput) => createContact(input),
    onSuccess: async (created) => {
      if (v.country) localStorage.setItem(COUNTRY_KEY, v.country);
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
      if (v.tags.length) await queryClient.invalidateQueries({ queryKey: ['tags'] });
      onDone();
      // A member who sees only their own contacts cannot open one created for someone else.
      if (ownContactsOnly && created.owner.id !== me.id) {
        notifications.show({
          color: 'green',
          message: t('contactList.create.createdFor', { name: created.displayName, owner: created.owner.name }),
        });
        return;
      }
      notifications.show({ color: 'green', message: t('contactList.create.created', { name: created.displayName }) });
      await navigate({ to: '/contacts/$contactId', params: { contactId: created.id } });
    },
  });

  const set =
    <K extends keyof Values>(key: K) =>
    (value: Values[K]) => {
      setValues((prev) => ({ ...prev, [key]: value }));
      setLocal({});
      mutation.reset();
    };

  const server = fieldOfProblem(mutation.error, v.kind);
  const errors = { ...server, ...local };
  const placed = Object.keys(server).length > 0;
  const holder = takenBy(mutation.error);

  // The workspace's default type ("lead" when it exists, else the first), as the server would choose it.
  const typeOptions = (types.data ?? []).map((type) => ({ value: type.key, label: type.label }));
  const defaultType = types.data?.find((type) => type.key === 'lead')?.key ?? types.data?.[0]?.key ?? null;
  const contactType = v.contactType ?? defaultType;
  const ownerOptions = (users.data ?? [{ id: me.id, name: me.name }]).map((u) => ({
    value: u.id,
    label: u.id === me.id ? t('contactList.you', { name: u.name }) : u.name,
  }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Partial<Record<Field, string>> = {};
    if (v.kind === 'business' && !v.businessName.trim()) problems.businessName = t('contactList.create.nameBusiness');
    if (v.kind === 'person' && !v.firstName.trim() && !v.lastName.trim() && !v.email.trim()) {
      problems.firstName = t('contactList.create.nameSomeone');
    }
    if (v.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim())) {
      problems.email = t('contactList.create.emailInvalid');
    }
    const phone = v.phone.trim();
    if (phone && !international(phone) && !v.country) {
      problems.phone = t('contactList.create.phoneCountry');
    } else if (phone && !isPlausiblePhone(phone, v.country)) {
      problems.phone = t('contactList.create.phoneInvalid');
    }
    if (Object.keys(problems).length) {
      setLocal(problems);
      return;
    }
    mutation.mutate({
      kind: v.kind,
      ...(v.kind === 'person'
        ? { firstName: v.firstName.trim() || undefined, lastName: v.lastName.trim() || undefined }
        : { businessName: v.businessName.trim() }),
      emails: v.email.trim() ? [{ email: v.email.trim(), type: 'work', isPrimary: true }] : undefined,
      phones: phone
        ? [
            {
              number: phone,
              type: 'mobile',
              isPrimary: true,
              country: international(phone) ? undefined : (v.country ?? undefined),
            },
          ]
        : undefined,
      contactType: contactType ?? undefined,
      ownerId: v.ownerId,
      tags: v.tags.length ? v.tags : undefined,
    });
  };

  const takenNote = (field: 'email' | 'phone'): ReactNode =>
    errors[field] && holder && local[field] === undefined && server[field] ? (
      <>
        {t(field === 'email' ? 'contactList.create.emailTaken' : 'contactList.create.phoneTaken', {
          name: holder.displayName,
        })}
        .{' '}
        <AnchorLink to="/contacts/$contactId" params={{ contactId: holder.id }} size="xs" fw={600} onClick={onDone}>
          {t('contactList.create.open', { name: holder.displayName })}
        </AnchorLink>
      </>
    ) : (
      errors[field]
    );

  return (
    <form onSubmit={submit} noValidate aria-label={t('contactList.create.title')}>
      <Stack gap="md">
        <SegmentedControl
          value={v.kind}
          onChange={(kind) => set('kind')(kind as ContactKind)}
          data={[
            {
              value: 'person',
              label: (
                <Group gap={6} justify="center" wrap="nowrap">
                  <IconUser size={16} /> {t('contactList.create.person')}
                </Group>
              ),
            },
            {
              value: 'business',
              label: (
                <Group gap={6} justify="center" wrap="nowrap">
                  <IconBuilding size={16} /> {t('contactList.create.business')}
                </Group>
              ),
            },
          ]}
          aria-label={t('contactList.create.kind')}
          fullWidth
        />
        {v.kind === 'person' ? (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              label={t('contactList.create.firstName')}
              value={v.firstName}
              onChange={(e) => set('firstName')(e.currentTarget.value)}
              error={errors.firstName}
              maxLength={200}
              autoComplete="off"
              data-autofocus
            />
            <TextInput
              label={t('contactList.create.lastName')}
              value={v.lastName}
              onChange={(e) => set('lastName')(e.currentTarget.value)}
              error={errors.lastName}
              maxLength={200}
              autoComplete="off"
            />
          </SimpleGrid>
        ) : (
          <TextInput
            label={t('contactList.create.businessName')}
            value={v.businessName}
            onChange={(e) => set('businessName')(e.currentTarget.value)}
            error={errors.businessName}
            maxLength={300}
            autoComplete="off"
            withAsterisk
            data-autofocus
          />
        )}
        <TextInput
          label={t('contactList.create.email')}
          type="email"
          placeholder="name@example.com"
          value={v.email}
          onChange={(e) => set('email')(e.currentTarget.value)}
          error={takenNote('email')}
          autoComplete="off"
        />
        <TextInput
          label={t('contactList.create.phone')}
          placeholder={international(v.phone) || !v.country ? '+49 30 1234567' : t('contactList.create.number')}
          value={v.phone}
          onChange={(e) => set('phone')(e.currentTarget.value)}
          error={takenNote('phone')}
          type="tel"
          autoComplete="off"
          leftSection={
            international(v.phone) ? undefined : (
              <CountryPicker value={v.country} onChange={(c) => set('country')(c)} locale={me.locale} />
            )
          }
          leftSectionWidth={international(v.phone) ? undefined : 92}
          leftSectionPointerEvents="all"
          description={international(v.phone) ? undefined : t('contactList.create.phoneHelp')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t('contactList.create.contactType')}
            data={typeOptions}
            value={contactType}
            onChange={(type) => type && set('contactType')(type)}
            error={errors.contactType}
            allowDeselect={false}
            placeholder={types.isPending ? t('common.loading') : undefined}
          />
          <Select
            label={t('contactList.create.owner')}
            data={ownerOptions}
            value={v.ownerId}
            onChange={(id) => id && set('ownerId')(id)}
            error={errors.ownerId}
            allowDeselect={false}
            searchable
          />
        </SimpleGrid>
        {ownContactsOnly && v.ownerId !== me.id && (
          <Text size="xs" c="orange.8" mt={-8}>
            {t('contactList.create.leavesList')}
          </Text>
        )}
        <TagsInput
          label={t('contactList.create.tags')}
          placeholder={v.tags.length ? undefined : t('contactList.create.tagsPlaceholder')}
          data={(tags.data ?? []).map((tag) => tag.name)}
          value={v.tags}
          onChange={set('tags')}
          error={errors.tags}
          clearable
          maxTags={50}
          openOnFocus={false}
        />
        {mutation.error && !placed ? <ProblemAlert error={mutation.error} /> : null}
        <Group justify="space-between" gap="sm" mt="xs">
          <Text size="xs" c="dimmed" visibleFrom="xs">
            {t('contactList.create.moreLater')}
          </Text>
          <Group gap="sm" ml="auto">
            <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t('contactList.create.submit')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
