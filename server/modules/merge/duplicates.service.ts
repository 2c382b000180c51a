// Duplicate candidates for one contact: same normalised email, or a similar name within the same
// business or city. Only contacts the caller may see are considered; archived ones are included
// (a returning customer often comes back as a new record).
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import type { Ctx } from '../../platform/context.ts';
import { contactVisibility, requireContact } from '../contacts/contact-access.ts';

export type DuplicateReason = 'email' | 'similar_name_same_business' | 'similar_name_same_city';

export interface DuplicateCandidate {
  id: string;
  displayName: string;
  kind: string;
  businessName: string | null;
  archived: boolean;
  reasons: DuplicateReason[];
  /** Shared normalised addresses that made the match. */
  sharedEmails: string[];
  nameSimilarity: number;
  score: number;
}

/**
 * An address normalised for matching, as SQL: lower case, "+tag" dropped from the local part,
 * and for Gmail the dots dropped and googlemail.com folded into gmail.com.
 */
export function normalisedEmailSql(column: unknown) {
  return sql`(case when split_part(lower(${column}), '@', 2) in ('gmail.com', 'googlemail.com')
    then replace(regexp_replace(split_part(lower(${column}), '@', 1), '\\+.*$', ''), '.', '') || '@gmail.com'
    else regexp_replace(split_part(lower(${column}), '@', 1), '\\+.*$', '') || '@' || split_part(lower(${column}), '@', 2) end)`;
}

const NAME_THRESHOLD = 0.5;
const LIMIT = 20;

export async function findDuplicates({
  ctx,
  contactId,
}: {
  ctx: Ctx;
  contactId: string;
}): Promise<DuplicateCandidate[]> {
  const target = await requireContact(ctx, contactId);
  const targetEmails = sql`(select ${normalisedEmailSql(sql.raw('te.email'))} from contact_emails te
    where te.workspace_id = ${target.workspaceId} and te.contact_id = ${target.id})`;
  const targetCities = sql`(select lower(trim(tl.city)) from contact_locations tl
    where tl.workspace_id = ${target.workspaceId} and tl.contact_id = ${target.id} and nullif(trim(tl.city), '') is not null)`;
  const sharedEmails = sql<string[]>`coalesce((select array_agg(distinct ${normalisedEmailSql(sql.raw('ce.email'))})
    from contact_emails ce where ce.workspace_id = contacts.workspace_id and ce.contact_id = contacts.id
      and ${normalisedEmailSql(sql.raw('ce.email'))} in ${targetEmails}), '{}')`;
  const similarity = sql<number>`similarity(${contacts.displayName}, ${target.displayName})`;
  const sameBusiness = target.businessName?.trim()
    ? sql<boolean>`lower(trim(coalesce(${contacts.businessName}, ''))) = ${target.businessName.trim().toLowerCase()}`
    : sql<boolean>`false`;
  const sameCity = sql<boolean>`exists(select 1 from contact_locations cl where cl.workspace_id = contacts.workspace_id
    and cl.contact_id = contacts.id and lower(trim(cl.city)) in ${targetCities})`;

  const rows = await ctx.db
    .select({
      id: contacts.id,
      displayName: contacts.displayName,
      kind: contacts.kind,
      businessName: contacts.businessName,
      archivedAt: contacts.archivedAt,
      sharedEmails,
      similarity,
      sameBusiness,
      sameCity,
    })
    .from(contacts)
    .where(
      and(
        contactVisibility(ctx),
        ne(contacts.id, target.id),
        isNull(contacts.mergedIntoId),
        eq(contacts.kind, target.kind),
        sql`(exists(select 1 from contact_emails ce where ce.workspace_id = contacts.workspace_id
              and ce.contact_id = contacts.id and ${normalisedEmailSql(sql.raw('ce.email'))} in ${targetEmails})
            or (${similarity} > ${NAME_THRESHOLD} and (${sameBusiness} or ${sameCity})))`,
      ),
    )
    .limit(200);

  return rows
    .map((r) => {
      const nameSimilarity = Math.round(Number(r.similarity) * 100) / 100;
      const similar = nameSimilarity > NAME_THRESHOLD;
      const reasons: DuplicateReason[] = [];
      if (r.sharedEmails.length > 0) reasons.push('email');
      if (similar && r.sameBusiness) reasons.push('similar_name_same_business');
      if (similar && r.sameCity) reasons.push('similar_name_same_city');
      // An address is strong evidence on its own; a name counts more the closer it is, and a
      // shared business is a stronger context than a shared city.
      const score =
        (r.sharedEmails.length > 0 ? 0.6 : 0) +
        nameSimilarity * 0.3 +
        (similar && r.sameBusiness ? 0.1 : similar && r.sameCity ? 0.05 : 0);
      return {
        id: r.id,
        displayName: r.displayName,
        kind: r.kind,
        businessName: r.businessName,
        archived: r.archivedAt !== null,
        reasons,
        sharedEmails: r.sharedEmails,
        nameSimilarity,
        score: Math.round(Math.min(1, score) * 100) / 100,
      };
    })
    .filter((c) => c.reasons.length > 0)
    .sort((a, b) => b.score - a.score || a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id))
    .slice(0, LIMIT);
}
