// Locations (HQ, branch, delivery site, home): label, address and coordinates, a Directions link that works on a
// phone, added, changed and removed in place.
import {
  Anchor,
  Autocomplete,
  Badge,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconExternalLink, IconMapPin, IconRoute } from '@tabler/icons-react';
import { useTranslation } from '../../../../app/i18n.ts';
import { useUserZone } from '../../../auth/useSession.ts';
import { useContactActions, type ContactLocation, type LocationInputDto } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';
import { directionsUrl } from '../format.ts';
import { LOCATION_LABELS } from '../options.ts';
import { regionOptions } from '../phone.ts';
import {
  collectionSection,
  PrimaryMark,
  type Collection,
  type DraftFields,
  type RowAction,
} from './CollectionSection.tsx';
import classes from './Items.module.css';
import type { SectionDef } from './Section.tsx';

interface LocationDraft {
  label: string;
  address: string;
  city: string;
  postalCode: string;
  country: string | null;
  lat: number | string;
  lng: number | string;
  isPrimary: boolean;
}

const toDraft = (l?: ContactLocation): LocationDraft => ({
  label: l?.label ?? '',
  address: l?.address ?? '',
  city: l?.city ?? '',
  postalCode: l?.postalCode ?? '',
  country: l?.country ?? null,
  lat: l?.lat ?? '',
  lng: l?.lng ?? '',
  isPrimary: l?.isPrimary ?? false,
});

function toInput(d: LocationDraft): LocationInputDto {
  const num = (v: number | string) => (v === '' ? null : Number(v));
  return {
    label: d.label.trim(),
    address: d.address.trim(),
    city: d.city.trim() || null,
    postalCode: d.postalCode.trim() || null,
    country: d.country || null,
    lat: num(d.lat),
    lng: num(d.lng),
    isPrimary: d.isPrimary,
  };
}

function LocationFields({ draft: d, set }: DraftFields<LocationDraft>) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const options = regionOptions(zone.locale);
  const countryData =
    d.country && !options.some((o) => o.value === d.country)
      ? [{ value: d.country, label: d.country }, ...options]
      : options;
  return (
    <>
      <Autocomplete
        size="xs"
        label={t('contactPage.fields.label')}
        placeholder={t('contactPage.locations.labelPlaceholder')}
        autoFocus
        data={[...LOCATION_LABELS]}
        value={d.label}
        onChange={(label) => set({ label })}
      />
      <Textarea
        mt={6}
        size="xs"
        label={t('contactPage.fields.address')}
        placeholder={t('contactPage.locations.addressPlaceholder')}
        autosize
        minRows={2}
        value={d.address}
        onChange={(e) => set({ address: e.currentTarget.value })}
      />
      <SimpleGrid cols={2} spacing={6} mt={6}>
        <TextInput
          size="xs"
          label={t('contactPage.fields.postalCode')}
          value={d.postalCode}
          onChange={(e) => set({ postalCode: e.currentTarget.value })}
        />
        <TextInput
          size="xs"
          label={t('contactPage.fields.city')}
          value={d.city}
          onChange={(e) => set({ city: e.currentTarget.value })}
        />
      </SimpleGrid>
      <Select
        mt={6}
        size="xs"
        label={t('contactPage.fields.country')}
        searchable
        clearable
        data={countryData}
        value={d.country}
        onChange={(country) => set({ country })}
      />
      <SimpleGrid cols={2} spacing={6} mt={6}>
        <NumberInput
          size="xs"
          label={t('contactPage.fields.lat')}
          placeholder="52.5200"
          min={-90}
          max={90}
          decimalScale={6}
          hideControls
          value={d.lat}
          onChange={(lat) => set({ lat })}
        />
        <NumberInput
          size="xs"
          label={t('contactPage.fields.lng')}
          placeholder="13.4050"
          min={-180}
          max={180}
          decimalScale={6}
          hideControls
          value={d.lng}
          onChange={(lng) => set({ lng })}
        />
      </SimpleGrid>
      <Checkbox
        mt={8}
        size="xs"
        label={t('contactPage.locations.primaryCheckbox')}
        checked={d.isPrimary}
        onChange={(e) => set({ isPrimary: e.currentTarget.checked })}
      />
    </>
  );
}

function regionName(code: string, locale: string): string | null {
  if (!/^[A-Za-z]{2}$/.test(code)) return null;
  try {
    return new Intl.DisplayNames([locale || 'en'], { type: 'region' }).of(code.toUpperCase()) ?? null;
  } catch {
    return null;
  }
}

function LocationView({ item: location }: { item: ContactLocation; action: RowAction }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const hasCoordinates = location.lat !== null && location.lng !== null;
  const country = location.country ? (regionName(location.country, zone.locale) ?? location.country) : null;
  const extra = [location.postalCode, location.city, country]
    .filter((v) => v && !location.address.includes(v))
    .join(' ');
  return (
    <>
      <Group gap={6} wrap="nowrap">
        <Badge size="sm" variant="light" color="orange">
          {location.label}
        </Badge>
        {location.isPrimary && <PrimaryMark label={t('contactPage.locations.primary')} />}
      </Group>
      <Text size="sm" mt={4} className={classes.address}>
        {location.address}
        {extra && `\n${extra}`}
      </Text>
      {hasCoordinates && (
        <Text size="xs" c="dimmed" mt={2}>
          {location.lat!.toFixed(5)}, {location.lng!.toFixed(5)}
        </Text>
      )}
      <Anchor
        href={directionsUrl(location)}
        target="_blank"
        rel="noopener noreferrer"
        size="sm"
        mt={4}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
      >
        <IconRoute size={14} aria-hidden />
        {t('contactPage.locations.directions')}
        <IconExternalLink size={12} aria-hidden />
      </Anchor>
    </>
  );
}

export function useLocationsSection(): SectionDef {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  const locations: Collection<ContactLocation, LocationDraft> = {
    id: 'location',
    title: t('contactPage.locations.title'),
    icon: IconMapPin,
    items: contact.locations,
    texts: {
      empty: t('contactPage.locations.empty'),
      add: t('contactPage.locations.add'),
      addSubmit: t('contactPage.locations.add'),
      edit: t('contactPage.locations.edit'),
      remove: t('contactPage.locations.remove'),
    },
    name: (l) => t('contactPage.locations.named', { label: l.label }),
    searchText: (l) => `${t('contactPage.locations.one')} ${l.label} ${l.address}`,
    Row: LocationView,
    Fields: LocationFields,
    blank: () => ({ ...toDraft(), isPrimary: contact.locations.length === 0 }),
    draftOf: toDraft,
    ready: (d) => d.label.trim() !== '' && d.address.trim() !== '',
    add: (d) => actions.addLocation(contact.version, toInput(d)),
    update: (l, d) => actions.updateLocation(contact.version, l.id, toInput(d)),
    makePrimary: (l) => actions.updateLocation(contact.version, l.id, { isPrimary: true }),
    remove: (l) => actions.removeLocation(contact.version, l.id),
  };
  return collectionSection(locations);
}
