// Phone numbers as people read them, from the E.164 the server stores; country choices for typing one in.
import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/min';

/** "+493012345678" → "+49 30 12345678"; anything unparseable is shown as stored. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

let countries: { value: string; label: string; code: string }[] | null = null;

/** Every country with its calling code, by name: "Germany (+49)". */
export function countryOptions(locale: string): { value: string; label: string; code: string }[] {
  if (!countries) {
    let names: Intl.DisplayNames;
    try {
      names = new Intl.DisplayNames([locale || 'en'], { type: 'region' });
    } catch {
      names = new Intl.DisplayNames(['en'], { type: 'region' });
    }
    countries = getCountries()
      .map((c) => {
        const code = `+${getCountryCallingCode(c)}`;
        return { value: c, label: `${names.of(c) ?? c} ${code}`, code };
      })
      .sort((a, b) => a.label.localeCompare(b.label));
  }
  return countries;
}

/** The region of the browser's language ("en-GB" → GB), a fair guess for numbers typed without a country code. */
export function guessCountry(): CountryCode | null {
  const known = new Set<string>(getCountries());
  for (const tag of typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])) {
    try {
      const region = new Intl.Locale(tag).maximize().region;
      if (region && known.has(region)) return region as CountryCode;
    } catch {
      // An odd language tag: try the next one.
    }
  }
  return null;
}

/** Whether a typed number is a possible phone number (for the country when it has no +code). */
export function isPlausiblePhone(number: string, country: string | null): boolean {
  const trimmed = number.trim();
  const international = trimmed.startsWith('+') || trimmed.startsWith('00');
  const normalized = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  const parsed = parsePhoneNumberFromString(
    normalized,
    international ? undefined : ((country ?? undefined) as CountryCode | undefined),
  );
  return Boolean(parsed?.isPossible());
}
