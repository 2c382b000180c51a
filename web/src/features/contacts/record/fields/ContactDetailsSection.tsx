// The "Contact" section: the standard fields of SPEC 2.1 for a person or a business, each editable in place, plus
// the read-only first and last attribution and the record's own dates.
import { Anchor, Badge, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconClock, IconId } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ComponentProps } from 'react';
import { useTranslation } from '../../../../app/i18n.ts';
import { formatDateTime } from '../../../../lib/format.ts';
import { useUserZone } from '../../../auth/useSession.ts';
import { timeZoneOptions } from '../../../settings/options.ts';
import { contactTypesQuery } from '../../../settings/contactLibrary.api.ts';
import { useContactActions, type ContactProfile, type UpdateContactInput } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';
import { formatDay, languageName, localTimeIn, offsetFromReader } from '../format.ts';
import { GENDERS, LANGUAGE_CODES, LEGAL_FORMS, SOURCES } from '../options.ts';
import { EditableField, type EditorSpec } from './EditableField.tsx';
import classes from './Field.module.css';
import { FieldProblem } from './FieldProblem.tsx';
import { PublicLinksField } from './PublicLinksField.tsx';
import { ReadOnlyField } from './ReadOnlyField.tsx';
import type { FieldRow, SectionDef } from './Section.tsx';
import { useRowAction } from './useRowAction.ts';

/** The current time, refreshed every `ms`, for the contact's local time. */
function useNow(ms: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

function ageOn(birthday: string, now: Date): number | null {
  const [y, m, d] = birthday.split('-').map(Number);
  if (!y || !m || !d) return null;
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) age -= 1;
  return age >= 0 && age < 150 ? age : null;
}

type Attribution = ContactProfile['firstAttribution'];

function AttributionView({ attribution }: { attribution: NonNullable<Attribution> }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const rows: [string, string | null | undefined][] = [
    ['Source', attribution.source],
    ['Medium', attribution.medium],
    ['Campaign', attribution.campaign],
    ['Term', attribution.term],
    ['Content', attribution.content],
    ['Referrer', attribution.referrer],
  ];
  return (
    <Stack gap={2}>
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <Text size="sm" key={k} style={{ overflowWrap: 'anywhere' }}>
            <Text span c="dimmed" size="xs">
              {k === 'Source'
                ? 'utm_source'
                : k === 'Referrer'
                  ? t('contactPage.details.referrer')
                  : `utm_${k.toLowerCase()}`}
            </Text>{' '}
            {v}
          </Text>
        ))}
      {attribution.url && (
        <Anchor size="xs" href={attribution.url} target="_blank" rel="noopener noreferrer" lineClamp={1}>
          {attribution.url}
        </Anchor>
      )}
      <Text size="xs" c="dimmed">
        {formatDateTime(attribution.at, zone)}
      </Text>
    </Stack>
  );
}

/** Person or business: one click on the other switches it (a business needs a business name first). */
function KindField() {
  const { t } = useTranslation();
  const { contact, editable, reload } = useContactPage();
  const actions = useContactActions(contact.id);
  const action = useRowAction();
  return (
    <div className={classes.row} data-testid="field-kind">
      <Text className={classes.label} size="sm" c="dimmed" id="contact-kind-label">
        {t('contactPage.fields.kind')}
      </Text>
      <div className={classes.value} style={{ padding: '3px 0' }}>
        <SegmentedControl
          size="xs"
          aria-labelledby="contact-kind-label"
          value={contact.kind}
          disabled={!editable || action.pending}
          onChange={(kind) =>
            void action.run(() => actions.update(contact.version, { kind: kind as ContactProfile['kind'] }))
          }
          data={[
            { value: 'person', label: t('contactPage.kinds.person') },
            { value: 'business', label: t('contactPage.kinds.business') },
          ]}
        />
        <FieldProblem
          error={action.error}
          onReload={async () => {
            await reload();
            action.clear();
          }}
        />
      </div>
    </div>
  );
}

export function useContactDetailsSection(): SectionDef {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  const zone = useUserZone();
  const types = useQuery(contactTypesQuery);
  const now = useNow(30_000);

  const field = (
    key: keyof UpdateContactInput & keyof ContactProfile,
    label: string,
    editor: EditorSpec = { type: 'text' },
    extra: Partial<ComponentProps<typeof EditableField>> = {},
  ): FieldRow => {
    const value = contact[key];
    return {
      id: key,
      label,
      empty: value === null || value === '' || (Array.isArray(value) && value.length === 0),
      node: (
        <EditableField
          testId={`field-${key}`}
          label={label}
          value={value}
          editor={editor}
          onSave={(v, version) => actions.update(version, { [key]: v } as UpdateContactInput)}
          {...extra}
        />
      ),
    };
  };

  const isPerson = contact.kind === 'person';
  const type = types.data?.find((t) => t.key === contact.contactType);
  const typeOptions = (types.data ?? []).map((t) => ({ value: t.key, label: t.label }));
  if (!typeOptions.some((o) => o.value === contact.contactType)) {
    typeOptions.unshift({ value: contact.contactType, label: contact.contactType });
  }
  const languageOptions = LANGUAGE_CODES.map((code) => ({ value: code, label: languageName(code, zone.locale) })).sort(
    (a, b) => a.label.localeCompare(b.label),
  );
  if (contact.language && !LANGUAGE_CODES.includes(contact.language)) {
    languageOptions.unshift({ value: contact.language, label: languageName(contact.language, zone.locale) });
  }
  const localTime = contact.timezone ? localTimeIn(contact.timezone, zone.locale, now) : null;
  const offset = contact.timezone ? offsetFromReader(contact.timezone, zone.timeZone, now) : null;
  const age = contact.birthday ? ageOn(contact.birthday, now) : null;

  const rows: FieldRow[] = [{ id: 'kind', label: t('contactPage.fields.kind'), empty: false, node: <KindField /> }];
  if (isPerson) {
    rows.push(
      field('firstName', t('contactPage.fields.firstName'), { type: 'text', maxLength: 200 }),
      field('lastName', t('contactPage.fields.lastName'), { type: 'text', maxLength: 200 }),
      field('title', t('contactPage.fields.title'), {
        type: 'text',
        maxLength: 200,
        placeholder: t('contactPage.details.titlePlaceholder'),
      }),
      field('businessName', t('contactPage.fields.company'), { type: 'text', maxLength: 300 }),
    );
  } else {
    rows.push(
      field('businessName', t('contactPage.fields.businessName'), { type: 'text', maxLength: 300 }),
      field('legalForm', t('contactPage.fields.legalForm'), {
        type: 'autocomplete',
        data: [...LEGAL_FORMS],
        placeholder: 'GmbH, LTD, Inc.…',
      }),
      field('registrationNumber', t('contactPage.fields.registrationNumber'), {
        type: 'text',
        maxLength: 100,
        placeholder: 'HRB 12345',
      }),
      field('vatId', t('contactPage.fields.vatId'), { type: 'text', maxLength: 60, placeholder: 'DE123456789' }),
    );
  }
  rows.push(
    field(
      'contactType',
      t('contactPage.fields.contactType'),
      { type: 'select', data: typeOptions },
      {
        text: type?.label ?? contact.contactType,
        display: (
          <Badge color={type?.color ?? 'gray'} variant="light">
            {type?.label ?? contact.contactType}
          </Badge>
        ),
      },
    ),
    field(
      'language',
      t('contactPage.fields.language'),
      { type: 'select', data: languageOptions, searchable: true, clearable: true, limit: 60 },
      { text: contact.language ? languageName(contact.language, zone.locale) : null },
    ),
    field(
      'timezone',
      t('contactPage.fields.timezone'),
      {
        type: 'select',
        data: () => timeZoneOptions(contact.timezone ?? undefined),
        searchable: true,
        clearable: true,
        limit: 60,
      },
      {
        text: contact.timezone?.replaceAll('_', ' ') ?? null,
        hint: localTime && (
          <Group gap={4} wrap="nowrap" mt={-2} mb={2}>
            <IconClock size={13} color="var(--mantine-color-dimmed)" aria-hidden />
            <Text size="xs" c="dimmed" data-testid="contact-local-time">
              {t('contactPage.details.localTime', { time: localTime })}
              {offset ? ` · ${offset}` : ''}
            </Text>
          </Group>
        ),
      },
    ),
    field('source', t('contactPage.fields.source'), {
      type: 'autocomplete',
      data: [...SOURCES],
      placeholder: t('contactPage.details.sourcePlaceholder'),
    }),
  );
  if (isPerson) {
    rows.push(
      field(
        'birthday',
        t('contactPage.fields.birthday'),
        { type: 'date' },
        {
          text: contact.birthday ? formatDay(contact.birthday, zone.locale) : null,
          display: contact.birthday ? (
            <Text size="sm">
              {formatDay(contact.birthday, zone.locale)}
              {age !== null && (
                <Text span c="dimmed" size="sm">
                  {' '}
                  · {t('contactPage.details.age', { count: age })}
                </Text>
              )}
            </Text>
          ) : undefined,
        },
      ),
      field('gender', t('contactPage.fields.gender'), { type: 'autocomplete', data: [...GENDERS] }),
    );
  }
  rows.push(
    field(
      'keywords',
      t('contactPage.fields.keywords'),
      { type: 'tags', placeholder: t('contactPage.details.keywordsPlaceholder') },
      {
        text: contact.keywords.join(', '),
        display: contact.keywords.length ? (
          <Group gap={4}>
            {contact.keywords.map((k) => (
              <Badge key={k} variant="outline" color="gray" size="sm" style={{ textTransform: 'none' }}>
                {k}
              </Badge>
            ))}
          </Group>
        ) : undefined,
      },
    ),
    {
      id: 'publicLinks',
      label: t('contactPage.fields.publicLinks'),
      empty: contact.publicLinks.length === 0,
      node: <PublicLinksField />,
    },
    {
      id: 'firstAttribution',
      label: t('contactPage.fields.firstAttribution'),
      empty: !contact.firstAttribution,
      node: (
        <ReadOnlyField label={t('contactPage.fields.firstAttribution')} testId="field-firstAttribution">
          {contact.firstAttribution && <AttributionView attribution={contact.firstAttribution} />}
        </ReadOnlyField>
      ),
    },
    {
      id: 'lastAttribution',
      label: t('contactPage.fields.lastAttribution'),
      empty: !contact.lastAttribution,
      node: (
        <ReadOnlyField label={t('contactPage.fields.lastAttribution')} testId="field-lastAttribution">
          {contact.lastAttribution && <AttributionView attribution={contact.lastAttribution} />}
        </ReadOnlyField>
      ),
    },
    {
      id: 'created',
      label: t('contactPage.details.created'),
      empty: false,
      node: (
        <ReadOnlyField label={t('contactPage.details.created')}>
          <Text size="sm">
            {formatDateTime(contact.createdAt, zone)}
            {contact.createdBy && (
              <Text span c="dimmed" size="sm">
                {' '}
                {t('contactPage.details.by', { name: contact.createdBy.name })}
              </Text>
            )}
          </Text>
        </ReadOnlyField>
      ),
    },
    {
      id: 'updated',
      label: t('contactPage.details.updated'),
      empty: false,
      node: (
        <ReadOnlyField label={t('contactPage.details.updated')}>
          <Text size="sm">{formatDateTime(contact.updatedAt, zone)}</Text>
        </ReadOnlyField>
      ),
    },
  );
  return { id: 'contact', title: t('contactPage.details.title'), icon: IconId, rows };
}
