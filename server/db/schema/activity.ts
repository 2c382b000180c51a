// The contact's working life: notes, tasks, calendars and appointments, and in-app notifications.
import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt, workspaceIdColumn } from './columns.ts';
import { contacts } from './contacts.ts';
import { files } from './files.ts';
import { teams, users } from './platform.ts';

const contactFk = (t: { workspaceId: any; contactId: any }) =>
  foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }).onDelete(
    'cascade',
  );
const userFk = (t: { workspaceId: any }, column: any) =>
  foreignKey({ columns: [t.workspaceId, column], foreignColumns: [users.workspaceId, users.id] });

export const noteColors = ['default', 'yellow', 'green', 'blue', 'pink', 'purple', 'orange'] as const;

export const notes = pgTable(
  'notes',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    contactId: uuid('contact_id').notNull(),
    title: text('title').notNull().default(''),
    /** Sanitised HTML from the rich-text editor. */
    bodyHtml: text('body_html').notNull().default(''),
    /** The same body as plain text, for search and previews. */
    bodyText: text('body_text').notNull().default(''),
    color: text('color', { enum: noteColors }).notNull().default('default'),
    mentionedUserIds: uuid('mentioned_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    pinnedAt: timestamp('pinned_at', { withTimezone: true }),
    authorId: uuid('author_id'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    contactFk(t),
    userFk(t, t.authorId),
    index('notes_contact_idx').on(t.workspaceId, t.contactId, t.createdAt.desc().nullsFirst()),
  ],
);

export const noteAttachments = pgTable(
  'note_attachments',
  {
    workspaceId: workspaceIdColumn(),
    noteId: uuid('note_id').notNull(),
    fileId: uuid('file_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.noteId, t.fileId] }),
    foreignKey({ columns: [t.workspaceId, t.noteId], foreignColumns: [notes.workspaceId, notes.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ columns: [t.workspaceId, t.fileId], foreignColumns: [files.workspaceId, files.id] }),
  ],
);

export const tasks = pgTable(
  'tasks',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    contactId: uuid('contact_id'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    assigneeId: uuid('assignee_id').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    status: text('status', { enum: ['pending', 'completed'] })
      .notNull()
      .default('pending'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedBy: uuid('completed_by'),
    /** Set once the "task due" notification went out, so it goes out once. */
    dueNotifiedAt: timestamp('due_notified_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    contactFk(t),
    userFk(t, t.assigneeId),
    index('tasks_assignee_idx').on(t.workspaceId, t.assigneeId, t.status, t.dueAt),
    index('tasks_contact_idx').on(t.workspaceId, t.contactId, t.status, t.dueAt),
    index('tasks_due_idx')
      .on(t.dueAt)
      .where(sql`${t.status} = 'pending' and ${t.dueNotifiedAt} is null`),
  ],
);

export const calendars = pgTable(
  'calendars',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    /** A calendar belongs to one user or to one team. */
    ownerUserId: uuid('owner_user_id'),
    teamId: uuid('team_id'),
    color: text('color').notNull().default('blue'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    userFk(t, t.ownerUserId),
    foreignKey({ columns: [t.workspaceId, t.teamId], foreignColumns: [teams.workspaceId, teams.id] }),
  ],
);

export const appointmentStatuses = ['scheduled', 'confirmed', 'showed', 'no_show', 'cancelled'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

export const appointments = pgTable(
  'appointments',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    calendarId: uuid('calendar_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    assignedUserId: uuid('assigned_user_id').notNull(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    location: text('location'),
    meetingUrl: text('meeting_url'),
    description: text('description').notNull().default(''),
    status: text('status', { enum: appointmentStatuses }).notNull().default('scheduled'),
    createdBy: uuid('created_by'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    contactFk(t),
    userFk(t, t.assignedUserId),
    foreignKey({ columns: [t.workspaceId, t.calendarId], foreignColumns: [calendars.workspaceId, calendars.id] }),
    index('appointments_user_idx').on(t.workspaceId, t.assignedUserId, t.startsAt),
    index('appointments_calendar_idx').on(t.workspaceId, t.calendarId, t.startsAt),
    index('appointments_contact_idx').on(t.workspaceId, t.contactId, t.startsAt),
  ],
);

export const notifications = pgTable(
  'notifications',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    /** owner_changed, mentioned, task_assigned, task_due, appointment_booked, … */
    kind: text('kind').notNull(),
    contactId: uuid('contact_id'),
    /** The journal entry that caused it; unique per user so a retried job cannot notify twice. */
    entryId: uuid('entry_id'),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** Path in the web app to open, e.g. /contacts/<id>. */
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // A notification goes with its contact: one written by a job that raced a deletion or an erasure
    // fails and is retried, and the retry finds the contact gone (privacy: no name left behind).
    contactFk(t),
    userFk(t, t.userId).onDelete('cascade'),
    // What the cascade from a deleted contact, a merge and an erasure look notifications up by.
    index('notifications_contact_idx')
      .on(t.workspaceId, t.contactId)
      .where(sql`${t.contactId} is not null`),
    index('notifications_user_idx').on(t.workspaceId, t.userId, t.id.desc().nullsFirst()),
    index('notifications_unread_idx')
      .on(t.workspaceId, t.userId)
      .where(sql`${t.readAt} is null`),
    uniqueIndex('notifications_entry_key')
      .on(t.workspaceId, t.userId, t.entryId, t.kind)
      .where(sql`${t.entryId} is not null`),
  ],
);
