// Countries for typing a phone number without its +code, and a fair default country for a contact.
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/min';
import type { ContactProfile } from '../contact.api.ts';

let countries: { value: string; label: string }[] | null = null;

/** Every country with its calling code, by name: "Germany (+49)". */
export function countryOptions(locale = 'en'): { value: string; label: string }[] {
  if (!countries) {
    let names: Intl.DisplayNames;
    try {
      names = new Intl.DisplayNames([locale], { type: 'region' });
    } catch {
      names = new Intl.DisplayNames(['en'], { type: 'region' });
    }
    countries = getCountries()
      .map((c) => ({ value: c, label: `${names.of(c) ?? c} (+${getCountryCallingCode(c)})` }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }
  return countries;
}

/** The contact's own country (its first number's, then a location's), else the browser's region. */
export function defaultCountry(contact: Pick<ContactProfile, 'phones' | 'locations'>): string | null {
  const known = new Set<string>(getCountries());
  const fromPhone = contact.phones.find((p) => p.country && known.has(p.country))?.country;
  if (fromPhone) return fromPhone;
  const fromLocation = contact.locations
    .map((l) => l.country?.trim().toUpperCase())
    .find((c): c is string => Boolean(c && known.has(c)));
  if (fromLocation) return fromLocation;
  const tags = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of tags) {
    try {
      const region = new Intl.Locale(tag).maximize().region;
      if (region && known.has(region)) return region;
    } catch {
      // An odd language tag: try the next one.
    }
  }
  return null;
}

/** Whether a typed number carries its own country code. */
export const isInternational = (number: string) => /^\s*(\+|00)/.test(number);

let regions: { value: string; label: string }[] | null = null;

/** Every country by name, for a location's country (stored as its ISO code). */
export function regionOptions(locale = 'en'): { value: string; label: string }[] {
  if (!regions) {
    let names: Intl.DisplayNames;
    try {
      names = new Intl.DisplayNames([locale], { type: 'region' });
    } catch {
      names = new Intl.DisplayNames(['en'], { type: 'region' });
    }
    regions = getCountries()
      .map((c) => ({ value: c, label: names.of(c) ?? c }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }
  return regions;
}
