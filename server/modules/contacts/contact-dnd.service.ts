// Do-not-disturb per channel, for all channels, and for inbound calls/SMS. Every switch that
// changes is journaled with its cause ("manual" from the app; later "unsubscribe", "sms_stop"…).
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { recordMany } from '../../platform/journal/journal.ts';
import { requireContact, type ContactRow } from './contact-access.ts';
import { buildProfile } from './contact-profile.ts';
import { lockContact, saveContact, versionConflict } from './contact-write.ts';
import type { ContactProfileDto, DndDto } from './contacts.schemas.ts';

const channels = [
  { key: 'all', column: 'dndAll', channel: 'all' },
  { key: 'email', column: 'dndEmail', channel: 'email' },
  { key: 'sms', column: 'dndSms', channel: 'sms' },
  { key: 'whatsapp', column: 'dndWhatsapp', channel: 'whatsapp' },
  { key: 'calls', column: 'dndCalls', channel: 'calls' },
  { key: 'inboundCalls', column: 'dndInboundCalls', channel: 'inbound_calls' },
  { key: 'inboundSms', column: 'dndInboundSms', channel: 'inbound_sms' },
] as const;

/** The contact columns of the do-not-disturb channels. */
export const dndColumns = channels.map((c) => c.column);

/**
 * Switches DND channels of a contact and journals each one that changed as contact.dnd_changed
 * {channel, enabled, cause}. For other modules too (an email unsubscribe, an SMS STOP): consent
 * is recorded even on an archived contact unless `writableOnly` is set.
 */
export async function setDnd(
  ctx: Ctx,
  contactId: string,
  changes: Partial<DndDto>,
  cause: string,
  opts: { ifMatch?: number; writableOnly?: boolean } = {},
): Promise<ContactRow> {
  return inTransaction(ctx, async (tx) => {
    let before: ContactRow;
    if (opts.writableOnly) {
      before = await lockContact(tx, contactId, opts.ifMatch);
    } else {
      before = await requireContact(tx, contactId, { lock: true });
      if (opts.ifMatch !== undefined && before.version !== opts.ifMatch) throw versionConflict(before.version);
    }
    const set: Record<string, boolean> = {};
    const entries = [];
    for (const c of channels) {
      const wanted = changes[c.key];
      if (wanted === undefined || wanted === before[c.column]) continue;
      set[c.column] = wanted;
      entries.push({
        contactId,
        kind: 'contact.dnd_changed',
        category: 'admin' as const,
        data: { channel: c.channel, enabled: wanted, cause },
      });
    }
    if (entries.length === 0) return before;
    const after = await saveContact(tx, before, set);
    await recordMany(tx, entries);
    return after;
  });
}

export async function updateContactDnd({
  ctx,
  contactId,
  ifMatch,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  ifMatch?: number;
  input: Partial<DndDto> & { cause: string };
}): Promise<ContactProfileDto> {
  const { cause, ...changes } = input;
  // Unsubscribes and STOP replies are the contact's own word, recorded only by the server's code
  // paths that received it; a user or API key may not claim one.
  if (cause !== 'manual') {
    throw new AppError('cause_not_allowed', 400, `Only the "manual" cause can be set through the API, not "${cause}"`, {
      field: 'cause',
    });
  }
  const saved = await setDnd(ctx, contactId, changes, cause, { ifMatch, writableOnly: true });
  return buildProfile(ctx, saved);
}
