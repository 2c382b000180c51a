// One generated contact, made the way the app makes it: a create-contact input (what a user or an
// import would send) goes through the contacts module's own prepareContact (names, display name,
// search text, keywords, phones parsed to E.164 with their offline line type and "OK to SMS",
// custom values validated against the workspace's field library), and the prepared contact is
// written out as the rows writeContacts would insert, plus its contact.created journal entry.
import { getTableColumns, type Table } from 'drizzle-orm';
import parsePhoneNumber from 'libphonenumber-js/max';
import { v7 } from 'uuid';
import {
  contactEmails,
  contactFollowers,
  contactLocations,
  contactPhones,
  contacts,
} from '../server/db/schema/contacts.ts';
import { journalEntries } from '../server/db/schema/journal.ts';
import type { Ctx } from '../server/platform/context.ts';
import { AppError } from '../server/platform/errors.ts';
import { checkScalars, prepareContact, type PreparedContact } from '../server/modules/contacts/create-contact.ts';
import type { CreateContactInput } from '../server/modules/contacts/contacts.schemas.ts';
import { offlineProvider } from '../server/modules/contacts/line-type.ts';
import type { FieldDef } from '../server/modules/custom-fields/custom-field-values.ts';
import { esc, pgArray } from './load.ts';
import {
  attributionSources,
  companySuffixes,
  companyWords,
  countryPlans,
  domains,
  firstNames,
  industries,
  keywordChoices,
  lastNames,
  prng,
  tagNames,
  titles,
  type CountryPlan,
} from './words.ts';

export const DAY = 86_400_000;

/** What every generator thread needs to know about the workspace. */
export interface Workspace {
  id: string;
  users: { id: string; name: string; teamId: string | null }[];
  teamIds: string[];
  tags: { id: string; name: string }[];
  defs: FieldDef[];
  contacts: number;
  /** Contacts are created evenly over [start, start + span), in id order. */
  start: number;
  span: number;
  seed: number;
}

/** Creation time of contact i: evenly spread, strictly increasing (the ids sort like the table). */
export const createdAt = (ws: Workspace, i: number) => ws.start + Math.floor(((i + 0.5) * ws.span) / ws.contacts);

/** A deterministic per-contact hash in [0, 1), for decisions both load phases must agree on. */
export function unit(seed: number, i: number, salt: number): number {
  let h = Math.imul(i ^ seed, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** A UUIDv7 of the given time with random bits from `next` (much faster than crypto per id). */
export function uuid7(msecs: number, next: () => number): string {
  const random = new Uint8Array(16);
  for (let k = 0; k < 16; k += 4) {
    const x = Math.floor(next() * 4294967296);
    random[k] = x & 255;
    random[k + 1] = (x >>> 8) & 255;
    random[k + 2] = (x >>> 16) & 255;
    random[k + 3] = (x >>> 24) & 255;
  }
  return v7({ msecs, random });
}

/** Contact i's id: a UUIDv7 of its creation time (random bits from the seed, so both phases agree). */
export function contactId(ws: Workspace, i: number): string {
  let salt = 100;
  return uuid7(createdAt(ws, i), () => unit(ws.seed, i, salt++));
}

/** About 2% of contacts are archived, some time after they were created. */
export function archivedAt(ws: Workspace, i: number, now: number): number | null {
  if (unit(ws.seed, i, 1) >= 0.02) return null;
  const created = createdAt(ws, i);
  return created + Math.floor(unit(ws.seed, i, 2) * (now - created));
}

/** Who archived contact i (the same user in the contact row and its contact.archived entry). */
export const archivedBy = (ws: Workspace, i: number) => ws.users[Math.floor(unit(ws.seed, i, 3) * ws.users.length)]!;

type Rng = ReturnType<typeof prng>;

function weighted<T>(r: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r.next() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x <= 0) return item;
  }
  return items[items.length - 1]![0];
}

const countryWeights = countryPlans.map((c) => [c, c.weight] as const);
const typeWeights = [
  ['lead', 30],
  ['prospect', 22],
  ['customer', 28],
  ['past_customer', 8],
  ['vendor', 5],
  ['agent', 4],
  ['other', 3],
] as const;

const ascii = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/**
 * The phone number `serial` maps to in a plan: a bijection onto (prefix, subscriber digits), so two
 * phones never share a number. US subscriber numbers start with 2–9.
 */
function phoneNumber(country: CountryPlan, kind: 'mobile' | 'landline', serial: number): string {
  const plan = country[kind];
  const us = country.code === 'US';
  const per = (us ? 8 : 10) * 10 ** (plan.digits - 1);
  const space = per * plan.prefixes.length;
  if (serial >= space)
    throw new Error(`The ${country.code} ${kind} plan holds ${space} numbers; generate fewer contacts`);
  // 7 919 is a prime above the prefix counts, so it is coprime with `space`: serial → x is one-to-one.
  const x = (serial * 7919 + 1_234_567) % space;
  const local = x % per;
  const subscriber = us
    ? `${2 + Math.floor(local / 10 ** (plan.digits - 1))}${String(local % 10 ** (plan.digits - 1)).padStart(plan.digits - 1, '0')}`
    : String(local).padStart(plan.digits, '0');
  return `+${plan.prefixes[Math.floor(x / per)]}${subscriber}`;
}

let missedPhones = 0;

/** Every time zone contacts get, checked by the app's own rule (see prepare). */
export function checkTimeZones(): void {
  for (const c of countryPlans) for (const timezone of c.timezones) checkScalars({ timezone });
}

/** The create-contact input for contact i: what a rep or an import would have sent. */
export function contactInput(ws: Workspace, i: number, r: Rng): { input: CreateContactInput; country: CountryPlan } {
  const country = weighted(r, countryWeights);
  const city = r.pick(country.cities);
  const isBusiness = r.chance(0.15);
  const owner = ws.users[Math.floor(r.next() ** 1.3 * ws.users.length)]!;
  const firstName = r.pick(firstNames);
  const lastName = r.pick(lastNames);
  const company = `${r.pick(companyWords)} ${r.pick(companySuffixes)}`;
  const legalForm = r.pick(country.legalForms);
  // Unique per contact without looking generated: a short tag from the contact's number.
  const n = i.toString(36);
  const companyDomain = `${ascii(company)}${n}.example`;
  const emails: NonNullable<CreateContactInput['emails']> = [];
  const phones: NonNullable<CreateContactInput['phones']> = [];
  const serial = i * 3;
  if (isBusiness) {
    emails.push({ email: `${r.pick(['info', 'hello', 'office', 'sales'])}@${companyDomain}`, type: 'work' });
    const office = r.chance(0.85) ? phoneNumber(country, 'landline', serial) : null;
    if (office) phones.push({ number: office, type: 'office' });
  } else {
    const local = `${ascii(firstName)}.${ascii(lastName)}`;
    if (r.chance(0.85))
      emails.push({ email: `${local}.${n}@${r.chance(0.5) ? companyDomain : r.pick(domains)}`, type: 'work' });
    if (r.chance(0.3)) emails.push({ email: `${ascii(firstName)}${n}@${r.pick(domains)}`, type: 'personal' });
    const mobile = r.chance(0.7) ? phoneNumber(country, 'mobile', serial + 1) : null;
    if (mobile) phones.push({ number: mobile, type: 'mobile', smsAllowed: r.chance(0.9) ? undefined : false });
    const desk = r.chance(0.25) ? phoneNumber(country, 'landline', serial + 2) : null;
    if (desk) phones.push({ number: desk, type: r.chance(0.5) ? 'office' : 'home' });
  }
  const locations: NonNullable<CreateContactInput['locations']> = [];
  if (r.chance(isBusiness ? 0.7 : 0.1)) {
    const street = `${r.pick(city.streets)} ${1 + r.int(180)}`;
    locations.push({
      label: isBusiness ? 'HQ' : r.chance(0.5) ? 'Home' : 'Office',
      address: `${street}, ${city.postal} ${city.name}`,
      street,
      city: city.name,
      postalCode: city.postal,
      country: country.code,
      lat: Math.round((city.lat + (r.next() - 0.5) * 0.08) * 1e5) / 1e5,
      lng: Math.round((city.lng + (r.next() - 0.5) * 0.12) * 1e5) / 1e5,
    });
  }
  const custom: Record<string, unknown> = {};
  if (isBusiness || r.chance(0.5)) custom.industry = r.pick(industries);
  if (isBusiness && r.chance(0.7)) custom.annual_revenue = (2 + r.int(4000)) * 25_000;
  if (!isBusiness && r.chance(0.1)) {
    custom.occupation = r.pick(['Engineer', 'Teacher', 'Architect', 'Physician', 'Consultant', 'Designer']);
    custom.marital_status = r.pick(['single', 'married', 'partnership', 'divorced', 'widowed']);
    if (r.chance(0.5)) custom.household_income = (30 + r.int(270)) * 1000;
  }
  // Tag use is skewed: a few tags are on many contacts, most on few.
  const tags = new Set<string>();
  for (let k = r.int(4); k > 0; k--) tags.add(tagNames[Math.floor(r.next() ** 2 * tagNames.length)]!);
  const followerIds = r.chance(0.05) ? [r.pick(ws.users).id].filter((id) => id !== owner.id) : [];
  const attribution = r.chance(0.3) ? r.pick(attributionSources) : undefined;
  const input: CreateContactInput = {
    kind: isBusiness ? 'business' : 'person',
    firstName: isBusiness ? null : firstName,
    lastName: isBusiness ? null : lastName,
    businessName: isBusiness || r.chance(0.6) ? `${company} ${legalForm}` : null,
    title: !isBusiness && r.chance(0.5) ? r.pick(titles) : null,
    birthday:
      !isBusiness && r.chance(0.2)
        ? `${1950 + r.int(50)}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`
        : null,
    gender: !isBusiness && r.chance(0.2) ? r.pick(['female', 'male', 'diverse']) : null,
    registrationNumber: isBusiness && r.chance(0.6) ? `HRB ${10000 + r.int(240000)}` : null,
    legalForm: isBusiness ? legalForm : null,
    vatId:
      isBusiness && country.code !== 'US' && r.chance(0.6) ? `${country.code}${100000000 + r.int(899999999)}` : null,
    contactType: weighted(r, typeWeights),
    language: country.language,
    timezone: r.chance(0.5) ? r.pick(country.timezones) : null,
    source: attribution ? undefined : r.chance(0.6) ? r.pick(['Referral', 'Trade show', 'Cold call', 'Partner']) : null,
    attribution,
    publicLinks: isBusiness
      ? [{ label: 'Website', url: `https://www.${companyDomain}` }]
      : r.chance(0.1)
        ? [{ label: 'LinkedIn', url: `https://www.linkedin.com/in/${ascii(firstName)}-${ascii(lastName)}-${n}` }]
        : [],
    keywords: r.chance(0.2) ? [r.pick(keywordChoices)] : [],
    ownerId: owner.id,
    teamId: r.chance(0.85) ? owner.teamId : null,
    followerIds,
    tags: [...tags],
    emails,
    phones,
    locations,
    custom,
  };
  return { input, country };
}

// ── Rows ─────────────────────────────────────────────────────────────────────────────────────

/** A table's COPY statement and a line writer, both from the Drizzle schema (column names, types). */
export interface CopyTable {
  sql: string;
  line(row: Record<string, unknown>): string;
}

export function copyTable(table: Table, name: string, props: string[]): CopyTable {
  const columns = getTableColumns(table);
  const cols = props.map((p) => {
    const c = columns[p];
    if (!c) throw new Error(`${name} has no column ${p}`);
    return { prop: p, name: c.name, array: c.getSQLType().endsWith('[]'), json: c.getSQLType() === 'jsonb' };
  });
  return {
    sql: `copy ${name} (${cols.map((c) => c.name).join(', ')}) from stdin`,
    line: (row) =>
      cols
        .map((c) => {
          const v = row[c.prop];
          if (v === null || v === undefined) return '\\N';
          if (c.array) return esc(pgArray(v as string[]));
          if (c.json) return esc(JSON.stringify(v));
          return esc(v);
        })
        .join('\t') + '\n',
  };
}

export const tables = {
  contacts: copyTable(contacts, 'contacts', [
    'workspaceId',
    'id',
    'kind',
    'displayName',
    'firstName',
    'lastName',
    'title',
    'businessName',
    'birthday',
    'gender',
    'registrationNumber',
    'legalForm',
    'vatId',
    'contactType',
    'language',
    'timezone',
    'source',
    'firstAttribution',
    'lastAttribution',
    'publicLinks',
    'keywords',
    'ownerId',
    'teamId',
    'dndAll',
    'dndEmail',
    'custom',
    'extraFieldIds',
    'tagIds',
    'searchText',
    'version',
    'createdBy',
    'createdAt',
    'updatedAt',
    'archivedAt',
    'archivedBy',
  ]),
  emails: copyTable(contactEmails, 'contact_emails', [
    'workspaceId',
    'id',
    'contactId',
    'email',
    'type',
    'isPrimary',
    'position',
    'createdAt',
  ]),
  phones: copyTable(contactPhones, 'contact_phones', [
    'workspaceId',
    'id',
    'contactId',
    'e164',
    'type',
    'isPrimary',
    'lineType',
    'lineTypeSource',
    'lineTypeCheckedAt',
    'carrier',
    'smsAllowed',
    'position',
    'createdAt',
  ]),
  locations: copyTable(contactLocations, 'contact_locations', [
    'workspaceId',
    'id',
    'contactId',
    'label',
    'address',
    'street',
    'city',
    'region',
    'postalCode',
    'country',
    'lat',
    'lng',
    'isPrimary',
    'position',
    'createdAt',
  ]),
  followers: copyTable(contactFollowers, 'contact_followers', ['workspaceId', 'contactId', 'userId', 'createdAt']),
  journal: copyTable(journalEntries, 'journal_entries', [
    'workspaceId',
    'id',
    'contactId',
    'kind',
    'category',
    'actorType',
    'actorId',
    'actorLabel',
    'subjectType',
    'subjectId',
    'data',
    'occurredAt',
  ]),
};

export type TableName = Exclude<keyof typeof tables, 'journal'>;
export const contactTables: TableName[] = ['contacts', 'emails', 'phones', 'locations', 'followers'];

/**
 * The app's preparation of one contact. The number plans only hold valid numbers, but should the
 * app refuse one (phone_invalid), the contact is made without the refused numbers.
 */
async function prepare(ctx: Ctx, ws: Workspace, input: CreateContactInput, when: Date): Promise<PreparedContact> {
  // The time zone is set after preparation: the app checks it by building an Intl.DateTimeFormat
  // (slow, and the same few zones every time); timeZones are checked once at start-up instead.
  const { timezone, ...rest } = input;
  const opts = { defs: ws.defs, lineTypeProvider: offlineProvider, createdAt: when };
  let p: PreparedContact;
  try {
    p = await prepareContact(ctx, rest, opts);
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'phone_invalid')) throw err;
    const phones = (rest.phones ?? []).filter((ph) => parsePhoneNumber(ph.number)?.isValid());
    missedPhones += (rest.phones?.length ?? 0) - phones.length;
    p = await prepareContact(ctx, { ...rest, phones }, opts);
  }
  p.row.timezone = timezone ?? null;
  return p;
}

export interface Block {
  lines: Record<TableName, string>;
  counts: Record<TableName, number>;
  /** contact.created entries, one line per contact in contact order (loaded with the journal). */
  created: string;
  /** Display names, one line per contact, for the journal entries that carry them. */
  names: string;
  /** Phones left out because no prefix of the plan gave a valid number (rare). */
  missedPhones: number;
}

/** The rows of contacts [from, to): prepared by the app's own code, laid out as writeContacts inserts them. */
/** The blocks the generator threads share: each workspace's contacts in runs of `size`, in order. */
export function contactBlocks(workspaces: Workspace[], size: number): { ws: Workspace; from: number; to: number }[] {
  return workspaces.flatMap((ws) =>
    Array.from({ length: Math.ceil(ws.contacts / size) }, (_, b) => ({
      ws,
      from: b * size,
      to: Math.min(ws.contacts, (b + 1) * size),
    })),
  );
}

export async function contactBlock(ws: Workspace, ctx: Ctx, from: number, to: number, now: number): Promise<Block> {
  const r = prng(ws.seed * 31 + from);
  const lines = { contacts: '', emails: '', phones: '', locations: '', followers: '' };
  const counts = { contacts: 0, emails: 0, phones: 0, locations: 0, followers: 0 };
  let created = '';
  let names = '';
  const missedBefore = missedPhones;
  const tagByName = new Map(ws.tags.map((t) => [t.name.toLowerCase(), t]));
  const userName = new Map(ws.users.map((u) => [u.id, u.name]));
  const add = (table: TableName, row: Record<string, unknown>) => {
    lines[table] += tables[table].line(row);
    counts[table]++;
  };
  for (let i = from; i < to; i++) {
    const { input } = contactInput(ws, i, r);
    const at = createdAt(ws, i);
    const when = new Date(at);
    const p = await prepare(ctx, ws, input, when);
    const id = contactId(ws, i);
    const row = p.row as Record<string, unknown>;
    row.id = id;
    row.createdBy = input.ownerId;
    // The attribution's time is when the contact arrived, not when the generator ran.
    if (p.row.firstAttribution) p.row.firstAttribution = { ...p.row.firstAttribution, at: when.toISOString() };
    const archived = archivedAt(ws, i, now);
    const edits = r.chance(0.6) ? 1 + r.int(6) : 0;
    row.version = 1 + edits + (archived ? 1 : 0);
    row.updatedAt = new Date(edits || archived ? Math.max(archived ?? 0, at + Math.floor(r.next() * (now - at))) : at);
    row.archivedAt = archived ? new Date(archived) : null;
    row.archivedBy = archived ? archivedBy(ws, i).id : null;
    row.dndEmail = r.chance(0.03);
    row.dndAll = r.chance(0.01);
    row.tagIds = [...new Set(p.tagNames.map((t) => tagByName.get(t.trim().toLowerCase())!.id))];
    add('contacts', row);
    names += `${p.row.displayName}\n`;
    p.emails.forEach((e, position) =>
      add('emails', { workspaceId: ws.id, id: uuid7(at, r.next), contactId: id, ...e, position, createdAt: when }),
    );
    p.phones.forEach((ph, position) =>
      add('phones', {
        workspaceId: ws.id,
        id: uuid7(at, r.next),
        contactId: id,
        e164: ph.e164,
        type: ph.type,
        isPrimary: ph.isPrimary,
        lineType: ph.check.lineType,
        lineTypeSource: ph.check.source,
        lineTypeCheckedAt: when,
        carrier: ph.check.carrier ?? null,
        smsAllowed: ph.smsAllowed,
        position,
        createdAt: when,
      }),
    );
    p.locations.forEach((l, position) =>
      add('locations', {
        workspaceId: ws.id,
        id: uuid7(at, r.next),
        contactId: id,
        label: l.label,
        address: l.address,
        street: l.street ?? null,
        city: l.city ?? null,
        region: l.region ?? null,
        postalCode: l.postalCode ?? null,
        country: l.country ?? null,
        lat: l.lat ?? null,
        lng: l.lng ?? null,
        isPrimary: l.isPrimary,
        position,
        createdAt: when,
      }),
    );
    for (const userId of p.followerIds)
      add('followers', { workspaceId: ws.id, contactId: id, userId, createdAt: when });
    created += tables.journal.line({
      workspaceId: ws.id,
      id: uuid7(at, r.next),
      contactId: id,
      kind: 'contact.created',
      category: 'admin',
      actorType: 'user',
      actorId: input.ownerId,
      actorLabel: userName.get(input.ownerId!) ?? 'User',
      subjectType: 'contact',
      subjectId: id,
      data: {
        displayName: p.row.displayName,
        kind: p.row.kind,
        contactType: p.row.contactType,
        ownerId: p.row.ownerId,
        emails: p.emails.map((e) => e.email),
        phones: p.phones.map((ph) => ph.e164),
        tags: p.tagNames,
        source: p.row.source ?? null,
      },
      occurredAt: when,
    });
  }
  return { lines, counts, created, names, missedPhones: missedPhones - missedBefore };
}
