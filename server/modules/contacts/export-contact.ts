// Exporting one contact's full record (details, tags, custom fields, its journal) as JSON or as a
// one-row CSV: what a data-access request is answered with.
import { and, asc, eq, sql } from 'drizzle-orm';
import { journalEntries } from '../../db/schema/journal.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { CSV_CONTENT_TYPE, toCsv } from '../../platform/csv.ts';
import { record } from '../../platform/journal/journal.ts';
import { toEntryDto } from '../timeline/timeline.service.ts';
import { requireContact } from './contact-access.ts';
import { slugForFilename } from './contact-derive.ts';
import { buildProfile } from './contact-profile.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';

/** Enough for any real contact's history; an export never loads an unbounded set. */
const MAX_JOURNAL_ENTRIES = 100_000;

export interface ContactExport {
  filename: string;
  contentType: string;
  body: string;
}

const joined = (values: (string | null | undefined)[]) => values.filter(Boolean).join('; ');

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return joined(value.map((v) => String(v)));
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * What a CSV row of a contact is made of: the profile has it all, and the list export reads the same
 * for a batch of contacts at once (export-contacts.ts).
 */
export type ExportedContact = Pick<
  ContactProfileDto,
  | 'id'
  | 'kind'
  | 'displayName'
  | 'firstName'
  | 'lastName'
  | 'title'
  | 'businessName'
  | 'birthday'
  | 'gender'
  | 'registrationNumber'
  | 'legalForm'
  | 'vatId'
  | 'contactType'
  | 'language'
  | 'timezone'
  | 'source'
  | 'firstAttribution'
  | 'lastAttribution'
  | 'publicLinks'
  | 'keywords'
  | 'dnd'
  | 'custom'
  | 'createdAt'
  | 'updatedAt'
  | 'archivedAt'
> & {
  emails: { email: string }[];
  phones: { e164: string }[];
  locations: { address: string }[];
  tags: { name: string }[];
  owner: { name: string };
  team: { name: string } | null;
  followers: { name: string }[];
};

/**
 * One contact as a CSV row, the columns of every Dossier contact export (one contact or a list): its
 * headers are what Dossier's own import recognises. Custom fields follow as custom.<key>.
 */
export function contactCsvRow(p: ExportedContact, fieldKeys: string[]): Record<string, string> {
  const row: Record<string, string> = {
    id: p.id,
    kind: p.kind,
    displayName: p.displayName,
    firstName: cell(p.firstName),
    lastName: cell(p.lastName),
    title: cell(p.title),
    businessName: cell(p.businessName),
    birthday: cell(p.birthday),
    gender: cell(p.gender),
    registrationNumber: cell(p.registrationNumber),
    legalForm: cell(p.legalForm),
    vatId: cell(p.vatId),
    contactType: p.contactType,
    language: cell(p.language),
    timezone: cell(p.timezone),
    source: cell(p.source),
    firstAttributionSource: cell(p.firstAttribution?.source),
    firstAttributionCampaign: cell(p.firstAttribution?.campaign),
    lastAttributionSource: cell(p.lastAttribution?.source),
    lastAttributionCampaign: cell(p.lastAttribution?.campaign),
    emails: joined(p.emails.map((e) => e.email)),
    phones: joined(p.phones.map((ph) => ph.e164)),
    locations: joined(p.locations.map((l) => l.address)),
    publicLinks: joined(p.publicLinks.map((l) => `${l.label}: ${l.url}`)),
    keywords: joined(p.keywords),
    tags: joined(p.tags.map((t) => t.name)),
    owner: p.owner.name,
    team: cell(p.team?.name),
    followers: joined(p.followers.map((f) => f.name)),
    dndAll: String(p.dnd.all),
    dndEmail: String(p.dnd.email),
    dndSms: String(p.dnd.sms),
    dndWhatsapp: String(p.dnd.whatsapp),
    dndCalls: String(p.dnd.calls),
    dndInboundCalls: String(p.dnd.inboundCalls),
    dndInboundSms: String(p.dnd.inboundSms),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    archivedAt: cell(p.archivedAt),
  };
  for (const key of fieldKeys) row[`custom.${key}`] = cell(p.custom[key]);
  return row;
}

export async function exportContact({
  ctx,
  contactId,
  format,
}: {
  ctx: Ctx;
  contactId: string;
  format: 'json' | 'csv';
}): Promise<ContactExport> {
  const contact = await requireContact(ctx, contactId);
  await inTransaction(ctx, (tx) =>
    record(tx, { contactId, kind: 'contact.exported', category: 'admin', data: { format } }),
  );
  const profile = await buildProfile(ctx, contact);
  const base = `${slugForFilename(contact.displayName)}-${contact.id.slice(0, 8)}`;
  if (format === 'csv') {
    const row = contactCsvRow(
      profile,
      profile.fields.map((f) => f.key),
    );
    return {
      filename: `${base}.csv`,
      contentType: CSV_CONTENT_TYPE,
      body: toCsv(Object.keys(row), [Object.values(row)]),
    };
  }
  const entries = await ctx.db
    .select()
    .from(journalEntries)
    .where(
      and(
        eq(journalEntries.workspaceId, ctx.workspaceId),
        eq(journalEntries.contactId, contactId),
        sql`${journalEntries.contactId} is not null`,
      ),
    )
    .orderBy(asc(journalEntries.occurredAt), asc(journalEntries.id))
    .limit(MAX_JOURNAL_ENTRIES);
  const document = {
    exportedAt: new Date().toISOString(),
    contact: profile,
    tags: profile.tags,
    customFields: profile.fields.map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type,
      folder: f.folder?.name ?? null,
      value: profile.custom[f.key] ?? null,
    })),
    journal: entries.map(toEntryDto),
  };
  return {
    filename: `${base}.json`,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(document, null, 2),
  };
}
