// Writing into a contact's thread: an internal comment, a logged call, or an email / SMS / WhatsApp
// to send. Sends are checked here, by the API (DND, OK-to-SMS, the contact's own address, a configured
// provider), stored as queued or scheduled and handed to the `messages.send` job in the same transaction.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { contactEmails, contactPhones } from '../../db/schema/contacts.ts';
import { messages, messageTemplates, type MessageChannel } from '../../db/schema/messages.ts';
import { users } from '../../db/schema/platform.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { record } from '../../platform/journal/journal.ts';
import { newId } from '../../platform/ids.ts';
import { requireContact, type ContactRow } from '../contacts/contact-access.ts';
import { mentionedIds, noteHtmlToText, sanitizeNoteHtml } from '../notes/note-html.ts';
import { assertFilesExist } from '../notes/notes.service.ts';
import { activeUserIds, userRefs } from '../tasks/assignee.ts';
import {
  emailConfigured,
  loadChannelSettings,
  senderOf,
  twilioConfigured,
  type ChannelSettingsRow,
} from './channel-settings.service.ts';
import type { CreateMessageInput, MessageDto } from './conversations.schemas.ts';
import { renderMerge, type MergeValues } from './merge-fields.ts';
import {
  findMessage,
  insertMessage,
  messageEntryData,
  statusChange,
  toMessageDtos,
  type MessageRow,
} from './messages.service.ts';
import { enqueueSend } from './send-message.job.ts';

type Input<C extends CreateMessageInput['channel']> = Extract<CreateMessageInput, { channel: C }>;

const refuse = (code: string, detail: string, extra: Record<string, unknown> = {}) =>
  new AppError(code, 422, detail, extra);

const DND_COLUMN = { email: 'dndEmail', sms: 'dndSms', whatsapp: 'dndWhatsapp' } as const;

type SendChannel = keyof typeof DND_COLUMN;
type PhoneRow = typeof contactPhones.$inferSelect;

// The refusals, each written once: the send throws them, the composer's channel options show them.

/** Do-not-disturb on the channel (or on all of them). */
function dndRefusal(contact: ContactRow, channel: SendChannel): AppError | null {
  return contact.dndAll || contact[DND_COLUMN[channel]]
    ? refuse('dnd_active', `${contact.displayName} does not want to be contacted by ${channel} (do not disturb)`, {
        channel,
      })
    : null;
}

/** A landline, or "OK to SMS" off. */
function smsRefusal(phone: PhoneRow): AppError | null {
  if (phone.lineType !== 'fixed_line' && phone.smsAllowed) return null;
  return refuse(
    'sms_not_allowed',
    phone.lineType === 'fixed_line'
      ? `${phone.e164} is a landline; SMS is not allowed`
      : `"OK to SMS" is off for ${phone.e164}`,
    { field: 'to', lineType: phone.lineType },
  );
}

/** The number texts go out from, when a provider is set up for the channel. */
function textSender(settings: ChannelSettingsRow | null, channel: 'sms' | 'whatsapp'): string | null {
  const sender = channel === 'sms' ? settings?.twilioNumbers[0] : settings?.twilioWhatsappSender;
  return twilioConfigured(settings) && sender ? sender : null;
}

function notConfigured(channel: SendChannel): AppError {
  const name = { email: 'mail server', sms: 'SMS provider', whatsapp: 'WhatsApp provider' }[channel];
  return refuse('channel_not_configured', `No ${name} is set up for this workspace; add one in the settings`, {
    channel,
  });
}

const noAddress = (contact: ContactRow, channel: SendChannel) =>
  refuse('no_address', `${contact.displayName} has no ${channel === 'email' ? 'email address' : 'phone number'}`, {
    field: 'to',
  });

function assertNoDnd(contact: ContactRow, channel: SendChannel): void {
  const refusal = dndRefusal(contact, channel);
  if (refusal) throw refusal;
}

/** The contact's address to write to: the one asked for if it is theirs, else their primary. */
async function emailAddressOf(ctx: Ctx, contact: ContactRow, wanted?: string): Promise<string> {
  const rows = await ctx.db
    .select({ email: contactEmails.email, isPrimary: contactEmails.isPrimary })
    .from(contactEmails)
    .where(and(eq(contactEmails.workspaceId, ctx.workspaceId), eq(contactEmails.contactId, contact.id)))
    .orderBy(contactEmails.position);
  if (wanted) {
    const own = rows.find((r) => r.email.toLowerCase() === wanted.toLowerCase());
    if (!own) throw refuse('no_address', `${wanted} is not an address of ${contact.displayName}`, { field: 'to' });
    return own.email;
  }
  const chosen = rows.find((r) => r.isPrimary) ?? rows[0];
  if (!chosen) throw noAddress(contact, 'email');
  return chosen.email;
}

async function phoneOf(ctx: Ctx, contact: ContactRow, wanted?: string) {
  const rows = await ctx.db
    .select()
    .from(contactPhones)
    .where(and(eq(contactPhones.workspaceId, ctx.workspaceId), eq(contactPhones.contactId, contact.id)))
    .orderBy(contactPhones.position);
  if (wanted) {
    const digits = wanted.replace(/[^\d+]/g, '');
    const own = rows.find((r) => r.e164 === digits);
    if (!own) throw refuse('no_address', `${wanted} is not a number of ${contact.displayName}`, { field: 'to' });
    return own;
  }
  const chosen = rows.find((r) => r.isPrimary) ?? rows[0];
  if (!chosen) throw noAddress(contact, 'sms');
  return chosen;
}

async function mergeValuesFor(ctx: Ctx, contact: ContactRow): Promise<MergeValues & { userEmail: string | null }> {
  const people = await userRefs(ctx, [contact.ownerId]);
  const [me] = ctx.principal.actsFor
    ? await ctx.db
        .select({ name: users.name, email: users.email, signature: users.emailSignature })
        .from(users)
        .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, ctx.principal.actsFor)))
    : [];
  return {
    contact: { firstName: contact.firstName, lastName: contact.lastName, displayName: contact.displayName },
    owner: { name: people.get(contact.ownerId)?.name ?? '' },
    user: { name: me?.name ?? ctx.actor.label, signature: me?.signature ?? '' },
    userEmail: me?.email ?? null,
  };
}

async function templateFor(ctx: Ctx, templateId: string | undefined, channel: MessageChannel) {
  if (!templateId) return null;
  const [t] = await ctx.db
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.workspaceId, ctx.workspaceId), eq(messageTemplates.id, templateId)));
  if (!t) throw new AppError('template_not_found', 400, `There is no template ${templateId}`, { field: 'templateId' });
  if (t.channel !== channel) {
    throw new AppError('template_channel_mismatch', 400, `The template ${t.name} is for ${t.channel}, not ${channel}`, {
      field: 'templateId',
    });
  }
  return t;
}

const MAX_SCHEDULE_MS = 366 * 86_400_000;

function scheduleOf(at: string | undefined): Date | null {
  if (!at) return null;
  const date = new Date(at);
  if (date.getTime() <= Date.now()) return null;
  if (date.getTime() - Date.now() > MAX_SCHEDULE_MS) {
    throw new AppError('validation_failed', 400, 'A send can be scheduled at most a year ahead', {
      field: 'scheduledAt',
    });
  }
  return date;
}

export async function createMessage({
  ctx,
  contactId,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  input: CreateMessageInput;
}): Promise<MessageDto> {
  const row = await inTransaction(ctx, async (tx) => {
    // The contact's row lock orders this send against a concurrent DND switch or archive.
    const contact = await requireContact(tx, contactId, { writable: true, lock: true });
    switch (input.channel) {
      case 'comment':
        return writeComment(tx, contact, input);
      case 'call':
        return logCall(tx, contact, input);
      case 'email':
        return queueEmail(tx, contact, input);
      default:
        return queueText(tx, contact, input);
    }
  });
  const [dto] = await toMessageDtos(ctx, [row]);
  return dto!;
}

async function writeComment(tx: TxCtx, contact: ContactRow, input: Input<'comment'>): Promise<MessageRow> {
  const bodyHtml = sanitizeNoteHtml(input.bodyHtml);
  const bodyText = noteHtmlToText(bodyHtml);
  if (!bodyText && input.attachmentFileIds.length === 0) throw invalid('A comment needs some text');
  const fileIds = [...new Set(input.attachmentFileIds)];
  await assertFilesExist(tx, fileIds);
  const mentionedUserIds = await activeUserIds(tx, mentionedIds(bodyHtml));
  const row = await insertMessage(
    tx,
    {
      id: newId(),
      contactId: contact.id,
      channel: 'comment',
      direction: 'internal',
      status: 'logged',
      statusHistory: [statusChange('logged')],
      bodyHtml,
      bodyText,
      authorId: tx.principal.userId,
      mentionedUserIds,
    },
    fileIds.map((fileId) => ({ fileId })),
  );
  const people = await userRefs(tx, mentionedUserIds);
  await record(tx, {
    contactId: contact.id,
    kind: 'comment.added',
    category: 'focus',
    subject: { type: 'message', id: row!.id },
    data: messageEntryData(row!, {
      mentionedUserIds,
      mentioned: mentionedUserIds.flatMap((id) => people.get(id) ?? []),
      attachments: fileIds.length,
    }),
  });
  return row!;
}

async function logCall(tx: TxCtx, contact: ContactRow, input: Input<'call'>): Promise<MessageRow> {
  const phone = input.phone ? await phoneOf(tx, contact, input.phone) : null;
  const at = input.at ? new Date(input.at) : new Date();
  if (at.getTime() > Date.now() + 60_000) {
    throw new AppError('validation_failed', 400, 'A logged call cannot be in the future', { field: 'at' });
  }
  const row = await insertMessage(tx, {
    id: newId(),
    contactId: contact.id,
    channel: 'call',
    direction: input.direction,
    status: 'logged',
    statusHistory: [statusChange('logged')],
    toAddresses: phone && input.direction === 'outbound' ? [phone.e164] : [],
    fromAddress: phone && input.direction === 'inbound' ? phone.e164 : null,
    bodyText: input.notes.trim(),
    durationSeconds: input.durationSeconds ?? null,
    outcome: input.outcome,
    recordingUrl: input.recordingUrl ?? null,
    authorId: tx.principal.userId,
    createdAt: at,
  });
  await record(tx, {
    contactId: contact.id,
    kind: 'call.logged',
    category: 'focus',
    subject: { type: 'message', id: row!.id },
    occurredAt: at,
    data: messageEntryData(row!, { durationSeconds: row!.durationSeconds, outcome: row!.outcome }),
  });
  return row!;
}

function requireEmailChannel(tx: TxCtx, settings: ChannelSettingsRow | null): void {
  if (!emailConfigured(tx, settings)) throw notConfigured('email');
}

/** The email being answered: one of this contact's, so the reply keeps its thread. */
async function repliedTo(tx: TxCtx, contact: ContactRow, messageId: string | undefined) {
  if (!messageId) return null;
  const original = await findMessage(tx, messageId).catch(() => null);
  if (!original || original.contactId !== contact.id || original.channel !== 'email') {
    throw new AppError('reply_not_found', 400, 'The message to reply to is not an email of this contact', {
      field: 'replyToMessageId',
    });
  }
  return original;
}

async function queueEmail(tx: TxCtx, contact: ContactRow, input: Input<'email'>): Promise<MessageRow> {
  assertNoDnd(contact, 'email');
  const to = await emailAddressOf(tx, contact, input.to);
  const settings = await loadChannelSettings(tx);
  requireEmailChannel(tx, settings);
  const template = await templateFor(tx, input.templateId, 'email');
  const original = await repliedTo(tx, contact, input.replyToMessageId);
  const values = await mergeValuesFor(tx, contact);

  const subjectSource =
    input.subject || template?.subject || (original?.subject ? `Re: ${original.subject.replace(/^re:\s*/i, '')}` : '');
  const bodySource = input.bodyHtml || template?.body || '';
  // The signature follows the text unless the template placed it itself.
  const withSignature =
    values.user.signature && !/\{\{\s*user\.signature\s*\}\}/.test(bodySource)
      ? `${bodySource}<p>--</p>${values.user.signature}`
      : bodySource;
  const subject = renderMerge(subjectSource, values, 'text')
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const bodyHtml = sanitizeNoteHtml(renderMerge(withSignature, values, 'html'));
  const bodyText = noteHtmlToText(bodyHtml);
  if (!subject) throw new AppError('validation_failed', 400, 'An email needs a subject', { field: 'subject' });
  if (!bodyText) throw new AppError('validation_failed', 400, 'An email needs some text', { field: 'bodyHtml' });
  const fileIds = [...new Set(input.attachmentFileIds)];
  await assertFilesExist(tx, fileIds);

  const sender = senderOf(tx, settings, values.user.name);
  const domain = sender.address.split('@')[1] ?? 'localhost';
  const scheduledAt = scheduleOf(input.scheduledAt);
  const status = scheduledAt ? 'scheduled' : 'queued';
  const row = await insertMessage(
    tx,
    {
      id: newId(),
      contactId: contact.id,
      channel: 'email',
      direction: 'outbound',
      status,
      statusHistory: [statusChange(status)],
      fromAddress: `${sender.name} <${sender.address}>`,
      toAddresses: [to],
      subject,
      bodyHtml,
      bodyText,
      messageIdHeader: `${randomUUID()}@${domain}`,
      inReplyTo: original?.messageIdHeader ?? null,
      references: original
        ? [...original.references, ...(original.messageIdHeader ? [original.messageIdHeader] : [])]
        : [],
      authorId: tx.principal.userId,
      templateId: template?.id ?? null,
      scheduledAt,
    },
    fileIds.map((fileId) => ({ fileId })),
  );
  return handOver(tx, row!, scheduledAt);
}

async function queueText(tx: TxCtx, contact: ContactRow, input: Input<'sms' | 'whatsapp'>): Promise<MessageRow> {
  const channel = input.channel;
  assertNoDnd(contact, channel);
  const phone = await phoneOf(tx, contact, input.to);
  const refusal = channel === 'sms' ? smsRefusal(phone) : null;
  if (refusal) throw refusal;
  const settings = await loadChannelSettings(tx);
  const sender = textSender(settings, channel);
  if (!sender) throw notConfigured(channel);
  const template = await templateFor(tx, input.templateId, channel);
  const values = await mergeValuesFor(tx, contact);
  const body = renderMerge(input.body || template?.body || '', values, 'text').trim();
  if (!body) throw new AppError('validation_failed', 400, 'The message needs some text', { field: 'body' });
  const scheduledAt = scheduleOf(input.scheduledAt);
  const status = scheduledAt ? 'scheduled' : 'queued';
  const row = await insertMessage(tx, {
    id: newId(),
    contactId: contact.id,
    channel,
    direction: 'outbound',
    status,
    statusHistory: [statusChange(status)],
    fromAddress: sender,
    toAddresses: [channel === 'whatsapp' ? `whatsapp:${phone.e164}` : phone.e164],
    bodyText: body,
    authorId: tx.principal.userId,
    templateId: template?.id ?? null,
    scheduledAt,
  });
  return handOver(tx, row!, scheduledAt);
}

/**
 * Hands the message to the send job in this transaction (a rollback takes the job with it) and
 * journals it: "sent" is the user's act of sending; the job records a failure if the provider refuses.
 */
async function handOver(tx: TxCtx, row: MessageRow, scheduledAt: Date | null): Promise<MessageRow> {
  const jobId = await enqueueSend(tx, row.id, scheduledAt);
  const [saved] = await tx.db
    .update(messages)
    .set({ sendJobId: jobId })
    .where(and(eq(messages.workspaceId, tx.workspaceId), eq(messages.id, row.id)))
    .returning();
  await record(tx, {
    contactId: row.contactId,
    kind: scheduledAt ? 'message.scheduled' : 'message.sent',
    category: 'focus',
    subject: { type: 'message', id: row.id },
    data: messageEntryData(row, scheduledAt ? { scheduledAt: scheduledAt.toISOString() } : {}),
  });
  return saved!;
}

/** Cancels a scheduled send that has not gone out yet. */
export async function cancelMessage({ ctx, messageId }: { ctx: Ctx; messageId: string }): Promise<MessageDto> {
  const row = await inTransaction(ctx, async (tx) => {
    const current = await findMessage(tx, messageId, { lock: true });
    if (current.status !== 'scheduled') {
      throw new AppError(
        'not_cancellable',
        409,
        `Only a scheduled send can be cancelled; this one is ${current.status}`,
        {
          messageStatus: current.status,
        },
      );
    }
    const [saved] = await tx.db
      .update(messages)
      .set({
        status: 'cancelled',
        statusHistory: [...current.statusHistory, statusChange('cancelled')],
        updatedAt: new Date(),
      })
      .where(and(eq(messages.workspaceId, ctx.workspaceId), eq(messages.id, messageId)))
      .returning();
    // The job stays queued and finds the message cancelled when it runs: cancelling it here, on another
    // connection, would outlive a rollback of this transaction.
    await record(tx, {
      contactId: current.contactId,
      kind: 'message.cancelled',
      category: 'focus',
      subject: { type: 'message', id: messageId },
      data: messageEntryData(saved!, { scheduledAt: current.scheduledAt?.toISOString() ?? null }),
    });
    return saved!;
  });
  if (!row) throw notFound('Message');
  const [dto] = await toMessageDtos(ctx, [row]);
  return dto!;
}

export interface ChannelOption {
  /** Null when a send would go through; else the refusal's code (dnd_active, no_address, …). */
  refusal: string | null;
  addresses: { address: string; primary: boolean; refusal: string | null }[];
}

/**
 * What the composer may offer for a contact, channel by channel, with the refusal a send would meet
 * — the same checks the send runs, so the page can explain them before anyone presses Send.
 */
export async function channelOptions({
  ctx,
  contactId,
}: {
  ctx: Ctx;
  contactId: string;
}): Promise<Record<SendChannel, ChannelOption>> {
  const contact = await requireContact(ctx, contactId);
  const [emails, phones, settings] = await Promise.all([
    ctx.db
      .select()
      .from(contactEmails)
      .where(and(eq(contactEmails.workspaceId, ctx.workspaceId), eq(contactEmails.contactId, contact.id)))
      .orderBy(contactEmails.position),
    ctx.db
      .select()
      .from(contactPhones)
      .where(and(eq(contactPhones.workspaceId, ctx.workspaceId), eq(contactPhones.contactId, contact.id)))
      .orderBy(contactPhones.position),
    loadChannelSettings(ctx),
  ]);
  const archived = contact.archivedAt ? 'contact_archived' : null;
  const option = (channel: SendChannel, configured: boolean, addresses: ChannelOption['addresses']): ChannelOption => ({
    refusal:
      archived ??
      dndRefusal(contact, channel)?.code ??
      (addresses.length === 0 ? 'no_address' : null) ??
      (addresses.every((a) => a.refusal) ? (addresses[0]?.refusal ?? null) : null) ??
      (configured ? null : 'channel_not_configured'),
    addresses,
  });
  const numbers = (channel: 'sms' | 'whatsapp') =>
    phones.map((p) => ({
      address: p.e164,
      primary: p.isPrimary,
      refusal: channel === 'sms' ? (smsRefusal(p)?.code ?? null) : null,
    }));
  return {
    email: option(
      'email',
      emailConfigured(ctx, settings),
      emails.map((e) => ({ address: e.email, primary: e.isPrimary, refusal: null })),
    ),
    sms: option('sms', !!textSender(settings, 'sms'), numbers('sms')),
    whatsapp: option('whatsapp', !!textSender(settings, 'whatsapp'), numbers('whatsapp')),
  };
}
