// The UI's languages. Every feature keeps its strings beside its code in `i18n/<language>.json`, each
// file's top-level key naming the feature ({"notes": {...}} → t('notes.…')); they are merged here into
// one catalog per language. English is bundled (it is also the fallback); other languages load on demand.
import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import { useSyncExternalStore } from 'react';
import { initReactI18next } from 'react-i18next';

export const languages = ['en', 'de'] as const;
export type Language = (typeof languages)[number];
export const languageNames: Record<Language, string> = { en: 'English', de: 'Deutsch' };

type Catalog = Record<string, unknown>;

const english = import.meta.glob<Catalog>('../**/i18n/en.json', { eager: true, import: 'default' });
const lazy = import.meta.glob<Catalog>(['../**/i18n/*.json', '!../**/i18n/en.json'], { import: 'default' });

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The first of the browser's preferred languages that the UI speaks, else English. */
export function browserLanguage(preferred: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

/** Deep-merges the per-feature files of one language into one catalog. */
export function mergeCatalogs(files: Catalog[]): Catalog {
  const out: Catalog = {};
  const merge = (target: Catalog, source: Catalog) => {
    for (const [key, value] of Object.entries(source)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const existing = target[key];
        const child = (existing && typeof existing === 'object' ? existing : {}) as Catalog;
        target[key] = child;
        merge(child, value as Catalog);
      } else {
        target[key] = value;
      }
    }
  };
  for (const file of files) merge(out, file);
  return out;
}

async function loadCatalog(language: Language): Promise<Catalog> {
  if (language === 'en') return mergeCatalogs(Object.values(english));
  const loaders = Object.entries(lazy).filter(([file]) => file.endsWith(`/i18n/${language}.json`));
  return mergeCatalogs(await Promise.all(loaders.map(([, load]) => load())));
}

export const i18n: I18n = i18next.createInstance();

interface InitOptions {
  language?: Language;
  /** Called for a key that has no text (tests make it fail loudly). */
  onMissingKey?: (key: string) => void;
}

export async function initI18n({ language = browserLanguage(), onMissingKey }: InitOptions = {}): Promise<I18n> {
  await i18n.use(initReactI18next).init({
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...languages],
    resources: { en: { translation: await loadCatalog('en') } },
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    showSupportNotice: false,
    saveMissing: Boolean(onMissingKey),
    missingKeyHandler: onMissingKey ? (_lngs, _ns, key) => onMissingKey(key) : undefined,
  });
  await setLanguage(language);
  return i18n;
}

/** Switches the whole UI without a reload; the catalog is fetched the first time it is needed. */
export async function setLanguage(language: Language): Promise<void> {
  if (!i18n.hasResourceBundle(language, 'translation')) {
    i18n.addResourceBundle(language, 'translation', await loadCatalog(language));
  }
  if (i18n.language !== language) await i18n.changeLanguage(language);
  // Written only when it changes: every write restyles the whole document, and this runs on every change to the
  // session's query (each component that reads the session, as it appears).
  if (document.documentElement.lang !== language) document.documentElement.lang = language;
}

/** Every catalog file, for the test that keeps the languages in step. */
export const catalogFiles = { english, lazy };

const STORED = 'dossier.language';

/** The language for signed-out pages: the one picked on them (kept in this browser), else the browser's. */
export function signedOutLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORED);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage can be off (private mode); the browser's language still applies.
  }
  return browserLanguage();
}

/** Picked on a signed-out page: remembered in this browser and applied at once. */
export async function chooseSignedOutLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORED, language);
  } catch {
    // Not remembered, but still applied for this visit.
  }
  await setLanguage(language);
}

// The translator components use. react-i18next's own hook costs each component, as it mounts, a copy of the i18next
// instance's properties, a translator of its own and a listener on the instance: about 40 ms of a contact page's
// 380 ms of script. Here every component shares one translator per language, replaced when the language changes.
export interface Translation {
  t: TFunction;
  i18n: I18n;
}

let current: Translation | null = null;
const listeners = new Set<() => void>();

function snapshot(): Translation {
  if (!current || current.i18n.language !== i18n.language) current = { t: i18n.getFixedT(i18n.language), i18n };
  return current;
}

i18n.on('languageChanged', () => {
  current = null;
  for (const listener of listeners) listener();
});

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `{ t, i18n }` for the UI's current language; the component draws again when the language changes. */
export function useTranslation(): Translation {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
