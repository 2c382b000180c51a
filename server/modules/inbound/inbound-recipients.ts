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

/** Whether the raw-MIME webhook takes mail for the workspace (on unless its settings switch it off). */
export async function inboundApiEnabled(db: Db, workspaceId: string): Promise<boolean> {
  const result = await db.execute<{ enabled: boolean }>(
    sql`select inbound_api_enabled as enabled from channel_settings where workspace_id = ${workspaceId}`,
  );
  return result.rows[0]?.enabled ?? true;
}
