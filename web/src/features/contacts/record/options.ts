// Choices the contact page offers: languages, legal forms, common sources and location labels. Suggestions only
// where the field is free text (the server accepts any legal form or source).

/** ISO 639-1 codes of the languages a contact may prefer; the names come from Intl in the reader's language. */
// prettier-ignore
export const LANGUAGE_CODES: readonly string[] = [
  'ar', 'bg', 'bn', 'ca', 'cs', 'cy', 'da', 'de', 'el', 'en', 'es', 'et', 'fa', 'fi', 'fr', 'ga', 'he', 'hi', 'hr',
  'hu', 'id', 'is', 'it', 'ja', 'ko', 'lb', 'lt', 'lv', 'mk', 'ms', 'mt', 'nb', 'nl', 'pl', 'pt', 'ro', 'ru', 'sk',
  'sl', 'sq', 'sr', 'sv', 'sw', 'th', 'tl', 'tr', 'uk', 'ur', 'vi', 'zh',
];

// prettier-ignore
export const LEGAL_FORMS: readonly string[] = [
  'GmbH', 'AG', 'UG (haftungsbeschränkt)', 'GmbH & Co. KG', 'KG', 'OHG', 'e.K.', 'e.V.', 'LTD', 'PLC', 'LLP', 'Inc.',
  'LLC', 'Corp.', 'SARL', 'SAS', 'SA', 'BV', 'NV', 'S.r.l.', 'S.p.A.', 'S.L.', 'AB', 'Oy', 'ApS', 'AS',
  'Sp. z o.o.', 's.r.o.',
];

// prettier-ignore
export const SOURCES: readonly string[] = [
  'Website', 'Referral', 'Trade show', 'Cold call', 'Google Ads', 'LinkedIn', 'Facebook', 'Newsletter',
  'Direct mail', 'Partner', 'Event', 'Import',
];

export const GENDERS: readonly string[] = ['Female', 'Male', 'Non-binary', 'Prefer not to say'];

export const LOCATION_LABELS: readonly string[] = ['HQ', 'Branch', 'Office', 'Delivery site', 'Warehouse', 'Home'];
