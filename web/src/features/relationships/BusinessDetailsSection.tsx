// The left panel's "Via business" section on a person: the emails, phones and locations of the businesses they
// work for that the person uses as theirs (read-only, labelled with the business, following its changes).
import { Anchor, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { IconBuildingSkyscraper } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../app/i18n.ts';
import { ReadOnlyField } from '../contacts/record/fields/ReadOnlyField.tsx';
import type { FieldRow, SectionDef } from '../contacts/record/fields/Section.tsx';
import { useContactPage } from '../contacts/record/ContactContext.tsx';
import { businessesQuery } from './relationships.api.ts';

/** None for a business, or a person using no business's details. */
export function useBusinessDetailsSections(): SectionDef[] {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const links = useQuery({ ...businessesQuery(contact.id), enabled: contact.kind === 'person' });
  if (contact.kind !== 'person' || !links.data) return [];
  const rows: FieldRow[] = links.data.flatMap((link) => {
    const via = link.business.displayName;
    const row = (id: string, label: string, node: ReactNode): FieldRow => ({
      id,
      label,
      empty: false,
      node: (
        <ReadOnlyField key={id} label={label} testId="business-detail">
          {node}
        </ReadOnlyField>
      ),
    });
    return [
      ...link.references.emails.map((e) =>
        row(
          e.id,
          t('relationships.emailVia', { business: via }),
          <Anchor href={`mailto:${e.email}`} size="sm">
            {e.email}
          </Anchor>,
        ),
      ),
      ...link.references.phones.map((p) =>
        row(
          p.id,
          t('relationships.phoneVia', { business: via }),
          <Anchor href={`tel:${p.e164}`} size="sm">
            {p.international}
          </Anchor>,
        ),
      ),
      ...link.references.locations.map((l) =>
        row(
          l.id,
          t('relationships.locationVia', { label: l.label, business: via }),
          <Text size="sm">{l.address}</Text>,
        ),
      ),
    ];
  });
  if (!rows.length) return [];
  return [
    {
      id: 'business-details',
      title: t('relationships.viaBusinessTitle'),
      icon: IconBuildingSkyscraper,
      rows,
      count: rows.length,
    },
  ];
}
