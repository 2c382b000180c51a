// Word lists and a seeded PRNG for generated, realistic-looking benchmark data.

export function prng(seed: number) {
  // mulberry32: tiny, fast, good enough for test data.
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

export const firstNames =
  `James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan
Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Margaret Mark Sandra Donald
Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa
Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas
Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha
Samuel Katherine Gregory Christine Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack Catherine Dennis Maria
Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan Joyce Henry Virginia Douglas Victoria Zachary Kelly
Peter Lauren Kyle Christina Ethan Joan Walter Evelyn Noah Judith Jeremy Megan Christian Andrea Keith Cheryl Roger Hannah
Terry Jacqueline Gerald Martha Harold Gloria Sean Teresa Austin Ann Carl Sara Arthur Madison Lawrence Frances Dylan
Kathryn Jesse Janice Jordan Jean Bryan Abigail Billy Alice Joe Julia Bruce Judy Gabriel Sophia Logan Grace Albert Denise
Willie Amber Alan Doris Juan Marilyn Wayne Danielle Elijah Beverly Randy Isabella Roy Theresa Vincent Diana Ralph Natalie
Eugene Brittany Russell Charlotte Bobby Marie Mason Kayla Philip Alexis Louis Lori Lukas Leonie Finn Mia Jonas Lea Felix
Lina Maximilian Hannah Elias Emilia Paul Sophie Luis Marie Noah Clara Ben Johanna Henri Greta Matteo Giulia Lorenzo Chiara
Hugo Chloé Louis Camille Lucas Manon Mateo Lucía Hugo Martina Oliver Amelia Harry Isla Jack Ava Freya Aisha Omar Yusuf
Fatima Mehmet Elif Arjun Priya Wei Mei Hiroshi Yuki Kwame Amara Diego Valentina Santiago Camila Sven Astrid Lars Ingrid`.split(
    /\s+/,
  );

export const lastNames =
  `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson
Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell
Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood
James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins
Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson
Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar
Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen
Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz
Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels
Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen
Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray
Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Müller Schneider
Fischer Weber Schulz Becker Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger
Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber
Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth
Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger
Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Dietrich Ziegler Kuhn Pohl Engel Horn Busch Bergmann Thomas
Voigt Sauer Arnold Wolff Pfeiffer Dubois Durand Lefebvre Moreau Laurent Rossi Russo Ferrari Esposito Bianchi Romano
Colombo Ricci Marino Greco Bruno Gallo Conti Costa Giordano Mancini Lombardi Novak Kowalski Nowak Wiśniewski Andersson
Johansson Karlsson Nilsson Eriksson Larsen Jensen Nielsen Hansen Pedersen Virtanen Korhonen Yilmaz Kaya Demir Sahin
Tanaka Suzuki Takahashi Watanabe Yamamoto Wang Li Zhang Liu Singh Kumar Sharma Gupta Okafor Mensah Mwangi Haddad`.split(
    /\s+/,
  );

export const companyWords =
  `Acme Apex Summit Northwind Blue River Granite Harbor Silver Oak Pine Maple Cedar Atlas Vertex
Quantum Nova Horizon Pioneer Evergreen Lighthouse Keystone Beacon Meridian Sterling Crescent Falcon Eagle Orion Polar
Alpine Coastal Prairie Golden Iron Crystal Cobalt Emerald Sapphire Crimson Bright Swift Bold Clear True Prime Urban
Metro Global United Allied Premier Royal Liberty Heritage Legacy Frontier Summit Rocky Sunset Sunrise Everest Aurora`.split(
    /\s+/,
  );
export const companySuffixes = [
  'Solutions',
  'Systems',
  'Logistics',
  'Consulting',
  'Partners',
  'Labs',
  'Holdings',
  'Digital',
  'Foods',
  'Realty',
  'Energy',
  'Health',
  'Capital',
  'Media',
  'Works',
  'Group',
  'Industries',
  'Analytics',
  'Motors',
  'Design',
];
export const legalForms = ['GmbH', 'AG', 'Inc.', 'LLC', 'Ltd', 'SAS', 'S.p.A.', 'B.V.', 'Oy', 'AB'];
export const titles = [
  'CEO',
  'CTO',
  'CFO',
  'Head of Sales',
  'Sales Manager',
  'Account Executive',
  'Procurement Lead',
  'Office Manager',
  'Marketing Director',
  'Operations Manager',
  'Founder',
  'Owner',
  'Buyer',
  'IT Manager',
  'Consultant',
  'Broker',
  'Agent',
];
export const domains = [
  'gmail.com',
  'outlook.com',
  'yahoo.com',
  'icloud.com',
  'proton.me',
  'web.de',
  'gmx.de',
  't-online.de',
  'hotmail.com',
  'aol.com',
];
export const sources = [
  'Website',
  'Referral',
  'Trade show',
  'Facebook ad',
  'Google Ads',
  'Cold call',
  'Direct mail',
  'LinkedIn',
  'Webinar',
  'Partner',
];
export const tagNames = [
  'VIP',
  'Newsletter',
  'Trade show 2026',
  'Referral',
  'Hot lead',
  'Cold',
  'Renewal due',
  'Enterprise',
  'SMB',
  'Churn risk',
  'Partner',
  'Investor',
  'Press',
  'Event: Berlin',
  'Event: Austin',
  'Webinar attendee',
  'Free trial',
  'Upsell',
  'Do not call',
  'Key account',
];
export const industries = [
  'Retail',
  'Manufacturing',
  'Real estate',
  'Healthcare',
  'Finance',
  'Software',
  'Logistics',
  'Hospitality',
  'Education',
  'Energy',
];
export const cities = [
  { city: 'Berlin', country: 'DE', lat: 52.52, lng: 13.405 },
  { city: 'Munich', country: 'DE', lat: 48.137, lng: 11.575 },
  { city: 'Hamburg', country: 'DE', lat: 53.551, lng: 9.993 },
  { city: 'New York', country: 'US', lat: 40.713, lng: -74.006 },
  { city: 'Austin', country: 'US', lat: 30.267, lng: -97.743 },
  { city: 'Chicago', country: 'US', lat: 41.878, lng: -87.63 },
  { city: 'London', country: 'GB', lat: 51.507, lng: -0.128 },
  { city: 'Paris', country: 'FR', lat: 48.857, lng: 2.352 },
  { city: 'Vienna', country: 'AT', lat: 48.208, lng: 16.373 },
  { city: 'Zurich', country: 'CH', lat: 47.377, lng: 8.541 },
];

/**
 * Countries the generated contacts live in, with the number plans their phones are drawn from:
 * national prefixes and the count of subscriber digits that follow them (ranges in which every
 * number is valid). Numbers are a bijection of a serial unique per phone, so they never collide;
 * libphonenumber still checks each one and decides its line type, exactly as the app does.
 */
export interface CountryPlan {
  code: string;
  weight: number;
  language: string;
  timezones: string[];
  mobile: { prefixes: string[]; digits: number };
  landline: { prefixes: string[]; digits: number };
  legalForms: string[];
  cities: { name: string; postal: string; lat: number; lng: number; streets: string[] }[];
}

export const countryPlans: CountryPlan[] = [
  {
    code: 'US',
    weight: 30,
    language: 'en',
    timezones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
    mobile: { prefixes: ['1212', '1312', '1415', '1512', '1617', '1646', '1206', '1303', '1404', '1713'], digits: 7 },
    landline: { prefixes: ['1212', '1312', '1415', '1512', '1617', '1646', '1206', '1303', '1404', '1713'], digits: 7 },
    legalForms: ['Inc.', 'LLC', 'Corp.'],
    cities: [
      {
        name: 'New York',
        postal: '10001',
        lat: 40.713,
        lng: -74.006,
        streets: ['Broadway', '5th Avenue', 'Lexington Avenue'],
      },
      { name: 'Chicago', postal: '60601', lat: 41.878, lng: -87.63, streets: ['Michigan Avenue', 'State Street'] },
      { name: 'Austin', postal: '78701', lat: 30.267, lng: -97.743, streets: ['Congress Avenue', 'Lamar Boulevard'] },
      {
        name: 'San Francisco',
        postal: '94103',
        lat: 37.775,
        lng: -122.419,
        streets: ['Market Street', 'Valencia Street'],
      },
      { name: 'Seattle', postal: '98101', lat: 47.606, lng: -122.332, streets: ['Pike Street', 'Pine Street'] },
    ],
  },
  {
    code: 'DE',
    weight: 25,
    language: 'de',
    timezones: ['Europe/Berlin'],
    mobile: { prefixes: ['49151', '49160', '49170', '49171', '49176', '49152', '49172'], digits: 8 },
    landline: { prefixes: ['4930', '4940', '4989', '49221', '4969'], digits: 7 },
    legalForms: ['GmbH', 'AG', 'GmbH & Co. KG', 'UG'],
    cities: [
      {
        name: 'Berlin',
        postal: '10117',
        lat: 52.52,
        lng: 13.405,
        streets: ['Friedrichstraße', 'Torstraße', 'Kastanienallee'],
      },
      { name: 'München', postal: '80331', lat: 48.137, lng: 11.575, streets: ['Leopoldstraße', 'Sendlinger Straße'] },
      { name: 'Hamburg', postal: '20095', lat: 53.551, lng: 9.993, streets: ['Mönckebergstraße', 'Große Elbstraße'] },
      { name: 'Köln', postal: '50667', lat: 50.938, lng: 6.96, streets: ['Ehrenstraße', 'Aachener Straße'] },
    ],
  },
  {
    code: 'GB',
    weight: 12,
    language: 'en',
    timezones: ['Europe/London'],
    mobile: { prefixes: ['4474', '4475', '4478'], digits: 8 },
    landline: { prefixes: ['44207', '44203', '44208', '44161'], digits: 7 },
    legalForms: ['Ltd', 'PLC', 'LLP'],
    cities: [
      { name: 'London', postal: 'W1U 6TY', lat: 51.507, lng: -0.128, streets: ['Baker Street', 'Oxford Street'] },
      { name: 'Manchester', postal: 'M3 4LZ', lat: 53.481, lng: -2.243, streets: ['Deansgate', 'King Street'] },
    ],
  },
  {
    code: 'FR',
    weight: 9,
    language: 'fr',
    timezones: ['Europe/Paris'],
    mobile: { prefixes: ['3361', '3362', '3364', '3366', '3367', '3375', '3376', '3378'], digits: 7 },
    landline: { prefixes: ['331', '333'], digits: 8 },
    legalForms: ['SAS', 'SARL', 'SA'],
    cities: [
      { name: 'Paris', postal: '75001', lat: 48.857, lng: 2.352, streets: ['Rue de Rivoli', 'Boulevard Haussmann'] },
      { name: 'Lyon', postal: '69002', lat: 45.764, lng: 4.836, streets: ['Rue de la République'] },
    ],
  },
  {
    code: 'AT',
    weight: 5,
    language: 'de',
    timezones: ['Europe/Vienna'],
    mobile: { prefixes: ['43664', '43676', '43699'], digits: 7 },
    landline: { prefixes: ['4312', '4313', '4314', '4315', '4317'], digits: 6 },
    legalForms: ['GmbH', 'AG', 'KG'],
    cities: [
      { name: 'Wien', postal: '1010', lat: 48.208, lng: 16.373, streets: ['Mariahilfer Straße', 'Kärntner Straße'] },
    ],
  },
  {
    code: 'CH',
    weight: 5,
    language: 'de',
    timezones: ['Europe/Zurich'],
    mobile: { prefixes: ['4176', '4178', '4179'], digits: 7 },
    landline: { prefixes: ['4144', '4122'], digits: 7 },
    legalForms: ['AG', 'GmbH'],
    cities: [{ name: 'Zürich', postal: '8001', lat: 47.377, lng: 8.541, streets: ['Bahnhofstrasse', 'Langstrasse'] }],
  },
  {
    code: 'NL',
    weight: 5,
    language: 'nl',
    timezones: ['Europe/Amsterdam'],
    mobile: { prefixes: ['3161', '3162', '3163', '3164', '3165'], digits: 7 },
    landline: { prefixes: ['3120', '3110'], digits: 7 },
    legalForms: ['B.V.', 'N.V.'],
    cities: [{ name: 'Amsterdam', postal: '1012 JS', lat: 52.368, lng: 4.904, streets: ['Keizersgracht', 'Damrak'] }],
  },
  {
    code: 'ES',
    weight: 5,
    language: 'es',
    timezones: ['Europe/Madrid'],
    mobile: { prefixes: ['346'], digits: 8 },
    landline: { prefixes: ['3491', '3493'], digits: 7 },
    legalForms: ['S.L.', 'S.A.'],
    cities: [{ name: 'Madrid', postal: '28013', lat: 40.417, lng: -3.704, streets: ['Gran Vía', 'Calle de Alcalá'] }],
  },
  {
    code: 'IT',
    weight: 4,
    language: 'it',
    timezones: ['Europe/Rome'],
    mobile: { prefixes: ['39320', '39333', '39347', '39380'], digits: 7 },
    landline: { prefixes: ['3902', '3906'], digits: 8 },
    legalForms: ['S.r.l.', 'S.p.A.'],
    cities: [
      {
        name: 'Milano',
        postal: '20121',
        lat: 45.464,
        lng: 9.19,
        streets: ['Via Montenapoleone', 'Corso Buenos Aires'],
      },
    ],
  },
];

export const attributionSources = [
  { source: 'Website', medium: 'organic', referrer: 'https://www.google.com/' },
  {
    source: 'Google Ads',
    medium: 'cpc',
    campaign: 'spring-demo',
    url: 'https://dossier.example/demo?utm_source=google',
  },
  { source: 'LinkedIn', medium: 'social', campaign: 'thought-leadership' },
  { source: 'Newsletter', medium: 'email', campaign: 'monthly-digest' },
  { source: 'Facebook ad', medium: 'paid_social', campaign: 'lookalike' },
  { source: 'Webinar', medium: 'event', campaign: 'product-tour' },
];

export const keywordChoices = [
  'trade show',
  'budget Q3',
  'needs demo',
  'decision maker',
  'Messe München',
  'golf',
  'priority',
];

export const noteTitles = [
  'Discovery call',
  'Pricing discussion',
  'Follow-up after the trade show',
  'Contract questions',
  'Site visit recap',
  'Renewal planning',
  'Referral',
  'Onboarding kickoff',
  'Support escalation',
  'Quarterly review',
];

export const taskTitles = [
  'Send the proposal',
  'Call back about pricing',
  'Prepare the renewal offer',
  'Share the case study',
  'Book a demo with the team',
  'Follow up on the contract',
  'Check onboarding progress',
  'Send the DPA',
];

export const appointmentTitles = [
  'Demo',
  'Discovery call',
  'Site visit',
  'Contract review',
  'Quarterly business review',
];
