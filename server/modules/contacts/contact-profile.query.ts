// The profile's one statement: the contact row with its emails, phones, locations and followers
// aggregated as JSON, as a named statement; its tags', team's and people's names are the workspace's
// kept names (workspace-names.ts).
// Timestamps inside the JSON travel as text and are parsed by node-postgres' own parser, so they
// read exactly as the columns of a plain select do.
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from '../../db/client.ts';
import { preparedFor } from '../../db/prepared.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { contactScope, type Ctx } from '../../platform/context.ts';
import { ownedOrFollowedByPlaceholderUser, type ContactRow } from './contact-access.ts';
import { tagsOf, teamOf, workspaceNames, type TagName } from './workspace-names.ts';

const parseTimestamp = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (v: string) => Date;
const timestampOrNull = (v: string | null) => (v === null ? null : parseTimestamp(v));

interface EmailJson {
  id: string;
  email: string;
  type: 'work' | 'personal' | 'other';
  isPrimary: boolean;
  verification: 'unverified' | 'verified' | 'invalid';
  createdAt: string;
}
interface PhoneJson {
  id: string;
  e164: string;
  type: 'mobile' | 'office' | 'home' | 'fax' | 'other';
  isPrimary: boolean;
  lineType: 'mobile' | 'fixed_line' | 'fixed_line_or_mobile' | 'voip' | 'unknown';
  lineTypeSource: string | null;
  lineTypeCheckedAt: string | null;
  carrier: string | null;
  smsAllowed: boolean;
  createdAt: string;
}
interface LocationJson {
  id: string;
  label: string;
  address: string;
  street: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
  lat: number | null;
  lng: number | null;
  isPrimary: boolean;
}
interface Ref {
  id: string;
  name: string;
}

/** What the profile reads beside the contact row. */
export interface ProfileParts {
  emails: (Omit<EmailJson, 'createdAt'> & { createdAt: Date })[];
  phones: (Omit<PhoneJson, 'createdAt' | 'lineTypeCheckedAt'> & { createdAt: Date; lineTypeCheckedAt: Date | null })[];
  locations: LocationJson[];
  tags: TagName[];
  followers: Ref[];
  /** The workspace's users' names, for the owner, the creator and the archiver. */
  names: ReadonlyMap<string, string>;
  team: Ref | null;
  ownerInTeam: boolean;
}

// Each subquery reads one index range under (workspace_id, contact_id) of the outer row.
const c = { ws: sql`${contacts.workspaceId}`, id: sql`${contacts.id}` };
const parts = {
  emails: sql<EmailJson[]>`(select coalesce(jsonb_agg(jsonb_build_object(
      'id', e.id, 'email', e.email, 'type', e.type, 'isPrimary', e.is_primary,
      'verification', e.verification, 'createdAt', e.created_at::text)
      order by e.position, e.created_at, e.id), '[]')
    from contact_emails e where e.workspace_id = ${c.ws} and e.contact_id = ${c.id})`,
  phones: sql<PhoneJson[]>`(select coalesce(jsonb_agg(jsonb_build_object(
      'id', p.id, 'e164', p.e164, 'type', p.type, 'isPrimary', p.is_primary, 'lineType', p.line_type,
      'lineTypeSource', p.line_type_source, 'lineTypeCheckedAt', p.line_type_checked_at::text,
      'carrier', p.carrier, 'smsAllowed', p.sms_allowed, 'createdAt', p.created_at::text)
      order by p.position, p.created_at, p.id), '[]')
    from contact_phones p where p.workspace_id = ${c.ws} and p.contact_id = ${c.id})`,
  locations: sql<LocationJson[]>`(select coalesce(jsonb_agg(jsonb_build_object(
      'id', l.id, 'label', l.label, 'address', l.address, 'street', l.street, 'city', l.city,
      'region', l.region, 'postalCode', l.postal_code, 'country', l.country, 'lat', l.lat, 'lng', l.lng,
      'isPrimary', l.is_primary)
      order by l.position, l.created_at, l.id), '[]')
    from contact_locations l where l.workspace_id = ${c.ws} and l.contact_id = ${c.id})`,
  followers: sql<
    Ref[]
  >`(select coalesce(jsonb_agg(jsonb_build_object('id', u.id, 'name', u.name) order by u.name), '[]')
    from contact_followers f join users u on u.workspace_id = f.workspace_id and u.id = f.user_id
    where f.workspace_id = ${c.ws} and f.contact_id = ${c.id})`,
  // The team's and the people's names come from the workspace's kept names (workspace-names.ts); whether the owner
  // is in the contact's team is the contact's own.
  ownerInTeam: sql<boolean>`exists(select 1 from team_members m where m.workspace_id = ${c.ws}
    and m.team_id = ${contacts.teamId} and m.user_id = ${contacts.ownerId})`,
};

function profileSelect(db: Db, scoped: boolean) {
  const where: SQL[] = [
    eq(contacts.workspaceId, sql.placeholder('workspaceId')),
    eq(contacts.id, sql.placeholder('contactId')),
  ];
  if (scoped) where.push(ownedOrFollowedByPlaceholderUser);
  return db
    .select({ ...getTableColumns(contacts), ...parts })
    .from(contacts)
    .where(and(...where));
}

/**
 * The contact with everything its profile shows, in one statement; null when it does not exist
 * in the workspace or (with `visibleOnly`) the caller may not see it.
 */
export async function loadProfileRow(
  ctx: Ctx,
  contactId: string,
  { visibleOnly }: { visibleOnly: boolean },
): Promise<{ contact: ContactRow; parts: ProfileParts } | null> {
  const userId = visibleOnly ? contactScope(ctx) : null;
  const scoped = userId !== null;
  const statement = preparedFor(ctx, scoped ? 'contact_profile_own' : 'contact_profile', (db, name) =>
    profileSelect(db, scoped).prepare(name),
  );
  const rows = await statement.execute({ workspaceId: ctx.workspaceId, contactId, userId });
  const row = rows[0];
  if (!row) return null;
  const { emails, phones, locations, followers, ownerInTeam, ...contact } = row;
  const names = await workspaceNames(ctx, [contact]);
  const team = teamOf(names, contact.teamId);
  return {
    contact,
    parts: {
      emails: emails.map((e) => ({ ...e, createdAt: parseTimestamp(e.createdAt) })),
      phones: phones.map((p) => ({
        ...p,
        createdAt: parseTimestamp(p.createdAt),
        lineTypeCheckedAt: timestampOrNull(p.lineTypeCheckedAt),
      })),
      locations,
      tags: tagsOf(names, contact.tagIds),
      followers,
      names: names.users,
      team,
      ownerInTeam: team ? ownerInTeam : true,
    },
  };
}
