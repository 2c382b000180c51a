// Which field each column feeds: the standard targets, and the automatic mapping of a header row by the
// layouts of header-dictionary.ts (or by a saved mapping whose headers the file has).
import type { ImportColumnMapping } from '../../db/schema/imports.ts';
import { genericColumns, headerLayouts, type HeaderLayout } from './header-dictionary.ts';

/** The standard targets a column can feed; custom fields are "custom.<key>". */
export const standardTargets = [
  'firstName',
  'lastName',
  'fullName',
  'businessName',
  'title',
  'email',
  'email.personal',
  'email.other',
  'phone',
  'phone.mobile',
  'phone.office',
  'phone.home',
  'phone.fax',
  'phone.other',
  'street',
  'city',
  'region',
  'postalCode',
  'country',
  'address',
  'birthday',
  'gender',
  'language',
  'timezone',
  'source',
  'website',
  'keywords',
  'tags',
  'owner',
  'vatId',
  'registrationNumber',
] as const;
export type StandardTarget = (typeof standardTargets)[number];

/** Targets that take several values (emails, phones, keywords, tags): any number of columns may feed them. */
const isMultiValued = (target: string) =>
  /^(email|phone)(\.|$)/.test(target) || target === 'keywords' || target === 'tags';

/** Targets that take one value per contact: a second column with the same one is refused. */
export const singleTargets = new Set<string>(standardTargets.filter((t) => !isMultiValued(t)));

export const normalizeHeader = (h: string) =>
  h
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9ß]+/g, '');

const normalized = (columns: Record<string, string | null>) =>
  new Map(Object.entries(columns).map(([h, t]) => [normalizeHeader(h), t]));
const layoutMaps = headerLayouts.map((l) => ({ layout: l, map: normalized(l.columns) }));
const genericMap = normalized(genericColumns);

/** The layout whose headers the file has most of (at least 3), if any. */
export function detectLayout(header: string[]): HeaderLayout | null {
  const keys = header.map(normalizeHeader);
  let best: { layout: HeaderLayout; hits: number } | null = null;
  for (const { layout, map } of layoutMaps) {
    const hits = keys.filter((k) => map.has(k)).length;
    if (hits >= 3 && (!best || hits > best.hits)) best = { layout, hits };
  }
  return best?.layout ?? null;
}

/**
 * The mapping of a header row: a saved mapping's targets for the headers it names, else the detected layout's,
 * else the generic dictionary's. Targets must exist (`customKeys`), and single-value targets are taken once.
 */
export function autoMap(
  header: string[],
  opts: { saved?: Record<string, string | null>; customKeys?: Set<string> } = {},
): { mapping: ImportColumnMapping[]; layout: HeaderLayout | null } {
  const layout = detectLayout(header);
  const layoutMap = layout ? layoutMaps.find((l) => l.layout === layout)!.map : null;
  const saved = opts.saved ? normalized(opts.saved) : null;
  const taken = new Set<string>();
  const mapping = header.map((h, column) => {
    const key = normalizeHeader(h);
    let target: string | null | undefined = saved?.has(key) ? saved.get(key) : undefined;
    if (target === undefined && layoutMap?.has(key)) target = layoutMap.get(key);
    if (target === undefined) target = genericMap.get(key) ?? null;
    // Dossier's own exports name custom fields by their key.
    if (!target && /^custom\.[a-z0-9_]+$/i.test(h.trim())) target = h.trim();
    if (target?.startsWith('custom.') && !opts.customKeys?.has(target.slice(7))) target = null;
    if (target && singleTargets.has(target)) {
      if (taken.has(target)) target = null;
      else taken.add(target);
    }
    return { column, header: h, target: target ?? null };
  });
  return { mapping, layout };
}
