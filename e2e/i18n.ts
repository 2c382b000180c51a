// The UI's texts for the browser tests, in the language of this run (E2E_LANG, English by default): tests
// find buttons and headings by what the user reads, so the same test runs in every language.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';

export const lang = process.env.E2E_LANG === 'de' ? 'de' : 'en';
/** The locale the browser reports (navigator.language) in this run. */
export const browserLocale = lang === 'de' ? 'de-DE' : 'en-US';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'src');

function catalog(language: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const merge = (target: Record<string, unknown>, source: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(source)) {
      if (v && typeof v === 'object')
        merge((target[k] ??= {}) as Record<string, unknown>, v as Record<string, unknown>);
      else target[k] = v;
    }
  };
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (full.endsWith(`${path.sep}i18n${path.sep}${language}.json`))
        merge(out, JSON.parse(fs.readFileSync(full, 'utf8')));
    }
  };
  walk(src);
  return out;
}

const instance = i18next.createInstance();
await instance.init({
  lng: lang,
  fallbackLng: 'en',
  resources: { en: { translation: catalog('en') }, de: { translation: catalog('de') } },
  interpolation: { escapeValue: false },
  showSupportNotice: false,
});

/** The text the user sees for `key` in this run's language; an unknown key fails the test. */
export function t(key: string, options?: Record<string, unknown>): string {
  if (!instance.exists(key, options)) throw new Error(`No UI text for "${key}"`);
  return instance.t(key, options) as string;
}

/** A case-insensitive, exact-match pattern for a UI text (for getByRole({ name }) and friends). */
export function tx(key: string, options?: Record<string, unknown>): RegExp {
  return new RegExp(`^${t(key, options).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
}
