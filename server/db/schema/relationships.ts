// How contacts relate: people working for businesses (with references to the business's own
// details), labelled contact-to-contact relations, hand-made groups and rule-based target markets.
import { sql } from 'drizzle-orm';
import {
  boolean,
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
import { createdAt, idColumn, updatedAt, workspaceIdColumn } from './columns.ts';
import { contacts } from './contacts.ts';
import { users, workspaces } from './platform.ts';

const contactRef = (name: string, columns: [any, any]) =>
  foreignKey({ name, columns, foreignColumns: [contacts.workspaceId, contacts.id] }).onDelete('cascade');

/**
 * A person working for a business. The link may reference the business's own emails, phones and
 * locations (the switchboard as the person's work phone): ids of rows under the business, kept
 * valid by the service (removing the business's detail clears the reference and journals it).
 */
export const contactLinks = pgTable(
  'contact_links',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    personId: uuid('person_id').notNull(),
    businessId: uuid('business_id').notNull(),
    role: text('role'),
    note: text('note'),
    isPrimary: boolean('is_primary').notNull().default(false),
    emailIds: uuid('email_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    phoneIds: uuid('phone_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    locationIds: uuid('location_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /**
     * lower(person's display name), kept by triggers (set on insert, followed on rename): the business's
     * persons page sorts on it through contact_links_persons_page_idx without joining every person.
     */
    personSortKey: text('person_sort_key').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    contactRef('contact_links_person_fk', [t.workspaceId, t.personId]),
    contactRef('contact_links_business_fk', [t.workspaceId, t.businessId]),
    uniqueIndex('contact_links_pair_key').on(t.workspaceId, t.personId, t.businessId),
    index('contact_links_business_idx').on(t.workspaceId, t.businessId, t.id),
    index('contact_links_persons_page_idx').on(
      t.workspaceId,
      t.businessId,
      sql`(not ${t.isPrimary})`,
      t.personSortKey,
      t.personId,
    ),
  ],
);

/** Admin-managed relation labels with their inverse ("assistant of" ↔ "has assistant"). */
export const relationTypes = pgTable(
  'relation_types',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    label: text('label').notNull(),
    /** Equal to the label for a symmetric relation (spouse ↔ spouse). */
    inverseLabel: text('inverse_label').notNull(),
    position: integer('position').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('relation_types_label_key').on(t.workspaceId, sql`lower(${t.label})`),
  ],
);

/** "from is <label> of to"; seen from `to`, the inverse label applies. */
export const contactRelations = pgTable(
  'contact_relations',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    typeId: uuid('type_id').notNull(),
    fromContactId: uuid('from_contact_id').notNull(),
    toContactId: uuid('to_contact_id').notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.typeId], foreignColumns: [relationTypes.workspaceId, relationTypes.id] }),
    contactRef('contact_relations_from_fk', [t.workspaceId, t.fromContactId]),
    contactRef('contact_relations_to_fk', [t.workspaceId, t.toContactId]),
    uniqueIndex('contact_relations_key').on(t.workspaceId, t.fromContactId, t.typeId, t.toContactId),
    index('contact_relations_to_idx').on(t.workspaceId, t.toContactId),
  ],
);

/** Hand-made lists of contacts. */
export const contactGroups = pgTable(
  'contact_groups',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    name: text('name').notNull(),
    description: text('description'),
    color: text('color').notNull().default('gray'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('contact_groups_name_key').on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

export const contactGroupMembers = pgTable(
  'contact_group_members',
  {
    workspaceId: workspaceIdColumn(),
    groupId: uuid('group_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    addedBy: uuid('added_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.groupId, t.contactId] }),
    foreignKey({
      columns: [t.workspaceId, t.groupId],
      foreignColumns: [contactGroups.workspaceId, contactGroups.id],
    }).onDelete('cascade'),
    contactRef('contact_group_members_contact_fk', [t.workspaceId, t.contactId]),
    index('contact_group_members_contact_idx').on(t.workspaceId, t.contactId),
    foreignKey({ columns: [t.workspaceId, t.addedBy], foreignColumns: [users.workspaceId, users.id] }),
  ],
);

/**
 * Rule-based segments. `rules` is a contact-list filter (the same model the list's filter bar
 * sends); membership is kept current by a journal subscriber, never by hand.
 */
export const targetMarkets = pgTable(
  'target_markets',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    name: text('name').notNull(),
    description: text('description'),
    color: text('color').notNull().default('gray'),
    rules: jsonb('rules').$type<Record<string, unknown>>().notNull(),
    /** When the whole membership was last rebuilt from the rules. */
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('target_markets_name_key').on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

export const targetMarketMembers = pgTable(
  'target_market_members',
  {
    workspaceId: workspaceIdColumn(),
    marketId: uuid('market_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.marketId, t.contactId] }),
    foreignKey({
      columns: [t.workspaceId, t.marketId],
      foreignColumns: [targetMarkets.workspaceId, targetMarkets.id],
    }).onDelete('cascade'),
    contactRef('target_market_members_contact_fk', [t.workspaceId, t.contactId]),
    index('target_market_members_contact_idx').on(t.workspaceId, t.contactId),
  ],
);
