// Which workspace takes mail for a recipient: the one whose channel settings list the address
// (`sales@example.com`) or its domain (`@in.example.com`). Anything else is refused: the SMTP
// listener is never an open relay.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/** The workspace an address is delivered to, or null. An exact address wins over a domain entry. */
export async function workspaceForRecipient(db: Db, address: string): Promise<string | null> {
  const email = address.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return null;
  const domain = email.slice(at);
  const result = await db.execute<{ workspace_id: string }>(sql`
    select workspace_id from channel_settings
    where inbound_addresses && array[${email}, ${domain}]::text[]
    order by (${email} = any(inbound_addresses)) desc, workspace_id
    limit 1`);
  return result.rows[0]?.workspace_id ?? null;
}

/** Whether the raw-MIME webhook takes mail for the workspace (on unless its settings switch it off). */
export async function inboundApiEnabled(db: Db, workspaceId: string): Promise<boolean> {
  const result = await db.execute<{ enabled: boolean }>(
    sql`select inbound_api_enabled as enabled from channel_settings where workspace_id = ${workspaceId}`,
  );
  return result.rows[0]?.enabled ?? true;
}
