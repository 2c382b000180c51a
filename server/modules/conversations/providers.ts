// SMS/WhatsApp providers behind one small interface, in Twilio's format (what most providers copy).
// Outbound: the Messages REST resource; the inbound side (webhooks, signatures) lives beside it.
import type { MessageStatus } from '../../db/schema/messages.ts';

export interface SendTextInput {
  /** E.164, or `whatsapp:+…`. */
  to: string;
  from: string;
  body: string;
  /** Where the provider reports delivery (queued → sent → delivered / failed / undelivered). */
  statusCallback?: string;
}

export interface SendTextResult {
  providerSid: string;
  status: MessageStatus;
  errorCode: string | null;
}

export interface TextProvider {
  sendText(input: SendTextInput): Promise<SendTextResult>;
}

/** A refusal or failure reported by the provider (its error code and words). */
export class ProviderError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** API root; https://api.twilio.com unless set (tests, compatible providers). */
  baseUrl?: string | null;
}

export const TWILIO_DEFAULT_BASE_URL = 'https://api.twilio.com';

/** Twilio's message and call statuses in Dossier's words. */
export function fromTwilioStatus(status: string | null | undefined): MessageStatus | null {
  switch ((status ?? '').toLowerCase()) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
    case 'sending':
      return 'queued';
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
      return 'failed';
    case 'receiving':
    case 'received':
      return 'received';
    case 'canceled':
      return 'cancelled';
    default:
      return null;
  }
}

export function twilioProvider(settings: TwilioSettings, fetchImpl: typeof fetch = fetch): TextProvider {
  const root = (settings.baseUrl || TWILIO_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const auth = Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64');
  return {
    async sendText(input) {
      const form = new URLSearchParams({ To: input.to, From: input.from, Body: input.body });
      if (input.statusCallback) form.set('StatusCallback', input.statusCallback);
      let res: Response;
      try {
        res = await fetchImpl(`${root}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`, {
          method: 'POST',
          headers: { authorization: `Basic ${auth}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
          signal: AbortSignal.timeout(20_000),
        });
      } catch (err) {
        throw new ProviderError('provider_unreachable', err instanceof Error ? err.message : String(err));
      }
      const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
      if (!res.ok || !json || typeof json.sid !== 'string') {
        // Twilio's error document: {code, message, more_info, status}.
        const code = json && json.code !== undefined && json.code !== null ? String(json.code) : `http_${res.status}`;
        const message = json && typeof json.message === 'string' ? json.message : `HTTP ${res.status}`;
        throw new ProviderError(code, message);
      }
      const errorCode = json.error_code === null || json.error_code === undefined ? null : String(json.error_code);
      return { providerSid: json.sid, status: fromTwilioStatus(String(json.status)) ?? 'queued', errorCode };
    },
  };
}
