// One row of a file as the contact it becomes, with every problem named by its cell. The values go through the
// contact record's own rules — the email schema, parsePhone (libphonenumber), the custom fields'
// normalizeFieldValue, CreateContactBody — so an import accepts exactly what the API would.
import type { ImportColumnMapping } from '../../db/schema/imports.ts';
import { AppError } from '../../platform/errors.ts';
import { Email } from '../../platform/http/schemas.ts';
import type { FieldDef } from '../custom-fields/custom-field-values.ts';
import { normalizeFieldValue } from '../custom-fields/custom-field-values.ts';
import { parsePhone } from '../contacts/contact-phones.service.ts';
import { CreateContactBody, type CreateContactInput } from '../contacts/contacts.schemas.ts';

export interface CellProblem {
  /** The column (0-based), or null for the row as a whole. */
  column: number | null;
  code:
    | 'email_invalid'
    | 'phone_invalid'
    | 'date_invalid'
    | 'owner_unknown'
    | 'field_invalid'
    | 'name_required'
    | 'value_invalid'
    | 'email_taken'
    | 'phone_taken'
    | 'duplicate_in_file'
    | 'no_match'
    | 'exists';
  message: string;
}

export interface RowContext {
  mapping: ImportColumnMapping[];
  defs: Map<string, FieldDef>;
  /** Users by lower-cased email and name, for an owner column. */
  users: Map<string, string>;
  defaultCountry: string | null;
}

export interface ConvertedRow {
  input: CreateContactInput | null;
  /** The contact as far as it could be read, also when problems keep the row out (for the preview). */
  draft: CreateContactInput | null;
  /** The owner named by the row's owner column, if any. */
  ownerId: string | null;
  problems: CellProblem[];
  /** The normalised emails and E.164 phones, in order, for matching. */
  emails: string[];
  phones: string[];
}

const emailTypes: Record<string, 'work' | 'personal' | 'other'> = {
  email: 'work',
  'email.personal': 'personal',
  'email.other': 'other',
};
const phoneTypes: Record<string, 'mobile' | 'office' | 'home' | 'fax' | 'other'> = {
  phone: 'mobile',
  'phone.mobile': 'mobile',
  'phone.office': 'office',
  'phone.home': 'home',
  'phone.fax': 'fax',
  'phone.other': 'other',
};

/** A cell holding several values ("a@x.de ::: b@x.de", "a@x.de, b@x.de", one per line). */
const splitMulti = (v: string) =>
  v
    .split(/\s*(?::::|[,;\n])\s*/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * A date as written in exports: 2024-03-31, 31.03.2024 (German), 03/31/2024 or 31/03/2024 (the day first when the
 * first number is over 12), an ISO date-time; null when it is none of them or not a real day.
 */
export function parseDate(raw: string): string | null {
  const v = raw.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(v);
  if (match) [y, m, d] = [+match[1]!, +match[2]!, +match[3]!];
  else if ((match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v))) [d, m, y] = [+match[1]!, +match[2]!, +match[3]!];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v))) {
    const a = +match[1]!;
    const b = +match[2]!;
    [m, d] = a > 12 ? [b, a] : [a, b];
    y = +match[3]!;
  } else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(v))) [y, m, d] = [+match[1]!, +match[2]!, +match[3]!];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1800) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A CSV cell as the value a custom field of that type takes. */
function customCell(def: FieldDef, raw: string): unknown {
  switch (def.type) {
    case 'checkbox': {
      const v = raw.trim().toLowerCase();
      if (['true', 'yes', 'y', '1', 'x', 'ja', 'wahr'].includes(v)) return true;
      if (['false', 'no', 'n', '0', 'nein', 'falsch'].includes(v)) return false;
      return raw;
    }
    case 'number':
    case 'currency': {
      const v = raw.trim().replace(/\s/g, '');
      // "1.234,5" (German) and "1,234.5" (English) both read as 1234.5.
      const normalized = /,\d{1,2}$/.test(v) ? v.replace(/\./g, '').replace(',', '.') : v.replace(/,/g, '');
      const n = Number(normalized);
      return Number.isFinite(n) && normalized !== '' ? n : raw;
    }
    case 'date':
      return parseDate(raw) ?? raw;
    case 'multi_select':
      return splitMulti(raw);
    default:
      return raw;
  }
}

function splitFullName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length === 1) return { firstName: parts[0]!, lastName: '' };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1]! };
}

const countryCode = (v: string | undefined) => (v && /^[A-Za-z]{2}$/.test(v.trim()) ? v.trim().toUpperCase() : null);

/** Converts one row; `input` is null when a problem makes the row unimportable. */
export function convertRow(cells: string[], rc: RowContext): ConvertedRow {
  const problems: CellProblem[] = [];
  const emails: { email: string; type: 'work' | 'personal' | 'other' }[] = [];
  const phones: { number: string; type: 'mobile' | 'office' | 'home' | 'fax' | 'other'; e164: string }[] = [];
  const custom: Record<string, unknown> = {};
  const tags: string[] = [];
  const keywords: string[] = [];
  const single: Record<string, { value: string; column: number }> = {};
  let ownerId: string | null = null;

  for (const m of rc.mapping) {
    if (!m.target) continue;
    // A leading quote before = + - @ is how CSV exports (ours too) keep spreadsheets from running a cell as a formula.
    const raw = (cells[m.column] ?? '').trim().replace(/^'(?=[=+\-@])/, '');
    if (!raw) continue;
    const t = m.target;
    if (t in emailTypes) {
      for (const value of splitMulti(raw)) {
        const parsed = Email.safeParse(value);
        if (!parsed.success) {
          problems.push({
            column: m.column,
            code: 'email_invalid',
            message: `"${value}" is not a valid email address`,
          });
        } else if (!emails.some((e) => e.email === parsed.data))
          emails.push({ email: parsed.data, type: emailTypes[t]! });
      }
    } else if (t in phoneTypes) {
      // A cell may hold several numbers ("+49 30 1 ::: +49 30 2"); a lone number keeps its own commas and spaces.
      for (const value of raw.includes(':::') || raw.includes('\n') ? splitMulti(raw) : [raw]) {
        const country = rc.defaultCountry ?? countryCode(rowValue(cells, rc, 'country')) ?? undefined;
        try {
          const { e164 } = parsePhone(value, country);
          if (!phones.some((p) => p.e164 === e164)) phones.push({ number: value, type: phoneTypes[t]!, e164 });
        } catch (err) {
          const assumed = !/^\s*(\+|00)/.test(value) && country ? ` (country assumed: ${country})` : '';
          problems.push({
            column: m.column,
            code: 'phone_invalid',
            message:
              err instanceof AppError
                ? `${err.detail}${assumed && !err.detail.includes(country!) ? assumed : ''}`
                : `"${value}" is not a valid phone number`,
          });
        }
      }
    } else if (t === 'birthday') {
      const date = parseDate(raw);
      if (!date)
        problems.push({
          column: m.column,
          code: 'date_invalid',
          message: `"${raw}" is not a date (use 2024-03-31 or 31.03.2024)`,
        });
      else single.birthday = { value: date, column: m.column };
    } else if (t === 'owner') {
      const id = rc.users.get(raw.toLowerCase());
      if (!id)
        problems.push({
          column: m.column,
          code: 'owner_unknown',
          message: `No active user is called or has the email "${raw}"`,
        });
      else ownerId = id;
    } else if (t === 'tags') {
      for (const tag of raw.split(/\s*(?::::|[,;\n])\s*/)) {
        // Google's system group ("* myContacts") is no tag of the user's.
        const name = tag.replace(/^\*\s*/, '').trim();
        if (name && name.toLowerCase() !== 'mycontacts' && !tags.includes(name)) tags.push(name.slice(0, 60));
      }
    } else if (t === 'keywords') {
      keywords.push(...splitMulti(raw));
    } else if (t.startsWith('custom.')) {
      const def = rc.defs.get(t.slice(7));
      if (!def) continue;
      try {
        custom[def.key] = normalizeFieldValue(def, customCell(def, raw), rc.defaultCountry ?? undefined);
      } catch (err) {
        problems.push({
          column: m.column,
          code: 'field_invalid',
          message: err instanceof AppError ? err.detail : `"${raw}" is not a valid ${def.label}`,
        });
      }
    } else single[t] = { value: raw, column: m.column };
  }

  const names = single.fullName && !single.firstName && !single.lastName ? splitFullName(single.fullName.value) : null;
  const location =
    single.street || single.city || single.postalCode || single.address || single.region || single.country
      ? {
          label: 'Address',
          address:
            single.address?.value.replace(/\s*\n\s*/g, ', ') ??
            [
              single.street?.value,
              [single.postalCode?.value, single.city?.value].filter(Boolean).join(' '),
              single.region?.value,
              single.country?.value,
            ]
              .filter(Boolean)
              .join(', '),
          street: single.street?.value ?? null,
          city: single.city?.value ?? null,
          region: single.region?.value ?? null,
          postalCode: single.postalCode?.value ?? null,
          country: single.country?.value ?? null,
        }
      : null;
  const website = single.website?.value;
  const candidate: Record<string, unknown> = {
    kind: !single.firstName && !single.lastName && !names && single.businessName ? 'business' : 'person',
    firstName: single.firstName?.value ?? names?.firstName ?? undefined,
    lastName: single.lastName?.value ?? (names?.lastName || undefined),
    businessName: single.businessName?.value,
    title: single.title?.value,
    birthday: single.birthday?.value,
    gender: single.gender?.value,
    language: single.language?.value,
    timezone: single.timezone?.value,
    source: single.source?.value,
    vatId: single.vatId?.value,
    registrationNumber: single.registrationNumber?.value,
    publicLinks: website
      ? [{ label: 'Website', url: /^https?:\/\//i.test(website) ? website : `https://${website}` }]
      : undefined,
    keywords: keywords.length ? keywords : undefined,
    tags: tags.length ? tags : undefined,
    emails: emails.length ? emails.map((e) => ({ email: e.email, type: e.type })) : undefined,
    phones: phones.length ? phones.map((p) => ({ number: p.e164, type: p.type })) : undefined,
    locations: location ? [location] : undefined,
    custom: Object.keys(custom).length ? custom : undefined,
  };
  const parsed = CreateContactBody.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      const target =
        field === 'locations' ? String(issue.path[2] ?? 'street') : field === 'publicLinks' ? 'website' : field;
      const column = rc.mapping.find((m) => m.target === target)?.column ?? null;
      problems.push({ column, code: 'value_invalid', message: issue.message });
    }
  }
  const input = parsed.success ? parsed.data : null;
  if (input) {
    if (input.language && !/^[a-z]{2}$/.test(input.language)) {
      problems.push({
        column: single.language!.column,
        code: 'value_invalid',
        message: `"${input.language}" is not a language code like de`,
      });
    }
    if (!input.firstName && !input.lastName && !input.businessName && !emails.length && !problems.length) {
      problems.push({
        column: null,
        code: 'name_required',
        message: 'The row has no name, business name or email address',
      });
    }
  }
  return {
    input: problems.length ? null : input,
    draft: input,
    ownerId,
    problems,
    emails: emails.map((e) => e.email),
    phones: phones.map((p) => p.e164),
  };
}

function rowValue(cells: string[], rc: RowContext, target: string): string | undefined {
  const m = rc.mapping.find((x) => x.target === target);
  return m ? cells[m.column] : undefined;
}
