// The right to erasure (GDPR art. 17): an admin removes one contact's personal data from everywhere
// Dossier keeps it, in one transaction, and leaves a tombstone (who erased which contact id, when, why).
//
// Deleted: the contact row and everything under it (emails, phones, locations, followers, notes, tasks,
// appointments, messages and the inbox row, opportunities, relations, links, group and market
// memberships — the ON DELETE CASCADE of permanent delete), the stored files of its picture, notes and
// messages, its notifications, and unmatched inbound messages sent from or to its addresses.
// Anonymised in place (the record is someone else's, or must stay): the journal — its own entries keep
// kind, time, actor and ids but lose their payload; other entries lose only the strings that carry
// its values — import outcome rows (raw cells and undo values dropped) and the imported files (its rows'
// cells replaced, scrub-import-files.ts), other contacts' messages
// (its addresses dropped from the recipients), and the reason typed for the erasure itself.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { noteAttachments, notes } from '../../db/schema/activity.ts';
import { textArray, uuidArray } from '../../db/schema/columns.ts';
import { contactEmails, contactLocations, contactPhones, contacts, searchWords } from '../../db/schema/contacts.ts';
import { messageAttachments, messages } from '../../db/schema/messages.ts';
import { erasureRequests, type ErasureSummary } from '../../db/schema/privacy.ts';
import { inTransaction, requireAdmin, type Ctx, type TxCtx } from '../../platform/context.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { record } from '../../platform/journal/journal.ts';
import { contactDeleteBlock } from '../contacts/archive-contact.ts';
import { requireContact, type ContactRow } from '../contacts/contact-access.ts';
import { likePattern } from '../contacts/contact-filters.ts';
import { removeStoredFile } from '../contacts/contact-picture.service.ts';
import { phoneFacts } from '../contacts/phone-numbers.ts';
import { forgetTextSamples } from '../contacts/text-sample.ts';
import { listErasureRequest } from './erasure-requests.ts';
import { contactFieldFiles, fieldFileInUse } from './field-files.ts';
import type { CreateErasureInput, ErasureRequestDto } from './privacy.schemas.ts';
import { scrubImportFiles, type RewrittenFiles } from './scrub-import-files.ts';
import { discardWorkspaceExports } from '../exports/exports.service.ts';

/** What replaces an erased value wherever the surrounding record stays. */
export const ERASED = '[erased]';

/** Values shorter than this are not searched for in other records: they would match unrelated text. */
const MIN_NEEDLE = 4;

const normalize = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** The contact's identifying values, lower-cased: what must not survive anywhere after the erasure. */
async function personalValues(tx: TxCtx, contact: ContactRow): Promise<string[]> {
  const ws = tx.workspaceId;
  // One connection inside the transaction: the reads go one after the other.
  const emails = await tx.db
    .select({ email: contactEmails.email })
    .from(contactEmails)
    .where(and(eq(contactEmails.workspaceId, ws), eq(contactEmails.contactId, contact.id)));
  const phones = await tx.db
    .select({ e164: contactPhones.e164 })
    .from(contactPhones)
    .where(and(eq(contactPhones.workspaceId, ws), eq(contactPhones.contactId, contact.id)));
  const locations = await tx.db
    .select({ address: contactLocations.address, street: contactLocations.street })
    .from(contactLocations)
    .where(and(eq(contactLocations.workspaceId, ws), eq(contactLocations.contactId, contact.id)));
  const values = [
    contact.displayName,
    [contact.firstName, contact.lastName].filter(Boolean).join(' '),
    contact.kind === 'business' ? contact.businessName : null,
    contact.vatId,
    contact.registrationNumber,
    ...emails.map((e) => e.email),
    ...phones.flatMap((p) => {
      const f = phoneFacts(p.e164);
      return [p.e164, f.national, f.international, f.national.replace(/\D/g, '')];
    }),
    ...locations.flatMap((l) => [l.address, l.street]),
  ];
  const out = new Set<string>();
  for (const v of values) if (v && normalize(v).length >= MIN_NEEDLE) out.add(normalize(v));
  // Longest first, so a name inside an address is replaced as part of the address.
  return [...out].sort((a, b) => b.length - a.length);
}

function scrubText(text: string, needles: string[]): string {
  let out = text;
  for (const n of needles) {
    const escaped = n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
    out = out.replace(new RegExp(escaped, 'giu'), ERASED);
  }
  return out;
}

/**
 * Redacts another record's journal payload: every string carrying one of the values becomes ERASED,
 * and an object naming the contact by id ({ id, displayName } references) loses its other strings.
 */
function redact(value: unknown, needles: string[], contactId: string): unknown {
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    return needles.some((n) => lower.includes(n)) ? ERASED : value;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, needles, contactId));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const aboutContact = o.id === contactId || o.contactId === contactId;
    return Object.fromEntries(
      Object.entries(o).map(([k, v]) => [
        k,
        aboutContact && typeof v === 'string' && v !== contactId && !/id$/i.test(k)
          ? ERASED
          : redact(v, needles, contactId),
      ]),
    );
  }
  return value;
}

interface JournalHit {
  id: string;
  contact_id: string | null;
  actor_id: string | null;
  actor_label: string;
  data: Record<string, unknown>;
}

/** Redacts the journal, through the one door its trigger opens (migration 0017). */
async function redactJournal(tx: TxCtx, requestId: string, contactId: string, needles: string[]): Promise<number> {
  const patterns = textArray(needles.map(likePattern));
  const { rows } = await tx.db.execute<JournalHit & Record<string, unknown>>(sql`
    select id, contact_id, actor_id, actor_label, data from journal_entries
    where workspace_id = ${tx.workspaceId}
      and (contact_id = ${contactId} or actor_id = ${contactId} or subject_id = ${contactId}
        or data::text like ${likePattern(contactId)}
        or lower(data::text) like any(${patterns}) or lower(actor_label) like any(${patterns}))`);
  const changed: { id: string; data: string; label: string }[] = [];
  for (const row of rows) {
    const own = row.contact_id === contactId;
    const data = own ? { erased: true, erasureRequestId: requestId } : redact(row.data, needles, contactId);
    const lower = row.actor_label.toLowerCase();
    const label = row.actor_id === contactId || needles.some((n) => lower.includes(n)) ? ERASED : row.actor_label;
    if (JSON.stringify(data) !== JSON.stringify(row.data) || label !== row.actor_label) {
      changed.push({ id: row.id, data: JSON.stringify(data), label });
    }
  }
  await tx.db.execute(sql`select set_config('dossier.erasure', ${requestId}, true)`);
  for (let i = 0; i < changed.length; i += 1000) {
    const batch = changed.slice(i, i + 1000);
    await tx.db.execute(sql`
      update journal_entries j set data = v.data, actor_label = v.label
      from unnest(${sql.param(batch.map((c) => c.id))}::uuid[], ${sql.param(batch.map((c) => c.data))}::jsonb[],
                  ${textArray(batch.map((c) => c.label))}) as v(id, data, label)
      where j.workspace_id = ${tx.workspaceId} and j.id = v.id`);
  }
  // The door closes again for the rest of the transaction.
  await tx.db.execute(sql`select set_config('dossier.erasure', '', true)`);
  return changed.length;
}

/** Attachments and the picture of the contact and of the messages about to go, by file id. */
async function filesToRemove(tx: TxCtx, contact: ContactRow, extraMessageIds: string[]): Promise<string[]> {
  const ws = tx.workspaceId;
  const noteFiles = await tx.db
    .select({ fileId: noteAttachments.fileId })
    .from(noteAttachments)
    .innerJoin(notes, and(eq(notes.workspaceId, noteAttachments.workspaceId), eq(notes.id, noteAttachments.noteId)))
    .where(and(eq(noteAttachments.workspaceId, ws), eq(notes.contactId, contact.id)));
  const messageFiles = await tx.db
    .select({ fileId: messageAttachments.fileId })
    .from(messageAttachments)
    .innerJoin(
      messages,
      and(eq(messages.workspaceId, messageAttachments.workspaceId), eq(messages.id, messageAttachments.messageId)),
    )
    .where(
      and(
        eq(messageAttachments.workspaceId, ws),
        extraMessageIds.length
          ? sql`(${messages.contactId} = ${contact.id} or ${inArray(messages.id, extraMessageIds)})`
          : eq(messages.contactId, contact.id),
      ),
    );
  const ids = new Set([...noteFiles, ...messageFiles].map((r) => r.fileId));
  if (contact.pictureFileId) ids.add(contact.pictureFileId);
  return [...ids];
}

export async function eraseContact({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateErasureInput;
}): Promise<ErasureRequestDto> {
  requireAdmin(ctx);
  const requestedBy = ctx.principal.actsFor ?? ctx.principal.userId;
  if (!requestedBy) throw forbidden('An erasure is requested by a person: sign in or use your own API key');
  const storageKeys: string[] = [];
  const rewritten: RewrittenFiles = { written: [], replaced: [] };
  const requestId = await inTransaction(ctx, async (tx) => {
    const ws = tx.workspaceId;
    const contact = await requireContact(tx, input.contactId, { lock: true });
    if (normalize(input.confirm) !== normalize(contact.displayName)) {
      throw new AppError(
        'confirmation_required',
        400,
        'Erasure cannot be undone: type the contact’s name exactly as shown in confirm to go ahead',
      );
    }
    if (contact.mergedIntoId) {
      throw new AppError(
        'contact_merged',
        409,
        `${contact.displayName} was merged into another contact, which holds its details now: erase that one`,
        { mergedIntoId: contact.mergedIntoId },
      );
    }
    const blocked = await contactDeleteBlock(tx, contact);
    if (blocked) throw new AppError('delete_blocked', 409, blocked, { reason: blocked });

    // Contacts merged into this one are the same person: they go with it (their merge records by cascade).
    const mergedAway = contact.mergedIds.length
      ? await tx.db
          .select()
          .from(contacts)
          .where(and(eq(contacts.workspaceId, ws), inArray(contacts.id, contact.mergedIds)))
          .for('update')
      : [];
    const values = new Set(await personalValues(tx, contact));
    for (const m of mergedAway) for (const v of await personalValues(tx, m)) values.add(v);
    // Longest first, as personalValues orders them.
    const needles = [...values].sort((a, b) => b.length - a.length);
    const patterns = textArray(needles.map(likePattern));
    const id = newId();
    await tx.db.insert(erasureRequests).values({
      workspaceId: ws,
      id,
      contactId: contact.id,
      requestedBy,
      reason: scrubText(input.reason, needles),
    });

    let journal = await redactJournal(tx, id, contact.id, needles);
    for (const m of mergedAway) journal += await redactJournal(tx, id, m.id, needles);

    const removedNotifications = await tx.db.execute(sql`
      delete from notifications
      where workspace_id = ${ws}
        and (contact_id = ${contact.id} or link like ${likePattern(contact.id)}
          or lower(title) like any(${patterns}) or lower(body) like any(${patterns}))`);

    const importRows = await tx.db.execute<{ import_id: string; row_number: number }>(sql`
      update import_rows
      set cells = null, revert = null, contact_id = null,
          reason = case when reason is null then null else ${ERASED} end
      where workspace_id = ${ws}
        and (contact_id = ${contact.id} or lower(cells::text) like any(${patterns})
          or lower(revert::text) like any(${patterns}) or lower(reason) like any(${patterns}))
      returning import_id, row_number`);
    const rowsByImport = new Map<string, Set<number>>();
    for (const r of importRows.rows) {
      rowsByImport.set(r.import_id, (rowsByImport.get(r.import_id) ?? new Set()).add(r.row_number));
    }
    const importFiles = await scrubImportFiles(tx, rowsByImport, ERASED, rewritten);

    // Unmatched inbound messages from or to the contact's addresses belong to nobody else: they go.
    const addressed = sql`(lower(coalesce(from_address, '')) like any(${patterns})
      or lower(array_to_string(to_addresses, ' ')) like any(${patterns})
      or lower(array_to_string(cc_addresses, ' ')) like any(${patterns}))`;
    const { rows: unmatched } = await tx.db.execute<{ id: string }>(sql`
      select id from messages where workspace_id = ${ws} and contact_id is null and ${addressed}`);
    const unmatchedIds = unmatched.map((m) => m.id);
    const fieldFiles = await contactFieldFiles(tx, contact);
    const fileIds = await filesToRemove(tx, contact, unmatchedIds);
    if (unmatchedIds.length) {
      await tx.db.delete(messages).where(and(eq(messages.workspaceId, ws), inArray(messages.id, unmatchedIds)));
    }
    // Another contact's message that also went to this one keeps its text, without this one's address.
    const strippedMessages = await tx.db.execute(sql`
      update messages set
        from_address = case when lower(coalesce(from_address, '')) like any(${patterns}) then ${ERASED} else from_address end,
        to_addresses = array(select a from unnest(to_addresses) a where not (lower(a) like any(${patterns}))),
        cc_addresses = array(select a from unnest(cc_addresses) a where not (lower(a) like any(${patterns})))
      where workspace_id = ${ws} and contact_id is not null and contact_id <> ${contact.id} and ${addressed}`);

    // A finished or failed job keeps its output (an error can quote an address or a name): blanked.
    for (const table of ['pgboss.job', 'pgboss.archive']) {
      const { rows: exists } = await tx.db.execute<{ ok: boolean }>(sql`select to_regclass(${table}) is not null ok`);
      if (!exists[0]?.ok) continue;
      await tx.db.execute(sql`
        update ${sql.raw(table)} set output = ${JSON.stringify({ erased: true })}::jsonb
        where output is not null
          and (output::text like ${likePattern(contact.id)} or lower(output::text) like any(${patterns}))`);
    }

    // The contact and everything under it (ON DELETE CASCADE), then the files nothing else refers to.
    const erased = [contact.id, ...mergedAway.map((m) => m.id)];
    const { rows: words } = await tx.db.execute<{ word: string }>(sql`
      select distinct w.word from ${contacts} c, dossier_search_words(c.search_text) as w(word)
      where c.workspace_id = ${ws} and c.id = any(${uuidArray(erased)})`);
    await tx.db.delete(contacts).where(and(eq(contacts.workspaceId, ws), inArray(contacts.id, erased)));
    // Its words leave the vocabulary typos are corrected against (search_words), unless another contact holds them.
    if (words.length) {
      await tx.db.execute(sql`
        delete from ${searchWords} s
        where s.workspace_id = ${ws} and s.word = any(${textArray(words.map((w) => w.word))})
          and not exists (select 1 from ${contacts} c where c.workspace_id = ${ws} and c.search_text like '%' || s.word || '%')`);
    }
    for (const f of fieldFiles) if (!(await fieldFileInUse(tx, f))) fileIds.push(f.fileId);
    if (fileIds.length) {
      const removed = await tx.db.execute<{ storage_key: string }>(sql`
        delete from files f
        where f.workspace_id = ${ws} and f.id = any(${sql.param(fileIds)}::uuid[])
          and not exists (select 1 from note_attachments a where a.workspace_id = f.workspace_id and a.file_id = f.id)
          and not exists (select 1 from message_attachments a where a.workspace_id = f.workspace_id and a.file_id = f.id)
          and not exists (select 1 from contacts c where c.workspace_id = f.workspace_id and c.picture_file_id = f.id)
        returning f.storage_key`);
      storageKeys.push(...removed.rows.map((r) => r.storage_key));
    }

    // Prepared list exports may hold the contact: finished ones lose their file, running ones stop.
    const exportKeys = await discardWorkspaceExports(tx, 'Removed when a contact was erased');
    storageKeys.push(...exportKeys);

    const summary: ErasureSummary = {
      journalEntries: journal,
      notifications: removedNotifications.rowCount ?? 0,
      importRows: importRows.rowCount ?? 0,
      importFiles,
      messages: unmatchedIds.length + (strippedMessages.rowCount ?? 0),
      files: storageKeys.length - exportKeys.length,
      exports: exportKeys.length,
    };
    await tx.db
      .update(erasureRequests)
      .set({ summary })
      .where(and(eq(erasureRequests.workspaceId, ws), eq(erasureRequests.id, id)));
    // The tombstone: who erased which contact (by id), when, and why — and nothing of the contact.
    await record(tx, {
      contactId: contact.id,
      kind: 'contact.erased',
      category: 'admin',
      subject: { type: 'erasure_request', id },
      data: { erasureRequestId: id, reason: scrubText(input.reason, needles), summary },
    });
    return id;
  }).catch(async (err: unknown) => {
    // Nothing was committed: the import files written for it are not referred to by anything.
    for (const key of rewritten.written) await removeStoredFile(ctx, key);
    throw err;
  });
  // Bytes go once the rows are gone for good; a file left behind by a crash here has no row to find it.
  for (const key of [...storageKeys, ...rewritten.replaced]) await removeStoredFile(ctx, key);
  // This server's sample of the workspace's search texts held the contact's: taken again at the next search.
  forgetTextSamples(ctx.workspaceId);
  return listErasureRequest(ctx, requestId);
}
