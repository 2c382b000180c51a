// The one pipeline every inbound email goes through, whether it came from the SMTP listener, the
// raw-MIME webhook or IMAP: parse, find the contact (thread first, then any of their addresses),
// keep the attachments as files, store the message once per Message-ID.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { messages } from '../../db/schema/messages.ts';
import { systemCtx, type Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { storeInboundMessage } from '../conversations/inbound.ts';
import { formatAddress, parseEmail } from './parse-email.ts';
import { linkInlineImages, storeAttachments } from './store-attachments.ts';

export interface IngestResult {
  messageId: string;
  contactId: string | null;
  /** The same email (Message-ID) was stored before; nothing new was written. */
  duplicate: boolean;
}

export async function ingestEmail(
  deps: Deps,
  workspaceId: string,
  raw: Buffer,
  opts: { via: 'smtp' | 'webhook' | 'imap' },
): Promise<IngestResult> {
  if (raw.length === 0) throw new AppError('validation_failed', 400, 'The message is empty');
  if (raw.length > deps.config.INBOUND_MAX_BYTES) {
    throw new AppError('payload_too_large', 413, `The message is larger than ${deps.config.INBOUND_MAX_BYTES} bytes`);
  }
  const mail = await parseEmail(raw);
  if (!mail.from) throw new AppError('validation_failed', 400, 'The message has no From address');
  // Without a Message-ID the content stands in, so a redelivered message is still stored once.
  const messageIdHeader =
    mail.messageId ?? `${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@dossier.invalid`;

  const ctx = systemCtx(deps, workspaceId);
  // A redelivered message with attachments is answered before they are stored again (without any,
  // the store itself answers a repeat).
  if (mail.attachments.length > 0) {
    const existing = await findByMessageId(ctx.db, workspaceId, messageIdHeader);
    if (existing) return { messageId: existing.id, contactId: existing.contactId, duplicate: true };
  }

  const { stored, skipped } = await storeAttachments(ctx, mail.attachments);
  const headers: Record<string, string> = { ...mail.headers, 'x-dossier-received-via': opts.via };
  if (skipped.length > 0) headers['x-dossier-skipped-attachments'] = skipped.join(', ').slice(0, 2000);

  const result = await storeInboundMessage(ctx, {
    channel: 'email',
    // A reply joins the thread it answers (In-Reply-To, then References newest first), else the sender's.
    match: {
      threadIds: [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()],
      email: mail.from.address,
    },
    from: formatAddress(mail.from),
    to: mail.to.map(formatAddress),
    cc: mail.cc.map(formatAddress),
    subject: mail.subject,
    bodyText: mail.text,
    bodyHtml: mail.html ? linkInlineImages(mail.html, stored) : null,
    messageIdHeader,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    headers,
    attachments: stored.map((a) => ({ fileId: a.fileId, contentId: a.contentId, inline: a.inline })),
  });
  return { messageId: result.message.id, contactId: result.message.contactId, duplicate: !result.created };
}

async function findByMessageId(db: Deps['database']['db'], workspaceId: string, messageIdHeader: string) {
  const [row] = await db
    .select({ id: messages.id, contactId: messages.contactId })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.messageIdHeader, messageIdHeader)));
  return row ?? null;
}
