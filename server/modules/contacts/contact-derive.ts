// Values the service derives from a contact's fields: the name shown and sorted on, the text the
// search box matches, normalised keywords.
import { phoneFacts } from './phone-numbers.ts';
import type { Attribution } from '../../db/schema/contacts.ts';

export interface NameParts {
  kind: 'person' | 'business';
  firstName?: string | null;
  lastName?: string | null;
  businessName?: string | null;
}

/** "First Last" for a person (their first email when they have no name), the business name for a business. */
export function deriveDisplayName(c: NameParts, emails: readonly string[] = []): string {
  if (c.kind === 'business') return (c.businessName ?? '').trim() || emails[0] || '';
  const name = [c.firstName, c.lastName]
    .map((p) => p?.trim())
    .filter(Boolean)
    .join(' ');
  return name || emails[0] || '';
}

/** Lower-cased, with accents removed ("Müller" → "muller"), so both spellings find it. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export interface SearchParts extends NameParts {
  keywords?: readonly string[];
}

/**
 * What the search box matches: names, business name, emails, phone digits (international and
 * national, so "030 1234" and "+49 30 1234" both hit) and keywords, lower-cased; accented words
 * appear a second time without accents.
 */
export function buildSearchText(c: SearchParts, emails: readonly string[], phonesE164: readonly string[]): string {
  const words: string[] = [];
  const add = (value: string | null | undefined) => {
    const v = value?.trim().toLowerCase();
    if (!v) return;
    words.push(v);
    const folded = foldText(v);
    if (folded !== v) words.push(folded);
  };
  add(c.firstName);
  add(c.lastName);
  add(c.businessName);
  for (const e of emails) add(e);
  for (const p of phonesE164) {
    const digits = p.replace(/\D/g, '');
    words.push(digits);
    // The national form matters when it is not already inside the international one
    // (a leading trunk 0, as in 030 …); a substring search finds it inside otherwise.
    const national = phoneFacts(p).national.replace(/\D/g, '');
    if (national && !digits.includes(national)) words.push(national);
  }
  for (const k of c.keywords ?? []) add(k);
  return [...new Set(words)].join(' ');
}

/** Keywords arrive as an array or as "vip, trade show, urgent"; trimmed, de-duplicated (case-insensitively). */
export function normalizeKeywords(input: string | readonly string[]): string[] {
  const parts = (typeof input === 'string' ? input.split(',') : input.flatMap((k) => k.split(',')))
    .map((k) => k.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const k of parts) {
    const key = k.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(k);
  }
  return out;
}

/** A file name for downloads: "jane-doe". */
export function slugForFilename(name: string): string {
  const slug = foldText(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'contact';
}

/**
 * The contact's most recent attribution. A contact with a single touch has it as its first
 * attribution only: last_attribution holds a later touch, so a million one-touch contacts do not
 * store each touch twice.
 */
export function lastAttributionOf(c: { firstAttribution: Attribution | null; lastAttribution: Attribution | null }) {
  return c.lastAttribution ?? c.firstAttribution ?? null;
}
