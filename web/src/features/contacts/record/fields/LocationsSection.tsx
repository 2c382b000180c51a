// Locations (HQ, branch, delivery site, home): label, address and coordinates, a Directions link that works on a
// phone, added, changed and removed in place.
import {
  ActionIcon,
  Anchor,
  Autocomplete,
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  NumberInput,
  Select,
  SimpleGrid,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import {
  IconDots,
  IconExternalLink,
  IconMapPin,
  IconPencil,
  IconRoute,
  IconStar,
  IconStarFilled,
  IconTrash,
} from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useUserZone } from '../../../auth/useSession.ts';
import { useContactActions, type ContactLocation, type LocationInputDto } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';
import { directionsUrl } from '../format.ts';
import { LOCATION_LABELS } from '../options.ts';
import { regionOptions } from '../phone.ts';
import { FieldProblem } from './FieldProblem.tsx';
import classes from './Items.module.css';
import type { SectionDef } from './Section.tsx';
import { AddInPlace, escapeCancels } from './AddInPlace.tsx';
import { useRowAction } from './useRowAction.ts';

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

function LocationForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: LocationDraft;
  submitLabel: string;
  onSubmit(input: LocationInputDto): Promise<unknown>;
  onCancel(): void;
}) {
  const { reload } = useContactPage();
  const zone = useUserZone();
  const [d, setD] = useState(initial);
  const save = useRowAction();
  const set = <K extends keyof LocationDraft>(key: K, value: LocationDraft[K]) => {
    setD((prev) => ({ ...prev, [key]: value }));
    save.clear();
  };
  const ready = d.label.trim() !== '' && d.address.trim() !== '';
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!ready) return;
    await save.run(() => onSubmit(toInput(d)));
  };
  const onKeyDown = escapeCancels(onCancel, (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  });
  const options = regionOptions(zone.locale);
  const countryData =
    d.country && !options.some((o) => o.value === d.country)
      ? [{ value: d.country, label: d.country }, ...options]
      : options;
  return (
    <form onSubmit={submit} onKeyDown={onKeyDown} className={classes.form} data-testid="location-form">
      <Autocomplete
        size="xs"
        label="Label"
        placeholder="HQ, branch, home…"
        autoFocus
        data={[...LOCATION_LABELS]}
        value={d.label}
        onChange={(v) => set('label', v)}
      />
      <Textarea
        mt={6}
        size="xs"
        label="Address"
        placeholder="Street and number, postal code and city"
        autosize
        minRows={2}
        value={d.address}
        onChange={(e) => set('address', e.currentTarget.value)}
      />
      <SimpleGrid cols={2} spacing={6} mt={6}>
        <TextInput
          size="xs"
          label="Postal code"
          value={d.postalCode}
          onChange={(e) => set('postalCode', e.currentTarget.value)}
        />
        <TextInput size="xs" label="City" value={d.city} onChange={(e) => set('city', e.currentTarget.value)} />
      </SimpleGrid>
      <Select
        mt={6}
        size="xs"
        label="Country"
        searchable
        clearable
        data={countryData}
        value={d.country}
        onChange={(v) => set('country', v)}
      />
      <SimpleGrid cols={2} spacing={6} mt={6}>
        <NumberInput
          size="xs"
          label="Latitude"
          placeholder="52.5200"
          min={-90}
          max={90}
          decimalScale={6}
          hideControls
          value={d.lat}
          onChange={(v) => set('lat', v)}
        />
        <NumberInput
          size="xs"
          label="Longitude"
          placeholder="13.4050"
          min={-180}
          max={180}
          decimalScale={6}
          hideControls
          value={d.lng}
          onChange={(v) => set('lng', v)}
        />
      </SimpleGrid>
      <Checkbox
        mt={8}
        size="xs"
        label="Primary location"
        checked={d.isPrimary}
        onChange={(e) => set('isPrimary', e.currentTarget.checked)}
      />
      <FieldProblem
        error={save.error}
        onReload={async () => {
          await reload();
          onCancel();
        }}
      />
      <Group gap={6} mt={8}>
        <Button type="submit" size="compact-xs" loading={save.pending} disabled={!ready}>
          {submitLabel}
        </Button>
        <Button size="compact-xs" variant="default" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
    </form>
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

function LocationRow({ location }: { location: ContactLocation }) {
  const { contact, editable, reload } = useContactPage();
  const zone = useUserZone();
  const actions = useContactActions(contact.id);
  const action = useRowAction();
  const [editing, setEditing] = useState(false);

  if (editing) {
    return (
      <LocationForm
        initial={toDraft(location)}
        submitLabel="Save"
        onCancel={() => setEditing(false)}
        onSubmit={async (input) => {
          await actions.updateLocation(contact.version, location.id, input);
          setEditing(false);
        }}
      />
    );
  }

  const hasCoordinates = location.lat !== null && location.lng !== null;
  const country = location.country ? (regionName(location.country, zone.locale) ?? location.country) : null;
  const extra = [location.postalCode, location.city, country]
    .filter((v) => v && !location.address.includes(v))
    .join(' ');
  return (
    <div className={classes.item} data-testid="location-row">
      <div className={classes.main}>
        <Group gap={6} wrap="nowrap">
          <Badge size="sm" variant="light" color="orange">
            {location.label}
          </Badge>
          {location.isPrimary && (
            <Tooltip label="Primary location">
              <IconStarFilled size={13} className={classes.primary} aria-label="Primary" role="img" />
            </Tooltip>
          )}
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
          Directions
          <IconExternalLink size={12} aria-hidden />
        </Anchor>
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
            <ActionIcon size="sm" aria-label={`Actions for location ${location.label}`} loading={action.pending}>
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconPencil size={15} />} onClick={() => setEditing(true)}>
              Edit location
            </Menu.Item>
            {!location.isPrimary && (
              <Menu.Item
                leftSection={<IconStar size={15} />}
                onClick={() =>
                  action.run(() => actions.updateLocation(contact.version, location.id, { isPrimary: true }))
                }
              >
                Make primary
              </Menu.Item>
            )}
            <Menu.Divider />
            <Menu.Item
              color="red"
              leftSection={<IconTrash size={15} />}
              onClick={() => action.run(() => actions.removeLocation(contact.version, location.id))}
            >
              Remove location
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
    </div>
  );
}

function AddLocation() {
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  return (
    <AddInPlace label="Add location">
      {(close) => (
        <LocationForm
          initial={{ ...toDraft(), isPrimary: contact.locations.length === 0 }}
          submitLabel="Add location"
          onCancel={close}
          onSubmit={async (input) => {
            await actions.addLocation(contact.version, input);
            close();
          }}
        />
      )}
    </AddInPlace>
  );
}

export function useLocationsSection(): SectionDef {
  const { contact } = useContactPage();
  return {
    id: 'locations',
    title: 'Locations',
    icon: IconMapPin,
    count: contact.locations.length,
    emptyNote: 'No location yet.',
    rows: contact.locations.map((location) => ({
      id: location.id,
      label: `Location ${location.label} ${location.address}`,
      empty: false,
      node: <LocationRow location={location} />,
    })),
    footer: <AddLocation />,
  };
}
