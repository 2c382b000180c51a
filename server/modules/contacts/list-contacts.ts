// The contact list: filters, search (exact email/phone hits first, then name prefixes, then
// substrings, then typo-tolerant matches), sorting with keyset cursors, and a count that is exact
// up to 1,000 and a planner estimate beyond, so it stays fast at a million contacts.
import { textArray, uuidArray } from '../../db/schema/columns.ts';
import { rowsOf } from '../../db/prepared.ts';
import {
  dbWithSettings,
  queryWithSettings,
  resetStatements,
  setStatements,
  unlessCancelled,
} from '../../db/one-trip.ts';
import { and, Column, eq, inArray, isNotNull, isNull, or, SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { contactEmails, contactFollowers, contactPhones, contacts, searchWords } from '../../db/schema/contacts.ts';
import { contactScope, inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { loadFieldDefs, type FieldDef } from '../custom-fields/custom-field-values.ts';
import { contactVisibility, type ContactRow } from './contact-access.ts';
import { inParallel } from './parallel.ts';
import { foldText } from './contact-derive.ts';
import { sampledCounts, type WordCounts } from './text-sample.ts';
import { SEARCH_INDEX_PREFIX, searchIndexTuning } from './search-indexes.job.ts';
import {
  customExpr,
  filterConditions,
  filterInvalid,
  isRealDate,
  isUuid,
  likePattern,
  resolveTagRefs,
} from './contact-filters.ts';
import { fileUrl } from './contact-profile.ts';
import { tagsOf, teamOf, workspaceNames } from './workspace-names.ts';
import type { ContactListQueryInput, ContactSummaryDto, ListQueryInput } from './contacts.schemas.ts';

export const EXACT_COUNT_LIMIT = 1000;

const nameExpr = sql`lower(${contacts.displayName})`;

/**
 * What words are matched in: the indexed column, or (in a small workspace) an expression of it that
 * no index serves, so the workspace's own rows are read instead — see isSmallWorkspace.
 */
type TextTarget = SQL;
const indexedText: TextTarget = sql`${contacts.searchText}`;
const ownRowsText: TextTarget = sql`(${contacts.searchText} || '')`;

const wordMatch = (text: TextTarget, w: string) => sql`${text} like ${likePattern(w)}`;
const substringMatch = (text: TextTarget, words: string[]) => and(...words.map((w) => wordMatch(text, w)))!;

/** A typed word's runs of letters or of digits: what the vocabulary's words are made of ("ørsted-nun": ørsted, nun). */
const partsOf = (w: string) => w.match(/\p{L}+|\p{N}+/gu) ?? [];

/** A part of a typed word forgiven a typo: four letters or more, as the vocabulary holds them (search_words). */
const typoWord = (part: string) => /^\p{L}{4,64}$/u.test(part);

/** Edits forgiven in a typed word: one, two from seven letters ("rusmell": Russell; "andersno": Anderson). */
const editsFor = (w: string) => ([...w].length >= 7 ? 2 : 1);

/** The words a typo search looks for instead of each typed one (typoCorrections). */
type Corrections = ReadonlyMap<string, readonly string[]>;

/**
 * Every word found as typed or through its corrections: "wheatherby" finds Weatherby, "xames" James. A word of several
 * parts ("orsted-nun") is found as typed, or where each part is, as typed or corrected. A lone word is looked for by its
 * corrections alone: a typo is searched when it matched nothing as typed.
 */
function typoMatch(text: TextTarget, words: string[], corrections: Corrections): SQL {
  const corrected = (w: string) => {
    const patterns = (corrections.get(w) ?? []).map(likePattern);
    return patterns.length ? sql`${text} like any(${textArray(patterns)})` : undefined;
  };
  return and(
    ...words.map((w) => {
      const parts = partsOf(w);
      if (parts.length !== 1 || parts[0] !== w) {
        return or(wordMatch(text, w), and(...parts.map((p) => or(wordMatch(text, p), corrected(p))!)))!;
      }
      const alone = words.length === 1 && corrected(w);
      return alone || or(wordMatch(text, w), corrected(w))!;
    }),
  )!;
}

/**
 * A search's typo condition, or null where no typed word has a correction (nothing matches then: as typed, it matched
 * nothing). Corrections are read once a search.
 */
async function typoCondition(ctx: Ctx, plan: SearchPlan): Promise<SQL | null> {
  plan.corrections ??= typoCorrections(ctx, plan.words);
  const corrections = await plan.corrections;
  return corrections.size ? typoMatch(plan.text, plan.words, corrections) : null;
}

/** A word with two neighbouring letters swapped, each way it can be: "jhon" → "hjon", "john", "jhno". */
function swapsOf(word: string): string[] {
  const letters = [...word];
  const swapped = letters.slice(0, -1).flatMap((a, i) => {
    const b = letters[i + 1]!;
    return a === b ? [] : [[...letters.slice(0, i), b, a, ...letters.slice(i + 2)].join('')];
  });
  return [...new Set(swapped)];
}

const LATIN_LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every word one edit from a word of Latin letters (a letter left out, added, changed, or two neighbours swapped):
 * about 350 for six letters. The vocabulary holds each word with combining accents a second time without them
 * (contact-derive.ts, foldText), so these letters reach most words of a Latin-script name; not those of letters that
 * fold to none (ø, æ, ł, ß…), which typoCorrections finds through the trigram index instead.
 */
function oneEditFrom(word: string): string[] {
  const near = new Set(swapsOf(word));
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if (tail) near.add(head + tail.slice(1));
    for (const c of LATIN_LETTERS) {
      near.add(head + c + tail);
      if (tail) near.add(head + c + tail.slice(1));
    }
  }
  near.delete(word);
  return [...near];
}

/**
 * The workspace's words within editsFor(typed) edits of each typed word, two neighbouring letters swapped counting as
 * one, and only the nearest of them, as a speller keeps them: a word one edit away makes those two away unlikely meant
 * ("robertuon" is Robertson, not the "robertcn" of an email address), and each correction kept is one more pattern
 * every candidate is tested for (20 made a walk 11 times dearer a contact passed).
 * - A word of Latin letters is looked up first as each word one edit from it (oneEditFrom), a probe of the
 *   vocabulary's (workspace, word) index each: "aloen" in 1 ms, where the trigram index brought 9,741 words to recheck
 *   in 29 ms, and "jahn" finds John, whose trigrams it shares too few of.
 * - A word none is one edit from in those letters (two edits from seven letters; "orsted" is one from "ørsted"), and
 *   a word of other letters, is looked for among the words sharing enough trigrams with it for the vocabulary's
 *   trigram index to bring them (pg_trgm's similarity, at its default threshold 0.3: one edit in a word of five
 *   letters or more, two in most of ten or more), within fuzzystrmatch's levenshtein; its swaps are looked up as they
 *   are.
 * The typed word itself, which a contact the caller cannot see may hold, corrects nothing. A word holding a shorter
 * correction is left out: the shorter one's substring match finds it. At most listTuning.typoCorrections a word, the
 * shortest first.
 */
async function typoCorrections(ctx: Ctx, words: string[]): Promise<Corrections> {
  const typos = [...new Set(words.flatMap(partsOf))].filter(typoWord);
  if (!typos.length) return new Map();
  const latin = (typed: string) => /^[a-z]+$/.test(typed);
  const near = typos.flatMap((typed) =>
    (latin(typed) ? oneEditFrom(typed) : swapsOf(typed)).map((word) => ({ typed, word })),
  );
  const { rows } = await ctx.db.execute<{ typed: string; words: string[] }>(sql`
    with near as (
      select x.typed, x.word
      from unnest(${textArray(near.map((x) => x.typed))}, ${textArray(near.map((x) => x.word))}) as x(typed, word)
      where exists (select from ${searchWords} v where v.workspace_id = ${ctx.workspaceId} and v.word = x.word)
    ), found as (
      select typed, word, 1 as edits from near
      union all
      select q.typed, s.word, s.edits
      from unnest(${textArray(typos)}, ${sql.param(typos.map(editsFor))}::int[]) as q(typed, edits)
      cross join lateral (
        select distinct v.word, levenshtein_less_equal(left(v.word, 80), q.typed, q.edits) as edits
        from ${searchWords} v
        where v.workspace_id = ${ctx.workspaceId} and v.word % q.typed and v.word <> q.typed
          and length(v.word) between length(q.typed) - q.edits and length(q.typed) + q.edits
          and levenshtein_less_equal(left(v.word, 80), q.typed, q.edits) <= q.edits
      ) s
      where not exists (select from near n where n.typed = q.typed)
    ), nearest as (
      select typed, word, min(edits) as edits, min(min(edits)) over (partition by typed) as least
      from found group by typed, word
    )
    select typed, array_agg(word order by length(word), word) as words
    from nearest where edits = least group by typed`);
  const corrections = new Map<string, string[]>();
  for (const r of rows) {
    // Read shortest first: a word holding one before it is found by that one's substring match.
    const kept = r.words.filter((w, i) => !r.words.slice(0, i).some((k) => w.includes(k)));
    corrections.set(r.typed, kept.slice(0, listTuning.typoCorrections));
  }
  return corrections;
}

// ── Conditions ───────────────────────────────────────────────────────────────────────────────

function dayOrInstant(value: string, endOfDay: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    return endOfDay ? new Date(d.getTime() + 86_400_000) : d;
  }
  return new Date(value);
}

const dndColumn = {
  all: contacts.dndAll,
  email: contacts.dndEmail,
  sms: contacts.dndSms,
  whatsapp: contacts.dndWhatsapp,
  calls: contacts.dndCalls,
  inbound_calls: contacts.dndInboundCalls,
  inbound_sms: contacts.dndInboundSms,
} as const;

/** How many of listConditions' conditions every list has (visibility, archived or not). */
const BASE_CONDITIONS = 2;

/** The conditions of a list query (without search and cursor), visibility included. */
export async function listConditions(ctx: Ctx, q: ListQueryInput, defs: FieldDef[]): Promise<SQL[]> {
  const where: SQL[] = [contactVisibility(ctx)];
  // Repeats the partial indexes' predicates so the planner can use them. Merged contacts wait for
  // an undo on the survivor's page; the archive does not list them.
  where.push(
    q.archived ? and(isNotNull(contacts.archivedAt), isNull(contacts.mergedIntoId))! : isNull(contacts.archivedAt),
  );
  if (q.kind) where.push(eq(contacts.kind, q.kind));
  if (q.contactType?.length) where.push(inArray(contacts.contactType, q.contactType));
  if (q.ownerId?.length) {
    const ids = q.ownerId.map((id) => (id === 'me' ? ctx.principal.userId : id));
    if (ids.some((id) => !id || !/^[0-9a-f-]{36}$/i.test(id))) {
      throw invalid('ownerId takes user ids (or "me" for a signed-in user)');
    }
    const owner = workspaceLocal(inArray(contacts.ownerId, ids as string[]));
    if (ids.length === 1) ownerRanges.add(owner);
    where.push(owner);
  }
  if (q.teamId?.length) {
    const ids = q.teamId.filter((t) => t !== 'none');
    if (ids.some((id) => !/^[0-9a-f-]{36}$/i.test(id))) throw invalid('teamId takes team ids (or "none")');
    const team = or(
      ids.length ? inArray(contacts.teamId, ids) : undefined,
      q.teamId.includes('none') ? isNull(contacts.teamId) : undefined,
    )!;
    where.push(q.teamId.includes('none') ? team : workspaceLocal(team));
  }
  if (q.tags?.length) {
    // Ids are taken as they are, without a statement: a contact holds only its workspace's tags, and deleting a tag
    // takes it off them, so an unknown id (or another workspace's) matches nothing, as it does resolved. Names are
    // looked up.
    const tagIds = q.tags.every(isUuid)
      ? [...new Set(q.tags.map((t) => t.toLowerCase()))]
      : await resolveTagRefs(ctx, q.tags);
    const ids = uuidArray(tagIds);
    if (q.tagMode === 'all') {
      // Every tag asked for must exist and be on the contact.
      if (tagIds.length < new Set(q.tags.map((t) => t.toLowerCase())).size) where.push(sql`false`);
      else where.push(workspaceLocal(sql`${contacts.tagIds} @> ${ids}`));
    } else {
      where.push(tagIds.length ? workspaceLocal(sql`${contacts.tagIds} && ${ids}`) : sql`false`);
    }
  }
  if (q.dnd) {
    const column = dndColumn[q.dnd];
    const inbound = q.dnd === 'inbound_calls' || q.dnd === 'inbound_sms' || q.dnd === 'all';
    // "All channels" also blocks each outbound channel; inbound switches stand alone.
    where.push(inbound ? eq(column, true) : or(eq(column, true), eq(contacts.dndAll, true))!);
  }
  if (q.source) where.push(sql`lower(${contacts.source}) = lower(${q.source})`);
  if (q.language) where.push(eq(contacts.language, q.language.toLowerCase()));
  if (q.createdFrom)
    where.push(sql`${contacts.createdAt} >= ${dayOrInstant(q.createdFrom, false).toISOString()}::timestamptz`);
  if (q.createdTo)
    where.push(sql`${contacts.createdAt} < ${dayOrInstant(q.createdTo, true).toISOString()}::timestamptz`);
  if (q.updatedFrom)
    where.push(sql`${contacts.updatedAt} >= ${dayOrInstant(q.updatedFrom, false).toISOString()}::timestamptz`);
  if (q.updatedTo)
    where.push(sql`${contacts.updatedAt} < ${dayOrInstant(q.updatedTo, true).toISOString()}::timestamptz`);
  if (q.filters?.length) where.push(...(await filterConditions(ctx, q.filters, defs)));
  return where;
}

// ── Search ───────────────────────────────────────────────────────────────────────────────────

interface SearchPlan {
  /** The contacts that hold the query as a whole email address or phone number, or null. */
  exact: SQL | null;
  /** The query is a complete email address or phone number that a contact has: those hits are the answer. */
  exactOnly: boolean;
  /**
   * A whole email address or phone number taken as held without looking it up (searchPlan's 'trusted'): the page reads
   * its holders itself. If it finds none, whether any contact holds it decides between that empty answer and a search
   * of it as text (see listContacts).
   */
  unconfirmed?: Address;
  /** display_name prefix (lower-cased), with the bounds that let the name index range-scan. */
  prefix: { from: string; to: string; pattern: string } | null;
  /** Every word must appear in search_text. */
  words: string[];
  /** Typo tolerance, tried when nothing matches as typed: some word is one that can be corrected (typoWord). */
  fuzzy: boolean;
  /** The typed words' corrections, once a typo is searched (typoCondition). */
  corrections?: Promise<Corrections>;
  /** Where the words are matched (the trigram index, or a small workspace's own rows). */
  text: TextTarget;
}

const PHONE_LIKE = /^[+\d\s().\-/]+$/;
const FullEmail = z.email();

/** Where a whole address is kept: emails (citext: compared without case), phone numbers in E.164. */
const addressBooks = {
  email: { table: contactEmails, value: contactEmails.email, workspace: contactEmails.workspaceId },
  phone: { table: contactPhones, value: contactPhones.e164, workspace: contactPhones.workspaceId },
} as const;

/** A search that is a whole email address or phone number. */
interface Address {
  book: keyof typeof addressBooks;
  value: string;
}

/** The contacts holding the address (any of theirs), as a condition read in the page's own statement. */
function holding(ctx: Ctx, address: Address): SQL {
  const b = addressBooks[address.book];
  return sql`${contacts.id} in (select ${b.table.contactId} from ${b.table} where ${b.workspace} = ${ctx.workspaceId} and ${b.value} = ${address.value})`;
}

/** The contacts of the workspace (archived and merged ones too) that hold the address, at most `limit` of them. */
async function holders(ctx: Ctx, address: Address, limit?: number): Promise<string[]> {
  const b = addressBooks[address.book];
  const query = ctx.db
    .select({ id: b.table.contactId })
    .from(b.table)
    .where(and(eq(b.workspace, ctx.workspaceId), eq(b.value, address.value)));
  return (await (limit ? query.limit(limit) : query)).map((h) => h.id);
}

/**
 * How a search is matched. A whole email address or phone number is first looked up, unless `address` says:
 * - 'trusted': it is not looked up; the page's own statement reads its holders (one round trip fewer for the
 *   commonest exact searches), and listContacts settles an empty answer (SearchPlan.unconfirmed);
 * - 'unheld': no contact holds it (listContacts just asked).
 */
async function searchPlan(ctx: Ctx, rawQ: string, address?: 'trusted' | 'unheld'): Promise<SearchPlan> {
  const text = (await isSmallWorkspace(ctx)) ? ownRowsText : indexedText;
  const q = rawQ.trim();
  const lower = q.toLowerCase();
  const lookUp = async (a: Address) => (address === 'unheld' ? [] : holders(ctx, a));
  const exactOf = (ids: string[]) => (ids.length ? inArray(contacts.id, ids) : null);
  if (q.includes('@')) {
    const email: Address = { book: 'email', value: lower };
    const whole = FullEmail.safeParse(lower).success;
    const exactOnly = { exactOnly: true, prefix: null, words: [foldText(q)], fuzzy: false, text };
    if (whole && address === 'trusted') return { ...exactOnly, exact: holding(ctx, email), unconfirmed: email };
    const ids = await lookUp(email);
    if (ids.length && whole) return { ...exactOnly, exact: exactOf(ids) };
    return wordsPlan(q, exactOf(ids), text);
  }
  if (PHONE_LIKE.test(q) && q.replace(/\D/g, '').length >= 3) {
    const digits = q.replace(/\D/g, '');
    const phone = parsePhoneNumberFromString(q.startsWith('+') ? q : `+${digits}`);
    // Stored numbers are E.164; one written with + and digits is looked up as it is.
    const e164 = phone?.isValid() ? phone.number : q.startsWith('+') ? `+${digits}` : null;
    const plain = { prefix: null, words: [digits], fuzzy: false, text };
    if (!e164) return { ...plain, exact: null, exactOnly: false };
    const number: Address = { book: 'phone', value: e164 };
    if (address === 'trusted') return { ...plain, exact: holding(ctx, number), exactOnly: true, unconfirmed: number };
    const ids = await lookUp(number);
    return { ...plain, exact: exactOf(ids), exactOnly: ids.length > 0 };
  }
  return wordsPlan(q, null, text);
}

/** A search of words: every word as a substring (a name prefix first), or as a typo. */
function wordsPlan(q: string, exact: SQL | null, text: TextTarget): SearchPlan {
  const lower = q.toLowerCase();
  const folded = foldText(q);
  const typed = [...new Set(folded.split(/\s+/).filter(Boolean))];
  // The upper bound of the prefix range: the prefix with its last character incremented.
  const last = lower.codePointAt(lower.length - 1) ?? 0;
  const to = lower.slice(0, lower.length - (last > 0xffff ? 2 : 1)) + String.fromCodePoint(last + 1);
  return {
    exact,
    exactOnly: false,
    prefix: lower ? { from: lower, to, pattern: `${lower.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } : null,
    words: typed,
    fuzzy: !q.includes('@') && typed.some((w) => partsOf(w).some(typoWord)),
    text,
  };
}

/**
 * Each tier's condition, excluding the earlier tiers' matches (a walk reads one tier at a time), and `asTyped`: the
 * tiers as typed without those exclusions, for a read that ranks every match by the first tier it meets.
 */
function searchTiers(plan: SearchPlan): {
  exact: SQL | null;
  prefix: SQL | null;
  substring: SQL | null;
  asTyped: { rank: (SQL | null)[]; any: SQL };
} {
  const exact = plan.exact;
  if (plan.exactOnly) return { exact, prefix: null, substring: null, asTyped: { rank: [exact], any: exact! } };
  const notExact = exact ? sql`not ${exact}` : undefined;
  const prefixMatch = plan.prefix
    ? sql`(${nameExpr} >= ${plan.prefix.from} and ${nameExpr} < ${plan.prefix.to} and ${nameExpr} like ${plan.prefix.pattern})`
    : null;
  const substring = substringMatch(plan.text, plan.words);
  return {
    exact,
    prefix: prefixMatch ? and(prefixMatch, notExact)! : null,
    substring: and(substring, prefixMatch ? sql`not ${prefixMatch}` : undefined, notExact)!,
    // The rank tests a prefix by its LIKE alone (the range is only there for the name index), and a match is looked for
    // in the words first: a common surname's rows come from the trigram index, and most of them meet no other tier.
    asTyped: {
      rank: [exact, plan.prefix ? sql`${nameExpr} like ${plan.prefix.pattern}` : null, substring],
      any: or(substring, exact ?? undefined, prefixMatch ?? undefined)!,
    },
  };
}

/** Every match as typed: exact email/phone hits, else all words as substrings. */
function strictMatch(plan: SearchPlan): SQL {
  const exact = plan.exact ?? undefined;
  if (plan.exactOnly) return exact!;
  return or(exact, substringMatch(plan.text, plan.words))!;
}

/** The search as a plain condition (for explicit sorts and select-all): typo matches only when nothing matches as typed. */
async function searchCondition(ctx: Ctx, where: SQL[], plan: SearchPlan): Promise<SQL> {
  const strict = strictMatch(plan);
  if (!plan.fuzzy) return strict;
  const [any] = await ctx.db
    .select({ one: sql`1` })
    .from(contacts)
    .where(and(...where, strict))
    .limit(1);
  return any ? strict : ((await typoCondition(ctx, plan)) ?? strict);
}

// ── Sorting and keyset cursors ───────────────────────────────────────────────────────────────

interface SortKey {
  expr: SQL;
  desc: boolean;
  /** How a cursor value (sent back as text) is cast for comparison. */
  cast: 'text' | 'timestamptz' | 'numeric' | 'uuid';
  nullable: boolean;
}

interface SortSpec {
  name: string;
  keys: SortKey[];
}

function sortSpec(sort: string, defs: FieldDef[]): SortSpec {
  const desc = sort.startsWith('-');
  const field = desc ? sort.slice(1) : sort;
  const key = (expr: SQL, cast: SortKey['cast'], nullable = false): SortKey => ({ expr, desc, cast, nullable });
  const tail = [key(nameExpr, 'text'), key(sql`${contacts.id}`, 'uuid')];
  switch (field) {
    case 'name':
      return { name: sort, keys: tail };
    case 'createdAt':
      return { name: sort, keys: [key(sql`${contacts.createdAt}`, 'timestamptz'), key(sql`${contacts.id}`, 'uuid')] };
    case 'updatedAt':
      return { name: sort, keys: [key(sql`${contacts.updatedAt}`, 'timestamptz'), key(sql`${contacts.id}`, 'uuid')] };
    case 'archivedAt':
      return { name: sort, keys: [key(sql`${contacts.archivedAt}`, 'timestamptz', true), ...tail] };
    case 'contactType':
      return { name: sort, keys: [key(sql`${contacts.contactType}`, 'text'), ...tail] };
    case 'owner':
      return {
        name: sort,
        keys: [
          key(
            // Spelled out: in a select list Drizzle leaves columns unqualified, and this runs there too.
            sql`(select lower(u.name) from users u where u.workspace_id = "contacts"."workspace_id" and u.id = "contacts"."owner_id")`,
            'text',
          ),
          ...tail,
        ],
      };
  }
  if (field.startsWith('custom.')) {
    const def = defs.find((d) => d.key === field.slice('custom.'.length));
    if (!def) throw filterInvalid('sort', `There is no custom field "${field.slice(7)}" to sort on`);
    const cast = def.type === 'number' || def.type === 'currency' ? 'numeric' : 'text';
    return { name: sort, keys: [key(customExpr(def), cast, true), ...tail] };
  }
  throw filterInvalid(
    'sort',
    `Cannot sort on "${field}"; use name, createdAt, updatedAt, archivedAt, contactType, owner or custom.<key>`,
  );
}

function orderBy(keys: SortKey[]): SQL[] {
  return keys.map((k) =>
    k.nullable
      ? sql`${k.expr} ${k.desc ? sql`desc` : sql`asc`} nulls last`
      : k.desc
        ? sql`${k.expr} desc`
        : sql`${k.expr} asc`,
  );
}

const castValue = (k: SortKey, v: string) => sql`${v}::${sql.raw(k.cast)}`;

/**
 * The rows after a cursor in the given order. Uniform, non-null keys use a row comparison that an
 * index can range-scan; otherwise the comparison is spelled out (nulls sort last).
 */
function after(keys: SortKey[], values: (string | null)[]): SQL {
  const uniform = keys.every((k) => !k.nullable && k.desc === keys[0]!.desc) && values.every((v) => v !== null);
  if (uniform) {
    const left = sql.join(
      keys.map((k) => k.expr),
      sql`, `,
    );
    const right = sql.join(
      keys.map((k, i) => castValue(k, values[i]!)),
      sql`, `,
    );
    return keys[0]!.desc ? sql`(${left}) < (${right})` : sql`(${left}) > (${right})`;
  }
  const build = (i: number): SQL => {
    if (i === keys.length) return sql`false`;
    const k = keys[i]!;
    const v = values[i];
    const rest = build(i + 1);
    if (v === null || v === undefined) return sql`(${k.expr} is null and ${rest})`;
    const value = castValue(k, v);
    const beyond = k.desc ? sql`${k.expr} < ${value}` : sql`${k.expr} > ${value}`;
    return sql`(${beyond} or (${k.expr} = ${value} and ${rest})${k.nullable ? sql` or ${k.expr} is null` : sql``})`;
  };
  return build(0);
}

function readCursor(cursor: string | undefined, name: string, arity: number): (string | null)[] | null {
  if (!cursor) return null;
  const decoded = decodeCursor(cursor, arity + 1);
  if (!decoded || decoded[0] !== name || !decoded.slice(1).every((v) => v === null || typeof v === 'string')) {
    throw invalid('The cursor is not valid for this list; start again without it');
  }
  return decoded.slice(1) as (string | null)[];
}

const CAST_CHECK: Record<SortKey['cast'], (v: string) => boolean> = {
  text: () => true,
  uuid: (v) => z.uuid().safeParse(v).success,
  numeric: (v) => /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(v),
  // As PostgreSQL prints timestamptz as text: "2026-11-23 10:20:30.123456+00".
  timestamptz: (v) => {
    const m = /^(\d{4}-\d{2}-\d{2})[ T]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/.exec(v);
    return Boolean(m && isRealDate(m[1]!));
  },
};

/** Cursor values go back into SQL casts: a forged one is refused before it can fail there. */
function checkCursorValues(keys: SortKey[], values: (string | null)[]): void {
  keys.forEach((k, i) => {
    const v = values[i];
    if ((v === null && !k.nullable) || (v !== null && v !== undefined && !CAST_CHECK[k.cast](v))) {
      throw invalid('The cursor is not valid for this list; start again without it');
    }
  });
}

// ── Counting ─────────────────────────────────────────────────────────────────────────────────

export interface Total {
  value: number;
  exact: boolean;
}

/**
 * Exact up to 1,000 (a COUNT over a LIMIT 1001 subquery), else the planner's row estimate; only
 * the estimate when the caller already knows there are more than MATCH_CANDIDATES. The conditions
 * are listConditions' (the visibility first): for a member limited to own contacts they are counted
 * in the two parts the visibility joins by OR (membersWalk: the contacts they own, those
 * they follow and do not own), each a range of an index: read as one condition, the OR was tested
 * along the workspace's whole name order (82,285 contacts passed to count a member's first 1,001:
 * 38 ms of their contact list's 53).
 */
export async function countContacts(ctx: Ctx, where: SQL[], many = false): Promise<Total> {
  const all = and(...where)!;
  if (!many) {
    const userId = contactScope(ctx);
    const limited = (
      userId
        ? membersWalk(ctx, userId, where.slice(1), [], EXACT_COUNT_LIMIT + 1)
        : ctx.db
            .select({ one: sql`1` })
            .from(contacts)
            .where(all)
            .limit(EXACT_COUNT_LIMIT + 1)
    ).as('limited');
    const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(limited);
    const n = row?.n ?? 0;
    if (n <= EXACT_COUNT_LIMIT) return { value: n, exact: true };
  }
  const estimate = await estimatedMatches(ctx, where);
  return { value: Math.max(estimate, (many ? MATCH_CANDIDATES : EXACT_COUNT_LIMIT) + 1), exact: false };
}

/**
 * The contacts meeting the conditions, as the planner estimates them (one EXPLAIN, no rows read), corrected for
 * conditions on ids that belong to one workspace. The planner prices each condition by its share of the whole table
 * and takes them as independent of the workspace: an owner of 4 % of a workspace holding half the table is priced at
 * 2 %, and an owner with a tag at a quarter of their true number (598 estimated for 2,402 contacts, 2,902 for
 * 11,500). Each such condition is therefore divided by the workspace's share of the table.
 */
async function estimatedCount(ctx: Ctx, where: SQL): Promise<number> {
  const planned = await plannedRows(ctx, where);
  const local = workspaceLocalConditions(where);
  if (local === 0) return planned;
  const { share, rows } = await workspaceShare(ctx);
  return Math.round(Math.min(rows, planned / share ** local));
}

/**
 * estimatedCount of listConditions' conditions. Where each condition past the base ones is on ids of the workspace
 * (an owner, a team, tags), the estimate is composed of each one's own, remembered as an owner's size is: the planner
 * takes conditions on different columns as independent and multiplies their shares, so the base's contacts times each
 * condition's share of them is what it says of them together (to its rounding), and a list by an owner and a tag
 * sends no statement for an estimate once each was asked once.
 */
async function estimatedMatches(ctx: Ctx, where: SQL[]): Promise<number> {
  const base = where.slice(0, BASE_CONDITIONS);
  const rest = where.slice(BASE_CONDITIONS);
  if (rest.length === 0 || !rest.every((c) => workspaceLocalMarks.has(c))) return estimatedCount(ctx, and(...where)!);
  const [all, ...each] = await Promise.all([
    rememberedCount(ctx, base),
    ...rest.map((c) => rememberedCount(ctx, [...base, c])),
  ]);
  return Math.round(each.reduce((n, one) => n * Math.min(1, one / Math.max(all, 1)), all));
}

async function plannedRows(ctx: Ctx, where: SQL): Promise<number> {
  const plan = await ctx.db.execute<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    sql`explain (format json) ${ctx.db
      .select({ one: sql`1` })
      .from(contacts)
      .where(where)}`,
  );
  return Math.round(plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
}

/** Only a bitmap scan of an index is left to the planner: the lookup's count is its own node. */
const INDEX_LOOKUP_ONLY = { enable_indexscan: 'off', enable_indexonlyscan: 'off', enable_seqscan: 'off' };

/**
 * The contacts a one-word search's trigram lookup brings, where the workspace has an index of its own
 * (search-indexes.job.ts), and whether any of them matches: EXPLAIN ANALYZE of the first match, whose bitmap is built
 * whole first. The planner's estimate of a LIKE comes from sampled texts (250, migration 0034) and is often off by three
 * or four times at a few thousand matches (1,002 estimated for "arnol", 4,257 there), which is where collecting (3.5 µs
 * a match) and walking the name order (0.4 µs a contact passed) cost the same: a wrong guess then costs 20-30 ms
 * instead of 6. The lookup costs a read of the word's posting lists (1.5 ms for 4,351 candidates) and counts a few
 * contacts the text does not hold after all (trigrams found apart) or archived ones. The rows are then tested up to the
 * `sample`-th match: all of them when fewer match ("friedbich": 2,191 candidates, none similar, 6 ms for the lookup and
 * 31 ms for the tests), and then the lookup has counted the matches exactly.
 * Null where the plan is not that lookup alone (a workspace searched through the shared index).
 */
async function textLookup(ctx: Ctx, where: SQL, sample = 1): Promise<Lookup | null> {
  if (ctx.tx) return null;
  type PlanNode = {
    'Node Type': string;
    'Index Name'?: string;
    'Actual Rows'?: number;
    'Rows Removed by Filter'?: number;
    'Rows Removed by Index Recheck'?: number;
    'Parent Relationship'?: string;
    Plans?: PlanNode[];
  };
  // A node's own input: not the subqueries its filter runs (a member's follows, read once as an InitPlan or SubPlan).
  const inputs = (n: PlanNode) =>
    (n.Plans ?? []).filter((p) => !/^(Sub|Init)Plan$/.test(p['Parent Relationship'] ?? ''));
  // One round trip: the settings, the statement with its values written in and the settings put back, as one
  // implicit transaction (queryWithSettings).
  const query = ctx.db
    .select({ one: sql`1` })
    .from(contacts)
    .where(where)
    .limit(sample)
    .toSQL();
  const explain = { text: `explain (analyze, timing off, summary off, format json) ${query.sql}` };
  const explained = (await queryWithSettings(ctx.deps.database.pool, INDEX_LOOKUP_ONLY, explain, query.params))
    .rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode }] } | undefined;
  let node: PlanNode | undefined = explained?.['QUERY PLAN'][0]?.Plan;
  while (node && node['Node Type'] !== 'Bitmap Heap Scan') {
    const [only, ...more] = inputs(node);
    node = more.length ? undefined : only;
  }
  const [lookup, ...more] = node ? inputs(node) : [];
  if (more.length) return null;
  if (lookup?.['Node Type'] !== 'Bitmap Index Scan' || !lookup['Index Name']?.startsWith(SEARCH_INDEX_PREFIX))
    return null;
  const matched = node!['Actual Rows'] ?? 0;
  const tested = matched + (node!['Rows Removed by Filter'] ?? 0) + (node!['Rows Removed by Index Recheck'] ?? 0);
  return { candidates: Math.round(lookup['Actual Rows'] ?? 0), matched, tested, sample };
}

/**
 * What a word's lookup in the workspace's trigram index found (textLookup): its candidates, and of the first it tested
 * (in the table's order), how many matched, up to `sample`.
 */
type Lookup = { candidates: number; matched: number; tested: number; sample: number };

/** How many of a lookup's candidates match: counted when fewer than its sample did, else the sample's share of them. */
const matchesOf = (l: Lookup) =>
  l.matched < l.sample ? l.matched : Math.round((l.candidates * l.matched) / Math.max(l.tested, 1));

/**
 * A member limited to own contacts searching one word: whether to walk the name order or collect the matches, from
 * what the workspace's own index finds (textLookup) rather than the planner's estimate, which multiplies its
 * guess for the word by a flat half for "owns or follows" (for "kumar" it said 6,069 where the member has about 160).
 * Collecting visits every contact holding the word to test what the member may see (about 3.5 µs each). A split
 * walk (membersWalk) passes page ÷ the word's share of the member's own range in the index alone (about 0.4 µs an
 * entry; at most the whole range), and as much of the range of their follows (migration 0037); a walk of the whole
 * name order visits the row of each contact it passes that holds the word. The cheapest is taken. Null where the
 * index cannot say.
 */
async function memberSearchCosts(
  ctx: Ctx,
  where: SQL[],
  plan: SearchPlan,
): Promise<{ walk: boolean; split: boolean; matches: number } | null> {
  // Inside a transaction textLookup cannot ask (it sends its own settings): nothing to weigh.
  if (ctx.tx) return null;
  const { rows } = await workspaceShare(ctx);
  // Below half the size that earns a workspace its own index, it has none (search-indexes.job.ts): nothing to ask.
  if (rows < searchIndexTuning.minContacts / 2) return null;
  const text = and(eq(contacts.workspaceId, ctx.workspaceId), ...where.slice(1), strictMatch(plan))!;
  // The word's candidates as the admin's search weighs them: what the workspace's text sample says; without one, the
  // planner's estimate where it says the word is common (its lookup in the index would read long posting lists: 7 ms
  // for "err"), else the index's own count.
  const sampled = await sampledWord(ctx, plan.words[0]!);
  const [estimate, { ownedRows, follows }] = await Promise.all([
    sampled?.candidates ?? plannedRows(ctx, text),
    membersRange(ctx, where),
  ]);
  const candidates =
    sampled !== null || estimate > listTuning.reliableEstimate
      ? estimate
      : ((await textLookup(ctx, text))?.candidates ?? null);
  if (candidates === null) return null;
  const visible = Math.max(ownedRows + follows, 1);
  const share = Math.min(1, visible / rows);
  const matches = Math.max(1, Math.round((sampled?.matches ?? candidates) * share));
  // Walked in two parts (membersWalk), or through the whole workspace's name order, visiting each row that holds the
  // word to see whom it belongs to (about 1.9 µs a contact passed: page ÷ (the word's share × the member's)).
  const passed = (listTuning.pageGuess * rows) / Math.max(candidates, 1);
  // Both parts are ranges of an index holding the search text (their own, their follows': onFollowCarried).
  const splitUs = (Math.min(ownedRows, passed) + Math.min(follows, passed)) * 0.4;
  const wholeUs = (passed * rows * 1.9) / visible;
  const collectUs = candidates * 3.5;
  // As few candidates as an admin's search collects are collected for the member too, so the total is exact.
  const walk = candidates > listTuning.commonSearchEstimate && Math.min(splitUs, wholeUs) < collectUs;
  return { walk, split: splitUs < wholeUs, matches };
}

/**
 * What a member limited to own contacts may see under a list's conditions (listConditions', the visibility first):
 * the contacts they own, as the planner estimates an owner (closely), and those they follow, counted; both remembered
 * for listTuning.sizeTtlMs.
 */
async function membersRange(ctx: Ctx, where: SQL[]): Promise<{ ownedRows: number; follows: number }> {
  const userId = contactScope(ctx)!;
  const owned = and(
    eq(contacts.workspaceId, ctx.workspaceId),
    ...where.slice(1),
    workspaceLocal(eq(contacts.ownerId, userId)),
  )!;
  const [ownedRows, follows] = await Promise.all([rememberedCount(ctx, [owned]), followCount(ctx, userId)]);
  return { ownedRows, follows };
}

/**
 * What the workspace's text sample says of a word (text-sample.ts: the contacts holding it, and the candidates its
 * trigram index brings): no statement sent, where the planner's estimate and the index's lookup took two (1 and 3 ms
 * at a million contacts). Null until the sample is taken, and in a workspace too small for an index of its own, whose
 * search asks as before.
 */
async function sampledWord(ctx: Ctx, word: string): Promise<WordCounts | null> {
  const { rows } = await workspaceShare(ctx);
  if (rows < searchIndexTuning.minContacts / 2) return null;
  return sampledCounts(ctx.deps, ctx.workspaceId, rows, word);
}

/** How many contacts a user follows, remembered for listTuning.sizeTtlMs. */
function followCount(ctx: Ctx, userId: string): Promise<number> {
  return remembered(followCounts, `${ctx.workspaceId}:${userId}`, async () => {
    const [row] = await ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(contactFollowers)
      .where(and(eq(contactFollowers.workspaceId, ctx.workspaceId), eq(contactFollowers.userId, userId)));
    return row?.n ?? 0;
  });
}

/**
 * Whether a member's walk is split (membersWalk) where no word's candidates weigh it (a list, a search the index
 * cannot count): always where the conditions test only what a follow carries (both parts are then ranges of an
 * index); else when visiting every contact they follow costs at most listTuning.splitFollowsUs — the walk of their
 * own range then costs little more than a walk of the whole name order passing as many of theirs. `where` are
 * listConditions' (the visibility first) with the walk's own after them.
 */
async function splitWalk(ctx: Ctx, where: (SQL | undefined)[], keys: SortKey[]): Promise<boolean> {
  const userId = contactScope(ctx);
  if (!userId || keys[0]?.expr !== nameExpr || ctx.tx) return false;
  if (onFollowCarried([...where.slice(1), ...keys.map((k) => k.expr)])) return true;
  return (await followCount(ctx, userId)) * 5.5 <= listTuning.splitFollowsUs;
}

/** A single owner's condition: the owner's contacts in name order are one range of contacts_owner_name_idx. */
const ownerRanges = new WeakSet<SQL>();

/**
 * From how many expected matches a filtered list walks its order rather than collecting them. Collecting costs about
 * 11 µs a match (a visit to each row through the filters' bitmaps: 67 ms for an owner's 6,036 contacts with a tag);
 * walking costs about 1.6 µs a contact passed, and passes page ÷ share of the walked range that matches. A whole
 * workspace's name order is walked past a few thousand matches (commonEstimate). A single owner's list in name order
 * walks only that owner's contacts (contacts_owner_name_idx): the same balance is met at commonEstimate × √(the
 * owner's share of the workspace) — 1,200 matches for an owner of 4 % of it, where the walk reads about 900 rows.
 */
async function walkThreshold(ctx: Ctx, where: SQL[], spec: SortSpec): Promise<number> {
  const owner = spec.keys[0]?.expr === nameExpr ? where.find((c) => ownerRanges.has(c)) : undefined;
  if (!owner) return listTuning.commonEstimate;
  // The owner's contacts as estimatedCount corrects them (the owner's condition is marked as the workspace's own).
  const [ownerRows, workspace] = await Promise.all([
    rememberedCount(ctx, [...where.slice(0, BASE_CONDITIONS), owner]),
    workspaceShare(ctx),
  ]);
  const share = Math.min(1, ownerRows / workspace.rows);
  return Math.max(listTuning.minWalkEstimate, Math.round(listTuning.commonEstimate * Math.sqrt(share)));
}

/** Conditions on ids of one workspace (owners, teams, tags), marked where listConditions makes them. */
const workspaceLocalMarks = new WeakSet<SQL>();
function workspaceLocal(condition: SQL): SQL {
  workspaceLocalMarks.add(condition);
  return condition;
}

/** How many marked conditions the conditions hold (listConditions joins them with AND). */
function workspaceLocalConditions(where: SQL): number {
  let found = 0;
  const walk = (s: SQL) => {
    if (workspaceLocalMarks.has(s)) found++;
    else for (const chunk of s.queryChunks) if (chunk instanceof SQL) walk(chunk);
  };
  walk(where);
  return found;
}

const workspaceShares = new Map<string, { value: { share: number; rows: number }; at: number }>();
/** rememberedCount's sizes (an owner's, a member's, a tag's contacts) as estimatedCount counts them, by statement. */
const ownerSizes = new Map<string, { value: number; at: number }>();
const followCounts = new Map<string, { value: number; at: number }>();

/**
 * The workspace's share of the contacts table as the planner sees it (its estimate of the workspace's rows over the
 * table's), remembered for listTuning.sizeTtlMs. A table never analyzed counts as the workspace's alone.
 */
async function workspaceShare(ctx: Ctx): Promise<{ share: number; rows: number }> {
  return remembered(workspaceShares, ctx.workspaceId, async () => {
    const [rows, table] = await Promise.all([
      plannedRows(ctx, eq(contacts.workspaceId, ctx.workspaceId)),
      ctx.db.execute<{ n: number }>(sql`select reltuples::float8 as n from pg_class where oid = 'contacts'::regclass`),
    ]);
    const total = Number(table.rows[0]?.n ?? 0);
    const share = total > 0 && rows > 0 ? Math.min(1, rows / total) : 1;
    return { share, rows: Math.max(rows, 1) };
  });
}

/**
 * How many contacts the base conditions hold, alone or with one condition on the workspace's ids (an owner, a member's
 * own contacts, a team, tags): a size, which changes as slowly as the workspace's, so it is remembered as that is.
 * Other filters' estimates are asked each time.
 */
function rememberedCount(ctx: Ctx, where: SQL[]): Promise<number> {
  const key = where.map(conditionKey).join(' and ');
  return remembered(ownerSizes, key, () => estimatedCount(ctx, and(...where)!));
}

/**
 * A condition's text and values, built once for each condition object: a list asks for the same base conditions'
 * sizes with each of its filters, and building them again each time was a third of the list's query building.
 */
const conditionKeys = new WeakMap<SQL, string>();
const keyDialect = new PgDialect({ casing: 'snake_case' });
function conditionKey(condition: SQL): string {
  let key = conditionKeys.get(condition);
  if (key === undefined) {
    const { sql: text, params } = keyDialect.sqlToQuery(condition);
    key = `(${text}) ${JSON.stringify(params)}`;
    conditionKeys.set(condition, key);
  }
  return key;
}

/**
 * What the planner's statistics say, remembered for listTuning.sizeTtlMs: a workspace's size and share, an owner's
 * contacts. They change slowly, and asking costs a statement planned (about 0.5-1 ms) on every list and search.
 */
async function remembered<T>(
  known: Map<string, { value: T; at: number }>,
  key: string,
  ask: () => Promise<T>,
): Promise<T> {
  const hit = known.get(key);
  if (hit && Date.now() - hit.at < listTuning.sizeTtlMs) return hit.value;
  const value = await ask();
  if (known.size > 10_000) known.clear();
  known.set(key, { value, at: Date.now() });
  return value;
}

/**
 * Where the planner expects more matches than firstMatches collects (a common name fragment, a
 * large tag with an owner), collecting them would only end in walking the order anyway: the walk is
 * taken at once and the estimate is the total. A wrong guess costs little either way: a walk reads
 * about limit × contacts ÷ matches rows, a few thousand near the threshold. A search's text statistics are kept fine enough for this
 * (the search_text column's statistics target, migration 0011). Small workspaces read their own
 * rows and never ask.
 */
async function commonMatches(
  ctx: Ctx,
  where: SQL[],
  cursor: SQL | undefined,
  threshold = listTuning.commonEstimate,
): Promise<Total | null> {
  if (await isSmallWorkspace(ctx)) return null;
  const estimate = cursor ? await estimatedCount(ctx, and(...where, cursor)!) : await estimatedMatches(ctx, where);
  return estimate > threshold ? { value: estimate, exact: false } : null;
}

// ── Summaries ────────────────────────────────────────────────────────────────────────────────

type SummaryExtras = { email: string | null; e164: string | null };

/**
 * What a list row shows beyond the contact itself and the workspace's names (workspaceNames): its primary email and
 * phone, as columns of a query over contacts.
 */
const summaryColumns = (w: string) => ({
  email: sql<string | null>`(select e.email from ${contactEmails} e
    where e.workspace_id = ${w} and e.contact_id = ${contacts.id} and e.is_primary limit 1)`,
  e164: sql<string | null>`(select p.e164 from ${contactPhones} p
    where p.workspace_id = ${w} and p.contact_id = ${contacts.id} and p.is_primary limit 1)`,
});

/**
 * The contact's columns a list row shows (toSummaries): a page reads these, not the whole record (its search text,
 * attributions, links and flags), so PostgreSQL sends and the server parses and maps a third of the columns.
 */
const listedColumns = {
  workspaceId: contacts.workspaceId,
  id: contacts.id,
  kind: contacts.kind,
  displayName: contacts.displayName,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  businessName: contacts.businessName,
  title: contacts.title,
  contactType: contacts.contactType,
  ownerId: contacts.ownerId,
  teamId: contacts.teamId,
  tagIds: contacts.tagIds,
  source: contacts.source,
  language: contacts.language,
  custom: contacts.custom,
  pictureFileId: contacts.pictureFileId,
  createdAt: contacts.createdAt,
  updatedAt: contacts.updatedAt,
  archivedAt: contacts.archivedAt,
};
type ListedContact = Pick<ContactRow, keyof typeof listedColumns>;

/** Extras read with the page itself (firstMatches), so toSummaries need not ask again. */
const readWithPage = new WeakMap<ListedContact, SummaryExtras>();

/**
 * What a list row shows beyond the contact itself: primary email and phone, for a whole page in one query and one
 * round trip — none when the page's own query brought them — and the owner's, team's and tags' names, which the
 * server keeps (workspaceNames).
 */
export async function toSummaries(ctx: Ctx, rows: ListedContact[], defs: FieldDef[]): Promise<ContactSummaryDto[]> {
  if (rows.length === 0) return [];
  const missing = rows.filter((r) => !readWithPage.has(r)).map((r) => r.id);
  // A raw statement: Drizzle's single-table select would name the outer contact's columns unqualified inside the
  // subqueries, where they would mean the inner tables' own.
  const columns = Object.entries(summaryColumns(ctx.workspaceId)).map(([k, v]) => sql`${v} as ${sql.identifier(k)}`);
  const extras = missing.length
    ? (
        await ctx.db.execute<SummaryExtras & { contact_id: string }>(
          sql`select ${contacts.id} as contact_id, ${sql.join(columns, sql`, `)} from ${contacts}
            where ${contacts.workspaceId} = ${ctx.workspaceId} and ${inArray(contacts.id, missing)}`,
        )
      ).rows
    : [];
  const byId = new Map<string, SummaryExtras>(extras.map((x) => [x.contact_id, x]));
  const names = await workspaceNames(ctx, rows);
  const liveKeys = new Set(defs.map((d) => d.key));
  return rows.map((r) => {
    const x = readWithPage.get(r) ?? byId.get(r.id);
    return {
      id: r.id,
      kind: r.kind,
      displayName: r.displayName,
      firstName: r.firstName,
      lastName: r.lastName,
      businessName: r.businessName,
      title: r.title,
      contactType: r.contactType,
      primaryEmail: x?.email ?? null,
      primaryPhone: x?.e164 ?? null,
      owner: { id: r.ownerId, name: names.users.get(r.ownerId) ?? 'Unknown user' },
      team: teamOf(names, r.teamId),
      tags: tagsOf(names, r.tagIds),
      source: r.source,
      language: r.language,
      custom: Object.fromEntries(Object.entries(r.custom).filter(([k]) => liveKeys.has(k))),
      pictureUrl: fileUrl(r.pictureFileId),
      createdAt: toIso(r.createdAt),
      updatedAt: toIso(r.updatedAt),
      archivedAt: toIsoOrNull(r.archivedAt),
    };
  });
}

// ── The list ─────────────────────────────────────────────────────────────────────────────────

/**
 * A page, and what reading it taught about the total: `total` when every match was collected
 * (the count of the matches read, exact), `many` when there were more than MATCH_CANDIDATES.
 */
type Page = { rows: ListedContact[]; nextCursor: string | null; total?: Total; many?: boolean };

/** The total a first page's collected matches give (a later page's are only what follows its cursor). */
const collectedTotal = (cursor: string | undefined, total: number): Total | undefined =>
  cursor ? undefined : { value: total, exact: true };

async function sortedPage(
  ctx: Ctx,
  where: SQL[],
  spec: SortSpec,
  cursor: string | undefined,
  limit: number,
): Promise<Page> {
  const values = readCursor(cursor, spec.name, spec.keys.length);
  if (values) checkCursorValues(spec.keys, values);
  const cursorCondition = values ? after(spec.keys, values) : undefined;
  const conditions = and(...where, cursorCondition)!;
  // An unfiltered list walks its ordering's index; a filtered one may match few contacts.
  const filtered = where.length > BASE_CONDITIONS;
  const common = filtered
    ? await commonMatches(ctx, where, cursorCondition, await walkThreshold(ctx, where, spec))
    : null;
  const collected = filtered && !common ? await firstMatches(ctx, conditions, spec.keys, limit + 1) : null;
  const walked = [...where, cursorCondition];
  // A member's whole list in name order is walked in their two ranges too: along the workspace's name order, each
  // contact passed is visited to see whether it is theirs (827 for a page of 50 of a member owning 6 %: 6.9 ms).
  const split = !collected && (await splitWalk(ctx, walked, spec.keys));
  const rows =
    collected?.rows ??
    (filtered || split
      ? await walkingTheOrder(ctx, (c) => walkedInOrder(c, walked, spec.keys, limit + 1, split))
      : await firstInOrder(ctx, conditions, spec.keys, limit + 1));
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => r.contact),
    nextCursor: rows.length > limit && last ? encodeCursor([spec.name, ...last.keys]) : null,
    total: collected ? collectedTotal(cursor, collected.total) : common && !cursor ? common : undefined,
    many: filtered && !collected,
  };
}

const RELEVANCE = 'relevance';
const TIERS = ['exact', 'prefix', 'substring', 'fuzzy'] as const;
type Tier = (typeof TIERS)[number];

/**
 * Search results tier by tier (exact hits, name prefixes, substrings, typo matches), by name within
 * a tier. Every match as typed is collected first, ranked by its tier (see firstMatches): when
 * there are at most MATCH_CANDIDATES, the page and the total come from that one read. More matches
 * than that are walked tier by tier in name order; typo matches are the fallback when nothing
 * matches as typed.
 */
async function relevancePage(
  ctx: Ctx,
  where: SQL[],
  plan: SearchPlan,
  cursor: string | undefined,
  limit: number,
): Promise<Page> {
  const values = readCursor(cursor, RELEVANCE, 3);
  let startTier = values ? Number(values[0]) : 0;
  if (values && !(Number.isInteger(startTier) && startTier >= 0 && startTier < TIERS.length)) {
    throw invalid('The cursor is not valid for this list');
  }
  const tiers = searchTiers(plan);
  const nameKeys: SortKey[] = [
    { expr: nameExpr, desc: false, cast: 'text', nullable: false },
    { expr: sql`${contacts.id}`, desc: false, cast: 'uuid', nullable: false },
  ];
  if (values) checkCursorValues(nameKeys, values.slice(1));
  const pageOf = (found: { contact: ListedContact; tier: number; name: string }[]) => {
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return {
      rows: page.map((f) => f.contact),
      nextCursor:
        found.length > limit && last ? encodeCursor([RELEVANCE, String(last.tier), last.name, last.contact.id]) : null,
    };
  };

  const fuzzyTier = TIERS.indexOf('fuzzy');
  let many = false;
  // A member's walk in two parts, when memberSearchCosts weighed it; else as splitWalk says.
  let split: boolean | null = null;
  let total: Total | undefined;
  if (startTier < fuzzyTier && !values && !plan.exactOnly) {
    // The name index alone answers a walk only when the search is all it tests (see commonSearchEstimate).
    const indexOnly = where.length === BASE_CONDITIONS && !contactScope(ctx);
    const threshold = indexOnly ? listTuning.commonSearchEstimate : listTuning.commonEstimate;
    const strict = and(...where, strictMatch(plan))!;
    if (!(await isSmallWorkspace(ctx))) {
      // A word of three characters or more: a shorter one has no trigram, and its lookup would read the whole index.
      const word = plan.words.length === 1 && [...plan.words[0]!].length >= 3;
      const searchOnly = where.length === BASE_CONDITIONS && word && !plan.exact;
      // A member's one-word search is priced by what they may see (memberSearchCosts), without the planner's guess.
      const member = !indexOnly && searchOnly && contactScope(ctx) ? await memberSearchCosts(ctx, where, plan) : null;
      if (member) {
        split = member.split;
        if (member.walk) [many, total] = [true, { value: member.matches, exact: false }];
      } else {
        // How many candidates the trigram index brings for the word (a collection visits each of them): as the
        // workspace's text sample says; without one, the planner's estimate, and below a reliable estimate what the
        // workspace's own index finds (see textLookup). A walked page's total is the sample's matches.
        const sampled = indexOnly && searchOnly ? await sampledWord(ctx, plan.words[0]!) : null;
        let matches = sampled?.candidates ?? (await estimatedCount(ctx, strict));
        if (sampled === null && indexOnly && matches <= listTuning.reliableEstimate && searchOnly) {
          matches = (await textLookup(ctx, strict))?.candidates ?? matches;
        }
        if (matches > threshold && !(sampled && walkCostsMore(sampled, threshold))) {
          [many, total] = [true, { value: sampled?.matches ?? matches, exact: false }];
        }
      }
    }
  }
  if (startTier < fuzzyTier && !many) {
    // A match's tier is the first it meets, each condition tested once a row (a common surname collects thousands).
    const asTyped = tiers.asTyped.rank.flatMap((c, tier) => (c ? [{ c, tier }] : []));
    const last = asTyped.pop()!;
    const rank = asTyped.length
      ? sql`case ${sql.join(
          asTyped.map(({ c, tier }) => sql`when ${c} then ${sql.raw(String(tier))} `),
          sql``,
        )}else ${sql.raw(String(last.tier))} end`
      : sql.raw(String(last.tier));
    const keys: SortKey[] = [{ expr: rank, desc: false, cast: 'numeric', nullable: false }, ...nameKeys];
    const anyTier = tiers.asTyped.any;
    // An exact email or phone is one probe of a unique index whatever the address: its statement is named, planned once
    // (planning took 1.0 ms, twice the execution's 0.5 ms).
    const collected = await firstMatches(
      ctx,
      and(...where, anyTier, values ? after(keys, values) : undefined)!,
      keys,
      limit + 1,
      MATCH_CANDIDATES,
      plan.exactOnly,
    );
    if (collected && (collected.total > 0 || values || !plan.fuzzy)) {
      const found = collected.rows.map((r) => ({ contact: r.contact, tier: Number(r.keys[0]), name: r.keys[1]! }));
      return { ...pageOf(found), total: collectedTotal(cursor, collected.total) };
    }
    // Nothing as typed: the typo matches are the answer. More than can be collected: walk the tiers.
    if (collected) startTier = fuzzyTier;
    else many = true;
  }

  const found: { contact: ListedContact; tier: number; name: string }[] = [];
  for (let tier = startTier; tier < TIERS.length && found.length <= limit; tier++) {
    const fuzzy = TIERS[tier] === 'fuzzy';
    // Typo matches are the fallback when nothing matches as typed (first page empty), not a tail.
    if (fuzzy && !(plan.fuzzy && (startTier === tier || (!values && found.length === 0)))) break;
    const condition = fuzzy ? await typoCondition(ctx, plan) : tiers[TIERS[tier] as Exclude<Tier, 'fuzzy'>];
    if (!condition) {
      // No typed word has a correction: nothing matches.
      if (fuzzy && !values && found.length === 0) total = { value: 0, exact: true };
      continue;
    }
    const afterCursor = values && tier === Number(values[0]) ? after(nameKeys, [values[1]!, values[2]!]) : undefined;
    const conditions = and(...where, condition, afterCursor)!;
    const want = limit + 1 - found.length;
    // Exact hits are a few ids and name prefixes a range of the name index: both read few rows.
    // Text matches (substring, typo) may be anywhere; see firstMatches.
    const textMatch = TIERS[tier] === 'substring' || TIERS[tier] === 'fuzzy';
    // Collecting is skipped where the first read already found more matches than it collects, and where a first
    // page's typo is walked at once (typoWalkedAtOnce).
    const lookup = fuzzy && !values ? await typoLookup(ctx, where, plan, condition) : null;
    const similar = lookup && matchesOf(lookup);
    // Not one of the candidates matches: the lookup tested them all, and that is the answer.
    if (similar === 0) {
      total = { value: 0, exact: true };
      break;
    }
    const candidates = lookup?.candidates ?? null;
    // Whether a walk is split, asked once and only for a walk or its price.
    let splitting: Promise<boolean> | undefined;
    const walkSplit = () =>
      (splitting ??=
        split !== null ? Promise.resolve(split) : splitWalk(ctx, [...where, condition, afterCursor], nameKeys));
    const walkedTotal =
      lookup && similar !== null
        ? await typoWalkedAtOnce(ctx, where, await walkSplit(), lookup, similar, want, await patternsOf(plan))
        : null;
    const walkAtOnce = walkedTotal !== null;
    const collected =
      textMatch && !many && !walkAtOnce
        ? await firstMatches(ctx, conditions, nameKeys, want, fuzzy ? listTuning.typoCandidates : MATCH_CANDIDATES)
        : null;
    const walk = (budgetMs?: number) =>
      walkingTheOrder(
        ctx,
        async (c) => walkedInOrder(c, [...where, condition, afterCursor], nameKeys, want, await walkSplit()),
        budgetMs,
      );
    // A typo walked (at once, or past the cap) with all its candidates few enough to test: walked for a while, then
    // sorted out of them all. A walk finds matches that are few, or crowded in one part of the name order, only past
    // every contact before them (under similarity matching "keiß" passed 529,321 contacts in 5.8 s to the first
    // "Keith"), while most such typos are walked in a few ms.
    const sortedAfterWalking =
      !collected && candidates !== null && candidates <= listTuning.typoWalkCandidates && !many && !ctx.tx;
    const walkThenSort = async () => {
      const budget = listTuning.typoWalkBudgetMs;
      const walked = budget > 0 ? await walk(budget).catch(unlessCancelled) : null;
      return walked ?? (await firstMatches(ctx, conditions, nameKeys, want, listTuning.typoWalkCandidates))?.rows;
    };
    const rows =
      collected?.rows ??
      (sortedAfterWalking ? await walkThenSort() : undefined) ??
      (textMatch ? await walk() : await firstInOrder(ctx, conditions, nameKeys, want));
    // The typo tier alone on a first page: its collected matches are the whole answer; walked, its number is what
    // typoWalkedAtOnce said, or past the cap only known to be larger.
    if (fuzzy && !values && found.length === 0) {
      total = collected
        ? { value: collected.total, exact: true }
        : (walkedTotal ?? { value: listTuning.typoCandidates + 1, exact: false });
    }
    found.push(...rows.map((r) => ({ contact: r.contact, name: r.keys[0]!, tier })));
  }
  return { ...pageOf(found), total, many };
}

/**
 * A one-word typo's lookup in the workspace's own index, sampling listTuning.typoSample matching contacts (textLookup),
 * or null where it is not asked. As typed the word matched nothing here, so the matches are its corrections' alone.
 */
async function typoLookup(ctx: Ctx, where: SQL[], plan: SearchPlan, typo: SQL): Promise<Lookup | null> {
  if (plan.words.length !== 1 || plan.text !== indexedText) return null;
  // Without an index of its own the lookup would read the shared index's lists of every workspace, to no answer.
  const { rows } = await workspaceShare(ctx);
  if (rows < searchIndexTuning.minContacts / 2) return null;
  return (await sampledTypo(ctx, where, plan, rows)) ?? textLookup(ctx, and(...where, typo)!, listTuning.typoSample);
}

/**
 * What a typo's lookup would say, from the workspace's text sample alone, where the sample says more contacts hold its
 * corrections than a typo collects: the lookup builds the bitmap of every correction's trigram lists first (30 ms for
 * a member's "beal", whose corrections bell, deal, real… are common), to find that its page is walked. The matches are
 * the sample's, of the caller's share of the workspace. Null where the sample cannot say (none taken yet, a filter
 * beside the search, a word of several parts) or says fewer: the lookup then counts them.
 */
async function sampledTypo(ctx: Ctx, where: SQL[], plan: SearchPlan, rows: number): Promise<Lookup | null> {
  const word = plan.words[0]!;
  const corrected = plan.corrections ? (await plan.corrections).get(word) : undefined;
  // Corrections are keyed by the parts of a typed word: a word of several parts has none of its own.
  if (!corrected?.length || where.length !== BASE_CONDITIONS) return null;
  const counts = corrected.map((c) => sampledCounts(ctx.deps, ctx.workspaceId, rows, c));
  if (counts.some((c) => c === null)) return null;
  const matches = counts.reduce((n, c) => n + c!.matches, 0);
  const candidates = Math.max(
    matches,
    counts.reduce((n, c) => n + c!.candidates, 0),
  );
  if (matches <= listTuning.typoCandidates) return null;
  const range = contactScope(ctx) ? await membersRange(ctx, where) : null;
  const share = range ? Math.min(1, (range.ownedRows + range.follows) / rows) : 1;
  const seen = Math.max(1, Math.round(matches * share));
  const sample = listTuning.typoSample;
  return { candidates, matched: sample, tested: Math.round((sample * candidates) / seen), sample };
}

/**
 * Whether a walk of the name order to a page of a word's matches would cost more than collecting them, as the
 * workspace's text sample counts them: the two cost the same at `threshold` candidates that all match (see
 * commonSearchEstimate); a walk's cost goes as page ÷ the matches' share (it passes that many contacts), a
 * collection's as the candidates (it reads every one, however few match), so the walk costs more where matches ×
 * candidates ≤ threshold². "xames" is in no text, and its trigrams in many ("xam" in every ".example" address, "ame"
 * and "mes" in every James): walked, it passed all 979,757 names in 405 ms.
 */
function walkCostsMore(sampled: WordCounts, threshold: number): boolean {
  return sampled.matches * sampled.candidates <= threshold * threshold;
}

/** A contact with its sort keys as text (what a cursor carries). */
type Keyed = { contact: ListedContact; keys: (string | null)[] };

const keyColumns = (keys: SortKey[]) =>
  Object.fromEntries(keys.map((k, i) => [`s${i}`, sql<string | null>`(${k.expr})::text`.as(`s${i}`)]));
const keyValues = (row: Record<string, unknown>, keys: SortKey[]) =>
  keys.map((_, i) => (row[`s${i}`] as string | null) ?? null);

/** The first n contacts in the order of the keys among those meeting the conditions, walking that order. */
async function firstInOrder(ctx: Ctx, conditions: SQL, keys: SortKey[], n: number): Promise<Keyed[]> {
  const rows = await rowsOf(
    ctx.db
      .select({ contact: listedColumns, ...keyColumns(keys) })
      .from(contacts)
      .where(conditions)
      .orderBy(...orderBy(keys))
      .limit(n),
  );
  return rows.map((r) => ({ contact: r.contact, keys: keyValues(r, keys) }));
}

/** The sort keys' values as columns k0, k1… of a subquery, to order by outside it. */
const sortValueColumns = (keys: SortKey[]) =>
  Object.fromEntries(keys.map((k, i) => [`k${i}`, sql`${k.expr}`.as(`k${i}`)]));
const orderedBy = (keys: SortKey[], source: Record<string, SQL.Aliased>) =>
  orderBy(keys.map((k, i) => ({ ...k, expr: sql`${source[`k${i}`]}` })));

/** What a walk reads of each contact it keeps: the id, the keys to order by, and the keys as a cursor carries them. */
const walkColumns = (keys: SortKey[]) => ({ id: contacts.id, ...sortValueColumns(keys), ...keyColumns(keys) });

/** The columns of a contact its follows carry (migration 0037), each under the contact's own column name. */
const followCarried = new Set<unknown>([
  contacts.workspaceId,
  contacts.id,
  contacts.displayName,
  contacts.searchText,
  contacts.ownerId,
  contacts.archivedAt,
]);

/** Whether conditions on contacts test only what a follow carries of its contact. */
function onFollowCarried(conditions: (SQL | undefined)[]): boolean {
  const carried = (chunk: unknown): boolean =>
    chunk instanceof SQL
      ? chunk.queryChunks.every(carried)
      : chunk instanceof SQL.Aliased
        ? carried(chunk.sql)
        : !(chunk instanceof Column) || followCarried.has(chunk);
  return conditions.every((c) => c === undefined || carried(c));
}

/**
 * A member limited to own contacts walks the name order in two parts, merged: the contacts they own are one range of
 * contacts_owner_name_idx, which carries the search text and tags (migration 0036), walked and tested in the index
 * alone; those they follow and do not own are one range of contact_followers_name_idx, whose rows carry the contact's
 * name, search text, owner and archiving (migration 0037), walked the same way — read as a table named `contacts`,
 * so the conditions apply to them unchanged. Conditions on anything else (a tag, a field) find the followed contacts
 * through the follows and visit each (about 5.5 µs a follow), then sort them. The whole workspace's name order,
 * walked instead, visited each contact's row to see whom it belongs to — for "err", 37,528 rows and 70 ms where the
 * admin's walk read 870 index entries. `rest` are the conditions after the visibility (which the two parts are).
 */
function membersWalk(ctx: Ctx, userId: string, rest: (SQL | undefined)[], keys: SortKey[], n: number) {
  const owned = ctx.db
    .select(walkColumns(keys))
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.ownerId, userId), ...rest))
    .orderBy(...orderBy(keys))
    .limit(n);
  const followed = onFollowCarried([...rest, ...keys.map((k) => k.expr)])
    ? followedInIndex(ctx, userId, rest, keys, n)
    : followedVisited(ctx, userId, rest, keys, n);
  return owned
    .unionAll(followed as unknown as typeof owned)
    .orderBy(...orderBy(keys.map((k, i) => ({ ...k, expr: sql`${sql.identifier(`k${i}`)}` }))))
    .limit(n);
}

const notOwnedBy = (userId: string) => sql`${contacts.ownerId} is distinct from ${userId}`;

/** The first n contacts a member follows and does not own, a range of contact_followers_name_idx read as `contacts`. */
function followedInIndex(ctx: Ctx, userId: string, rest: (SQL | undefined)[], keys: SortKey[], n: number) {
  const f = contactFollowers;
  const followRows = sql`(select ${f.contactId} as id, ${f.workspaceId}, ${f.displayName}, ${f.searchText},
    ${f.ownerId}, ${f.archivedAt} from ${f} where ${f.workspaceId} = ${ctx.workspaceId} and ${f.userId} = ${userId})
    as ${sql.identifier('contacts')}`;
  return (
    ctx.db
      // Drizzle refuses a column of a table the query does not name: the id as an expression.
      .select({ ...walkColumns(keys), id: sql<string>`${contacts.id}`.as('id') })
      .from(followRows)
      .where(and(eq(contacts.workspaceId, ctx.workspaceId), notOwnedBy(userId), ...rest))
      .orderBy(...orderBy(keys))
      .limit(n)
  );
}

/** The first n contacts a member follows and does not own, each visited through the follows and then sorted. */
function followedVisited(ctx: Ctx, userId: string, rest: (SQL | undefined)[], keys: SortKey[], n: number) {
  const follows = ctx.db
    .select({ id: contactFollowers.contactId })
    .from(contactFollowers)
    .where(and(eq(contactFollowers.workspaceId, ctx.workspaceId), eq(contactFollowers.userId, userId)));
  // OFFSET 0 keeps this a subquery of its own, planned without the order: walking the name index to skip the sort
  // would test every contact against the follows. (Drizzle leaves out an offset of the number 0.)
  const followed = ctx.db
    .select(walkColumns(keys))
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.id, follows), notOwnedBy(userId), ...rest))
    .offset(sql`0` as unknown as number)
    .as('followed');
  return ctx.db
    .select()
    .from(followed)
    .orderBy(...orderedBy(keys, followed as unknown as Record<string, SQL.Aliased>))
    .limit(n);
}

/**
 * firstInOrder for a walk that tests many contacts to find a few: the ids and keys in order come
 * first, then only the page's rows. The name order's index carries the search text (migration
 * 0013), so a search walking it tests each contact in the index alone — an index-only scan, about
 * 1 µs a contact instead of 4 µs for a visit to its row. `where` are listConditions' (the caller's
 * visibility first) with the walk's own after them; `split`: a member's walk in two parts (splitWalk).
 */
async function walkedInOrder(
  ctx: Ctx,
  where: (SQL | undefined)[],
  keys: SortKey[],
  n: number,
  split: boolean,
): Promise<Keyed[]> {
  const userId = contactScope(ctx);
  const first = (
    split && userId && keys[0]?.expr === nameExpr
      ? membersWalk(ctx, userId, where.slice(1), keys, n)
      : ctx.db
          .select(walkColumns(keys))
          .from(contacts)
          .where(and(...where))
          .orderBy(...orderBy(keys))
          .limit(n)
  ).as('first');
  const f = first as unknown as Record<string, SQL.Aliased>;
  const rows = await rowsOf(
    ctx.db
      .select({
        contact: listedColumns,
        ...Object.fromEntries(keys.map((_, i) => [`s${i}`, f[`s${i}`]!])),
        // The rows' summaries too, as firstMatches reads them: no statement after the walk.
        extras: summaryColumns(ctx.workspaceId),
      })
      .from(first)
      .innerJoin(contacts, and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, first.id)))
      .orderBy(...orderedBy(keys, f)),
  );
  for (const r of rows) readWithPage.set(r.contact, r.extras);
  return rows.map((r) => ({ contact: r.contact, keys: keyValues(r, keys) }));
}

/** Up to this many matches of a filter or a search are collected first and then sorted. */
export const MATCH_CANDIDATES = 6000;

/**
 * The first n matches in the order of the keys, whatever their number. Walking the order's index
 * and testing each contact costs about n ÷ (share of contacts that match) rows: a few hundred for
 * a common filter, most of the table for a rare one (a small tag of one owner, a rare name
 * fragment). Collecting the matches through the filters' own indexes costs one row per match.
 * The planner cannot tell the two apart well (its estimates for combined filters and for a LIKE
 * are coarse), so the matches are collected first, at most MATCH_CANDIDATES of them: when that is
 * all there are, they are sorted and the page is complete; when there are more, matches are
 * common enough that walking the order finds the page quickly (answers null: the caller walks).
 * Both costs stay bounded either way.
 */
/**
 * Runs a read with bitmap scans and sorts priced out, for when firstMatches found the matches
 * common: the planner then walks the index of the order asked for (where there is one). Left to
 * itself it trusts its estimate of how few rows a LIKE or a combination of filters matches, and
 * collects and sorts tens of thousands of rows, or scans the table.
 */
async function walkingTheOrder<T>(ctx: Ctx, read: (ctx: Ctx) => Promise<T>, budgetMs?: number): Promise<T> {
  // Each statement in one round trip with the settings around it (dbWithSettings), not begin, read, commit; with a
  // budget, a statement that outlasts it is cancelled (unlessCancelled), the settings going back with it.
  if (!ctx.tx) {
    const settings = budgetMs ? { ...WALKING_THE_ORDER, statement_timeout: `${budgetMs}ms` } : WALKING_THE_ORDER;
    return read({ ...ctx, db: dbWithSettings(ctx.deps.database.pool, settings) });
  }
  return inTransaction(ctx, async (tx) => {
    await tx.db.execute(sql.raw(setStatements(WALKING_THE_ORDER, true)));
    const result = await read(tx);
    // Back to the defaults, as the caller's transaction goes on.
    await tx.db.execute(sql.raw(resetStatements(WALKING_THE_ORDER)));
    return result;
  });
}

/** How many patterns a search's typo condition tests a contact for: its corrections, at least one. */
async function patternsOf(plan: SearchPlan): Promise<number> {
  const corrections = plan.corrections ? await plan.corrections : new Map<string, readonly string[]>();
  return Math.max(
    1,
    [...corrections.values()].reduce((n, words) => n + words.length, 0),
  );
}

/**
 * Whether a first page's typo is walked in name order at once rather than its candidates collected:
 * - past half as many again as the cap, collecting reads too many;
 * - more matches than it collects, as the lookup's sample says, it would give up past the cap;
 * - a walk would cost less: it passes about page ÷ the matches' share of the range it walks (listTuning.typoWalkUs
 *   each for one pattern), where collecting reads every candidate (listTuning.typoTestUs each). The range is the workspace's name
 *   order, or for a member whose walk is split (membersWalk) their own two ranges, which the sample's matches are of:
 *   "andersoh" for a member seeing 266 of its 4,450 candidates was collected in 24 ms, priced as a walk of the whole
 *   name order; their ranges hold about 52,000 contacts, and a walk of them finds the page in about 5,000.
 * The walk's total, or null where the typo is collected: "more than" the cap (a member: what the sample says of theirs,
 * when that is within it), or for a walk that costs less, about as many as the sample says.
 */
async function typoWalkedAtOnce(
  ctx: Ctx,
  where: SQL[],
  split: boolean,
  lookup: Lookup,
  similar: number,
  page: number,
  patterns: number,
): Promise<Total | null> {
  if (lookup.candidates > listTuning.typoCandidates * 1.5 || similar > listTuning.typoCandidates) {
    // A member's candidates are the whole workspace's: what they may see of them is what the sample says.
    const seen = contactScope(ctx) !== null && similar <= listTuning.typoCandidates;
    return { value: seen ? similar : listTuning.typoCandidates + 1, exact: false };
  }
  // Fewer similar contacts than the sample are all counted, and too few to walk to.
  if (lookup.matched < lookup.sample) return null;
  const member = split && contactScope(ctx) !== null ? await membersRange(ctx, where) : null;
  const range = member ? member.ownedRows + member.follows : (await workspaceShare(ctx)).rows;
  const passed = Math.min(range, (page * range) / similar);
  // Each contact passed is tested for every pattern, each about half the cost of passing it.
  const cheaper = (passed * listTuning.typoWalkUs * (patterns + 1)) / 2 < lookup.candidates * listTuning.typoTestUs;
  return cheaper ? { value: similar, exact: false } : null;
}

/** Bitmap scans and sorts priced out; one process walks (parallel workers would each walk a part and merge, for twice the time). */
const WALKING_THE_ORDER = { enable_bitmapscan: 'off', enable_sort: 'off', max_parallel_workers_per_gather: '0' };

async function firstMatches(
  ctx: Ctx,
  conditions: SQL,
  keys: SortKey[],
  n: number,
  cap = MATCH_CANDIDATES,
  named = false,
): Promise<{ rows: Keyed[]; total: number } | null> {
  // Each key is computed once per match; its text (what a cursor carries) only for the page's rows, outside.
  const matches = ctx.db
    .select({ id: contacts.id, ...sortValueColumns(keys) })
    .from(contacts)
    .where(conditions)
    .limit(cap + 1)
    .as('matches');
  const m = matches as unknown as Record<string, SQL.Aliased>;
  const first = ctx.db
    .select({
      id: matches.id,
      ...Object.fromEntries(keys.map((_, i) => [`k${i}`, m[`k${i}`]!])),
      total: sql<number>`count(*) over ()`.as('total'),
    })
    .from(matches)
    .orderBy(...orderedBy(keys, m))
    .limit(n)
    .as('first');
  const f = first as unknown as Record<string, SQL.Aliased>;
  const rows = await rowsOf(
    ctx.db
      .select({
        contact: listedColumns,
        total: first.total,
        ...Object.fromEntries(keys.map((_, i) => [`s${i}`, sql<string | null>`(${f[`k${i}`]!})::text`.as(`s${i}`)])),
        // The rows' summaries too: a page of collected matches is shown as it is read.
        extras: summaryColumns(ctx.workspaceId),
      })
      .from(first)
      .innerJoin(contacts, and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, first.id)))
      .orderBy(...orderedBy(keys, f)),
    { named },
  );
  const total = rows.length > 0 ? Number(rows[0]!.total) : 0;
  if (total > cap) return null;
  for (const r of rows) readWithPage.set(r.contact, r.extras);
  return { rows: rows.map((r) => ({ contact: r.contact, keys: keyValues(r, keys) })), total };
}

async function searchTotal(ctx: Ctx, where: SQL[], plan: SearchPlan, many = false): Promise<Total> {
  const strict = await countContacts(ctx, [...where, strictMatch(plan)], many);
  if (strict.value > 0 || !plan.fuzzy) return strict;
  const typo = await typoCondition(ctx, plan);
  return typo ? countContacts(ctx, [...where, typo]) : strict;
}

/** The conditions of a whole list query, search included (for select-all bulk actions). */
export async function selectionConditions(ctx: Ctx, q: ListQueryInput): Promise<SQL> {
  return and(...(await selectionConditionList(ctx, q)))!;
}

/** selectionConditions as a list, the visibility first (as countContacts takes them). */
export async function selectionConditionList(ctx: Ctx, q: ListQueryInput): Promise<SQL[]> {
  const defs = await loadFieldDefs(ctx);
  const where = await listConditions(ctx, q, defs);
  if (!q.q?.trim()) return where;
  const plan = await searchPlan(ctx, q.q);
  return [...where, await searchCondition(ctx, where, plan)];
}

/**
 * A workspace with at most `smallWorkspace` contacts is searched by reading its own rows (see
 * isSmallWorkspace); its size is remembered for `sizeTtlMs`.
 */
export const listTuning = {
  smallWorkspace: 10_000,
  sizeTtlMs: 60_000,
  commonEstimate: MATCH_CANDIDATES,
  /**
   * A search's text matches are walked from this many on, when nothing but the text is tested.
   * Collecting costs about 14 µs a match (a visit to each row); walking the name index tests about
   * 1 µs a contact there and reads page ÷ share of contacts: at a million contacts the two meet near
   * 1,300 matches, about 18 ms either way. A filter or a member's limited view is tested on each
   * row walked (about 4 µs), so those keep commonEstimate.
   */
  commonSearchEstimate: 1_500,
  /**
   * A member's walk is split (own range and follows apart, membersWalk) without a word's candidates to weigh it when
   * visiting what they follow costs at most this (about 5.5 µs a follow: 360 follows).
   */
  splitFollowsUs: 2_000,
  /** The page a walk is priced for before the page size is known to the choice (memberSearchCosts). */
  pageGuess: 26,
  /** The least a walk of one owner's name order is taken for (see walkThreshold). */
  minWalkEstimate: 200,
  /**
   * A one-word search estimated at more matches than this is walked on the planner's word; below it, the workspace's
   * own index is asked (textLookup). The estimate comes from 250 sampled texts (migration 0034): at a million
   * contacts one sampled text holding the word says about 4,000-8,000, by chance even for a few hundred; two or more
   * say the word is common, and a walk then reads a few thousand contacts even when the estimate is twice the truth.
   */
  reliableEstimate: 10_000,
  /**
   * Typo matches collected at most. Collecting reads each candidate of the corrections' trigram lists and tests their
   * LIKE on its row (about 2.2 µs: 12,900 for "martin" and "martha" in 28 ms); walking the name index tests the text
   * it INCLUDEs (about 0.3 µs a contact passed: 13,221 passed to a page of Kowalskis in 3.8 ms) and passes page ÷
   * share of contacts that match. Past the cap the total is "more than" it. (Before corrections, a typo was matched by
   * trigram word similarity, tested at 16-25 µs a candidate, for which this cap was set.)
   */
  typoCandidates: 3_000,
  /**
   * How many matches a typo's lookup (typoLookup) looks for among its candidates, in the table's order, to tell how
   * many match in all (typoWalkedAtOnce): the trigram lists of a correction bring a few contacts that do not hold it
   * (its trigrams found apart), and a member's candidates are the whole workspace's, of which they may see a share.
   */
  typoSample: 3,
  /**
   * A candidate of a word's trigram lists tested on its row, and a contact passed by a walk of the name order, in µs
   * (typoWalkedAtOnce).
   */
  typoTestUs: 2.2,
  typoWalkUs: 0.3,
  /**
   * The most candidates of a first page's one-word typo (typoLookup) that its page is sorted out of, when a
   * walk of typoWalkBudgetMs has not found it (15,000 cost about 33 ms to collect); a walk to a page of matches that
   * are few, or crowded in one part of the name order, costs far more. Past it, the walk goes on.
   */
  typoWalkCandidates: 15_000,
  /**
   * How long a typo past the cap is walked before its page is sorted out of all its candidates (see relevancePage);
   * 0: sorted at once.
   */
  typoWalkBudgetMs: 100,
  /** The most corrections of a typed word searched (typoCorrections): each is one more list read in the trigram index. */
  typoCorrections: 20,
};
const workspaceSizes = new Map<string, { value: boolean; at: number }>();

/**
 * Whether the workspace holds at most listTuning.smallWorkspace contacts (counted up to that,
 * remembered for a minute). The trigram index is shared by every workspace: a fragment's posting
 * lists hold the matches of all of them, and the planner, which prices a GIN scan by its estimate
 * of the matches rather than by those lists, reads them even where the workspace's own few hundred
 * rows would answer at once (a 6-letter fragment: 4.7 ms of index reads beside 2,000 other
 * workspaces, 1 ms reading the workspace's 500 rows). A small workspace's words are therefore
 * matched in an expression no index serves (ownRowsText). Tag filters need no such care: tag ids
 * belong to one workspace, so their posting lists hold only its contacts.
 */
async function isSmallWorkspace(ctx: Ctx): Promise<boolean> {
  return remembered(workspaceSizes, ctx.workspaceId, async () => {
    const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(
      ctx.db
        .select({ one: sql`1` })
        .from(contacts)
        .where(eq(contacts.workspaceId, ctx.workspaceId))
        .limit(listTuning.smallWorkspace + 1)
        .as('sized'),
    );
    return (row?.n ?? 0) <= listTuning.smallWorkspace;
  });
}

export async function listContacts({
  ctx,
  query,
}: {
  ctx: Ctx;
  query: ContactListQueryInput;
}): Promise<{ data: ContactSummaryDto[]; nextCursor: string | null; total: Total }> {
  const searching = Boolean(query.q && query.q.trim());
  // A search asks how large the workspace is (remembered for a minute) beside the field definitions, not after them.
  const [defs] = await inParallel(ctx, [
    () => loadFieldDefs(ctx),
    () => (searching ? isSmallWorkspace(ctx) : Promise.resolve(null)),
  ] as const);
  const where = await listConditions(ctx, query, defs);
  const answer = async (plan: SearchPlan | null): Promise<{ page: Page; total: Total }> => {
    if (plan && !query.sort) {
      const pageP = () => relevancePage(ctx, where, plan, query.cursor, query.limit);
      if (!query.cursor) {
        // A first page collects its matches: the total comes from them when it can.
        const page = await pageP();
        return { page, total: page.total ?? (await searchTotal(ctx, where, plan, page.many)) };
      }
      const [page, total] = await inParallel(ctx, [pageP, () => searchTotal(ctx, where, plan)] as const);
      return { page, total };
    }
    const spec = sortSpec(query.sort ?? 'name', defs);
    const filtered = plan ? [...where, await searchCondition(ctx, where, plan)] : where;
    const count = (many?: boolean) => countContacts(ctx, filtered, many);
    if (filtered.length > BASE_CONDITIONS && !query.cursor) {
      const page = await sortedPage(ctx, filtered, spec, query.cursor, query.limit);
      return { page, total: page.total ?? (await count(page.many)) };
    }
    const [page, total] = await inParallel(ctx, [
      () => sortedPage(ctx, filtered, spec, query.cursor, query.limit),
      () => count(),
    ] as const);
    return { page, total };
  };
  const plan = searching ? await searchPlan(ctx, query.q!, 'trusted') : null;
  let { page, total } = await answer(plan);
  // A whole address (email or phone) none of the caller's contacts holds: if nobody holds it at all, it is searched as
  // text, as if it had been looked up first.
  if (plan?.unconfirmed && page.rows.length === 0 && (await holders(ctx, plan.unconfirmed, 1)).length === 0) {
    ({ page, total } = await answer(await searchPlan(ctx, query.q!, 'unheld')));
  }
  return { data: await toSummaries(ctx, page.rows, defs), nextCursor: page.nextCursor, total };
}

export const listTooLarge = (count: Total) =>
  new AppError(
    'bulk_too_large',
    422,
    `The selection holds ${count.exact ? '' : 'about '}${count.value} contacts; at most 10000 can be changed at once — narrow it down`,
    { count: count.value, exact: count.exact, max: 10_000 },
  );
