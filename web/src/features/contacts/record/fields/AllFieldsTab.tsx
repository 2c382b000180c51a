// "All fields": every field of the contact in collapsible sections — Contact, Emails, Phones, Locations, one per
// custom-field folder, Additional fields — with a search by field name and a switch that hides empty fields.
import { ActionIcon, Anchor, CloseButton, Group, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { IconFilter, IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from '../../../../app/i18n.ts';
import { useBusinessDetailsSections } from '../../../relationships/BusinessDetailsSection.tsx';
import { useContactDetailsSection } from './ContactDetailsSection.tsx';
import { useCustomFieldSections } from './CustomFieldSections.tsx';
import { useEmailsSection } from './EmailsSection.tsx';
import { useLocationsSection } from './LocationsSection.tsx';
import { usePhonesSection } from './PhonesSection.tsx';
import { useShownOnce } from '../../../../components/useShownOnce.ts';
import { Section, type FieldRow, type SectionDef } from './Section.tsx';

/** Which rows of a section stay visible for a search and the "hide empty" switch. */
export function visibleRows(section: SectionDef, query: string, hideEmpty: boolean): FieldRow[] {
  const q = query.trim().toLowerCase();
  const titleMatches = q !== '' && section.title.toLowerCase().includes(q);
  return section.rows.filter(
    (row) => (!hideEmpty || !row.empty) && (q === '' || titleMatches || row.label.toLowerCase().includes(q)),
  );
}

export function AllFieldsTab() {
  const { t } = useTranslation();
  const sections = [
    useContactDetailsSection(),
    useEmailsSection(),
    usePhonesSection(),
    useLocationsSection(),
    ...useBusinessDetailsSections(),
    ...useCustomFieldSections(),
  ];
  const [query, setQuery] = useState('');
  // Read while drawing, not in an effect after it: read later, every field was drawn a second time.
  const [hideEmpty, setHideEmpty] = useLocalStorage({
    key: 'dossier.contact.hide-empty',
    defaultValue: false,
    getInitialValueInEffect: false,
  });
  const [collapsed, setCollapsed] = useLocalStorage<string[]>({
    key: 'dossier.contact.collapsed-sections',
    defaultValue: [],
    getInitialValueInEffect: false,
  });
  const filtering = query.trim() !== '' || hideEmpty;
  const restShown = useShownOnce();

  const shown = sections
    .map((section) => ({ section, rows: visibleRows(section, query, hideEmpty) }))
    .filter(({ rows }) => rows.length > 0 || !filtering);

  return (
    <Stack gap={0}>
      <Group gap="xs" px="md" pb="sm" wrap="nowrap">
        <TextInput
          size="xs"
          style={{ flex: 1 }}
          leftSection={<IconSearch size={14} />}
          placeholder={t('contactPage.allFields.search')}
          aria-label={t('contactPage.allFields.searchLabel')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Escape' && setQuery('')}
          rightSection={
            query ? (
              <CloseButton size="xs" aria-label={t('contactPage.allFields.clearSearch')} onClick={() => setQuery('')} />
            ) : null
          }
        />
        <Tooltip label={hideEmpty ? t('contactPage.allFields.showEmpty') : t('contactPage.allFields.hideEmpty')}>
          <ActionIcon
            variant={hideEmpty ? 'light' : 'default'}
            color={hideEmpty ? 'brand' : 'gray'}
            size={30}
            aria-pressed={hideEmpty}
            aria-label={t('contactPage.allFields.hideEmpty')}
            onClick={() => setHideEmpty(!hideEmpty)}
          >
            {hideEmpty ? <IconFilterOff size={15} /> : <IconFilter size={15} />}
          </ActionIcon>
        </Tooltip>
      </Group>
      {hideEmpty && (
        <Text size="xs" c="dimmed" px="md" pb="xs">
          {t('contactPage.allFields.emptyHidden')}{' '}
          <Anchor component="button" type="button" size="xs" onClick={() => setHideEmpty(false)}>
            {t('contactPage.allFields.showThem')}
          </Anchor>
        </Text>
      )}
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed" px="md" py="lg" ta="center">
          {query.trim()
            ? t('contactPage.allFields.noMatch', { query: query.trim() })
            : t('contactPage.allFields.allEmpty')}
        </Text>
      ) : (
        shown.map(({ section, rows }, i) => (
          <Section
            key={section.id}
            section={section}
            rows={rows}
            // The first section fills the panel's height in view; the others follow a frame after the page shows.
            pending={i > 0 && !restShown}
            // A search opens every section it finds something in.
            opened={query.trim() !== '' || !collapsed.includes(section.id)}
            onToggle={() =>
              setCollapsed(
                collapsed.includes(section.id)
                  ? collapsed.filter((id) => id !== section.id)
                  : [...collapsed, section.id],
              )
            }
            showFooter={!filtering}
          />
        ))
      )}
    </Stack>
  );
}
