// Revenue: pipelines with ordered stages, opportunities on contacts, and sales plans per team.
import { sql } from 'drizzle-orm';
import {
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt, workspaceIdColumn } from './columns.ts';
import { contacts } from './contacts.ts';
import { teams, users, workspaces } from './platform.ts';

export const pipelines = pgTable(
  'pipelines',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('pipelines_name_key').on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

/** Open stages in order; won and lost are the opportunity's status, not stages. */
export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    pipelineId: uuid('pipeline_id').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    /** Win probability in percent, 0–100. */
    probability: integer('probability').notNull().default(0),
    /** An open opportunity left longer than this in the stage is rotting; null: never. */
    rottingDays: integer('rotting_days'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.pipelineId],
      foreignColumns: [pipelines.workspaceId, pipelines.id],
    }).onDelete('cascade'),
    index('pipeline_stages_pipeline_idx').on(t.workspaceId, t.pipelineId, t.position),
  ],
);

export const opportunityStatuses = ['open', 'won', 'lost', 'abandoned'] as const;
export type OpportunityStatus = (typeof opportunityStatuses)[number];

export const opportunities = pgTable(
  'opportunities',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    contactId: uuid('contact_id').notNull(),
    pipelineId: uuid('pipeline_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    status: text('status', { enum: opportunityStatuses }).notNull().default('open'),
    lostReason: text('lost_reason'),
    value: numeric('value', { precision: 16, scale: 2 }).notNull().default('0'),
    /** ISO 4217. */
    currency: text('currency').notNull(),
    ownerId: uuid('owner_id').notNull(),
    /** The team whose sales plan it counts toward (the owner's or the contact's team). */
    teamId: uuid('team_id'),
    expectedCloseDate: date('expected_close_date'),
    /** Percent; null means the stage's probability. */
    likelihood: integer('likelihood'),
    source: text('source'),
    notes: text('notes'),
    /** Custom-field values keyed by the field's key (fields whose entity is 'opportunity'). */
    custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
    stageEnteredAt: timestamp('stage_entered_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ columns: [t.workspaceId, t.pipelineId], foreignColumns: [pipelines.workspaceId, pipelines.id] }),
    foreignKey({
      columns: [t.workspaceId, t.stageId],
      foreignColumns: [pipelineStages.workspaceId, pipelineStages.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.ownerId], foreignColumns: [users.workspaceId, users.id] }),
    foreignKey({ columns: [t.workspaceId, t.teamId], foreignColumns: [teams.workspaceId, teams.id] }).onDelete(
      'set null',
    ),
    // A board column: the stage's open cards, longest in the stage first.
    index('opportunities_board_idx')
      .on(t.workspaceId, t.stageId, t.stageEnteredAt, t.id)
      .where(sql`${t.status} = 'open'`),
    // The board filtered to one owner: each column's cards in order, and (with value) the column totals read
    // from this index alone, over that owner's open deals only.
    index('opportunities_owner_board_idx')
      .on(t.workspaceId, t.ownerId, t.stageId, t.stageEnteredAt, t.id, t.value)
      .where(sql`${t.status} = 'open'`),
    // Column totals and the forecast read the open deals' sums from this index alone (no table reads).
    index('opportunities_open_totals_idx')
      .on(t.workspaceId, t.pipelineId, t.stageId, t.ownerId, t.value, t.likelihood)
      .where(sql`${t.status} = 'open'`),
    index('opportunities_contact_idx').on(t.workspaceId, t.contactId),
    index('opportunities_owner_idx').on(t.workspaceId, t.ownerId, t.status),
    index('opportunities_closed_idx')
      .on(t.workspaceId, t.status, t.closedAt)
      .where(sql`${t.closedAt} is not null`),
  ],
);

/** Further contacts on an opportunity, each with a role (decision maker, champion…). */
export const opportunityContacts = pgTable(
  'opportunity_contacts',
  {
    workspaceId: workspaceIdColumn(),
    opportunityId: uuid('opportunity_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    role: text('role'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.opportunityId, t.contactId] }),
    foreignKey({
      columns: [t.workspaceId, t.opportunityId],
      foreignColumns: [opportunities.workspaceId, opportunities.id],
    }).onDelete('cascade'),
    foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }).onDelete(
      'cascade',
    ),
    index('opportunity_contacts_contact_idx').on(t.workspaceId, t.contactId),
  ],
);

export const salesPlanPeriods = ['month', 'quarter'] as const;

/** A team's revenue target for one month or quarter. */
export const salesPlans = pgTable(
  'sales_plans',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    teamId: uuid('team_id').notNull(),
    period: text('period', { enum: salesPlanPeriods }).notNull(),
    /** First day of the month or quarter. */
    periodStart: date('period_start').notNull(),
    target: numeric('target', { precision: 16, scale: 2 }).notNull(),
    currency: text('currency').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.teamId], foreignColumns: [teams.workspaceId, teams.id] }).onDelete(
      'cascade',
    ),
    uniqueIndex('sales_plans_period_key').on(t.workspaceId, t.teamId, t.period, t.periodStart),
  ],
);
