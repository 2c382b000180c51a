// Which workspace takes mail for a recipient: the one whose channel settings list the address
// (`sales@example.com`) or its domain (`@in.example.com`). Anything else is refused: the SMTP
// listener is never an open relay.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * The workspace an address is delivered to, or null. An exact address wins over a domain entry. When
 * two workspaces claim the same address (or, with no exact claim, the same domain), nobody gets the
 * mail: on a shared instance one tenant must never receive another's by claiming its domain too.
 */
export async function workspaceForRecipient(db: Db, address: string): Promise<string | null> {
  const email = address.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return null;
  const domain = email.slice(at);
  const result = await db.execute<{ workspace_id: string; exact: boolean }>(sql`
    select workspace_id, ${email} = any(inbound_addresses) as exact from channel_settings
    where inbound_addresses && array[${email}, ${domain}]::text[]
    limit 10`);
  const exact = result.rows.filter((r) => r.exact);
  const candidates = exact.length > 0 ? exact : result.rows;
  return candidates.length === 1 ? candidates[0]!.workspace_id : null;
}

export interface InboundSettings {
  apiEnabled: boolean;
  twilio: { accountSid: string; authToken: string; baseUrl: string | null } | null;
}

/** How long a process trusts what it read of a workspace's inbound settings (its own changes at once). */
export const inboundSettingsTtlMs = 5_000;
const remembered = new Map<string, { at: number; settings: InboundSettings }>();

/**
 * What every inbound delivery checks first (the webhook switched on, the Twilio token to verify
 * with), remembered for a few seconds: under a burst of deliveries it is read once, not per message.
 * A change saved through this process applies at once (forgetInboundSettings); one saved through
 * another process within inboundSettingsTtlMs.
 */
export async function inboundSettings(db: Db, workspaceId: string): Promise<InboundSettings> {
  const known = remembered.get(workspaceId);
  if (known && Date.now() - known.at < inboundSettingsTtlMs) return known.settings;
  const result = await db.execute<{
    api_enabled: boolean;
    account_sid: string | null;
    auth_token: string | null;
    base_url: string | null;
  }>(sql`select inbound_api_enabled as api_enabled, twilio_account_sid as account_sid,
           twilio_auth_token as auth_token, twilio_base_url as base_url
         from channel_settings where workspace_id = ${workspaceId}`);
  const row = result.rows[0];
  const settings: InboundSettings = {
    apiEnabled: row?.api_enabled ?? true,
    twilio: row?.auth_token
      ? { accountSid: row.account_sid ?? '', authToken: row.auth_token, baseUrl: row.base_url }
      : null,
  };
  if (remembered.size > 10_000) remembered.clear();
  remembered.set(workspaceId, { at: Date.now(), settings });
  return settings;
}

export function forgetInboundSettings(workspaceId: string): void {
  remembered.delete(workspaceId);
}

/** Whether the raw-MIME webhook takes mail for the workspace (on unless its settings switch it off). */
export async function inboundApiEnabled(db: Db, workspaceId: string): Promise<boolean> {
  return (await inboundSettings(db, workspaceId)).apiEnabled;
}
