// Exporting the contact list — whatever filter, search or saved view the list shows — as CSV (the
// columns of the one-contact export, which Dossier's import reads back) or vCard 4.0. Streamed batch by
// batch in id order, each batch one statement with its emails, phones, locations, tags, owner, team and
// followers aggregated, so a million contacts leave the server's memory flat.
import { Readable } from 'node:stream';
import { and, asc, gt, sql, type SQL } from 'drizzle-orm';
import { contacts } from '../../db/schema/contacts.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { csvHeader, csvLines } from '../../platform/csv.ts';
import { toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { record } from '../../platform/journal/journal.ts';
import { loadFieldDefs } from '../custom-fields/custom-field-values.ts';
import { lastAttributionOf } from './contact-derive.ts';
import { applicableCustom, dndOf } from './contact-profile.ts';
import type { ListQueryInput } from './contacts.schemas.ts';
import { contactCsvRow, type ExportedContact } from './export-contact.ts';
import { selectionConditions } from './list-contacts.ts';
import { toVCard } from './vcard.ts';

/** Contacts read per statement: large enough to amortise the round trip, small enough to stream. */
export const EXPORT_BATCH = 1000;

export type ListExportFormat = 'csv' | 'vcard';

export interface ListExport {
  filename: string;
  contentType: string;
  body: Readable;
}

const names = (column: SQL) => sql<string[]>`coalesce(${column}, '[]'::json)`;

/** One batch of contacts after `afterId`, with all that a row of the export shows. */
async function batch(ctx: Ctx, where: SQL, afterId: string | null) {
  const ws = ctx.workspaceId;
  return ctx.db
    .select({
      contact: contacts,
      emails: names(sql`(select json_agg(e.email order by e.is_primary desc, e.position, e.id)
        from contact_emails e where e.workspace_id = ${ws} and e.contact_id = ${contacts.id})`),
      phones: names(sql`(select json_agg(p.e164 order by p.is_primary desc, p.position, p.id)
        from contact_phones p where p.workspace_id = ${ws} and p.contact_id = ${contacts.id})`),
      locations: names(sql`(select json_agg(l.address order by l.is_primary desc, l.position, l.id)
        from contact_locations l where l.workspace_id = ${ws} and l.contact_id = ${contacts.id})`),
      tags: names(sql`(select json_agg(t.name order by t.name)
        from tags t where t.workspace_id = ${ws} and t.id = any(${contacts.tagIds}))`),
      followers: names(sql`(select json_agg(u.name order by u.name)
        from contact_followers f join users u on u.workspace_id = f.workspace_id and u.id = f.user_id
        where f.workspace_id = ${ws} and f.contact_id = ${contacts.id})`),
      ownerName: sql<
        string | null
      >`(select u.name from users u where u.workspace_id = ${ws} and u.id = ${contacts.ownerId})`,
      teamName: sql<
        string | null
      >`(select tm.name from teams tm where tm.workspace_id = ${ws} and tm.id = ${contacts.teamId})`,
    })
    .from(contacts)
    .where(afterId ? and(where, gt(contacts.id, afterId)) : where)
    .orderBy(asc(contacts.id))
    .limit(EXPORT_BATCH);
}

/**
 * The list as a file. Members export only the contacts they may see (the list's own conditions);
 * the export is journaled for the audit log with its format and query before the first byte.
 */
export async function exportContactList({
  ctx,
  query,
  format,
}: {
  ctx: Ctx;
  query: ListQueryInput;
  format: ListExportFormat;
}): Promise<ListExport> {
  const where = await selectionConditions(ctx, query);
  const defs = await loadFieldDefs(ctx);
  const fieldKeys = defs.map((d) => d.key);
  const keysForAll = new Set(defs.filter((d) => d.appliesToAll).map((d) => d.key));
  await inTransaction(ctx, (tx) =>
    record(tx, {
      contactId: null,
      kind: 'contacts.exported',
      category: 'admin',
      data: { format, query: describeQuery(query) },
    }),
  );

  async function* contactsInOrder(): AsyncGenerator<ExportedContact[]> {
    // The next batch is asked for while this one is turned into text (its id is known from the rows).
    let next: ReturnType<typeof batch> | null = batch(ctx, where, null);
    next.catch(() => undefined);
    for (;;) {
      const rows: Awaited<ReturnType<typeof batch>> = await next!;
      if (rows.length === 0) return;
      next = rows.length < EXPORT_BATCH ? null : batch(ctx, where, rows[rows.length - 1]!.contact.id);
      // Awaited on the next turn; if the download is abandoned first, its failure must not go unhandled.
      next?.catch(() => undefined);
      yield rows.map((r) => {
        const c = r.contact;
        return {
          id: c.id,
          kind: c.kind,
          displayName: c.displayName,
          firstName: c.firstName,
          lastName: c.lastName,
          title: c.title,
          businessName: c.businessName,
          birthday: c.birthday,
          gender: c.gender,
          registrationNumber: c.registrationNumber,
          legalForm: c.legalForm,
          vatId: c.vatId,
          contactType: c.contactType,
          language: c.language,
          timezone: c.timezone,
          source: c.source,
          firstAttribution: c.firstAttribution ?? null,
          lastAttribution: lastAttributionOf(c),
          publicLinks: c.publicLinks,
          keywords: c.keywords,
          dnd: dndOf(c),
          custom: applicableCustom(defs, c, keysForAll),
          createdAt: toIso(c.createdAt),
          updatedAt: toIso(c.updatedAt),
          archivedAt: toIsoOrNull(c.archivedAt),
          emails: r.emails.map((email) => ({ email })),
          phones: r.phones.map((e164) => ({ e164 })),
          locations: r.locations.map((address) => ({ address })),
          tags: r.tags.map((name) => ({ name })),
          followers: r.followers.map((name) => ({ name })),
          owner: { name: r.ownerName ?? '' },
          team: r.teamName ? { name: r.teamName } : null,
        };
      });
      if (!next) return;
    }
  }

  async function* csv() {
    let header = false;
    for await (const list of contactsInOrder()) {
      const rows = list.map((c) => contactCsvRow(c, fieldKeys));
      if (!header) {
        yield csvHeader(Object.keys(rows[0]!));
        header = true;
      }
      yield csvLines(rows.map((r) => Object.values(r)));
    }
    // An empty list still gives a file with its header row.
    if (!header) {
      const empty = contactCsvRow(emptyContact, fieldKeys);
      yield csvHeader(Object.keys(empty));
    }
  }

  async function* vcards() {
    for await (const list of contactsInOrder()) yield list.map(toVCard).join('');
  }

  const day = new Date().toISOString().slice(0, 10);
  return format === 'csv'
    ? { filename: `contacts-${day}.csv`, contentType: 'text/csv; charset=utf-8', body: Readable.from(csv()) }
    : { filename: `contacts-${day}.vcf`, contentType: 'text/vcard; charset=utf-8', body: Readable.from(vcards()) };
}

/** What the export was asked for, as the audit log shows it (only what was set). */
function describeQuery(query: ListQueryInput): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)),
  );
}

const emptyContact: ExportedContact = {
  id: '',
  kind: 'person',
  displayName: '',
  firstName: null,
  lastName: null,
  title: null,
  businessName: null,
  birthday: null,
  gender: null,
  registrationNumber: null,
  legalForm: null,
  vatId: null,
  contactType: '',
  language: null,
  timezone: null,
  source: null,
  firstAttribution: null,
  lastAttribution: null,
  publicLinks: [],
  keywords: [],
  dnd: { all: false, email: false, sms: false, whatsapp: false, calls: false, inboundCalls: false, inboundSms: false },
  custom: {},
  createdAt: '',
  updatedAt: '',
  archivedAt: null,
  emails: [],
  phones: [],
  locations: [],
  tags: [],
  followers: [],
  owner: { name: '' },
  team: null,
};
