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
