// Choices for the language, time zone and currency pickers.
import { timeZoneLabel, timeZones } from '../../lib/format.ts';

/** The languages the interface ships in. */
export const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'de', label: 'Deutsch' },
];

let zoneOptions: { value: string; label: string }[] | null = null;

export function timeZoneOptions(current?: string): { value: string; label: string }[] {
  zoneOptions ??= timeZones().map((z) => ({ value: z, label: timeZoneLabel(z) }));
  // A zone saved by another client that this browser does not know must still show as the selected value.
  return current && !zoneOptions.some((o) => o.value === current)
    ? [{ value: current, label: current }, ...zoneOptions]
    : zoneOptions;
}

let currencyOptions: { value: string; label: string }[] | null = null;

export function currencyOptionsList(current?: string): { value: string; label: string }[] {
  if (!currencyOptions) {
    const names = new Intl.DisplayNames(['en'], { type: 'currency' });
    currencyOptions = Intl.supportedValuesOf('currency').map((code) => ({
      value: code,
      label: `${code} — ${names.of(code) ?? code}`,
    }));
  }
  return current && !currencyOptions.some((o) => o.value === current)
    ? [{ value: current, label: current }, ...currencyOptions]
    : currencyOptions;
}

export function languageOptions(current?: string): { value: string; label: string }[] {
  return current && !LANGUAGES.some((l) => l.value === current)
    ? [...LANGUAGES, { value: current, label: current }]
    : LANGUAGES;
}
