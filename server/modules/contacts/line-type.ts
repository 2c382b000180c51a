// Can a number take texts? A provider answers with its line type: offline from libphonenumber's
// metadata (the default), or a carrier lookup (Twilio Lookup v2) when configured.
import type { NumberType } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { PhoneLineType } from '../../db/schema/contacts.ts';
import { phoneFacts } from './phone-numbers.ts';

export interface LineTypeResult {
  lineType: PhoneLineType;
  carrier?: string | null;
}

export interface LineTypeProvider {
  /** Stored as the phone's lineTypeSource. */
  name: string;
  lookup(e164: string): Promise<LineTypeResult>;
}

/** Line types that can receive an SMS. */
export const TEXTABLE_LINE_TYPES: readonly PhoneLineType[] = ['mobile', 'fixed_line_or_mobile', 'voip'];

export const isTextable = (lineType: PhoneLineType) => TEXTABLE_LINE_TYPES.includes(lineType);

export function offlineLineType(type: NumberType): PhoneLineType {
  switch (type) {
    case 'MOBILE':
      return 'mobile';
    case 'FIXED_LINE':
      return 'fixed_line';
    case 'FIXED_LINE_OR_MOBILE':
      return 'fixed_line_or_mobile';
    case 'VOIP':
      return 'voip';
    // Numbers that never take texts count as landlines: the SMS toggle stays off.
    case 'TOLL_FREE':
    case 'PREMIUM_RATE':
    case 'SHARED_COST':
    case 'UAN':
    case 'VOICEMAIL':
    case 'PAGER':
    case 'PERSONAL_NUMBER':
      return 'fixed_line';
    default:
      return 'unknown';
  }
}

export const offlineProvider: LineTypeProvider = {
  name: 'offline',
  async lookup(e164) {
    return { lineType: offlineLineType(phoneFacts(e164).type), carrier: null };
  },
};

/** Twilio's line_type_intelligence.type values mapped onto ours. */
const twilioTypes: Record<string, PhoneLineType> = {
  mobile: 'mobile',
  landline: 'fixed_line',
  fixedVoip: 'voip',
  nonFixedVoip: 'voip',
  personal: 'fixed_line_or_mobile',
  tollFree: 'fixed_line',
  premium: 'fixed_line',
  sharedCost: 'fixed_line',
  uan: 'fixed_line',
  voicemail: 'fixed_line',
  pager: 'fixed_line',
  unknown: 'unknown',
};

const TwilioLookup = z.object({
  phone_number: z.string().optional(),
  valid: z.boolean().optional(),
  line_type_intelligence: z
    .object({
      type: z.string().nullable().optional(),
      carrier_name: z.string().nullable().optional(),
      error_code: z.union([z.number(), z.string()]).nullable().optional(),
    })
    .nullable()
    .optional(),
});

/** Twilio Lookup v2 with the Line Type Intelligence package (HTTP basic auth with the account SID and token). */
export function twilioProvider(opts: {
  accountSid: string;
  authToken: string;
  baseUrl?: string;
  timeoutMs?: number;
}): LineTypeProvider {
  const base = (opts.baseUrl ?? 'https://lookups.twilio.com').replace(/\/+$/, '');
  const auth = Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64');
  return {
    name: 'twilio',
    async lookup(e164) {
      const url = `${base}/v2/PhoneNumbers/${encodeURIComponent(e164)}?Fields=line_type_intelligence`;
      const res = await fetch(url, {
        headers: { authorization: `Basic ${auth}`, accept: 'application/json' },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      });
      if (!res.ok) throw new Error(`Twilio Lookup answered ${res.status}`);
      const body = TwilioLookup.parse(await res.json());
      const info = body.line_type_intelligence;
      if (!info || info.error_code) return { lineType: 'unknown', carrier: info?.carrier_name ?? null };
      return { lineType: twilioTypes[info.type ?? 'unknown'] ?? 'unknown', carrier: info.carrier_name ?? null };
    },
  };
}

const LineTypeEnv = z.object({
  LINE_TYPE_PROVIDER: z.enum(['offline', 'twilio']).default('offline'),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  /** Only for tests and proxies; the real service is https://lookups.twilio.com. */
  TWILIO_LOOKUP_URL: z.string().url().optional(),
});

/** The configured provider (LINE_TYPE_PROVIDER=offline|twilio; twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN). */
export function configuredLineTypeProvider(env: NodeJS.ProcessEnv = process.env): LineTypeProvider {
  const parsed = LineTypeEnv.safeParse(env);
  if (!parsed.success || parsed.data.LINE_TYPE_PROVIDER === 'offline') return offlineProvider;
  const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_LOOKUP_URL } = parsed.data;
  if (!TWILIO_ACCOUNT_SID || !TWILIO_AUTH_TOKEN) return offlineProvider;
  return twilioProvider({ accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN, baseUrl: TWILIO_LOOKUP_URL });
}

export interface LineCheck extends LineTypeResult {
  source: string;
  checkedAt: Date;
}

/** Runs the configured provider; when a remote lookup fails the offline metadata answers instead. */
export async function checkLineType(
  e164: string,
  onError?: (err: unknown) => void,
  provider: LineTypeProvider = configuredLineTypeProvider(),
): Promise<LineCheck> {
  try {
    const result = await provider.lookup(e164);
    return { ...result, carrier: result.carrier ?? null, source: provider.name, checkedAt: new Date() };
  } catch (err) {
    onError?.(err);
    const result = await offlineProvider.lookup(e164);
    return { ...result, source: offlineProvider.name, checkedAt: new Date() };
  }
}
