// The `messages.send` job: takes a queued (or, at its time, a scheduled) email / SMS / WhatsApp and
// hands it to the mail server or the text provider. Emails get their Message-ID, threading headers,
// open pixel, tracked links and one-click unsubscribe here; a refusal marks the message failed.
import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { contacts } from '../../db/schema/contacts.ts';
import { files } from '../../db/schema/files.ts';
import { messageAttachments, messages, type MessageStatus } from '../../db/schema/messages.ts';
import { users } from '../../db/schema/platform.ts';
import { appSecret, signToken } from '../../platform/auth/app-secret.ts';
import { inTransaction, systemCtx, type Deps, type TxCtx } from '../../platform/context.ts';
import { ensureQueue } from '../../platform/jobs.ts';
import { record } from '../../platform/journal/journal.ts';
import {
  loadChannelSettings,
  publicUrl,
  smtpErrorText,
  smtpTransport,
  textProvider,
  twilioConfigured,
  type ChannelSettingsRow,
} from './channel-settings.service.ts';
import { ProviderError } from './providers.ts';
import { announceMessage, messageEntryData, statusChange, type MessageRow } from './messages.service.ts';

export const SEND_QUEUE = 'messages.send';

interface SendJob {
  workspaceId: string;
  messageId: string;
}

export async function createSendQueue(boss: PgBoss): Promise<void> {
  // A send holds its message's row lock while the server answers; two minutes covers slow servers.
  await ensureQueue(boss, SEND_QUEUE, { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 });
}

/** Enqueued in the caller's transaction: the job exists exactly when the message does. */
export async function enqueueSend(tx: TxCtx, messageId: string, startAfter: Date | null): Promise<string> {
  const db = { executeSql: (text: string, values: unknown[]) => tx.tx.client.query(text, values) };
  const id = await tx.deps.boss.send(SEND_QUEUE, { workspaceId: tx.workspaceId, messageId } satisfies SendJob, {
    ...(startAfter ? { startAfter } : {}),
    db,
  });
  return id!;
}

/**
 * Works sends one by one: an unexpected error (not a refusal by the server, which marks the message
 * failed at once) fails that job alone, to be retried; after the last retry the message is marked
 * failed, so nothing stays "queued" for ever.
 */
export async function startSendWorker(deps: Deps): Promise<void> {
  await deps.boss.work<SendJob>(
    SEND_QUEUE,
    { batchSize: 5, pollingIntervalSeconds: 0.5, includeMetadata: true },
    async (jobs) => {
      for (const job of jobs) {
        try {
          await sendMessage(deps, job.data);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          deps.logger.warn({ err, jobId: job.id, messageId: job.data.messageId }, 'sending a message failed');
          if (job.retryCount >= job.retryLimit) await giveUp(deps, job.data, message).catch(() => undefined);
          else await deps.boss.fail(SEND_QUEUE, job.id, { message });
        }
      }
    },
  );
}

async function giveUp(deps: Deps, job: SendJob, error: string): Promise<void> {
  await inTransaction(systemCtx(deps, job.workspaceId), async (tx) => {
    const [m] = await tx.db
      .select()
      .from(messages)
      .where(and(eq(messages.workspaceId, job.workspaceId), eq(messages.id, job.messageId)))
      .for('update');
    if (!m || !['queued', 'scheduled'].includes(m.status) || m.sentAt) return;
    const [saved] = await tx.db
      .update(messages)
      .set({
        status: 'failed',
        statusHistory: [...m.statusHistory, statusChange('failed', 'send_error')],
        errorCode: 'send_error',
        errorMessage: error.slice(0, 500),
        updatedAt: new Date(),
      })
      .where(and(eq(messages.workspaceId, job.workspaceId), eq(messages.id, m.id)))
      .returning();
    await announceMessage(tx, saved!);
    await record(tx, {
      contactId: m.contactId,
      kind: 'message.failed',
      category: 'focus',
      subject: { type: 'message', id: m.id },
      data: messageEntryData(saved!, { errorCode: 'send_error', error: saved!.errorMessage }),
    });
  });
}

// ── Tracking and unsubscribe links (signed, so nobody can forge an open, a click or an unsubscribe) ──

export type TrackingToken =
  { w: string; m: string; k: 'o' } | { w: string; m: string; k: 'c'; l: number } | { w: string; m: string; k: 'u' };

const KINDS = ['o', 'c', 'u'] as const;
const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (b: Buffer) => b.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** 16 bytes workspace, 16 bytes message, 1 byte kind, 2 bytes link index: a 63-character token. */
function encodeToken(t: TrackingToken): Buffer {
  const out = Buffer.alloc(35);
  uuidBytes(t.w).copy(out, 0);
  uuidBytes(t.m).copy(out, 16);
  out.writeUInt8(KINDS.indexOf(t.k), 32);
  out.writeUInt16BE(t.k === 'c' ? t.l : 0, 33);
  return out;
}

export function decodeToken(payload: Buffer): TrackingToken | null {
  if (payload.length !== 35) return null;
  const k = KINDS[payload.readUInt8(32)];
  const w = uuidOf(payload.subarray(0, 16));
  const m = uuidOf(payload.subarray(16, 32));
  if (k === 'c') return { w, m, k, l: payload.readUInt16BE(33) };
  return k ? { w, m, k } : null;
}

const tokenUrl = (base: string, secret: string, path: string, payload: TrackingToken) =>
  `${base}/${path}/${signToken(secret, encodeToken(payload))}`;

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
const unescapeAttr = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The HTML as sent: http(s) links through the click redirect, the open pixel at the end. */
export function trackedHtml(
  html: string,
  opts: { base: string; secret: string; workspaceId: string; messageId: string },
): { html: string; links: string[] } {
  const links: string[] = [];
  const ids = { w: opts.workspaceId, m: opts.messageId };
  const rewritten = html.replace(/<a\b([^>]*?)\bhref="([^"]*)"/gi, (whole, before: string, href: string) => {
    const url = unescapeAttr(href);
    if (!/^https?:\/\//i.test(url)) return whole;
    let index = links.indexOf(url);
    if (index < 0) index = links.push(url) - 1;
    const tracked = tokenUrl(opts.base, opts.secret, 't/c', { ...ids, k: 'c', l: index });
    return `<a${before}href="${escapeAttr(tracked)}"`;
  });
  const pixel = tokenUrl(opts.base, opts.secret, 't/o', { ...ids, k: 'o' });
  return {
    html: `${rewritten}<img src="${escapeAttr(pixel)}" width="1" height="1" alt="" style="display:none">`,
    links,
  };
}

export const unsubscribeUrl = (base: string, secret: string, workspaceId: string, messageId: string) =>
  tokenUrl(base, secret, 'u', { w: workspaceId, m: messageId, k: 'u' });

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

interface Outcome {
  status: MessageStatus;
  providerSid?: string | null;
  links?: string[];
  headers?: Record<string, string>;
  errorCode?: string | null;
  errorMessage?: string | null;
}

async function deliverEmail(tx: TxCtx, m: MessageRow, settings: ChannelSettingsRow | null): Promise<Outcome> {
  const transport = smtpTransport(tx, settings);
  if (!transport) return { status: 'failed', errorCode: 'channel_not_configured', errorMessage: 'No mail server' };
  const base = publicUrl(tx);
  const secret = appSecret(tx.deps.config);
  const { html, links } = trackedHtml(m.bodyHtml ?? '', { base, secret, workspaceId: tx.workspaceId, messageId: m.id });
  const unsubscribe = unsubscribeUrl(base, secret, tx.workspaceId, m.id);
  const attached = await tx.db
    .select({ filename: files.filename, contentType: files.contentType, storageKey: files.storageKey })
    .from(messageAttachments)
    .innerJoin(
      files,
      and(eq(files.workspaceId, messageAttachments.workspaceId), eq(files.id, messageAttachments.fileId)),
    )
    .where(and(eq(messageAttachments.workspaceId, tx.workspaceId), eq(messageAttachments.messageId, m.id)));
  const attachments = await Promise.all(
    attached.map(async (a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: await readAll(await tx.deps.storage.get(a.storageKey)),
    })),
  );
  const headers: Record<string, string> = {
    'Message-ID': `<${m.messageIdHeader}>`,
    ...(m.inReplyTo ? { 'In-Reply-To': `<${m.inReplyTo}>` } : {}),
    ...(m.references.length ? { References: m.references.map((r) => `<${r}>`).join(' ') } : {}),
    'List-Unsubscribe': `<${unsubscribe}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
  try {
    await transport.sendMail({
      from: m.fromAddress ?? undefined,
      to: m.toAddresses,
      cc: m.ccAddresses.length ? m.ccAddresses : undefined,
      replyTo: settings?.replyTo ?? undefined,
      subject: m.subject ?? '',
      html,
      text: `${m.bodyText}\n\n--\nUnsubscribe: ${unsubscribe}`,
      messageId: `<${m.messageIdHeader}>`,
      inReplyTo: m.inReplyTo ? `<${m.inReplyTo}>` : undefined,
      references: m.references.length ? m.references.map((r) => `<${r}>`) : undefined,
      headers: {
        'List-Unsubscribe': headers['List-Unsubscribe']!,
        'List-Unsubscribe-Post': headers['List-Unsubscribe-Post']!,
      },
      attachments,
    });
    return { status: 'sent', links, headers };
  } catch (err) {
    const code = (err as { responseCode?: number; code?: string }).responseCode;
    return {
      status: 'failed',
      headers,
      errorCode: code ? `smtp_${code}` : ((err as { code?: string }).code ?? 'smtp_failed'),
      errorMessage: smtpErrorText(err),
    };
  } finally {
    transport.close();
  }
}

async function deliverText(tx: TxCtx, m: MessageRow, settings: ChannelSettingsRow | null): Promise<Outcome> {
  if (!settings || !twilioConfigured(settings)) {
    return { status: 'failed', errorCode: 'channel_not_configured', errorMessage: 'No SMS/WhatsApp provider' };
  }
  try {
    const result = await textProvider(settings).sendText({
      to: m.toAddresses[0] ?? '',
      from: m.fromAddress ?? '',
      body: m.bodyText,
      statusCallback: `${publicUrl(tx)}/api/v1/webhooks/twilio/${tx.workspaceId}/status`,
    });
    return { status: result.status, providerSid: result.providerSid, errorCode: result.errorCode };
  } catch (err) {
    if (err instanceof ProviderError) return { status: 'failed', errorCode: err.code, errorMessage: err.message };
    throw err;
  }
}

/** Sends one message once: a retried job finds it no longer waiting and does nothing. */
export async function sendMessage(deps: Deps, job: SendJob): Promise<void> {
  const ctx = systemCtx(deps, job.workspaceId);
  await inTransaction(ctx, async (tx) => {
    const [m] = await tx.db
      .select()
      .from(messages)
      .where(and(eq(messages.workspaceId, job.workspaceId), eq(messages.id, job.messageId)))
      .for('update');
    if (!m || !['queued', 'scheduled'].includes(m.status) || m.sentAt || !m.contactId) return;
    const [contact] = await tx.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, job.workspaceId), eq(contacts.id, m.contactId)));
    const [author] = m.authorId
      ? await tx.db
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(and(eq(users.workspaceId, job.workspaceId), eq(users.id, m.authorId)))
      : [];
    const settings = await loadChannelSettings(tx);
    // The contact may have unsubscribed or been archived since the send was scheduled.
    const dnd =
      contact &&
      (contact.dndAll ||
        (m.channel === 'email' && contact.dndEmail) ||
        (m.channel === 'sms' && contact.dndSms) ||
        (m.channel === 'whatsapp' && contact.dndWhatsapp));
    const outcome: Outcome = !contact
      ? { status: 'failed', errorCode: 'no_contact', errorMessage: 'The contact no longer exists' }
      : dnd
        ? { status: 'failed', errorCode: 'dnd_active', errorMessage: 'Do not disturb was switched on before sending' }
        : contact.archivedAt
          ? { status: 'failed', errorCode: 'contact_archived', errorMessage: 'The contact was archived' }
          : m.channel === 'email'
            ? await deliverEmail(tx, m, settings)
            : await deliverText(tx, m, settings);
    const failed = outcome.status === 'failed' || outcome.status === 'undelivered';
    const [saved] = await tx.db
      .update(messages)
      .set({
        status: outcome.status,
        statusHistory:
          outcome.status === m.status
            ? m.statusHistory
            : [...m.statusHistory, statusChange(outcome.status, outcome.errorCode)],
        sentAt: failed ? null : new Date(),
        providerSid: outcome.providerSid ?? m.providerSid,
        links: outcome.links ?? m.links,
        headers: outcome.headers ?? m.headers,
        errorCode: outcome.errorCode ?? null,
        errorMessage: outcome.errorMessage ?? null,
        updatedAt: new Date(),
      })
      .where(and(eq(messages.workspaceId, job.workspaceId), eq(messages.id, m.id)))
      .returning();
    await announceMessage(tx, saved!);
    const authorActor = author ? { type: 'user' as const, id: author.id, label: author.name } : undefined;
    if (failed) {
      await record(tx, {
        contactId: m.contactId,
        kind: 'message.failed',
        category: 'focus',
        subject: { type: 'message', id: m.id },
        data: messageEntryData(saved!, { errorCode: saved!.errorCode, error: saved!.errorMessage }),
      });
    } else if (m.status === 'scheduled') {
      // A scheduled send goes out now, on its author's behalf.
      await record(tx, {
        contactId: m.contactId,
        kind: 'message.sent',
        category: 'focus',
        subject: { type: 'message', id: m.id },
        actor: authorActor,
        data: messageEntryData(saved!, { scheduled: true }),
      });
    }
  });
}
