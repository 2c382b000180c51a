// The list's filter language: {field, op, value} over every standard field and custom.<key>,
// validated per field type and turned into SQL conditions on `contacts`.
import { uuidArray } from '../../db/schema/columns.ts';
import { and, eq, inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { contactEmails, contactLocations, contactPhones, contacts, tags } from '../../db/schema/contacts.ts';
import { contactGroupMembers, targetMarketMembers } from '../../db/schema/relationships.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { FieldDef } from '../custom-fields/custom-field-values.ts';
import type { ListFilterInput } from './contacts.schemas.ts';

type Op = ListFilterInput['op'];

export const filterInvalid = (field: string, detail: string) => new AppError('filter_invalid', 400, detail, { field });

export const likePattern = (v: string) => `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type StdKind =
  | 'text'
  | 'enum'
  | 'uuid'
  | 'date'
  | 'datetime'
  | 'bool'
  | 'email'
  | 'phone'
  | 'keywords'
  | 'tags'
  | 'location'
  | 'locationField'
  | 'membership'
  | 'openOpportunity';

interface StdField {
  kind: StdKind;
  expr?: SQL;
  values?: readonly string[];
  nullable?: boolean;
  column?: 'city' | 'country' | 'pipeline_id' | 'stage_id';
  /** A membership filter: contacts in the group / target market given as the value. */
  members?: typeof contactGroupMembers | typeof targetMarketMembers;
}

const col = (c: AnyColumn) => sql`${c}`;
const text = (expr: SQL): StdField => ({ kind: 'text', expr, nullable: true });
const attribution = (which: 'first' | 'last', key: string): StdField =>
  which === 'first'
    ? text(sql`(${contacts.firstAttribution} ->> ${key})`)
    : // A one-touch contact's last attribution is its first (see lastAttributionOf).
      text(sql`(coalesce(${contacts.lastAttribution}, ${contacts.firstAttribution}) ->> ${key})`);

export const standardFields: Record<string, StdField> = {
  kind: { kind: 'enum', expr: col(contacts.kind), values: ['person', 'business'] },
  displayName: text(col(contacts.displayName)),
  firstName: text(col(contacts.firstName)),
  lastName: text(col(contacts.lastName)),
  title: text(col(contacts.title)),
  businessName: text(col(contacts.businessName)),
  gender: text(col(contacts.gender)),
  registrationNumber: text(col(contacts.registrationNumber)),
  legalForm: text(col(contacts.legalForm)),
  vatId: text(col(contacts.vatId)),
  contactType: { kind: 'text', expr: col(contacts.contactType) },
  language: text(col(contacts.language)),
  timezone: text(col(contacts.timezone)),
  source: text(col(contacts.source)),
  'firstAttribution.source': attribution('first', 'source'),
  'firstAttribution.medium': attribution('first', 'medium'),
  'firstAttribution.campaign': attribution('first', 'campaign'),
  'lastAttribution.source': attribution('last', 'source'),
  'lastAttribution.medium': attribution('last', 'medium'),
  'lastAttribution.campaign': attribution('last', 'campaign'),
  birthday: { kind: 'date', expr: col(contacts.birthday), nullable: true },
  createdAt: { kind: 'datetime', expr: col(contacts.createdAt) },
  updatedAt: { kind: 'datetime', expr: col(contacts.updatedAt) },
  archivedAt: { kind: 'datetime', expr: col(contacts.archivedAt), nullable: true },
  ownerId: { kind: 'uuid', expr: col(contacts.ownerId) },
  teamId: { kind: 'uuid', expr: col(contacts.teamId), nullable: true },
  createdBy: { kind: 'uuid', expr: col(contacts.createdBy), nullable: true },
  dndAll: { kind: 'bool', expr: col(contacts.dndAll) },
  dndEmail: { kind: 'bool', expr: col(contacts.dndEmail) },
  dndSms: { kind: 'bool', expr: col(contacts.dndSms) },
  dndWhatsapp: { kind: 'bool', expr: col(contacts.dndWhatsapp) },
  dndCalls: { kind: 'bool', expr: col(contacts.dndCalls) },
  dndInboundCalls: { kind: 'bool', expr: col(contacts.dndInboundCalls) },
  dndInboundSms: { kind: 'bool', expr: col(contacts.dndInboundSms) },
  email: { kind: 'email' },
  phone: { kind: 'phone' },
  keywords: { kind: 'keywords' },
  tags: { kind: 'tags' },
  location: { kind: 'location' },
  city: { kind: 'locationField', column: 'city' },
  country: { kind: 'locationField', column: 'country' },
  group: { kind: 'membership', members: contactGroupMembers },
  targetMarket: { kind: 'membership', members: targetMarketMembers },
  // "Has an open opportunity in pipeline / stage …" (empty / not_empty: in any pipeline).
  'openOpportunity.pipelineId': { kind: 'openOpportunity', column: 'pipeline_id' },
  'openOpportunity.stageId': { kind: 'openOpportunity', column: 'stage_id' },
};

const opsFor: Record<StdKind | FieldDef['type'], readonly Op[]> = {
  text: ['eq', 'neq', 'contains', 'empty', 'not_empty'],
  long_text: ['eq', 'neq', 'contains', 'empty', 'not_empty'],
  url: ['eq', 'neq', 'contains', 'empty', 'not_empty'],
  enum: ['eq', 'neq'],
  uuid: ['eq', 'neq', 'empty', 'not_empty'],
  date: ['eq', 'neq', 'gt', 'lt', 'empty', 'not_empty'],
  datetime: ['eq', 'neq', 'gt', 'lt', 'empty', 'not_empty'],
  number: ['eq', 'neq', 'gt', 'lt', 'empty', 'not_empty'],
  currency: ['eq', 'neq', 'gt', 'lt', 'empty', 'not_empty'],
  bool: ['eq', 'neq'],
  checkbox: ['eq', 'neq', 'empty', 'not_empty'],
  email: ['eq', 'neq', 'contains', 'empty', 'not_empty'],
  phone: ['eq', 'neq', 'contains', 'empty', 'not_empty'],
  keywords: ['eq', 'neq', 'contains', 'empty', 'not_empty'],
  tags: ['eq', 'neq', 'empty', 'not_empty'],
  location: ['contains', 'empty', 'not_empty'],
  locationField: ['eq', 'neq', 'contains', 'empty', 'not_empty'],
  membership: ['eq', 'neq', 'empty', 'not_empty'],
  openOpportunity: ['eq', 'neq', 'empty', 'not_empty'],
  single_select: ['eq', 'neq', 'empty', 'not_empty'],
  multi_select: ['eq', 'neq', 'contains', 'empty', 'not_empty'],
  file: ['empty', 'not_empty'],
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function textValue(field: string, value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) {
    throw filterInvalid(field, `${field}: the value must be a non-empty text`);
  }
  return value;
}

function numberValue(field: string, value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw filterInvalid(field, `${field}: the value must be a number`);
  return n;
}

/** A calendar date that exists (2026-02-30 does not, though Date.parse rolls it over). */
export function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function dateValue(field: string, value: unknown): string {
  if (typeof value !== 'string' || !isRealDate(value)) {
    throw filterInvalid(field, `${field}: the value must be a date (YYYY-MM-DD)`);
  }
  return value;
}

/** A date-time or a whole day: returns the range [from, to) it stands for. */
function instantRange(field: string, value: unknown): { from: Date; to: Date; day: boolean } {
  if (typeof value === 'string' && isRealDate(value)) {
    const from = new Date(`${value}T00:00:00Z`);
    return { from, to: new Date(from.getTime() + 86_400_000), day: true };
  }
  const parsed = typeof value === 'string' ? z.iso.datetime({ offset: true }).safeParse(value) : null;
  if (!parsed?.success) throw filterInvalid(field, `${field}: the value must be a date or an ISO 8601 date-time`);
  const at = new Date(parsed.data);
  return { from: at, to: at, day: false };
}

function boolValue(field: string, value: unknown): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw filterInvalid(field, `${field}: the value must be true or false`);
}

function uuidValue(field: string, value: unknown, ctx: Ctx): string {
  if (value === 'me' && ctx.principal.userId) return ctx.principal.userId;
  if (typeof value !== 'string' || !z.uuid().safeParse(value).success) {
    throw filterInvalid(field, `${field}: the value must be an id`);
  }
  return value;
}

/** Comparison of an ordered expression (timestamps, dates, numbers) against a typed value. */
function compare(op: Op, expr: SQL, value: SQL, nullable: boolean): SQL {
  switch (op) {
    case 'eq':
      return sql`${expr} = ${value}`;
    case 'neq':
      return nullable ? sql`${expr} is distinct from ${value}` : sql`${expr} <> ${value}`;
    case 'gt':
      return sql`${expr} > ${value}`;
    default:
      return sql`${expr} < ${value}`;
  }
}

const inContactSet = (subquery: SQL, negate: boolean): SQL =>
  negate ? sql`${contacts.id} not in (${subquery})` : sql`${contacts.id} in (${subquery})`;

function standardCondition(ctx: Ctx, field: string, def: StdField, op: Op, value: unknown, tagIds: string[]): SQL {
  const w = ctx.workspaceId;
  const expr = def.expr!;
  switch (def.kind) {
    case 'text':
    case 'enum': {
      if (op === 'empty') return sql`(${expr} is null or ${expr} = '')`;
      if (op === 'not_empty') return sql`(${expr} is not null and ${expr} <> '')`;
      const v = textValue(field, value);
      if (def.values && !def.values.includes(v)) {
        throw filterInvalid(field, `${field}: use one of ${def.values.join(', ')}`);
      }
      if (op === 'contains') return sql`${expr} ilike ${likePattern(v)}`;
      const match = sql`lower(${expr}) = lower(${v})`;
      return op === 'eq' ? match : sql`not coalesce(${match}, false)`;
    }
    case 'uuid':
      if (op === 'empty') return sql`${expr} is null`;
      if (op === 'not_empty') return sql`${expr} is not null`;
      return compare(op, expr, sql`${uuidValue(field, value, ctx)}::uuid`, Boolean(def.nullable));
    case 'date':
      if (op === 'empty') return sql`${expr} is null`;
      if (op === 'not_empty') return sql`${expr} is not null`;
      return compare(op, expr, sql`${dateValue(field, value)}::date`, Boolean(def.nullable));
    case 'datetime': {
      if (op === 'empty') return sql`${expr} is null`;
      if (op === 'not_empty') return sql`${expr} is not null`;
      const r = instantRange(field, value);
      const from = sql`${r.from.toISOString()}::timestamptz`;
      const to = sql`${r.to.toISOString()}::timestamptz`;
      if (op === 'gt') return r.day ? sql`${expr} >= ${to}` : sql`${expr} > ${from}`;
      if (op === 'lt') return sql`${expr} < ${from}`;
      const within = r.day ? sql`(${expr} >= ${from} and ${expr} < ${to})` : sql`${expr} = ${from}`;
      return op === 'eq' ? within : sql`not coalesce(${within}, false)`;
    }
    case 'bool': {
      const v = boolValue(field, value);
      return op === 'eq' ? sql`${expr} = ${v}` : sql`${expr} <> ${v}`;
    }
    case 'email': {
      const any = sql`select ${contactEmails.contactId} from ${contactEmails} where ${contactEmails.workspaceId} = ${w}`;
      if (op === 'empty') return inContactSet(any, true);
      if (op === 'not_empty') return inContactSet(any, false);
      const v = textValue(field, value).trim().toLowerCase();
      if (op === 'contains') return inContactSet(sql`${any} and ${contactEmails.email} ilike ${likePattern(v)}`, false);
      return inContactSet(sql`${any} and ${contactEmails.email} = ${v}`, op === 'neq');
    }
    case 'phone': {
      const any = sql`select ${contactPhones.contactId} from ${contactPhones} where ${contactPhones.workspaceId} = ${w}`;
      if (op === 'empty') return inContactSet(any, true);
      if (op === 'not_empty') return inContactSet(any, false);
      const v = textValue(field, value);
      const digits = v.replace(/\D/g, '');
      if (!digits) throw filterInvalid(field, `${field}: the value must contain digits`);
      if (op === 'contains')
        return inContactSet(sql`${any} and ${contactPhones.e164} like ${likePattern(digits)}`, false);
      const e164 = parsePhoneNumberFromString(v.trim().startsWith('+') ? v : `+${digits}`)?.number ?? `+${digits}`;
      return inContactSet(sql`${any} and ${contactPhones.e164} = ${e164}`, op === 'neq');
    }
    case 'keywords': {
      const kw = col(contacts.keywords);
      if (op === 'empty') return sql`cardinality(${kw}) = 0`;
      if (op === 'not_empty') return sql`cardinality(${kw}) > 0`;
      const v = textValue(field, value);
      const test =
        op === 'contains'
          ? sql`exists (select 1 from unnest(${kw}) k where k ilike ${likePattern(v)})`
          : sql`exists (select 1 from unnest(${kw}) k where lower(k) = lower(${v}))`;
      return op === 'neq' ? sql`not ${test}` : test;
    }
    case 'tags': {
      const has = col(contacts.tagIds);
      if (op === 'empty') return sql`cardinality(${has}) = 0`;
      if (op === 'not_empty') return sql`cardinality(${has}) > 0`;
      if (tagIds.length === 0) return op === 'eq' ? sql`false` : sql`true`;
      const any = sql`${has} && ${uuidArray(tagIds)}`;
      return op === 'neq' ? sql`not (${any})` : any;
    }
    case 'location':
    case 'locationField': {
      const any = sql`select ${contactLocations.contactId} from ${contactLocations} where ${contactLocations.workspaceId} = ${w}`;
      const column =
        def.kind === 'location'
          ? sql`(${contactLocations.address} || ' ' || coalesce(${contactLocations.city}, ''))`
          : sql`${def.column === 'city' ? contactLocations.city : contactLocations.country}`;
      if (op === 'empty') return inContactSet(def.kind === 'location' ? any : sql`${any} and ${column} <> ''`, true);
      if (op === 'not_empty')
        return inContactSet(def.kind === 'location' ? any : sql`${any} and ${column} <> ''`, false);
      const v = textValue(field, value);
      if (op === 'contains') return inContactSet(sql`${any} and ${column} ilike ${likePattern(v)}`, false);
      return inContactSet(sql`${any} and lower(${column}) = lower(${v})`, op === 'neq');
    }
    case 'membership': {
      // In any group (target market) / in none; eq and neq name one by id (another workspace's matches nothing).
      const m = def.members!;
      const set = m === contactGroupMembers ? contactGroupMembers.groupId : targetMarketMembers.marketId;
      const any = sql`select ${m.contactId} from ${m} where ${m.workspaceId} = ${w}`;
      if (op === 'empty' || op === 'not_empty') return inContactSet(any, op === 'empty');
      return inContactSet(sql`${any} and ${set} = ${uuidValue(field, value, ctx)}::uuid`, op === 'neq');
    }
    case 'openOpportunity': {
      const open = sql`select o.contact_id from opportunities o where o.workspace_id = ${w} and o.status = 'open'`;
      if (op === 'empty' || op === 'not_empty') return inContactSet(open, op === 'empty');
      const id = uuidValue(field, value, ctx);
      return inContactSet(sql`${open} and o.${sql.identifier(def.column!)} = ${id}::uuid`, op === 'neq');
    }
  }
}

const jsonContains = (key: string, value: unknown) =>
  sql`${contacts.custom} @> ${JSON.stringify({ [key]: value })}::jsonb`;

/** The typed expression of a custom field, for comparisons and sorting. */
export function customExpr(def: Pick<FieldDef, 'key' | 'type'>): SQL {
  const raw = sql`(${contacts.custom} ->> ${def.key})`;
  switch (def.type) {
    case 'number':
    case 'currency':
      return sql`(case when jsonb_typeof(${contacts.custom} -> ${def.key}) = 'number' then ${raw}::numeric end)`;
    case 'date':
    case 'datetime':
    case 'checkbox':
    case 'single_select':
    case 'multi_select':
    case 'file':
      return raw;
    default:
      return sql`lower(${raw})`;
  }
}

function customCondition(field: string, def: FieldDef, op: Op, value: unknown): SQL {
  const has = sql`jsonb_exists(${contacts.custom}, ${def.key})`;
  if (op === 'empty') return sql`not ${has}`;
  if (op === 'not_empty') return has;
  const raw = sql`(${contacts.custom} ->> ${def.key})`;
  const negateIfNeq = (cond: SQL) => (op === 'neq' ? sql`not coalesce(${cond}, false)` : cond);
  switch (def.type) {
    case 'number':
    case 'currency': {
      const n = numberValue(field, value);
      if (op === 'eq' || op === 'neq') return negateIfNeq(jsonContains(def.key, n));
      return compare(op, customExpr(def), sql`${n}::numeric`, true);
    }
    case 'date': {
      const d = dateValue(field, value);
      if (op === 'eq' || op === 'neq') return negateIfNeq(sql`${raw} = ${d}`);
      return compare(op, raw, sql`${d}`, true);
    }
    case 'datetime': {
      const r = instantRange(field, value);
      const from = r.from.toISOString();
      const to = r.to.toISOString();
      if (op === 'gt') return r.day ? sql`${raw} >= ${to}` : sql`${raw} > ${from}`;
      if (op === 'lt') return sql`${raw} < ${from}`;
      return negateIfNeq(r.day ? sql`(${raw} >= ${from} and ${raw} < ${to})` : sql`${raw} = ${from}`);
    }
    case 'checkbox':
      // An unset checkbox counts as unticked.
      return boolValue(field, value) === (op === 'eq')
        ? jsonContains(def.key, true)
        : sql`not ${jsonContains(def.key, true)}`;
    case 'single_select':
    case 'multi_select': {
      const v = textValue(field, value);
      if (!def.options.some((o) => o.value === v)) {
        throw filterInvalid(field, `${field}: choose one of ${def.options.map((o) => o.value).join(', ')}`);
      }
      const cond = jsonContains(def.key, def.type === 'multi_select' ? [v] : v);
      return op === 'neq' ? sql`not ${cond}` : cond;
    }
    default: {
      const v = textValue(field, value);
      if (op === 'contains') return sql`${raw} ilike ${likePattern(v)}`;
      return negateIfNeq(sql`lower(${raw}) = lower(${v})`);
    }
  }
}

export const isUuid = (ref: string) => z.uuid().safeParse(ref).success;

/** Tag ids for ids or names given by the user (names case-insensitive); unknown names match nothing. */
export async function resolveTagRefs(ctx: Ctx, refs: string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const ids = refs.filter(isUuid);
  const names = refs.filter((r) => !ids.includes(r));
  const rows = await ctx.db
    .select({ id: tags.id })
    .from(tags)
    .where(
      and(
        eq(tags.workspaceId, ctx.workspaceId),
        or(ids.length ? inArray(tags.id, ids) : undefined, names.length ? inArray(tags.name, names) : undefined),
      ),
    );
  return rows.map((r) => r.id);
}

/** Turns the `filters` parameter into SQL conditions; an unknown field or a wrong value is a 400 naming it. */
export async function filterConditions(ctx: Ctx, filters: ListFilterInput[], defs: FieldDef[]): Promise<SQL[]> {
  const out: SQL[] = [];
  for (const f of filters) {
    if (f.field.startsWith('custom.')) {
      const key = f.field.slice('custom.'.length);
      const def = defs.find((d) => d.key === key);
      if (!def) throw filterInvalid(f.field, `There is no custom field "${key}" to filter on`);
      if (!opsFor[def.type].includes(f.op)) {
        throw filterInvalid(f.field, `${f.field} (${def.type}) takes the operators ${opsFor[def.type].join(', ')}`);
      }
      out.push(customCondition(f.field, def, f.op, f.value));
      continue;
    }
    const def = standardFields[f.field];
    if (!def) throw filterInvalid(f.field, `Unknown filter field "${f.field}"`);
    if (
      !opsFor[def.kind].includes(f.op) ||
      ((f.op === 'empty' || f.op === 'not_empty') && def.kind === 'uuid' && !def.nullable)
    ) {
      throw filterInvalid(f.field, `${f.field} takes the operators ${opsFor[def.kind].join(', ')}`);
    }
    const tagIds =
      def.kind === 'tags' && (f.op === 'eq' || f.op === 'neq')
        ? await resolveTagRefs(ctx, [textValue(f.field, f.value)])
        : [];
    out.push(standardCondition(ctx, f.field, def, f.op, f.value, tagIds));
  }
  return out;
}
