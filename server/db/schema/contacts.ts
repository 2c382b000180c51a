// The contact record: the person or business, its emails, phones, locations, tags, followers,
// custom-field library, contact types and saved list views.
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { citext, createdAt, idColumn, updatedAt, workspaceIdColumn } from './columns.ts';
import { files } from './files.ts';
import { teams, users, workspaces } from './platform.ts';

export const contactKinds = ['person', 'business'] as const;
export const dndChannels = ['email', 'sms', 'whatsapp', 'calls', 'inbound_calls', 'inbound_sms'] as const;
export type DndChannel = (typeof dndChannels)[number];

export interface Attribution {
  source: string | null;
  medium?: string | null;
  campaign?: string | null;
  term?: string | null;
  content?: string | null;
  referrer?: string | null;
  url?: string | null;
  at: string;
}

export interface PublicLink {
  label: string;
  url: string;
}

/** The configurable contact type / lifecycle list (lead, prospect, customer…). */
export const contactTypes = pgTable(
  'contact_types',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    key: text('key').notNull(),
    label: text('label').notNull(),
    color: text('color').notNull().default('gray'),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] })],
);

export const contacts = pgTable(
  'contacts',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    kind: text('kind', { enum: contactKinds }).notNull(),
    /** Names as shown and sorted: "First Last" for a person, the business name for a business. */
    displayName: text('display_name').notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    /** Person: job title. */
    title: text('title'),
    /** Person: the business / account they belong to. Business: its name. */
    businessName: text('business_name'),
    birthday: date('birthday'),
    gender: text('gender'),
    registrationNumber: text('registration_number'),
    legalForm: text('legal_form'),
    vatId: text('vat_id'),
    contactType: text('contact_type').notNull(),
    /** Preferred communication language, ISO 639-1. */
    language: text('language'),
    timezone: text('timezone'),
    source: text('source'),
    firstAttribution: jsonb('first_attribution').$type<Attribution>(),
    lastAttribution: jsonb('last_attribution').$type<Attribution>(),
    publicLinks: jsonb('public_links').$type<PublicLink[]>().notNull().default([]),
    keywords: text('keywords')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    pictureFileId: uuid('picture_file_id'),
    ownerId: uuid('owner_id').notNull(),
    teamId: uuid('team_id'),
    /** Do-not-disturb: every channel at once, or one channel at a time. */
    dndAll: boolean('dnd_all').notNull().default(false),
    dndEmail: boolean('dnd_email').notNull().default(false),
    dndSms: boolean('dnd_sms').notNull().default(false),
    dndWhatsapp: boolean('dnd_whatsapp').notNull().default(false),
    dndCalls: boolean('dnd_calls').notNull().default(false),
    dndInboundCalls: boolean('dnd_inbound_calls').notNull().default(false),
    dndInboundSms: boolean('dnd_inbound_sms').notNull().default(false),
    /** Custom-field values keyed by the field's key. */
    custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
    /**
     * Tags, by id, in no particular order. An array on the row rather than a link table: a million
     * contacts' tags take a tenth of the space, and a tag filter combines with the other filters
     * through the GIN index. The tags service keeps them valid (a deleted tag leaves every array).
     */
    tagIds: uuid('tag_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** Library fields added to this contact only (fields that apply to all are implied). */
    extraFieldIds: uuid('extra_field_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** Lower-cased names, business, emails, phone digits and keywords: what the search box matches. */
    searchText: text('search_text').notNull().default(''),
    /** Optimistic concurrency: bumped by every update, checked against If-Match. */
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    archivedBy: uuid('archived_by'),
    /** Set on a contact merged into another (it stays archived until the merge is undone). */
    mergedIntoId: uuid('merged_into_id'),
    /** On a survivor: the contacts merged into it whose timelines show in its own. */
    mergedIds: uuid('merged_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.ownerId], foreignColumns: [users.workspaceId, users.id] }),
    foreignKey({ columns: [t.workspaceId, t.teamId], foreignColumns: [teams.workspaceId, teams.id] }),
    foreignKey({
      columns: [t.workspaceId, t.contactType],
      foreignColumns: [contactTypes.workspaceId, contactTypes.key],
    }).onUpdate('cascade'),
    foreignKey({ columns: [t.workspaceId, t.pictureFileId], foreignColumns: [files.workspaceId, files.id] }),
    // List orderings (active contacts; archived ones have their own, smaller list). The name index
    // also INCLUDEs display_name and search_text (migration 0013; Drizzle cannot declare INCLUDE):
    // a search walking the name order tests the text in the index alone.
    index('contacts_name_idx')
      .on(t.workspaceId, sql`lower(${t.displayName})`, t.id)
      .where(sql`${t.archivedAt} is null`),
    index('contacts_created_idx')
      .on(t.workspaceId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.archivedAt} is null`),
    index('contacts_updated_idx')
      .on(t.workspaceId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.archivedAt} is null`),
    // One owner's contacts in name order ("my contacts", an owner with a tag): a page is a short walk of the owner's
    // range instead of collecting every match (list-contacts.ts, walkThreshold). It also INCLUDEs display_name and
    // tag_ids (migration 0035; Drizzle cannot declare INCLUDE), so a walk under a tag reads the index alone, and the
    // search text (migration 0036), so a member limited to own contacts walks their range to search (membersWalk).
    index('contacts_owner_name_idx')
      .on(t.workspaceId, t.ownerId, sql`lower(${t.displayName})`, t.id)
      .where(sql`${t.archivedAt} is null`),
    index('contacts_team_idx')
      .on(t.workspaceId, t.teamId)
      .where(sql`${t.teamId} is not null`),
    index('contacts_archived_idx')
      .on(t.workspaceId, t.archivedAt.desc().nullsFirst(), t.id)
      .where(sql`${t.archivedAt} is not null`),
    // Trigram index for substring and fuzzy search; the workspace is checked on the matching rows.
    index('contacts_search_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    // Duplicates: similar names are looked for among the contacts of the same business (or city, below).
    index('contacts_business_key_idx')
      .on(t.workspaceId, sql`lower(trim(${t.businessName}))`)
      .where(sql`${t.businessName} is not null`),
    index('contacts_custom_idx').using('gin', sql`${t.custom} jsonb_path_ops`),
    index('contacts_tags_idx').using('gin', t.tagIds),
  ],
);

/**
 * The words of a workspace's search texts (runs of letters), the vocabulary a typo is corrected against: a word
 * within an edit or two of the typed one (list-contacts.ts, typoCorrections) is searched as typed. Kept by triggers on
 * contacts (migration 0039): a word is added when a contact's text first holds it, and stays when no contact holds it
 * any more (it then corrects to nothing), except after an erasure, which takes the erased contact's words that no
 * other contact holds. No unique key: two writers adding the same new word at once never wait on each other, and the
 * rare repeat is read as one.
 */
export const searchWords = pgTable(
  'search_words',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    word: text('word').notNull(),
  },
  (t) => [
    index('search_words_workspace_word_idx').on(t.workspaceId, t.word),
    index('search_words_trgm_idx').using('gin', sql`${t.word} gin_trgm_ops`),
  ],
);

const contactFk = (t: { workspaceId: any; contactId: any }) =>
  foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }).onDelete(
    'cascade',
  );

export const contactEmails = pgTable(
  'contact_emails',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    contactId: uuid('contact_id').notNull(),
    /** Trimmed; citext makes comparisons case-insensitive and the stored value is lower-cased. */
    email: citext('email').notNull(),
    type: text('type', { enum: ['work', 'personal', 'other'] })
      .notNull()
      .default('work'),
    isPrimary: boolean('is_primary').notNull().default(false),
    verification: text('verification', { enum: ['unverified', 'verified', 'invalid'] })
      .notNull()
      .default('unverified'),
    position: integer('position').notNull().default(0),
    /**
     * The address as duplicates are matched by (dossier_email_match_key, migration 0023: lower case, no
     * "+tag", Gmail's dots ignored), stored so that the workspace's duplicate groups are read from an index.
     */
    matchKey: text('match_key')
      .notNull()
      .generatedAlwaysAs(sql`dossier_email_match_key(email::text)`),
    createdAt: createdAt(),
  },
  (t) => [
    // Keyed under the contact: a contact's emails are one index range, and no second index is needed.
    primaryKey({ columns: [t.workspaceId, t.contactId, t.id] }),
    contactFk(t),
    // One address belongs to at most one contact per workspace (inbound mail is matched by it).
    uniqueIndex('contact_emails_email_key').on(t.workspaceId, t.email),
    // A contact's duplicates by address, and the workspace's groups in key order (index only).
    index('contact_emails_match_key_contact_idx').on(t.workspaceId, t.matchKey, t.contactId),
  ],
);

export const phoneLineTypes = ['mobile', 'fixed_line', 'fixed_line_or_mobile', 'voip', 'unknown'] as const;
export type PhoneLineType = (typeof phoneLineTypes)[number];

export const contactPhones = pgTable(
  'contact_phones',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    contactId: uuid('contact_id').notNull(),
    /** E.164, e.g. +4930123456. */
    e164: text('e164').notNull(),
    type: text('type', { enum: ['mobile', 'office', 'home', 'fax', 'other'] })
      .notNull()
      .default('mobile'),
    isPrimary: boolean('is_primary').notNull().default(false),
    lineType: text('line_type', { enum: phoneLineTypes }).notNull().default('unknown'),
    /** Which check decided the line type: "offline" metadata or a provider's name. */
    lineTypeSource: text('line_type_source'),
    lineTypeCheckedAt: timestamp('line_type_checked_at', { withTimezone: true }),
    carrier: text('carrier'),
    /** "OK to SMS": the number can take texts and the contact agreed. A landline is always off. */
    smsAllowed: boolean('sms_allowed').notNull().default(false),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    // Keyed under the contact, like emails.
    primaryKey({ columns: [t.workspaceId, t.contactId, t.id] }),
    contactFk(t),
    uniqueIndex('contact_phones_e164_key').on(t.workspaceId, t.e164),
  ],
);

export const contactLocations = pgTable(
  'contact_locations',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    contactId: uuid('contact_id').notNull(),
    /** HQ, branch, delivery site, home… */
    label: text('label').notNull(),
    address: text('address').notNull(),
    street: text('street'),
    city: text('city'),
    region: text('region'),
    postalCode: text('postal_code'),
    country: text('country'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    isPrimary: boolean('is_primary').notNull().default(false),
    position: integer('position').notNull().default(0),
    /**
     * The contact's display name, kept here by triggers (migration 0028) for the duplicate finder: its
     * index finds similar names within a city without reading every contact of that city.
     */
    contactName: text('contact_name'),
    createdAt: createdAt(),
  },
  (t) => [
    // Keyed under the contact, like emails.
    primaryKey({ columns: [t.workspaceId, t.contactId, t.id] }),
    contactFk(t),
    index('contact_locations_city_key_idx')
      .on(t.workspaceId, sql`lower(trim(${t.city}))`)
      .where(sql`${t.city} is not null`),
    // The city as a one-element array (GIN's own array operators, no btree_gin) beside the name's trigrams:
    // "a name like this one in this city" is one index scan.
    index('contact_locations_city_name_idx')
      .using('gin', sql`(array[lower(trim(${t.city}))])`, sql`${t.contactName} gin_trgm_ops`)
      .where(sql`${t.city} is not null`),
  ],
);

export const tags = pgTable(
  'tags',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    name: citext('name').notNull(),
    color: text('color').notNull().default('gray'),
    /**
     * Contacts that are not archived carrying the tag, as the contact list counts them. Kept by
     * statement-level triggers on contacts (migration 0008), so tag pickers read it instead of
     * scanning every contact, and a bulk tagging of 100,000 contacts adds one UPDATE, not 100,000.
     */
    usageCount: integer('usage_count').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('tags_name_key').on(t.workspaceId, t.name)],
);

export const contactFollowers = pgTable(
  'contact_followers',
  {
    workspaceId: workspaceIdColumn(),
    contactId: uuid('contact_id').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: createdAt(),
    // The followed contact's name, search text, owner and archiving, kept equal to the contact's by triggers
    // (migration 0037): a member's followed contacts in name order are one range of contact_followers_name_idx,
    // searched there as their own contacts are in contacts_owner_name_idx (list-contacts.ts, membersWalk).
    displayName: text('display_name'),
    searchText: text('search_text'),
    ownerId: uuid('owner_id'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.contactId, t.userId] }),
    contactFk(t),
    foreignKey({ columns: [t.workspaceId, t.userId], foreignColumns: [users.workspaceId, users.id] }),
    index('contact_followers_user_idx').on(t.workspaceId, t.userId, t.contactId),
    // Also INCLUDEs display_name, search_text and owner_id (migration 0037; Drizzle cannot declare INCLUDE).
    index('contact_followers_name_idx')
      .on(t.workspaceId, t.userId, sql`lower(${t.displayName})`, t.contactId)
      .where(sql`${t.archivedAt} is null`),
  ],
);

export const customFieldTypes = [
  'text',
  'long_text',
  'number',
  'currency',
  'date',
  'datetime',
  'checkbox',
  'single_select',
  'multi_select',
  'email',
  'phone',
  'url',
  'file',
] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];

export const customFieldEntities = ['contact', 'opportunity'] as const;

export interface SelectOption {
  value: string;
  label: string;
  color?: string;
}

export const customFieldFolders = pgTable(
  'custom_field_folders',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    /** Folders Dossier ships (Demographics); an admin can hide but not delete them. */
    builtIn: boolean('built_in').notNull().default(false),
    hidden: boolean('hidden').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('custom_field_folders_name_key').on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

export const customFields = pgTable(
  'custom_fields',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    /** Stable identifier used in the API and in contacts.custom; never changes. */
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type', { enum: customFieldTypes }).notNull(),
    /** What the field describes: contacts, or opportunities. */
    entity: text('entity', { enum: customFieldEntities }).notNull().default('contact'),
    options: jsonb('options').$type<SelectOption[]>().notNull().default([]),
    /** For currency fields: ISO 4217 code; null means the workspace currency. */
    currency: text('currency'),
    folderId: uuid('folder_id'),
    required: boolean('required').notNull().default(false),
    appliesToAll: boolean('applies_to_all').notNull().default(true),
    description: text('description'),
    position: integer('position').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('custom_fields_key_key').on(t.workspaceId, t.key),
    foreignKey({
      columns: [t.workspaceId, t.folderId],
      foreignColumns: [customFieldFolders.workspaceId, customFieldFolders.id],
    }),
  ],
);

export const savedViews = pgTable(
  'saved_views',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    /** The list query as the API takes it: q, filters, sort. */
    query: jsonb('query').$type<Record<string, unknown>>().notNull(),
    columns: text('columns')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.userId], foreignColumns: [users.workspaceId, users.id] }).onDelete(
      'cascade',
    ),
    index('saved_views_user_idx').on(t.workspaceId, t.userId),
  ],
);
