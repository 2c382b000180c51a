// Updating a contact's fields: only what is sent changes, under a row lock and the If-Match check,
// with one contact.field_changed entry per request (plus owner/team entries of their own).
import type { FieldChange } from '../../db/schema/journal.ts';
import { inTransaction, type Ctx, type TxCtx } from '../../platform/context.ts';
import { diffFields, recordMany, type NewEntry } from '../../platform/journal/journal.ts';
import { loadFieldDefs, validateCustomValues, type CustomChanges } from '../custom-fields/custom-field-values.ts';
import type { ContactRow } from './contact-access.ts';
import { lastAttributionOf, normalizeKeywords } from './contact-derive.ts';
import { contactCountry } from './contact-phones.service.ts';
import { buildProfile, userNames } from './contact-profile.ts';
import {
  lockContact,
  makeAttribution,
  requireActiveUser,
  requireContactType,
  requireTeam,
  saveContact,
  type ContactInsert,
} from './contact-write.ts';
import { checkScalars } from './create-contact.ts';
import type { ContactProfileDto, UpdateContactInput } from './contacts.schemas.ts';
import { teams } from '../../db/schema/platform.ts';
import { and, eq } from 'drizzle-orm';

/** Fields copied as they are from the request to the row, and diffed for the journal. */
export const plainFields = [
  'kind',
  'firstName',
  'lastName',
  'title',
  'businessName',
  'birthday',
  'gender',
  'registrationNumber',
  'legalForm',
  'vatId',
  'contactType',
  'language',
  'timezone',
  'source',
  'publicLinks',
  'keywords',
] as const;

/**
 * A module whose data hangs on a contact's fields (relationships: links between persons and businesses need the
 * contact to stay what it is) registers a guard. It runs in the updating transaction, on the locked row, with what
 * the request would set, before anything is written; it refuses the change by throwing an AppError.
 */
export type ContactUpdateGuard = (
  tx: TxCtx,
  before: ContactRow,
  set: Readonly<Partial<ContactInsert>>,
) => Promise<void>;
const updateGuards: ContactUpdateGuard[] = [];
export function registerContactUpdateGuard(guard: ContactUpdateGuard): () => void {
  updateGuards.push(guard);
  return () => {
    const i = updateGuards.indexOf(guard);
    if (i >= 0) updateGuards.splice(i, 1);
  };
}

/** Runs every registered guard on a change about to be written (see registerContactUpdateGuard). */
export async function checkUpdateGuards(tx: TxCtx, before: ContactRow, set: Readonly<Partial<ContactInsert>>) {
  for (const guard of updateGuards) await guard(tx, before, set);
}

/** A contact's custom values after validated changes, with the journal's changes and the fields newly attached. */
export function applyCustomChanges(
  before: ContactRow,
  result: CustomChanges,
): { custom: Record<string, unknown>; changes: FieldChange[]; attach: string[] } {
  const custom = { ...before.custom, ...result.set };
  for (const key of result.clear) delete custom[key];
  const changes: FieldChange[] = [];
  for (const key of new Set([...Object.keys(result.set), ...result.clear])) {
    const old = before.custom[key] ?? null;
    const now = custom[key] ?? null;
    if (JSON.stringify(old) !== JSON.stringify(now)) changes.push({ field: `custom.${key}`, old, new: now });
  }
  return { custom, changes, attach: result.attach.filter((id) => !before.extraFieldIds.includes(id)) };
}

/** The one contact.field_changed entry of a change (named as the contact is called after it). */
export const fieldChangedEntry = (contactId: string, displayName: string, changes: FieldChange[]): NewEntry => ({
  contactId,
  kind: 'contact.field_changed',
  category: 'admin',
  data: { displayName, changes },
});

async function teamRef(ctx: Ctx, teamId: string | null) {
  if (!teamId) return null;
  const [team] = await ctx.db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, teamId)));
  return team ?? { id: teamId, name: 'Deleted team' };
}

export async function updateContact(opts: {
  ctx: Ctx;
  contactId: string;
  ifMatch?: number;
  input: UpdateContactInput;
}): Promise<ContactProfileDto> {
  return buildProfile(opts.ctx, await changeContact(opts));
}

/** The change of updateContact without the profile it answers with (a bulk writer such as an import). */
export async function changeContact({
  ctx,
  contactId,
  ifMatch,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  ifMatch?: number;
  input: UpdateContactInput;
}): Promise<ContactRow> {
  checkScalars(input);
  const defs = input.custom ? await loadFieldDefs(ctx) : [];
  const country = input.custom ? await contactCountry(ctx, contactId) : undefined;
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, contactId, ifMatch);
    const set: Partial<ContactInsert> = {};
    for (const field of plainFields) {
      if (input[field] === undefined) continue;
      (set as Record<string, unknown>)[field] = input[field];
    }
    if (input.keywords !== undefined) set.keywords = normalizeKeywords(input.keywords);
    if (set.contactType !== undefined && set.contactType !== before.contactType) {
      await requireContactType(tx, set.contactType);
    }
    if (set.kind === undefined) delete set.kind;
    await checkUpdateGuards(tx, before, set);
    const changes: FieldChange[] = diffFields(before, set as Partial<ContactRow>, plainFields);
    const entries: NewEntry[] = [];

    if (input.attribution) {
      // The first touch is stored once; a later one becomes the last (see lastAttributionOf).
      const touch = makeAttribution(input.attribution);
      if (before.firstAttribution) set.lastAttribution = touch;
      else set.firstAttribution = touch;
      changes.push({ field: 'lastAttribution', old: lastAttributionOf(before), new: touch });
    }

    if (input.ownerId !== undefined && input.ownerId !== before.ownerId) {
      const to = await requireActiveUser(tx, input.ownerId, 'ownerId');
      const from = { id: before.ownerId, name: (await userNames(tx, [before.ownerId])).get(before.ownerId) ?? '' };
      set.ownerId = to.id;
      entries.push({ contactId, kind: 'contact.owner_changed', category: 'admin', data: { from, to } });
    }

    if (input.teamId !== undefined && input.teamId !== before.teamId) {
      const to = input.teamId ? await requireTeam(tx, input.teamId) : null;
      set.teamId = input.teamId;
      entries.push({
        contactId,
        kind: 'contact.team_changed',
        category: 'admin',
        data: { from: await teamRef(tx, before.teamId), to },
      });
    }

    if (input.custom) {
      const result = await validateCustomValues(tx, {
        defs,
        input: input.custom,
        mode: 'update',
        extraFieldIds: before.extraFieldIds,
        defaultCountry: country,
      });
      const applied = applyCustomChanges(before, result);
      changes.push(...applied.changes);
      set.custom = applied.custom;
      if (applied.attach.length) set.extraFieldIds = [...before.extraFieldIds, ...applied.attach];
    }

    if (changes.length === 0 && entries.length === 0 && !set.extraFieldIds) return before;
    const after = await saveContact(tx, before, set);
    if (changes.length) entries.unshift(fieldChangedEntry(contactId, after.displayName, changes));
    await recordMany(tx, entries);
    return after;
  });
  return saved;
}
