// Conversations: every message of every channel (email, SMS, WhatsApp, calls, internal comments),
// their attachments, one inbox row per contact, the workspace's channel settings and templates.
import { sql } from 'drizzle-orm';
import {
  bigint,
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
import { files } from './files.ts';
import { users, workspaces } from './platform.ts';

export const messageChannels = ['email', 'sms', 'whatsapp', 'call', 'comment'] as const;
export type MessageChannel = (typeof messageChannels)[number];
export const messageDirections = ['outbound', 'inbound', 'internal'] as const;
export type MessageDirection = (typeof messageDirections)[number];
/** `logged`: a call or comment written by hand; nothing is sent. */
export const messageStatuses = [
  'scheduled',
  'queued',
  'sent',
  'delivered',
  'failed',
  'undelivered',
  'received',
  'cancelled',
  'logged',
] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export interface MessageStatusChange {
  status: MessageStatus;
  at: string;
  errorCode?: string | null;
}

export const callOutcomes = ['answered', 'no_answer', 'busy', 'voicemail', 'failed', 'other'] as const;
export type CallOutcome = (typeof callOutcomes)[number];

export const messages = pgTable(
  'messages',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    /** Null for inbound messages no contact matched yet (the inbox's "unmatched" filter). */
    contactId: uuid('contact_id'),
    channel: text('channel', { enum: messageChannels }).notNull(),
    direction: text('direction', { enum: messageDirections }).notNull(),
    status: text('status', { enum: messageStatuses }).notNull(),
    statusHistory: jsonb('status_history').$type<MessageStatusChange[]>().notNull().default([]),
    /** Email address (with display name as sent), E.164 number, or `whatsapp:+…`. */
    fromAddress: text('from_address'),
    toAddresses: text('to_addresses')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    ccAddresses: text('cc_addresses')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    subject: text('subject'),
    /** Plain text: the SMS body, the call notes, the email's text part, for previews and search. */
    bodyText: text('body_text').notNull().default(''),
    /** Sanitised HTML (email, comment); null for plain-text channels. */
    bodyHtml: text('body_html'),
    /** RFC 5322 Message-ID, without angle brackets; set for every email in or out. */
    messageIdHeader: text('message_id_header'),
    inReplyTo: text('in_reply_to'),
    references: text('references')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The provider's id (Twilio MessageSid / CallSid). */
    providerSid: text('provider_sid'),
    /** Headers worth showing in the details (inbound: as received; outbound: as sent). */
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    /** Links of an outbound email in the order they were rewritten for click tracking. */
    links: text('links')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    durationSeconds: integer('duration_seconds'),
    outcome: text('outcome', { enum: callOutcomes }),
    recordingUrl: text('recording_url'),
    /** The user who wrote or sent it; null for inbound messages and system sends. */
    authorId: uuid('author_id'),
    templateId: uuid('template_id'),
    mentionedUserIds: uuid('mentioned_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    /** The pg-boss job that sends it, so a scheduled send can be cancelled. */
    sendJobId: uuid('send_job_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    openCount: integer('open_count').notNull().default(0),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    clickCount: integer('click_count').notNull().default(0),
    clickedAt: timestamp('clicked_at', { withTimezone: true }),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    /** Where the message sits in the thread: when it was written, or when a logged call happened. */
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ columns: [t.workspaceId, t.authorId], foreignColumns: [users.workspaceId, users.id] }),
    // A contact's thread, newest page first (read back newest-last).
    index('messages_thread_idx').on(t.workspaceId, t.contactId, t.createdAt.desc().nullsFirst(), t.id),
    // Inbound mail and texts no contact matched, newest first.
    index('messages_unmatched_idx')
      .on(t.workspaceId, t.createdAt.desc().nullsFirst(), t.id)
      .where(sql`${t.contactId} is null`),
    // Idempotent inbound, and replies threaded by In-Reply-To / References.
    uniqueIndex('messages_message_id_key')
      .on(t.workspaceId, t.messageIdHeader)
      .where(sql`${t.messageIdHeader} is not null`),
    uniqueIndex('messages_provider_sid_key')
      .on(t.workspaceId, t.providerSid)
      .where(sql`${t.providerSid} is not null`),
    // Scheduled sends (upcoming actions).
    index('messages_scheduled_idx')
      .on(t.workspaceId, t.scheduledAt)
      .where(sql`${t.status} = 'scheduled'`),
  ],
);

export const messageAttachments = pgTable(
  'message_attachments',
  {
    workspaceId: workspaceIdColumn(),
    messageId: uuid('message_id').notNull(),
    fileId: uuid('file_id').notNull(),
    /** Content-ID of an inline image (cid: reference in the HTML body). */
    contentId: text('content_id'),
    inline: boolean('inline').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.messageId, t.fileId] }),
    foreignKey({ columns: [t.workspaceId, t.messageId], foreignColumns: [messages.workspaceId, messages.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ columns: [t.workspaceId, t.fileId], foreignColumns: [files.workspaceId, files.id] }),
  ],
);

/** One inbox row per contact with messages, kept in the same transaction as each message insert. */
export const conversations = pgTable(
  'conversations',
  {
    workspaceId: workspaceIdColumn(),
    contactId: uuid('contact_id').notNull(),
    lastMessageId: uuid('last_message_id'),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull(),
    lastMessagePreview: text('last_message_preview').notNull().default(''),
    lastMessageChannel: text('last_message_channel', { enum: messageChannels }),
    lastMessageDirection: text('last_message_direction', { enum: messageDirections }),
    /** Every channel the thread has used, for the inbox's channel filter. */
    channels: text('channels')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    unreadCount: integer('unread_count').notNull().default(0),
    starred: boolean('starred').notNull().default(false),
    archived: boolean('archived').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.contactId] }),
    foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }).onDelete(
      'cascade',
    ),
    index('conversations_inbox_idx').on(t.workspaceId, t.archived, t.lastMessageAt.desc().nullsFirst(), t.contactId),
    index('conversations_unread_idx')
      .on(t.workspaceId, t.lastMessageAt.desc().nullsFirst(), t.contactId)
      .where(sql`${t.unreadCount} > 0 and not ${t.archived}`),
  ],
);

export const smtpSecurityModes = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof smtpSecurityModes)[number];

/** A workspace's email and SMS/WhatsApp providers. Secrets are stored, never returned by the API. */
export const channelSettings = pgTable(
  'channel_settings',
  {
    workspaceId: uuid('workspace_id')
      .primaryKey()
      .references(() => workspaces.id),
    smtpHost: text('smtp_host'),
    smtpPort: integer('smtp_port'),
    smtpSecurity: text('smtp_security', { enum: smtpSecurityModes }).notNull().default('starttls'),
    smtpUser: text('smtp_user'),
    smtpPassword: text('smtp_password'),
    fromName: text('from_name'),
    fromAddress: text('from_address'),
    replyTo: text('reply_to'),
    /** Lower-cased addresses (`sales@example.com`) or domains (`@in.example.com`) mail is accepted for. */
    inboundAddresses: text('inbound_addresses')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Whether the raw-MIME webhook takes mail for this workspace. */
    inboundApiEnabled: boolean('inbound_api_enabled').notNull().default(true),
    imapEnabled: boolean('imap_enabled').notNull().default(false),
    imapHost: text('imap_host'),
    imapPort: integer('imap_port'),
    imapSecure: boolean('imap_secure').notNull().default(true),
    imapUser: text('imap_user'),
    imapPassword: text('imap_password'),
    imapMailbox: text('imap_mailbox').notNull().default('INBOX'),
    imapUidValidity: bigint('imap_uid_validity', { mode: 'number' }),
    imapLastUid: bigint('imap_last_uid', { mode: 'number' }),
    imapLastSyncedAt: timestamp('imap_last_synced_at', { withTimezone: true }),
    imapLastError: text('imap_last_error'),
    twilioAccountSid: text('twilio_account_sid'),
    twilioAuthToken: text('twilio_auth_token'),
    /** E.164 numbers texts are sent from (the first is the default). */
    twilioNumbers: text('twilio_numbers')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** `whatsapp:+…` sender. */
    twilioWhatsappSender: text('twilio_whatsapp_sender'),
    /** Twilio's API root; configurable so tests and compatible providers can stand in. */
    twilioBaseUrl: text('twilio_base_url'),
    updatedBy: uuid('updated_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The SMTP listener and the webhooks find the workspace by the recipient / the account.
    index('channel_settings_inbound_idx').using('gin', t.inboundAddresses),
    index('channel_settings_twilio_idx')
      .on(t.twilioAccountSid)
      .where(sql`${t.twilioAccountSid} is not null`),
  ],
);

export const templateChannels = ['email', 'sms', 'whatsapp'] as const;

export const messageTemplates = pgTable(
  'message_templates',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    name: text('name').notNull(),
    channel: text('channel', { enum: templateChannels }).notNull(),
    subject: text('subject'),
    /** HTML for email, plain text for SMS/WhatsApp; with merge fields such as {{contact.firstName}}. */
    body: text('body').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('message_templates_name_key').on(t.workspaceId, sql`lower(${t.name})`),
  ],
);
