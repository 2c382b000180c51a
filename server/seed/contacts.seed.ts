// Demo contacts: about 500 people and businesses across Europe and the US, generated from a fixed
// seed so every demo looks the same. Written through the contact services (multi-row inserts with
// their contact.created entries), then a few edits, DND switches and archives for lively timelines.
import { and, eq, inArray } from 'drizzle-orm';
import parsePhoneNumber from 'libphonenumber-js/max';
import { users } from '../db/schema/platform.ts';
import type { Ctx } from '../platform/context.ts';
import { archiveContact } from '../modules/contacts/archive-contact.ts';
import { setDnd } from '../modules/contacts/contact-dnd.service.ts';
import { offlineProvider } from '../modules/contacts/line-type.ts';
import { prepareContact, writeContacts, type PreparedContact } from '../modules/contacts/create-contact.ts';
import type { CreateContactInput } from '../modules/contacts/contacts.schemas.ts';
import { updateContact } from '../modules/contacts/update-contact.ts';
import { loadFieldDefs } from '../modules/custom-fields/custom-field-values.ts';
import { insertCustomField } from '../modules/custom-fields/custom-fields.service.ts';
import type { DemoPeople } from './seed.ts';

export const DEMO_CONTACT_COUNT = 500;

/** mulberry32: a small, fast, seeded PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    digits: (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join(''),
  };
}
type Rng = ReturnType<typeof prng>;

interface Country {
  code: string;
  weight: number;
  language: string;
  timezone: string;
  first: string[];
  last: string[];
  cities: { name: string; lat: number; lng: number; streets: string[]; postal: string }[];
  legalForms: string[];
  vat: (r: Rng) => string | null;
  mobile: (r: Rng) => string;
  landline: (r: Rng) => string;
}

const countries: Country[] = [
  {
    code: 'DE',
    weight: 30,
    language: 'de',
    timezone: 'Europe/Berlin',
    first: [
      'Lukas',
      'Anna',
      'Felix',
      'Sophie',
      'Jonas',
      'Marie',
      'Leon',
      'Laura',
      'Paul',
      'Hannah',
      'Moritz',
      'Katharina',
    ],
    last: [
      'Müller',
      'Schmidt',
      'Schneider',
      'Fischer',
      'Weber',
      'Meyer',
      'Wagner',
      'Becker',
      'Hoffmann',
      'Schäfer',
      'Koch',
      'Richter',
    ],
    cities: [
      {
        name: 'Berlin',
        lat: 52.52,
        lng: 13.405,
        streets: ['Friedrichstraße', 'Torstraße', 'Kastanienallee'],
        postal: '10117',
      },
      { name: 'München', lat: 48.137, lng: 11.575, streets: ['Leopoldstraße', 'Sendlinger Straße'], postal: '80331' },
      { name: 'Hamburg', lat: 53.551, lng: 9.993, streets: ['Mönckebergstraße', 'Große Elbstraße'], postal: '20095' },
      { name: 'Köln', lat: 50.938, lng: 6.96, streets: ['Ehrenstraße', 'Aachener Straße'], postal: '50667' },
    ],
    legalForms: ['GmbH', 'AG', 'GmbH & Co. KG', 'UG'],
    vat: (r) => `DE${r.int(1, 9)}${r.digits(8)}`,
    mobile: (r) => `+49${r.pick(['151', '160', '170', '171', '176'])}${r.digits(8)}`,
    landline: (r) => `+49${r.pick(['30', '40', '89', '221'])}${r.digits(7)}`,
  },
  {
    code: 'AT',
    weight: 6,
    language: 'de',
    timezone: 'Europe/Vienna',
    first: ['Florian', 'Lena', 'Maximilian', 'Julia', 'Tobias', 'Magdalena'],
    last: ['Gruber', 'Huber', 'Bauer', 'Pichler', 'Steiner', 'Moser'],
    cities: [
      { name: 'Wien', lat: 48.208, lng: 16.373, streets: ['Mariahilfer Straße', 'Kärntner Straße'], postal: '1010' },
    ],
    legalForms: ['GmbH', 'AG', 'KG'],
    vat: (r) => `ATU${r.digits(8)}`,
    mobile: (r) => `+43${r.pick(['664', '676', '699'])}${r.digits(7)}`,
    landline: (r) => `+431${r.digits(7)}`,
  },
  {
    code: 'CH',
    weight: 5,
    language: 'de',
    timezone: 'Europe/Zurich',
    first: ['Luca', 'Mia', 'Noah', 'Lea', 'Elias', 'Nina'],
    last: ['Meier', 'Keller', 'Brunner', 'Baumann', 'Frei', 'Zimmermann'],
    cities: [{ name: 'Zürich', lat: 47.377, lng: 8.541, streets: ['Bahnhofstrasse', 'Langstrasse'], postal: '8001' }],
    legalForms: ['AG', 'GmbH'],
    vat: (r) => `CHE${r.digits(9)}`,
    mobile: (r) => `+41${r.pick(['76', '78', '79'])}${r.digits(7)}`,
    landline: (r) => `+4144${r.digits(7)}`,
  },
  {
    code: 'FR',
    weight: 10,
    language: 'fr',
    timezone: 'Europe/Paris',
    first: ['Camille', 'Louis', 'Chloé', 'Hugo', 'Manon', 'Jules', 'Léa', 'Arthur'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand'],
    cities: [
      { name: 'Paris', lat: 48.857, lng: 2.352, streets: ['Rue de Rivoli', 'Boulevard Haussmann'], postal: '75001' },
      { name: 'Lyon', lat: 45.764, lng: 4.836, streets: ['Rue de la République'], postal: '69002' },
    ],
    legalForms: ['SAS', 'SARL', 'SA'],
    vat: (r) => `FR${r.digits(2)}${r.digits(9)}`,
    mobile: (r) => `+33${r.pick(['6', '7'])}${r.digits(8)}`,
    landline: (r) => `+331${r.digits(8)}`,
  },
  {
    code: 'NL',
    weight: 6,
    language: 'nl',
    timezone: 'Europe/Amsterdam',
    first: ['Daan', 'Emma', 'Sem', 'Julia', 'Lars', 'Sanne'],
    last: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser'],
    cities: [{ name: 'Amsterdam', lat: 52.368, lng: 4.904, streets: ['Keizersgracht', 'Damrak'], postal: '1012' }],
    legalForms: ['B.V.', 'N.V.'],
    vat: (r) => `NL${r.digits(9)}B01`,
    mobile: (r) => `+316${r.digits(8)}`,
    landline: (r) => `+3120${r.digits(7)}`,
  },
  {
    code: 'GB',
    weight: 10,
    language: 'en',
    timezone: 'Europe/London',
    first: ['Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Jack', 'Emily'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Walker'],
    cities: [
      { name: 'London', lat: 51.507, lng: -0.128, streets: ['Baker Street', 'Oxford Street'], postal: 'W1U' },
      { name: 'Manchester', lat: 53.481, lng: -2.243, streets: ['Deansgate'], postal: 'M3' },
    ],
    legalForms: ['Ltd', 'PLC', 'LLP'],
    vat: (r) => `GB${r.digits(9)}`,
    mobile: (r) => `+447${r.pick(['4', '5', '7', '8', '9'])}${r.digits(8)}`,
    landline: (r) => `+4420${r.pick(['7', '3'])}${r.digits(7)}`,
  },
  {
    code: 'US',
    weight: 25,
    language: 'en',
    timezone: 'America/New_York',
    first: [
      'James',
      'Olivia',
      'Michael',
      'Emma',
      'William',
      'Ava',
      'David',
      'Sophia',
      'Daniel',
      'Mia',
      'Ethan',
      'Grace',
    ],
    last: ['Johnson', 'Miller', 'Davis', 'Garcia', 'Rodriguez', 'Martinez', 'Anderson', 'Thompson', 'Clark', 'Lewis'],
    cities: [
      { name: 'New York', lat: 40.713, lng: -74.006, streets: ['Broadway', '5th Avenue'], postal: '10001' },
      { name: 'Austin', lat: 30.267, lng: -97.743, streets: ['Congress Avenue'], postal: '78701' },
      { name: 'Chicago', lat: 41.878, lng: -87.63, streets: ['Michigan Avenue'], postal: '60601' },
      { name: 'San Francisco', lat: 37.775, lng: -122.419, streets: ['Market Street'], postal: '94103' },
    ],
    legalForms: ['Inc.', 'LLC', 'Corp.'],
    vat: () => null,
    mobile: (r) => `+1${r.pick(['212', '512', '312', '415', '617'])}${r.int(2, 9)}${r.digits(2)}${r.digits(4)}`,
    landline: (r) => `+1${r.pick(['800', '888'])}${r.int(2, 9)}${r.digits(2)}${r.digits(4)}`,
  },
  {
    code: 'ES',
    weight: 4,
    language: 'es',
    timezone: 'Europe/Madrid',
    first: ['Pablo', 'Lucía', 'Hugo', 'Martina', 'Álvaro', 'Paula'],
    last: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez'],
    cities: [{ name: 'Madrid', lat: 40.417, lng: -3.704, streets: ['Gran Vía', 'Calle de Alcalá'], postal: '28013' }],
    legalForms: ['S.L.', 'S.A.'],
    vat: (r) => `ESB${r.digits(8)}`,
    mobile: (r) => `+346${r.digits(8)}`,
    landline: (r) => `+3491${r.digits(7)}`,
  },
  {
    code: 'IT',
    weight: 4,
    language: 'it',
    timezone: 'Europe/Rome',
    first: ['Francesco', 'Giulia', 'Alessandro', 'Sofia', 'Lorenzo', 'Aurora'],
    last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano'],
    cities: [
      {
        name: 'Milano',
        lat: 45.464,
        lng: 9.19,
        streets: ['Via Montenapoleone', 'Corso Buenos Aires'],
        postal: '20121',
      },
    ],
    legalForms: ['S.r.l.', 'S.p.A.'],
    vat: (r) => `IT${r.digits(11)}`,
    mobile: (r) => `+393${r.pick(['20', '33', '47', '80'])}${r.digits(7)}`,
    landline: (r) => `+3902${r.digits(8)}`,
  },
];

const companyWords = {
  first: [
    'Nordlicht',
    'Blue Harbor',
    'Alpen',
    'Silverline',
    'Greenfield',
    'Brightpath',
    'Rhein',
    'Summit',
    'Atlas',
    'Lumen',
    'Kestrel',
    'Oakridge',
    'Polaris',
    'Cedar',
    'Helix',
    'Vantage',
  ],
  second: [
    'Logistik',
    'Analytics',
    'Consulting',
    'Systems',
    'Immobilien',
    'Software',
    'Foods',
    'Energy',
    'Media',
    'Robotics',
    'Health',
    'Capital',
    'Design',
    'Partners',
    'Solutions',
  ],
};
const titles = [
  'CEO',
  'CFO',
  'Head of Sales',
  'Purchasing Manager',
  'Office Manager',
  'Marketing Director',
  'IT Lead',
  'Operations Manager',
  'Founder',
  'Account Executive',
  'Property Manager',
  null,
];
const industries = [
  ['software', 'Software'],
  ['manufacturing', 'Manufacturing'],
  ['retail', 'Retail'],
  ['real_estate', 'Real estate'],
  ['healthcare', 'Healthcare'],
  ['finance', 'Finance'],
  ['logistics', 'Logistics'],
  ['hospitality', 'Hospitality'],
] as const;
const tagNames = [
  'VIP',
  'Newsletter',
  'Trade show 2026',
  'Referral',
  'Hot lead',
  'Key account',
  'Webinar attendee',
  'Partner',
];
const typeWeights: [string, number][] = [
  ['lead', 30],
  ['prospect', 22],
  ['customer', 28],
  ['past_customer', 8],
  ['vendor', 5],
  ['agent', 4],
  ['other', 3],
];
const sources = [
  { source: 'Website', medium: 'organic', referrer: 'https://www.google.com/' },
  { source: 'Google Ads', medium: 'cpc', campaign: 'spring-demo' },
  { source: 'LinkedIn', medium: 'social', campaign: 'thought-leadership' },
  { source: 'Newsletter', medium: 'email', campaign: 'monthly-digest' },
  { source: 'Trade show', medium: 'event', campaign: 'expo-2026' },
  { source: 'Referral', medium: 'referral' },
  { source: 'Cold call', medium: 'outbound' },
  { source: 'Partner', medium: 'partner' },
];

function weighted<T>(r: Rng, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r.next() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x <= 0) return item;
  }
  return items[items.length - 1]![0];
}

/** A number of the country that libphonenumber accepts, of the kind asked for. */
function phoneFor(r: Rng, country: Country, kind: 'mobile' | 'landline', taken: Set<string>): string | null {
  for (let i = 0; i < 25; i++) {
    const candidate = kind === 'mobile' ? country.mobile(r) : country.landline(r);
    const parsed = parsePhoneNumber(candidate);
    if (parsed?.isValid() && !taken.has(parsed.number)) {
      taken.add(parsed.number);
      return parsed.number;
    }
  }
  return null;
}

const ascii = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

function uniqueEmail(local: string, domain: string, taken: Set<string>): string {
  let email = `${local}@${domain}`;
  for (let n = 2; taken.has(email); n++) email = `${local}${n}@${domain}`;
  taken.add(email);
  return email;
}

export async function seedContacts(ctx: Ctx, people: DemoPeople): Promise<void> {
  const r = prng(20260301);
  const userIds = [people.adminId, ...people.memberIds];
  const userRows = await ctx.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), inArray(users.id, userIds)));
  const nameOf = new Map(userRows.map((u) => [u.id, u.name]));
  // Members 0–1 are Inside Sales, 2–3 Field Sales (see seed.ts).
  const teamOf = (ownerId: string) => {
    const i = people.memberIds.indexOf(ownerId);
    return i < 0 ? null : (people.teamIds[i < 2 ? 0 : 1] ?? null);
  };

  await insertCustomField(ctx, {
    label: 'Industry',
    type: 'single_select',
    options: industries.map(([value, label]) => ({ value, label })),
    required: false,
    appliesToAll: true,
    position: 0,
  });
  await insertCustomField(ctx, {
    label: 'Annual revenue',
    type: 'currency',
    currency: 'EUR',
    required: false,
    appliesToAll: true,
    position: 1,
  });
  await insertCustomField(ctx, {
    label: 'Preferred demo time',
    type: 'text',
    required: false,
    appliesToAll: false,
    description: 'Added to one contact only',
    position: 2,
  });
  const defs = await loadFieldDefs(ctx);

  const emailsTaken = new Set<string>();
  const phonesTaken = new Set<string>();
  const countryWeights = countries.map((c) => [c, c.weight] as [Country, number]);
  const now = Date.now();
  const prepared: PreparedContact[] = [];
  for (let i = 0; i < DEMO_CONTACT_COUNT; i++) {
    const country = weighted(r, countryWeights);
    const city = r.pick(country.cities);
    const isBusiness = r.chance(0.3);
    const ownerId = weighted(r, [[people.adminId, 2], ...people.memberIds.map((id) => [id, 4] as [string, number])]);
    const teamId = r.chance(0.85) ? teamOf(ownerId) : null;
    const firstName = r.pick(country.first);
    const lastName = r.pick(country.last);
    const company = `${r.pick(companyWords.first)} ${r.pick(companyWords.second)}`;
    const legalForm = r.pick(country.legalForms);
    const domain = `${ascii(company)}.example`;
    const origin = r.pick(sources);
    const created = new Date(now - r.int(1, 365) * 86_400_000 - r.int(0, 86_399) * 1000);
    const emails: CreateContactInput['emails'] = [];
    const phones: NonNullable<CreateContactInput['phones']> = [];
    if (isBusiness) {
      emails.push({
        email: uniqueEmail(r.pick(['info', 'hello', 'office', 'sales']), domain, emailsTaken),
        type: 'work',
      });
      const office = phoneFor(r, country, 'landline', phonesTaken);
      if (office) phones.push({ number: office, type: 'office' });
    } else {
      const local = `${ascii(firstName)}.${ascii(lastName)}`;
      if (r.chance(0.9)) emails.push({ email: uniqueEmail(local, domain, emailsTaken), type: 'work' });
      if (r.chance(0.35)) emails.push({ email: uniqueEmail(local, 'mail.example', emailsTaken), type: 'personal' });
      const mobile = r.chance(0.85) ? phoneFor(r, country, 'mobile', phonesTaken) : null;
      if (mobile) phones.push({ number: mobile, type: 'mobile', smsAllowed: r.chance(0.9) ? undefined : false });
      const desk = r.chance(0.4) ? phoneFor(r, country, 'landline', phonesTaken) : null;
      if (desk) phones.push({ number: desk, type: r.pick(['office', 'home'] as const) });
    }
    const street = `${r.pick(city.streets)} ${r.int(1, 180)}`;
    const locations = r.chance(isBusiness ? 0.95 : 0.6)
      ? [
          {
            label: isBusiness ? 'HQ' : r.pick(['Home', 'Office']),
            address: `${street}, ${city.postal} ${city.name}`,
            street,
            city: city.name,
            postalCode: city.postal,
            country: country.code,
            lat: Math.round((city.lat + (r.next() - 0.5) * 0.08) * 1e5) / 1e5,
            lng: Math.round((city.lng + (r.next() - 0.5) * 0.12) * 1e5) / 1e5,
          },
        ]
      : [];
    if (isBusiness && r.chance(0.25)) {
      const branchCity = r.pick(country.cities);
      locations.push({
        label: r.pick(['Branch', 'Delivery site', 'Warehouse']),
        address: `${r.pick(branchCity.streets)} ${r.int(1, 90)}, ${branchCity.postal} ${branchCity.name}`,
        street: r.pick(branchCity.streets),
        city: branchCity.name,
        postalCode: branchCity.postal,
        country: country.code,
        lat: Math.round((branchCity.lat + (r.next() - 0.5) * 0.08) * 1e5) / 1e5,
        lng: Math.round((branchCity.lng + (r.next() - 0.5) * 0.12) * 1e5) / 1e5,
      });
    }
    const custom: Record<string, unknown> = {};
    if (isBusiness || r.chance(0.5)) custom.industry = r.pick(industries)[0];
    if (isBusiness) custom.annual_revenue = r.int(2, 4000) * 25_000;
    if (!isBusiness && r.chance(0.4)) {
      custom.occupation = r.pick(['Engineer', 'Teacher', 'Architect', 'Physician', 'Consultant', 'Designer', 'Lawyer']);
      custom.marital_status = r.pick(['single', 'married', 'partnership', 'divorced', 'widowed']);
      custom.home_owner_status = r.pick(['owner', 'renter', 'living_with_family']);
      custom.household_income = r.int(30, 300) * 1000;
      custom.presence_of_children = r.chance(0.45);
      custom.length_of_residence = r.int(0, 25);
      if (r.chance(0.5)) custom.net_worth = r.int(5, 500) * 10_000;
      if (r.chance(0.6)) custom.education = r.pick(['secondary', 'vocational', 'bachelor', 'master', 'doctorate']);
    }
    if (i === 7) custom.preferred_demo_time = 'Tuesday mornings, after 10:00';
    const tags = tagNames.filter(() => r.chance(0.14));
    const followerIds = userIds.filter((id) => id !== ownerId && r.chance(0.08));
    const input: CreateContactInput = {
      kind: isBusiness ? 'business' : 'person',
      firstName: isBusiness ? null : firstName,
      lastName: isBusiness ? null : lastName,
      businessName: isBusiness ? `${company} ${legalForm}` : r.chance(0.7) ? `${company} ${legalForm}` : null,
      title: isBusiness ? null : r.pick(titles),
      birthday:
        !isBusiness && r.chance(0.4)
          ? `${r.int(1955, 2000)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`
          : null,
      gender: !isBusiness && r.chance(0.3) ? r.pick(['female', 'male', 'diverse']) : null,
      registrationNumber: isBusiness
        ? country.code === 'DE'
          ? `HRB ${r.int(10000, 250000)}`
          : `${r.digits(8)}`
        : null,
      legalForm: isBusiness ? legalForm : null,
      vatId: isBusiness ? country.vat(r) : null,
      contactType: weighted(r, typeWeights),
      language: country.language,
      timezone:
        country.code === 'US'
          ? r.pick(['America/New_York', 'America/Chicago', 'America/Los_Angeles'])
          : country.timezone,
      attribution: {
        ...origin,
        url: origin.medium === 'cpc' ? 'https://dossier.example/demo?utm_source=google' : undefined,
      },
      publicLinks: isBusiness
        ? [{ label: 'Website', url: `https://www.${domain}` }]
        : r.chance(0.3)
          ? [{ label: 'LinkedIn', url: `https://www.linkedin.com/in/${ascii(firstName)}-${ascii(lastName)}` }]
          : [],
      keywords: r.chance(0.25)
        ? [r.pick(['trade show', 'budget Q3', 'needs demo', 'decision maker', 'Messe München'])]
        : [],
      ownerId,
      teamId,
      followerIds,
      tags,
      emails,
      phones,
      locations,
      custom,
    };
    const item = await prepareContact(ctx, input, {
      defs,
      lineTypeProvider: offlineProvider,
      createdAt: created,
    });
    item.row.createdBy = ownerId;
    prepared.push(item);
  }

  // One batch per owner, so each contact.created entry names the user who "created" it.
  for (const ownerId of userIds) {
    const mine = prepared.filter((p) => p.row.ownerId === ownerId);
    const asOwner: Ctx = { ...ctx, actor: { type: 'user', id: ownerId, label: nameOf.get(ownerId) ?? 'User' } };
    await writeContacts(asOwner, mine);
  }

  // A little history: edits, owner hand-overs, consent changes and an archive.
  const ids = prepared.map((p) => p.row.id);
  for (let i = 0; i < 40; i++) {
    const item = prepared[r.int(0, prepared.length - 1)]!;
    const actorId = item.row.ownerId;
    const asUser: Ctx = { ...ctx, actor: { type: 'user', id: actorId, label: nameOf.get(actorId) ?? 'User' } };
    if (i % 4 === 0) {
      const to = r.pick(userIds.filter((u) => u !== item.row.ownerId));
      await updateContact({ ctx: asUser, contactId: item.row.id, input: { ownerId: to, teamId: teamOf(to) } });
      item.row.ownerId = to;
    } else if (item.row.kind === 'person') {
      await updateContact({
        ctx: asUser,
        contactId: item.row.id,
        input: { title: r.pick(titles.filter(Boolean) as string[]), contactType: r.pick(['prospect', 'customer']) },
      });
    } else {
      await updateContact({ ctx: asUser, contactId: item.row.id, input: { keywords: ['renewal due'] } });
    }
  }
  for (const id of ids.filter((_, i) => i % 37 === 5)) {
    // Causes as they would really occur: an email unsubscribe, an SMS "STOP", or a request by phone.
    const [changes, cause] = r.pick([
      [{ email: true }, 'unsubscribe'],
      [{ sms: true }, 'sms_stop'],
      [{ sms: true, whatsapp: true }, 'manual'],
    ] as const);
    await setDnd(ctx, id, changes, cause);
  }
  for (const id of ids.filter((_, i) => i % 61 === 11)) await archiveContact({ ctx, contactId: id });
}
