// The contact record's API contract: request bodies, the full profile, the list summary, the
// list query (shared by GET /contacts, select-all bulk actions and saved views).
import { z } from 'zod';
import { contactKinds, customFieldTypes, phoneLineTypes } from '../../db/schema/contacts.ts';
import { Email, Timestamp } from '../../platform/http/schemas.ts';
import { Color, CustomField } from '../custom-fields/custom-fields.schemas.ts';

/** Optional text: trimmed; an empty string clears the value (null). */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable();

export const ContactKind = z.enum(contactKinds);
export const EmailType = z.enum(['work', 'personal', 'other']);
export const PhoneType = z.enum(['mobile', 'office', 'home', 'fax', 'other']);
export const DndChannel = z.enum(['all', 'email', 'sms', 'whatsapp', 'calls', 'inbound_calls', 'inbound_sms']);
export const Country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'Use an ISO 3166 country code like DE');
const Language = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}$/, 'Use an ISO 639-1 language code like de');
const isHttpUrl = (v: string) => /^https?:\/\/[^\s]+$/i.test(v);
const httpUrlMessage = 'Use a web address starting with http:// or https://';
const HttpUrl = z.string().trim().max(2000).refine(isHttpUrl, httpUrlMessage);

export const Keywords = z
  .union([z.string().max(5000), z.array(z.string().max(200)).max(100)])
  .describe('An array of words, or a comma-separated string');

export const Attribution = z.object({
  source: text(200).optional(),
  medium: text(200).optional(),
  campaign: text(200).optional(),
  term: text(200).optional(),
  content: text(200).optional(),
  referrer: text(2000).optional(),
  // Shown as a link on the contact page: only web addresses (no javascript: or data: URLs).
  url: text(2000)
    .refine((v) => v === null || isHttpUrl(v), httpUrlMessage)
    .optional(),
});

export const PublicLink = z.object({ label: z.string().trim().min(1).max(80), url: HttpUrl });

export const EmailInput = z.object({
  email: Email,
  type: EmailType.default('work'),
  isPrimary: z.boolean().optional(),
});
export const UpdateEmailBody = z.strictObject({
  email: Email.optional(),
  type: EmailType.optional(),
  isPrimary: z.boolean().optional(),
  verification: z.enum(['unverified', 'verified', 'invalid']).optional(),
});

export const PhoneInput = z.object({
  number: z.string().trim().min(3).max(40).describe('Any common format; +country code unless `country` is given'),
  type: PhoneType.default('mobile'),
  isPrimary: z.boolean().optional(),
  smsAllowed: z
    .boolean()
    .optional()
    .describe('"OK to SMS"; defaults to on for textable lines, always off for landlines'),
  country: Country.optional().describe('Country for numbers written without +country code'),
});
export const UpdatePhoneBody = z.strictObject({
  number: z.string().trim().min(3).max(40).optional(),
  type: PhoneType.optional(),
  isPrimary: z.boolean().optional(),
  smsAllowed: z.boolean().optional(),
  country: Country.optional(),
});

const locationProps = {
  label: z.string().trim().min(1).max(60).describe('HQ, branch, delivery site, home…'),
  address: z.string().trim().min(1).max(500),
  street: text(200).optional(),
  city: text(120).optional(),
  region: text(120).optional(),
  postalCode: text(20).optional(),
  country: text(60).optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  isPrimary: z.boolean().optional(),
};
export const LocationInput = z.object(locationProps);
export const UpdateLocationBody = z.strictObject({
  ...locationProps,
  label: locationProps.label.optional(),
  address: locationProps.address.optional(),
});

const contactFields = {
  firstName: text(200).optional(),
  lastName: text(200).optional(),
  title: text(200).optional(),
  businessName: text(300).optional(),
  birthday: z.iso.date().nullable().optional(),
  gender: text(40).optional(),
  registrationNumber: text(100).optional(),
  legalForm: text(60).optional(),
  vatId: text(60).optional(),
  contactType: z.string().trim().min(1).max(64).optional().describe('A key of /contact-types'),
  language: Language.nullable().optional(),
  timezone: z.string().trim().max(64).nullable().optional().describe('IANA time zone, e.g. Europe/Berlin'),
  source: text(200).optional().describe('Lead source'),
  publicLinks: z.array(PublicLink).max(20).optional(),
  keywords: Keywords.optional(),
  teamId: z.uuid().nullable().optional(),
  custom: z.record(z.string(), z.unknown()).optional().describe('Custom-field values by key; null clears a value'),
};

export const CreateContactBody = z.object({
  kind: ContactKind.default('person'),
  ...contactFields,
  attribution: Attribution.optional().describe('Sets both the first (original) and the last attribution'),
  ownerId: z.uuid().optional().describe('Defaults to the creating user; required for API keys'),
  followerIds: z.array(z.uuid()).max(50).optional(),
  tags: z.array(z.string().trim().min(1).max(60)).max(50).optional().describe('Tag names; unknown ones are created'),
  emails: z.array(EmailInput).max(20).optional(),
  phones: z.array(PhoneInput).max(20).optional(),
  locations: z.array(LocationInput).max(20).optional(),
});
export type CreateContactInput = z.infer<typeof CreateContactBody>;

export const UpdateContactBody = z.strictObject({
  kind: ContactKind.optional(),
  ...contactFields,
  attribution: Attribution.optional().describe('A new touch: replaces the last attribution only'),
  ownerId: z.uuid().optional(),
});
export type UpdateContactInput = z.infer<typeof UpdateContactBody>;

// ── Responses ────────────────────────────────────────────────────────────────────────────────

const UserRef = z.object({ id: z.uuid(), name: z.string() });
const TagRef = z.object({ id: z.uuid(), name: z.string(), color: z.string() });

const AttributionOut = z
  .object({
    source: z.string().nullable().optional(),
    medium: z.string().nullable().optional(),
    campaign: z.string().nullable().optional(),
    term: z.string().nullable().optional(),
    content: z.string().nullable().optional(),
    referrer: z.string().nullable().optional(),
    url: z.string().nullable().optional(),
    at: z.string(),
  })
  .nullable();

export const ContactEmail = z.object({
  id: z.uuid(),
  email: z.string(),
  type: EmailType,
  isPrimary: z.boolean(),
  verification: z.enum(['unverified', 'verified', 'invalid']),
  createdAt: Timestamp,
});

export const SmsBlockedReason = z
  .enum(['landline', 'dnd', 'no_permission'])
  .nullable()
  .describe('Why no SMS can go to this number; landline → "Landline number, SMS not allowed"');

export const ContactPhone = z.object({
  id: z.uuid(),
  e164: z.string(),
  national: z.string().describe('Formatted for the number’s country, e.g. 030 1234567'),
  international: z.string().describe('e.g. +49 30 1234567'),
  country: z.string().nullable(),
  type: PhoneType,
  isPrimary: z.boolean(),
  lineType: z.enum(phoneLineTypes),
  lineTypeSource: z.string().nullable().describe('"offline" (number metadata) or the lookup provider'),
  lineTypeCheckedAt: Timestamp.nullable(),
  carrier: z.string().nullable(),
  smsAllowed: z.boolean().describe('"OK to SMS"'),
  smsBlockedReason: SmsBlockedReason,
  createdAt: Timestamp,
});

export const ContactLocation = z.object({
  id: z.uuid(),
  label: z.string(),
  address: z.string(),
  street: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  isPrimary: z.boolean(),
});

export const Dnd = z.object({
  all: z.boolean(),
  email: z.boolean(),
  sms: z.boolean(),
  whatsapp: z.boolean(),
  calls: z.boolean(),
  inboundCalls: z.boolean(),
  inboundSms: z.boolean(),
});
export type DndDto = z.infer<typeof Dnd>;

export const ProfileField = CustomField.extend({
  folder: z.object({ id: z.uuid(), name: z.string(), hidden: z.boolean(), builtIn: z.boolean() }).nullable(),
  hidden: z.boolean().describe('In a hidden folder: not shown on contacts (the value is kept)'),
  attachedToContact: z.boolean().describe('Added to this contact only (not applying to all)'),
});

export const ContactWarning = z.object({
  code: z.enum(['owner_outside_team']),
  detail: z.string(),
});

export const ContactProfile = z
  .object({
    id: z.uuid(),
    kind: ContactKind,
    displayName: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    title: z.string().nullable(),
    businessName: z.string().nullable(),
    birthday: z.string().nullable(),
    gender: z.string().nullable(),
    registrationNumber: z.string().nullable(),
    legalForm: z.string().nullable(),
    vatId: z.string().nullable(),
    contactType: z.string(),
    language: z.string().nullable(),
    timezone: z.string().nullable(),
    source: z.string().nullable(),
    firstAttribution: AttributionOut,
    lastAttribution: AttributionOut,
    publicLinks: z.array(z.object({ label: z.string(), url: z.string() })),
    keywords: z.array(z.string()),
    emails: z.array(ContactEmail),
    phones: z.array(ContactPhone),
    locations: z.array(ContactLocation),
    tags: z.array(TagRef),
    owner: UserRef,
    followers: z.array(UserRef),
    team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    dnd: Dnd,
    custom: z.record(z.string(), z.unknown()).describe('Values of the fields below, by key'),
    fields: z.array(ProfileField).describe('Custom fields that apply to this contact, in display order'),
    pictureUrl: z.string().nullable(),
    version: z.number().int().describe('Send as If-Match to update safely'),
    createdBy: UserRef.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    archivedAt: Timestamp.nullable(),
    archivedBy: UserRef.nullable().describe('Who archived the contact (null while it is active)'),
    mergedIntoId: z
      .uuid()
      .nullable()
      .describe('The contact this one was merged into (it stays archived until the merge is undone)'),
    mergedIds: z.array(z.uuid()).describe('Contacts merged into this one (their history shows in its timeline)'),
    warnings: z.array(ContactWarning),
  })
  .meta({ id: 'ContactProfile' });
export type ContactProfileDto = z.infer<typeof ContactProfile>;

export const ContactSummary = z
  .object({
    id: z.uuid(),
    kind: ContactKind,
    displayName: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    businessName: z.string().nullable(),
    title: z.string().nullable(),
    contactType: z.string(),
    primaryEmail: z.string().nullable(),
    primaryPhone: z.string().nullable().describe('E.164'),
    owner: UserRef,
    team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    tags: z.array(TagRef),
    source: z.string().nullable(),
    language: z.string().nullable(),
    custom: z.record(z.string(), z.unknown()),
    pictureUrl: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    archivedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ContactSummary' });
export type ContactSummaryDto = z.infer<typeof ContactSummary>;

// ── List query ───────────────────────────────────────────────────────────────────────────────

export const filterOps = ['eq', 'neq', 'contains', 'gt', 'lt', 'empty', 'not_empty'] as const;
export const ListFilter = z.object({
  field: z.string().min(1).max(100).describe('A standard field (firstName, email, createdAt…) or custom.<key>'),
  op: z.enum(filterOps),
  value: z.unknown().optional(),
});
export type ListFilterInput = z.infer<typeof ListFilter>;

/** A comma-separated string or an array (query strings give the former, JSON bodies may give either). */
const list = (max: number) =>
  z
    .union([z.string().max(5000), z.array(z.string().max(200)).max(max)])
    .transform((v) => (typeof v === 'string' ? v.split(',') : v).map((s) => s.trim()).filter(Boolean));

const boolish = z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true');

const dateOrTime = z
  .string()
  .trim()
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}$/.test(v)
        ? !Number.isNaN(Date.parse(v)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v
        : z.iso.datetime({ offset: true }).safeParse(v).success,
    'Use YYYY-MM-DD or ISO 8601 with a time zone',
  );

const filters = z.union([z.string().max(20_000), z.array(ListFilter).max(50)]).transform((v, ctx) => {
  if (Array.isArray(v)) return v;
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'filters must be a JSON array of {field, op, value}' });
    return z.NEVER;
  }
  const result = z.array(ListFilter).max(50).safeParse(parsed);
  if (!result.success) {
    ctx.addIssue({ code: 'custom', message: 'filters must be a JSON array of {field, op, value}' });
    return z.NEVER;
  }
  return result.data;
});

export const listQueryFields = {
  q: z.string().trim().max(200).optional().describe('Search names, business, emails, phone digits, keywords'),
  kind: ContactKind.optional(),
  contactType: list(50).optional().describe('Contact type keys, comma-separated'),
  ownerId: list(50).optional().describe('User ids, comma-separated; "me" for yourself'),
  teamId: list(50).optional().describe('Team ids, comma-separated; "none" for contacts without a team'),
  tags: list(50).optional().describe('Tag ids or names, comma-separated'),
  tagMode: z.enum(['any', 'all']).default('any'),
  dnd: DndChannel.optional().describe('Only contacts with do-not-disturb on this channel'),
  source: z.string().trim().max(200).optional(),
  language: z.string().trim().max(10).optional(),
  createdFrom: dateOrTime.optional(),
  createdTo: dateOrTime.optional(),
  updatedFrom: dateOrTime.optional(),
  updatedTo: dateOrTime.optional(),
  archived: boolish.default(false).describe('true: the archive instead of the active contacts'),
  filters: filters
    .optional()
    .describe('JSON array of {field, op, value}; ops eq, neq, contains, gt, lt, empty, not_empty'),
  sort: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe(
      'name (default; relevance when q is given), createdAt, updatedAt, contactType, owner, archivedAt or custom.<key>; prefix - for descending',
    ),
};

export const ListQuery = z.object(listQueryFields);
export type ListQueryInput = z.infer<typeof ListQuery>;

export const ContactListQuery = ListQuery.extend({
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ContactListQueryInput = z.infer<typeof ContactListQuery>;

export const ContactListPage = z.object({
  data: z.array(ContactSummary),
  nextCursor: z.string().nullable(),
  total: z.object({
    value: z.number().int(),
    exact: z
      .boolean()
      .describe(
        'false: an estimate — more than 1,000 matches (more than 6,000 for a first page of a search or a filtered list, whose matches are counted as they are collected)',
      ),
  }),
});

// ── Other bodies ─────────────────────────────────────────────────────────────────────────────

export const TagsBody = z
  .object({
    names: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
    tagIds: z.array(z.uuid()).max(50).optional(),
  })
  .refine((b) => (b.names?.length ?? 0) + (b.tagIds?.length ?? 0) > 0, 'Send names or tagIds');

export const FollowerBody = z.object({ userId: z.uuid() });

export const DndBody = z.object({
  all: z.boolean().optional(),
  email: z.boolean().optional(),
  sms: z.boolean().optional(),
  whatsapp: z.boolean().optional(),
  calls: z.boolean().optional(),
  inboundCalls: z.boolean().optional(),
  inboundSms: z.boolean().optional(),
  cause: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,39}$/)
    .default('manual')
    .describe(
      'Why it changed. Only "manual" is accepted here (anything else → 400 cause_not_allowed); unsubscribes and STOP replies are recorded by the server',
    ),
});

export const AttachFieldBody = z.object({ fieldId: z.uuid() });

export const InlineFieldBody = z.object({
  label: z.string().trim().min(1).max(100),
  type: z.enum(customFieldTypes),
  options: z
    .array(
      z.object({
        value: z.string().trim().min(1).max(100),
        label: z.string().trim().min(1).max(100),
        color: Color.optional(),
      }),
    )
    .max(200)
    .optional(),
  folderId: z.uuid().nullable().optional(),
  value: z.unknown().optional(),
});

export const DeleteContactQuery = z.object({
  permanent: boolish.default(false),
  confirm: z.string().max(100).optional().describe('For a permanent delete: the contact’s id'),
});

export const ExportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

export const ListExportQuery = ListQuery.extend({
  format: z
    .enum(['csv', 'vcard'])
    .default('csv')
    .describe('csv: UTF-8 with a byte-order mark, the columns of the one-contact export; vcard: vCard 4.0'),
});

export const DuplicateResult = z.object({
  contact: ContactProfile,
  omitted: z.array(z.object({ field: z.string(), count: z.number().int(), reason: z.string() })),
});

export const BulkBody = z
  .object({
    action: z.enum(['add_tags', 'remove_tags', 'assign_owner', 'archive', 'restore']),
    ids: z.array(z.uuid()).min(1).max(10_000).optional(),
    selection: z
      .object({ all: z.literal(true), query: ListQuery.prefault({}) })
      .optional()
      .describe('Everything the list query matches (at most 10,000 per request)'),
    tagNames: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
    tagIds: z.array(z.uuid()).max(50).optional(),
    ownerId: z.uuid().optional(),
  })
  .refine((b) => Boolean(b.ids) !== Boolean(b.selection), 'Send either ids or selection');
export type BulkInput = z.infer<typeof BulkBody>;

export const ReassignBody = z.object({ toUserId: z.uuid() });
