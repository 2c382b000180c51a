// Exporting the contact list — whatever filter, search or saved view the list shows — as CSV (the
// columns of the one-contact export, which Dossier's import reads back) or vCard 4.0, streamed. The CSV
// lines are written by PostgreSQL, a run of 5,000 contacts per statement with two runs in flight; vCards
// are written here from batches of 1,000 contacts with their lists aggregated. A million contacts leave
// the server holding two runs at a time.
import { Readable } from 'node:stream';
import { and, asc, gt, lte, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { copyOut } from '../../db/copy.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { csvHeader } from '../../platform/csv.ts';
import { toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { record } from '../../platform/journal/journal.ts';
import { loadFieldDefs, type FieldDef } from '../custom-fields/custom-field-values.ts';
import { lastAttributionOf } from './contact-derive.ts';
import { dndColumns } from './contact-dnd.service.ts';
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

/** Contacts per statement of the CSV path, whose rows are one line of text each. */
export const csvTuning = { batch: 5000 };
/** CSV statements running at once. */
const EXPORT_IN_FLIGHT = 2;

const textOf = (column: SQLWrapper) => sql`${column}`;
const isoOf = (column: SQLWrapper) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const listOf = (values: SQL) => sql`(${values})`;

/**
 * Each column of contactCsvRow as SQL over `contacts` (and the run's lists, collectionJoins), giving
 * the text contactCsvRow gives; dossier_csv_cell then makes it a cell. A test holds each line to the
 * one-contact export's.
 */
function csvColumns(): Record<string, SQL> {
  const dnd = (column: SQLWrapper) => sql`${column}::text`;
  const attribution = (which: SQL, key: string) => textOf(sql`(${which}) ->> ${key}`);
  const last = sql`coalesce(${contacts.lastAttribution}, ${contacts.firstAttribution})`;
  return {
    id: sql`${contacts.id}::text`,
    kind: textOf(sql`${contacts.kind}`),
    displayName: textOf(contacts.displayName),
    firstName: textOf(contacts.firstName),
    lastName: textOf(contacts.lastName),
    title: textOf(contacts.title),
    businessName: textOf(contacts.businessName),
    birthday: textOf(sql`${contacts.birthday}::text`),
    gender: textOf(contacts.gender),
    registrationNumber: textOf(contacts.registrationNumber),
    legalForm: textOf(contacts.legalForm),
    vatId: textOf(contacts.vatId),
    contactType: textOf(contacts.contactType),
    language: textOf(contacts.language),
    timezone: textOf(contacts.timezone),
    source: textOf(contacts.source),
    firstAttributionSource: attribution(sql`${contacts.firstAttribution}`, 'source'),
    firstAttributionCampaign: attribution(sql`${contacts.firstAttribution}`, 'campaign'),
    lastAttributionSource: attribution(last, 'source'),
    lastAttributionCampaign: attribution(last, 'campaign'),
    emails: sql`emails.v`,
    phones: sql`phones.v`,
    locations: sql`locations.v`,
    publicLinks: listOf(sql`select string_agg((link ->> 'label') || ': ' || (link ->> 'url'), '; ' order by n)
      from jsonb_array_elements(${contacts.publicLinks}) with ordinality as links(link, n)`),
    keywords: listOf(sql`select array_to_string(array_remove(${contacts.keywords}, ''), '; ')`),
    tags: sql`tags.v`,
    owner: sql`owner.name`,
    team: sql`team.name`,
    followers: sql`followers.v`,
    dndAll: dnd(contacts.dndAll),
    dndEmail: dnd(contacts.dndEmail),
    dndSms: dnd(contacts.dndSms),
    dndWhatsapp: dnd(contacts.dndWhatsapp),
    dndCalls: dnd(contacts.dndCalls),
    dndInboundCalls: dnd(contacts.dndInboundCalls),
    dndInboundSms: dnd(contacts.dndInboundSms),
    createdAt: isoOf(contacts.createdAt),
    updatedAt: isoOf(contacts.updatedAt),
    archivedAt: isoOf(contacts.archivedAt),
  };
}

/**
 * Columns whose text never needs quoting or formula escaping (ids, the kind, dates, booleans, ISO
 * timestamps): written as they are, without dossier_csv_cell — a third of the cells, at 0.4 µs each.
 */
const PLAIN_COLUMNS = new Set<string>([
  'id',
  'kind',
  'birthday',
  ...dndColumns,
  'createdAt',
  'updatedAt',
  'archivedAt',
]);

/**
 * The lists of a run of contacts (emails, phones, locations, tags, followers), each aggregated in one pass
 * over its table's (workspace, contact) index for the run's id range and joined to the contacts by id,
 * rather than looked up contact by contact; and the owner's and team's names.
 */
function collectionJoins(
  ctx: Ctx,
  after: string | null,
  upTo: string | null,
  only: SQL | null,
): { table: SQL; on: SQL }[] {
  const w = ctx.workspaceId;
  const range = (column: string) =>
    sql.join(
      [
        sql`true`,
        ...(after ? [sql`${sql.raw(column)} > ${after}`] : []),
        ...(upTo ? [sql`${sql.raw(column)} <= ${upTo}`] : []),
      ],
      sql` and `,
    );
  const list = (alias: string, body: SQL) => ({
    table: sql`(${body}) ${sql.raw(alias)}`,
    on: sql`${sql.raw(alias)}.contact_id = ${contacts.id}`,
  });
  // A narrow selection (a tag, a search, a member's own contacts) spans a wide id range per run: its lists
  // are aggregated for the selected contacts only, not for every contact in the range.
  const selected = (column: string) =>
    only
      ? sql`and ${sql.raw(column)} in (select ${contacts.id} from ${contacts} where ${only} and ${range('contacts.id')})`
      : sql``;
  return [
    list(
      'emails',
      sql`select e.contact_id, string_agg(e.email::text, '; ' order by e.is_primary desc, e.position, e.id) as v
        from contact_emails e where e.workspace_id = ${w} and ${range('e.contact_id')} ${selected('e.contact_id')}
        group by e.contact_id`,
    ),
    list(
      'phones',
      sql`select p.contact_id, string_agg(p.e164, '; ' order by p.is_primary desc, p.position, p.id) as v
        from contact_phones p where p.workspace_id = ${w} and ${range('p.contact_id')} ${selected('p.contact_id')}
        group by p.contact_id`,
    ),
    list(
      'locations',
      sql`select l.contact_id, string_agg(l.address, '; ' order by l.is_primary desc, l.position, l.id) as v
        from contact_locations l where l.workspace_id = ${w} and ${range('l.contact_id')} and l.address <> ''
          ${selected('l.contact_id')}
        group by l.contact_id`,
    ),
    list(
      'tags',
      sql`select c.id as contact_id, string_agg(t.name, '; ' order by t.name) as v
        from contacts c cross join unnest(c.tag_ids) as ct(tag_id)
        join tags t on t.workspace_id = c.workspace_id and t.id = ct.tag_id
        where c.workspace_id = ${w} and ${range('c.id')} ${selected('c.id')} group by c.id`,
    ),
    // The owner's and the team's names: a few rows each, hash-joined.
    {
      table: sql`(select u.id, u.name from users u where u.workspace_id = ${w}) owner`,
      on: sql`owner.id = ${contacts.ownerId}`,
    },
    {
      table: sql`(select tm.id, tm.name from teams tm where tm.workspace_id = ${w}) team`,
      on: sql`team.id = ${contacts.teamId}`,
    },
    list(
      'followers',
      sql`select f.contact_id, string_agg(u.name, '; ' order by u.name) as v
        from contact_followers f join users u on u.workspace_id = f.workspace_id and u.id = f.user_id
        where f.workspace_id = ${w} and ${range('f.contact_id')} group by f.contact_id`,
    ),
  ];
}

/** A custom field's column: its value where the field applies to the contact (applicableCustom). */
function customColumn(def: FieldDef): SQL {
  // cell() of export-contact.ts: a list's items joined by "; ", anything else as JSON writes it.
  const json = sql`(${contacts.custom} -> ${def.key})`;
  const value = sql`case jsonb_typeof(${json})
    when 'array' then array_to_string(array_remove(array(select jsonb_array_elements_text(${json})), ''), '; ')
    when 'null' then null else ${json} #>> '{}' end`;
  return def.appliesToAll ? value : sql`case when ${def.id}::uuid = any(${contacts.extraFieldIds}) then ${value} end`;
}

/**
 * The CSV lines of the contacts with ids in (after, upTo], in id order. Each column's value is read
 * once in a subquery (OFFSET 0 keeps the planner from folding it into the outer one), and only then
 * made a cell: dossier_csv_cell names its argument six times, and a subquery inlined there would run
 * six times.
 */
async function csvLinesBetween(
  ctx: Ctx,
  where: SQL,
  columns: { value: SQL; plain: boolean }[],
  after: string | null,
  upTo: string | null,
  narrow: boolean,
) {
  let from = ctx.db
    .select({ id: contacts.id, ...Object.fromEntries(columns.map((c, i) => [`c${i}`, c.value.as(`c${i}`)])) })
    .from(contacts)
    .$dynamic();
  for (const join of collectionJoins(ctx, after, upTo, narrow ? where : null))
    from = from.leftJoin(join.table, join.on);
  const values = from
    .where(and(where, after ? gt(contacts.id, after) : undefined, upTo ? lte(contacts.id, upTo) : undefined))
    .orderBy(asc(contacts.id))
    .offset(0)
    .as('v');
  const v = values as unknown as Record<string, SQL.Aliased>;
  // concat_ws skips a NULL altogether (and its comma): a plain column's nothing is an empty cell too.
  const cells = columns.map((c, i) =>
    c.plain ? sql`coalesce(${v[`c${i}`]}, '')` : sql`dossier_csv_cell(${v[`c${i}`]})`,
  );
  const query = ctx.db
    .select({ line: sql<string>`concat_ws(',', ${sql.join(cells, sql`, `)})` })
    .from(values)
    .orderBy(values.id)
    .toSQL();
  // The lines come as COPY writes them, bytes that are never turned into strings here. The planner's
  // estimate of an id range is no guide (a UUID range looks tiny to it), and a nested loop would aggregate
  // a list once per contact: the lists are joined by hash or merge.
  const client = await ctx.deps.database.pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    await client.query('set local enable_nestloop = off');
    const raw = await copyOut(client, query);
    await client.query('commit');
    return csvFromCopyText(raw);
  } catch (err) {
    broken = true;
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release(broken);
  }
}

const COPY_ESCAPES: Record<number, number> = { 98: 8, 102: 12, 110: 10, 114: 13, 116: 9, 118: 11 };

/**
 * COPY's text format back to the lines it holds, each ended by CRLF: a row's `\` escapes (backslash, tab,
 * line breaks and the other control characters COPY escapes) become the bytes they stand for. Returns the
 * bytes and how many rows they hold (a raw LF only ever ends a row).
 */
export function csvFromCopyText(raw: Buffer): { chunks: Buffer[]; count: number } {
  let count = 0;
  for (let i = raw.indexOf(10); i !== -1; i = raw.indexOf(10, i + 1)) count++;
  const out = Buffer.allocUnsafe(raw.length + count);
  let o = 0;
  let i = 0;
  let backslash = raw.indexOf(92);
  while (i < raw.length) {
    if (backslash !== -1 && backslash < i) backslash = raw.indexOf(92, i);
    const lf = raw.indexOf(10, i);
    if (backslash !== -1 && (lf === -1 || backslash < lf)) {
      o += raw.copy(out, o, i, backslash);
      const c = raw[backslash + 1]!;
      out[o++] = COPY_ESCAPES[c] ?? c;
      i = backslash + 2;
      continue;
    }
    if (lf === -1) {
      o += raw.copy(out, o, i);
      break;
    }
    o += raw.copy(out, o, i, lf);
    out[o++] = 13;
    out[o++] = 10;
    i = lf + 1;
  }
  return { chunks: [out.subarray(0, o)], count };
}

/** The id ending each run of csvTuning.batch contacts of the selection, read from the ids alone. */
async function batchEnds(ctx: Ctx, where: SQL): Promise<string[]> {
  const numbered = ctx.db
    .select({ id: contacts.id, n: sql<number>`row_number() over (order by ${contacts.id})`.as('n') })
    .from(contacts)
    .where(where)
    .as('numbered');
  const rows = await ctx.db
    .select({ id: numbered.id })
    .from(numbered)
    .where(sql`${numbered.n} % ${csvTuning.batch} = 0`)
    .orderBy(numbered.id);
  return rows.map((r) => r.id);
}

/**
 * The list as a file. Members export only the contacts they may see (the list's own conditions);
 * the export is journaled for the audit log with its format and query before the first byte.
 */
export async function exportContactList({
  ctx,
  query,
  format,
  journal = true,
  onContacts,
}: {
  ctx: Ctx;
  query: ListQueryInput;
  format: ListExportFormat;
  /** false where the caller journaled the export already (a background export, when it was asked for). */
  journal?: boolean;
  /** Told how many contacts each part of the file held, as it is read (a background export's progress). */
  onContacts?: (count: number) => void;
}): Promise<ListExport> {
  const where = await selectionConditions(ctx, query);
  const defs = await loadFieldDefs(ctx);
  const fieldKeys = defs.map((d) => d.key);
  const keysForAll = new Set(defs.filter((d) => d.appliesToAll).map((d) => d.key));
  if (journal) await inTransaction(ctx, (tx) => journalExport(tx, format, query));

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

  // The database writes each line; the server only passes them on (a batch is asked for while the
  // last one is sent).
  async function* csv() {
    const header = Object.keys(contactCsvRow(emptyContact, fieldKeys));
    const byName = csvColumns();
    const byKey = new Map(defs.map((d) => [`custom.${d.key}`, customColumn(d)]));
    const columns = header.map((name) => ({
      value: byName[name] ?? byKey.get(name)!,
      plain: PLAIN_COLUMNS.has(name),
    }));
    yield csvHeader(header);
    // The runs are known in advance, so the database writes the next ones while one is sent:
    // EXPORT_IN_FLIGHT statements at a time, on as many of its cores.
    const ends = await batchEnds(ctx, where);
    // Anything but the whole active (or archived) list, or a member's own contacts, is a narrow selection.
    const narrow = ctx.principal.contactAccess === 'own' || Object.keys(describeQuery(query)).some((k) => k !== 'sort');
    const runs = [...ends, null].map((upTo, i) => ({ after: i === 0 ? null : ends[i - 1]!, upTo }));
    const pending: ReturnType<typeof csvLinesBetween>[] = [];
    const ask = () => {
      const run = runs.shift();
      if (!run) return;
      const lines = csvLinesBetween(ctx, where, columns, run.after, run.upTo, narrow);
      // Awaited in turn; if the download is abandoned first, a failure must not go unhandled.
      lines.catch(() => undefined);
      pending.push(lines);
    };
    for (let i = 0; i < EXPORT_IN_FLIGHT; i++) ask();
    while (pending.length > 0) {
      const { chunks, count } = await pending.shift()!;
      ask();
      onContacts?.(count);
      yield* chunks;
    }
  }

  async function* vcards() {
    for await (const list of contactsInOrder()) {
      onContacts?.(list.length);
      yield list.map(toVCard).join('');
    }
  }

  const day = new Date().toISOString().slice(0, 10);
  return format === 'csv'
    ? { filename: `contacts-${day}.csv`, contentType: 'text/csv; charset=utf-8', body: Readable.from(csv()) }
    : { filename: `contacts-${day}.vcf`, contentType: 'text/vcard; charset=utf-8', body: Readable.from(vcards()) };
}

/** The audit log's entry of an export: its format and the list query, by whom (the transaction's actor). */
export async function journalExport(
  tx: TxCtx,
  format: ListExportFormat,
  query: ListQueryInput,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await record(tx, {
    contactId: null,
    kind: 'contacts.exported',
    category: 'admin',
    data: { format, query: describeQuery(query), ...extra },
  });
}

/** What the export was asked for, as the audit log shows it (only what was set). */
export function describeQuery(query: ListQueryInput): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query).filter(
      ([k, v]) =>
        v !== undefined &&
        v !== false &&
        !(Array.isArray(v) && v.length === 0) &&
        // How tags combine says nothing without tags.
        !(k === 'tagMode' && !query.tags?.length),
    ),
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
