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

const NAME_THRESHOLD = 0.5;
const LIMIT = 20;

/**
 * A contact's likely duplicates: candidates found through indexes (so a million contacts are never read
 * whole), then each scored on its shared addresses, name similarity, business and city.
 */
export async function findDuplicates({
  ctx,
  contactId,
}: {
  ctx: Ctx;
  contactId: string;
}): Promise<DuplicateCandidate[]> {
  const target = await requireContact(ctx, contactId);
  const ws = target.workspaceId;
  // contact_emails.match_key: the address as duplicates are matched by (lower case, no "+tag", Gmail's dots ignored).
  const targetKeys = sql`(select te.match_key from contact_emails te
    where te.workspace_id = ${ws} and te.contact_id = ${target.id})`;
  const targetCities = sql`(select lower(trim(tl.city)) from contact_locations tl
    where tl.workspace_id = ${ws} and tl.contact_id = ${target.id} and nullif(trim(tl.city), '') is not null)`;
  const sharedEmails = sql<string[]>`coalesce((select array_agg(distinct ce.match_key)
    from contact_emails ce where ce.workspace_id = contacts.workspace_id and ce.contact_id = contacts.id
      and ce.match_key in ${targetKeys}), '{}')`;
  const similarity = sql<number>`similarity(${contacts.displayName}, ${target.displayName})`;
  const sameBusiness = target.businessName?.trim()
    ? sql<boolean>`lower(trim(coalesce(${contacts.businessName}, ''))) = ${target.businessName.trim().toLowerCase()}`
    : sql<boolean>`false`;
  const sameCity = sql<boolean>`exists(select 1 from contact_locations cl where cl.workspace_id = contacts.workspace_id
    and cl.contact_id = contacts.id and lower(trim(cl.city)) in ${targetCities})`;
  const business = target.businessName?.trim().toLowerCase() || null;
  // Candidates from indexes only: the addresses' match keys, the same business, the same city; a similar
  // name counts only within a shared business or city, so those are the only places to look for one. In a
  // city (thousands of addresses at a million contacts) the index on (city, the contact's name) answers
  // with the names sharing enough trigrams (`%`, pg_trgm's threshold) before similarity() is computed.
  const candidates = sql`(
    select ce.contact_id from contact_emails ce
    where ce.workspace_id = ${ws} and ce.match_key in ${targetKeys}
    ${
      business
        ? sql`union
    select c.id from contacts c
    where c.workspace_id = ${ws} and lower(trim(c.business_name)) = ${business} and c.business_name is not null
      and similarity(c.display_name, ${target.displayName}) > ${NAME_THRESHOLD}`
        : sql``
    }
    union
    select cl.contact_id from contact_locations cl
    where cl.workspace_id = ${ws} and cl.city is not null
      and array[lower(trim(cl.city))] && array${targetCities}
      and cl.contact_name % ${target.displayName}
      and similarity(cl.contact_name, ${target.displayName}) > ${NAME_THRESHOLD}
  )`;

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
        sql`${contacts.id} in ${candidates}`,
        ne(contacts.id, target.id),
        isNull(contacts.mergedIntoId),
        eq(contacts.kind, target.kind),
      ),
    )
    .limit(500);

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

export type DuplicateGroupReason = 'email' | 'same_name_same_business';

export interface DuplicateGroup {
  reason: DuplicateGroupReason;
  /** The shared normalised address, or the shared name and business. */
  key: string;
  contacts: { id: string; displayName: string; businessName: string | null; archived: boolean }[];
}

/**
 * The workspace's duplicate groups for review, most contacts first: contacts sharing a normalised
 * address, then contacts of the same name in the same business. Only what the caller may see, merged
 * contacts left out. It reads the whole workspace, so it is bounded by `limit` groups.
 */
export async function listDuplicateGroups({ ctx, limit }: { ctx: Ctx; limit: number }): Promise<DuplicateGroup[]> {
  const visible = and(contactVisibility(ctx), isNull(contacts.mergedIntoId));
  const member = sql`json_build_object('id', contacts.id, 'displayName', contacts.display_name,
    'businessName', contacts.business_name, 'archived', contacts.archived_at is not null)`;
  // Addresses first from the match-key index alone (keys held by more than one contact, in key order, no
  // contact read), then only those keys' contacts, as the caller may see them.
  const ws = ctx.workspaceId;
  const sharedKeys = sql`(select k.match_key from contact_emails k where k.workspace_id = ${ws}
    group by k.match_key having count(distinct k.contact_id) > 1)`;
  const byEmail = ctx.db
    .select({
      key: sql<string>`ce.match_key`.as('key'),
      contacts: sql<DuplicateGroup['contacts']>`json_agg(distinct ${member}::jsonb)`.as('contacts'),
    })
    .from(contacts)
    .innerJoin(
      sql`contact_emails ce`,
      sql`ce.workspace_id = ${contacts.workspaceId} and ce.contact_id = ${contacts.id}`,
    )
    .where(and(visible, sql`ce.workspace_id = ${ws} and ce.match_key in ${sharedKeys}`))
    .groupBy(sql`1`)
    .having(sql`count(distinct ${contacts.id}) > 1`)
    .orderBy(sql`count(distinct ${contacts.id}) desc`, sql`1`)
    .limit(limit);
  const byName = ctx.db
    .select({
      key: sql<string>`min(${contacts.displayName}) || ' · ' || min(${contacts.businessName})`.as('key'),
      contacts: sql<DuplicateGroup['contacts']>`json_agg(${member})`.as('contacts'),
    })
    .from(contacts)
    .where(and(visible, sql`nullif(trim(${contacts.businessName}), '') is not null`))
    .groupBy(sql`lower(${contacts.displayName})`, sql`lower(trim(${contacts.businessName}))`, contacts.kind)
    .having(sql`count(*) > 1`)
    .orderBy(sql`count(*) desc`, sql`1`)
    .limit(limit);
  const [emails, names] = await Promise.all([byEmail, byName]);
  const seen = new Set<string>();
  const groups: DuplicateGroup[] = [];
  for (const [reason, rows] of [
    ['email', emails],
    ['same_name_same_business', names],
  ] as const) {
    for (const r of rows) {
      const ids = r.contacts
        .map((c) => c.id)
        .sort()
        .join();
      if (seen.has(ids)) continue;
      seen.add(ids);
      groups.push({ reason, key: r.key, contacts: r.contacts });
    }
  }
  return groups.slice(0, limit);
}
