// What every write to a contact shares: the row lock with the If-Match check, re-deriving the
// display name and search text, the version bump, and naming the holder of a taken email or phone.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { phoneFacts } from './phone-numbers.ts';
import { contactEmails, contactPhones, contacts, contactTypes, type Attribution } from '../../db/schema/contacts.ts';
import { teams, users } from '../../db/schema/platform.ts';
import type { Ctx, TxCtx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { versionFromIfMatch } from '../../platform/http/if-match.ts';
import { contactVisibility, requireContact, type ContactRow } from './contact-access.ts';
import { inParallel } from './parallel.ts';
import { buildSearchText, deriveDisplayName } from './contact-derive.ts';
import { DEFAULT_CONTACT_TYPE } from './contact-types.defaults.ts';
import { recordset, recordsetColumn } from '../../db/recordset.ts';
import { isUniqueViolation, pgError } from '../../db/client.ts';

export type ContactInsert = typeof contacts.$inferInsert;

/** `If-Match: 7`, `"7"` or `W/"7"`; `*` or no header means "whatever the current version is". */
export const parseIfMatch = (header: string | string[] | undefined) => versionFromIfMatch(header, 'contact');

export const versionConflict = (current: number) =>
  new AppError(
    'version_conflict',
    409,
    `The contact was changed meanwhile (now version ${current}); reload it and apply your change again`,
    { version: current },
  );

/** Locks the contact row for the rest of the transaction; refuses archived contacts and stale versions. */
export async function lockContact(tx: TxCtx, contactId: string, ifMatch?: number): Promise<ContactRow> {
  const row = await requireContact(tx, contactId, { writable: true, lock: true });
  if (ifMatch !== undefined && row.version !== ifMatch) throw versionConflict(row.version);
  return row;
}

export const nameRequired = (kind: 'person' | 'business') =>
  new AppError(
    'name_required',
    422,
    kind === 'business'
      ? 'A business needs a business name'
      : 'A person needs a first or last name, or at least an email address',
    { kind },
  );

async function channelValues(tx: Ctx, contactId: string) {
  const [emails, phones] = await inParallel(tx, [
    () =>
      tx.db
        .select({ email: contactEmails.email })
        .from(contactEmails)
        .where(and(eq(contactEmails.workspaceId, tx.workspaceId), eq(contactEmails.contactId, contactId)))
        .orderBy(desc(contactEmails.isPrimary), asc(contactEmails.position), asc(contactEmails.createdAt)),
    () =>
      tx.db
        .select({ e164: contactPhones.e164 })
        .from(contactPhones)
        .where(and(eq(contactPhones.workspaceId, tx.workspaceId), eq(contactPhones.contactId, contactId))),
  ] as const);
  return { emails: emails.map((e) => e.email), phones: phones.map((p) => p.e164) };
}

/** Refuses a contact left without any name: a business without its name, a person without names or an email. */
export function requireName(
  contact: Pick<ContactRow, 'kind' | 'firstName' | 'lastName' | 'businessName'>,
  emails: string[],
) {
  if (contact.kind === 'business' ? !contact.businessName : !contact.firstName && !contact.lastName && !emails.length) {
    throw nameRequired(contact.kind);
  }
}

/** The fields derived from a contact's names and channels; refuses a contact left without any name. */
function derivedFields(merged: ContactRow, emails: string[], phones: string[]) {
  requireName(merged, emails);
  return { displayName: deriveDisplayName(merged, emails), searchText: buildSearchText(merged, emails, phones) };
}

/**
 * Writes `set` to a locked contact, re-derives displayName and searchText from the result and its
 * current emails and phones, and bumps version and updatedAt. Every change to a contact ends here
 * (or, for many at once, in saveContacts).
 */
export async function saveContact(
  tx: TxCtx,
  before: ContactRow,
  set: Partial<ContactInsert> = {},
): Promise<ContactRow> {
  const merged = { ...before, ...set } as ContactRow;
  const { emails, phones } = await channelValues(tx, before.id);
  const [row] = await tx.db
    .update(contacts)
    .set({
      ...set,
      ...derivedFields(merged, emails, phones),
      version: sql`${contacts.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(contacts.workspaceId, tx.workspaceId), eq(contacts.id, before.id)))
    .returning();
  return row!;
}

/** A locked contact as a bulk writer has changed it, with its emails (in profile order) and phones after the change. */
export interface ContactSave {
  after: ContactRow;
  emails: string[];
  phones: string[];
}

/**
 * saveContact for many locked contacts in one statement (an import's matched rows): each one's `columns` written
 * from `after`, the derived fields from `after` and the channels given, version and updatedAt bumped. Throws
 * name_required before writing anything when a contact would be left without a name.
 */
export async function saveContacts(
  tx: TxCtx,
  columns: readonly (keyof ContactInsert & string)[],
  items: readonly ContactSave[],
): Promise<ContactRow[]> {
  if (items.length === 0) return [];
  const props = ['id', ...columns, 'displayName', 'searchText'] as const;
  const rows = items.map((i) => ({ ...i.after, ...derivedFields(i.after, i.emails, i.phones) }));
  const column = (p: (typeof props)[number]) => recordsetColumn(contacts, 'v', p);
  return tx.db
    .update(contacts)
    .set({
      ...Object.fromEntries(props.slice(1).map((p) => [p, column(p)])),
      version: sql`${contacts.version} + 1`,
      updatedAt: sql`now()`,
    })
    .from(recordset(contacts, 'v', props, rows))
    .where(and(eq(contacts.workspaceId, tx.workspaceId), eq(contacts.id, column('id'))))
    .returning();
}

// ── Uniqueness of emails and phones ──────────────────────────────────────────────────────────

interface Holder {
  id: string;
  displayName: string;
  archived: boolean;
  /** Whether the caller may see the holder; only then is it named. */
  visible: boolean;
}

async function holderOf(ctx: Ctx, what: 'email' | 'phone', value: string): Promise<Holder | null> {
  const table = what === 'email' ? contactEmails : contactPhones;
  const column = what === 'email' ? contactEmails.email : contactPhones.e164;
  const [row] = await ctx.db
    .select({
      id: contacts.id,
      displayName: contacts.displayName,
      archivedAt: contacts.archivedAt,
      visible: sql<boolean>`(${contactVisibility(ctx)})`,
    })
    .from(table)
    .innerJoin(contacts, and(eq(contacts.workspaceId, table.workspaceId), eq(contacts.id, table.contactId)))
    .where(and(eq(table.workspaceId, ctx.workspaceId), eq(column, value)))
    .limit(1);
  return row
    ? { id: row.id, displayName: row.displayName, archived: Boolean(row.archivedAt), visible: row.visible }
    : null;
}

/** The taken error; it names the holder (and its id) only to a caller who may see that contact. */
function takenError(what: 'email' | 'phone', value: string, holder: Holder | null): AppError {
  const shown = what === 'email' ? value : phoneFacts(value).international;
  const label = what === 'email' ? 'email' : 'phone number';
  const code = what === 'email' ? 'email_taken' : 'phone_taken';
  const extra = { [what === 'email' ? 'email' : 'phone']: shown };
  if (!holder?.visible) return new AppError(code, 409, `This ${label} is already used by another contact`, extra);
  const { visible: _visible, ...contact } = holder;
  return new AppError(
    code,
    409,
    `This ${label} is already used by "${holder.displayName}"${holder.archived ? ' (archived)' : ''}`,
    { ...extra, contact },
  );
}

/** Refuses emails and phones that another (or this) contact already holds, naming the holder. */
export async function assertChannelsFree(ctx: Ctx, emails: string[], phones: string[]): Promise<void> {
  for (const email of emails) {
    const holder = await holderOf(ctx, 'email', email);
    if (holder) throw takenError('email', email, holder);
  }
  for (const e164 of phones) {
    const holder = await holderOf(ctx, 'phone', e164);
    if (holder) throw takenError('phone', e164, holder);
  }
}

/**
 * Runs a write; when a concurrent request took the same email or phone first, the unique index
 * refuses ours and the answer names the contact that holds it.
 */
export async function withUniqueChannels<T>(ctx: Ctx, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const e = pgError(err);
    const what =
      e.constraint === 'contact_emails_email_key'
        ? 'email'
        : e.constraint === 'contact_phones_e164_key'
          ? 'phone'
          : null;
    if (!what) throw err;
    const value = /\)=\([^,]+,\s*(.+)\) already exists/.exec(e.detail ?? '')?.[1];
    if (!value) {
      throw new AppError(what === 'email' ? 'email_taken' : 'phone_taken', 409, `This ${what} is already in use`);
    }
    throw takenError(what, value, await holderOf(ctx, what, value));
  }
}

// ── References ───────────────────────────────────────────────────────────────────────────────

export const invalidReference = (field: string, detail: string) =>
  new AppError('invalid_reference', 422, detail, { field });

/** An active user of this workspace (owners, followers). */
export async function requireActiveUser(
  ctx: Ctx,
  userId: string,
  field: string,
): Promise<{ id: string; name: string }> {
  const [user] = await ctx.db
    .select({ id: users.id, name: users.name, status: users.status })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)));
  if (!user || user.status !== 'active') throw invalidReference(field, `No active user with the id ${userId}`);
  return { id: user.id, name: user.name };
}

export async function requireTeam(ctx: Ctx, teamId: string): Promise<{ id: string; name: string }> {
  const [team] = await ctx.db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, teamId)));
  if (!team) throw invalidReference('teamId', `No team with the id ${teamId}`);
  return team;
}

export async function requireContactType(ctx: Ctx, key: string): Promise<string> {
  const [type] = await ctx.db
    .select({ key: contactTypes.key })
    .from(contactTypes)
    .where(and(eq(contactTypes.workspaceId, ctx.workspaceId), eq(contactTypes.key, key)));
  if (!type) throw invalidReference('contactType', `No contact type with the key "${key}"`);
  return type.key;
}

/** "lead" when the workspace has it, else the first type of the list. */
export async function defaultContactType(ctx: Ctx): Promise<string> {
  const rows = await ctx.db
    .select({ key: contactTypes.key })
    .from(contactTypes)
    .where(eq(contactTypes.workspaceId, ctx.workspaceId))
    .orderBy(asc(contactTypes.position), asc(contactTypes.key));
  const found = rows.find((r) => r.key === DEFAULT_CONTACT_TYPE) ?? rows[0];
  if (!found) throw invalidReference('contactType', 'The workspace has no contact types; create one first');
  return found.key;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
export function isLanguage(code: string): boolean {
  return /^[a-z]{2}$/.test(code) && languageNames.of(code) !== undefined;
}

export function makeAttribution(input: Partial<Omit<Attribution, 'at'>>, at: Date = new Date()): Attribution {
  const clean = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null));
  return { source: null, ...clean, at: at.toISOString() } as Attribution;
}
