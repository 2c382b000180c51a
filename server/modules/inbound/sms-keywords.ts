// Opt-out and opt-in keywords in inbound texts (the carriers' standard set): STOP and its synonyms
// switch the channel's DND on, START/UNSTOP/YES switch it off, journaled with the contact as actor.
import type { Ctx } from '../../platform/context.ts';
import { setDnd } from '../contacts/contact-dnd.service.ts';

const STOP = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const START = new Set(['START', 'UNSTOP', 'YES']);

export type SmsKeyword = 'stop' | 'start';

/** The keyword a text consists of (any case, surrounding spaces and punctuation ignored), or null. */
export function smsKeyword(body: string): SmsKeyword | null {
  const word = body
    .trim()
    .replace(/^[\s"'.!¡¿?]+|[\s"'.!?]+$/g, '')
    .toUpperCase();
  if (STOP.has(word)) return 'stop';
  if (START.has(word)) return 'start';
  return null;
}

/**
 * Applies a keyword the contact texted: SMS DND (or WhatsApp DND for a WhatsApp message) on with
 * cause `sms_stop` / `whatsapp_stop`, or off with `sms_start` / `whatsapp_start` (nothing is
 * journaled when the switch is already so). `ctx` acts as the contact.
 */
export async function applySmsKeyword(
  ctx: Ctx,
  contactId: string,
  channel: 'sms' | 'whatsapp',
  keyword: SmsKeyword,
): Promise<void> {
  const enabled = keyword === 'stop';
  const changes = channel === 'sms' ? { sms: enabled } : { whatsapp: enabled };
  await setDnd(ctx, contactId, changes, `${channel}_${keyword}`);
}
