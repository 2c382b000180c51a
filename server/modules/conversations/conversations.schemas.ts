import { z } from 'zod';
import {
  callOutcomes,
  messageChannels,
  messageDirections,
  messageStatuses,
  smtpSecurityModes,
  templateChannels,
} from '../../db/schema/messages.ts';
import { Email, Timestamp } from '../../platform/http/schemas.ts';
import { NoteAttachment, UserRef } from '../notes/notes.schemas.ts';

export const MessageChannel = z.enum(messageChannels);
export const MessageStatus = z.enum(messageStatuses);

export const StatusChange = z.object({
  status: MessageStatus,
  at: Timestamp,
  errorCode: z.string().nullable().optional(),
});

export const Message = z
  .object({
    id: z.uuid(),
    contactId: z.uuid().nullable().describe('null for inbound messages no contact matched yet'),
    channel: MessageChannel,
    direction: z.enum(messageDirections),
    status: MessageStatus,
    from: z.string().nullable(),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    subject: z.string().nullable(),
    bodyText: z.string(),
    bodyHtml: z.string().nullable().describe('Sanitised HTML (email, comment)'),
    author: UserRef.nullable().describe('Who wrote or sent it; null for inbound and system messages'),
    mentionedUsers: z.array(UserRef),
    attachments: z.array(NoteAttachment),
    call: z
      .object({
        durationSeconds: z.number().int().nullable(),
        outcome: z.enum(callOutcomes).nullable(),
        recordingUrl: z.string().nullable(),
      })
      .nullable(),
    scheduledAt: Timestamp.nullable(),
    sentAt: Timestamp.nullable(),
    receivedAt: Timestamp.nullable(),
    openCount: z.number().int(),
    openedAt: Timestamp.nullable(),
    clickCount: z.number().int(),
    clickedAt: Timestamp.nullable(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    createdAt: Timestamp.describe('Its place in the thread: when it was written, received, or the call happened'),
  })
  .meta({ id: 'Message' });
export type MessageDto = z.infer<typeof Message>;

export const MessageDetails = Message.extend({
  messageIdHeader: z.string().nullable(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  providerSid: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  statusHistory: z.array(StatusChange),
}).meta({ id: 'MessageDetails' });
export type MessageDetailsDto = z.infer<typeof MessageDetails>;

export const MessagePage = z.object({
  data: z.array(Message).describe('Oldest first within the page (a chat reads newest-last)'),
  nextCursor: z.string().nullable().describe('Loads the page of older messages'),
});

export const MessageListQuery = z.object({
  channel: MessageChannel.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

const BodyHtml = z.string().max(200_000);
const FileIds = z.array(z.uuid()).max(20).default([]).describe('Ids from POST /contacts/{id}/messages/attachments');
const ScheduledAt = Timestamp.optional().describe('Send later (at most a year ahead); omitted: now');
const Phone = z.string().trim().max(40);

export const CommentBody = z.object({
  channel: z.literal('comment'),
  bodyHtml: BodyHtml.describe('Internal comment; mention spans notify like notes'),
  attachmentFileIds: FileIds,
});

export const CallBody = z.object({
  channel: z.literal('call'),
  direction: z.enum(['outbound', 'inbound']).default('outbound'),
  outcome: z.enum(callOutcomes).default('answered'),
  durationSeconds: z.number().int().min(0).max(86_400).optional(),
  notes: z.string().max(20_000).default(''),
  recordingUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  phone: Phone.optional().describe("One of the contact's numbers; default the primary"),
  at: Timestamp.optional().describe('When the call happened; default now'),
});

export const EmailBody = z.object({
  channel: z.literal('email'),
  to: Email.optional().describe("One of the contact's own addresses; default the primary"),
  subject: z.string().trim().max(998).default(''),
  bodyHtml: BodyHtml.default(''),
  attachmentFileIds: FileIds,
  templateId: z.uuid().optional().describe('Fills subject and body (when empty) from the template'),
  replyToMessageId: z.uuid().optional().describe('An email of this thread being answered (threads it)'),
  scheduledAt: ScheduledAt,
});

export const TextBody = z.object({
  channel: z.enum(['sms', 'whatsapp']),
  to: Phone.optional().describe("One of the contact's numbers (E.164); default the primary"),
  body: z.string().max(1600).default(''),
  templateId: z.uuid().optional(),
  scheduledAt: ScheduledAt,
});

export const CreateMessageBody = z.discriminatedUnion('channel', [CommentBody, CallBody, EmailBody, TextBody]);
export type CreateMessageInput = z.infer<typeof CreateMessageBody>;

const ChannelOption = z.object({
  refusal: z
    .string()
    .nullable()
    .describe(
      'null: a send would go through; else the refusal code (contact_archived, dnd_active, no_address, sms_not_allowed, channel_not_configured)',
    ),
  addresses: z.array(
    z.object({
      address: z.string(),
      primary: z.boolean(),
      refusal: z.string().nullable().describe('sms_not_allowed for a landline or "OK to SMS" off'),
    }),
  ),
});

export const ChannelOptions = z
  .object({ email: ChannelOption, sms: ChannelOption, whatsapp: ChannelOption })
  .meta({ id: 'ChannelOptions' });

// ── The inbox ──

export const ConversationRow = z
  .object({
    contact: z.object({ id: z.uuid(), displayName: z.string(), ownerId: z.uuid() }).nullable(),
    /** For an unmatched message: the message itself is the row. */
    messageId: z.uuid().nullable(),
    lastMessage: z.object({
      id: z.uuid().nullable(),
      at: Timestamp,
      preview: z.string(),
      channel: MessageChannel.nullable(),
      direction: z.enum(messageDirections).nullable(),
      from: z.string().nullable(),
    }),
    unreadCount: z.number().int(),
    starred: z.boolean(),
    archived: z.boolean(),
  })
  .meta({ id: 'Conversation' });
export type ConversationDto = z.infer<typeof ConversationRow>;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ConversationListQuery = z.object({
  unread: flag.optional(),
  mine: flag.optional().describe("Contacts I own (for an API key: its creator's)"),
  channel: MessageChannel.optional(),
  unmatched: flag.optional().describe('Inbound messages no contact matched (one row each)'),
  starred: flag.optional(),
  archived: flag.optional().describe('Archived threads only (default: only those not archived)'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const ConversationPage = z.object({ data: z.array(ConversationRow), nextCursor: z.string().nullable() });

export const ContactIdParams = z.object({ contactId: z.uuid() });

export const UpdateConversationBody = z
  .object({
    unread: z.boolean().describe('false marks the thread read; true marks it unread'),
    starred: z.boolean(),
    archived: z.boolean(),
  })
  .partial();

// ── Channel settings ──

export const ChannelSettings = z
  .object({
    email: z.object({
      smtpHost: z.string().nullable(),
      smtpPort: z.number().int().nullable(),
      smtpSecurity: z.enum(smtpSecurityModes),
      smtpUser: z.string().nullable(),
      smtpPasswordSet: z.boolean(),
      fromName: z.string().nullable(),
      fromAddress: z.string().nullable(),
      replyTo: z.string().nullable(),
      configured: z.boolean().describe('Whether email can be sent (these settings or the instance default)'),
      instanceDefault: z.boolean().describe('Whether the instance has a default mail server (SMTP_URL)'),
    }),
    inbound: z.object({ addresses: z.array(z.string()), apiEnabled: z.boolean() }),
    imap: z.object({
      enabled: z.boolean(),
      host: z.string().nullable(),
      port: z.number().int().nullable(),
      secure: z.boolean(),
      user: z.string().nullable(),
      passwordSet: z.boolean(),
      mailbox: z.string(),
      lastUid: z.number().int().nullable(),
      lastSyncedAt: Timestamp.nullable(),
      lastError: z.string().nullable(),
    }),
    twilio: z.object({
      accountSid: z.string().nullable(),
      authTokenSet: z.boolean(),
      numbers: z.array(z.string()),
      whatsappSender: z.string().nullable(),
      baseUrl: z.string().nullable(),
      configured: z.boolean(),
    }),
  })
  .meta({ id: 'ChannelSettings' });
export type ChannelSettingsDto = z.infer<typeof ChannelSettings>;

const Host = z.string().trim().min(1).max(255).nullable();
/** Secrets: a string sets, null clears, absent keeps. */
const Secret = z.string().max(500).nullable();

export const UpdateChannelSettingsBody = z.object({
  email: z
    .object({
      smtpHost: Host,
      smtpPort: z.number().int().min(1).max(65535).nullable(),
      smtpSecurity: z.enum(smtpSecurityModes),
      smtpUser: z.string().max(255).nullable(),
      smtpPassword: Secret,
      fromName: z.string().trim().max(200).nullable(),
      fromAddress: Email.nullable(),
      replyTo: Email.nullable(),
    })
    .partial()
    .optional(),
  inbound: z
    .object({
      addresses: z
        .array(
          z
            .string()
            .trim()
            .toLowerCase()
            .regex(/^([^\s@]+)?@[a-z0-9.-]+\.[a-z]{2,}$/, 'An address (sales@example.com) or a domain (@example.com)'),
        )
        .max(50),
      apiEnabled: z.boolean(),
    })
    .partial()
    .optional(),
  imap: z
    .object({
      enabled: z.boolean(),
      host: Host,
      port: z.number().int().min(1).max(65535).nullable(),
      secure: z.boolean(),
      user: z.string().max(255).nullable(),
      password: Secret,
      mailbox: z.string().trim().min(1).max(200),
    })
    .partial()
    .optional(),
  twilio: z
    .object({
      accountSid: z.string().trim().max(64).nullable(),
      authToken: Secret,
      numbers: z
        .array(
          z
            .string()
            .trim()
            .regex(/^\+[1-9]\d{6,14}$/, 'E.164, e.g. +4930123456'),
        )
        .max(20),
      whatsappSender: z
        .string()
        .trim()
        .regex(/^whatsapp:\+[1-9]\d{6,14}$/, 'whatsapp:+<E.164>')
        .nullable(),
      baseUrl: z
        .url({ protocol: /^https?$/ })
        .max(500)
        .nullable(),
    })
    .partial()
    .optional(),
});
export type UpdateChannelSettingsInput = z.infer<typeof UpdateChannelSettingsBody>;

export const TestEmailBody = z.object({ to: Email.optional().describe('Default: your own address') });

// ── Templates ──

export const MessageTemplate = z
  .object({
    id: z.uuid(),
    name: z.string(),
    channel: z.enum(templateChannels),
    subject: z.string().nullable(),
    body: z.string(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'MessageTemplate' });
export type MessageTemplateDto = z.infer<typeof MessageTemplate>;

export const CreateTemplateBody = z.object({
  name: z.string().trim().min(1).max(120),
  channel: z.enum(templateChannels),
  subject: z.string().trim().max(998).nullable().default(null),
  body: z
    .string()
    .max(200_000)
    .describe(
      'HTML for email, text for SMS/WhatsApp; merge fields {{contact.firstName}}, {{contact.lastName}}, {{contact.displayName}}, {{owner.name}}, {{user.name}}, {{user.signature}}',
    ),
});
export const UpdateTemplateBody = z
  .object({
    name: CreateTemplateBody.shape.name,
    channel: CreateTemplateBody.shape.channel,
    subject: z.string().trim().max(998).nullable(),
    body: CreateTemplateBody.shape.body,
  })
  .partial();
