// Keeps the languages in step: every key in both, the same placeholders, and every key the code uses exists.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserLanguage, i18n, languages, mergeCatalogs, setLanguage } from './i18n.ts';

const src = path.resolve(__dirname, '..');

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const files = walk(src);
const catalogs = files.filter((f) => /\/i18n\/[a-z]{2}\.json$/.test(f));

function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, String(value));
  }
  return out;
}

const read = (file: string) => flatten(JSON.parse(fs.readFileSync(file, 'utf8')));
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('UI languages', () => {
  it('has a file for every language beside every English file, with the same keys and placeholders', () => {
    const english = catalogs.filter((f) => f.endsWith('/en.json'));
    expect(english.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const enFile of english) {
      const en = read(enFile);
      for (const language of languages.filter((l) => l !== 'en')) {
        const otherFile = enFile.replace(/en\.json$/, `${language}.json`);
        const rel = path.relative(src, otherFile);
        if (!fs.existsSync(otherFile)) {
          problems.push(`${rel} is missing`);
          continue;
        }
        const other = read(otherFile);
        for (const key of en.keys()) if (!other.has(key)) problems.push(`${rel} lacks ${key}`);
        for (const key of other.keys()) if (!en.has(key)) problems.push(`${rel} has ${key}, which English lacks`);
        for (const [key, text] of en) {
          const translated = other.get(key);
          if (translated === undefined) continue;
          if (translated.trim() === '') problems.push(`${rel}: ${key} is empty`);
          if (placeholders(text).join() !== placeholders(translated).join()) {
            problems.push(`${rel}: ${key} has other {{placeholders}} than English`);
          }
        }
      }
    }
    for (const file of catalogs) {
      const language = path.basename(file, '.json');
      if (!(languages as readonly string[]).includes(language)) problems.push(`${file}: unknown language`);
    }
    expect(problems).toEqual([]);
  });

  it('knows every key the code asks for', () => {
    const english = mergeCatalogs(
      catalogs.filter((f) => f.endsWith('/en.json')).map((f) => JSON.parse(fs.readFileSync(f, 'utf8'))),
    );
    const known = flatten(english);
    const exists = (key: string) =>
      known.has(key) || ['_one', '_other', '_zero'].some((suffix) => known.has(`${key}${suffix}`));
    const unknown: string[] = [];
    for (const file of files.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts') && !f.endsWith('.test.tsx'))) {
      const text = fs.readFileSync(file, 'utf8');
      // t('a.b'), i18n.t("a.b"), <Trans i18nKey="a.b" />: literal keys only; computed keys are checked by rendering.
      for (const m of text.matchAll(/\b(?:t|i18n\.t)\(\s*['"]([\w.-]+)['"]|i18nKey=["']([\w.-]+)["']/g)) {
        const key = m[1] ?? m[2]!;
        if (!exists(key)) unknown.push(`${path.relative(src, file)}: ${key}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('picks the first of the browser’s languages that the UI speaks, else English', () => {
    expect(browserLanguage(['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(browserLanguage(['en-GB', 'de'])).toBe('en');
    expect(browserLanguage(['fr', 'it'])).toBe('en');
  });

  it('switches language without a reload', async () => {
    await setLanguage('de');
    expect(i18n.language).toBe('de');
    expect(document.documentElement.lang).toBe('de');
    expect(i18n.t('common.save')).toBe('Speichern');
    await setLanguage('en');
    expect(i18n.t('common.save')).toBe('Save');
  });
});
