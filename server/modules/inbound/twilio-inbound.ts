// Twilio's webhooks for one workspace: inbound SMS/MMS/WhatsApp, message status callbacks and the
// voice status callback. The signature is checked against the workspace's auth token before any of
// these run; each is idempotent on the provider's sid.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { messages, type CallOutcome } from '../../db/schema/messages.ts';
import type { Db } from '../../db/client.ts';
import { systemCtx, type Deps } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { storeInboundMessage, updateMessageStatus } from '../conversations/inbound.ts';
import { contactActor } from '../conversations/messages.service.ts';
import { fromTwilioStatus, TWILIO_DEFAULT_BASE_URL } from '../conversations/providers.ts';
import { noNul } from './parse-email.ts';
import { inboundSettings } from './inbound-recipients.ts';
import { applySmsKeyword, smsKeyword } from './sms-keywords.ts';
import { storeAttachments, type AttachmentInput } from './store-attachments.ts';
import type { FormParams } from './twilio-signature.ts';

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
  baseUrl: string;
}

/** The workspace's Twilio account, or null when it has none (its webhooks then refuse everything). */
export async function twilioAccount(db: Db, workspaceId: string): Promise<TwilioAccount | null> {
  const { twilio } = await inboundSettings(db, workspaceId);
  if (!twilio) return null;
  return { ...twilio, baseUrl: (twilio.baseUrl || TWILIO_DEFAULT_BASE_URL).replace(/\/+$/, '') };
}

const text = (max: number) => z.string().max(max);
const one = (params: FormParams, name: string): string | undefined => {
  const v = params[name];
  return Array.isArray(v) ? v[0] : v;
};

const InboundMessage = z.object({
  MessageSid: text(64).min(1),
  From: text(80).min(1),
  To: text(80).default(''),
  Body: text(10_000).default(''),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
});

export async function receiveTwilioMessage(
  deps: Deps,
  workspaceId: string,
  account: TwilioAccount,
  params: FormParams,
): Promise<{ messageId: string; duplicate: boolean }> {
  const parsed = InboundMessage.safeParse(Object.fromEntries(Object.keys(params).map((k) => [k, one(params, k)])));
  if (!parsed.success) throw invalid('Not a Twilio message webhook: MessageSid and From are required');
  const p = parsed.data;
  const channel = /^whatsapp:/i.test(p.From) ? 'whatsapp' : 'sms';
  const ctx = systemCtx(deps, workspaceId);
  // A retried webhook with media is answered before the media are fetched again.
  if (p.NumMedia > 0) {
    const existing = await messageBySid(ctx.db, workspaceId, p.MessageSid);
    if (existing) return { messageId: existing.id, duplicate: true };
  }

  // A medium that cannot be fetched does not cost the text: Twilio does not redeliver the webhook.
  const media: AttachmentInput[] = [];
  const missing: string[] = [];
  for (let i = 0; i < p.NumMedia; i++) {
    const url = one(params, `MediaUrl${i}`);
    if (!url) continue;
    try {
      const https = deps.config.NODE_ENV === 'production';
      media.push(await downloadMedia(account, url, one(params, `MediaContentType${i}`), i + 1, https));
    } catch (err) {
      deps.logger.warn({ err, url }, 'MMS media could not be downloaded');
      missing.push(url);
    }
  }
  const { stored, skipped } = await storeAttachments(ctx, media);
  const headers: Record<string, string> = {};
  if (missing.length || skipped.length) {
    headers['x-dossier-missing-media'] = [...missing, ...skipped].join(' ').slice(0, 2000);
  }

  const result = await storeInboundMessage(ctx, {
    channel,
    match: { phone: p.From },
    from: p.From,
    to: p.To ? [p.To] : [],
    bodyText: noNul(p.Body),
    providerSid: p.MessageSid,
    headers,
    attachments: stored,
  });
  // The opt-out keywords apply once, for the stored message (a replayed webhook changes nothing).
  const keyword = smsKeyword(p.Body);
  const contactId = result.message.contactId;
  if (contactId && keyword && result.created) {
    await applySmsKeyword(
      systemCtx(deps, workspaceId, await contactActor(ctx, contactId)),
      contactId,
      channel,
      keyword,
    );
  }
  return { messageId: result.message.id, duplicate: !result.created };
}

/**
 * MMS media from the provider: only from its own API root (the URL is in a signed request, but the
 * account's credentials go to no other host), with basic auth, up to the upload size limit.
 */
async function downloadMedia(
  account: TwilioAccount,
  url: string,
  declaredType: string | undefined,
  n: number,
  httpsOnly: boolean,
): Promise<AttachmentInput> {
  // In production only over https: an admin's base URL must not turn this into a reader of plain-http
  // services inside the network (the tests' fake Twilio speaks http on loopback).
  if (httpsOnly && new URL(url).protocol !== 'https:') throw new Error(`Media is only fetched over https: ${url}`);
  if (new URL(url).origin !== new URL(account.baseUrl).origin) {
    throw new Error(`Media is only fetched from ${account.baseUrl}, not ${url}`);
  }
  const auth = Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64');
  const res = await fetch(url, { headers: { authorization: `Basic ${auth}` }, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`Media download failed: HTTP ${res.status} for ${url}`);
  const content = Buffer.from(await res.arrayBuffer());
  const contentType = (declaredType || res.headers.get('content-type') || 'application/octet-stream')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  const ext = contentType.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin';
  return { filename: `media-${n}.${ext === 'jpeg' ? 'jpg' : ext}`, contentType, content };
}

const StatusCallback = z.object({
  MessageSid: text(64).min(1),
  MessageStatus: text(40).min(1),
  ErrorCode: text(20).optional(),
});

/** A status callback moves the message along queued → sent → delivered / failed / undelivered. */
export async function receiveTwilioStatus(deps: Deps, workspaceId: string, params: FormParams): Promise<void> {
  const parsed = StatusCallback.safeParse({
    MessageSid: one(params, 'MessageSid') ?? one(params, 'SmsSid'),
    MessageStatus: one(params, 'MessageStatus') ?? one(params, 'SmsStatus'),
    ErrorCode: one(params, 'ErrorCode') || undefined,
  });
  if (!parsed.success) throw invalid('Not a Twilio status callback: MessageSid and MessageStatus are required');
  const status = fromTwilioStatus(parsed.data.MessageStatus);
  // Statuses Dossier does not track (e.g. "read" receipts beyond delivered) are acknowledged only.
  if (!status) return;
  await updateMessageStatus(systemCtx(deps, workspaceId), {
    providerSid: parsed.data.MessageSid,
    status,
    errorCode: parsed.data.ErrorCode ?? null,
  });
}

const VoiceStatus = z.object({
  CallSid: text(64).min(1),
  CallStatus: text(40).min(1),
  CallDuration: z.coerce.number().int().min(0).max(864_000).optional(),
  Direction: text(40).default('inbound'),
  From: text(80).default(''),
  To: text(80).default(''),
  RecordingUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});

const callOutcomes: Record<string, CallOutcome> = {
  completed: 'answered',
  busy: 'busy',
  'no-answer': 'no_answer',
  failed: 'failed',
  canceled: 'other',
};

/**
 * The voice status callback logs a call once it has ended (completed, busy, no-answer, failed,
 * canceled) on the thread of the contact at the other end; earlier events are acknowledged only.
 */
export async function receiveTwilioCall(
  deps: Deps,
  workspaceId: string,
  params: FormParams,
): Promise<{ messageId: string | null }> {
  const raw = Object.fromEntries(Object.keys(params).map((k) => [k, one(params, k) || undefined]));
  const parsed = VoiceStatus.safeParse(raw);
  if (!parsed.success) throw invalid('Not a Twilio voice status callback: CallSid and CallStatus are required');
  const p = parsed.data;
  const outcome = callOutcomes[p.CallStatus.toLowerCase()];
  if (!outcome) return { messageId: null };
  const inbound = p.Direction.toLowerCase() === 'inbound';
  const result = await storeInboundMessage(systemCtx(deps, workspaceId), {
    channel: 'call',
    direction: inbound ? 'inbound' : 'outbound',
    match: { phone: inbound ? p.From : p.To },
    from: p.From,
    to: p.To ? [p.To] : [],
    providerSid: p.CallSid,
    call: { durationSeconds: p.CallDuration ?? 0, outcome, recordingUrl: p.RecordingUrl ?? null },
  });
  return { messageId: result.message.id };
}

async function messageBySid(db: Db, workspaceId: string, sid: string) {
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.providerSid, sid)));
  return row ?? null;
}
